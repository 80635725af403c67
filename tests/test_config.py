from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError

from .conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "models.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_declares_neural_models_and_embedded_default() -> None:
    config = load_config(ROOT / "models.yaml")
    french = config.translate["fr"]
    assert french.apertium is not None and french.apertium.pairs == ("fr-es", "spa-eng")
    assert french.marian is not None and french.marian.model == "Helsinki-NLP/opus-mt-fr-en"
    assert config.summarize.abstractive is not None
    assert config.summarize.abstractive.model == "sshleifer/distilbart-cnn-12-6"
    assert config.translate["en"].backend == "identity"


@pytest.mark.parametrize(("text", "message"), [
    ("translate: {en: {backend: identity}}\nsumarize: {}\n", "unknown key 'sumarize'"),
    ("translate: {fr: {backend: apertium, apertium: {pairs: [fr-es], speed: 2}}}\n",
     "unknown key 'translate.fr.apertium.speed'"),
    ("translate: {fr: {backend: google}}\n", "translate.fr.backend must be one of"),
    ("translate: {fr: {backend: apertium}}\n", "has no 'apertium' section"),
    ("translate: {en: {backend: identity}}\nsummarize: {sentences: four}\n",
     "summarize.sentences must be int"),
    ("summarize: {}\n", "missing key 'translate'"),
    ("translate: [\n", "not valid YAML"),
    ("translate: {en: {backend: identity}}\nsummarize: {sentences: 0}\n", "summarize.sentences must be at least 1"),
    ("translate: {en: {backend: identity}}\nmerge: {sentences: -2}\n", "merge.sentences must be at least 1"),
    ("translate: {fr: {backend: apertium, apertium: {pairs: []}}}\n",
     "translate.fr.apertium.pairs must list at least 1, not []"),
    ("translate: {fr: {backend: marian, marian: {model: m, num_beams: 0}}}\n",
     "translate.fr.marian.num_beams must be at least 1"),
    ("translate: {fr: {backend: marian, marian: {model: m, batch_size: true}}}\n",
     "translate.fr.marian.batch_size must be int"),
    ("translate: {en: {backend: identity}}\ntranslate: {fr: {backend: identity}}\n", "key 'translate' given twice"),
    ("translate:\n  en: {backend: identity}\n  en: {backend: apertium}\n", "key 'en' given twice"),
])
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_unreadable_config_files_name_the_path(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("# modèles\ntranslate: {en: {backend: identity}}\n".encode("latin-1"))
    for path, message in ((latin1, "not UTF-8 text"), (tmp_path, "is a folder"),
                          (tmp_path / "nowhere.yaml", "no such file")):
        with pytest.raises(ConfigError, match=f"{path}: {message}"):
            load_config(path)


def test_hash_ignores_comments_and_order(tmp_path: Path) -> None:
    one = load_config(write(tmp_path, "translate: {en: {backend: identity}}\nmerge: {sentences: 3}\n"))
    two = load_config(write(tmp_path, "# note\nmerge:\n  sentences: 3\ntranslate:\n  en: {backend: identity}\n"))
    three = load_config(write(tmp_path, "translate: {en: {backend: identity}}\nmerge: {sentences: 4}\n"))
    assert one.sha256 == two.sha256 != three.sha256
