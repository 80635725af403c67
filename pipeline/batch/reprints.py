"""Reprints: one text under several names, which is one source, never corroboration.

Outlets print the same agency dispatch, lightly edited; a site files a story twice; a scraper
saves a page again with another headline. Such articles share long runs of words: their word
shingles (runs of SHINGLE_WORDS words) overlap far more than two reports of one event written
apart, which share names and short phrases but seldom five words in a row, again and again.

Two levels use it. Articles whose text is mostly another's (the shorter one's shingles found in
the other) are reprints of one source (`sources_of`). And a sentence that copies another's words
(`copies`) repeats it rather than confirming it, even between articles that are otherwise
written apart (a dispatch quoted in part).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pipeline.batch.analysis import COPY_SHARE, overlap, pairs_sharing, shingles
from pipeline.document import SUMMARIZABLE_KINDS, Article

# An article is a reprint of another when more than half of its text (of its shingles, the
# shorter article's) stands word for word in the other.
REPRINT_SHARE = 0.5
# A shingle found in more articles than this is a site's own text (a footer, a notice) or a set
# phrase, not a copy: it is not counted, which also bounds the pairs it makes.
COMMON_SHINGLE_ARTICLES = 50


def copies(sentence: str, other: str) -> bool:
    """Whether two sentences are one text: the shorter mostly in the other, word for word."""
    return overlap(shingles(sentence), shingles(other)) >= COPY_SHARE


def article_text(article: Article) -> str:
    """What is compared: the article's own text, its headline and labels aside (a copy with
    another headline is still a copy)."""
    return "\n".join(p.text for p in article.paragraphs if p.kind in SUMMARIZABLE_KINDS)


def sources_of(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's source: the article whose text it reprints (the first published of those
    that share it, then the first by id), or itself. Candidate pairs come from an index of
    shingles, so the work grows with the batch, not with its square."""
    sets = [shingles(article_text(a)) for a in articles]
    pairs = pairs_sharing(sets, COMMON_SHINGLE_ARTICLES)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), shared in pairs.items():
        smaller = min(len(sets[i]), len(sets[j]))
        if smaller and shared / smaller >= REPRINT_SHARE:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(articles)):
        groups[root(index)].append(index)
    source: dict[str, str] = {}
    for members in groups.values():
        first = min(members, key=lambda i: (articles[i].meta.date or "~", articles[i].id))
        for member in members:
            source[articles[member].id] = articles[first].id
    return source
