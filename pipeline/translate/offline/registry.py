"""The offline translator's repairs, declared once each: name, side, languages, examples.

A repair either rewrites the source text before Apertium translates it, where Apertium would
invert or garble its meaning (side "source": a function of the text), or tidies Apertium's English
afterwards (side "english": a function of the English and the source sentence it came from).
Each says which source languages it reads (none: every language) and gives examples, real
snippets that its test checks (`tests/test_translate.py`). Repairs run in the order they are
declared, the source ones (`source_repairs.py`) then the English ones (`english_repairs.py`).

`repairs.py` gathers them: which apply to a language, in order, and their fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Side = Literal["source", "english"]


@dataclass(frozen=True)
class Repair:
    name: str
    side: Side
    languages: frozenset[str]  # the source languages it reads; empty: every language
    apply: Callable[..., str]  # source: (text) -> text; english: (english, source) -> english
    examples: tuple[tuple[str, ...], ...]  # source: (text, edited); english: (english, source, tidy)

    def applies_to(self, lang: str) -> bool:
        return not self.languages or lang in self.languages


REPAIRS: list[Repair] = []


def repair(side: Side, *, languages: Sequence[str] = (),
           examples: Sequence[tuple[str, ...]]) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Declare the function below as a repair (in the order of declaration)."""
    width = 2 if side == "source" else 3
    if not examples or any(len(example) != width for example in examples):
        raise ValueError(f"a {side} repair needs examples of {width} texts")

    def register(function: Callable[..., str]) -> Callable[..., str]:
        REPAIRS.append(Repair(function.__name__, side, frozenset(languages), function, tuple(examples)))
        return function

    return register
