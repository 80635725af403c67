"""What reaches a terminal from file names and article text: inert.

A file name or an article may hold escape sequences (`ESC]0;...` retitles a terminal, `ESC[31m`
colours what follows) and direction overrides that make a line read otherwise than it is. On a
terminal they are shown escaped (`\\x1b`, `\\u202e`); JSON keeps the exact text, with such
characters written as JSON escapes, so that it reads back the same.
"""

from __future__ import annotations

import re

# C0 and C1 controls (line breaks and tabs too: a name is one line) and the invisible marks that
# reorder text: direction marks, embeddings, overrides and isolates; the line and paragraph
# separators.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, where JSON's own escaping has not reached (it escapes U+0000-U+001F only).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` with every control and reordering character shown as its escape."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def inert_json(text: str) -> str:
    """JSON text with the characters a terminal would act on written as JSON escapes: the same
    data once parsed."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
