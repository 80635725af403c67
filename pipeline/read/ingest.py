"""Bytes -> Article: decoded (`decode.py`), split into paragraphs with 1-based line numbers, ids given once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from pipeline.document import Article, Paragraph
from pipeline.read.decode import decode, decode_as, repaired
from pipeline.read.inputs import id_for
from pipeline.read.webpage import declared_charset, looks_like_html, parse_page

# A line that ends like this closes its paragraph even when the next line is glued to it.
_CLOSES_PARAGRAPH = re.compile(r"[.!?:;»\"”’)…]\s*$")
# Runs of spaces (and tabs) carry nothing, and no later pattern need bear them; a single
# no-break space, which French puts inside « guillemets », stays as it is.
_SPACE_RUN = re.compile(r"\s{2,}|\t")


def ingest(path: Path, *, article_id: str | None = None, source_path: str | None = None) -> Article:
    """Read one input. Its id defaults to the file's stem; a batch passes ids that keep the
    folders below the corpus apart."""
    return ingest_bytes(path.read_bytes(), article_id=article_id or id_for(Path(path.name)),
                        source_path=source_path or str(path))


def ingest_bytes(data: bytes, *, article_id: str, source_path: str) -> Article:
    """An input's bytes, read elsewhere (by the driver of a distributed run, say). An HTML page
    (by its name, or by its first lines) goes through trafilatura (`webpage.py`); any other
    text is split into paragraphs here."""
    text, notes = decode(data)
    sha256 = hashlib.sha256(data).hexdigest()
    page = looks_like_html(text, source_path)
    if page and (charset := declared_charset(data)) and notes and notes[0].startswith(("decoded as cp1252",
                                                                                        "decoded as latin-1")):
        text, notes = decode_as(data, charset)
    text, notes, repairs = repaired(text, notes)
    if page:
        article = parse_page(text, article_id=article_id, source_path=source_path, sha256=sha256)
        notes = [*notes, "HTML page: main text and metadata extracted by trafilatura"]
    else:
        article = parse(text, article_id=article_id, source_path=source_path, sha256=sha256)
    for note in notes:
        article = article.with_note(note)
    return replace(article, removed=(*repairs, *article.removed))


def parse(text: str, *, article_id: str, source_path: str, sha256: str = "") -> Article:
    """Split text into paragraphs.

    Blocks are separated by blank lines, but many scraped sources put one paragraph per line
    inside a block, so each line starts a paragraph unless it continues a hard-wrapped sentence
    (the line before does not close a sentence and this one starts in lower case).
    """
    paragraphs: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            first, last = current[0][0], current[-1][0]
            joined = " ".join(_SPACE_RUN.sub(" ", line.strip()) for _, line in current)
            paragraphs.append(Paragraph(id=f"p{len(paragraphs) + 1}", lines=(first, last), text=joined))
            current.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            flush()
        elif current and _continues(current[-1][1], stripped):
            current.append((number, line))
        else:
            flush()
            current.append((number, line))
    flush()
    return Article(id=article_id, source_path=source_path, sha256=sha256, paragraphs=tuple(paragraphs))


def _continues(previous: str, line: str) -> bool:
    return not _CLOSES_PARAGRAPH.search(previous) and line[:1].islower()
