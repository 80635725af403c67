"""The Translator protocol every backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.document import Backend


class Translator(Protocol):
    """Translates texts of one source language into English, one output per input, in order.

    Implementations load their models lazily, on the first call to `translate`, never in the
    constructor: building a translator must stay cheap.
    """

    @property
    def backend(self) -> Backend: ...

    @property
    def identity(self) -> str:
        """Names what would change the output (model weights, settings): a change of identity
        makes incremental runs translate again."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]: ...
