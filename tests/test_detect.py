from __future__ import annotations

import pytest

from pipeline.errors import SkipArticle
from pipeline.read.ingest import ingest, parse
from pipeline.read.language import MIN_CHARS_OWN_LANGUAGE, detect, guess

from .conftest import CORPUS, ROOT
from .helpers import SENTENCES

ENGLISH_QUOTE = ("The United States will respond to any transfer of weapons with new sanctions against "
                 "both countries, the spokesman told reporters in Washington on Tuesday.")
FRENCH = ("Le président russe entamera une visite de deux jours en Corée du Nord pour développer des "
          "relations bilatérales, a expliqué le Kremlin dans un communiqué publié lundi.")
# Serbian in Latin letters reads as Bosnian: the two share a translator (hbs-eng).
READ_AS = {"sr": "bs"}
ENGLISH = "The government approved on Tuesday a rise in the minimum wage for next year."


def test_corpus_is_french_with_high_confidence() -> None:
    for path in CORPUS:
        article = detect(ingest(path))
        assert article.lang is not None
        assert article.lang.code == "fr" and article.lang.confidence > 0.99


@pytest.mark.parametrize(("lang", "sentence"), [*SENTENCES.items(), ("en", ENGLISH)])
def test_a_one_sentence_paragraph_of_each_language_and_its_neighbours_apart(lang: str, sentence: str) -> None:
    found = guess(sentence)
    assert found is not None and found.code == READ_AS.get(lang, lang), found
    assert 0 < found.confidence <= 1


def test_every_translated_language_is_one_the_detector_can_name() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from pipeline.config import load_config

    labels = set(LanguageIdentifier.from_model_file(MODEL_FILE).labels)
    assert set(load_config(ROOT / "models.yaml").translate) <= labels


def test_detection_is_deterministic() -> None:
    article = ingest(CORPUS[0])
    assert all(detect(article) == detect(article) for _ in range(3))


def test_short_paragraphs_inherit_and_long_ones_keep_their_own_language() -> None:
    text = f"{FRENCH}\n\nOK merci\n\n{ENGLISH_QUOTE}\n\n{FRENCH}\n"
    article = detect(parse(text, article_id="a", source_path="a.txt"))
    assert len("OK merci") < MIN_CHARS_OWN_LANGUAGE
    assert article.lang is not None and article.lang.code == "fr"
    assert [p.lang for p in article.paragraphs] == ["fr", "fr", "en", "fr"]


def test_text_without_letters_has_no_language() -> None:
    assert guess("2024 — 12/03, 15:30 (+2,5 %)") is None
    with pytest.raises(SkipArticle, match="no language"):
        detect(parse("2024\n\n12/03 — 15:30\n", article_id="n", source_path="n.txt"))
