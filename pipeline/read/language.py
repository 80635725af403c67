"""Language of the article and of each paragraph, with a confidence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from pipeline.document import Article, Language, Paragraph
from pipeline.errors import SkipArticle

# langdetect's n-gram profiles guess badly on short text: below this many characters a paragraph
# takes the article's language instead of its own guess.
MIN_CHARS_OWN_LANGUAGE = 60
# A paragraph is only said to differ from the article when langdetect is at least this sure.
MIN_CONFIDENCE_OWN_LANGUAGE = 0.9
# langdetect takes about 3 ms a paragraph (36 s for a 5 MB article). A paragraph in which at
# least this share of the words are the article language's commonest function words is in that
# language without asking (running text has 30-50 %; a quotation in another language, ~0 %).
FUNCTION_WORD_SHARE = 0.15
FUNCTION_WORDS = {
    "fr": set("le la les de des du un une et est en que qui dans pour sur au aux pas par ne il elle".split()),
    "en": set("the of and to in is that for it on was with as by be are this from at".split()),
    "es": set("el la los las de del y en que un una es por con para se no su al lo".split()),
    "de": set("der die das und in den von zu mit ist des sich nicht auf ein eine dem für im".split()),
    "it": set("il la le di e che un una per in del della non con si sono è al".split()),
    "pt": set("o a os as de do da e que em um uma para com não se por no na".split()),
}


def detect(article: Article) -> Article:
    whole = "\n".join(p.text for p in article.paragraphs)
    language = _guess(whole)
    if language is None:
        raise SkipArticle("no language could be detected (no letters)")
    paragraphs = tuple(_paragraph_language(p, language.code) for p in article.paragraphs)
    return replace(article, lang=language, paragraphs=paragraphs)


def _paragraph_language(paragraph: Paragraph, article_lang: str) -> Paragraph:
    lang = article_lang
    if len(paragraph.text) >= MIN_CHARS_OWN_LANGUAGE and not _plainly_in(paragraph.text, article_lang):
        guess = _guess(paragraph.text)
        if guess and guess.confidence >= MIN_CONFIDENCE_OWN_LANGUAGE:
            lang = guess.code
    return replace(paragraph, lang=lang)


def _plainly_in(text: str, lang: str) -> bool:
    common = FUNCTION_WORDS.get(lang)
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return bool(common and words) and sum(w in common for w in words) / len(words) >= FUNCTION_WORD_SHARE


def _guess(text: str) -> Language | None:
    # langdetect samples n-grams at random: a fixed seed makes every run give the same answer.
    DetectorFactory.seed = 0
    try:
        detector = _factory().create()
        detector.append(text)
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return None
    return Language(code=_normalize(best.lang), confidence=round(best.prob, 3))


def _normalize(code: str) -> str:
    # langdetect reports regional Chinese variants; the rest are ISO 639-1 already.
    return code.split("-")[0]


@cache
def _factory() -> DetectorFactory:
    """langdetect's detector over its own language profiles, their n-gram table built lazily."""
    # sorted, unlike langdetect's own loader (directory order): the same languages in the same
    # order on every machine
    files = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file() and not p.name.startswith("."))
    profiles = [json.loads(file.read_text(encoding="utf-8")) for file in files]
    factory = DetectorFactory()
    factory.langlist = [profile["name"] for profile in profiles]
    factory.word_lang_prob_map = _NgramTable(profiles)
    return factory


class _NgramTable(Mapping[str, list[float]]):
    """langdetect's table of n-gram -> probability in each language, a row made when first read.

    langdetect builds all 88,000 rows when it loads: 0.6 s of every run's start and 0.25 s of its
    exit, while an article reads a few thousand. The rows hold the numbers langdetect computes.
    """

    def __init__(self, profiles: list[dict[str, Any]]) -> None:
        self._counts = [(profile["freq"], profile["n_words"]) for profile in profiles]
        self._ngrams = frozenset().union(*(freq for freq, _ in self._counts))
        self._rows: dict[str, list[float]] = {}

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._ngrams

    def __getitem__(self, ngram: str) -> list[float]:
        row = self._rows.get(ngram)
        if row is None:
            if ngram not in self._ngrams:
                raise KeyError(ngram)
            # a language's count of the n-gram over its count of n-grams of that length
            size = len(ngram)
            row = [freq[ngram] / n_words[size - 1] if ngram in freq and 1 <= size <= 3 else 0.0
                   for freq, n_words in self._counts]
            self._rows[ngram] = row
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._ngrams)

    def __len__(self) -> int:
        return len(self._ngrams)
