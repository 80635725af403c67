"""One summary of a batch, where a claim reported by several articles cites all of them.

The claims are the articles' own summary sentences. Each claim is compared with every sentence
of the other articles: where one says the same thing, that article's paragraph is cited too.
Claims that say the same thing are kept once, with the citations of all. The merged summary
lists the claims backed by the most articles first, then the most central.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.cite import content_words, missing_fact
from pipeline.document import Article, MergedCitation, MergedSentence, MergedSummary
from pipeline.embed import Embedder
from pipeline.summarize.extractive import centrality
from pipeline.text import Sentence, english_sentences

# Cosine similarity (all-MiniLM-L6-v2) above which a sentence of another article reports the
# same fact. On this corpus's machine-translated English, sentences that only share the topic
# (Russia, North Korea, arms) reach 0.6-0.7, and a claim and its denial ("allies fear North Korea
# will arm Russia" / "North Korea does not supply arms to Russia") 0.77: cosine similarity cannot
# tell them apart. Paraphrases of one fact scored 0.74-0.96 in checks. A false corroboration
# misleads a reader more than a missed one, so the bar sits above the denial: close rewordings
# corroborate, looser ones are missed.
CORROBORATION_SIMILARITY = 0.8
# Sentences of each other article, sharing most words with a claim, that are embedded to look
# for a corroboration.
CORROBORATION_CANDIDATES = 20
# Above this, two claims are the same claim and are kept once.
SAME_CLAIM_SIMILARITY = 0.75
# Other articles examined for each claim: those sharing most of its content words (an inverted
# index finds them), so that merging grows with the batch, not with its square.
CANDIDATE_ARTICLES = 20
# A word that this many articles use ("government", "said") tells no article from another: it
# is not looked up, which bounds the work per claim whatever the size of the batch.
COMMON_WORD_ARTICLES = 200


@dataclass
class _Group:
    text: str
    support: float
    centrality: float
    vector: np.ndarray
    citations: list[MergedCitation] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {c.article for c in self.citations}

    def cite(self, citations: Sequence[MergedCitation]) -> None:
        self.citations.extend(c for c in citations if c not in self.citations)


def merge(articles: Sequence[Article], embedder: Embedder, sentences: int) -> MergedSummary:
    ids = tuple(a.id for a in articles)
    claims = [(a, s) for a in articles for s in a.summary]
    if not claims:
        return MergedSummary(articles=ids, summary=())
    vectors = embedder.encode([s.text for _, s in claims])
    central = centrality(vectors)
    groups: list[_Group] = []
    group_vectors = np.zeros((len(claims), vectors.shape[1]), dtype=vectors.dtype)  # one row per group
    for index in sorted(range(len(claims)), key=lambda i: -central[i]):
        article, sentence = claims[index]
        own = [MergedCitation(article.id, p) for p in sentence.citations]
        similar = np.flatnonzero(group_vectors[:len(groups)] @ vectors[index] >= SAME_CLAIM_SIMILARITY)
        if len(similar):
            match = groups[int(similar[0])]  # the first, as groups come most central first
        else:
            match = _Group(sentence.text, sentence.support, float(central[index]), vectors[index])
            group_vectors[len(groups)] = vectors[index]
            groups.append(match)
        match.cite(own)
    evidence = [(a, units, [content_words(u.text) for u in units])
                for a in articles if (units := english_sentences(a))]
    index: dict[str, list[int]] = defaultdict(list)  # content word -> articles (in evidence) using it
    for position, (_, _, words) in enumerate(evidence):
        for word in set().union(*words):
            index[word].append(position)
    for group in groups:
        lists = (index.get(word, []) for word in content_words(group.text))
        shared = Counter(position for found in lists if len(found) <= COMMON_WORD_ARTICLES for position in found)
        nearest = [evidence[position] for position, _ in shared.most_common(CANDIDATE_ARTICLES)]
        group.cite(_corroborations(group, nearest, embedder))
    order = {a: i for i, a in enumerate(ids)}
    ranked = sorted(groups, key=lambda g: (-len(g.articles), -g.centrality))[:sentences]
    return MergedSummary(articles=ids, summary=tuple(
        MergedSentence(g.text, tuple(sorted(g.citations, key=lambda c: (order[c.article], _num(c.paragraph)))),
                       g.support)
        for g in ranked))


def _corroborations(group: _Group, evidence: list[tuple[Article, list[Sentence], list[set[str]]]],
                    embedder: Embedder) -> list[MergedCitation]:
    """The best-matching paragraph of each other article that reports the same claim, and holds
    its numbers and names (the faithfulness guard of `cite`). Only the sentences sharing most
    words with the claim are embedded, so long articles cost no more than short ones."""
    found = []
    wanted = content_words(group.text)
    for article, units, words in evidence:
        if article.id in group.articles:
            continue
        near = sorted(range(len(units)), key=lambda i: -len(wanted & words[i]))[:CORROBORATION_CANDIDATES]
        similarity = embedder.encode([units[i].text for i in near]) @ group.vector
        best = near[int(np.argmax(similarity))]
        if similarity.max() < CORROBORATION_SIMILARITY:
            continue
        paragraph = article.paragraph(units[best].paragraph)
        if missing_fact(group.text, f"{paragraph.en}\n{paragraph.text}") is None:
            found.append(MergedCitation(article.id, paragraph.id))
    return found


def _num(paragraph_id: str) -> int:
    return int(paragraph_id.lstrip("p"))
