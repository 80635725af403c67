"""What every neural sentence translator shares, whatever runs the model.

Marian models are trained on single sentences, so paragraphs are split into sentences, and the
unique sentences that the disk cache does not already hold are translated in batches sorted by
length (little padding). A sentence too long for the model is split at clause boundaries, never
truncated. Output that is empty, looping or far longer than its input is translated again with
other decoding settings and, failing that, by the embedded translator, with a log line.
Subclasses only say how to run the model: `_tokenizer` and `_generate`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pipeline.config import MarianSettings
from pipeline.document import Producer
from pipeline.models.cache import DiskCache
from pipeline.models.hub import Resolved
from pipeline.text import split_overlong, split_sentences
from pipeline.translate.base import Translator

log = logging.getLogger(__name__)

# A translation runs at most this many times as many tokens as its source: English from French
# is about 0.9-1.2 times as long, so more is a loop, not a translation. The generation budget is
# set to the same bound, so output that runs into it never stopped by itself and counts too.
MAX_LENGTH_RATIO = 3.0
# Token budget added for very short inputs ("Oui." -> "Yes.").
LENGTH_SLACK = 8
# The same word n-gram this many times in a row is a repetition loop ("the war the war the war
# the war"); three times can still be language ("no, no and no").
LOOP_REPEATS = 4
LOOP_MAX_N = 4
# The second try after degenerate output: greedy search with a stronger repetition guard.
RETRY_SETTINGS = {"num_beams": 1, "no_repeat_ngram_size": 2, "repetition_penalty": 1.3}


def degenerate(source_tokens: int, output: str, output_tokens: int) -> str | None:
    """Why this output is not a translation, or None when it looks like one."""
    if not output.strip():
        return "empty output"
    if output_tokens >= MAX_LENGTH_RATIO * source_tokens + LENGTH_SLACK:
        return f"output {output_tokens} tokens long for {source_tokens} in"
    words = output.casefold().split()
    for n in range(1, LOOP_MAX_N + 1):
        for start in range(len(words) - n * LOOP_REPEATS + 1):
            gram = words[start:start + n]
            if all(words[start + k * n:start + (k + 1) * n] == gram for k in range(1, LOOP_REPEATS)):
                return f"repetition loop ({' '.join(gram)!r} x{LOOP_REPEATS})"
    return None


class SentenceTranslator:
    def __init__(self, settings: MarianSettings, resolved: Resolved, source_lang: str,
                 fallback: Translator | None, cache: DiskCache[str] | None = None) -> None:
        self.settings = settings
        self.resolved = resolved
        self.source_lang = source_lang
        self.fallback = fallback
        self.cache = cache

    name = "neural"  # the backend's name in provenance and cache keys

    @property
    def producer(self) -> Producer:
        return Producer(self.name, self.settings.model)

    @property
    def fingerprint(self) -> str:
        """Cache key: these weights, run this way, with these decoding settings."""
        s = self.settings
        return f"{self.name}:{self.resolved.fingerprint}:beams={s.num_beams}:no_repeat={s.no_repeat_ngram_size}"

    def warm_up(self) -> None:
        """The model loads on first use: a neural model takes memory a run may not need."""

    def translate(self, texts: Sequence[str]) -> list[str]:
        sentences = [split_sentences(text, self.source_lang) for text in texts]
        english = self.translate_sentences([s for group in sentences for s in group])
        return [" ".join(english[s] for s in group) for group in sentences]

    def translate_sentences(self, sentences: Sequence[str]) -> dict[str, str]:
        unique = list(dict.fromkeys(sentences))
        done = self.cache.get(self.fingerprint, unique) if self.cache else {}
        todo = [s for s in unique if s not in done]
        if not todo:
            return done
        fresh = self._translate_uncached(todo)
        good = {s: text for s, (text, reason) in fresh.items() if not reason}
        bad = {s: reason for s, (_, reason) in fresh.items() if reason}
        for sentence, reason in bad.items():
            log.warning("%s output for %r stayed degenerate after a retry (%s); %s", self.name, sentence[:60], reason,
                        "the embedded translator took it" if self.fallback else "kept as is")
        replaced = dict(zip(bad, self.fallback.translate(list(bad)), strict=True)) if self.fallback and bad else {}
        kept = {s: fresh[s][0] for s in bad if s not in replaced}
        if self.cache:
            self.cache.put(self.fingerprint, {**good, **kept})
            if replaced:
                self.cache.put(self.fingerprint, replaced, via=f"fallback {self.fallback.producer.model}")
        return {**done, **good, **kept, **replaced}

    def _translate_uncached(self, sentences: list[str]) -> dict[str, tuple[str, str | None]]:
        """Model translations, each with the reason it is degenerate (None when it is not)."""
        tokenizer = self._tokenizer()

        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=False)["input_ids"])

        pieces = {s: split_overlong(s, count, self.settings.max_input_tokens) for s in sentences}
        unique_pieces = list(dict.fromkeys(p for group in pieces.values() for p in group))
        outputs = self._generate(unique_pieces, {"num_beams": self.settings.num_beams,
                                                 "no_repeat_ngram_size": self.settings.no_repeat_ngram_size})
        failed = [p for p, (_, reason) in outputs.items() if reason]
        if failed:
            outputs.update(self._generate(failed, RETRY_SETTINGS))
        return {sentence: (" ".join(outputs[p][0] for p in group),
                           next((outputs[p][1] for p in group if outputs[p][1]), None))
                for sentence, group in pieces.items()}

    def _tokenizer(self) -> Any:
        raise NotImplementedError

    def _generate(self, pieces: list[str], settings: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
        """Translate pieces in batches sorted by length (settings: num_beams, no_repeat_ngram_size,
        repetition_penalty); each comes back with the reason it is degenerate, or None."""
        raise NotImplementedError

    def _budget(self, source_tokens: int, limit: int) -> int:
        """Output tokens allowed for a batch whose longest input has `source_tokens`."""
        return min(limit, int(MAX_LENGTH_RATIO * source_tokens) + LENGTH_SLACK + 1)
