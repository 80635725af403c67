"""The stages wired together for one config: bytes in, a summarized, cited article out.

Both engines (this process, Ray workers) build a `Pipeline` from the same config and options,
so their outputs are the same. Backends load on first use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from pipeline import __version__, summarize
from pipeline.cite import cite
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.detect import detect
from pipeline.document import Article, MergedSummary, Provenance
from pipeline.embed import Embedder
from pipeline.errors import BackendUnavailable
from pipeline.ingest import ingest_bytes
from pipeline.merge import merge
from pipeline.models import Chosen
from pipeline.summarize import Summarizer
from pipeline.translate import Translators, translate

log = logging.getLogger(__name__)

# Progress is told as (input, stage): stage is a stage's name, or "done".
Progress = Callable[[str, str], None]


def quiet(path: str, stage: str) -> None:
    """A progress callback that tells no one."""


@dataclass(frozen=True)
class Options:
    """How articles are processed, beyond the config: what reaches every worker."""

    keep_unsupported: bool = False  # keep summary sentences the faithfulness guard rejects


DEFAULT_OPTIONS = Options()


class Pipeline:
    """The stages with their backends for one config and options."""

    def __init__(self, config: Config, options: Options = DEFAULT_OPTIONS) -> None:
        self.config = config
        self.options = options
        self.translators = Translators(config)
        self.embedder = Embedder(config.embeddings.model)
        self._noted = False

    @cached_property
    def _summarizer(self) -> Chosen[Summarizer]:
        return summarize.build(self.config.summarize, self.embedder)

    def process(self, data: bytes, *, article_id: str, display_path: str, progress: Progress = quiet) -> Article:
        """One input's bytes through every stage."""
        progress(display_path, "ingest")
        article = ingest_bytes(data, article_id=article_id, source_path=display_path)
        progress(display_path, "detect")
        article = detect(article)
        progress(display_path, "clean")
        article = clean(article)
        progress(display_path, "translate")
        article = translate(article, self.translators)
        progress(display_path, "summarize")
        sentences = self._summarize(article)
        progress(display_path, "cite")
        article = cite(article, sentences, self.embedder, keep_unsupported=self.options.keep_unsupported)
        return replace(article, provenance=self.provenance(article))

    def _summarize(self, article: Article) -> list[str]:
        chosen = self._summarizer
        if chosen.note and not self._noted:
            self._noted = True
            log.warning("%s", chosen.note)
        return chosen.component.summarize(article, self.config.summarize.sentences)

    def provenance(self, article: Article) -> Provenance:
        assert article.lang is not None
        return Provenance(translator=self.translators.producer(article.lang.code),
                          summarizer=self._summarizer.producer,
                          config_sha256=self.config.sha256, version=__version__)

    def fingerprints(self, lang: str) -> dict[str, str]:
        """What would make an article in `lang` come out differently: known without loading."""
        try:
            summarizer = self._summarizer.component.fingerprint
        except BackendUnavailable as error:  # then every article fails, with this reason
            summarizer = f"unavailable: {error}"
        return {"translator": self.translators.fingerprint(lang), "summarizer": summarizer,
                "embeddings": self.embedder.fingerprint}

    def merge(self, articles: list[Article]) -> MergedSummary:
        return merge(articles, self.embedder, self.config.merge.sentences)
