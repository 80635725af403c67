"""Summarize stage: backends behind the `Summarizer` protocol, chosen from the config."""

from __future__ import annotations

from dataclasses import replace

from pipeline.config import SummarizationConfig
from pipeline.models.embedder import Embedder
from pipeline.models.hub import Chosen, choose
from pipeline.summarize.abstractive import AbstractiveSummarizer
from pipeline.summarize.base import Summarizer
from pipeline.summarize.extractive import ExtractiveSummarizer

__all__ = ["Summarizer", "build"]


def build(config: SummarizationConfig, embedder: Embedder) -> Chosen[Summarizer]:
    """The summarizer the config asks for, and its provenance. Loads nothing."""
    model = config.abstractive.model if config.abstractive else None
    choice = choose("summarize", config.backend, model, neural={"abstractive"},
                    embedded="the embedded extractive summarizer")
    if choice.model is None:
        extractive = ExtractiveSummarizer(embedder)
        return Chosen(extractive, replace(extractive.producer, fallback_from=choice.fallback_from), choice.note)
    assert config.abstractive is not None
    abstractive = AbstractiveSummarizer(config.abstractive, choice.model)
    return Chosen(abstractive, abstractive.producer)
