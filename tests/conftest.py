from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Hermetic runs: an empty Hugging Face cache (so `auto` always means the embedded default, and
# no model is ever fetched) and a fresh translation cache. Set before anything imports
# huggingface_hub, which reads these at import time.
_SCRATCH = Path(tempfile.mkdtemp(prefix="pipeline-tests-"))
os.environ["HF_HUB_CACHE"] = str(_SCRATCH / "hf")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["PIPELINE_CACHE_DIR"] = str(_SCRATCH / "cache")

import pytest  # noqa: E402

from pipeline.config import Config, load_config  # noqa: E402
from pipeline.models.embedder import Embedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT / "models.yaml")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real embedded MiniLM, loaded once for the whole session."""
    return Embedder()


@pytest.fixture(scope="session")
def corpus_article(config: Config):
    """A corpus article through every stage with the embedded default, as id `x`."""
    from pipeline.run.stages import Pipeline

    return Pipeline(config).process(CORPUS[2].read_bytes(), article_id="x", source_path="corpus/x.txt")


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as the README's commands do (paths in outputs are relative)."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MarianMT model (random weights) with a sentencepiece vocabulary trained on corpus/."""
    from .fixtures.models import build_marian

    return build_marian(tmp_path_factory.mktemp("models") / "tiny-opus-mt-fr-en")


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BartForConditionalGeneration (random weights) reading at most 1024 tokens."""
    from .fixtures.models import build_bart

    return build_bart(tmp_path_factory.mktemp("models") / "tiny-distilbart")


def neural_config(tmp_path: Path, marian: Path | str, bart: Path | str, *, backend: str = "auto",
                  extra: str = "") -> Path:
    """A models.yaml naming the given models, written to tmp_path."""
    path = tmp_path / "models.yaml"
    path.write_text(f"""
translate:
  fr:
    backend: {backend}
    apertium: {{pairs: [fr-es, spa-eng]}}
    marian: {{model: "{marian}", batch_size: 8, num_beams: 2, no_repeat_ngram_size: 3{extra}}}
  en: {{backend: identity}}
summarize:
  backend: {"abstractive" if backend == "marian" else backend}
  abstractive: {{model: "{bart}", max_input_tokens: 1024, max_summary_tokens: 40, num_beams: 2}}
""", encoding="utf-8")
    return path
