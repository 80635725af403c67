"""The translate stage beyond French: every configured language's offline route, the names its
analyser finds, the words a route leaves, and one neural model serving several languages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from pipeline.text import WORD
from pipeline.translate import build
from pipeline.translate.apertium import PACKAGES, ApertiumTranslator
from pipeline.translate.languages import iso3, source_of
from pipeline.translate.offline.cognates import WORD_LIST, english_words
from pipeline.translate.offline.proper_nouns import ProperNouns
from pipeline.translate.routes import routes_to_english

from .conftest import FIXTURES, ROOT
from .helpers import SENTENCES

# Words of the English that must be English words: the rest are names and words left behind.
MIN_ENGLISH_SHARE = 0.85


@pytest.fixture(scope="module")
def models() -> Config:
    return load_config(ROOT / "models.yaml")


def offline(config: Config, lang: str):
    spec = config.translation_for(lang)
    assert spec is not None and spec.apertium is not None
    return build(dataclasses.replace(spec, backend="apertium"), lang).component


def test_every_language_with_a_route_has_a_sentence_here(models: Config) -> None:
    assert {lang for lang, spec in models.translate.items() if spec.apertium} == set(SENTENCES)


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_each_configured_route_is_a_chain_of_debian_modes_to_english(models: Config, lang: str) -> None:
    spec = models.translation_for(lang)
    assert spec is not None and spec.apertium is not None
    route, alternative = spec.apertium.pairs, spec.apertium.alternative
    assert source_of(route[0]) == iso3(lang)
    assert route in routes_to_english(iso3(lang))
    assert not alternative or alternative in routes_to_english(iso3(lang))
    assert all(mode in PACKAGES for mode in route + alternative)


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_each_language_reaches_english_offline(models: Config, lang: str) -> None:
    (english,) = offline(models, lang).translate([SENTENCES[lang]])
    words = [word.casefold() for word in WORD.findall(english)]
    assert english != SENTENCES[lang] and not any(mark in english for mark in "*#@")
    assert sum(word in english_words(WORD_LIST) for word in words) >= MIN_ENGLISH_SHARE * len(words), english


def test_serbian_in_cyrillic_letters_reaches_english(models: Config) -> None:
    (english,) = offline(models, "sr").translate(["Влада је одлучила да смањи порезе за породице са децом."])
    assert "children" in english and not any("\u0400" <= char <= "\u04ff" for char in english)


def test_routes_to_english_come_direct_first_then_through_other_languages() -> None:
    catalan = routes_to_english("cat")
    assert catalan[0] == ("cat-eng",) and ("cat-spa", "spa-eng") in catalan
    assert ("dan-swe", "swe-isl", "isl-eng") in routes_to_english("dan")
    assert all(len(set(map(source_of, route))) == len(route) for route in catalan)  # no language twice


def test_names_from_the_analysers_proper_nouns() -> None:
    (portuguese,) = ProperNouns("pt-es").find(["O presidente Luiz Inácio Lula da Silva chegou a Lisboa na "
                                               "segunda-feira com Marcelo Rebelo de Sousa."])
    assert [(n.text, n.label) for n in portuguese] == [("Luiz Inácio Lula da Silva", "PER"), ("Lisboa", "PER"),
                                                       ("Marcelo Rebelo de Sousa", "PER")]
    catalan, opening = ProperNouns("cat-spa").find(["El president va visitar Girona i Lleida dimarts.",
                                                    "Dijous, Barcelona va guanyar."])
    assert [n.text for n in catalan] == ["Girona", "Lleida"]  # "i" (and) joins no name
    assert [n.text for n in opening] == ["Barcelona"]


def test_an_unknown_word_opening_a_sentence_is_no_name_alone() -> None:
    (found,) = ProperNouns("cat-spa").find(["Xerrameca sense fi al Parlament de Waterloo."])
    assert "Xerrameca" not in [n.text for n in found] and "Waterloo" in [n.text for n in found]


def test_a_proper_noun_with_a_case_ending_is_a_name_of_its_own() -> None:
    """Basque "Txinako" is "Txina" (China) + "of": left to the translator, which knows it."""
    (found,) = ProperNouns("eu-en").find(["Txinako ekonomia hazi da."])
    assert [n.text for n in found] == ["Txinako"]
    (english,) = offline(load_config(ROOT / "models.yaml"), "eu").translate(["Txinako ekonomia hazi da."])
    assert "China" in english


def test_names_are_carried_through_other_routes(models: Config) -> None:
    (english,) = offline(models, "pt").translate(["Marcelo Rebelo de Sousa recebeu Luiz Inácio Lula da Silva."])
    assert "Marcelo Rebelo de Sousa" in english and "Luiz Inácio Lula da Silva" in english


def test_a_pivot_word_the_last_leg_left_is_found_by_another_chain(models: Config) -> None:
    """Romanian goes through Spanish, and spa-eng does not know every form ro-es writes."""
    sentence = "Biserica s-a opus legii."
    plain = ApertiumTranslator(*models.translate["ro"].apertium.pairs).translate_marked([sentence])[0]
    assert "*opuso" in plain  # the plain route leaves a Spanish word
    (english,) = offline(models, "ro").translate([sentence])
    assert "opuso" not in english and "opposed" in english


def test_numbers_come_out_the_english_way_in_every_language(models: Config) -> None:
    for lang, sentence in [("es", "Costó 1.200.000 euros, el 3,7 % del total."),
                           ("it", "È costato 1.200.000 euro, il 3,7% del totale."),
                           ("pt", "Custou 1.200.000 euros, 3,7 % do total.")]:
        (english,) = offline(models, lang).translate([sentence])
        assert "1,200,000" in english and "3.7" in english, (lang, english)


@pytest.fixture(scope="module")
def tiny_romance_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One MarianMT model (random weights) for several source languages, as opus-mt-ROMANCE-en
    is, with a vocabulary trained on French, Spanish and Catalan news."""
    from .fixtures.models import build_marian, languages_text

    return build_marian(tmp_path_factory.mktemp("models") / "tiny-opus-mt-romance-en", spm_vocab=250,
                        training=languages_text())


def test_one_neural_model_translates_several_languages(tiny_romance_marian: Path, tmp_path: Path) -> None:
    from pipeline.run.incremental import run

    config = tmp_path / "models.yaml"
    languages = ("ca", "es")
    config.write_text("translate:\n" + "".join(
        f"  {lang}:\n    backend: marian\n    marian: {{model: \"{tiny_romance_marian}\", num_beams: 1}}\n"
        for lang in languages) + "summarize:\n  backend: extractive\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ca_terratremol.txt", "es_terremoto.txt"):
        (corpus / name).write_bytes((FIXTURES / "languages" / name).read_bytes())
    report = run(corpus, tmp_path / "out", load_config(config))
    assert not report.failed
    for name, lang in (("ca_terratremol", "ca"), ("es_terremoto", "es")):
        article = json.loads((tmp_path / "out" / f"{name}.json").read_text(encoding="utf-8"))
        assert article["language"]["code"] == lang
        assert article["provenance"]["translator"] == {"backend": "marian", "model": str(tiny_romance_marian)}
        assert all(p["en"].strip() for p in article["paragraphs"])


@pytest.mark.parametrize(("marks", "word", "legs", "leg"), [
    ("***", "szó", 3, 0), ("**", "palabra", 3, 1), ("*", "ord", 3, 2),  # the language each leg read
    ("**", "mot", 2, 0), ("*", "palabra", 2, 1), ("*", "Zqx0q", 2, None), ("#", "give", 2, None),
])
def test_a_marked_word_is_in_the_language_of_the_first_leg_that_did_not_know_it(marks: str, word: str, legs: int,
                                                                                leg: int | None) -> None:
    from pipeline.translate.offline.leftovers import _left_by

    assert _left_by(marks, word, legs) == leg
