"""Where the articles that need work are processed: in this process, or on Ray workers.

The run (`run.py`) decides which inputs need processing and writes every output itself; an
engine only turns jobs (an input's bytes and names) into articles, or into the reason it could
not. Both engines run the same `Pipeline` (`stages.py`), so their outputs are the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from pipeline.config import Config
from pipeline.document import Article, Status
from pipeline.errors import BackendUnavailable, PipelineError, SkipArticle
from pipeline.inputs import Input, read_input
from pipeline.stages import Options, Pipeline, Progress, Source, quiet

log = logging.getLogger(__name__)
# Articles sent to a Ray worker at a time: enough to amortize the round trip, few enough that
# the workers finish together.
RAY_BATCH_ARTICLES = 4
# Articles this process takes through the stages together: translated in one call per
# language (a round trip through Apertium's pipeline costs the same for one article or many),
# few enough that a killed run loses little and memory stays flat.
LOCAL_BATCH_ARTICLES = 16


@dataclass(frozen=True)
class Job:
    """An input to process. Its bytes are read when it is processed, not when it is found, so
    that a run holds one input in memory at a time, not the whole batch."""

    input: Input
    shown: str  # the input's path as the user knows it
    key: str  # the article id
    sha256: str

    @property
    def name(self) -> str:  # the input's path in the corpus folder
        return self.input.name


@dataclass(frozen=True)
class Failure:
    status: Status  # skipped or failed
    reason: str


def process_jobs(pipeline: Pipeline, batch: list[tuple[Job, bytes]],
                 progress: Progress = quiet) -> list[tuple[Job, Article | Failure]]:
    """Jobs through the pipeline together; what goes wrong with one becomes its Failure."""
    sources = [Source(data, job.key, job.shown) for job, data in batch]
    return [(job, _outcome(job, result)) for (job, _), result in
            zip(batch, pipeline.process_many(sources, progress), strict=True)]


def read_jobs(jobs: list[Job]) -> tuple[list[tuple[Job, bytes]], list[tuple[Job, Failure]]]:
    """The jobs with their bytes, and those that could not be read, with the reason."""
    read, unreadable = [], []
    for job in jobs:
        try:
            read.append((job, read_input(job.input)))
        except OSError as error:
            unreadable.append((job, Failure("failed", f"cannot read: {error.strerror}")))
    return read, unreadable


def _outcome(job: Job, result: Article | Exception) -> Article | Failure:
    if isinstance(result, Article):
        return result
    if isinstance(result, SkipArticle):
        return Failure("skipped", str(result))
    if isinstance(result, PipelineError):
        return Failure("failed", str(result))
    # a bug must cost one article, not the batch
    log.debug("internal error on %s", job.shown, exc_info=result)
    return Failure("failed", f"internal error: {type(result).__name__}: {result}")


class Engine(Protocol):
    def map(self, jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        """Each job with its result, as they complete."""
        ...


class LocalEngine:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        for start in range(0, len(jobs), LOCAL_BATCH_ARTICLES):
            batch, unreadable = read_jobs(jobs[start:start + LOCAL_BATCH_ARTICLES])
            yield from unreadable
            yield from process_jobs(self.pipeline, batch, progress)


class RayEngine:
    """Batches of articles mapped over Ray actors, each of which loads its models once.

    `address` None starts a Ray on this machine for the run; otherwise it is a cluster's address
    ("ray://head:10001", or "auto" on a node of the cluster). The cluster's nodes need this
    package, its models and Apertium installed, as a local run does.
    """

    def __init__(self, config: Config, options: Options, *, address: str | None = None,
                 workers: int | None = None) -> None:
        self.config = config
        self.options = options
        self.address = address
        self.workers = workers

    def map(self, jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        if not jobs:
            return
        try:
            import ray
            from ray.util import ActorPool
        except ImportError:
            raise BackendUnavailable("the ray engine needs its package: pip install 'pipeline[ray]'") from None
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        try:
            batches = [jobs[i:i + RAY_BATCH_ARTICLES] for i in range(0, len(jobs), RAY_BATCH_ARTICLES)]
            count = self.workers or max(1, min(len(batches), int(ray.available_resources().get("CPU", 1))))
            worker = ray.remote(num_cpus=1)(_Worker)
            pool = ActorPool([worker.remote(self.config, self.options) for _ in range(count)])
            submitted = 0
            for batch in batches:  # the workers may be other machines: they get the bytes, read here
                readable, unreadable = read_jobs(batch)
                yield from unreadable
                if readable:
                    pool.submit(lambda actor, value: actor.process.remote(value), readable)
                    submitted += 1
            for _ in range(submitted):
                yield from pool.get_next_unordered()
        finally:
            if started_here:
                ray.shutdown()


class _Worker:
    """A Ray actor: one pipeline, its models loaded once, for every batch it is given."""

    def __init__(self, config: Config, options: Options) -> None:
        self.pipeline = Pipeline(config, options)

    def process(self, batch: list[tuple[Job, bytes]]) -> list[tuple[Job, Article | Failure]]:
        return process_jobs(self.pipeline, batch)
