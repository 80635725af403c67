from __future__ import annotations

from pipeline.detect import MIN_CHARS_OWN_LANGUAGE, detect
from pipeline.ingest import ingest, parse

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
