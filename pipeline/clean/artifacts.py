"""Artifacts of scraping inside the text: markup, stray tags, glued metadata, fragments, doubled stops."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from pipeline.clean.edits import Edit, drop_whole, edit_paragraphs, glued_prefix, rewrite
from pipeline.document import Article, Paragraph, Removal
from pipeline.text import iso_date

# Every pattern here runs in linear time on any input: comments and script or style bodies are
# cut by a scan that looks for each closing mark once (an unclosed "<!--" or "<script" runs to
# the end of the text), never by a lazy pattern that would rescan the rest from each opening.
_RAW_OPEN = re.compile(r"<!--|<(?:script|style)\b", re.IGNORECASE)
_RAW_CLOSE = re.compile(r"</(?:script|style)\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# Tags inside a run of text: cutting them must not leave a space ("<b>aides</b>.").
_INLINE_TAGS = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small",
                          "span", "strong", "sub", "sup", "u"})
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def _cut_raw(text: str, inside_raw: bool) -> tuple[str, list[str], bool]:
    """Text without comments and script or style elements, the pieces cut, and whether a
    script or style is still open at the end (it goes on in the next paragraph)."""
    kept, cut, position = [], [], 0
    while position < len(text):
        if inside_raw:
            close = _RAW_CLOSE.search(text, position)
            end = close.end() if close else len(text)
            cut.append(text[position:end])
            position, inside_raw = end, close is None
            continue
        opening = _RAW_OPEN.search(text, position)
        if opening is None:
            kept.append(text[position:])
            break
        kept.append(text[position:opening.start()] + " ")
        position = opening.start()
        if opening.group(0) == "<!--":
            close_at = text.find("-->", opening.end())
            end = len(text) if close_at < 0 else close_at + 3
            cut.append(text[position:end])
            position = end
        else:
            inside_raw = True
    return "".join(kept), cut, inside_raw


def strip_html(article: Article) -> Article:
    """Markup the scraper kept: tags are cut, script and style bodies go whole, entities decoded."""
    inside_raw = False  # a <script> opened in an earlier paragraph and not yet closed

    def edit(paragraph: Paragraph) -> Edit:
        nonlocal inside_raw
        text, cut, inside_raw = _cut_raw(paragraph.text, inside_raw)
        removals = [Removal("html_markup", paragraph.lines, piece) for piece in cut]
        removals += [Removal("html_markup", paragraph.lines, m.group(0)) for m in _TAG.finditer(text)]
        text = _TAG.sub(lambda m: "" if (m.group(1) or "").lower() in _INLINE_TAGS else " ", text)
        for match in _ENTITY.finditer(text):
            removals.append(Removal("html_markup", paragraph.lines, match.group(0)))
        text = " ".join(html.unescape(text).split())
        return (replace(paragraph, text=text) if removals else paragraph), removals

    cleaned = edit_paragraphs(article, edit)
    found = len(cleaned.removed) - len(article.removed)
    return cleaned.with_note(f"{found} pieces of HTML markup removed") if found else cleaned


# Scraper tags alone on a line: "fr-02", "en-01", "de-117".
_STRAY_TAG = re.compile(r"[a-z]{2,3}-\d{1,3}")


def drop_stray_tags(article: Article) -> Article:
    """Scraper tags alone on a line ("fr-02", "en-01")."""
    return edit_paragraphs(article, drop_whole("stray_tag", lambda p: bool(_STRAY_TAG.fullmatch(p.text))))


# " date 2024-06 Vladimir Poutine doit ...": a metadata field glued before the first sentence.
_METADATA_PREFIX = re.compile(
    r"(?:date|dated|publi[ée]\s+le|published|fecha|datum)\s*:?\s*"
    r"(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}[/.]\d{1,2}[/.]\d{4})\s+",
    re.IGNORECASE,
)
# "(Baonghean.vn) - Certains ...": the outlet's name in parentheses, then a dash.
_OUTLET_TAG = re.compile(r"\(([^()]{2,40})\)\s*[-–—]\s+")

# "Lundi,Avant l'imposition": a dropped line left its first words, glued by a bare comma.
_MERGED_FRAGMENT = re.compile(r"^(?:[\w'’-]+ ){0,2}[\w'’-]+,(?=[A-ZÀ-ÖØ-Þ])")

# "russe..": a stop, comma or semicolon typed twice (an ellipsis "..." is left alone).
_DOUBLED_PUNCTUATION = re.compile(r"(?<=[^\s.,;])([.,;])(?=\1(?![.,;]))")

# The glued metadata goes to `meta`; the fragments and doubled stops are cut.
cut_metadata_prefix = glued_prefix("metadata_prefix", _METADATA_PREFIX, "date", iso_date)
cut_outlet_tag = glued_prefix("outlet_tag", _OUTLET_TAG, "outlet")
cut_merged_fragment = rewrite("merged_fragment", _MERGED_FRAGMENT)
cut_doubled_punctuation = rewrite("doubled_punctuation", _DOUBLED_PUNCTUATION)

