"""Topics and stories: the articles of a batch grouped at two levels.

A topic is what a run of news is about (the Libyan war, Rachida Dati at the Justice ministry); a
story is one event or period inside it (the army in Lhasa, the Olympics' opening), with its own
merged summary. One level cannot be right for both: articles on one topic share its names and
words whatever event they report.

Topics are communities of the article graph. Two articles are candidates when they name someone
in common (a name fewer than COMMON_NAME_ARTICLES articles name) and were not published years
apart; their similarity is the mean of the cosines of their gists (title and key points,
embedded) and of their source words (TF-IDF over the batch). Each article is linked to its
NEIGHBOURS most similar candidates, where that similarity is above what articles with no name
in common reach in this very batch (its NULL_PERCENTILE-th percentile): the bar follows the batch,
not a number fitted to one data set. The communities of that graph (Louvain, as networkx gives
it, seeded, over articles in id order) are the topics: a topic holds together where its articles
link to each other more than to the rest, so a few links between two topics do not chain them
into one, as connected components would.

Stories are a topic's events or periods, told apart by time: a topic's dated articles, in date
order, start a new story after a pause of more than EVENT_GAP_DAYS in its coverage; an undated
article joins the story it reads most like. A topic with no dates is one story: its words and
names alone do not tell its events apart (docs/stories.md).

Everything is deterministic and independent of the order of the files. Topics and stories keep
the ids they had in the previous run (the earlier one they share the most articles with); a new
one is named after its first article.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from pipeline.batch.analysis import pairs_sharing, publication_day, repeated_site_text
from pipeline.batch.timeline import MONTHS, WEEKDAYS
from pipeline.clean.prose import function_words
from pipeline.document import Article, Story, Topic
from pipeline.models.embedder import Embedder
from pipeline.summarize.extractive import key_points
from pipeline.text import WORD, fold, split_sentences

# Key points in a gist, beside the title: what an article reports, in a few sentences.
GIST_POINTS = 4
# Links kept per article, its most similar candidates: enough to hold a topic of dozens of
# articles together, few enough that the graph grows with the batch, not with its square.
NEIGHBOURS = 10
# An edge needs a similarity above this percentile of the similarities of the batch's articles
# that name no one in common: above what chance and a shared subject give.
NULL_PERCENTILE = 99
# Below this many such pairs (a small batch on one subject), the bar is DEFAULT_FLOOR, the value
# the percentile takes on a batch of many subjects (docs/stories.md).
MIN_NULL_PAIRS = 200
DEFAULT_FLOOR = 0.3
# Louvain's resolution: 1 is modularity as defined, neither favouring large communities nor small.
RESOLUTION = 1.0
# A fixed seed, for the same topics from the same articles on every run and machine.
SEED = 7
# Two articles published further apart than this report two topics, however alike they read: a
# war and the same country's politics years later name the same places and leaders.
TOPIC_GAP_DAYS = 365
# A pause longer than this in a topic's coverage ends a story: the news of one event runs on
# from day to day; a development weeks later is another story of the topic.
EVENT_GAP_DAYS = 10
# A name in more articles than this links none of them: it bounds the pairs a name can make
# (and so the cost per article), whatever the size of the batch.
COMMON_NAME_ARTICLES = 200
# Capitalised words that name no one: days and months.
_NOT_NAMES = frozenset(WEEKDAYS + MONTHS)
# Shorter capitalised words are initials and stray letters; shorter words say little of a subject.
MIN_NAME_LENGTH = 3
MIN_WORD_LENGTH = 4
# Paragraphs read for names: the opening of an article names its actors.
NAME_PARAGRAPHS = 12
STORY_PREFIX = "s-"
TOPIC_PREFIX = "t-"


@dataclass(frozen=True)
class Grouping:
    topics: list[Topic]  # largest first
    stories: list[Story]  # largest first, each naming its topic


def group(articles: Sequence[Article], embedder: Embedder, previous_stories: Mapping[str, Sequence[str]] | None = None,
          previous_topics: Mapping[str, Sequence[str]] | None = None) -> Grouping:
    """The batch's topics and stories. `previous_*` map the ids of the last run's topics and
    stories to their articles, so that both keep their ids."""
    if not articles:
        return Grouping([], [])
    articles = sorted(_without_site_text(articles), key=lambda a: a.id)
    days = [publication_day(a.meta.date) for a in articles]
    vectors = embedder.encode([_gist(a, embedder) for a in articles])
    topics = _communities(_similarity(articles, vectors), _candidates(articles, days))
    story_groups = [story for topic in topics for story in _events(topic, days, vectors)]
    stories = _named(sorted((tuple(articles[i].id for i in s) for s in story_groups), key=lambda s: (-len(s), s)),
                     previous_stories or {}, STORY_PREFIX)
    story_of = {article: story.id for story in stories for article in story.articles}
    topic_groups = sorted((tuple(articles[i].id for i in t) for t in topics), key=lambda t: (-len(t), t))
    named_topics = _named(topic_groups, previous_topics or {}, TOPIC_PREFIX)
    topic_of = {article: topic.id for topic in named_topics for article in topic.articles}
    return Grouping([Topic(t.id, tuple(dict.fromkeys(story_of[a] for a in t.articles))) for t in named_topics],
                    [replace(s, topic=topic_of[s.articles[0]]) for s in stories])


def _similarity(articles: Sequence[Article], vectors: np.ndarray) -> np.ndarray:
    """Each pair's similarity: the mean of the cosines of their gists and of their words."""
    words = _word_vectors(articles)
    return (vectors @ vectors.T + (words @ words.T).toarray()) / 2


def _word_vectors(articles: Sequence[Article]) -> object:
    """The articles' source words, weighted by TF-IDF over the batch and normalised (sparse)."""
    from scipy.sparse import csr_matrix

    counts = [Counter(_words(a)) for a in articles]
    documents = Counter(word for found in counts for word in found)
    vocabulary = {word: index for index, word in enumerate(sorted(w for w, n in documents.items() if n > 1))}
    rows, cols, values = [], [], []
    for row, found in enumerate(counts):
        weights = {vocabulary[w]: (1 + math.log(n)) * math.log(len(articles) / documents[w])
                   for w, n in found.items() if w in vocabulary}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for col, value in sorted(weights.items()):
            rows.append(row)
            cols.append(col)
            values.append(value / norm)
    return csr_matrix((values, (rows, cols)), shape=(len(articles), len(vocabulary)), dtype=np.float32)


def _words(article: Article) -> list[str]:
    common = function_words(article.lang.code if article.lang else "fr")
    return [w for p in article.paragraphs if p.kind in ("title", "body", "quote")
            for w in WORD.findall(fold(p.text)) if len(w) >= MIN_WORD_LENGTH and w not in common]


def _candidates(articles: Sequence[Article], days: Sequence[int | None]) -> np.ndarray:
    """Which pairs may be linked: a rare name in common, and not published years apart."""
    allowed = np.zeros((len(articles), len(articles)), dtype=bool)
    for (i, j), _ in pairs_sharing([_names(a) for a in articles], COMMON_NAME_ARTICLES).items():
        if not (days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > TOPIC_GAP_DAYS):
            allowed[i, j] = allowed[j, i] = True
    return allowed


def _communities(similarity: np.ndarray, candidates: np.ndarray) -> list[list[int]]:
    """The topics: communities of the graph that links each article to its NEIGHBOURS most
    similar candidates above the batch's bar."""
    import networkx as nx

    floor = _floor(similarity, candidates)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(similarity)))
    for i, row in enumerate(np.where(candidates, similarity, -1.0)):
        for j in np.argsort(-row, kind="stable")[:NEIGHBOURS]:
            if row[j] > floor and i != j:
                graph.add_edge(min(i, int(j)), max(i, int(j)), weight=float(row[j]))
    found = nx.community.louvain_communities(graph, weight="weight", resolution=RESOLUTION, seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: c[0])


def _floor(similarity: np.ndarray, candidates: np.ndarray) -> float:
    """The bar an edge must pass: the NULL_PERCENTILE-th percentile of the similarities of pairs
    that name no one in common, or DEFAULT_FLOOR when there are too few of them."""
    upper = np.triu(np.ones(candidates.shape, dtype=bool), 1)
    null = similarity[upper & ~candidates]
    return float(np.percentile(null, NULL_PERCENTILE)) if len(null) >= MIN_NULL_PAIRS else DEFAULT_FLOOR


def _events(topic: list[int], days: Sequence[int | None], vectors: np.ndarray) -> list[list[int]]:
    """A topic's stories: its dated articles in date order, a new story after each pause of more
    than EVENT_GAP_DAYS; an undated article joins the story whose gists it reads most like."""
    dated = sorted((days[i], i) for i in topic if days[i] is not None)
    stories: list[list[int]] = []
    last = None
    for day, index in dated:
        if last is None or day - last > EVENT_GAP_DAYS:
            stories.append([])
        stories[-1].append(index)
        last = day
    undated = [i for i in topic if days[i] is None]
    if len(stories) < 2:
        return [sorted(topic)]
    centroids = np.stack([vectors[s].mean(axis=0) for s in stories])
    for index in undated:
        stories[int(np.argmax(centroids @ vectors[index]))].append(index)
    return [sorted(s) for s in stories]


def describe(story: Story, articles: Sequence[Article], key: str) -> Story:
    """The story with what its index says of it: title, dates, outlets, and the key of what its
    merged summary is made from."""
    dates = sorted(a.meta.date for a in articles if a.meta.date)
    outlets = sorted({a.meta.outlet for a in articles if a.meta.outlet})
    title = next((a.english_title for a in articles if a.english_title), "")
    return replace(story, title=title, dates=tuple(dict.fromkeys([*dates[:1], *dates[-1:]])),
                   outlets=tuple(outlets), key=key)


def _named(groups: list[tuple[str, ...]], previous: Mapping[str, Sequence[str]], prefix: str) -> list[Story]:
    """Each group with the id of the earlier group it shares the most articles with (each id
    used once, the largest groups choosing first), else one made from its first article."""
    owner = {article: name for name, ids in previous.items() for article in ids}
    taken: set[str] = set()
    named = []
    for ids in groups:
        overlap: dict[str, int] = defaultdict(int)
        for article in ids:
            if article in owner and owner[article] not in taken:
                overlap[owner[article]] += 1
        name = min(overlap, key=lambda s: (-overlap[s], s)) if overlap else None
        if name is None:
            name = prefix + ids[0]
            while name in taken:  # the id of a group that another group kept
                name += "-"
        taken.add(name)
        named.append(Story(name, ids))
    return named


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
