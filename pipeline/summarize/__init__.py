"""Summarize stage: backends behind the `Summarizer` protocol, chosen from the config."""

from __future__ import annotations

from pipeline.config import SummarizationConfig
from pipeline.embed import Embedder
from pipeline.summarize.base import Summarizer
from pipeline.summarize.extractive import ExtractiveSummarizer

__all__ = ["Summarizer", "build"]


def build(config: SummarizationConfig, embedder: Embedder) -> Summarizer:
    if config.backend == "extractive":
        return ExtractiveSummarizer(embedder)
    raise NotImplementedError(f"summarization backend '{config.backend}'")
