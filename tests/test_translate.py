from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.config import load_config
from pipeline.detect import detect
from pipeline.document import Backend
from pipeline.errors import BackendUnavailable, SkipArticle
from pipeline.ingest import parse
from pipeline.translate import Translators, translate
from pipeline.translate.apertium import ApertiumTranslator
from pipeline.translate.chain import ChainTranslator
from pipeline.translate.identity import IdentityTranslator

from .conftest import ROOT

PARAGRAPHS = [
    "La Corée du Nord a 7,5% du PIB.",
    "",
    "Le chat [noir] mange.\nIl dort.",
    "Deuxième paragraphe « cité » par l'agence.",
    "Le xyzzyq est arrivé.",
]


def test_apertium_keeps_paragraph_boundaries_in_one_call_per_mode() -> None:
    english = ChainTranslator([ApertiumTranslator("fr-es"), ApertiumTranslator("spa-eng")]).translate(PARAGRAPHS)
    assert len(english) == len(PARAGRAPHS)
    assert english[0] == "North Korea has 7,5% of the GDP."
    assert english[1] == ""
    assert "cat" in english[2] and "\n" not in english[2]
    assert english[3].startswith("Second")


def test_apertium_strips_unknown_word_marks() -> None:
    (english,) = ApertiumTranslator("fr-es").translate(["Le xyzzyq est arrivé."])
    assert "xyzzyq" in english and "*" not in english and "#" not in english


def test_missing_apertium_names_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackendUnavailable, match="apt-get install apertium apertium-fr-es"):
        ApertiumTranslator("fr-es").translate(["Bonjour."])


def test_missing_apertium_mode_names_its_package() -> None:
    with pytest.raises(BackendUnavailable, match="no mode 'xx-yy'"):
        ApertiumTranslator("xx-yy").translate(["Bonjour."])


def test_identity_and_chain_backends() -> None:
    assert IdentityTranslator().translate(["Hello."]) == ["Hello."]
    chain = ChainTranslator([ApertiumTranslator("fr-es"), ApertiumTranslator("spa-eng")])
    assert chain.backend == Backend("apertium", "fr-es > spa-eng")


FRENCH = ("Le président russe entamera une visite de deux jours en Corée du Nord pour développer des "
          "relations bilatérales, a expliqué le Kremlin dans un communiqué.")
ENGLISH = ("The United States will respond to any transfer of weapons with new sanctions against both "
           "countries, the spokesman told reporters in Washington.")


def test_each_paragraph_goes_through_its_own_languages_translator() -> None:
    article = detect(parse(f"{FRENCH}\n\n{ENGLISH}\n", article_id="a", source_path="a.txt"))
    english = translate(article, Translators(load_config(ROOT / "models.yaml")))
    assert english.paragraphs[0].en.startswith("The Russian president")
    assert english.paragraphs[1].en == ENGLISH  # identity: English is left as written


def test_language_without_translator_is_skipped() -> None:
    article = detect(parse("Die Bundesregierung hat am Mittwoch neue Hilfen für die Ukraine beschlossen. "
                           "Der Kanzler sprach von einem wichtigen Signal.\n", article_id="a", source_path="a.txt"))
    with pytest.raises(SkipArticle, match="no translator for 'de'"):
        translate(article, Translators(load_config(ROOT / "models.yaml")))


def test_paragraph_in_unconfigured_language_uses_the_articles_translator() -> None:
    article = detect(parse(f"{FRENCH}\n\n{FRENCH}\n", article_id="a", source_path="a.txt"))
    article = replace(article, paragraphs=(article.paragraphs[0], replace(article.paragraphs[1], lang="de")))
    english = translate(article, Translators(load_config(ROOT / "models.yaml")))
    assert english.paragraphs[0].en == english.paragraphs[1].en
