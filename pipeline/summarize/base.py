"""The Summarizer protocol every backend implements."""

from __future__ import annotations

from typing import Protocol

from pipeline.document import Article, Producer


class Summarizer(Protocol):
    """Proposes English summary sentences for an article whose paragraphs carry `en`.

    Citations are not the summarizer's business: `cite` aligns every proposed sentence with the
    paragraphs that support it, whichever backend wrote it. Models load on first use.
    """

    @property
    def producer(self) -> Producer:
        """What summarizes, for provenance."""
        ...

    @property
    def fingerprint(self) -> str:
        """Names what would change the output, for incremental runs."""
        ...

    def summarize(self, article: Article, sentences: int) -> list[str]: ...
