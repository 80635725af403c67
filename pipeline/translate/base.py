"""The Translator protocol every backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.document import Producer


class Translator(Protocol):
    """Translates texts of one source language into English, one output per input, in order.

    Implementations load their models lazily, on the first call to `translate`, never in the
    constructor: building a translator must stay cheap.
    """

    @property
    def producer(self) -> Producer:
        """What translates, for provenance."""
        ...

    @property
    def fingerprint(self) -> str:
        """Names what would change the output (model weights, settings): a new fingerprint
        makes incremental runs translate again, and keys the translation cache."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]: ...

    def warm_up(self) -> None:
        """Begin loading what the first `translate` will need, without waiting for it."""
        ...
