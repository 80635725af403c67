"""HTML pages -> paragraphs, through trafilatura: the main text and the page's metadata.

trafilatura finds the article in the page (it leads the public main-text extraction
benchmarks) and gives it as paragraphs, headings, quotes and list items, with the title,
date, author and site name. Each becomes a `Paragraph` of its kind; the cleaning rules then
run on them as on a text file. A paragraph's `lines` are the lines of the HTML source where
its text starts and ends (the lines of the elements that hold its first and last words), so a
citation still leads to the cited words in the page.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.document import Article, Kind, Meta, Paragraph
from pipeline.errors import SkipArticle

if TYPE_CHECKING:
    from lxml.etree import _Element

# What marks a text file as an HTML page, whatever its name: a doctype or an <html> element
# near the start (after a byte-order mark, comments or an XML declaration).
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
HTML_SNIFF_CHARS = 2000
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# The charset a page declares, for pages that are not UTF-8.
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Pages past this size are not web articles (trafilatura's own limit is 20 MB); they are
# skipped with their size rather than parsed into memory many times their size.
MAX_PAGE_BYTES = 15_000_000
# Characters of a paragraph's start (and end) looked up in the page's text to find its lines.
ANCHOR_CHARS = 40
_KINDS: dict[str, Kind] = {"head": "heading", "quote": "quote", "p": "body", "item": "body", "cell": "body"}


def looks_like_html(text: str, name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.search(text[:HTML_SNIFF_CHARS]))


def declared_charset(data: bytes) -> str | None:
    """The charset the page's <meta> declares, when Python knows it."""
    match = _CHARSET.search(data[:HTML_SNIFF_CHARS * 4])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None


def parse_page(html: str, *, article_id: str, source_path: str, sha256: str = "") -> Article:
    """The article of an HTML page: title, metadata, and its paragraphs with their kinds."""
    if len(html.encode("utf-8", "ignore")) > MAX_PAGE_BYTES:
        raise SkipArticle(f"page too large for a web article ({len(html) / 1e6:.0f} MB)")
    import trafilatura

    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    body = getattr(document, "body", None)
    if document is None or body is None:
        raise SkipArticle("no article text found")
    locate = _Locator(html)
    blocks = _blocks(body)
    paragraphs: list[Paragraph] = []
    title = " ".join((document.title or "").split()) or None
    if title:
        paragraphs.append(Paragraph("p1", locate(title), title, kind="title"))
    for kind, text in blocks:
        if text:
            paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", locate(text), text, kind=kind))
    if not any(p.kind != "title" for p in paragraphs):
        raise SkipArticle("no article text found")
    meta = Meta(date=document.date or None, outlet=document.sitename or document.hostname or None,
                credit=document.author or None)
    return Article(id=article_id, source_path=source_path, sha256=sha256, paragraphs=tuple(paragraphs),
                   title=title, meta=meta)


def _blocks(container: _Element) -> list[tuple[Kind, str]]:
    """trafilatura's body as paragraphs: each element one (a list or a table one per item or
    row), and the loose text between elements one too (trafilatura leaves some there)."""
    blocks: list[tuple[Kind, str]] = [("body", _fold(container.text or ""))]
    for element in container:
        if element.tag in ("list", "table"):
            rows = element.iter("item") if element.tag == "list" else element.iter("row")
            blocks += [("body", _text(row)) for row in rows]
        else:
            blocks.append((_KINDS.get(element.tag, "body"), _text(element)))
        blocks.append(("body", _fold(element.tail or "")))
    return [(kind, text) for kind, text in blocks if text]


def _text(element: _Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@dataclass
class _Locator:
    """Finds the source lines of a text in the page: the page's visible text, in order, with
    the line of the element each piece comes from. Paragraphs are looked up in page order, each
    after the one before."""

    html: str

    def __post_init__(self) -> None:
        import lxml.etree
        import lxml.html

        self.text = ""
        self.starts: list[int] = []
        self.lines: list[int] = []
        try:
            root = lxml.html.document_fromstring(self.html.encode("utf-8"))
        except (ValueError, lxml.etree.ParserError):
            root = None
        pieces = []
        offset = 0
        # document order: an element's text on entering it, its tail on leaving it
        events = lxml.etree.iterwalk(root, events=("start", "end")) if root is not None else ()
        for event, element in events:
            hidden = not isinstance(element.tag, str) or element.tag in ("script", "style", "template")
            piece = element.tail if event == "end" else (None if hidden else element.text)
            folded = _fold(piece or "")
            if folded:
                self.starts.append(offset)
                self.lines.append(element.sourceline or 1)
                pieces.append(folded + " ")
                offset += len(folded) + 1
        self.text = "".join(pieces)
        self.cursor = 0

    def __call__(self, text: str) -> tuple[int, int]:
        folded = _fold(text)
        start = self._find(folded[:ANCHOR_CHARS], self.cursor)
        if start < 0:
            start = self._find(folded[:ANCHOR_CHARS], 0)
        if start < 0:
            line = self.lines[bisect.bisect_right(self.starts, self.cursor) - 1] if self.lines else 1
            return line, line
        end = self._find(folded[-ANCHOR_CHARS:], start)
        end = start if end < 0 else end + len(folded[-ANCHOR_CHARS:]) - 1
        self.cursor = end
        return self._line(start), max(self._line(start), self._line(end))

    def _find(self, needle: str, start: int) -> int:
        return self.text.find(needle, start) if needle else -1

    def _line(self, offset: int) -> int:
        return self.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)]
