"""Quality of the embedded (offline) translation against human translations, per language,
beside the plain Apertium route of the same language, in the same run.

    python -m benchmarks.translation_quality [TSV ...]
        (default: ../shared/dev/mt/*.tsv and ../shared/dev/mt_multi/*.tsv)

Each TSV has one pair per line, source<TAB>English reference; its first line is a comment that
names the source language ("# cat<TAB>eng -- ..."). The project's translator is the one
models.yaml configures for that language with the embedded backend (Apertium and its repairs);
the plain route is the same Apertium modes and nothing else. Printed per file and per language:
  chrF, BLEU      sacrebleu, corpus level, against the references
  left            share of sentences with a word left in the source or a pivot language: a
                  word of the output written as in the source sentence or in the route's
                  pivot text, not an English word (Debian's wamerican-large list), in lower case
                  (a capitalised word carried through is a name)
  pivot           the same, for a word of the pivot text that is not in the source sentence: a
                  word of the pivot language (Spanish, Catalan) the second leg left
  names           of the capitalised words inside a source sentence that its reference keeps as
                  written (names carried through), the share the output keeps as written
  sent/s          sentences per second, processes started and models loaded beforehand
The last lines check the goals: chrF at least the plain route's, names intact >= 95 %, sentences
with a pivot-language word left <= 5 %.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import time
from collections import defaultdict
from pathlib import Path

from pipeline.text import WORD
from pipeline.translate.languages import ISO3, name

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev"
DEFAULT_FILES = sorted((DEV / "mt").glob("*.tsv")) + sorted((DEV / "mt_multi").glob("*.tsv"))
WORD_LIST = Path("/usr/share/dict/american-english-large")
# Shorter words are mostly function words and abbreviations, in every language.
MIN_LEFT_WORD = 3
GOAL_NAMES, GOAL_PIVOT = 0.95, 0.05
HEADER = f"{'system':<8} {'chrF':>6} {'BLEU':>6} {'left':>6} {'pivot':>6} {'names':>14} {'sent/s':>7}"
_ISO1 = {three: two for two, three in ISO3.items() if two != "no"}


@dataclasses.dataclass
class Scores:
    chrf: float
    bleu: float
    left: float
    pivot: float
    names: tuple[int, int]
    rate: float

    @property
    def names_share(self) -> float:
        kept, total = self.names
        return kept / total if total else 1.0


def read_pairs(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """The source language of a file (ISO 639-1) and its pairs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lang = lines[0].lstrip("# ").split()[0] if lines and lines[0].startswith("#") else path.name[:2]
    pairs = [tuple(line.split("\t")[:2]) for line in lines if line.strip() and not line.startswith("#")]
    return _ISO1.get(lang, lang), [(source, reference) for source, reference in pairs]


def english_words() -> frozenset[str]:
    return frozenset(line.casefold() for line in WORD_LIST.read_text(encoding="utf-8").splitlines())


def left_words(sources: list[str], pivots: list[str], outputs: list[str], english: frozenset[str],
               pivot_only: bool = False) -> list[list[str]]:
    """Per sentence, the lower-case words of the output that stand in the source or the pivot
    text (`pivot_only`: in the pivot text and not in the source) and are not English."""
    found = []
    for source, pivot, output in zip(sources, pivots, outputs, strict=True):
        in_source, in_pivot = set(WORD.findall(source)), set(WORD.findall(pivot))
        seen = in_pivot - in_source if pivot_only else in_pivot | in_source
        found.append([w for w in WORD.findall(output) if len(w) >= MIN_LEFT_WORD and w[0].islower() and w in seen
                      and w.casefold() not in english])
    return found


def names_kept(sources: list[str], outputs: list[str], references: list[str]) -> tuple[int, int]:
    """Capitalised words inside a source sentence (not its first word) that the reference keeps
    as written: how many the output keeps too, of how many."""
    kept = total = 0
    for source, output, reference in zip(sources, outputs, references, strict=True):
        words = WORD.findall(source)[1:]
        for word in {w for w in words if w[0].isupper() and len(w) > 1}:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", reference):
                total += 1
                kept += bool(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", output))
    return kept, total


def score(sources: list[str], pivots: list[str], outputs: list[str], references: list[str],
          english: frozenset[str], seconds: float) -> Scores:
    import sacrebleu

    left = sum(bool(words) for words in left_words(sources, pivots, outputs, english)) / len(outputs)
    pivot = sum(bool(words) for words in left_words(sources, pivots, outputs, english, True)) / len(outputs)
    chrf, bleu = sacrebleu.corpus_chrf(outputs, [references]), sacrebleu.corpus_bleu(outputs, [references])
    return Scores(chrf.score, bleu.score, left, pivot, names_kept(sources, outputs, references), len(outputs) / seconds)


def main() -> None:
    from pipeline.config import find_config, load_config
    from pipeline.translate import build
    from pipeline.translate.apertium import ApertiumTranslator

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args()
    config = load_config(find_config(None)[0])
    english = english_words()
    print(f"{'file':<30} {HEADER}")
    gathered: dict[str, dict[str, list[list[str]]]] = defaultdict(lambda: defaultdict(lambda: [[], [], [], []]))
    timing: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for path in args.files:
        lang, pairs = read_pairs(path)
        spec = config.translation_for(lang)
        if spec is None or spec.apertium is None:
            print(f"{path.stem[:30]:<30} no offline route for '{lang}' in models.yaml")
            continue
        systems = {"project": build(dataclasses.replace(spec, backend="apertium"), lang).component,
                   "plain": ApertiumTranslator(*spec.apertium.pairs)}
        for system in systems.values():  # processes started, models loaded, before timing
            system.translate([pairs[0][0]])
        sources, references = [s for s, _ in pairs], [r for _, r in pairs]
        legs = spec.apertium.pairs
        pivots = ApertiumTranslator(*legs[:-1]).translate(sources) if len(legs) > 1 else [""] * len(sources)
        for label, system in systems.items():
            started = time.perf_counter()
            outputs = system.translate(sources)
            seconds = time.perf_counter() - started
            _row(path.stem[:30], label, score(sources, pivots, outputs, references, english, seconds))
            for bucket, values in zip(gathered[lang][label], (sources, pivots, outputs, references), strict=True):
                bucket.extend(values)
            timing[lang][label][0] += seconds
    print(f"\n{'language':<30} {HEADER}")
    misses = []
    for lang, by_system in gathered.items():
        scores = {label: score(*columns, english, timing[lang][label][0]) for label, columns in by_system.items()}
        for label, scores_of in scores.items():
            _row(f"{lang} {name(lang)}", label, scores_of)
        project, plain = scores["project"], scores["plain"]
        misses += [f"{lang}: chrF {project.chrf:.1f} < plain {plain.chrf:.1f}"] if project.chrf < plain.chrf else []
        misses += [f"{lang}: names {project.names_share:.1%}"] if project.names_share < GOAL_NAMES else []
        misses += [f"{lang}: pivot words {project.pivot:.1%}"] if project.pivot > GOAL_PIVOT else []
    print("\ngoals (chrF >= plain, names >= 95 %, pivot words <= 5 %): " + ("; ".join(misses) or "all met"))


def _row(label: str, system: str, s: Scores) -> None:
    kept, total = s.names
    print(f"{label:<30} {system:<8} {s.chrf:6.1f} {s.bleu:6.1f} {s.left:6.1%} {s.pivot:6.1%} {kept:>5}/{total:<5}"
          f"{s.names_share:4.0%} {s.rate:7.0f}")


if __name__ == "__main__":
    main()
