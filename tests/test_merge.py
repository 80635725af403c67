from __future__ import annotations

from pipeline.cite import cite
from pipeline.document import MergedCitation
from pipeline.merge import merge

from .helpers import english_article


def summarized(article, sentences, embedder):
    return cite(article, sentences, embedder)


def test_claim_reported_by_two_articles_is_kept_once_and_cites_both(embedder) -> None:
    one = english_article("one",
                          "North Korea has supplied artillery shells to Russia for its war in Ukraine.",
                          "Tourism between the countries resumed in February.")
    two = english_article("two",
                          "The weather in Pyongyang was cold and grey on Tuesday morning.",
                          "North Korea supplied artillery shells to Russia for the war in Ukraine.")
    one = summarized(one, [p.en for p in one.paragraphs], embedder)
    two = summarized(two, [p.en for p in two.paragraphs], embedder)
    merged = merge([one, two], embedder, sentences=6)
    assert merged.articles == ("one", "two")
    shells = [s for s in merged.summary if "artillery shells" in s.text]
    assert len(shells) == 1
    assert shells[0].citations == (MergedCitation("one", "p1"), MergedCitation("two", "p2"))
    # the claim backed by two articles comes first
    assert merged.summary[0] is shells[0]
    assert len(merged.summary) == 3


def test_sentence_count_is_capped(embedder) -> None:
    article = english_article("a",
                              "The central bank raised interest rates by half a point on Thursday.",
                              "Heavy rain flooded several villages in the north of the country.",
                              "The national football team won its qualifying match in Madrid.",
                              "A new exhibition of medieval manuscripts opened at the city library.")
    article = summarized(article, [p.en for p in article.paragraphs], embedder)
    assert len(merge([article], embedder, sentences=2).summary) == 2


def test_no_articles_gives_an_empty_summary(embedder) -> None:
    merged = merge([], embedder, sentences=6)
    assert merged.articles == () and merged.summary == ()
