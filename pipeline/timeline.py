"""A dated timeline of a batch: each dated event once, citing every article that dates it.

Dates are read from the English ("18 June 2024", "in September 2023", "June 18, 2024"); one
without a year takes the year of its article's own date, and is left out when the article has
none: the years an article mentions date its background, not its news ("in September" in a
story that recalls 2019 is not September 2019). A bare year ("in 2006") is background, not an
event of the story, and weekdays ("on Tuesday") are relative to a date the reader does not
have: neither dates anything here. Sentences of several articles with the same date that say
the same thing (close embeddings, or two names or numbers in common) are one event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.cite import numbers, proper_names
from pipeline.document import Article, MergedCitation, TimelineEvent
from pipeline.embed import Embedder
from pipeline.text import english_sentences, fold

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday or a month named in English text: what two sentences must agree on to tell one fact.
DATE_WORD = re.compile(rf"\b(?:{'|'.join(WEEKDAYS + MONTHS)})\b", re.IGNORECASE)
_MONTH = "|".join(month.capitalize() for month in MONTHS)
# "18 June 2024", "the 13 September", "June 18, 2024", "in September 2023", "in September"; "May"
# only next to a day or a year, where it cannot be the verb.
_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<month>{_MONTH})(?: (?P<year>(?:19|20)\d{{2}}))?\b"
    rf"|(?P<month2>{_MONTH}) (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:, (?P<year2>(?:19|20)\d{{2}}))?"
    rf"|(?P<month3>{_MONTH}) (?P<year3>(?:19|20)\d{{2}})\b"
    rf"|(?<=\bin )(?P<month4>(?!May\b)(?:{_MONTH}))\b)")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Cosine above which two sentences with the same date tell one event.
SAME_EVENT_SIMILARITY = 0.6
# Names and numbers (the date's aside) two sentences with the same date share to tell one event.
SAME_EVENT_ANCHORS = 2


@dataclass(frozen=True)
class _Dated:
    key: tuple[int, int, int]  # year, month (0: none), day (0: none)
    said: str  # the date as the article gives it
    text: str
    citation: MergedCitation


def timeline(articles: Sequence[Article], embedder: Embedder) -> tuple[TimelineEvent, ...]:
    """The batch's dated events in date order, each citing every article that dates it."""
    dated = [d for article in articles for d in _dated_sentences(article)]
    if not dated:
        return ()
    vectors = embedder.encode([d.text for d in dated])
    events: list[tuple[_Dated, list[MergedCitation], int]] = []  # first sentence, citations, its row
    on_date: dict[tuple[int, int, int], list[tuple[_Dated, list[MergedCitation], int]]] = {}
    for row, item in enumerate(dated):
        same = next((event for event in on_date.get(item.key, ())
                     if _same_event(event[0], item, float(vectors[event[2]] @ vectors[row]))), None)
        if same is None:
            events.append((item, [item.citation], row))
            on_date.setdefault(item.key, []).append(events[-1])
        elif item.citation.article not in {c.article for c in same[1]}:
            same[1].append(item.citation)
    events.sort(key=lambda event: event[0].key)
    return tuple(TimelineEvent(first.said, _iso(first.key), first.text, tuple(citations))
                 for first, citations, _ in events)


def _same_event(first: _Dated, other: _Dated, cosine: float) -> bool:
    if first.citation.article == other.citation.article:
        return first.text == other.text
    shared = _anchors(first.text, first.said) & _anchors(other.text, other.said)
    return cosine >= SAME_EVENT_SIMILARITY or len(shared) >= SAME_EVENT_ANCHORS


def _anchors(text: str, said: str) -> set[str]:
    return {fold(n) for n in proper_names(text) if fold(n) not in MONTHS} | (numbers(text) - numbers(said))


def _dated_sentences(article: Article) -> list[_Dated]:
    known = _YEAR.search(article.meta.date or "")
    year = int(known.group()) if known else None
    found = []
    for sentence in english_sentences(article):
        for match in _DATE.finditer(sentence.text):
            key = _key(match, year)
            if key is None:
                continue
            found.append(_Dated(key, match.group().strip(), sentence.text,
                                MergedCitation(article.id, sentence.paragraph)))
    return found


def _key(match: re.Match[str], year: int | None) -> tuple[int, int, int] | None:
    groups = match.groupdict()
    stated = groups["year"] or groups["year2"] or groups["year3"]
    month_name = next((m for m in (groups["month"], groups["month2"], groups["month3"], groups["month4"]) if m), None)
    day = groups["day"] or groups["day2"]
    resolved = int(stated) if stated else year
    if resolved is None:
        return None
    month = MONTHS.index(month_name.casefold()) + 1 if month_name else 0
    if day and not 1 <= int(day) <= 31:
        return None
    return resolved, month, int(day) if day and month else 0


def _iso(key: tuple[int, int, int]) -> str:
    year, month, day = key
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
