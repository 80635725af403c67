"""Language of the article and of each paragraph, with a confidence."""

from __future__ import annotations

from dataclasses import replace

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.document import Article, Language, Paragraph
from pipeline.errors import SkipArticle

# langdetect's n-gram profiles guess badly on short text: below this many characters a paragraph
# takes the article's language instead of its own guess.
MIN_CHARS_OWN_LANGUAGE = 60
# A paragraph is only said to differ from the article when langdetect is at least this sure.
MIN_CONFIDENCE_OWN_LANGUAGE = 0.9


def detect(article: Article) -> Article:
    whole = "\n".join(p.text for p in article.paragraphs)
    language = _guess(whole)
    if language is None:
        raise SkipArticle("no language could be detected (no letters)")
    paragraphs = tuple(_paragraph_language(p, language.code) for p in article.paragraphs)
    return replace(article, lang=language, paragraphs=paragraphs)


def _paragraph_language(paragraph: Paragraph, article_lang: str) -> Paragraph:
    lang = article_lang
    if len(paragraph.text) >= MIN_CHARS_OWN_LANGUAGE:
        guess = _guess(paragraph.text)
        if guess and guess.confidence >= MIN_CONFIDENCE_OWN_LANGUAGE:
            lang = guess.code
    return replace(paragraph, lang=lang)


def _guess(text: str) -> Language | None:
    # langdetect samples n-grams at random: a fixed seed makes every run give the same answer.
    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return Language(code=_normalize(best.lang), confidence=round(best.prob, 3))


def _normalize(code: str) -> str:
    # langdetect reports regional Chinese variants; the rest are ISO 639-1 already.
    return code.split("-")[0]
