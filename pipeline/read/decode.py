"""Bytes -> text: the encoding found, text decoded the wrong way repaired, controls removed.

A byte-order mark decides; else UTF-16 that has none (recognised by decoding cleanly into text);
else UTF-8, even with a few invalid bytes when the rest is plainly UTF-8 (replaced, and said);
else cp1252, else latin-1. Then mojibake (text decoded the wrong way before it reached us) is
repaired with ftfy, each repaired line logged, and control characters are removed and said.
Binary data is refused with a reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy

from pipeline.document import Removal
from pipeline.errors import SkipArticle
from pipeline.text import inert

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



def decode(data: bytes) -> tuple[str, list[str]]:
    """Text, and notes on how it was decoded where that was not plain UTF-8.

    A byte-order mark decides; else UTF-16 that has none (recognised by decoding cleanly into
    text); else UTF-8, even with a few invalid bytes when the rest is plainly UTF-8 (replaced,
    and said); else cp1252, else latin-1. Mojibake is repaired, and control characters removed,
    afterwards (`repaired`)."""
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



def decode_as(data: bytes, charset: str) -> tuple[str, list[str]]:
    """The bytes in a charset a page declares, where the guess was a single-byte one."""
    return _normalised(data.decode(charset, errors="replace"), [f"decoded as {charset}, as the page declares"])


def repaired(text: str, notes: list[str]) -> tuple[str, list[str], list[Removal]]:
    """Decoded text with its mojibake repaired (and logged) and its control characters removed
    (and said); binary data is refused."""
    _not_binary(text, _C0_CONTROL)  # before the repairs, which give C1 controls a meaning
    text, repairs = repair_mojibake(text)
    text, notes = _without_controls(text, notes)
    return text, notes, repairs
