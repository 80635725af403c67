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
from pipeline.text import WORD, fold

K = TypeVar("K", bound=Hashable)

# A text found word for word in articles of this many publication days is the site's own (a
# notice, a related story's blurb), not news: wire copy runs the day it is sent, or the next.
SITE_TEXT_DAYS = 3


def repeated_site_text(articles: Sequence[Article], texts: Callable[[Article], Iterable[str]]) -> set[str]:
    """Of the `texts` of each article (its sentences, its lines), those that stand in articles of
    SITE_TEXT_DAYS publication days or more, word for word or nearly (a site's notice with a word
    changed from page to page: "on the uprisings in Libya of 2011", "on the uprising in Libya 2011")."""
    days: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article.meta.date:
            for text in texts(article):
                days[text].add(article.meta.date[:10])
    site = {text for text, published in days.items() if len(published) >= SITE_TEXT_DAYS}
    rest = [text for text in days if text not in site]
    sets = [shingles(text) for text in rest]
    near: dict[int, set[str]] = defaultdict(set)
    for (i, j), shared in pairs_sharing(sets, COMMON_SHINGLE_TEXTS).items():
        if shared >= max(NEAR_COPY_SHINGLES, COPY_SHARE * min(len(sets[i]), len(sets[j]))):
            near[i] |= days[rest[j]]
            near[j] |= days[rest[i]]
    return site | {rest[i] for i, found in near.items() if len(found | days[rest[i]]) >= SITE_TEXT_DAYS}


# Words in a shingle: five words in a row are a copy's mark (names and set phrases are shorter).
SHINGLE_WORDS = 5
# A text copies another when this share of its shingles (the shorter one's) stand in the other.
COPY_SHARE = 0.5
# A near copy, not word for word, shares at least this many shingles: a run of seven words or
# more, not one short sentence that reads like another but for a figure ("the toll rose to 12").
NEAR_COPY_SHINGLES = 3
# A shingle in more texts than this is a set phrase more than a copy: it is not counted, which
# also bounds the pairs it makes.
COMMON_SHINGLE_TEXTS = 50


def shingles(text: str) -> frozenset[int]:
    """The text's runs of SHINGLE_WORDS words, folded (a text shorter than that is one run)."""
    words = [fold(w) for w in WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return frozenset({hash(tuple(words))}) if words else frozenset()
    return frozenset(hash(tuple(words[i:i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1))


def overlap(first: frozenset[int], second: frozenset[int]) -> float:
    """The share of the smaller set found in the other."""
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


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
