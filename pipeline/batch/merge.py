"""One summary of a batch, where a claim reported by several articles cites all of them.

The claims are each article's opening sentences and key points (its most central sentences, with
the summary's lead prior: `summarize/extractive.py`), cited and checked as a summary's sentences
are. Each claim is
compared with the sentences of the other articles that share most of its words: a sentence
reports the same fact when it is close in meaning (embeddings) and shares the claim's anchors,
its names and numbers, and a word of what it says of them, with no number or date of the claim
missing from it; cosine alone cannot tell "500 soldiers" from "400 soldiers", nor a Monday from
a Tuesday, and the names of a story are in most of its sentences. A figure in common (an amount,
a share) marks one fact better than names do: with one, a looser paraphrase will do. Reprints
and copied sentences are one source (`reprints.py`). Of a sentence of several
clauses, the clause nearest the claim is what reports or denies it. Where such a sentence says
the opposite (one negates or denies what the other asserts), or gives other numbers for the same
thing on the same day, the claim is disputed, and both sides are cited. Claims that say the same
thing are kept once, with the citations of all. A sentence that a site repeats word for word on
its pages of many days is no claim, and in a long story the names of its protagonists, which
stand in most of its sentences, anchor no report.

The dated events of the batch make its timeline (`timeline.py`), and a claim that gives a date
carries it resolved as the timeline resolves it ("this Tuesday" in an article of June 2024:
2024-06), so that a reader of the summary alone knows when.

The merged summary opens with what happened: the claim that the most sources report among their
opening sentences (of equals, one that names who and says when); then the latest development,
what the most recently published article opens with. Then, one at a time, the claim that tells
most of what the story's sources say (SumBasic, Nenkova and Vanderwende 2005: the mean share of
sources that use its words), weighed by the sources that report it; each chosen claim makes its
words count less, so the next tells something else, and a claim backed only by passages a chosen
claim cites is left out. Selection follows what several sources report, not the wording of any
one set of articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.batch.analysis import repeated_site_text
from pipeline.batch.claims import Facts, denies, nearest_clause
from pipeline.batch.reprints import copies, sources_of
from pipeline.batch.timeline import dated, timeline
from pipeline.document import Article, MergedCitation, MergedSentence, MergedSummary, SummarySentence
from pipeline.models.embedder import Embedder
from pipeline.summarize.cite import cite_sentences, content_words, missing_fact, proper_names
from pipeline.summarize.extractive import LEAD_WEIGHT, centrality, key_sentences
from pipeline.text import Sentence, english_sentences, fold

# Claims drawn from each article: its most central sentences, the ones other articles report too
# (docs/decisions.md#merged-summaries).
CLAIMS_PER_ARTICLE = 5
# Opening sentences of each article among its claims: news says what happened first.
CLAIM_LEADS = 2
# A chosen claim's words count this power of their salience afterwards (SumBasic squares it; the
# cube moves on from a told fact a little faster).
SALIENCE_DECAY = 3
# Each source beyond the first that reports a claim adds its salience once more, up to
# this many: what several sources report comes first, without a claim of ten sources drowning all.
CORROBORATION_WEIGHT_CAP = 3
# A claim of fewer content words ("He denied it.") says too little out of its article.
MIN_CLAIM_WORDS = 3
# Claims a merge weighs: past this many, each article gives fewer, its most central first (never
# fewer than MIN_CLAIMS_PER_ARTICLE), so a story of hundreds of articles merges in seconds.
MAX_CLAIMS = 400
MIN_CLAIMS_PER_ARTICLE = 2
# In a story of PROTAGONIST_ARTICLES articles or more, a name that PROTAGONIST_SHARE of them name
# is who the story is about: it stands in most sentences, so sharing it anchors no report.
PROTAGONIST_ARTICLES = 20
PROTAGONIST_SHARE = 0.5
# Cosine above which a sentence reports the same fact with no anchor shared: above a claim and
# its denial (0.77 here), since a false corroboration misleads more than a missed one.
CORROBORATION_SIMILARITY = 0.8
# With anchors shared (a name or number of the claim, none of its numbers or dates missing), a
# looser paraphrase reports the same fact.
ANCHORED_SIMILARITY = 0.57
# With a figure of the claim in common ("751 million", "10.5 billion"; a year is not one), a
# sentence that says it in other words reports the same fact: figures are rarely shared by chance.
FIGURE_ANCHORED_SIMILARITY = 0.45
# Anchors a sentence must share with a claim to report it or dispute it; names alone are not
# enough, a word of what the claim says of them is needed too.
MIN_SHARED_ANCHORS = 1
# A dispute needs more: both sides about the same parties (two names, such as the two countries
# of a deal), in close words; a negation elsewhere in a sentence is no dispute.
DISPUTE_SIMILARITY = 0.6
# Opening sentences of an article (by position) that say what happened, for the lead claim.
LEAD_SENTENCES = 1
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
    source: str  # the article whose sentence the claim is
    text: str
    support: float
    centrality: float
    vector: np.ndarray
    facts: Facts
    leads: set[str] = field(default_factory=set)  # the sources that open with this claim
    citations: list[MergedCitation] = field(default_factory=list)
    disputed_by: list[MergedCitation] = field(default_factory=list)
    # the independent source each citing or disputing article counts as: the article it
    # reprints, or the claim's own source where its sentence copies the claim's words
    voices: dict[str, str] = field(default_factory=dict)

    @property
    def articles(self) -> set[str]:
        return {c.article for c in self.citations}

    @property
    def sources(self) -> set[str]:
        """The independent sources that report the claim: reprints and copies count once."""
        return {self.voices[c.article] for c in self.citations}

    @property
    def speakers(self) -> set[str]:
        """The independent sources that report the claim or dispute it."""
        return self.sources | {self.voices[c.article] for c in self.disputed_by}

    def cite(self, citations: Sequence[MergedCitation], voice: str) -> None:
        """Cite these paragraphs of one article, which speaks as `voice`."""
        for citation in citations:
            self.voices.setdefault(citation.article, voice)
            if citation not in self.citations:
                self.citations.append(citation)

    def dispute(self, citations: Sequence[MergedCitation], voice: str) -> None:
        for citation in citations:
            self.voices.setdefault(citation.article, voice)
            self.disputed_by.append(citation)


def merge(articles: Sequence[Article], embedder: Embedder, sentences: int) -> MergedSummary:
    ids = tuple(a.id for a in articles)
    source = sources_of(articles)
    sentences_of = {a.id: english_sentences(a) for a in articles}
    per_article = max(MIN_CLAIMS_PER_ARTICLE, min(CLAIMS_PER_ARTICLE, MAX_CLAIMS // max(len(articles), 1)))
    site_text = repeated_site_text(articles, lambda article: (s.text for s in sentences_of[article.id]))
    claims = [(a, s) for a in articles for s in claims_of(a, embedder, per_article) if s.text not in site_text]
    dates = dated(articles)
    reprints = {a: s for a, s in source.items() if a != s}
    if not claims:
        return MergedSummary(articles=ids, summary=(), timeline=timeline(dates, embedder), reprints=reprints)
    vectors = embedder.encode([s.text for _, s in claims])
    central = centrality(vectors)
    groups: list[_Group] = []
    opened_by: dict[str, _Group] = {}  # article id -> the claim of its opening sentence
    group_vectors = np.zeros((len(claims), vectors.shape[1]), dtype=vectors.dtype)  # one row per group
    for index in sorted(range(len(claims)), key=lambda i: -central[i]):
        article, sentence = claims[index]
        own = [MergedCitation(article.id, p) for p in sentence.citations]
        facts = Facts.of(sentence.text)
        similar = np.flatnonzero(group_vectors[:len(groups)] @ vectors[index] >= SAME_CLAIM_SIMILARITY)
        # the first, as groups come most central first, that states the same facts the same way
        match = next((groups[int(i)] for i in similar if groups[int(i)].facts.same_as(facts)), None)
        if match is None:
            match = _Group(article.id, sentence.text, sentence.support, float(central[index]), vectors[index], facts)
            for rival in (groups[int(i)] for i in similar if groups[int(i)].facts.contradicts(facts)):
                if source[rival.source] != source[article.id]:  # a reprint does not dispute its source
                    rival.dispute(own, source[article.id])  # "400 soldiers" against "500 soldiers"
                    for citation in rival.citations:
                        match.dispute([citation], rival.voices[citation.article])
            group_vectors[len(groups)] = vectors[index]
            groups.append(match)
        match.cite(own, _voice(match, article.id, sentence.text, source))
        if any(s.text == sentence.text for s in sentences_of[article.id][:LEAD_SENTENCES]):
            match.leads.add(match.voices[article.id])
            opened_by[article.id] = match
    evidence = [_Evidence.of(a, units) for a in articles if (units := sentences_of[a.id])]
    protagonists = _protagonists(articles, sentences_of)
    index: dict[str, list[int]] = defaultdict(list)  # content word -> articles (in evidence) using it
    for position, article_evidence in enumerate(evidence):
        for word in article_evidence.by_word:
            index[word].append(position)
    for group in groups:
        lists = (index.get(word, []) for word in content_words(group.text))
        shared = Counter(position for found in lists if len(found) <= COMMON_WORD_ARTICLES for position in found)
        nearest = [evidence[position] for position, _ in shared.most_common(CANDIDATE_ARTICLES)]
        for citation, text, disputes in _corroborations(group, nearest, embedder, protagonists):
            voice = _voice(group, citation.article, text, source)
            if not disputes:
                group.cite([citation], voice)
            elif voice != source[group.source]:  # a reprint, or a copy, does not dispute its source
                group.dispute([citation], voice)
    order = {a: i for i, a in enumerate(ids)}

    def cited(citations: list[MergedCitation]) -> tuple[MergedCitation, ...]:
        return tuple(sorted(set(citations), key=lambda c: (order[c.article], _num(c.paragraph))))

    ranked = _select(groups, _latest_development(articles, opened_by), _salience(articles, sentences_of, source),
                     sentences)
    when: dict[tuple[str, str], str] = {}  # (article, sentence) -> the first date it gives
    for found in dates:
        when.setdefault((found.citation.article, found.text), found.iso)
    return MergedSummary(articles=ids, summary=tuple(
        MergedSentence(g.text, cited(g.citations), g.support,
                       cited([c for c in g.disputed_by if c.article not in g.articles]), when.get((g.source, g.text)),
                       sources=len(g.sources))
        for g in ranked), timeline=timeline(dates, embedder), reprints=reprints)


def _select(groups: list[_Group], latest: _Group | None, salience: dict[str, float], count: int) -> list[_Group]:
    """The claims of the summary, in order: what happened (reported first by the most sources; of
    equals, the one that says who and when), the latest development, then, one at a time, the
    claim whose words the most sources use and that the most sources report (SumBasic's
    salience, weighed by corroboration); each claim chosen makes its words count less, so that
    the next one tells something else."""
    salience = dict(salience)
    chosen: list[_Group] = []

    def take(group: _Group) -> None:
        chosen.append(group)
        for word in content_words(group.text):
            salience[word] = salience.get(word, 0.0) ** SALIENCE_DECAY

    opening = max(groups, key=lambda g: (len(g.leads), len(g.sources), g.facts.says_who_and_when, g.centrality))
    take(opening)
    if latest is not None and _tells_more(latest, chosen):
        take(latest)
    candidates = [g for g in groups if len(content_words(g.text)) >= MIN_CLAIM_WORDS]
    while len(chosen) < count and (rest := [g for g in candidates if _tells_more(g, chosen)]):
        take(max(rest, key=lambda g: (_worth(g, salience), g.centrality)))
    return chosen


def _tells_more(group: _Group, chosen: list[_Group]) -> bool:
    """Whether a claim is not chosen yet, nor backed only by paragraphs a chosen claim cites:
    what the same passages say is said once (a wire story that several outlets printed gives
    them the same paragraphs)."""
    citations = set(group.citations)
    return all(group is not c and not citations <= set(c.citations) for c in chosen)


def _worth(group: _Group, salience: dict[str, float]) -> float:
    """How much a claim tells of what the story's sources say: the mean salience of its words,
    the more for each other source that reports it (up to CORROBORATION_WEIGHT_CAP)."""
    words = content_words(group.text)
    mean = sum(salience.get(w, 0.0) for w in words) / max(len(words), 1)
    return mean * (1 + min(len(group.sources) - 1, CORROBORATION_WEIGHT_CAP))


def _salience(articles: Sequence[Article], sentences_of: dict[str, list[Sentence]],
              source: dict[str, str]) -> dict[str, float]:
    """Each content word's share of the story's independent sources that use it."""
    used = {(source[a.id], w) for a in articles for s in sentences_of[a.id] for w in content_words(s.text)}
    sources = len(set(source.values())) or 1
    return {w: n / sources for w, n in Counter(w for _, w in used).items()}


def _voice(group: _Group, article: str, text: str, source: dict[str, str]) -> str:
    """The independent source an article's sentence counts as for a claim: the claim's own when
    it copies the claim's words (wire copy quoted by an outlet that otherwise writes its own),
    else the article's source (itself, or the article it reprints)."""
    if article != group.source and copies(text, group.text):
        return source[group.source]
    return source[article]


def _protagonists(articles: Sequence[Article], sentences_of: dict[str, list[Sentence]]) -> frozenset[str]:
    """Of a story of PROTAGONIST_ARTICLES articles or more, the names (folded) that at least
    PROTAGONIST_SHARE of them name: who the story is about."""
    if len(articles) < PROTAGONIST_ARTICLES:
        return frozenset()
    named = Counter(name for article in articles
                    for name in {fold(n) for s in sentences_of[article.id] for n in proper_names(s.text)})
    return frozenset(name for name, count in named.items() if count >= PROTAGONIST_SHARE * len(articles))


def _latest_development(articles: Sequence[Article], opened_by: dict[str, _Group]) -> _Group | None:
    """What the most recently published article opens with (None when no article is dated)."""
    dated = [(a.meta.date, a.id) for a in articles if a.meta.date]
    return opened_by.get(max(dated)[1]) if dated else None


def claims_of(article: Article, embedder: Embedder, count: int = CLAIMS_PER_ARTICLE) -> list[SummarySentence]:
    """The article's opening sentences and its `count` key sentences (as its summary chooses
    them), those its paragraphs support."""
    opening = [s.text for s in english_sentences(article)[:CLAIM_LEADS]]
    chosen = list(dict.fromkeys([*opening, *key_sentences(article, embedder, count, LEAD_WEIGHT)]))
    return [s for s in cite_sentences(article, chosen, embedder) if not s.reason]


@dataclass(frozen=True)
class _Evidence:
    """An article's sentences, and which of them use each content word."""

    article: Article
    units: list[Sentence]
    words: list[set[str]]  # each sentence's content words
    by_word: dict[str, list[int]]

    @classmethod
    def of(cls, article: Article, units: list[Sentence]) -> _Evidence:
        words = [content_words(u.text) for u in units]
        by_word: dict[str, list[int]] = defaultdict(list)
        for position, found in enumerate(words):
            for word in found:
                by_word[word].append(position)
        return cls(article, units, words, by_word)

    def sharing(self, wanted: set[str], count: int) -> list[int]:
        """The `count` sentences sharing most words with `wanted` (of equals, the first), none
        that shares no word: those can neither report a claim nor deny it."""
        shared = Counter(position for word in wanted for position in self.by_word.get(word, ()))
        return [position for position, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:count]]


def _corroborations(group: _Group, evidence: list[_Evidence], embedder: Embedder,
                    protagonists: frozenset[str]) -> list[tuple[MergedCitation, str, bool]]:
    """For each other article, the paragraph of its sentence that reports the claim, or of one
    that disputes it (True), with the sentence. Only the sentences sharing most words with the
    claim are embedded, so long articles cost no more than short ones. The story's protagonists
    anchor nothing."""
    found: list[tuple[MergedCitation, str, bool]] = []
    wanted = content_words(group.text)
    claim = group.facts
    anchors = claim.anchors - protagonists
    # names say who a sentence is about; a word beside them (a month is one) says it tells the
    # same of them
    told = wanted - (claim.names - claim.dates)
    for candidate in evidence:
        article, units, words = candidate.article, candidate.units, candidate.words
        if article.id in group.articles:
            continue
        near = candidate.sharing(wanted, CORROBORATION_CANDIDATES)
        if not near:
            continue
        similarity = embedder.encode([units[i].text for i in near]) @ group.vector
        for rank in np.argsort(-similarity):
            unit, cosine = units[near[int(rank)]], float(similarity[int(rank)])
            if cosine < min(FIGURE_ANCHORED_SIMILARITY, DISPUTE_SIMILARITY):
                break
            other = Facts.of(nearest_clause(unit.text, wanted))
            shared = anchors & other.anchors
            citation = MergedCitation(article.id, unit.paragraph)
            if claim.negated or other.negated:
                if denies(other, claim, wanted) and cosine >= DISPUTE_SIMILARITY:
                    found.append((citation, unit.text, True))
                    break
                continue
            anchored = ((len(shared) >= MIN_SHARED_ANCHORS and bool(words[near[int(rank)]] & told))
                        or (not anchors and cosine >= CORROBORATION_SIMILARITY))
            # a figure in common (not a year) is the mark of one fact, where names are a topic's
            bar = FIGURE_ANCHORED_SIMILARITY if shared & claim.figures else ANCHORED_SIMILARITY
            paragraph = article.paragraph(unit.paragraph)
            if (anchored and cosine >= bar and claim.agrees(other)
                    and missing_fact(group.text, f"{paragraph.en}\n{paragraph.text}") is None):
                found.append((citation, unit.text, False))
                break
    return found


def _num(paragraph_id: str) -> int:
    return int(paragraph_id.lstrip("p"))
