"""Bytes -> Article: decode, split into paragraphs, keep 1-based line numbers, give ids once."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import ftfy

from pipeline.document import Article, Paragraph, Removal
from pipeline.errors import SkipArticle
from pipeline.cli.terminal import inert
from pipeline.read.webpage import declared_charset, looks_like_html, parse_page

# Share of control characters above which decoded text is taken for binary data: real articles
# have none beyond tabs and line breaks, while a binary file decoded as cp1252 is full of them.
MAX_CONTROL_SHARE = 0.01
# Characters that are never text (C0 and C1 controls but tab, line feed and form feed, which
# parse() treats as spacing); NUL bytes of a broken export, say.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]")
_C0_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f]")
# Text that is not valid UTF-8 is still read as UTF-8 when its valid multi-byte characters
# outnumber its invalid bytes this many times (one bad byte in an accented article); cp1252
# text read as UTF-8 has almost no valid multi-byte characters and an invalid byte per accent.
UTF8_EVIDENCE_RATIO = 3
# Share of letters, digits, punctuation and spaces in a decoding without a byte-order mark
# for it to count as UTF-16 text rather than binary data.
MIN_TEXTUAL_SHARE = 0.95

# A line that ends like this closes its paragraph even when the next line is glued to it.
_CLOSES_PARAGRAPH = re.compile(r"[.!?:;»\"”’)…]\s*$")
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
# Longest article id: its outputs' names ("<id>.json", "<id>.md") stay far below the 255 bytes a
# file system takes; a longer name keeps its start and a short hash of the whole.
MAX_ID_LENGTH = 120
# Runs of spaces (and tabs) carry nothing, and no later pattern need bear them; a single
# no-break space, which French puts inside « guillemets », stays as it is.
_SPACE_RUN = re.compile(r"\s{2,}|\t")


def ingest(path: Path, *, article_id: str | None = None, display_path: str | None = None) -> Article:
    """Read one input. Its id defaults to the file's stem; a batch passes ids that keep the
    folders below the corpus apart."""
    return ingest_bytes(path.read_bytes(), article_id=article_id or id_for(Path(path.name)),
                        source_path=display_path or str(path))


def ingest_bytes(data: bytes, *, article_id: str, source_path: str) -> Article:
    """An input's bytes, read elsewhere (by the driver of a distributed run, say). An HTML page
    (by its name, or by its first lines) goes through trafilatura (`webpage.py`); any other
    text is split into paragraphs here."""
    text, notes = decode(data)
    sha256 = hashlib.sha256(data).hexdigest()
    page = looks_like_html(text, source_path)
    if page:
        charset = declared_charset(data)
        if charset and any(n.startswith(("decoded as cp1252", "decoded as latin-1")) for n in notes):
            text, notes = _normalised(data.decode(charset, errors="replace"), [f"decoded as {charset}, as the page "
                                                                               "declares"])
    _not_binary(text, _C0_CONTROL)  # before the repairs, which give C1 controls a meaning
    text, repairs = repair_mojibake(text)
    text, notes = _without_controls(text, notes)
    if page:
        article = parse_page(text, article_id=article_id, source_path=source_path, sha256=sha256)
        notes = [*notes, "HTML page: main text and metadata extracted by trafilatura"]
    else:
        article = parse(text, article_id=article_id, source_path=source_path, sha256=sha256)
    for note in notes:
        article = article.with_note(note)
    return replace(article, removed=(*repairs, *article.removed))


# ftfy's repairs of text decoded the wrong way somewhere before it reached us, and nothing else:
# no change to quotes, ligatures, widths, line breaks or entities (the cleaning rules log those),
# nor to Unicode normalization (done here, NFC).
_MOJIBAKE = ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                 fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                 remove_control_chars=False, normalization=None, explain=False)
# Repaired words listed in the log entry of one line; the rest are counted.
MAX_LOGGED_REPAIRS = 6


def repair_mojibake(text: str) -> tuple[str, list[Removal]]:
    """Text decoded the wrong way before it reached us, repaired with ftfy, line by line: C1
    controls where cp1252 was read as Latin-1 ("d\x92Armstrong" -> "d’Armstrong"), UTF-8 read
    as cp1252 ("prÃ©sident" -> "président"). Each repaired line is logged (rule `mojibake`)
    with its words before and after."""
    if text.isascii() or ftfy.fix_text(text, _MOJIBAKE) == text:
        return text, []
    lines, repairs = text.split("\n"), []
    for number, line in enumerate(lines, start=1):
        fixed = ftfy.fix_text(line, _MOJIBAKE) if not line.isascii() else line
        if fixed != line:
            repairs.append(Removal("mojibake", (number, number), _changed_words(line, fixed)))
            lines[number - 1] = fixed
    return "\n".join(lines), repairs


def _changed_words(before: str, after: str) -> str:
    """The words a repair changed, as "before -> after" (controls shown escaped)."""
    old, new = before.split(), after.split()
    if len(old) != len(new):
        return f"{inert(before)} -> {after}"
    pairs = [f"{inert(a)} -> {b}" for a, b in zip(old, new, strict=True) if a != b]
    more = len(pairs) - MAX_LOGGED_REPAIRS
    return "; ".join(pairs[:MAX_LOGGED_REPAIRS]) + (f"; and {more} more" if more > 0 else "")


def id_for(path: Path) -> str:
    """The file's stem (with its folders, relative to the corpus, joined by '__'), reduced to
    characters that are safe in a file name and a URL anchor: no id can leave the output folder.
    A batch makes ids unique and stable on top of this (`inputs.assign_ids`)."""
    parts = [*path.parent.parts, path.stem] if not path.is_absolute() else [path.stem]
    safe = [_SAFE_ID.sub("_", unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()).strip("._")
            for part in parts if part not in ("", ".", "..")]
    joined = "__".join(part for part in safe if part) or "article"
    if len(joined) <= MAX_ID_LENGTH:
        return joined
    digest = hashlib.sha256(joined.encode()).hexdigest()[:8]
    return f"{joined[:MAX_ID_LENGTH - len(digest) - 1].rstrip('._')}-{digest}"


def decode(data: bytes) -> tuple[str, list[str]]:
    """Text, and notes on how it was decoded where that was not plain UTF-8.

    A byte-order mark decides; else UTF-16 that has none (recognised by decoding cleanly into
    text); else UTF-8, even with a few invalid bytes when the rest is plainly UTF-8 (replaced,
    and said); else cp1252, else latin-1. Mojibake is repaired, and control characters removed,
    afterwards (`ingest_bytes`)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _normalised(data.decode(encoding, errors="replace"), [f"decoded as {encoding}"])
    if b"\x00" in data:
        # the NUL bytes of UTF-16 are the high bytes of ASCII characters: second in little-endian
        little = data[1::2].count(0) >= data[0::2].count(0)
        encoding = "utf-16-le" if little else "utf-16-be"
        text = _utf16_without_bom(data, encoding)
        if text is None:
            raise SkipArticle("binary data (NUL bytes), not text")
        return _normalised(text, [f"decoded as {encoding} (no byte-order mark)"])
    try:
        return _normalised(data.decode("utf-8"), [])
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    valid = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
    if valid >= UTF8_EVIDENCE_RATIO * invalid:
        return _normalised(lenient, [f"decoded as utf-8; {invalid} invalid byte sequence(s) replaced by U+FFFD"])
    for encoding in ("cp1252", "latin-1"):
        try:
            return _normalised(data.decode(encoding), [f"decoded as {encoding}"])
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _utf16_without_bom(data: bytes, encoding: str) -> str | None:
    """`data` decoded as UTF-16 when that gives text (letters, digits, punctuation, spaces),
    else None: binary data decodes into control characters and unassigned code points."""
    if len(data) % 2:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    textual = sum(1 for ch in text if ch in "\n\r\t" or unicodedata.category(ch)[0] in "LMNPSZ")
    return text if textual >= MIN_TEXTUAL_SHARE * len(text) else None


def _normalised(text: str, notes: list[str]) -> tuple[str, list[str]]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SkipArticle("empty file" if not text else "only whitespace")
    return text, notes


def _not_binary(text: str, controls: re.Pattern[str]) -> None:
    """Text with more than a trace of control characters is binary data."""
    if len(controls.findall(text)) / len(text) > MAX_CONTROL_SHARE:
        raise SkipArticle("binary data (control characters), not text")


def _without_controls(text: str, notes: list[str]) -> tuple[str, list[str]]:
    """Control characters removed and said; text with more than a trace of them is binary."""
    _not_binary(text, _CONTROL)
    controls = _CONTROL.findall(text)
    if controls:
        text = _CONTROL.sub("", text)
        notes = [*notes, f"{len(controls)} control character(s) removed"]
        if not text.strip():
            raise SkipArticle("only whitespace")
    return text, notes


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
