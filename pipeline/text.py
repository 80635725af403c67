"""Text helpers shared by the stages: sentence splitting, and a folded form for comparing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sentencex import segment

from pipeline.document import SUMMARIZABLE_KINDS, Article

# sentencex pairs quotation marks, which costs the square of a text's length where quotes
# never close: longer texts go to it in windows of about this many characters, cut where a
# sentence plainly ends (a news paragraph is well under it; a run-on dump is not).
MAX_SEGMENT_CHARS = 4000
# The two ways text is cut into words. A word starts with a letter, then letters, digits,
# apostrophes and hyphens ("aujourd'hui", "Jong-un"): what names and content words are made of.
# A token is a word or a number ("2024", "G7"): what a reader counts when a line's length matters.
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TOKEN = re.compile(r"[^\W_][\w'’-]*")
_PLAIN_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_SPACE = re.compile(r"\s+")


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Sentences of `text` by the rules of `lang` (sentencex: abbreviations and quotation marks
    of some 300 languages)."""
    return list(_split(text, lang))


# Stages split the same English paragraphs again (summarize, cite, merge): keep the splits.
@lru_cache(maxsize=100_000)
def _split(text: str, lang: str) -> tuple[str, ...]:
    return tuple(s.strip() for window in _windows(text) for s in segment(lang, window) if s.strip())


def _windows(text: str) -> list[str]:
    """`text` cut into pieces of at most MAX_SEGMENT_CHARS, at plain sentence ends where there
    are some, else at spaces, else anywhere."""
    if len(text) <= MAX_SEGMENT_CHARS:
        return [text]
    windows, start = [], 0
    while len(text) - start > MAX_SEGMENT_CHARS:
        limit = start + MAX_SEGMENT_CHARS
        end = resume = limit
        for pattern in (_PLAIN_END, _SPACE):
            # the last break in the window's second half, so that windows stay large
            breaks = list(pattern.finditer(text, start + MAX_SEGMENT_CHARS // 2, limit))
            if breaks:
                end, resume = breaks[-1].start(), breaks[-1].end()
                break
        windows.append(text[start:end])
        start = resume
    windows.append(text[start:])
    return windows


@dataclass(frozen=True)
class Sentence:
    paragraph: str  # id of the paragraph it comes from
    position: int  # rank of the sentence among the article's summarizable ones, from 0
    text: str


def english_sentences(article: Article) -> list[Sentence]:
    """The English sentences of the paragraphs a summary may draw on, in source order."""
    summarizable = [p for p in article.paragraphs if p.kind in SUMMARIZABLE_KINDS and p.en]
    pieces = [(p.id, text) for p in summarizable for text in split_sentences(p.en or "", "en")]
    return [Sentence(paragraph, rank, text) for rank, (paragraph, text) in enumerate(pieces)]


# Combining marks (the accents NFKD takes off letters): the blocks that hold them.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Corée" and "coree" compare equal."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


# Where an overlong sentence may be cut, best first: after ; or :, then after a comma, then
# before a dash or a conjunction.
_CLAUSE_BREAKS = (re.compile(r"(?<=[;:])\s+"), re.compile(r"(?<=,)\s+"),
                  re.compile(r"(?<!\s)\s+(?=[-–—]\s)|(?<!\s)\s+(?=(?:et|mais|ou|donc|car|and|but|or|y|pero)\s)"))


def split_overlong(sentence: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Cut a sentence into pieces of at most `limit` tokens: at the clause boundary nearest the
    middle when there is one, else at the space nearest the middle. Nothing is dropped."""
    if count_tokens(sentence) <= limit or len(sentence) < 2:
        return [sentence]
    middle = len(sentence) / 2
    for pattern in _CLAUSE_BREAKS:
        cuts = [m for m in pattern.finditer(sentence) if 0 < m.start() < len(sentence) - 1]
        if cuts:
            cut = min(cuts, key=lambda m: abs(m.start() - middle))
            break
    else:
        spaces = list(re.finditer(r"\s+", sentence))
        if not spaces:  # one unbreakable token run: halve it by characters
            half = len(sentence) // 2
            return (split_overlong(sentence[:half], count_tokens, limit)
                    + split_overlong(sentence[half:], count_tokens, limit))
        cut = min(spaces, key=lambda m: abs(m.start() - middle))
    head, tail = sentence[:cut.start()].strip(), sentence[cut.end():].strip()
    return split_overlong(head, count_tokens, limit) + split_overlong(tail, count_tokens, limit)


FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})")
# The century of a two-digit year ("31/03/11", as some sites stamp their pages): the web's news
# is of this one.
TWO_DIGIT_YEAR_CENTURY = 2000
_DAY_MONTH_NAME = re.compile(rf"(\d{{1,2}})(?:er)?\s+({'|'.join(FRENCH_MONTHS)})\s+(\d{{4}})", re.IGNORECASE)


def iso_date(date: str) -> str:
    """A page's date as ISO, so that dates sort and compare as text: "17/02/2011" and "17/02/11"
    (day first, as French pages write it) and "17 février 2011" -> "2011-02-17"; anything else as
    it is."""
    date = date.strip()
    if numeric := _DAY_FIRST.fullmatch(date):
        day, month, year = map(int, numeric.groups())
        year += TWO_DIGIT_YEAR_CENTURY if year < 100 else 0
    elif named := _DAY_MONTH_NAME.fullmatch(date):
        day, month, year = int(named.group(1)), FRENCH_MONTHS.index(named.group(2).casefold()) + 1, int(named.group(3))
    else:
        return date
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else date


def with_s(word: str, es_after_o: bool = False) -> str:
    """An English word with its -s, spelled as English spells it: "subsidy" -> "subsidies", "tax"
    -> "taxes", "horse" -> "horses"; after an "o", verbs take -es ("goes") and most nouns do not
    ("photos")."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(?:s|x|z|ch|sh)$", word) or (es_after_o and word.endswith("o")):
        return word + "es"
    return word + "s"


# C0 and C1 controls (line breaks and tabs too: a name is one line) and the invisible marks that
# reorder text: direction marks, embeddings, overrides and isolates; the line and paragraph
# separators.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` with every control and reordering character shown as its escape (`\\x1b`,
    `\\u202e`): for a terminal, or a log line that quotes what a file held."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

