"""The Summarizer protocol every backend implements."""

from __future__ import annotations

from typing import Protocol

from pipeline.document import Article, Backend


class Summarizer(Protocol):
    """Proposes English summary sentences for an article whose paragraphs carry `en`.

    Citations are not the summarizer's business: `cite` aligns every proposed sentence with the
    paragraphs that support it, whichever backend wrote it. Models load on first use.
    """

    @property
    def backend(self) -> Backend: ...

    @property
    def identity(self) -> str:
        """Names what would change the output, for incremental runs."""
        ...

    def summarize(self, article: Article, sentences: int) -> list[str]: ...
