"""Orchestration only: the stages in order, for one file or a folder that keeps growing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline import __version__, summarize
from pipeline.cite import cite
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.detect import detect
from pipeline.document import Article, Backend, MergedSummary, Outcome, Provenance
from pipeline.embed import Embedder
from pipeline.engine import Failure, Job, LocalEngine, Progress, RayEngine, quiet
from pipeline.ingest import id_for, ingest_bytes
from pipeline.merge import merge
from pipeline.render import (
    article_json,
    article_markdown,
    english_title,
    manifest_json,
    merged_json,
    merged_markdown,
)
from pipeline.store import (
    MANIFEST,
    MERGED,
    OutputLock,
    dumps,
    load_article,
    output_path,
    read_manifest,
    write_atomic,
)
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
        summarizer, _ = self._summarizer
        sentences = summarizer.summarize(article, self.config.summarize.sentences)
        progress(display_path, "cite")
        article = cite(article, sentences, self.embedder, keep_unsupported=self.keep_unsupported)
        return replace(article, provenance=self.provenance(article))

    def provenance(self, article: Article) -> Provenance:
        assert article.lang is not None
        return Provenance(translator=self.translators.backend(article.lang.code),
                          summarizer=self._summarizer[1],
                          config_sha256=self.config.sha256, version=__version__)

    def models(self, lang: str) -> dict[str, str]:
        """What would make an article in `lang` come out differently: checked without loading."""
        return {"translator": self.translators.identity(lang),
                "summarizer": self._summarizer[0].identity,
                "embeddings": self.embedder.identity}

    def merge(self, articles: list[Article]) -> MergedSummary:
        return merge(articles, self.embedder, self.config.merge.sentences)


@dataclass(frozen=True)
class RunReport:
    outcomes: tuple[Outcome, ...]
    merged: MergedSummary | None  # None when the merged summary was still current
    articles: tuple[str, ...]  # ids in the merged summary

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": [{"path": o.path, "id": o.id, "status": o.status, "reason": o.reason,
                        "processed": o.fresh} for o in self.outcomes],
            "merged": {"articles": list(self.articles), "rebuilt": self.merged is not None},
            "counts": {s: sum(o.status == s for o in self.outcomes) for s in ("ok", "skipped", "failed", "removed")},
        }


def run(corpus: Path, out: Path, config: Config, *, force: bool = False, keep_unsupported: bool = False,
        progress: Progress = quiet, engine: str = "local", ray_address: str | None = None) -> RunReport:
    """Bring `out` up to date with `corpus`: process new and changed inputs (and those whose
    config or models changed), drop the outputs of deleted inputs, rebuild the merged summary
    if its articles changed. The manifest is rewritten after every article, so a run that is
    killed resumes where it stopped. `engine` "ray" processes the articles on Ray workers."""
    pipeline = Pipeline(config, keep_unsupported=keep_unsupported)
    workers = (RayEngine(config, keep_unsupported=keep_unsupported, address=ray_address) if engine == "ray"
               else LocalEngine(pipeline))
    with OutputLock(out):
        return _Run(corpus, out, pipeline, workers, force, progress).go()


class _Run:
    def __init__(self, corpus: Path, out: Path, pipeline: Pipeline, engine: LocalEngine | RayEngine,
                 force: bool, progress: Progress) -> None:
        self.corpus, self.out, self.pipeline, self.engine, self.progress = corpus, out, pipeline, engine, progress
        self.config = pipeline.config
        self.earlier, self.merged_key = ({}, None) if force else read_manifest(out)
        self.done: dict[str, Outcome] = {}

    def go(self) -> RunReport:
        found = [(path, display(path), key) for path, key in inputs(self.corpus)]
        owners: dict[str, str] = {}
        articles: dict[str, Article] = {}
        jobs: list[Job] = []
        for path, shown, key in found:
            decided = self._decide(path, shown, key, owners)
            if isinstance(decided, Job):
                jobs.append(decided)
                continue
            self.done[shown], article = decided
            if article is not None:
                articles[shown] = article
            self.progress(shown, "done")
        for job, result in self.engine.map(jobs, self.progress):
            self.done[job.shown], article = self._finish(job, result)
            if article is not None:
                articles[job.shown] = article
            self._save_manifest()
            self.progress(job.shown, "done")
        self.done = {shown: self.done[shown] for _, shown, _ in found}  # input order, whatever the engine's
        for outcome in self._drop_deleted({shown for _, shown, _ in found}, set(owners)):
            self.done[outcome.path] = outcome
        ordered = [articles[shown] for _, shown, _ in found if shown in articles]
        self.progress("merged summary", "merge")
        merged = self._merge(ordered)
        self._save_manifest(final=True)
        self.progress("merged summary", "done")
        return RunReport(tuple(self.done.values()), merged, tuple(a.id for a in ordered))

    def _decide(self, path: Path, shown: str, key: str,
                owners: dict[str, str]) -> Job | tuple[Outcome, Article | None]:
        """A job when the input needs processing, else its outcome (kept, skipped, unreadable)."""
        try:
            data = path.read_bytes()
        except OSError as error:
            return Outcome(shown, key, None, "failed", f"cannot read: {error.strerror}"), None
        sha256 = hashlib.sha256(data).hexdigest()
        if key in owners:
            return Outcome(shown, None, sha256, "skipped", f"same id '{key}' as {owners[key]}"), None
        owners[key] = shown
        return self._still_current(shown, key, sha256) or Job(shown, key, sha256, data)

    def _finish(self, job: Job, result: Article | Failure) -> tuple[Outcome, Article | None]:
        """Write a processed article's outputs, and say what became of the job."""
        if isinstance(result, Failure):
            return Outcome(job.shown, job.key, job.sha256, result.status, result.reason), None
        assert result.lang is not None
        write_atomic(output_path(self.out, f"{job.key}.json"), dumps(article_json(result)))
        write_atomic(output_path(self.out, f"{job.key}.md"), article_markdown(result))
        return Outcome(job.shown, job.key, job.sha256, "ok", "; ".join(result.notes), result.lang.code,
                       self.pipeline.models(result.lang.code)), result

    def _still_current(self, shown: str, key: str, sha256: str) -> tuple[Outcome, Article | None] | None:
        """The earlier outcome, when the input, config and models are unchanged since."""
        entry = self.earlier.get(shown)
        if not entry or entry.get("sha256") != sha256 or entry.get("config_sha256") != self.config.sha256:
            return None
        earlier = replace(self._from_entry(entry), id=key)
        if earlier.status == "skipped":
            return earlier, None
        if earlier.status != "ok" or not earlier.lang or earlier.models != self.pipeline.models(earlier.lang):
            return None
        article = load_article(self.out, key)
        return (earlier, article) if article is not None else None

    def _drop_deleted(self, present: set[str], ids: set[str]) -> list[Outcome]:
        """Outputs of inputs that are gone are deleted, and the removal reported."""
        removed = []
        for path, entry in self.earlier.items():
            if path in present or entry.get("status") == "removed":
                continue
            key = entry.get("id")
            if key and key not in ids:
                for suffix in (".json", ".md"):
                    output_path(self.out, f"{key}{suffix}").unlink(missing_ok=True)
            removed.append(Outcome(path, key, entry.get("sha256"), "removed", "input deleted; its outputs removed",
                                   fresh=True))
        return removed

    def _merge(self, articles: list[Article]) -> MergedSummary | None:
        key = hashlib.sha256(json.dumps(
            [self.config.merge.sentences, self.pipeline.embedder.identity,
             [(a.id, [(s.text, s.citations) for s in a.summary]) for a in articles]]).encode()).hexdigest()
        if key == self.merged_key and (self.out / f"{MERGED}.json").is_file():
            return None
        merged = self.pipeline.merge(articles)
        write_atomic(self.out / f"{MERGED}.json", dumps(merged_json(merged)))
        write_atomic(self.out / f"{MERGED}.md", merged_markdown(merged, {a.id: english_title(a) for a in articles}))
        self.merged_key = key
        return merged

    def _save_manifest(self, final: bool = False) -> None:
        """Written after every input: what is done, plus (until the end) the earlier entries of
        inputs not reached yet, so that a killed run loses nothing it had finished."""
        outcomes = list(self.done.values())
        if not final:
            outcomes += [self._from_entry(e) for p, e in self.earlier.items() if p not in self.done]
        merged_key = self.merged_key if final else None
        write_atomic(self.out / MANIFEST, dumps(manifest_json(outcomes, self.config.sha256, merged_key)))

    @staticmethod
    def _from_entry(entry: dict[str, Any]) -> Outcome:
        return Outcome(entry["path"], entry.get("id"), entry.get("sha256"), entry.get("status", "failed"),
                       entry.get("reason", ""), entry.get("lang"), entry.get("models") or {}, fresh=False)


def summarize_file(path: Path, config: Config, *, keep_unsupported: bool = False) -> Article:
    """One file through every stage, nothing written: for `pipeline summarize`."""
    return Pipeline(config, keep_unsupported=keep_unsupported).process(
        path.read_bytes(), article_id=id_for(Path(path.name)), display_path=display(path))


def inputs(corpus: Path) -> list[tuple[Path, str]]:
    """The input files with their ids: the path itself, or every visible file below the folder
    (subfolders too, their names kept in the id), in name order."""
    if corpus.is_file():
        return [(corpus, id_for(Path(corpus.name)))]
    found = []
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append((path, id_for(relative)))
    return found


def display(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
