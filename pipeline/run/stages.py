"""The stages wired together for one config: bytes in, a summarized, cited article out.

Both engines (this process, Ray workers) build a `Pipeline` from the same config and options,
so their outputs are the same. Backends load on first use.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

from pipeline import __version__, summarize
from pipeline.batch.merge import merge
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.document import Article, MergedSummary, Provenance
from pipeline.errors import BackendUnavailable, SkipArticle
from pipeline.models.embedder import Embedder
from pipeline.models.hub import Chosen
from pipeline.read.ingest import ingest_bytes
from pipeline.read.language import detect
from pipeline.summarize import Summarizer
from pipeline.summarize.cite import cite
from pipeline.translate import Translators, translate_all

log = logging.getLogger(__name__)
T = TypeVar("T")

# Progress is told as (input, stage): stage is a stage's name, or "done".
Progress = Callable[[str, str], None]


def quiet(path: str, stage: str) -> None:
    """A progress callback that tells no one."""


@dataclass(frozen=True)
class Source:
    """An input's bytes, with the id and the path its article will carry."""

    data: bytes
    article_id: str
    source_path: str


def _attempt(step: Callable[[], T]) -> T | Exception:
    """The step's result, or the error that stopped it: one input's failure is not the batch's."""
    try:
        return step()
    except Exception as error:  # handed back to the engine, which says what it means
        return error


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

    def process(self, data: bytes, *, article_id: str, source_path: str, progress: Progress = quiet) -> Article:
        """One input's bytes through every stage."""
        (result,) = self.process_many([Source(data, article_id, source_path)], progress)
        if isinstance(result, Exception):
            raise result
        return result

    def process_many(self, sources: Sequence[Source], progress: Progress = quiet) -> list[Article | Exception]:
        """Several inputs through every stage: each read, detected and cleaned; all translated
        together (one call per language); then each summarized and cited. An input that fails
        has its error in its place, and the others go on."""
        results: list[Article | Exception] = [_attempt(lambda s=s: self._prepare(s, progress)) for s in sources]
        # loaded while this thread waits on the translators' processes: loaded beside reading
        # and detecting, it took turns with them for the interpreter and slowed both
        self.embedder.warm_up()
        prepared = {i: article for i, article in enumerate(results) if isinstance(article, Article)}
        for i, article in prepared.items():
            progress(sources[i].source_path, "translate")
            assert article.lang is not None
            try:  # checked before the batch, so that one such article does not make it fail
                self.translators.require(article.lang.code)
            except SkipArticle as error:
                results[i] = error
        batch = [i for i in prepared if isinstance(results[i], Article)]
        translated = _attempt(lambda: translate_all([prepared[i] for i in batch], self.translators))
        for position, i in enumerate(batch):
            # when the batch fails, each article alone: only those whose translator broke fail
            article = (_attempt(lambda a=prepared[i]: translate_all([a], self.translators)[0])
                       if isinstance(translated, Exception) else translated[position])
            results[i] = article if isinstance(article, Exception) else _attempt(
                lambda a=article, s=sources[i]: self._finish(a, s, progress))
        return results

    def _prepare(self, source: Source, progress: Progress) -> Article:
        progress(source.source_path, "ingest")
        article = ingest_bytes(source.data, article_id=source.article_id, source_path=source.source_path)
        progress(source.source_path, "detect")
        article = detect(article)
        assert article.lang is not None
        # its translator's processes start now, while this input is cleaned and the next read
        self.translators.warm_up(article.lang.code)
        progress(source.source_path, "clean")
        return clean(article)

    def _finish(self, article: Article, source: Source, progress: Progress) -> Article:
        progress(source.source_path, "summarize")
        sentences = self._summarize(article)
        progress(source.source_path, "cite")
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
        return {"code": code_fingerprint(), "translator": self.translators.fingerprint(lang),
                "summarizer": summarizer, "embeddings": self.embedder.fingerprint}

    def close(self) -> None:
        """Let what is loading in the background finish, before the process may exit."""
        self.embedder.settle()

    def merge(self, articles: list[Article]) -> MergedSummary:
        return merge(articles, self.embedder, self.config.merge.sentences)


# The packages whose code makes one article what it is: an upgrade that changes any of them
# processes every article again once (translations come back from the cache).
ARTICLE_PACKAGES = ("read", "clean", "translate", "summarize")


@cache
def code_fingerprint() -> str:
    """The code that reads, cleans, translates and summarizes an article, as one hash."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in ARTICLE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
