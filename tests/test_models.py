from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from pipeline import summarize
from pipeline.config import load_config
from pipeline.errors import BackendUnavailable
from pipeline.models.embedder import Embedder
from pipeline.models.hub import resolve
from pipeline.translate import Translators
from pipeline.translate.marian import MarianTranslator

from .conftest import neural_config

HUB_MARIAN = "Helsinki-NLP/opus-mt-fr-en"
HUB_BART = "sshleifer/distilbart-cnn-12-6"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_local_folder_resolves(tiny_marian: Path) -> None:
    resolved = resolve(str(tiny_marian))
    assert resolved.available and resolved.folder == tiny_marian
    assert resolved.fingerprint.startswith(f"{tiny_marian}@")


def test_hub_model_in_the_cache_resolves_to_its_snapshot(tiny_marian: Path, no_network: list[object]) -> None:
    """A model that `pipeline models pull` (or any Hugging Face tool) left in the cache."""
    import os
    import shutil

    repository = Path(os.environ["HF_HUB_CACHE"]) / "models--tiny-org--tiny-marian"
    snapshot = repository / "snapshots" / "0123abcd"
    shutil.copytree(tiny_marian, snapshot)
    (repository / "refs").mkdir()
    (repository / "refs" / "main").write_text("0123abcd", encoding="utf-8")
    try:
        resolved = resolve("tiny-org/tiny-marian")
        assert resolved.available and resolved.folder == snapshot
    finally:
        shutil.rmtree(repository)
    assert not no_network


def test_folder_with_only_pickled_weights_is_not_loaded(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pytorch_model.bin").write_bytes(b"not loaded")
    resolved = resolve(str(tmp_path))
    assert not resolved.available and "without safetensors weights" in resolved.reason


def test_absent_hub_model_falls_back_fast_with_notice_and_no_network(
        tmp_path: Path, no_network: list[object], caplog: pytest.LogCaptureFixture) -> None:
    config = load_config(neural_config(tmp_path, HUB_MARIAN, HUB_BART))
    started = time.perf_counter()
    translators = Translators(config)
    translator, producer = translators.get("fr"), translators.producer("fr")
    summarizer = summarize.build(config.summarize, Embedder())
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert no_network == []
    assert not isinstance(translator, MarianTranslator)
    assert (producer.backend, producer.fallback_from) == ("apertium", HUB_MARIAN)
    assert (summarizer.producer.backend, summarizer.producer.fallback_from) == ("extractive", HUB_BART)
    notices = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(HUB_MARIAN in n and "pipeline models pull" in n for n in notices)
    assert summarizer.note and HUB_BART in summarizer.note and "extractive" in summarizer.note


def test_explicit_backend_with_absent_model_is_an_error_naming_it(tmp_path: Path, no_network) -> None:
    config = load_config(neural_config(tmp_path, HUB_MARIAN, HUB_BART, backend="marian"))
    with pytest.raises(BackendUnavailable, match="Helsinki-NLP/opus-mt-fr-en is not in the Hugging Face cache"):
        Translators(config).get("fr")


def test_configured_local_models_load_through_the_same_resolution(tmp_path: Path, tiny_marian: Path,
                                                                  tiny_bart: Path) -> None:
    config = load_config(neural_config(tmp_path, tiny_marian, tiny_bart))
    translators = Translators(config)
    assert isinstance(translators.get("fr"), MarianTranslator)
    assert translators.producer("fr").fallback_from is None
    producer = summarize.build(config.summarize, Embedder()).producer
    assert producer.backend == "abstractive" and producer.model == str(tiny_bart)
