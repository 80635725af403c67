"""Orchestration only: the stages in order, for one file or a folder of them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from pipeline import __version__, summarize
from pipeline.cite import cite
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.detect import detect
from pipeline.document import Article, Backend, MergedSummary, Outcome, Provenance
from pipeline.embed import Embedder
from pipeline.errors import PipelineError, SkipArticle
from pipeline.ingest import article_id, ingest
from pipeline.merge import merge
from pipeline.render import (
    article_json,
    article_markdown,
    english_title,
    manifest_json,
    merged_json,
    merged_markdown,
)
from pipeline.store import MANIFEST, MERGED, dumps, load_article, read_manifest, write_atomic
from pipeline.summarize import Summarizer
from pipeline.translate import Translators, translate


class Pipeline:
    """The stages with their backends for one config; backends load on first use."""

    def __init__(self, config: Config, *, keep_unsupported: bool = False) -> None:
        self.config = config
        self.keep_unsupported = keep_unsupported
        self.translators = Translators(config)
        self.embedder = Embedder(config.embeddings.model)

    @cached_property
    def _summarizer(self) -> tuple[Summarizer, Backend]:
        return summarize.build(self.config.summarize, self.embedder)

    def process(self, path: Path, display_path: str | None = None) -> Article:
        article = ingest(path, display_path=display_path)
        article = detect(article)
        article = clean(article)
        article = translate(article, self.translators)
        summarizer, _ = self._summarizer
        sentences = summarizer.summarize(article, self.config.summarize.sentences)
        article = cite(article, sentences, self.embedder, keep_unsupported=self.keep_unsupported)
        return replace(article, provenance=self.provenance(article))

    def provenance(self, article: Article) -> Provenance:
        assert article.lang is not None
        return Provenance(translator=self.translators.backend(article.lang.code),
                          summarizer=self._summarizer[1],
                          config_sha256=self.config.sha256, version=__version__)

    def merge(self, articles: list[Article]) -> MergedSummary:
        return merge(articles, self.embedder, self.config.merge.sentences)


@dataclass(frozen=True)
class RunReport:
    outcomes: tuple[Outcome, ...]
    merged: MergedSummary
    reused: frozenset[str]  # paths whose earlier outputs were still current

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)


Progress = Callable[[str], None]


def run(corpus: Path, out: Path, config: Config, *, force: bool = False,
        keep_unsupported: bool = False, progress: Progress | None = None) -> RunReport:
    """Process every input of `corpus` whose outputs are missing or stale, then merge them all."""
    pipeline = Pipeline(config, keep_unsupported=keep_unsupported)
    earlier = {} if force else read_manifest(out)
    outcomes: list[Outcome] = []
    articles: list[Article] = []
    reused: set[str] = set()
    ids: dict[str, str] = {}
    for path in inputs(corpus):
        shown = display(path)
        if progress:
            progress(shown)
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        key = article_id(path)
        if key in ids:
            outcomes.append(Outcome(shown, None, sha256, "skipped", f"same id as {ids[key]}"))
            continue
        ids[key] = shown
        entry = earlier.get(shown, {})
        current = (entry.get("status") == "ok" and entry.get("sha256") == sha256
                   and entry.get("config_sha256") == config.sha256)
        article = load_article(out, key) if current else None
        if article is not None:
            outcomes.append(Outcome(shown, article.id, sha256, "ok", entry.get("reason", "")))
            articles.append(article)
            reused.add(shown)
            continue
        outcome, article = _process(pipeline, path, shown, key, sha256)
        outcomes.append(outcome)
        if article is not None:
            write_atomic(out / f"{article.id}.json", dumps(article_json(article)))
            write_atomic(out / f"{article.id}.md", article_markdown(article))
            articles.append(article)
    if progress:
        progress("merged summary")
    merged = pipeline.merge(articles)
    write_atomic(out / f"{MERGED}.json", dumps(merged_json(merged)))
    write_atomic(out / f"{MERGED}.md", merged_markdown(merged, {a.id: english_title(a) for a in articles}))
    write_atomic(out / MANIFEST, dumps(manifest_json(outcomes, config.sha256)))
    return RunReport(tuple(outcomes), merged, frozenset(reused))


def _process(pipeline: Pipeline, path: Path, shown: str, article_id: str,
             sha256: str) -> tuple[Outcome, Article | None]:
    try:
        article = pipeline.process(path, display_path=shown)
    except SkipArticle as error:
        return Outcome(shown, article_id, sha256, "skipped", str(error)), None
    except PipelineError as error:
        return Outcome(shown, article_id, sha256, "failed", str(error)), None
    except OSError as error:
        return Outcome(shown, article_id, sha256, "failed", f"cannot read: {error.strerror}"), None
    return Outcome(shown, article.id, sha256, "ok", "; ".join(article.notes)), article


def summarize_file(path: Path, config: Config, *, keep_unsupported: bool = False) -> Article:
    """One file through every stage, nothing written: for `pipeline summarize`."""
    return Pipeline(config, keep_unsupported=keep_unsupported).process(path, display_path=display(path))


def inputs(corpus: Path) -> Iterator[Path]:
    """The input files: the path itself, or the visible files of a folder, in name order."""
    if corpus.is_file():
        yield corpus
        return
    for path in sorted(corpus.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            yield path


def display(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
