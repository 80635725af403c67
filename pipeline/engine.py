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
from pipeline.stages import Options, Pipeline, Progress, quiet

log = logging.getLogger(__name__)
# Articles sent to a Ray worker at a time: enough to amortize the round trip, few enough that
# the workers finish together.
RAY_BATCH_ARTICLES = 4


@dataclass(frozen=True)
class Job:
    name: str  # the input's path in the corpus folder
    shown: str  # the input's path as the user knows it
    key: str  # the article id
    sha256: str
    data: bytes


@dataclass(frozen=True)
class Failure:
    status: Status  # skipped or failed
    reason: str


def process_job(pipeline: Pipeline, job: Job, progress: Progress = quiet) -> Article | Failure:
    """One job through the pipeline; what goes wrong becomes a Failure with its reason."""
    try:
        return pipeline.process(job.data, article_id=job.key, display_path=job.shown, progress=progress)
    except SkipArticle as error:
        return Failure("skipped", str(error))
    except PipelineError as error:
        return Failure("failed", str(error))
    except Exception as error:  # a bug must cost one article, not the batch
        log.debug("internal error on %s", job.shown, exc_info=True)
        return Failure("failed", f"internal error: {type(error).__name__}: {error}")


class Engine(Protocol):
    def map(self, jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        """Each job with its result, as they complete."""
        ...


class LocalEngine:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, Article | Failure]]:
        for job in jobs:
            yield job, process_job(self.pipeline, job, progress)


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
            for batch in batches:
                pool.submit(lambda actor, value: actor.process.remote(value), batch)
            for _ in batches:
                yield from pool.get_next_unordered()
        finally:
            if started_here:
                ray.shutdown()


class _Worker:
    """A Ray actor: one pipeline, its models loaded once, for every batch it is given."""

    def __init__(self, config: Config, options: Options) -> None:
        self.pipeline = Pipeline(config, options)

    def process(self, batch: list[Job]) -> list[tuple[Job, Article | Failure]]:
        return [(job, process_job(self.pipeline, job)) for job in batch]
