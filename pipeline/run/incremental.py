"""Orchestration only: which inputs need the stages, in what order, and where results go.

The stages themselves are wired in `stages.py`; engines (`engine.py`) run them; the output
folder's layout and formats are `store.py`'s and `contract.py`'s.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.document import STATUSES, Article, Manifest, MergedSummary, Outcome, Status, Story, Topic
from pipeline.errors import PipelineError
from pipeline.output import contract
from pipeline.output.files import OutputLock
from pipeline.output.store import OutputFolder
from pipeline.read.inputs import Input, assign_ids, find_inputs, id_for, read_input
from pipeline.run.batch import Batch, BatchOutputs
from pipeline.run.engines import Failure, Job, LocalEngine, RayEngine
from pipeline.run.stages import DEFAULT_OPTIONS, Options, Pipeline, Progress, quiet

log = logging.getLogger(__name__)


class OutputError(PipelineError):
    """The output folder cannot be written (read-only, a file, full) or overlaps the corpus."""


@dataclass(frozen=True)
class RunReport:
    outcomes: tuple[Outcome, ...]
    merged: MergedSummary | None  # None when the merged summary was still current
    articles: tuple[str, ...]  # ids in the merged summary: the largest story's
    stories: tuple[Story, ...] = ()  # largest first
    stories_rebuilt: tuple[str, ...] = ()  # ids of the stories whose summaries this run wrote
    topics: tuple[Topic, ...] = ()  # largest first

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(o.status == s for o in self.outcomes) for s in STATUSES}

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": [{"path": o.source_path, "id": o.article_id, "status": o.status, "reason": o.reason,
                        "processed": o.fresh} for o in self.outcomes],
            "merged": {"articles": list(self.articles), "rebuilt": self.merged is not None},
            "stories": [{"id": s.id, "topic": s.topic, "articles": list(s.articles),
                         "rebuilt": s.id in self.stories_rebuilt} for s in self.stories],
            "topics": [{"id": t.id, "stories": list(t.stories)} for t in self.topics],
            "counts": self.counts,
        }


def run(corpus: Path, out: Path, config: Config, *, force: bool = False, options: Options = DEFAULT_OPTIONS,
        progress: Progress = quiet, engine: str = "local", ray_address: str | None = None) -> RunReport:
    """Bring `out` up to date with `corpus`: process new and changed inputs (and those whose
    config or models changed; all of them with `force`), drop the outputs of deleted inputs,
    rebuild the merged summary if its articles changed. Each finished article is appended to
    the manifest's journal, so a run that is killed resumes where it stopped. `engine` "ray" processes the
    articles on Ray workers. A folder that cannot be written ends the run with an
    OutputError; what was finished before stays written."""
    _check_apart(corpus, out)
    pipeline = Pipeline(config, options)
    workers = (RayEngine(config, options, address=ray_address) if engine == "ray" else LocalEngine(pipeline))
    try:
        with OutputLock(out):
            folder = OutputFolder(out)
            folder.clear_temporaries()
            return _Run(corpus, folder, pipeline, workers, force, progress).go()
    except OSError as error:
        where = error.filename or out
        raise OutputError(f"cannot write the outputs: {where}: {error.strerror or error}") from None
    finally:
        pipeline.close()


def _check_apart(corpus: Path, out: Path) -> None:
    """Inputs and outputs in separate folders: outputs inside the corpus would become inputs."""
    inside, outside = corpus.resolve(), out.resolve()
    if outside == inside or outside.is_relative_to(inside) or inside.is_relative_to(outside):
        raise OutputError(f"the output folder {out} and the corpus {corpus} overlap; use separate folders")


class _Run:
    def __init__(self, corpus: Path, out: OutputFolder, pipeline: Pipeline, engine: LocalEngine | RayEngine,
                 force: bool, progress: Progress) -> None:
        self.corpus, self.out, self.pipeline, self.engine, self.progress = corpus, out, pipeline, engine, progress
        self.config = pipeline.config
        self.force = force
        manifest = out.read_manifest()  # even with force: its inputs' ids and deletions still count
        self.earlier = {o.name: o for o in manifest.inputs}
        self.merged_key = None if force else manifest.merged_sha256
        self.done: dict[str, Outcome] = {}
        self.articles: dict[str, Article] = {}  # input name -> its article, this run's or a kept one
        self._models: dict[str, dict[str, str]] = {}  # language -> the fingerprints of what would translate it now

    def go(self) -> RunReport:
        found = find_inputs(self.corpus)
        earlier_ids = {name: o.article_id for name, o in self.earlier.items() if o.article_id}
        reserved = contract.RESERVED_STEMS | self._foreign_stems()
        ids = assign_ids([i.name for i in found if i.problem is None], earlier_ids, reserved)
        for job, result in self.engine.map(self._jobs(found, ids), self.progress):
            self.done[job.name], article = self._finish(job, result)
            if article is not None:
                self.articles[job.name] = article
            self.out.record(self.done[job.name])  # a killed run loses nothing it finished
            self.progress(job.source_path, "done")
        self.done = {i.name: self.done[i.name] for i in found}  # input order, whatever the engine's
        for outcome in self._drop_deleted(set(self.done), set(ids.values())):
            self.done[outcome.name] = outcome
        ordered = [self.articles[i.name] for i in found if i.name in self.articles]
        self.progress("stories", "group")
        writer = BatchOutputs(self.out, self.pipeline, self.config, self.force, self.merged_key)
        try:
            batch = writer.update(ordered, {self.articles[name].id for name, o in self.done.items()
                                            if o.fresh and o.status == "ok" and name in self.articles})
        except PipelineError as error:  # the articles are written; the batch's files stay as they were
            log.warning("the stories and the merged summary were not rebuilt (%s); the last run's are kept", error)
            batch = Batch(self.out.read_stories()[1], self.out.read_topics(), {}, None, (), self.merged_key)
        self.out.write_manifest(Manifest(tuple(self.done.values()), batch.merged_key))
        self.progress("merged summary", "done")
        return RunReport(tuple(self.done.values()), batch.merged, batch.largest, batch.stories, tuple(batch.rebuilt),
                         batch.topics)

    def _jobs(self, found: list[Input], ids: dict[str, str]) -> Iterator[Job]:
        """The inputs that need processing, each read once, as the engine asks for them; the
        others get their outcome on the way (kept, skipped, unreadable)."""
        for item in found:
            decided = self._decide(item, ids)
            if isinstance(decided, Job):
                yield decided
                continue
            self.done[item.name], article = decided
            if article is not None:
                self.articles[item.name] = article
            self.progress(display(item.path), "done")

    def _foreign_stems(self) -> set[str]:
        """Names of files in the output folder that the tool did not write: no article takes them."""
        root = self.out.root
        names = (p.name for p in root.iterdir()) if root.is_dir() else ()
        return {Path(n).stem for n in names if n.endswith((".json", ".md")) and self.out.is_foreign(n)}

    def _decide(self, item: Input, ids: dict[str, str]) -> Job | tuple[Outcome, Article | None]:
        """A job when the input needs processing, else its outcome (kept, skipped, unreadable)."""
        source_path = display(item.path)
        if item.problem is not None:
            return self._outcome(item.name, source_path, None, None, "skipped", item.problem), None
        article_id = ids[item.name]
        try:
            data = read_input(item)
        except OSError as error:
            return (self._outcome(item.name, source_path, article_id, None, "failed", f"cannot read: {error.strerror}"),
                    None)
        sha256 = hashlib.sha256(data).hexdigest()
        return (self._still_current(item.name, source_path, article_id, sha256)
                or Job(item, source_path, article_id, sha256, data))

    def _outcome(self, name: str, source_path: str, article_id: str | None, sha256: str | None, status: Status,
                 reason: str, lang: str | None = None, models: dict[str, str] | None = None) -> Outcome:
        """An outcome of this run, stamped with this run's config."""
        return Outcome(name, source_path, article_id, sha256, status, reason, lang, models or {}, self.config.sha256)

    def _finish(self, job: Job, result: Article | Failure) -> tuple[Outcome, Article | None]:
        """Write a processed article's outputs, and say what became of the job. An article that
        fails keeps the outputs of its last good run, and its place in the stories."""
        if isinstance(result, Failure):
            kept = self._kept(job)
            reason = f"{result.reason}; the outputs of the last good run are kept" if kept else result.reason
            return self._outcome(job.name, job.source_path, job.article_id, job.sha256, result.status, reason), kept
        assert result.lang is not None
        self.out.write_article(result)
        return self._outcome(job.name, job.source_path, job.article_id, job.sha256, "ok", "; ".join(result.notes),
                             result.lang.code, self.pipeline.fingerprints(result.lang.code)), result

    def _kept(self, job: Job) -> Article | None:
        """The article an earlier run made of this input, when its outputs are still there."""
        earlier = self.earlier.get(job.name)
        if earlier is None or earlier.status != "ok" or earlier.article_id != job.article_id:
            return None
        return self.out.read_article(job.article_id)

    def _still_current(self, name: str, source_path: str, article_id: str,
                       sha256: str) -> tuple[Outcome, Article | None] | None:
        """The earlier outcome, when the input, its id, the config and the models are unchanged."""
        earlier = self.earlier.get(name)
        if (self.force or not earlier or earlier.sha256 != sha256 or earlier.article_id != article_id
                or earlier.config_sha256 != self.config.sha256):
            return None
        earlier = replace(earlier, source_path=source_path)
        if earlier.status == "skipped":
            return earlier, None
        if earlier.status != "ok" or not earlier.lang:
            return None
        if earlier.lang not in self._models:
            self._models[earlier.lang] = self.pipeline.fingerprints(earlier.lang)
        if earlier.models != self._models[earlier.lang]:
            return None
        article = self.out.read_article(article_id)
        return (earlier, article) if article is not None else None

    def _drop_deleted(self, present: set[str], ids: set[str]) -> list[Outcome]:
        """Outputs of inputs that are gone are deleted, and the removal reported; so are those an
        input left under an id it no longer has (a user's file took its name)."""
        removed = []
        for name, earlier in self.earlier.items():
            if name in present and earlier.article_id and earlier.article_id not in ids:
                self.out.remove_article(earlier.article_id)
            if name in present or earlier.status == "removed":
                continue
            if earlier.article_id and earlier.article_id not in ids:
                self.out.remove_article(earlier.article_id)  # only the files the tool wrote, as it wrote them
            removed.append(self._outcome(name, earlier.source_path, earlier.article_id, earlier.sha256, "removed",
                                         "input deleted; its outputs removed"))
        return removed


def summarize_file(path: Path, config: Config, options: Options = DEFAULT_OPTIONS) -> Article:
    """One file through every stage, nothing written: for `pipeline summarize`."""
    pipeline = Pipeline(config, options)
    try:
        return pipeline.process(path.read_bytes(), article_id=id_for(Path(path.name)),
                                source_path=display(path))
    finally:
        pipeline.close()


def display(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder when inside it."""
    try:  # without resolving links: a link is shown as the name it has in the corpus
        return Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
