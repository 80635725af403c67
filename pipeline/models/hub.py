"""Where a configured model is on this machine, without ever waiting on a network.

A model is a local folder or a Hugging Face hub id. A hub id is looked up in the local Hugging
Face cache only (`local_files_only`): resolution is a few file checks, never a request. Only
safetensors weights count; a model that has only pickled weights is treated as absent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pipeline.config import EMBEDDED_MODEL, Config
from pipeline.document import Producer
from pipeline.errors import BackendUnavailable

if TYPE_CHECKING:
    import torch

# What `pipeline models pull` fetches: weights as safetensors, the config and tokenizer files.
PULL_PATTERNS = ["*.json", "*.safetensors", "*.spm", "*.model", "*.txt", "tokenizer*"]


@dataclass(frozen=True)
class Resolved:
    model: str
    folder: Path | None
    reason: str = ""  # why it is not available, when folder is None

    @property
    def available(self) -> bool:
        return self.folder is not None

    @cached_property
    def fingerprint(self) -> str:
        """Names these exact weights, for caches: their files' names, sizes and times (read once:
        the key is asked for on every batch and every article)."""
        if self.folder is None:
            return f"{self.model}@absent"
        weights = sorted(self.folder.glob("*.safetensors"))
        stamp = ";".join(f"{w.name}:{w.stat().st_size}:{w.stat().st_mtime_ns}" for w in weights)
        return f"{self.model}@{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def resolve(model: str) -> Resolved:
    folder = Path(model).expanduser()
    if folder.is_dir():
        return _check(model, folder)
    if _looks_like_path(model):
        return Resolved(model, None, "not a folder on this machine")
    snapshot = _cached_snapshot(model)
    if snapshot is None:
        return Resolved(model, None, "not in the Hugging Face cache")
    return _check(model, snapshot)


def _cached_snapshot(model: str) -> Path | None:
    """The folder of the model's main revision in the Hugging Face cache, read as the hub
    library lays the cache out (models--ORG--NAME, its refs/main naming a folder of snapshots/).
    The library's own lookup imports its download code: 0.17 s at every start that has work."""
    from huggingface_hub import constants

    repository = Path(constants.HF_HUB_CACHE) / f"models--{model.replace('/', '--')}"
    try:
        snapshot = repository / "snapshots" / (repository / "refs" / "main").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return snapshot if (snapshot / "config.json").is_file() else None


def _check(model: str, folder: Path) -> Resolved:
    if not (folder / "config.json").is_file():
        return Resolved(model, None, f"in {folder}, without a config.json")
    if not any(folder.glob("*.safetensors")):
        return Resolved(model, None, f"in {folder}, without safetensors weights (pickled weights are never loaded)")
    return Resolved(model, folder)


def _looks_like_path(model: str) -> bool:
    return model.startswith((".", "/", "~")) or model.count("/") > 1


def how_to_get(model: str) -> str:
    if _looks_like_path(model):
        return f"put the model's files in {model}"
    return "run `pipeline models pull` on a machine with network access, or name a local folder in models.yaml"


@dataclass(frozen=True)
class Choice:
    """What a stage that has a neural option runs: its model, or the embedded default."""

    model: Resolved | None  # the neural model to run; None: the embedded default
    fallback_from: str | None = None  # the model `auto` asked for and did not find
    note: str | None = None  # for the user, once, when the stage first runs


def choose(stage: str, backend: str, model: str | None, *, neural: Collection[str], embedded: str) -> Choice:
    """The one rule for every stage with a neural option. A neural backend named outright
    needs its model (else BackendUnavailable, saying how to get it); `auto` runs the neural
    model when it is on this machine, else the embedded default, with a note; any other
    backend is not neural. Resolution is a few file checks: nothing loads, nothing downloads."""
    if backend != "auto" and backend not in neural:
        return Choice(None)
    assert model is not None, "config.load_config checks that a neural backend names its model"
    resolved = resolve(model)
    if resolved.available:
        return Choice(resolved)
    if backend != "auto":
        raise BackendUnavailable(f"{model} is {resolved.reason}: {how_to_get(model)}")
    return Choice(None, fallback_from=model,
                  note=f"{stage}: {model} is {resolved.reason}; using {embedded} instead ({how_to_get(model)})")


T = TypeVar("T")


@dataclass(frozen=True)
class Chosen(Generic[T]):
    """A stage's backend as built from the config: a translator or a summarizer."""

    component: T
    producer: Producer  # for provenance, with `fallback_from` where `auto` fell back
    note: str | None = None  # the choice's note, to say once when the stage first runs


@dataclass(frozen=True)
class ConfiguredModel:
    stage: str  # "translate fr", "summarize", "embeddings"
    backend: str
    model: str


def configured_models(config: Config) -> Iterator[ConfiguredModel]:
    """The neural models models.yaml names, whether or not its backends use them now."""
    for lang, spec in sorted(config.translate.items()):
        if spec.marian is not None:
            backend = "ctranslate2" if spec.backend == "ctranslate2" else "marian"
            yield ConfiguredModel(f"translate {lang}", backend, spec.marian.model)
    if config.summarize.abstractive is not None:
        yield ConfiguredModel("summarize", "abstractive", config.summarize.abstractive.model)
    for model in {config.summarize.extractive.model, config.embeddings.model}:
        if model != EMBEDDED_MODEL:
            yield ConfiguredModel("embeddings", "extractive", model)


def pull(model: str) -> Resolved:
    """Download a hub model's safetensors weights, config and tokenizer into the cache."""
    from huggingface_hub import snapshot_download

    if _looks_like_path(model):
        return resolve(model)
    snapshot_download(model, allow_patterns=PULL_PATTERNS)
    return resolve(model)


def torch_dtype(name: str) -> str:
    """The dtype a model runs in: `auto` is float16 on a GPU, bfloat16 on a CPU with AMX
    (Intel's matrix units, which run bfloat16 matmuls natively), float32 elsewhere."""
    if name != "auto":
        return name
    import torch

    if torch.cuda.is_available():
        return "float16"
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
    except OSError:
        return "float32"
    return "bfloat16" if " amx_bf16" in flags else "float32"


def load_seq2seq(resolved: Resolved, dtype: str = "float32") -> tuple[Any, torch.nn.Module]:
    """Tokenizer and model from a resolved folder: safetensors only, no remote code, on the GPU
    when there is one, in `dtype` (a name, or auto: see `torch_dtype`)."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    assert resolved.folder is not None
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(resolved.folder, local_files_only=True, trust_remote_code=False)
    model = AutoModelForSeq2SeqLM.from_pretrained(resolved.folder, local_files_only=True, use_safetensors=True,
                                                  trust_remote_code=False)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    return tokenizer, model.to(device=device, dtype=getattr(torch, torch_dtype(dtype))).eval()
