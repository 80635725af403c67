"""The Markdown outputs show article text as text: rendered by GitHub's own renderer (cmark-gfm),
nothing an article holds becomes a link, an image, HTML or formatting."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from pipeline.document import MergedCitation, MergedSentence, MergedSummary, Removal, SummarySentence
from pipeline.output.markdown import article_markdown, merged_markdown

cmarkgfm = pytest.importorskip("cmarkgfm")

HOSTILE = [
    "[cliquez ici](https://evil.example/login)",
    "![](https://tracker.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "Voir https://evil.example/a et www.evil.example ou écrire à redaction@evil.example",
    "[ref]: https://evil.example/ref",
    "# Pas un titre",
    "- pas une liste",
    "1. pas une liste",
    "**gras** _italique_ ~~barré~~ `code`",
    "| a | b |",
    "&lt;b&gt; déjà échappé &amp; cité",
    "<https://evil.example/auto>",
]


def _render(markdown: str) -> str:
    from cmarkgfm.cmark import Options

    # UNSAFE: show raw HTML as a careless renderer would, so that none may reach the page
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _ours(tag: str) -> bool:
    """Links the renderings make themselves: to a cited paragraph or another output file."""
    return bool(re.fullmatch(r'<a href="(#p\d+|[\w.-]+\.md(#p\d+)?)">|<a id="p\d+">', tag))


@pytest.mark.parametrize("text", HOSTILE)
def test_article_text_never_renders_as_markup(corpus_article, text: str) -> None:
    paragraph = replace(corpus_article.paragraphs[1], text=text, en=text)
    article = replace(
        corpus_article, title=text, source_path=f"corpus/`{text}`.txt",
        paragraphs=(replace(corpus_article.paragraphs[0], kind="title", en=text), paragraph),
        removed=(Removal("stray_tag", (1, 1), text),),
        summary=(SummarySentence(text, ("p2",), 0.9),), unsupported=(SummarySentence(text, ("p2",), 0.2, text),))
    page = _render(article_markdown(article))
    tags = re.findall(r"<(?:a|img|script|strong|em|del|code|h[1-6]|li|table)\b[^>]*>", page)
    allowed = {"<h1>", "<h2>", "<h3>", "<strong>", "<em>", "<li>", "<table>"}  # the page's own layout
    assert [t for t in tags if t not in allowed and not _ours(t)] == []
    shown = html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u2060", "")
    assert text in shown  # the text itself shows, character for character
    assert "<img" not in page and "<script" not in page and "href=\"https" not in page
    assert "mailto:" not in page


def test_merged_summary_titles_and_sentences_are_inert() -> None:
    merged = MergedSummary(("a",), (MergedSentence(HOSTILE[0], (MergedCitation("a", "p1"),), 0.9),))
    page = _render(merged_markdown(merged, {"a": HOSTILE[1]}))
    assert "href=\"https" not in page and "<img" not in page
    assert '<a href="a.md#p1">' in page and '<a href="a.md">' in page
