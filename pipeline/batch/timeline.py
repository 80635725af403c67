"""A dated timeline of a batch: each dated event once, citing every article that dates it.

Dates are read from the English ("18 June 2024", "in September 2023", "June 18, 2024"). One
without a year takes the year that puts it nearest its article's date, the past a little more
than the future ("in November" in an article of June 2024 is November 2023). In an undated
article it takes the year that the other articles give that month, when they all give the same
one ("12 September" beside another article's "13 September 2023"), and is left out otherwise:
the years an article mentions date its background, not its news ("in September" in a story that
recalls 2019 is not September 2019). A bare year ("in 2006") is background, not an event of the
story. A weekday ("on Tuesday", "this Tuesday") is news of the week the article was published:
it dates an event to the day when the article's date is a day (the nearest such weekday, "last"
and "next" before and after it), to the month when it is a month, and not at all when the
article is undated. Sentences of several articles with the same date that say the same thing
(close embeddings, or two names or numbers in common) are one event.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.document import Article, MergedCitation, TimelineEvent
from pipeline.models.embedder import Embedder
from pipeline.summarize.cite import numbers, proper_names
from pipeline.text import Sentence, english_sentences, fold

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
    rf"|(?<=\b[Ii]n )(?P<month4>(?!May\b)(?:{_MONTH}))\b)")
_WEEKDAY = re.compile(
    rf"\b(?:(?P<which>[Tt]his|[Ll]ast|[Nn]ext) )?(?P<weekday>{'|'.join(d.capitalize() for d in WEEKDAYS)})\b")
# An article's publication date as its `meta` gives it: ISO, as precise as the page was.
PUBLICATION_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
# Days around an article's date that a bare weekday may fall on: news reports the days just past
# more than the days to come, so "Tuesday" in an article of Saturday is the Tuesday before it.
WEEKDAY_OFFSETS = range(-4, 3)
# Months around an article's date that a month named without a year may be, likewise: "in
# November" in an article of June 2024 is November 2023, "in August" August 2024.
MONTH_OFFSETS = range(-8, 4)
# Cosine above which two sentences with the same date tell one event.
SAME_EVENT_SIMILARITY = 0.6
# Names and numbers (the date's aside) two sentences with the same date share to tell one event.
SAME_EVENT_ANCHORS = 2


@dataclass(frozen=True)
class Dated:
    """A sentence of an article and a date it gives, resolved."""

    key: tuple[int, int, int]  # year, month (0: none), day (0: none)
    said: str  # the date as the article gives it
    text: str
    citation: MergedCitation

    @property
    def iso(self) -> str:
        """"2024-06-18", "2024-06", "2024": as precise as the article."""
        year, month, day = self.key
        return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def dated(articles: Sequence[Article]) -> list[Dated]:
    """Every date the articles give, with its sentence, in article and sentence order."""
    read = [(article, [(sentence, list(_DATE.finditer(sentence.text))) for sentence in english_sentences(article)])
            for article in articles]
    stated = _stated_years(read)
    return [d for article, sentences in read for d in _dated_sentences(article, sentences, stated)]


def timeline(dated: Sequence[Dated], embedder: Embedder) -> tuple[TimelineEvent, ...]:
    """The dated events (from `dated`) in date order, each once, citing every article that
    dates it."""
    if not dated:
        return ()
    vectors = embedder.encode([d.text for d in dated])
    events: list[tuple[Dated, list[MergedCitation], int]] = []  # first sentence, citations, its row
    on_date: dict[tuple[int, int, int], list[tuple[Dated, list[MergedCitation], int]]] = {}
    for row, item in enumerate(dated):
        same = next((event for event in on_date.get(item.key, ())
                     if _same_event(event[0], item, float(vectors[event[2]] @ vectors[row]))), None)
        if same is None:
            events.append((item, [item.citation], row))
            on_date.setdefault(item.key, []).append(events[-1])
        elif item.citation.article not in {c.article for c in same[1]}:
            same[1].append(item.citation)
    events.sort(key=lambda event: event[0].key)
    return tuple(TimelineEvent(first.said, first.iso, first.text, tuple(citations))
                 for first, citations, _ in events)


def _same_event(first: Dated, other: Dated, cosine: float) -> bool:
    if first.citation.article == other.citation.article:
        return first.text == other.text
    shared = _anchors(first.text, first.said) & _anchors(other.text, other.said)
    return cosine >= SAME_EVENT_SIMILARITY or len(shared) >= SAME_EVENT_ANCHORS


def _anchors(text: str, said: str) -> set[str]:
    return {fold(n) for n in proper_names(text) if fold(n) not in MONTHS} | (numbers(text) - numbers(said))


# Each article with its English sentences and the dates `_DATE` finds in each
_Read = list[tuple[Article, list[tuple[Sentence, list[re.Match[str]]]]]]


def _stated_years(read: _Read) -> dict[int, dict[int, set[str]]]:
    """Month -> year -> the articles that give that month that year ("13 September 2023")."""
    years: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article, sentences in read:
        for _, matches in sentences:
            for match in matches:
                month, _, year = _parts(match)
                if month and year:
                    years[month][year].add(article.id)
    return years


def _dated_sentences(article: Article, sentences: list[tuple[Sentence, list[re.Match[str]]]],
                     stated: dict[int, dict[int, set[str]]]) -> list[Dated]:
    published = PUBLICATION_DATE.match(article.meta.date or "")
    found = []
    for sentence, matches in sentences:
        citation = MergedCitation(article.id, sentence.paragraph)
        dates = []
        for match in matches:
            month, day, year = _parts(match)
            year = year or _nearest_year(published, month) or _story_year(stated, month, article.id)
            if year and (not day or 1 <= day <= 31):
                dates.append(((year, month, day if month else 0), match.group().strip()))
        if not dates and published:  # a weekday beside a date is that date's
            dates = [(_weekday_key(match, published), match.group()) for match in _WEEKDAY.finditer(sentence.text)]
        found += [Dated(key, said, sentence.text, citation) for key, said in dates if key is not None]
    return found


def _nearest_year(published: re.Match[str] | None, month: int) -> int | None:
    """The year of the article's date, or the one before or after where the month falls nearer
    to that date ("December" in an article of January is last December)."""
    if published is None:
        return None
    year = int(published.group("year"))
    if not month or not published.group("month"):
        return year
    offset = month - int(published.group("month"))
    return next(year + shift for shift in (0, -1, 1) if offset + 12 * shift in MONTH_OFFSETS)


def _story_year(stated: dict[int, dict[int, set[str]]], month: int, article: str) -> int | None:
    """The one year that the other articles give `month`, or None."""
    years = [year for year, articles in stated.get(month, {}).items() if articles - {article}]
    return years[0] if len(years) == 1 else None


def _weekday_key(match: re.Match[str], published: re.Match[str]) -> tuple[int, int, int] | None:
    """The day (or, from an article dated to the month, the month) a weekday names."""
    year, month, day = (int(part) if part else 0 for part in published.group("year", "month", "day"))
    if not month:
        return None
    if not day:
        return year, month, 0
    try:
        today = date(year, month, day)
    except ValueError:
        return None
    offset = WEEKDAYS.index(match.group("weekday").casefold()) - today.weekday()
    which = (match.group("which") or "").casefold()
    if which == "last":
        offset = offset % 7 - 7 if offset % 7 else -7
    elif which == "next":
        offset = offset % 7 or 7
    else:
        offset = (offset - WEEKDAY_OFFSETS.start) % 7 + WEEKDAY_OFFSETS.start
    when = today + timedelta(days=offset)
    return when.year, when.month, when.day


def _parts(match: re.Match[str]) -> tuple[int, int, int | None]:
    """Month (0: none), day (0: none) and year (None: not given) of a date found by `_DATE`."""
    groups = match.groupdict()
    stated = groups["year"] or groups["year2"] or groups["year3"]
    month_name = next((m for m in (groups["month"], groups["month2"], groups["month3"], groups["month4"]) if m), None)
    day = groups["day"] or groups["day2"]
    month = MONTHS.index(month_name.casefold()) + 1 if month_name else 0
    return month, int(day) if day else 0, int(stated) if stated else None
