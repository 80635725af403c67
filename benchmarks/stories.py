"""Topics and stories: how well a folder of many topics is grouped at both levels, and how the grouping grows.

    python -m benchmarks.stories [--dev ../shared/dev]

Every cluster of DEV/clusters (articles on one story each) is mixed with the single articles of
DEV/summ_fr into one folder, each with its publication date where the data gives one (as a page's
stamp), and `pipeline run` processes it with the embedded default. Printed, at the story level
(each RPM2 cluster one story, each single article its own; the Libya pages left out, as their
gold has no story level) and at the topic level (each RPM2 topic, both its clusters, one topic;
the Libya pages one topic): the adjusted Rand index, the number found, the stories and topics
that mix two true topics, and the true topics split across topics. RPM2 gives no dates, though
its readme says its articles are of 2008: the grouping is scored twice, as the data gives the
dates, and with RPM2's articles stamped with their year (mid-2008).

Then the time of grouping and merging (every story of two articles or more) at N articles and at
4 N, made of the N articles and three copies of each made distinct (every capitalised word of the
source marked: the k-th copies of a story name each other's names, never an original's), and the
growth exponent between them. Embeddings are computed once beforehand, so the times are those of
the grouping and merging themselves. Needs the `bench` extra (scikit-learn for the adjusted Rand
index).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "dev"
_CAPITALISED = re.compile(r"\b([A-ZÀ-Ý][\w'’-]+)")
# OrangeSum glues its paragraphs (".Le"): the break is given back before reading.
_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9][.!?»\"])(?=[A-ZÀ-Ý«])")


def write_mix(dev: Path, folder: Path, year_of_undated: dict[str, str] | None = None) -> dict[str, str]:
    """The mixed folder; returns each input's true cluster, by file stem. `year_of_undated` maps
    a cluster prefix ("rpm2_") to a date its articles are stamped with where they have none."""
    truth = {}
    for path in sorted((dev / "clusters").glob("*.json")):
        cluster = json.loads(path.read_text(encoding="utf-8"))
        for document in cluster["documents"]:
            stem = re.sub(r"[^\w.-]", "_", f"{cluster['id']}__{document['id']}")
            title, _, body = document["text"].partition("\n")
            date = document.get("date") or next((d for p, d in (year_of_undated or {}).items()
                                                  if cluster["id"].startswith(p)), None)
            stamp = f"Publié le {date}\n\n" if date else ""
            (folder / f"{stem}.txt").write_text(f"{title}\n\n{stamp}{body}", encoding="utf-8")
            truth[stem] = cluster["id"]
    for path in sorted((dev / "summ_fr").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        stamp = f"Publié le {item['date']}\n\n" if item.get("date") else ""
        (folder / f"{item['id']}.txt").write_text(f"{item['title']}\n\n{stamp}{_GLUED.sub(chr(10) * 2, item['text'])}",
                                                  encoding="utf-8")
        truth[item["id"]] = item["id"]
    return truth


def topic_of(cluster: str) -> str:
    """An RPM2 cluster's topic (rpm2_T02_C1 -> T02); any other cluster is its own topic."""
    found = re.match(r"rpm2_(T\d+)_C\d+$", cluster)
    return found.group(1) if found else cluster


def scores(stories: Any, truth: dict[str, str]) -> dict[str, Any]:
    """Both levels: stories against the clusters (the Libya pages aside), topics against the topics."""
    from sklearn.metrics import adjusted_rand_score

    story_of = {article: story.id for story in stories for article in story.articles}
    topic_of_story = {story.id: story.topic for story in stories}
    ids = sorted(story_of)
    at_story_level = [i for i in ids if not truth[i].startswith("cltls")]
    true_topic = {i: topic_of(truth[i]) for i in ids}
    topics: dict[str, set[str]] = defaultdict(set)
    spread: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        topics[topic_of_story[story_of[i]]].add(true_topic[i])
        spread[true_topic[i]].add(topic_of_story[story_of[i]])
    return {
        "story_ari": adjusted_rand_score([truth[i] for i in at_story_level], [story_of[i] for i in at_story_level]),
        "topic_ari": adjusted_rand_score([true_topic[i] for i in ids], [topic_of_story[story_of[i]] for i in ids]),
        "stories": len(stories), "topics": len(topics),
        "true_stories": len({truth[i] for i in at_story_level}), "true_topics": len(set(true_topic.values())),
        "stories_mixing": [sorted({true_topic[a] for a in s.articles}) for s in stories
                           if len({true_topic[a] for a in s.articles}) > 1],
        "topics_mixing": [sorted(t) for t in topics.values() if len(t) > 1],
        "topics_split": sorted(t for t, found in spread.items() if len(found) > 1),
    }


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
    for story in group(articles, pipeline.embedder).stories:
        if len(story.articles) > 1:
            pipeline.merge([by_id[i] for i in story.articles])
    return time.perf_counter() - started


def grouped(dev: Path, config: Any, year_of_undated: dict[str, str] | None) -> tuple[dict[str, Any], list[Any]]:
    """The mix through `pipeline run`: its scores, and its articles."""
    from pipeline.output.contract import read, stories_from_json
    from pipeline.output.store import OutputFolder
    from pipeline.run.incremental import run

    with tempfile.TemporaryDirectory(prefix="bench-stories-") as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        corpus.mkdir()
        truth = write_mix(dev, corpus, year_of_undated)
        started = time.perf_counter()
        report = run(corpus, out, config)
        print(f"{len(truth)} articles processed in {time.perf_counter() - started:.0f} s")
        _, stories = read(out / "stories.json", stories_from_json)
        folder = OutputFolder(out)
        articles = [a for o in report.outcomes if o.article_id and (a := folder.read_article(o.article_id)) is not None]
        return scores(stories, truth), articles


def show(label: str, found: dict[str, Any]) -> None:
    print(f"{label}: story level ARI {found['story_ari']:.3f} ({found['stories']} stories, {found['true_stories']} "
          f"true); topic level ARI {found['topic_ari']:.3f} ({found['topics']} topics, {found['true_topics']} true); "
          f"stories mixing topics {len(found['stories_mixing'])}; topics mixing topics {len(found['topics_mixing'])}; "
          f"true topics split across topics {len(found['topics_split'])}")
    for mixed in found["topics_mixing"]:
        print(f"  topic mixing: {', '.join(mixed)}")
    if found["topics_split"]:
        print(f"  split: {', '.join(found['topics_split'])}")


def main() -> None:
    from pipeline.config import find_config, load_config
    from pipeline.run.stages import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args()
    config = load_config(find_config(None)[0])
    found, articles = grouped(args.dev, config, None)
    show("as the data gives dates", found)
    dated, _ = grouped(args.dev, config, {"rpm2_": "01/07/2008"})
    show("RPM2 stamped with its year", dated)
    pipeline = Pipeline(config)
    grown = articles + [distinct_copy(a, k) for k in (1, 2, 3) for a in articles]
    grouping_and_merging(grown, pipeline)  # every text embedded once, before timing
    small, large = grouping_and_merging(articles, pipeline), grouping_and_merging(grown, pipeline)
    exponent = math.log(large / small) / math.log(len(grown) / len(articles))
    print(f"grouping and merging: {small:.2f} s at N={len(articles)}, {large:.2f} s at 4N={len(grown)}; "
          f"growth exponent {exponent:.2f}")
    print(f"story_ari={found['story_ari']:.3f} topic_ari={found['topic_ari']:.3f} "
          f"story_ari_dated={dated['story_ari']:.3f} topic_ari_dated={dated['topic_ari']:.3f} "
          f"stories_mixing={len(found['stories_mixing'])} growth_exponent={exponent:.2f}")


if __name__ == "__main__":
    main()
