"""Language detection on the dev sentences of every language, the project's detector beside
langdetect (what the project used before) in the same run.

    python -m benchmarks.language [TSV ...]
        (default: ../shared/dev/mt/*.tsv and ../shared/dev/mt_multi/*.tsv)

A sentence is one short paragraph: the hard case (an article gives far more text). Each file's
sources are sentences of its language (named on its first line, as in benchmarks.translation_quality),
its references English ones (the first 300 are taken). Printed: accuracy per language, the
milliseconds a sentence takes, and each detector's commonest confusions. Goal: >= 0.98 on every
language.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks.translation_quality import DEFAULT_FILES, read_pairs

ENGLISH_SENTENCES = 300
GOAL = 0.98


def _langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    def guess(text: str) -> str:
        DetectorFactory.seed = 0
        try:
            return detect(text).split("-")[0]
        except LangDetectException:
            return "?"

    return guess


def _project() -> Callable[[str], str]:
    from pipeline.read.language import guess as project_guess

    def guess(text: str) -> str:
        found = project_guess(text)
        return found.code if found else "?"

    return guess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args()
    sentences: dict[str, list[str]] = defaultdict(list)
    english: list[str] = []
    for path in args.files:
        lang, pairs = read_pairs(path)
        sentences[lang] += [source for source, _ in pairs]
        english += [reference for _, reference in pairs]
    sentences["en"] = english[:ENGLISH_SENTENCES]
    detectors = {"project": _project(), "langdetect": _langdetect()}
    for guess in detectors.values():  # models loaded before timing
        guess("warm up")
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    confusions: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    seconds: Counter[str] = Counter()
    for lang, texts in sorted(sentences.items()):
        for name, guess in detectors.items():
            started = time.perf_counter()
            found = [guess(text) for text in texts]
            seconds[name] += time.perf_counter() - started
            scores[lang][name] = sum(f == lang for f in found) / len(texts)
            confusions[name].update((lang, f) for f in found if f != lang)
    total = sum(len(texts) for texts in sentences.values())
    print(f"{'language':<10} {'sentences':>9} " + " ".join(f"{name:>11}" for name in detectors))
    for lang, by_detector in scores.items():
        print(f"{lang:<10} {len(sentences[lang]):>9} " + " ".join(f"{by_detector[n]:>11.3f}" for n in detectors))
    print(f"{'ms/sentence':<20} " + " ".join(f"{1000 * seconds[n] / total:>11.2f}" for n in detectors))
    for name in detectors:
        print(f"{name} confusions (language -> guess): "
              + ", ".join(f"{a}->{b} {n}" for (a, b), n in confusions[name].most_common(6)))
    below = [lang for lang, by_detector in scores.items() if by_detector["project"] < GOAL]
    print(f"goal (>= {GOAL} on every language): " + ("met" if not below else "not met for " + ", ".join(below)))


if __name__ == "__main__":
    main()
