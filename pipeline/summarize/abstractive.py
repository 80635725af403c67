"""BART-family abstractive summaries (default sshleifer/distilbart-cnn-12-6) through transformers.

BART reads at most 1024 tokens. The English text is cut into chunks on paragraph boundaries
(a paragraph too long on its own is cut on sentence boundaries), each chunk is summarized, and
every chunk contributes sentences to the result: the end of a long article is never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from pipeline.config import AbstractiveSettings
from pipeline.document import SUMMARIZABLE_KINDS, Article, Producer
from pipeline.models.hub import Resolved, load_seq2seq
from pipeline.text import split_overlong, split_sentences

# Room for the <s> and </s> tokens the tokenizer adds around each chunk.
SPECIAL_TOKENS = 2
# Summaries repeat themselves without this (the CNN/DailyMail-tuned BARTs use 3).
NO_REPEAT_NGRAM_SIZE = 3


def chunks(texts: list[str], count_tokens: Callable[[str], int], limit: int) -> list[list[str]]:
    """Group consecutive texts into chunks of at most `limit` tokens. A text longer than `limit`
    is cut into its sentences, and a sentence longer than that at clause boundaries."""
    units: list[str] = []
    for text in texts:
        if count_tokens(text) <= limit:
            units.append(text)
        else:
            units += [piece for sentence in split_sentences(text)
                      for piece in split_overlong(sentence, count_tokens, limit)]
    grouped: list[list[str]] = []
    size = 0
    for unit in units:
        tokens = count_tokens(unit)
        if grouped and size + tokens <= limit:
            grouped[-1].append(unit)
            size += tokens
        else:
            grouped.append([unit])
            size = tokens
    return grouped


class AbstractiveSummarizer:
    def __init__(self, settings: AbstractiveSettings, resolved: Resolved) -> None:
        self.settings = settings
        self.resolved = resolved
        self._loaded: tuple[Any, Any] | None = None

    @property
    def producer(self) -> Producer:
        return Producer("abstractive", self.settings.model)

    @property
    def fingerprint(self) -> str:
        s = self.settings
        return (f"abstractive:{self.resolved.fingerprint}:in={s.max_input_tokens}:out={s.max_summary_tokens}"
                f":beams={s.num_beams}")

    def summarize(self, article: Article, sentences: int) -> list[str]:
        import torch

        texts = [p.en for p in article.paragraphs if p.kind in SUMMARIZABLE_KINDS and p.en]
        if not texts:
            return []
        tokenizer, model = self._load()
        limit = min(self.settings.max_input_tokens, tokenizer.model_max_length) - SPECIAL_TOKENS

        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=False)["input_ids"])

        grouped = chunks(texts, count, limit)
        inputs = tokenizer([" ".join(group) for group in grouped], return_tensors="pt", padding=True,
                           truncation=False).to(model.device)
        with torch.inference_mode():
            generated = model.generate(**inputs, num_beams=self.settings.num_beams,
                                       max_new_tokens=self.settings.max_summary_tokens,
                                       no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE)
        summaries = tokenizer.batch_decode(generated, skip_special_tokens=True)
        per_chunk = max(1, math.ceil(sentences / len(grouped)))
        picked = [s for summary in summaries for s in split_sentences(summary)[:per_chunk]]
        return list(dict.fromkeys(picked))

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            self._loaded = load_seq2seq(self.resolved)
        return self._loaded
