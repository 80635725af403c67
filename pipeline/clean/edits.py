"""What every cleaning rule is made of: edits of an article's paragraphs that log what they take.

A rule returns a new article; whatever it removes or rewrites goes to `Article.removed` with the
rule's name and the source lines, so nothing disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from pipeline.document import Article, Kind, Paragraph, Removal
from pipeline.text import TOKEN, fold

# What an edit makes of one paragraph: the paragraph (None to drop it) and what it took.
Edit = tuple[Paragraph | None, list[Removal]]

# A line that ends like this does not stop short: a sentence, or a clause that goes on (and
# their full-width forms, in Chinese and Japanese).
SENTENCE_END = re.compile(r"[.!;:,…。！；：，]$")


def word_count(text: str) -> int:
    return len(TOKEN.findall(text))


def folded_words(text: str) -> str:
    """The words alone, folded: for comparing a title with its mangled copy."""
    return " ".join(TOKEN.findall(fold(text)))


def edit_paragraphs(article: Article, edit: Callable[[Paragraph], Edit]) -> Article:
    """Apply `edit` to every paragraph; a paragraph left empty is dropped."""
    kept: list[Paragraph] = []
    removed = list(article.removed)
    for paragraph in article.paragraphs:
        new, removals = edit(paragraph)
        removed.extend(removals)
        if new is not None and new.text.strip():
            kept.append(new)
    return replace(article, paragraphs=tuple(kept), removed=tuple(removed))


def substitute(rule: str, pattern: re.Pattern[str], repl: str = "") -> Callable[[Paragraph], Edit]:
    """An edit that replaces each match of `pattern` and logs the text it took out."""

    def edit(paragraph: Paragraph) -> Edit:
        removals = [Removal(rule, paragraph.lines, m.group(0).strip() or m.group(0))
                    for m in pattern.finditer(paragraph.text)]
        if not removals:
            return paragraph, []
        text = pattern.sub(repl, paragraph.text).strip()
        return replace(paragraph, text=text), removals

    return edit


def drop_whole(rule: str, matches: Callable[[Paragraph], bool]) -> Callable[[Paragraph], Edit]:
    def edit(paragraph: Paragraph) -> Edit:
        if matches(paragraph):
            return None, [Removal(rule, paragraph.lines, paragraph.text)]
        return paragraph, []

    return edit


def classify(article: Article, kind: Kind, test: Callable[[Paragraph], bool]) -> Article:
    """Give `kind` to the body paragraphs that pass `test`; earlier classifications stand."""
    paragraphs = tuple(replace(p, kind=kind) if p.kind == "body" and test(p) else p
                       for p in article.paragraphs)
    return replace(article, paragraphs=paragraphs)


def glued_prefix(rule: str, pattern: re.Pattern[str], field: str,
                  tidy: Callable[[str], str] = str.strip) -> Callable[[Article], Article]:
    """A rule that cuts `pattern` off the start of a paragraph and keeps group 1, tidied, as
    metadata."""

    def apply(article: Article) -> Article:
        found: list[str] = []

        def edit(paragraph: Paragraph) -> Edit:
            match = pattern.match(paragraph.text)
            if not match:
                return paragraph, []
            found.append(tidy(match.group(1)))
            rest = paragraph.text[match.end():].strip()
            return replace(paragraph, text=rest), [Removal(rule, paragraph.lines, match.group(0).strip())]

        article = edit_paragraphs(article, edit)
        if found and getattr(article.meta, field) is None:
            article = replace(article, meta=replace(article.meta, **{field: found[0]}))
        return article

    return apply



def rewrite(name: str, pattern: re.Pattern[str], repl: str = "") -> Callable[[Article], Article]:
    edit = substitute(name, pattern, repl)
    return lambda article: edit_paragraphs(article, edit)


def drop_where(article: Article, judge: Callable[[int, Paragraph], str | None]) -> Article:
    """Drop the body paragraphs (and headings) that `judge` names a rule for, logging each with
    it; `judge` sees each paragraph with its index."""
    kept, removed = [], list(article.removed)
    for index, paragraph in enumerate(article.paragraphs):
        rule = judge(index, paragraph) if paragraph.kind in ("body", "heading") else None
        if rule:
            removed.append(Removal(rule, paragraph.lines, paragraph.text))
        else:
            kept.append(paragraph)
    return replace(article, paragraphs=tuple(kept), removed=tuple(removed))
