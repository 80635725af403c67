"""Apertium, the embedded default: rule-based, offline, from Debian packages."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache

from pipeline.document import Producer
from pipeline.errors import BackendUnavailable

# Debian packages that provide each Apertium mode.
PACKAGES = {
    "fr-es": "apertium-fr-es", "es-fr": "apertium-fr-es",
    "spa-eng": "apertium-eng-spa", "eng-spa": "apertium-eng-spa",
    "es-en": "apertium-en-es", "en-es": "apertium-en-es",
    "ca-es": "apertium-es-ca", "es-ca": "apertium-es-ca",
    "pt-es": "apertium-es-pt", "es-pt": "apertium-es-pt",
    "it-es": "apertium-es-it", "es-it": "apertium-es-it",
}
# Apertium marks words it could not generate (#) or transfer (@), before the word or, in
# multiword verbs, after its first part ("give# back"); `-u` already drops the '*' of unknown
# words. The marks are not part of the translation (a hashtag loses its '#' too).
_MARK = re.compile(r"(?<![\w#@])[#@](?=\w)|(?<=\w)#(?=\s|$)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@cache
def installed_modes() -> frozenset[str] | None:
    """The Apertium modes installed on this machine; None when Apertium itself is not."""
    executable = shutil.which("apertium")
    if executable is None:
        return None
    listed = subprocess.run([executable, "-l"], capture_output=True, text=True, check=False).stdout
    return frozenset(listed.split())


def why_unavailable(mode: str) -> str | None:
    """Why `mode` cannot run here, with the package that brings it; None when it can."""
    modes = installed_modes()
    package = PACKAGES.get(mode, f"the apertium package for {mode}")
    if modes is None:
        return f"Apertium is not installed: apt-get install apertium {package}"
    return None if mode in modes else f"mode {mode} is not installed: apt-get install {package}"


class ApertiumTranslator:
    """One Apertium mode (say fr-es). A whole article goes through in one call, one paragraph a
    block, and comes back with its paragraph boundaries checked."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    @property
    def producer(self) -> Producer:
        return Producer("apertium", self.mode)

    @property
    def fingerprint(self) -> str:
        return f"apertium:{self.mode}"

    def translate(self, texts: Sequence[str]) -> list[str]:
        flat = [" ".join(text.split()) for text in texts]
        filled = [text for text in flat if text]
        if not filled:
            return list(flat)
        blocks = _PARAGRAPH_BREAK.split(self._run("\n\n".join(filled)).strip())
        if len(blocks) != len(filled):  # the boundaries moved: translate one block at a time
            blocks = [self._run(text).strip() for text in filled]
        out = iter(_MARK.sub("", " ".join(block.split())) for block in blocks)
        return [next(out) if text else "" for text in flat]

    def _run(self, text: str) -> str:
        executable = shutil.which("apertium")
        package = PACKAGES.get(self.mode, f"the apertium package for {self.mode}")
        if executable is None:
            raise BackendUnavailable(f"Apertium is not installed: apt-get install apertium {package}")
        result = subprocess.run([executable, "-u", self.mode], input=text, capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            if "does not exist" in result.stderr or "Mode" in result.stderr:
                raise BackendUnavailable(f"Apertium has no mode '{self.mode}': apt-get install {package}")
            raise BackendUnavailable(f"apertium {self.mode} failed: {result.stderr.strip()[:200]}")
        return result.stdout
