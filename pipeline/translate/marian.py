"""MarianMT (Helsinki-NLP/opus-mt-*) through transformers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.models.hub import load_seq2seq
from pipeline.translate.sentences import SentenceTranslator, degenerate

if TYPE_CHECKING:
    import torch


class MarianTranslator(SentenceTranslator):
    name = "marian"

    _loaded: tuple[Any, torch.nn.Module] | None = None

    @property
    def fingerprint(self) -> str:
        # the setting, not what `auto` becomes: telling that would import torch, and the disk
        # cache lives on one machine, where `auto` always becomes the same dtype
        return f"{super().fingerprint}:{self.settings.dtype}"

    def _tokenizer(self) -> Any:
        return self._load()[0]

    def _generate(self, pieces: list[str], settings: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
        import torch

        tokenizer, model = self._load()
        lengths = {p: len(tokenizer(p)["input_ids"]) for p in pieces}
        ordered = sorted(pieces, key=lambda p: -lengths[p])
        # The model's own generation config may cap output length further (max_new_tokens).
        limit = model.generation_config.max_new_tokens or getattr(model.config, "max_length", None) or 512
        out: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(ordered), self.settings.batch_size):
            batch = ordered[start:start + self.settings.batch_size]
            inputs = tokenizer(batch, return_tensors="pt", padding=True).to(model.device)
            budget = self._budget(lengths[batch[0]], limit)
            with torch.inference_mode():
                generated = model.generate(**inputs, max_new_tokens=budget, **settings)
            for piece, ids in zip(batch, generated, strict=True):
                text = tokenizer.decode(ids, skip_special_tokens=True).strip()
                out[piece] = (text, degenerate(lengths[piece], text, _content_tokens(ids, tokenizer)))
        return out

    def _load(self) -> tuple[Any, torch.nn.Module]:
        if self._loaded is None:
            self._loaded = load_seq2seq(self.resolved, self.settings.dtype)
        return self._loaded


def _content_tokens(ids: torch.Tensor, tokenizer: Any) -> int:
    special = set(tokenizer.all_special_ids)
    return sum(1 for i in ids.tolist() if i not in special)
