"""Align each summary sentence with the smallest set of paragraphs that supports it.

Support mixes meaning and wording: the best cosine similarity between the sentence and a sentence
of the cited paragraphs, and the share of the sentence's content words found in them. A
faithfulness guard then checks that every number and proper name of the sentence appears in its
cited paragraphs, English or source side; a sentence that fails is moved to `unsupported` with
the reason, unless the caller keeps unsupported sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from pipeline.document import SUMMARIZABLE_KINDS, Article, Paragraph, SummarySentence
from pipeline.models.embedder import Embedder
from pipeline.text import TOKEN, fold, split_sentences

# At most this many paragraphs back one sentence: more would not help a reader check it.
MAX_CITATIONS = 3
# Content-word coverage at which the cited paragraphs are taken to hold the whole sentence.
FULL_COVERAGE = 0.9
# A further paragraph is cited only if it covers at least this share of the content words.
MIN_COVERAGE_GAIN = 0.15
# Below this support a sentence is not backed by its citations (a verbatim extract scores ~1).
MIN_SUPPORT = 0.5
# Paragraphs embedded per summary sentence, chosen by shared content words: every paragraph of
# a news article, a bounded share of a very long one.
CANDIDATE_PARAGRAPHS = 30
# Weight of meaning (cosine) against wording (coverage) in the support score.
SEMANTIC_WEIGHT = 0.5

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i his her their our your them him us not no nor so than
then there here which who whom whose what when where why how all any both each few more most
other some such only own same too very can will would should could may might must shall do does
did has have had having about above after again against below between into through during
before under over up down out off once also just said says say according while because until
""".split())


def content_words(text: str) -> set[str]:
    return {w for w in TOKEN.findall(fold(text)) if len(w) > 2 and w not in _STOPWORDS}


def numbers(text: str) -> set[str]:
    """Numbers as digit strings, so that 7,5 and 7.5 or 17 000 and 17,000 compare equal."""
    return {re.sub(r"\D", "", m) for m in _NUMBER.findall(text)}


def proper_names(sentence: str) -> list[str]:
    """Capitalized words, but for a sentence-initial common word ("The", "However")."""
    words = TOKEN.findall(sentence)
    return [w for i, w in enumerate(words)
            if w[0].isupper() and not (i == 0 and fold(w) in _STOPWORDS | _SENTENCE_OPENERS)]


_SENTENCE_OPENERS = frozenset({"however", "moreover", "meanwhile", "finally", "indeed", "yet",
                               "still", "since", "although", "though", "besides", "instead"})


@dataclass(frozen=True)
class _Evidence:
    paragraph: Paragraph
    vectors: np.ndarray  # embeddings of the paragraph's English sentences
    words: set[str]  # content words of both sides, folded
    text: str  # English and source text, folded, for the guard


def cite(article: Article, sentences: list[str], embedder: Embedder,
         keep_unsupported: bool = False) -> Article:
    cited = cite_sentences(article, sentences, embedder)
    kept = tuple(s for s in cited if keep_unsupported or not s.reason)
    dropped = () if keep_unsupported else tuple(s for s in cited if s.reason)
    return replace(article, summary=kept, unsupported=dropped)


def cite_sentences(article: Article, sentences: list[str], embedder: Embedder) -> list[SummarySentence]:
    """Each sentence with its citations and support; `reason` says why one is not supported."""
    evidence = gather(shortlist(article, sentences), embedder)
    return [support(sentence, evidence, embedder) for sentence in sentences]


def shortlist(article: Article, sentences: list[str]) -> list[Paragraph]:
    """The paragraphs worth embedding: for each sentence, the CANDIDATE_PARAGRAPHS that hold most
    of its content words (cheap), so a long article costs no more than a short one."""
    paragraphs = [p for p in article.paragraphs if p.kind in SUMMARIZABLE_KINDS and p.en]
    if len(paragraphs) <= CANDIDATE_PARAGRAPHS:
        return paragraphs
    words = [content_words(f"{p.en}\n{p.text}") for p in paragraphs]
    keep: set[int] = set()
    for sentence in sentences:
        wanted = content_words(sentence)
        keep.update(sorted(range(len(paragraphs)), key=lambda i: -len(wanted & words[i]))[:CANDIDATE_PARAGRAPHS])
    return [paragraphs[i] for i in sorted(keep)]


def gather(paragraphs: list[Paragraph], embedder: Embedder) -> list[_Evidence]:
    split = [split_sentences(p.en or "") or [p.en or ""] for p in paragraphs]
    vectors = embedder.encode([s for sentences in split for s in sentences])
    evidence, start = [], 0
    for paragraph, sentences in zip(paragraphs, split, strict=True):
        both = f"{paragraph.en}\n{paragraph.text}"
        evidence.append(_Evidence(paragraph, vectors[start:start + len(sentences)],
                                  content_words(both), fold(both)))
        start += len(sentences)
    return evidence


def support(sentence: str, evidence: list[_Evidence], embedder: Embedder) -> SummarySentence:
    if not evidence:
        return SummarySentence(sentence, (), 0.0, reason="no paragraph to cite")
    vector = embedder.encode([sentence])[0]
    similarity = np.array([float((e.vectors @ vector).max()) for e in evidence])
    words = content_words(sentence) or {fold(sentence)}

    def coverage(chosen: list[int]) -> float:
        covered = set().union(*(evidence[i].words for i in chosen))
        return len(words & covered) / len(words)

    first = max(range(len(evidence)),
                key=lambda i: SEMANTIC_WEIGHT * similarity[i] + (1 - SEMANTIC_WEIGHT) * coverage([i]))
    chosen = [first]
    while coverage(chosen) < FULL_COVERAGE and len(chosen) < MAX_CITATIONS:
        rest = [i for i in range(len(evidence)) if i not in chosen]
        best = max(rest, key=lambda i: coverage([*chosen, i]), default=None)
        if best is None or coverage([*chosen, best]) - coverage(chosen) < MIN_COVERAGE_GAIN:
            break
        chosen.append(best)
    chosen.sort()
    score = round(SEMANTIC_WEIGHT * float(similarity[chosen].max())
                  + (1 - SEMANTIC_WEIGHT) * coverage(chosen), 3)
    citations = tuple(evidence[i].paragraph.id for i in chosen)
    return SummarySentence(sentence, citations, score,
                           reason=_unfaithful(sentence, [evidence[i] for i in chosen], score))


def _unfaithful(sentence: str, cited: list[_Evidence], score: float) -> str | None:
    missing = missing_fact(sentence, "\n".join(e.text for e in cited))
    if missing:
        return f"{missing} is in no cited paragraph"
    if score < MIN_SUPPORT:
        return f"weak support ({score:.2f})"
    return None


def missing_fact(sentence: str, evidence: str) -> str | None:
    """The first number or proper name of `sentence` that `evidence` lacks, as "number 7" or
    "name 'Lavrov'"; None when every one is there."""
    folded = fold(evidence)
    found = numbers(evidence)
    number = next((n for n in sorted(numbers(sentence)) if n not in found), None)
    if number is not None:
        return f"number {number}"
    name = next((n for n in proper_names(sentence) if fold(n) not in folded), None)
    return f"name '{name}'" if name else None
