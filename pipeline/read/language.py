"""Language of the article and of each paragraph, with a confidence.

The detector is py3langid: langid.py's naive Bayes model over byte n-grams, maintained and
shipped inside the package (no download), 140 languages, each of the languages the translators
read among them. Its probabilities are normalised over the languages, so the confidence is the
share the best language takes. It is deterministic, and reads a paragraph in a fraction of a
millisecond. `benchmarks.language` measures it beside langdetect on the dev sentences of every
language.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from pipeline.document import Article, Language, Paragraph
from pipeline.errors import SkipArticle

# A few words tell a language badly: below this many characters a paragraph takes the article's
# language instead of its own guess.
MIN_CHARS_OWN_LANGUAGE = 60
# A paragraph is only said to differ from the article when the detector is at least this sure.
MIN_CONFIDENCE_OWN_LANGUAGE = 0.9


def detect(article: Article) -> Article:
    whole = "\n".join(p.text for p in article.paragraphs)
    language = guess(whole)
    if language is None:
        raise SkipArticle("no language could be detected (no letters)")
    paragraphs = tuple(_paragraph_language(p, language.code) for p in article.paragraphs)
    return replace(article, lang=language, paragraphs=paragraphs)


def guess(text: str) -> Language | None:
    """The language of `text` and the detector's confidence; None when it has no letters."""
    if not any(char.isalpha() for char in text):
        return None
    code, probability = _identifier().classify(text)
    return Language(code=code, confidence=round(float(probability), 3))


def _paragraph_language(paragraph: Paragraph, article_lang: str) -> Paragraph:
    lang = article_lang
    if len(paragraph.text) >= MIN_CHARS_OWN_LANGUAGE:
        found = guess(paragraph.text)
        if found and found.confidence >= MIN_CONFIDENCE_OWN_LANGUAGE:
            lang = found.code
    return replace(paragraph, lang=lang)


@cache
def _identifier() -> Any:
    """py3langid's model, loaded on first use (0.4 s), with probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
