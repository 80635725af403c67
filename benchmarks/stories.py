"""Stories: how well a folder of many topics is grouped, and how the grouping grows.

    python -m benchmarks.stories [--dev ../shared/dev]

Every cluster of DEV/clusters (articles on one story each) is mixed with the single articles of
DEV/summ_fr into one folder, each with its publication date where the data gives one (as a page's
stamp), and `pipeline run` processes it with the embedded default. Printed:
the adjusted Rand index and purity of the stories against the true clusters (each single
article its own cluster), the number of stories found and of true clusters, the largest number
of stories one true cluster was split into, and the stories that mix two true clusters. Then
the time of grouping and merging (every story of two articles or more) at N articles and at
4 N, made of the N articles and three copies of each made distinct (every capitalised word of
the source marked: the k-th copies of a story name each other's names, never an original's),
and the growth exponent between them. Embeddings are computed once beforehand, so the times
are those of the grouping and merging themselves. Needs the `bench` extra (scikit-learn for the adjusted Rand index).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "dev"
_CAPITALISED = re.compile(r"\b([A-ZÀ-Ý][\w'’-]+)")
# OrangeSum glues its paragraphs (".Le"): the break is given back before reading.
_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9][.!?»\"])(?=[A-ZÀ-Ý«])")


def write_mix(dev: Path, folder: Path) -> dict[str, str]:
    """The mixed folder; returns each input's true cluster, by file stem."""
    truth = {}
    for path in sorted((dev / "clusters").glob("*.json")):
        cluster = json.loads(path.read_text(encoding="utf-8"))
        for document in cluster["documents"]:
            stem = re.sub(r"[^\w.-]", "_", f"{cluster['id']}__{document['id']}")
            title, _, body = document["text"].partition("\n")
            stamp = f"Publié le {document['date']}\n\n" if document.get("date") else ""
            (folder / f"{stem}.txt").write_text(f"{title}\n\n{stamp}{body}", encoding="utf-8")
            truth[stem] = cluster["id"]
    for path in sorted((dev / "summ_fr").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        stamp = f"Publié le {item['date']}\n\n" if item.get("date") else ""
        (folder / f"{item['id']}.txt").write_text(f"{item['title']}\n\n{stamp}{_GLUED.sub(chr(10) * 2, item['text'])}",
                                                  encoding="utf-8")
        truth[item["id"]] = item["id"]
    return truth


def scores(stories: Any, truth: dict[str, str]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    found = {article: index for index, story in enumerate(stories) for article in story.articles}
    ids = sorted(found)
    predicted, true = [found[i] for i in ids], [truth[i] for i in ids]
    members: dict[int, list[str]] = defaultdict(list)
    spread: dict[str, set[int]] = defaultdict(set)
    for p, t in zip(predicted, true, strict=True):
        members[p].append(t)
        spread[t].add(p)
    purity = sum(Counter(m).most_common(1)[0][1] for m in members.values()) / len(ids)
    return {"ari": adjusted_rand_score(true, predicted), "purity": purity, "stories": len(stories),
            "clusters": len(set(true)), "most_split": max(len(s) for s in spread.values()),
            "mixed": [sorted(set(m)) for m in members.values() if len(set(m)) > 1]}


def distinct_copy(article: Any, number: int) -> Any:
    """The article under another id, every capitalised word of its source text marked: copy k
    names no one its original names, but what the k-th copies of one story name in common,
    as the originals do. Its English is left alone, so each copy reads as its original does."""
    def mark(text: str) -> str:
        return _CAPITALISED.sub(lambda m: f"{m.group(1)}q{number}", text)
    return replace(article, id=f"{article.id}__copy{number}",
                   paragraphs=tuple(replace(p, text=mark(p.text)) for p in article.paragraphs))


def grouping_and_merging(articles: list[Any], pipeline: Any) -> float:
    from pipeline.batch.stories import group

    by_id = {a.id: a for a in articles}
    started = time.perf_counter()
    for story in group(articles, pipeline.embedder):
        if len(story.articles) > 1:
            pipeline.merge([by_id[i] for i in story.articles])
    return time.perf_counter() - started


def main() -> None:
    from pipeline.config import find_config, load_config
    from pipeline.output.contract import read, stories_from_json
    from pipeline.output.store import OutputFolder
    from pipeline.run.incremental import run
    from pipeline.run.stages import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args()
    config = load_config(find_config(None)[0])
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        corpus.mkdir()
        truth = write_mix(args.dev, corpus)
        started = time.perf_counter()
        report = run(corpus, out, config)
        print(f"{len(truth)} articles ({len(set(truth.values()))} true clusters) processed in "
              f"{time.perf_counter() - started:.0f} s")
        _, stories = read(out / "stories.json", stories_from_json)
        found = scores(stories, truth)
        print(f"ARI {found['ari']:.3f}  purity {found['purity']:.3f}  stories {found['stories']} "
              f"(true clusters {found['clusters']})  most stories from one true cluster {found['most_split']}  "
              f"stories mixing true clusters {len(found['mixed'])}")
        for mixed in found["mixed"]:
            print(f"  mixed: {', '.join(mixed)}")
        folder = OutputFolder(out)
        articles = [a for o in report.outcomes if o.article_id and (a := folder.read_article(o.article_id)) is not None]
        pipeline = Pipeline(config)
        grown = articles + [distinct_copy(a, k) for k in (1, 2, 3) for a in articles]
        grouping_and_merging(grown, pipeline)  # every text embedded once, before timing
        small, large = grouping_and_merging(articles, pipeline), grouping_and_merging(grown, pipeline)
        exponent = math.log(large / small) / math.log(len(grown) / len(articles))
        print(f"grouping and merging: {small:.2f} s at N={len(articles)}, {large:.2f} s at 4N={len(grown)}; "
              f"growth exponent {exponent:.2f}")
        print(f"ari={found['ari']:.3f} purity={found['purity']:.3f} stories={found['stories']} "
              f"most_split={found['most_split']} mixed={len(found['mixed'])} growth_exponent={exponent:.2f}")


if __name__ == "__main__":
    main()
