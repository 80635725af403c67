from __future__ import annotations

import pytest
from langdetect import DetectorFactory, detect_langs
from langdetect.detector_factory import PROFILES_DIRECTORY

from pipeline.read.ingest import ingest, parse
from pipeline.read.language import MIN_CHARS_OWN_LANGUAGE, _factory, _guess, detect

from .conftest import CORPUS

ENGLISH_QUOTE = ("The United States will respond to any transfer of weapons with new sanctions against "
                 "both countries, the spokesman told reporters in Washington on Tuesday.")
FRENCH = ("Le président russe entamera une visite de deux jours en Corée du Nord pour développer des "
          "relations bilatérales, a expliqué le Kremlin dans un communiqué publié lundi.")


def test_corpus_is_french_with_high_confidence() -> None:
    for path in CORPUS:
        article = detect(ingest(path))
        assert article.lang is not None
        assert article.lang.code == "fr" and article.lang.confidence > 0.99


def test_detection_is_deterministic() -> None:
    article = ingest(CORPUS[0])
    assert all(detect(article) == detect(article) for _ in range(3))


def test_short_paragraphs_inherit_and_long_ones_keep_their_own_language() -> None:
    text = f"{FRENCH}\n\nOK merci\n\n{ENGLISH_QUOTE}\n\n{FRENCH}\n"
    article = detect(parse(text, article_id="a", source_path="a.txt"))
    assert len("OK merci") < MIN_CHARS_OWN_LANGUAGE
    assert article.lang is not None and article.lang.code == "fr"
    assert [p.lang for p in article.paragraphs] == ["fr", "fr", "en", "fr"]


GERMAN = "Der russische Präsident reist für zwei Tage nach Nordkorea, teilte der Kreml am Montag mit."


@pytest.mark.parametrize("text", [FRENCH, ENGLISH_QUOTE, GERMAN, "Москва и Пхеньян", "Kim Jong-un", "2,2 km"])
def test_guesses_are_langdetects_own(text: str) -> None:
    DetectorFactory.seed = 0
    expected = detect_langs(text)[0]
    guess = _guess(text)
    assert guess is not None
    assert (guess.code, guess.confidence) == (expected.lang.split("-")[0], round(expected.prob, 3))


def test_ngram_rows_hold_langdetects_numbers() -> None:
    ours = _factory()
    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    table = ours.word_lang_prob_map
    assert set(table) == set(theirs.word_lang_prob_map)
    assert "Jong" not in table and "Кре" not in table
    # the languages come in another order: rows are compared language by language
    position = {lang: i for i, lang in enumerate(theirs.langlist)}
    for ngram in ["é", "de", "ng ", " a", "Ж"]:
        expected = theirs.word_lang_prob_map[ngram]
        assert {lang: table[ngram][i] for i, lang in enumerate(ours.langlist)} == {
            lang: expected[position[lang]] for lang in theirs.langlist}
