"""A composite translator for pivot languages: French -> Spanish -> English, say."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.document import Producer
from pipeline.translate.base import Translator


class ChainTranslator:
    def __init__(self, steps: Sequence[Translator]) -> None:
        if not steps:
            raise ValueError("a chain needs at least one translator")
        self.steps = tuple(steps)

    @property
    def producer(self) -> Producer:
        names = {step.producer.backend for step in self.steps}
        backend = names.pop() if len(names) == 1 else "+".join(s.producer.backend for s in self.steps)
        return Producer(backend, " > ".join(str(step.producer.model) for step in self.steps))

    @property
    def fingerprint(self) -> str:
        return " > ".join(step.fingerprint for step in self.steps)

    def warm_up(self) -> None:
        for step in self.steps:
            step.warm_up()

    def translate(self, texts: Sequence[str]) -> list[str]:
        current = list(texts)
        for step in self.steps:
            current = step.translate(current)
        return current
