"""What the batch analyses share: the site's own text, publication days, and pairs that share keys.

Stories, merged summaries and reprints each look across the articles of a batch; what they ask
alike is answered here once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from pipeline.batch.timeline import PUBLICATION_DATE
from pipeline.document import Article

K = TypeVar("K", bound=Hashable)

# A text found word for word in articles of this many publication days is the site's own (a
# notice, a related story's blurb), not news: wire copy runs the day it is sent, or the next.
SITE_TEXT_DAYS = 3


def repeated_site_text(articles: Sequence[Article], texts: Callable[[Article], Iterable[str]]) -> set[str]:
    """Of the `texts` of each article (its sentences, its lines), those that stand word for word
    in articles of SITE_TEXT_DAYS publication days or more."""
    days: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article.meta.date:
            for text in texts(article):
                days[text].add(article.meta.date[:10])
    return {text for text, published in days.items() if len(published) >= SITE_TEXT_DAYS}


def publication_day(date: str | None) -> int | None:
    """A publication date (ISO, as precise as it was given) as a day number; a date without its
    month or day stands for the middle of its year or month."""
    if not date or not (match := PUBLICATION_DATE.match(date)):
        return None
    year, month, day = match.group("year", "month", "day")
    try:
        return datetime.date(int(year), int(month or 7), int(day or 15)).toordinal()
    except ValueError:  # a day the calendar does not have
        return None


def pairs_sharing(keys: Sequence[Iterable[K]], most: int) -> dict[tuple[int, int], int]:
    """Pairs of items (i < j, by position) with keys in common, and how many they share; a key
    that more than `most` items have links none of them, which bounds the pairs a key makes
    (and so the work per item), whatever the size of the batch. An inverted index finds them:
    the work grows with the batch, not with its square."""
    index: dict[K, list[int]] = defaultdict(list)
    for position, found in enumerate(keys):
        for key in set(found):
            index[key].append(position)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for positions in index.values():
        if 1 < len(positions) <= most:
            for a, first in enumerate(positions):
                for second in positions[a + 1:]:
                    pairs[(first, second)] += 1
    return pairs
