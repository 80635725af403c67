"""The embedded default: pick the article's most central English sentences.

Score = centrality (mean cosine similarity to the article's other sentences) + a lead prior (news
puts the essentials first); then picked greedily with a penalty for resembling a sentence
already picked (maximal marginal relevance), and given back in source order. A sentence that
opens with a connective ("But", "However,") loses it; one that opens with a pronoun pointing
back ("It", "They", "This") is passed over, since its antecedent is in a sentence the reader
may not get; questions and fragments too.

The lead prior counts sentences, not paragraphs (a paragraph of news often holds several); how
its weight was chosen is in docs/decisions.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from pipeline.document import Article, Producer
from pipeline.models.embedder import Embedder
from pipeline.summarize.cite import content_words
from pipeline.text import Sentence, english_sentences

# Embedding costs about 10 ms a sentence here: past this many candidates (a 5 MB article has
# 40,000), a word-frequency score picks which ones the embeddings rank, keeping the opening ones.
MAX_EMBEDDED_CANDIDATES = 1000
LEAD_CANDIDATES = 50
# Fragments shorter than this ("Explanations.") say nothing on their own.
MIN_SENTENCE_WORDS = 6
# Weight of the lead prior against centrality (a mean cosine, typically 0.2-0.5 here), and the
# number of sentences over which it halves.
LEAD_WEIGHT = 0.4
LEAD_HALF_LIFE = 3.0
# An article's key points, what other articles on its story report too: its most central
# sentences, with a light lead prior. They are the claims of a merged summary (`batch/merge.py`)
# and, with the title, what a story is grouped by (`batch/stories.py`).
KEY_POINT_LEAD_WEIGHT = 0.1
# How much resembling an already chosen sentence costs: at 0.5, a sentence with cosine 0.8 to
# one already picked loses 0.4, more than any centrality gap, so near-repeats are rarely both kept.
REDUNDANCY_WEIGHT = 0.5
# Above this cosine a sentence repeats one already chosen (a wire story pasted twice, a
# paragraph the page shows again): never chosen, whatever else is left.
DUPLICATE_SIMILARITY = 0.95


class ExtractiveSummarizer:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    @property
    def producer(self) -> Producer:
        return Producer("extractive", "all-MiniLM-L6-v2" if self.embedder.model == "embedded"
                       else self.embedder.model)

    @property
    def fingerprint(self) -> str:
        return f"extractive:{self.embedder.fingerprint}"

    def summarize(self, article: Article, sentences: int) -> list[str]:
        return key_sentences(article, self.embedder, sentences)


def key_sentences(article: Article, embedder: Embedder, count: int, lead_weight: float = LEAD_WEIGHT) -> list[str]:
    """The article's `count` best sentences that stand alone, in source order."""
    candidates = shortlist(_first_of_each(s for s in english_sentences(article)
                                          if _states_something(s.text) and not _points_back(s.text)))
    if not candidates:
        return []
    chosen = select(candidates, embedder.encode([s.text for s in candidates]), count, lead_weight)
    return [_without_connective(candidates[i].text) for i in sorted(chosen)]


def key_points(article: Article, embedder: Embedder, count: int) -> list[str]:
    return key_sentences(article, embedder, count, KEY_POINT_LEAD_WEIGHT)


def _first_of_each(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Each sentence text once, where it first appears: a page may repeat a paragraph."""
    seen: set[str] = set()
    return [s for s in sentences if not (s.text in seen or seen.add(s.text))]


def shortlist(candidates: list[Sentence]) -> list[Sentence]:
    """At most MAX_EMBEDDED_CANDIDATES sentences, in source order: the opening ones, then those
    whose words the article uses most (a word-frequency score, linear in the article's size)."""
    if len(candidates) <= MAX_EMBEDDED_CANDIDATES:
        return candidates
    words = [content_words(s.text) for s in candidates]
    frequency = Counter(w for ws in words for w in ws)
    score = [sum(frequency[w] for w in ws) / (len(ws) or 1) for ws in words]
    rest = sorted(range(LEAD_CANDIDATES, len(candidates)), key=lambda i: -score[i])
    keep = sorted([*range(LEAD_CANDIDATES), *rest[:MAX_EMBEDDED_CANDIDATES - LEAD_CANDIDATES]])
    return [candidates[i] for i in keep]


# A sentence opening with one of these leans on the one before it.
_CONNECTIVE = re.compile(r"^(?:Or, to be more precise|On the other hand|In addition|But|And|Or|So|Yet|However|"
                         r"Moreover|Also|Besides|Meanwhile|Nevertheless|Therefore|Thus|Then|Still|Indeed)\b,?\s+")
_POINTING_BACK = re.compile(r"^(?:It|He|She|They|This|These|That|Those|Him|Her|Them|His|Its|Their|Both|The latter|"
                            r"The former)\b")


def _without_connective(sentence: str) -> str:
    """"But Kim Jong-un wants ..." -> "Kim Jong-un wants ...": the contrast is with a sentence
    the summary may not show."""
    rest = _CONNECTIVE.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence and rest else sentence


# A subordinate clause standing as a sentence ("When Russia failed to invade in a few hours."):
# the scrape or the translation cut it from its main clause. With a comma, the main one follows.
_SUBORDINATE = re.compile(r"^(?:When|Because|Although|Though|While|Whereas|Since|Unless|If)\b[^,;:]*$")


def _points_back(sentence: str) -> bool:
    """Leans on the sentence before: its pronoun's antecedent, or its main clause, is there."""
    bare = _without_connective(sentence)
    return bool(_POINTING_BACK.match(bare) or _SUBORDINATE.match(bare))


def _states_something(sentence: str) -> bool:
    """Long enough to stand alone, and not a question (which a summary would leave open)."""
    return len(sentence.split()) >= MIN_SENTENCE_WORDS and not sentence.rstrip(" »\"”").endswith("?")


def centrality(vectors: np.ndarray) -> np.ndarray:
    """Mean cosine similarity of each (normalized) vector to all the others, in linear time:
    the sum of v.w over all w is v.(sum of w)."""
    n = len(vectors)
    if n < 2:
        return np.ones(n)
    return (vectors @ vectors.sum(axis=0) - (vectors * vectors).sum(axis=1)) / (n - 1)


def select(candidates: list[Sentence], vectors: np.ndarray, count: int, lead_weight: float = LEAD_WEIGHT) -> list[int]:
    """Indexes of the `count` sentences to keep, by score with a redundancy penalty."""
    lead = np.array([0.5 ** (s.position / LEAD_HALF_LIFE) for s in candidates])
    score = centrality(vectors) + lead_weight * lead
    chosen: list[int] = []
    while len(chosen) < min(count, len(candidates)):
        penalty = (vectors @ vectors[chosen].T).max(axis=1) if chosen else np.zeros(len(candidates))
        gain = score - REDUNDANCY_WEIGHT * penalty
        gain[chosen] = -np.inf
        gain[penalty >= DUPLICATE_SIMILARITY] = -np.inf
        if not np.isfinite(gain.max()):
            break  # what is left repeats what is chosen
        chosen.append(int(np.argmax(gain)))
    return chosen
