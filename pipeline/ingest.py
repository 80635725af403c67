"""Bytes -> Article: decode, split into paragraphs, keep 1-based line numbers, give ids once."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from pipeline.document import Article, Paragraph
from pipeline.errors import SkipArticle

# Share of control characters above which decoded text is taken for binary data: real articles
# have none beyond tabs and line breaks, while a binary file decoded as cp1252 is full of them.
MAX_CONTROL_SHARE = 0.01

# A line that ends like this closes its paragraph even when the next line is glued to it.
_CLOSES_PARAGRAPH = re.compile(r"[.!?:;»\"”’)…]\s*$")
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def ingest(path: Path, *, article_id: str | None = None, display_path: str | None = None) -> Article:
    """Read one input. Its id defaults to the file's stem; a batch passes ids that keep the
    folders below the corpus apart."""
    return ingest_bytes(path.read_bytes(), article_id=article_id or id_for(Path(path.name)),
                        source_path=display_path or str(path))


def ingest_bytes(data: bytes, *, article_id: str, source_path: str) -> Article:
    """An input's bytes, read elsewhere (by the driver of a distributed run, say)."""
    text, encoding = decode(data)
    article = parse(text, article_id=article_id, source_path=source_path, sha256=hashlib.sha256(data).hexdigest())
    if encoding != "utf-8":
        article = article.with_note(f"decoded as {encoding}")
    return article


def id_for(path: Path) -> str:
    """The file's stem (with its folders, relative to the corpus, joined by '__'), reduced to
    characters that are safe in a file name and a URL anchor: no id can leave the output folder."""
    parts = [*path.parent.parts, path.stem] if not path.is_absolute() else [path.stem]
    safe = [_SAFE_ID.sub("_", unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()).strip("._")
            for part in parts if part not in ("", ".", "..")]
    return "__".join(part for part in safe if part) or "article"


def decode(data: bytes) -> tuple[str, str]:
    """Decode with a byte-order mark if any, else UTF-8, then cp1252, then latin-1."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace")), encoding
    if b"\x00" in data:
        raise SkipArticle("binary data (NUL bytes), not text")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return _checked(data.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _checked(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SkipArticle("empty file" if not text else "only whitespace")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f")
    if controls / len(text) > MAX_CONTROL_SHARE:
        raise SkipArticle("binary data (control characters), not text")
    return text


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
            joined = " ".join(line.strip() for _, line in current)
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
