"""Where the articles that need work are processed: in this process, or on Ray workers.

The run (`run.py`) decides which inputs need processing and writes every output itself; an
engine only turns jobs (an input's bytes and names) into articles, or into the reason it could
not. Both engines run the same `Pipeline` (`stages.py`), so their outputs are the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Protocol

from pipeline.config import Config
from pipeline.document import Article, Status
from pipeline.errors import BackendUnavailable, PipelineError, SkipArticle
from pipeline.read.inputs import Input
from pipeline.run.stages import Options, Pipeline, Progress, Source, quiet

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
    """An input to process, with the bytes that were read (once) to decide it needs processing:
    its sha256 is theirs, so an input that changes while a run reads it is recorded as it was
    processed. The run hands jobs to the engine as it decides them, a batch at a time, so that it
    holds a batch of inputs in memory, not the whole corpus."""

    input: Input
    source_path: str  # the input's path as the user knows it
    article_id: str
    sha256: str
    data: bytes = field(repr=False)

    @property
    def name(self) -> str:  # the input's path in the corpus folder
        return self.input.name


@dataclass(frozen=True)
class Failure:
    status: Status  # skipped or failed
    reason: str


def process_jobs(pipeline: Pipeline, batch: Sequence[Job],
                 progress: Progress = quiet) -> list[tuple[Job, Article | Failure]]:
    """Jobs through the pipeline together; what goes wrong with one becomes its Failure."""
    sources = [Source(job.data, job.article_id, job.source_path) for job in batch]
    return [(job, _outcome(job, result)) for job, result in
            zip(batch, pipeline.process_many(sources, progress), strict=True)]


def batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    """The jobs in lists of `size`, taken from `jobs` only as each list is wanted."""
    iterator = iter(jobs)
    while batch := list(islice(iterator, size)):
        yield batch


def _outcome(job: Job, result: Article | Exception) -> Article | Failure:
    if isinstance(result, Article):
        return result
    if isinstance(result, SkipArticle):
        return Failure("skipped", str(result))
    if isinstance(result, PipelineError):
        return Failure("failed", str(result))
    # a bug must cost one article, not the batch
    log.debug("internal error on %s", job.source_path, exc_info=result)
    return Failure("failed", f"internal error: {type(result).__name__}: {result}")


class Engine(Protocol):
    def map(self, jobs: Iterable[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        """Each job with its result, as they complete."""
        ...


class LocalEngine:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, jobs: Iterable[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        for batch in batches(jobs, LOCAL_BATCH_ARTICLES):
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

    def map(self, jobs: Iterable[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        chunks = batches(jobs, RAY_BATCH_ARTICLES)
        first = next(chunks, None)
        if first is None:
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
            count = self.workers or max(1, int(ray.available_resources().get("CPU", 1)))
            worker = ray.remote(num_cpus=1)(_Worker)
            pool = ActorPool([worker.remote(self.config, self.options) for _ in range(count)])
            submitted = 0
            for batch in chain([first], chunks):  # the workers may be other machines: they get the bytes
                pool.submit(lambda actor, value: actor.process.remote(value), batch)
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

    def process(self, batch: list[Job]) -> list[tuple[Job, Article | Failure]]:
        return process_jobs(self.pipeline, batch)
