"""Summaries against human ones, each beside its baselines in one run.

    python -m benchmarks.summaries [FOLDER] [--clusters DIR] [--limit N]

Articles: FOLDER (default ../shared/dev/summ_fr) holds `<id>.json` files with the French `text`
of an article and its human `reference` summary; the project's summary is set beside lead-3, the
lead of its own length and LexRank. Clusters: DIR (default ../shared/dev/clusters) holds
clusters of French articles on one story (`documents`, with a `date` where known) and human
summaries of each (`references`, with `references_lang`); the merged summary is set beside a
round-robin of the articles' sentences in order (the first of each, then the second of each,
...), as long as the merged summary. A cluster of more than MAX_CLUSTER documents is sampled
evenly by date. A document's date is given to the pipeline as its page would: a "Publié le" line
above the text.

Every system works on the same English: the project's own translation (the embedded default:
cleaning, Apertium). The references are French, so they go through the same embedded
translator, and translation noise falls on every system alike. Printed: ROUGE-1/2/L F1
(rouge-score, English stemming; the mean over a cluster's references), each system's ROUGE-L as
a ratio of its baseline's; for the merged summaries, the share of sentences citing two
independent sources or more (reprints and copied sentences count once) and the share of
citations whose paragraph agrees with the sentence (none of its numbers missing, no other month
or weekday); and for clusters whose reference is a dated timeline, the share of its days that
the project's timeline has, and of the project's days that it has.

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
from typing import Any

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "dev" / "summ_fr"
DEFAULT_CLUSTERS = DEFAULT_DIR.parent / "clusters"
# The larger cluster (107 documents) is sampled: the benchmark stays a few minutes long.
MAX_CLUSTER = 20
_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DATE_WORD = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
                        r"April|May|June|July|August|September|October|November|December)\b")
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
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    from rouge_score import rouge_scorer

    from pipeline.config import find_config, load_config
    from pipeline.run.stages import Pipeline
    from pipeline.text import english_sentences, split_sentences

    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.folder.glob("*.json"))][:args.limit]
    if not items:
        print(f"{args.folder}: no articles", file=sys.stderr)
        return 2
    pipeline = Pipeline(load_config(find_config(None)[0]))
    french = pipeline.translators.get("fr")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    # lead-3 is the classic baseline; the lead of the project's own length is shown beside it
    own = pipeline.config.summarize.sentences
    systems = ("project", "lead-3", *([f"lead-{own}"] if own != LEAD else []), "LexRank")
    totals = {name: [0.0, 0.0, 0.0] for name in systems}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for item in items:
            path = Path(scratch) / f"{item['id']}.txt"
            path.write_text(_GLUED.sub("\n\n", item["text"]), encoding="utf-8")
            article = pipeline.process(path.read_bytes(), article_id=item["id"], source_path=str(path))
            sentences = english_sentences(article)
            paragraphs: dict[str, list[str]] = {}
            for sentence in sentences:
                paragraphs.setdefault(sentence.paragraph, []).append(sentence.text)
            outputs = {
                "project": [s.text for s in article.summary],
                "lead-3": [s.text for s in sentences[:LEAD]],
                f"lead-{own}": [s.text for s in sentences[:own]],
                "LexRank": lexrank(list(paragraphs.values()), LEAD),
            }
            (reference,) = french.translate([" ".join(split_sentences(item["reference"], "fr"))])
            for name in systems:
                summary = outputs[name]
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
    print(" ".join(f"{name}/lead-3={totals[name][2] / lead:.3f}" for name in systems if name != "lead-3"))
    if args.clusters.is_dir():
        print()
        clusters(sorted(args.clusters.glob("*.json")), pipeline, french, scorer)
    return 0


def clusters(paths: list[Path], pipeline: Any, french: Any, scorer: Any) -> None:
    from pipeline.summarize.cite import numbers
    from pipeline.text import split_sentences

    print(f"{'cluster':<16} {'docs':>4} {'merged R-1/2/L':>22} {'round-robin R-1/2/L':>22} {'multi':>6} "
          f"{'timeline days':>34}")
    sums = {"merged": 0.0, "round-robin": 0.0}
    multi = agree = cited = sentences_count = 0
    for path in paths:
        cluster = json.loads(path.read_text(encoding="utf-8"))
        documents = cluster["documents"]
        if len(documents) > MAX_CLUSTER:
            documents = sorted(documents, key=lambda d: d.get("date", ""))
            documents = [documents[round(i * (len(documents) - 1) / (MAX_CLUSTER - 1))] for i in range(MAX_CLUSTER)]
        articles = []
        with tempfile.TemporaryDirectory() as scratch:
            for document in documents:
                name = re.sub(r"[^\w.-]", "_", document["id"])
                stamp = f"Publié le {document['date']}\n\n" if document.get("date") else ""
                path_in = Path(scratch) / f"{name}.txt"
                path_in.write_text(stamp + document["text"], encoding="utf-8")
                articles.append(pipeline.process(path_in.read_bytes(), article_id=name, source_path=str(path_in)))
        merged = pipeline.merge(articles)
        languages = cluster.get("references_lang") or [cluster.get("reference_lang", "fr")] * len(cluster["references"])
        french_references = [r for r, lang in zip(cluster["references"], languages, strict=True) if lang == "fr"]
        references = french.translate([" ".join(split_sentences(r, "fr")) for r in french_references])
        summary = [s.text for s in merged.summary]
        systems = {"merged": summary, "round-robin": _round_robin(articles, len(summary))}
        scores = {}
        for name, text in systems.items():
            per = [scorer.score(r, " ".join(text)) for r in references]
            scores[name] = [sum(p[k].fmeasure for p in per) / len(per) for k in ("rouge1", "rouge2", "rougeL")]
            sums[name] += scores[name][2]
        by_id = {a.id: a for a in articles}
        for sentence in merged.summary:
            multi += _sources(sentence) >= 2
            sentences_count += 1
            for citation in sentence.citations:
                paragraph = by_id[citation.article].paragraph(citation.paragraph)
                dates = set(_DATE_WORD.findall(paragraph.en))
                agree += (numbers(sentence.text) <= numbers(f"{paragraph.en}\n{paragraph.text}")
                          and (not dates or set(_DATE_WORD.findall(sentence.text)) <= dates))
                cited += 1
        timeline = _timeline_check(cluster, merged)
        print(f"{cluster['id']:<16} {len(articles):>4} {_three(scores['merged']):>22} "
              f"{_three(scores['round-robin']):>22} "
              f"{sum(_sources(s) >= 2 for s in merged.summary)}/{len(merged.summary):<4} "
              f"{timeline:>34}")
    print(f"merged/round-robin={sums['merged'] / sums['round-robin']:.3f} "
          f"citing_two_sources_or_more={multi / max(sentences_count, 1):.2f} citations_agreeing={agree}/{cited}")


def _sources(sentence: Any) -> int:
    """The independent sources a merged sentence cites (its articles, where a version did not
    count reprints apart)."""
    articles = len({c.article for c in sentence.citations})
    return articles if sentence.sources is None else sentence.sources


def _round_robin(articles: list[Any], count: int) -> list[str]:
    from pipeline.text import english_sentences

    queues = [english_sentences(a) for a in articles]
    picked: list[str] = []
    depth = 0
    while len(picked) < count and any(depth < len(q) for q in queues):
        picked += [q[depth].text for q in queues if depth < len(q)][:count - len(picked)]
        depth += 1
    return picked


def _timeline_check(cluster: dict[str, Any], merged: Any) -> str:
    """Days of a dated reference timeline found in the project's, and the other way round."""
    wanted = {day for reference in cluster["references"] for day in _DAY.findall(reference)}
    if not wanted:
        return "-"
    found = {event.date for event in merged.timeline if len(event.date) == 10}
    if not found:
        return f"0/{len(wanted)} days found, none dated"
    return (f"{len(wanted & found)}/{len(wanted)} found, "
            f"{len(wanted & found)}/{len(found)} in reference")


def _three(scores: list[float]) -> str:
    return "/".join(f"{score:.3f}" for score in scores)


if __name__ == "__main__":
    sys.exit(main())
