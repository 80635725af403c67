"""How well page furniture is removed: this project on text dumps and on HTML, beside trafilatura
alone on the HTML and beside keeping everything, in one run.

    python -m benchmarks.cleaning [DIR]

DIR (default ../shared/dev/scraped_fr) holds, per page, `<id>.html`, `<id>.txt` (a crude text
dump of it) and `<id>.gold.json` (`keep`: snippets the main text must hold; `drop`: snippets it
must not; `text`: the whole main text, where there is one). Printed per page and overall: the
share of keep snippets kept, the share of drop snippets dropped, and word precision, recall
and F1 against the gold text (bags of folded words: the gold glues some paragraphs together).
Then, on articles that have no page furniture at all (the dev summaries' articles and the
RPM2 clusters'), the share of their sentences (three words or more) that the cleaning keeps
whole: every rule that drops one loses a sentence of the news.
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "dev" / "scraped_fr"
DEV = DEFAULT_DIR.parent


@dataclass(frozen=True)
class Page:
    id: str
    html: Path
    txt: Path
    keep: list[str]
    drop: list[str]
    text: str | None


def pages(folder: Path) -> list[Page]:
    found = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        drop = gold.get("drop") or []
        if isinstance(drop, str):  # some gold files store the list as its Python repr
            drop = ast.literal_eval(drop)
        stem = gold_path.name.removesuffix(".gold.json")
        found.append(Page(stem, folder / f"{stem}.html", folder / f"{stem}.txt", list(gold.get("keep") or []),
                          list(drop), gold.get("text")))
    return found


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.replace("\u00ad", "").casefold()))


@dataclass
class Score:
    kept: int = 0
    keep: int = 0
    dropped: int = 0
    drop: int = 0
    overlap: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> str:
        precision = self.overlap / self.predicted if self.predicted else 0.0
        recall = self.overlap / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        words = f"{precision:9.3f} {recall:6.3f} {f1:6.3f}" if self.gold else f"{'-':>9} {'-':>6} {'-':>6}"
        return f"{self.kept}/{self.keep:<3} {self.kept / max(self.keep, 1):6.1%}  {self.dropped}/{self.drop:<3} " \
               f"{self.dropped / max(self.drop, 1):6.1%}  {words}"


def score(page: Page, output: str) -> Score:
    text = _norm(output)
    result = Score(keep=len(page.keep), drop=len(page.drop))
    result.kept = sum(_norm(s) in text for s in page.keep)
    result.dropped = sum(_norm(s) not in text for s in page.drop)
    if page.text:
        predicted, gold = _words(output), _words(page.text)
        result.overlap = sum((predicted & gold).values())
        result.predicted, result.gold = sum(predicted.values()), sum(gold.values())
    return result


def project(path: Path) -> str:
    """What this project keeps of a page: every paragraph left after cleaning, whatever its kind."""
    from pipeline.clean import apply_rules
    from pipeline.read.ingest import ingest
    from pipeline.read.language import detect

    article = apply_rules(detect(ingest(path)))
    return "\n".join(p.text for p in article.paragraphs)


def trafilatura_alone(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes(), include_comments=False) or ""


def keep_everything(path: Path) -> str:
    return path.read_text(encoding="utf-8")


SYSTEMS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "project .txt": ("txt", project),
    "project .html": ("html", project),
    "trafilatura .html": ("html", trafilatura_alone),
    "keep everything .txt": ("txt", keep_everything),
}


def plain_articles(dev: Path) -> dict[str, list[tuple[str, str]]]:
    """Articles with no furniture at all, per data set: (id, text as a scraper would save it)."""
    summaries = [(f"{d['id']}", f"{d['title']}\n\n{d['text']}\n") for d in
                 (json.loads(p.read_text(encoding="utf-8")) for p in sorted((dev / "summ_fr").glob("*.json")))]
    clusters = [(doc["id"], doc["text"]) for p in sorted((dev / "clusters").glob("rpm2_*.json"))
                for doc in json.loads(p.read_text(encoding="utf-8"))["documents"]]
    return {"summ_fr": summaries, "clusters (RPM2)": clusters}


def sentences_kept(text: str, article_id: str) -> tuple[int, list[str]]:
    """How many of the article's sentences the cleaning keeps whole, and those it loses."""
    from pipeline.clean import apply_rules
    from pipeline.clean.prose import MIN_SENTENCE_WORDS
    from pipeline.read.ingest import ingest_bytes
    from pipeline.read.language import detect
    from pipeline.text import split_sentences

    article = apply_rules(detect(ingest_bytes(text.encode(), article_id=article_id, source_path=f"{article_id}.txt")))
    kept = _plain(" ".join(p.text for p in article.paragraphs))
    sentences = [s for line in text.splitlines() for s in split_sentences(line, "fr")
                 if len(_plain(s).split()) >= MIN_SENTENCE_WORDS]
    lost = [s for s in sentences if _plain(s) not in kept]
    return len(sentences), lost


def _plain(text: str) -> str:
    """The words alone, folded, entities decoded (as the cleaning decodes them)."""
    return " ".join(re.findall(r"\w+", html.unescape(text).replace("\u00ad", "").casefold()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--per-page", action="store_true", help="a line per page and system, and each lost sentence")
    parser.add_argument("--dev", type=Path, default=DEV, help="the dev folder of summ_fr/ and clusters/")
    args = parser.parse_args(argv)
    found = pages(args.folder)
    if not found:
        print(f"{args.folder}: no <id>.gold.json pages", file=sys.stderr)
        return 2
    print(f"{len(found)} pages from {args.folder}; word scores on the {sum(bool(p.text) for p in found)} "
          "pages with a gold text")
    print(f"{'system':<22} {'keep kept':>12}  {'drop dropped':>13}  {'precision':>9} {'recall':>6} {'F1':>6}  seconds")
    totals: dict[str, Score] = {}
    for name, (kind, system) in SYSTEMS.items():
        total, started = Score(), time.perf_counter()
        for page in found:
            result = score(page, system(page.html if kind == "html" else page.txt))
            total.add(result)
            if args.per_page:
                print(f"  {name:<20} {page.id:<45} {result.row()}")
        totals[name] = total
        print(f"{name:<22} {total.row()}  {time.perf_counter() - started:7.2f}")
    print("\nsentences kept on articles with no furniture (the whole text of each, title first):")
    for name, articles in plain_articles(args.dev).items():
        total_sentences, lost = 0, []
        for article_id, text in articles:
            count, missing = sentences_kept(text, article_id)
            total_sentences += count
            lost += [f"{article_id}: {s}" for s in missing]
        print(f"  {name:<18} {total_sentences - len(lost)}/{total_sentences} "
              f"{(total_sentences - len(lost)) / max(total_sentences, 1):.2%}")
        for line in lost if args.per_page else ():
            print(f"    lost {line[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
