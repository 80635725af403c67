"""Which chain of Apertium modes brings each dev language to English best: every chain of two
legs at most that Debian's packages make (`pipeline.translate.routes`), plain (no repairs),
scored in the same run against the human references.

    python -m benchmarks.routes [TSV ...]   (default: ../shared/dev/mt_multi/*flores*.tsv and
                                             ../shared/dev/mt/flores*.tsv)

Printed per language: chrF and BLEU of each installed chain, best first, with a bootstrap
interval of the chrF difference to the best (1,000 resamples of the sentences): a chain within
it is no worse on this data. models.yaml takes the direct chain unless a pivot is better beyond
that interval.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from benchmarks.translation_quality import DEV, read_pairs
from pipeline.translate.languages import iso3

DEFAULT_FILES = sorted((DEV / "mt_multi").glob("*flores*.tsv")) + sorted((DEV / "mt").glob("flores*.tsv"))
RESAMPLES = 1000
MAX_LEGS = 2


def _chrf(outputs: list[str], references: list[str]) -> float:
    import sacrebleu

    return sacrebleu.corpus_chrf(outputs, [references]).score


def difference_interval(best: list[str], other: list[str], references: list[str]) -> tuple[float, float]:
    """The 95 % bootstrap interval of chrF(best) - chrF(other) over resampled sentences."""
    rng = random.Random(0)
    indices = range(len(references))
    differences = []
    for _ in range(RESAMPLES):
        sample = [rng.choice(indices) for _ in indices]
        pick = [references[i] for i in sample]
        differences.append(_chrf([best[i] for i in sample], pick) - _chrf([other[i] for i in sample], pick))
    differences.sort()
    return differences[int(0.025 * RESAMPLES)], differences[int(0.975 * RESAMPLES)]


def main() -> None:
    import sacrebleu

    from pipeline.config import find_config, load_config
    from pipeline.translate.apertium import ApertiumTranslator, installed_modes
    from pipeline.translate.routes import routes_to_english

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args()
    config = load_config(find_config(None)[0])
    installed = installed_modes() or frozenset()
    for path in args.files:
        lang, pairs = read_pairs(path)
        sources, references = [s for s, _ in pairs], [r for _, r in pairs]
        spec = config.translation_for(lang)
        configured = spec.apertium.pairs if spec and spec.apertium else ()
        chains = [c for c in routes_to_english(iso3(lang), MAX_LEGS) if set(c) <= installed]
        outputs = {chain: ApertiumTranslator(*chain).translate(sources) for chain in chains}
        ranked = sorted(chains, key=lambda c: -_chrf(outputs[c], references))
        print(f"\n{lang} ({path.stem}, {len(pairs)} sentences)")
        for chain in ranked:
            chrf, bleu = _chrf(outputs[chain], references), sacrebleu.corpus_bleu(outputs[chain], [references]).score
            low, high = (difference_interval(outputs[ranked[0]], outputs[chain], references)
                         if chain != ranked[0] else (0.0, 0.0))
            mark = "  <- models.yaml" if chain == configured else ""
            print(f"  {' > '.join(chain):<32} chrF {chrf:5.1f}  BLEU {bleu:5.1f}  best - this [{low:+.1f}, {high:+.1f}]"
                  f"{mark}")


if __name__ == "__main__":
    main()
