"""Stories: the articles of a batch grouped by the event or developing story they report.

Two articles are linked when they name the same people, places or organisations (capitalised
words inside the source text's sentences) and read alike: a name in common and a cosine
similarity of their gists (title and key points, embedded) above STORY_SIMILARITY; with several
names in common and a third article linked to both, a looser similarity will do. Candidate
pairs come from an inverted index of names, so the work grows with the batch, not with its
square. Stories are the connected components of the links (scipy's `connected_components`);
then an article left alone joins the story of three or more whose centroid it reads like, when
it names names the story names. Articles published more than a year apart are never linked.
All of it is deterministic, and stable under growth: a new article can only join or bridge the
stories it links to (and so move their centroids); every other story keeps its articles and its
id.

A story keeps the id it had in the previous run (the earlier story it shares the most articles
with); a new story is named after its first article.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from pipeline.batch.analysis import pairs_sharing, publication_day, repeated_site_text
from pipeline.batch.timeline import MONTHS, WEEKDAYS
from pipeline.document import Article, Story
from pipeline.models.embedder import Embedder
from pipeline.summarize.extractive import key_points
from pipeline.text import WORD, fold, split_sentences

# Cosine between two articles' gists above which, with a name in common, they report one story
# (docs/decisions.md#stories).
STORY_SIMILARITY = 0.58
# Key points in a gist, beside the title: what an article reports, in a few sentences.
GIST_POINTS = 4
# With this many names in common, a lower cosine will do (one event told from two angles), for
# two articles that each have a close link and a third article linked to both.
MANY_NAMES = 4
LOOSE_STORY_SIMILARITY = 0.45
# A lone article joins a story of at least ATTACH_MIN_ARTICLES articles whose centroid it reads
# like (cosine ATTACH_SIMILARITY), naming ATTACH_NAMES names that two of its articles name.
ATTACH_MIN_ARTICLES = 3
ATTACH_SIMILARITY = 0.54
ATTACH_NAMES = 2
# An article published while a story ran joins it at a lower cosine: a developing story's
# side stories come out while it runs.
ATTACH_SIMILARITY_WHILE_RUNNING = 0.50
# Two articles published further apart than this report two events, however alike they read; a
# story that runs longer holds together through the articles published in between.
STORY_GAP_DAYS = 365
# A name in more articles than this links none of them: it bounds the pairs a name can make
# (and so the cost per article), whatever the size of the batch.
COMMON_NAME_ARTICLES = 200
# Capitalised words that name no one: days and months.
_NOT_NAMES = frozenset(WEEKDAYS + MONTHS)
# Shorter capitalised words are initials and stray letters.
MIN_NAME_LENGTH = 3
# Paragraphs read for names: the opening of an article names its actors.
NAME_PARAGRAPHS = 12
STORY_PREFIX = "s-"


def group(articles: Sequence[Article], embedder: Embedder,
          previous: Mapping[str, Sequence[str]] | None = None) -> list[Story]:
    """The batch's stories, largest first (then by first article); `previous` maps the story
    ids of the last run to their articles, so that stories keep their ids."""
    if not articles:
        return []
    # here, not at the top: scipy's import is 0.2-0.5 s that a single-file summary does not need
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    articles = _without_site_text(articles)
    names = [_names(a) for a in articles]
    vectors = embedder.encode([_gist(a, embedder) for a in articles])
    days = [publication_day(a.meta.date) for a in articles]
    links = _links(pairs_sharing(names, COMMON_NAME_ARTICLES), vectors, days)
    rows, cols = [i for i, _ in links], [j for _, j in links]
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles), len(articles)))
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[int(label)].append(index)
    groups = sorted(_with_singles_attached(list(members.values()), names, vectors, days),
                    key=lambda m: (-len(m), m[0]))
    return _named([tuple(articles[i].id for i in m) for m in groups], previous or {})


def _links(pairs: dict[tuple[int, int], int], vectors: np.ndarray,
           days: Sequence[int | None]) -> list[tuple[int, int]]:
    """The pairs that report one story: close gists with a name in common, or looser ones with
    several names in common between two articles that each have a close link, and an article
    linked to both; never two articles published more than STORY_GAP_DAYS apart. A loose link
    alone chained single articles on one country's politics (the same party and leaders named,
    other events told) into one story; a developing story has many articles linked to each
    other, and an article that only names its places and leaders is not one of them."""
    close, loose = [], []
    for (i, j), shared in pairs.items():
        if _apart(days[i], days[j]):
            continue
        cosine = float(vectors[i] @ vectors[j])
        if cosine >= STORY_SIMILARITY:
            close.append((i, j))
        elif shared >= MANY_NAMES and cosine >= LOOSE_STORY_SIMILARITY:
            loose.append((i, j))
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in close + loose:
        neighbours[i].add(j)
        neighbours[j].add(i)
    closely_linked = {i for pair in close for i in pair}
    return close + [(i, j) for i, j in loose
                    if i in closely_linked and j in closely_linked and neighbours[i] & neighbours[j]]


def _with_singles_attached(groups: list[list[int]], names: list[set[str]], vectors: np.ndarray,
                           days: Sequence[int | None]) -> list[list[int]]:
    """Each article left alone joins the story of ATTACH_MIN_ARTICLES or more whose centroid
    (the mean of its gists) it reads most like, when that cosine is at least ATTACH_SIMILARITY
    (ATTACH_SIMILARITY_WHILE_RUNNING when it was published within the story's dates) and it
    names ATTACH_NAMES names that two of the story's articles name. An article that tells a
    story from another angle (a portrait, an opinion, a retrospective) reads less like any one
    report than like the story as a whole. The lone articles are weighed again against the
    stories that took some in, until none joins (a story grown in one round draws the other
    angles on it in the next). In each round
    every lone article is weighed against the same stories, so the order of the batch does not
    matter. A dated article joins no story whose dated articles were all published more than
    STORY_GAP_DAYS before or after it. `days` are the articles' publication days (ordinals),
    None where unknown."""
    while len(grown := _attach_once(groups, names, vectors, days)) < len(groups):
        groups = grown
    return grown


def _attach_once(groups: list[list[int]], names: list[set[str]], vectors: np.ndarray,
                 days: Sequence[int | None]) -> list[list[int]]:
    told: dict[str, list[int]] = defaultdict(list)  # name -> the stories two of whose articles name it
    centroids: dict[int, np.ndarray] = {}
    spans: dict[int, tuple[int, int]] = {}  # story -> its first and last publication days
    for story, members in enumerate(groups):
        if len(members) >= ATTACH_MIN_ARTICLES:
            counts = Counter(name for member in members for name in names[member])
            for name in (name for name, count in counts.items() if count >= 2):
                told[name].append(story)
            centroid = vectors[members].mean(axis=0)
            centroids[story] = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
            if dated := sorted(day for member in members if (day := days[member]) is not None):
                spans[story] = (dated[0], dated[-1])
    out = [list(members) for members in groups]
    for position, members in enumerate(groups):
        if len(members) > 1:
            continue
        article, day = members[0], days[members[0]]
        shared = Counter(story for name in names[article] for story in told.get(name, ()))
        near = {story: float(vectors[article] @ centroids[story]) for story, count in shared.items()
                if count >= ATTACH_NAMES
                and not (day is not None and story in spans and _outside(day, spans[story]))}
        best = min(near, key=lambda story: (-near[story], story), default=None)
        if best is None:
            continue
        running = day is not None and best in spans and spans[best][0] <= day <= spans[best][1]
        if near[best] >= (ATTACH_SIMILARITY_WHILE_RUNNING if running else ATTACH_SIMILARITY):
            out[best] += members
            out[position] = []
    return [members for members in out if members]


def _apart(first: int | None, second: int | None) -> bool:
    """Whether two publication days are more than STORY_GAP_DAYS apart (never, with one unknown)."""
    return first is not None and second is not None and abs(first - second) > STORY_GAP_DAYS


def _outside(day: int, span: tuple[int, int]) -> bool:
    """Whether a publication day falls more than STORY_GAP_DAYS before or after a story's span."""
    return day < span[0] - STORY_GAP_DAYS or day > span[1] + STORY_GAP_DAYS


def describe(story: Story, articles: Sequence[Article], key: str) -> Story:
    """The story with what its index says of it: title, dates, outlets, and the key of what its
    merged summary is made from."""
    dates = sorted(a.meta.date for a in articles if a.meta.date)
    outlets = sorted({a.meta.outlet for a in articles if a.meta.outlet})
    title = next((a.english_title for a in articles if a.english_title), "")
    return Story(story.id, story.articles, title, tuple(dict.fromkeys([*dates[:1], *dates[-1:]])), tuple(outlets),
                 key)


def _named(groups: list[tuple[str, ...]], previous: Mapping[str, Sequence[str]]) -> list[Story]:
    """Each group with the id of the earlier story it shares the most articles with (each id
    used once, the largest groups choosing first), else one made from its first article."""
    owner = {article: story for story, ids in previous.items() for article in ids}
    taken: set[str] = set()
    stories = []
    for ids in groups:
        overlap: dict[str, int] = defaultdict(int)
        for article in ids:
            if article in owner and owner[article] not in taken:
                overlap[owner[article]] += 1
        story = min(overlap, key=lambda s: (-overlap[s], s)) if overlap else None
        if story is None:
            story = STORY_PREFIX + ids[0]
            while story in taken:  # the id of a story that another group kept
                story += "-"
        taken.add(story)
        stories.append(Story(story, ids))
    return stories


def _without_site_text(articles: Sequence[Article]) -> list[Article]:
    """The articles without the lines that stand word for word in articles of SITE_TEXT_DAYS
    publication days or more: a site's teasers and notices (`analysis.repeated_site_text`), which
    made pages of one site read alike whatever their story."""
    site = repeated_site_text(articles, lambda article: (p.text for p in article.paragraphs))
    if not site:
        return list(articles)
    return [replace(a, paragraphs=kept, title=None if a.title in site else a.title)
            if len(kept := tuple(p for p in a.paragraphs if p.text not in site)) < len(a.paragraphs) else a
            for a in articles]


def _gist(article: Article, embedder: Embedder) -> str:
    """What an article is about, in a few sentences: its title and its key points."""
    return " ".join([article.english_title, *key_points(article, embedder, GIST_POINTS)]).strip() or article.id


def _names(article: Article) -> set[str]:
    """Capitalised words inside the sentences of the source text: in French (and most source
    languages) only names are capitalised there, where the machine English also capitalises
    the words it mistook for names. A sentence's first word is capitalised whatever it is."""
    found = set()
    for paragraph in article.paragraphs[:NAME_PARAGRAPHS]:
        if paragraph.kind not in ("title", "body", "quote"):
            continue
        for sentence in split_sentences(paragraph.text, paragraph.lang or "en"):
            for word in WORD.findall(sentence)[1:]:
                if word[0].isupper() and len(word) >= MIN_NAME_LENGTH and fold(word) not in _NOT_NAMES:
                    found.add(fold(word))
    return found
