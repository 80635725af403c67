"""Text helpers shared by the stages: sentence splitting, and a folded form for comparing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import pysbd

from pipeline.document import SUMMARIZABLE_KINDS, Article

# Languages pysbd has rules for; others are split with the English rules, which still cut at
# '.', '!' and '?' followed by a capital.
_PYSBD_LANGUAGES = frozenset({
    "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da",
    "fr", "my", "el", "it", "ja", "de", "kk", "sk",
})


@cache
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGUAGES else "en", clean=False)


def split_sentences(text: str, lang: str = "en") -> list[str]:
    if not text.strip():
        return []
    return [s.strip() for s in _segmenter(lang).segment(text) if s.strip()]


@dataclass(frozen=True)
class Sentence:
    paragraph: str  # id of the paragraph it comes from
    position: int  # rank of that paragraph among the article's summarizable ones, from 0
    text: str


def english_sentences(article: Article) -> list[Sentence]:
    """The English sentences of the paragraphs a summary may draw on, in source order."""
    summarizable = [p for p in article.paragraphs if p.kind in SUMMARIZABLE_KINDS and p.en]
    return [Sentence(p.id, rank, text)
            for rank, p in enumerate(summarizable) for text in split_sentences(p.en or "", "en")]


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Corée" and "coree" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
