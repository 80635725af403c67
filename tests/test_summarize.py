from __future__ import annotations

from pipeline.summarize.extractive import ExtractiveSummarizer

from .helpers import english_article

ARTICLE = english_article(
    "a",
    ("title", "Putin visits Pyongyang for the first time in 24 years"),
    "Russian President Vladimir Putin arrived in Pyongyang on Tuesday for a two-day visit to North Korea. "
    "He was welcomed at the airport by Kim Jong-un.",
    ("heading", "Weapons for technology and food for the isolated regime"),
    "Western governments accuse North Korea of supplying artillery shells and missiles to Russia "
    "for the war in Ukraine. Both countries deny the accusations.",
    ("caption", "Kim Jong-un and Vladimir Putin shake hands at the airport in Pyongyang on Tuesday evening"),
    "In exchange, Russia is believed to provide satellite technology, food aid and energy to the North Korean regime. "
    "Analysts expect a strategic partnership treaty to be signed during the visit.",
    "Western governments accuse North Korea of supplying artillery shells and missiles to Russia "
    "for the war in Ukraine.",
    "Why would the two leaders need each other so much now?",
    ("credit", "Translated and adapted by Chiara Lecca for the newsroom of this paper"),
)


def test_summary_has_the_configured_number_of_body_sentences_in_source_order(embedder) -> None:
    sentences = ExtractiveSummarizer(embedder).summarize(ARTICLE, 3)
    assert len(sentences) == 3
    body = " ".join(p.en for p in ARTICLE.paragraphs if p.kind == "body")
    assert all(s in body for s in sentences)
    positions = [body.index(s) for s in sentences]
    assert positions == sorted(positions)


def test_headings_captions_credits_and_questions_are_never_summary_sentences(embedder) -> None:
    sentences = ExtractiveSummarizer(embedder).summarize(ARTICLE, 20)
    labels = {p.en for p in ARTICLE.paragraphs if p.kind != "body"}
    assert not labels & set(sentences)
    assert not any(s.endswith("?") for s in sentences)


def test_a_repeated_sentence_is_picked_once(embedder) -> None:
    sentences = ExtractiveSummarizer(embedder).summarize(ARTICLE, 4)
    assert len(sentences) == len(set(sentences)) == 4


def test_lead_sentence_is_chosen_for_a_one_sentence_summary(embedder) -> None:
    (sentence,) = ExtractiveSummarizer(embedder).summarize(ARTICLE, 1)
    assert "Putin" in sentence or "North Korea" in sentence


def test_article_with_no_body_gives_no_summary(embedder) -> None:
    article = english_article("b", ("heading", "Only a heading here"))
    assert ExtractiveSummarizer(embedder).summarize(article, 4) == []
