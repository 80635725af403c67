"""The report's site: what building it costs beside the run, and screenshots of its pages.

    python -m benchmarks.site [--dev ../shared/dev] [--shots docs/screenshots]

The dev mix of `benchmarks.stories` (every cluster of DEV/clusters and the single articles of
DEV/summ_fr, RPM2 stamped with its year) goes through `pipeline run` cold; printed: the run's
time, the time spent writing the site's pages, and their ratio; then the same for a second run
that adds one article. Screenshots of the four kinds of page (index, topic, story, article, and
an article at a phone's width) are written to SHOTS with Debian's chromium.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.stories import DEFAULT_DEV, write_mix

ROOT = Path(__file__).resolve().parents[1]


class _Timed:
    """The time spent in SiteWriter.update, summed over a run."""

    def __init__(self) -> None:
        from pipeline.run import site

        self.spent = 0.0
        self.original = site.SiteWriter.update

        def update(writer: object, *args: object, **kwargs: object) -> None:
            started = time.perf_counter()
            try:
                self.original(writer, *args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        site.SiteWriter.update = update  # type: ignore[method-assign]


def _timed_run(corpus: Path, out: Path, config: object, timer: _Timed) -> tuple[float, float]:
    from pipeline.run.incremental import run

    timer.spent = 0.0
    started = time.perf_counter()
    run(corpus, out, config)
    return time.perf_counter() - started, timer.spent


def screenshots(out: Path, shots: Path) -> list[Path]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    site = (out / "site").resolve()
    topics = json.loads((out / "topics.json").read_text(encoding="utf-8"))["topics"]
    topic = next(t for t in topics if len(t["stories"]) > 1)
    stories = {s["id"]: s for s in json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]}
    story = next(stories[s] for s in topic["stories"] if stories[s]["size"] > 1)
    article = story["articles"][0]
    pages = {"index": site / "index.html", "topic": site / "topics" / f"{topic['id']}.html",
             "story": site / "stories" / f"{story['id']}.html", "article": site / "articles" / f"{article}.html"}
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    shots.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for name, page in pages.items():
            browser.set_window_size(1200, 900)
            browser.get(page.as_uri() + ("#p2" if name == "article" else ""))
            written.append(shots / f"{name}.png")
            browser.save_screenshot(str(written[-1]))
        browser.set_window_size(390, 844)
        browser.get(pages["article"].as_uri() + "#p2")
        written.append(shots / "article-phone.png")
        browser.save_screenshot(str(written[-1]))
    finally:
        browser.quit()
    return written


def main() -> None:
    from pipeline.config import find_config, load_config

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--shots", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    config = load_config(find_config(None)[0])
    timer = _Timed()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        corpus.mkdir()
        write_mix(args.dev, corpus, {"rpm2_": "01/07/2008"})
        late = sorted(corpus.glob("orangesum_*.txt"))[-1]
        held = late.read_bytes()
        late.unlink()
        cold, cold_site = _timed_run(corpus, out, config, timer)
        pages = len(list((out / "site").rglob("*.html")))
        print(f"cold run of {len(list(corpus.iterdir()))} articles: {cold:.1f} s, of which the site's {pages} pages "
              f"{cold_site:.2f} s (site/run={cold_site / cold:.3f})")
        late.write_bytes(held)
        warm, warm_site = _timed_run(corpus, out, config, timer)
        print(f"one article more: {warm:.1f} s, of which the site {warm_site:.2f} s (site/cold run="
              f"{warm_site / cold:.3f})")
        same, same_site = _timed_run(corpus, out, config, timer)
        print(f"nothing new: {same:.1f} s, site {same_site:.2f} s")
        for path in screenshots(out, args.shots):
            print(f"screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        print(f"site_over_cold_run={cold_site / cold:.3f} one_more_site_over_cold_run={warm_site / cold:.3f}")


if __name__ == "__main__":
    main()
