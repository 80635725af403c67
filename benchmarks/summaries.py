"""Per-article summaries against human ones: this project beside lead-3 and LexRank, in one run.

    python -m benchmarks.summaries [FOLDER] [--limit N]

FOLDER (default ../shared/dev/summ_fr) holds `<id>.json` files with the French `text` of an
article and its human `reference` summary. Every system works on the same English: the
project's own translation of the article (the embedded default: cleaning, Apertium). The
references are French, so they go through the same embedded translator, and translation noise
falls on every system alike. Printed: ROUGE-1/2/L F1 (rouge-score, English stemming) per
system, and each system's ROUGE-L as a ratio of lead-3's.

Needs the `bench` extra (`pip install -e '.[bench]'`: sumy for LexRank, rouge-score).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "dev" / "summ_fr"
# OrangeSum glues its paragraphs (".Le"): the break is given back before reading.
_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9][.!?»\"])(?=[A-ZÀ-Ý«])")
LEAD = 3


class _Words:
    """The tokenizer sumy asks for, on sentences this project has already split."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"\w+", text)

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        from pipeline.text import split_sentences

        return split_sentences(text)


def lexrank(paragraphs: list[list[str]], count: int) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    words = _Words()
    document = ObjectDocumentModel([Paragraph([Sentence(s, words) for s in p]) for p in paragraphs if p])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(document, count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    from rouge_score import rouge_scorer

    from pipeline.config import find_config, load_config
    from pipeline.stages import Pipeline
    from pipeline.text import english_sentences, split_sentences

    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.folder.glob("*.json"))][:args.limit]
    if not items:
        print(f"{args.folder}: no articles", file=sys.stderr)
        return 2
    pipeline = Pipeline(load_config(find_config(None)[0]))
    french = pipeline.translators.get("fr")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = ("project", "lead-3", "LexRank")
    totals = {name: [0.0, 0.0, 0.0] for name in systems}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for item in items:
            path = Path(scratch) / f"{item['id']}.txt"
            path.write_text(_GLUED.sub("\n\n", item["text"]), encoding="utf-8")
            article = pipeline.process(path.read_bytes(), article_id=item["id"], display_path=str(path))
            sentences = english_sentences(article)
            paragraphs: dict[str, list[str]] = {}
            for sentence in sentences:
                paragraphs.setdefault(sentence.paragraph, []).append(sentence.text)
            outputs = {
                "project": [s.text for s in article.summary],
                "lead-3": [s.text for s in sentences[:LEAD]],
                "LexRank": lexrank(list(paragraphs.values()), LEAD),
            }
            (reference,) = french.translate([" ".join(split_sentences(item["reference"], "fr"))])
            for name, summary in outputs.items():
                scores = scorer.score(reference, " ".join(summary))
                for index, key in enumerate(("rouge1", "rouge2", "rougeL")):
                    totals[name][index] += scores[key].fmeasure
    count = len(items)
    print(f"{count} articles from {args.folder}; references translated by the same embedded translator "
          f"({time.perf_counter() - started:.0f} s)")
    print(f"{'system':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for name, (r1, r2, rl) in totals.items():
        print(f"{name:<10} {r1 / count:8.4f} {r2 / count:8.4f} {rl / count:8.4f}")
    lead = totals["lead-3"][2]
    print(" ".join(f"{name}/lead-3={totals[name][2] / lead:.3f}" for name in ("project", "LexRank")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
