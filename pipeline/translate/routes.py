"""Chains of Apertium modes that bring a language to English, from Debian's packages.

A language reaches English directly (`cat-eng`) or through others (`ro-es`, `spa-eng`); which
chain a language takes is set in models.yaml, chosen on the dev data (`benchmarks.routes`
scores every chain this module lists). The offline translator also asks it for another way to
English for a pivot language's words that the route's next leg left.
"""

from __future__ import annotations

from pipeline.translate.apertium import PACKAGES, installed_modes
from pipeline.translate.languages import source_of, target_of

ENGLISH = "eng"
# Legs in a chain at most: each leg loses some meaning, and three reach every language listed.
MAX_LEGS = 3


def routes_to_english(source: str, max_legs: int = MAX_LEGS) -> list[tuple[str, ...]]:
    """Every chain of the modes Debian packages from `source` (ISO 639-3) to English, shortest
    first, none passing a language twice."""
    found: list[tuple[str, ...]] = []
    frontier: list[tuple[str, ...]] = [()]
    for _ in range(max_legs):
        grown = []
        for chain in frontier:
            here = target_of(chain[-1]) if chain else source
            seen = {source, *(target_of(mode) for mode in chain)}
            for mode in sorted(PACKAGES):
                if source_of(mode) == here and target_of(mode) not in seen:
                    (found if target_of(mode) == ENGLISH else grown).append((*chain, mode))
        frontier = grown
    return found


def other_routes(source: str, avoiding: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The installed chains of two legs at most from `source` to English, other than
    `avoiding`: other ways for a word the route's own legs did not know."""
    installed = installed_modes() or frozenset()
    return [chain for chain in routes_to_english(source, 2) if chain != avoiding and set(chain) <= installed]
