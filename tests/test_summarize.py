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


def test_a_repeated_paragraph_is_summarized_once(embedder) -> None:
    """A page or a 20 MB dump that repeats its story: no sentence twice, nor its near-copy."""
    body = [p.en for p in ARTICLE.paragraphs if p.kind == "body"]
    repeated = english_article("r", *(body * 30), body[0].replace("Tuesday", "Tuesday evening"))
    sentences = ExtractiveSummarizer(embedder).summarize(repeated, 6)
    assert len(sentences) == len(set(sentences)) >= 4
    assert not {"Russian President Vladimir Putin arrived in Pyongyang on Tuesday for a two-day visit to North Korea.",
                "Russian President Vladimir Putin arrived in Pyongyang on Tuesday evening for a two-day visit to "
                "North Korea."} <= set(sentences)


def test_headings_captions_credits_and_questions_are_never_summary_sentences(embedder) -> None:
    sentences = ExtractiveSummarizer(embedder).summarize(ARTICLE, 20)
    labels = {p.en for p in ARTICLE.paragraphs if p.kind != "body"}
    assert not labels & set(sentences)
    assert not any(s.endswith("?") for s in sentences)


def test_a_repeated_sentence_is_picked_once(embedder) -> None:
    sentences = ExtractiveSummarizer(embedder).summarize(ARTICLE, 4)
    assert len(sentences) == len(set(sentences)) == 4


def test_sentences_that_lean_on_the_one_before_are_repaired_or_passed_over(embedder) -> None:
    article = english_article(
        "c",
        "But the central bank raised its main rate to 4.5 percent on Thursday, the highest in twenty years.",
        "It was the tenth increase in a row, and analysts had expected a pause this time.",
        "Mortgage holders across the country will pay more on their loans from next month onwards.",
        "Or, to be more precise, when the bank had failed to curb prices in a few months and was drawn into a "
        "long fight against inflation.")
    sentences = ExtractiveSummarizer(embedder).summarize(article, 4)
    assert sentences[0].startswith("The central bank raised")  # the connective is gone
    assert not any(s.startswith("It was") for s in sentences)  # its antecedent may not be shown
    assert not any(s.startswith("When") for s in sentences)  # its main clause may not be shown


def test_lead_sentence_is_chosen_for_a_one_sentence_summary(embedder) -> None:
    (sentence,) = ExtractiveSummarizer(embedder).summarize(ARTICLE, 1)
    assert "Putin" in sentence or "North Korea" in sentence


def test_article_with_no_body_gives_no_summary(embedder) -> None:
    article = english_article("b", ("heading", "Only a heading here"))
    assert ExtractiveSummarizer(embedder).summarize(article, 4) == []


# --- abstractive, on a tiny random-weight BART reading at most 1024 tokens ---------------------

def long_english_article():
    """Every translated paragraph of the committed outputs, as one article: over 3,000 tokens."""
    import json

    from .conftest import ROOT

    texts = [p["en"] for path in sorted((ROOT / "outputs").glob("0*.json"))
             for p in json.loads(path.read_text(encoding="utf-8"))["paragraphs"] if p["kind"] == "body"]
    return english_article("long", *texts)


def test_long_article_is_summarized_in_chunks_to_its_last_paragraph(tiny_bart) -> None:
    from pipeline.config import AbstractiveSettings
    from pipeline.models.hub import resolve
    from pipeline.summarize.abstractive import AbstractiveSummarizer

    article = long_english_article()
    summarizer = AbstractiveSummarizer(AbstractiveSettings(model=str(tiny_bart), max_summary_tokens=20,
                                                           num_beams=1), resolve(str(tiny_bart)))
    tokenizer, model = summarizer._load()
    assert len(tokenizer(" ".join(p.en for p in article.paragraphs))["input_ids"]) > 3000
    fed: list = []
    real = model.generate

    def spy(**kwargs):  # records what the real model reads; its output is untouched
        fed.append(kwargs["input_ids"])
        return real(**kwargs)

    model.generate = spy
    summarizer.summarize(article, 4)
    (batch,) = fed
    assert batch.shape[0] >= 4 and batch.shape[1] <= 1024
    chunks = tokenizer.batch_decode(batch, skip_special_tokens=True)
    assert article.paragraphs[-1].en in chunks[-1]
    assert article.paragraphs[0].en in chunks[0]
    joined = " ".join(chunks)
    assert all(p.en in joined for p in article.paragraphs)  # nothing dropped between chunks


def test_chunks_cut_on_paragraph_then_sentence_boundaries() -> None:
    from pipeline.summarize.abstractive import chunks

    def count(text: str) -> int:
        return len(text.split())

    texts = ["one two three.", "four five.", "six seven eight, nine ten eleven. twelve thirteen."]
    assert chunks(texts, count, 5) == [["one two three.", "four five."], ["six seven eight,"],
                                       ["nine ten eleven.", "twelve thirteen."]]
