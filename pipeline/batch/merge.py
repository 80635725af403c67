"""One summary of a batch, where a claim reported by several articles cites all of them.

The claims are the articles' key points (their most central sentences, with a light lead prior:
`summarize/extractive.py`), cited and checked as a summary's sentences are. Each claim is
compared with the sentences of the other articles that share most of its words: a sentence
reports the same fact when it is close in meaning (embeddings) and shares the claim's anchors,
its names and numbers, and a word of what it says of them, with no number or date of the claim
missing from it; cosine alone cannot tell "500 soldiers" from "400 soldiers", nor a Monday from
a Tuesday, and the names of a story are in most of its sentences. Of a sentence of several
clauses, the clause nearest the claim is what reports or denies it. Where such a sentence says
the opposite (one negates or denies what the other asserts), or gives other numbers for the same
thing on the same day, the claim is disputed, and both sides are cited. Claims that say the same
thing are kept once, with the citations of all. A sentence that a site repeats word for word on
its pages of many days is no claim, and in a long story the names of its protagonists, which
stand in most of its sentences, anchor no report.

The dated events of the batch make its timeline (`timeline.py`), and a claim that gives a date
carries it resolved as the timeline resolves it ("this Tuesday" in an article of June 2024:
2024-06), so that a reader of the summary alone knows when.

The merged summary opens with what happened: the claim that the most articles report among their
opening sentences (of equals, one that names who and says when); then the latest development,
what the most recently published article opens with. Then the claims the most articles report
or dispute, those that open articles first, then the most central; a claim whose paragraphs are
all cited by a claim before it is left out. On the dev clusters (`python -m benchmarks.summaries`)
that rule took ROUGE-L from 1.063 to 1.076 of the round-robin baseline, and the share of
sentences citing two articles or more from 75 % to 69 %: what it drops repeats a passage.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.summarize.cite import cite_sentences, content_words, missing_fact, numbers, proper_names
from pipeline.document import Article, MergedCitation, MergedSentence, MergedSummary, SummarySentence
from pipeline.models.embedder import Embedder
from pipeline.batch.reprints import copies, sources_of
from pipeline.summarize.extractive import centrality, key_points
from pipeline.text import Sentence, english_sentences, fold
from pipeline.batch.timeline import DATE_WORD, dated, timeline

# Claims drawn from each article. On the dev clusters (`python -m benchmarks.summaries`, ROUGE-L
# against the round-robin baseline / share of merged sentences citing two articles or more):
# the articles' own two-sentence summaries (lead weight 0.4) gave 1.031 / 42 %; four key points
# per article, at lead weight 0.0, 0.1, 0.2, 0.4, gave 0.947 / 44 %, 1.062 / 69 %, 1.066 / 61 %,
# 1.046 / 61 %: central sentences are the ones other articles report too. Three, five and six
# key points at 0.1 gave 1.043 / 61 %, 1.064 / 75 %, 1.063 / 75 %.
CLAIMS_PER_ARTICLE = 5
# Claims a merge weighs: past this many, each article gives fewer, its most central first (never
# fewer than MIN_CLAIMS_PER_ARTICLE). Every claim is checked against up to CANDIDATE_ARTICLES
# other articles, so a story of hundreds of articles cost about 14 ms an article to merge again
# (4.4 s for 319, rebuilt whenever one joins); 400 leaves every story of up to 80 articles as
# it was.
MAX_CLAIMS = 400
MIN_CLAIMS_PER_ARTICLE = 2
# In a story of PROTAGONIST_ARTICLES articles or more, a name that PROTAGONIST_SHARE of them name
# is who the story is about; it stands in most of their sentences, so sharing it anchors no
# report. On the dev clusters' Libya war (20 articles of 107 in the benchmark), sentences on
# other events that named Kadhafi and shared a word ("regime") "reported" the claims of seven
# articles. Smaller stories keep it: among ten articles, the same check is not drowned.
PROTAGONIST_ARTICLES = 20
PROTAGONIST_SHARE = 0.5
# A sentence found word for word in articles of this many publication days is the site's own
# text, repeated on every page (a notice to readers, a related story's blurb), and is no claim:
# wire copy is reprinted the day it runs, or the next. On the dev clusters, the Le Monde pages of
# the Libya war repeated a notice about reading on another device in 22 articles over eight months,
# which led their merged summary as a fact "reported" by 22 articles.
SITE_TEXT_DAYS = 3
# Cosine similarity (all-MiniLM-L6-v2) above which a sentence of another article reports the
# same fact. On this corpus's machine-translated English, sentences that only share the topic
# (Russia, North Korea, arms) reach 0.6-0.7, and a claim and its denial ("allies fear North Korea
# will arm Russia" / "North Korea does not supply arms to Russia") 0.77: cosine similarity cannot
# tell them apart. Paraphrases of one fact scored 0.74-0.96 in checks. A false corroboration
# misleads a reader more than a missed one, so the bar sits above the denial: close rewordings
# corroborate, looser ones are missed.
CORROBORATION_SIMILARITY = 0.8
# With anchors shared (a name or a number of the claim in the other sentence, and none of the
# claim's numbers or dates missing from it), a looser paraphrase reports the same fact. On the
# dev clusters (`python -m benchmarks.summaries`): at 0.6, 58 % of merged sentences cited two
# articles or more; at 0.57, 69 %; at 0.55, 72 %, but the summaries' ROUGE-L fell from 1.055 to
# 1.047 of the round-robin baseline. Every citation agreed with its sentence in all three.
ANCHORED_SIMILARITY = 0.57
# Names alone anchored sentences that only shared the story's names ("Russia and North Korea form
# a circumstantial alliance" for "Ukraine's allies fear Russia gets arms from North Korea"); a
# word of the claim besides its names (a month counts) is required too. On the dev clusters
# (share of merged sentences citing two articles or more, ROUGE-L against the round-robin
# baseline): neither this nor the nearest-clause rule, 72 % / 1.078; the clause rule alone, 69 % /
# 1.091; both, 64 % / 1.075. What this rule drops were such topic-only matches.
# Anchors a sentence must share with a claim to report it, or to dispute it.
MIN_SHARED_ANCHORS = 1
# A dispute needs more: both sides about the same parties (two names, such as the two countries
# of a deal), in close words. The corpus's denial ("North Korea does not provide arms to Russia"
# against the allies' fear that it does) scores 0.61; a shared name and year with a negation
# elsewhere in the sentence ("the Leonetti law of 2005 ... is not euthanasia") is no dispute.
DISPUTE_SIMILARITY = 0.6
DISPUTE_NAMES = 2
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
    facts: _Facts
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
        facts = _Facts.of(sentence.text)
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

    ranked = sorted(groups, key=lambda g: (-len(g.speakers), -len(g.leads), -g.centrality))
    # what happened: reported first by the most articles; of equals, the one that says who and when
    opening = max(ranked, key=lambda g: (len(g.leads), len(g.sources), g.facts.says_who_and_when))
    latest = _latest_development(articles, opened_by)
    first = [opening] + ([latest] if latest is not None and latest is not opening else [])
    ranked = _new_evidence(first + [g for g in ranked if all(g is not f for f in first)], sentences)
    when: dict[tuple[str, str], str] = {}  # (article, sentence) -> the first date it gives
    for found in dates:
        when.setdefault((found.citation.article, found.text), found.iso)
    return MergedSummary(articles=ids, summary=tuple(
        MergedSentence(g.text, cited(g.citations), g.support,
                       cited([c for c in g.disputed_by if c.article not in g.articles]), when.get((g.source, g.text)),
                       sources=len(g.sources))
        for g in ranked), timeline=timeline(dates, embedder), reprints=reprints)


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


def repeated_site_text(articles: Sequence[Article], texts: Callable[[Article], Iterable[str]]) -> set[str]:
    """Of the `texts` of each article (its sentences, its lines), those that stand word for word
    in articles of SITE_TEXT_DAYS publication days or more: the site's (a notice to readers, the
    blurb of a related story), not the news."""
    days: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article.meta.date:
            for text in texts(article):
                days[text].add(article.meta.date[:10])
    return {text for text, published in days.items() if len(published) >= SITE_TEXT_DAYS}


def _latest_development(articles: Sequence[Article], opened_by: dict[str, _Group]) -> _Group | None:
    """What the most recently published article opens with (None when no article is dated)."""
    dated = [(a.meta.date, a.id) for a in articles if a.meta.date]
    return opened_by.get(max(dated)[1]) if dated else None


def _new_evidence(ranked: list[_Group], count: int) -> list[_Group]:
    """The first `count` claims in order, but for one whose paragraphs are all cited by a claim
    before it: what the same passages say is said once (a wire story that several outlets
    printed gives them the same two or three paragraphs)."""
    kept: list[_Group] = []
    cited: list[set[MergedCitation]] = []
    for group in ranked:
        if len(kept) == count:
            break
        citations = set(group.citations)
        if not any(citations <= earlier for earlier in cited):
            kept.append(group)
            cited.append(citations)
    return kept


def claims_of(article: Article, embedder: Embedder, count: int = CLAIMS_PER_ARTICLE) -> list[SummarySentence]:
    """The article's `count` key sentences that its paragraphs support."""
    chosen = key_points(article, embedder, count)
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
            if cosine < min(ANCHORED_SIMILARITY, DISPUTE_SIMILARITY):
                break
            other = _Facts.of(_nearest_clause(unit.text, wanted))
            shared = anchors & other.anchors
            citation = MergedCitation(article.id, unit.paragraph)
            if claim.negated or other.negated:
                if _denies(other, claim, wanted) and cosine >= DISPUTE_SIMILARITY:
                    found.append((citation, unit.text, True))
                    break
                continue
            anchored = ((len(shared) >= MIN_SHARED_ANCHORS and bool(words[near[int(rank)]] & told))
                        or (not anchors and cosine >= CORROBORATION_SIMILARITY))
            paragraph = article.paragraph(unit.paragraph)
            if (anchored and cosine >= ANCHORED_SIMILARITY and claim.agrees(other)
                    and missing_fact(group.text, f"{paragraph.en}\n{paragraph.text}") is None):
                found.append((citation, unit.text, False))
                break
    return found


_CLAUSES = re.compile(r"\s*[:;]\s+")


def _nearest_clause(text: str, words: set[str]) -> str:
    """Of a sentence's clauses (split at a colon or semicolon), the one that shares most words
    with a claim: what reports the claim or denies it, so that a "not" in another clause ("does
    not want to go back empty-handed: he could ask Putin for technology") is neither."""
    clauses = _CLAUSES.split(text)
    return max(clauses, key=lambda clause: len(content_words(clause) & words)) if len(clauses) > 1 else text


def _denies(other: _Facts, claim: _Facts, claim_words: set[str]) -> bool:
    """Whether `other` negates what the affirmative `claim` says: it is about the same parties
    (names in common), and what follows its negation shares a word with the claim ("North
    Korea does not provide arms" against "Russia gets arms from North Korea"), so a "not"
    elsewhere in it ("does not want to go back empty-handed") is no denial. The shared word is
    not one of the names, which every sentence about the parties has."""
    return (not claim.negated and bool(other.denied & claim_words - claim.names)
            and len(claim.names & other.names) >= DISPUTE_NAMES)


# Words by which a sentence negates or denies what it reports.
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|nor|deny|denies|denied|denying|denial|"
                       r"refute[sd]?|reject(?:s|ed)?|dismiss(?:es|ed)?|false(?:ly)?)\b|n't\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?]")


def _denied_words(text: str) -> frozenset[str]:
    words: set[str] = set()
    for negation in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, negation.end())
        words |= content_words(text[negation.end():end.start() if end else len(text)])
    return frozenset(words)


@dataclass(frozen=True)
class _Facts:
    """What two sentences must share to report one fact."""

    names: frozenset[str]  # folded
    numbers: frozenset[str]
    dates: frozenset[str]  # weekdays and months
    denied: frozenset[str]  # content words of what follows a negation, up to the clause's end

    @property
    def anchors(self) -> frozenset[str]:
        """Names and numbers: what another sentence must share to be about the same thing."""
        return self.names | self.numbers

    @property
    def negated(self) -> bool:
        return bool(self.denied)

    @property
    def says_who_and_when(self) -> bool:
        return bool(self.names and self.dates)

    @classmethod
    def of(cls, text: str) -> _Facts:
        return cls(frozenset(fold(n) for n in proper_names(text)), frozenset(numbers(text)),
                   frozenset(d.casefold() for d in DATE_WORD.findall(text)), _denied_words(text))

    def same_as(self, other: _Facts) -> bool:
        """Two claims are one when their numbers and dates agree both ways and both assert, or
        both deny."""
        return self.agrees(other) and other.agrees(self) and self.negated == other.negated

    def contradicts(self, other: _Facts) -> bool:
        """The same claim (as close as one) with other numbers on the same day: "500 soldiers"
        and "400 soldiers" cannot both be right."""
        return (self.negated == other.negated and self.dates == other.dates and bool(self.numbers)
                and bool(other.numbers) and not self.numbers <= other.numbers and not other.numbers <= self.numbers)

    def agrees(self, other: _Facts) -> bool:
        """No number and no date of this claim missing from the other sentence: "500 soldiers"
        is not reported by "400 soldiers", nor a Monday statement by a Tuesday one."""
        return self.numbers <= other.numbers and (not other.dates or self.dates <= other.dates)


def _num(paragraph_id: str) -> int:
    return int(paragraph_id.lstrip("p"))
