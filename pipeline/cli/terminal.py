"""What reaches a terminal from file names and article text: inert.

A file name or an article may hold escape sequences (`ESC]0;...` retitles a terminal, `ESC[31m`
colours what follows) and direction overrides that make a line read otherwise than it is. On a
terminal they are shown escaped (`text.inert`); JSON keeps the exact text, with such characters
written as JSON escapes, so that it reads back the same.
"""

from __future__ import annotations

import re

# The characters a terminal acts on, where JSON's own escaping has not reached (it escapes
# U+0000-U+001F only).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert_json(text: str) -> str:
    """JSON text with the characters a terminal would act on written as JSON escapes: the same
    data once parsed."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
