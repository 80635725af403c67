from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from pipeline.embed import Embedder

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


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as the README's commands do (paths in outputs are relative)."""
    monkeypatch.chdir(ROOT)
    return ROOT
