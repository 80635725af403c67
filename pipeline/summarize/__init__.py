"""Summarize stage: backends behind the `Summarizer` protocol, chosen from the config."""

from __future__ import annotations

import logging
from dataclasses import replace

from pipeline.config import SummarizationConfig
from pipeline.document import Backend
from pipeline.embed import Embedder
from pipeline.errors import BackendUnavailable
from pipeline.models import how_to_get, resolve
from pipeline.summarize.abstractive import AbstractiveSummarizer
from pipeline.summarize.base import Summarizer
from pipeline.summarize.extractive import ExtractiveSummarizer

__all__ = ["Summarizer", "build"]

log = logging.getLogger(__name__)


def build(config: SummarizationConfig, embedder: Embedder) -> tuple[Summarizer, Backend]:
    """The summarizer the config asks for, and its provenance. Loads nothing."""
    extractive = ExtractiveSummarizer(embedder)
    if config.backend == "extractive":
        return extractive, extractive.backend
    assert config.abstractive is not None  # config.load_config checked it
    model = config.abstractive.model
    resolved = resolve(model)
    if resolved.available:
        summarizer = AbstractiveSummarizer(config.abstractive, resolved)
        return summarizer, summarizer.backend
    if config.backend == "abstractive":
        raise BackendUnavailable(f"{model} is {resolved.reason}: {how_to_get(model)}")
    log.warning("summarize: %s is %s; using the embedded extractive summarizer instead (%s)",
                model, resolved.reason, how_to_get(model))
    return extractive, replace(extractive.backend, fallback_from=model)
