from __future__ import annotations

from pipeline.summarize.cite import cite, numbers, proper_names

from .helpers import english_article

ARTICLE = english_article(
    "a",
    "Russian President Vladimir Putin arrived in Pyongyang on Tuesday for a two-day visit.",
    ("heading", "Shells for satellites"),
    "North Korea has sent millions of artillery shells to Russia since 2022, according to Seoul.",
    "In exchange, Moscow helps Pyongyang with satellite technology and food aid.",
    "Tourism between the two countries resumed in February with Russian groups.",
)


def test_verbatim_sentence_cites_its_paragraph_with_full_support(embedder) -> None:
    sentence = "North Korea has sent millions of artillery shells to Russia since 2022, according to Seoul."
    (cited,) = cite(ARTICLE, [sentence], embedder).summary
    assert cited.citations == ("p3",)
    assert cited.support > 0.95


def test_sentence_drawing_on_two_paragraphs_cites_both(embedder) -> None:
    sentence = "North Korea sent artillery shells to Russia, and Moscow helps Pyongyang with satellite technology."
    (cited,) = cite(ARTICLE, [sentence], embedder).summary
    assert cited.citations == ("p3", "p4")


def test_number_absent_from_cited_paragraphs_drops_the_sentence(embedder) -> None:
    sentence = "North Korea has sent 7 million artillery shells to Russia since 2022."
    article = cite(ARTICLE, [sentence], embedder)
    assert article.summary == ()
    (dropped,) = article.unsupported
    assert dropped.reason == "number 7 is in no cited paragraph"


def test_name_absent_from_cited_paragraphs_drops_the_sentence(embedder) -> None:
    article = cite(ARTICLE, ["Putin arrived in Pyongyang with Lavrov for a two-day visit."], embedder)
    assert article.unsupported[0].reason == "name 'Lavrov' is in no cited paragraph"


def test_keep_unsupported_keeps_the_sentence_with_its_reason(embedder) -> None:
    sentence = "North Korea has sent 7 million artillery shells to Russia since 2022."
    article = cite(ARTICLE, [sentence], embedder, keep_unsupported=True)
    assert article.summary[0].reason and article.unsupported == ()


def test_headings_are_not_cited(embedder) -> None:
    (cited,) = cite(ARTICLE, ["Shells for satellites"], embedder, keep_unsupported=True).summary
    assert "p2" not in cited.citations


def test_numbers_and_names_are_compared_across_languages() -> None:
    assert numbers("7,5% du PIB et 17 000 sanctions") == numbers("7.5% of GDP and 17,000 sanctions")
    assert proper_names("The meeting in Vladivostok pleased Kim Jong-un.") == ["Vladivostok", "Kim", "Jong-un"]
    assert proper_names("Putin left.") == ["Putin"]
