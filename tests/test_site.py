"""The analyst's report: an offline site of the batch, read in a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.run.incremental import run

from .conftest import CORPUS
from .helpers import browser as open_browser

HOSTILE = ("Markup in an article stays text: &lt;img src=x onerror=\"document.body.dataset.pwned=1\"&gt; and "
           "&lt;script&gt;document.body.dataset.pwned=2&lt;/script&gt; were in the page, the minister said on "
           "Tuesday.")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch of one story told by two outlets, an English article and a hostile one, run once."""
    from pipeline.config import load_config

    from .conftest import ROOT

    folder = tmp_path_factory.mktemp("site")
    corpus, out = folder / "corpus", folder / "out"
    corpus.mkdir()
    for path in CORPUS[2:4]:
        shutil.copy(path, corpus)
    (corpus / "hostile.txt").write_text(
        "The minister answers\n\n" + HOSTILE + "\n\nThe central bank raised interest rates by half a point on "
        "Thursday, its governor said after the meeting.\n", encoding="utf-8")
    run(corpus, out, load_config(ROOT / "models.yaml"))
    return out


def _pages(out: Path) -> list[Path]:
    return sorted((out / "site").rglob("*.html"))


def test_every_page_is_there_and_links_only_inside_the_site(built: Path) -> None:
    site = built / "site"
    assert (site / "index.html").is_file() and (site / "style.css").is_file()
    stories = json.loads((built / "stories.json").read_text(encoding="utf-8"))["stories"]
    told = [s for s in stories if s["size"] > 1]
    assert told and all((site / "stories" / f"{s['id']}.html").is_file() for s in told)
    assert all((site / "articles" / f"{p.stem}.html").is_file() for p in CORPUS[2:4])
    for page in _pages(built):
        text = page.read_text(encoding="utf-8")
        assert "default-src 'none'" in text and "script-src" not in text
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not re.match(r"[a-z]+:", link), (page.name, link)  # no scheme: relative to the site
            target = (page.parent / link.split("#")[0]).resolve() if link.split("#")[0] else page
            assert target.is_relative_to(site.resolve()) and target.exists(), (page.name, link)


def test_article_text_is_escaped_never_markup(built: Path) -> None:
    page = (built / "site" / "articles" / "hostile.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in page and "&lt;script&gt;" in page
    assert "<img" not in page and "<script" not in page


def test_a_run_with_nothing_new_rewrites_no_page_and_a_removed_article_takes_its_page(built: Path,
                                                                                        tmp_path: Path) -> None:
    from pipeline.config import load_config

    from .conftest import ROOT

    out = tmp_path / "out"
    shutil.copytree(built, out)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in CORPUS[2:4]:
        shutil.copy(path, corpus)
    (corpus / "hostile.txt").write_text((built.parent / "corpus" / "hostile.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    config = load_config(ROOT / "models.yaml")
    run(corpus, out, config)  # the copy's manifest names the first corpus: the paths differ, nothing else
    stamps = {p: p.stat().st_mtime_ns for p in _pages(out)}
    run(corpus, out, config)
    assert {p: p.stat().st_mtime_ns for p in _pages(out)} == stamps
    (corpus / "hostile.txt").unlink()
    run(corpus, out, config)
    assert not (out / "site" / "articles" / "hostile.html").exists()
    assert "hostile" not in (out / "site" / "index.html").read_text(encoding="utf-8")


def test_pages_drawn_by_another_version_are_drawn_again(built: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """After an upgrade that changed the templates, a run with nothing new still redraws the site."""
    from pipeline.config import load_config
    from pipeline.output import site

    from .conftest import ROOT

    out = tmp_path / "out"
    shutil.copytree(built, out)
    corpus = built.parent / "corpus"
    config = load_config(ROOT / "models.yaml")
    site._environment.cache_clear()
    monkeypatch.setattr(site, "fingerprint", lambda: "0bd")
    run(corpus, out, config)
    assert all(site.page_fingerprint(p.read_text(encoding="utf-8")) == "0bd" for p in _pages(out))
    site._environment.cache_clear()
    monkeypatch.undo()
    run(corpus, out, config)
    made_by = {site.page_fingerprint(p.read_text(encoding="utf-8")) for p in _pages(out)}
    assert made_by == {site.fingerprint()}




def test_the_site_in_a_real_browser(built: Path) -> None:
    """Index, topic or story, article and back; a citation lands on its paragraph and lights it;
    no console error, no request out of the site's folder, nothing of an article runs."""
    from selenium.webdriver.common.by import By

    site = (built / "site").resolve()
    browser = open_browser()
    try:
        browser.get((site / "index.html").as_uri())
        assert browser.title == "News report"
        story = json.loads((built / "stories.json").read_text(encoding="utf-8"))["stories"][0]
        browser.find_element(By.CSS_SELECTOR, f'a[href="stories/{story["id"]}.html"]').click()
        assert browser.current_url.endswith(f"/stories/{story['id']}.html")
        citation = browser.find_element(By.CSS_SELECTOR, "ol.summary .cites a")
        target = citation.get_attribute("href")
        citation.click()  # two clicks from the index: a claim's source paragraph
        article, paragraph = target.rsplit("/", 1)[1].split(".html#")
        assert browser.current_url.endswith(f"/articles/{article}.html#{paragraph}")
        lit = browser.find_element(By.ID, paragraph)
        assert lit.value_of_css_property("background-color") == "rgba(255, 243, 176, 1)"  # :target, highlighted
        source, english = lit.find_elements(By.CSS_SELECTOR, ".source, .english")
        assert source.get_attribute("lang") == "fr" and english.get_attribute("lang") == "en"
        assert source.text and english.text  # side by side
        browser.find_element(By.LINK_TEXT, "all topics").click()  # and back up
        assert browser.current_url.split("#")[0].endswith("/site/index.html")
        browser.get((site / "articles" / "hostile.html").as_uri())
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
        assert "onerror=" in browser.find_element(By.TAG_NAME, "main").text  # shown, as text
        for page in _pages(built):
            browser.get(page.resolve().as_uri())
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
        requested = [json.loads(entry["message"])["message"]["params"]["request"]["url"]
                     for entry in browser.get_log("performance")
                     if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"]
        assert requested and all(url.startswith(site.as_uri() + "/") for url in requested), requested
    finally:
        browser.quit()


def test_a_phone_width_window_stacks_source_and_english(built: Path) -> None:
    from selenium.webdriver.common.by import By

    browser = open_browser()
    try:
        browser.set_window_size(390, 800)
        browser.get((built / "site" / "articles" / f"{CORPUS[2].stem}.html").resolve().as_uri())
        source, english = browser.find_elements(By.CSS_SELECTOR, ".para")[1].find_elements(
            By.CSS_SELECTOR, ".source, .english")
        assert english.location["y"] > source.location["y"]  # one under the other
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        browser.quit()


def test_the_timeline_draws_one_dot_a_date_labels_apart_and_lists_the_background() -> None:
    from pipeline.document import MergedCitation, Story, TimelineEvent
    from pipeline.output.site import CHAR_WIDTH, MAX_TICKS, timeline

    def event(date: str, text: str) -> TimelineEvent:
        return TimelineEvent(said=date, date=date, text=text, citations=(MergedCitation("a", "p1"),))

    events = [event("1986-04", "Bombing of Tripoli."), event("2011-02-15", "Protest in Benghazi."),
              event("2011-02-15", "Arrest of a lawyer."), event("2011-02-16", "Clashes."),
              event("2011-03-19", "Strikes begin.")]
    chart = timeline(events, ("2011-02-16", "2011-03-20"))
    assert [item["event"].text for item in chart["background"]] == ["Bombing of Tripoli."]
    assert len(chart["listed"]) == 4
    labels = [dot["label"] for dot in chart["dots"]]
    assert labels == ["15 Feb ×2", "16 Feb", "19 Mar"]
    assert chart["dots"][0]["href"] == "#event-2"  # the first event of that date, in the list
    story = Story(id="s-a", topic="t-a", articles=("a", "b"), dates=("2011-02-16",), title="Protests")
    on_a_topic = timeline(events, ("2011-02-16", "2011-03-20"), lambda event: story)
    assert on_a_topic["dots"][0]["href"] == "../stories/s-a.html"  # on a topic's page: the story
    lanes: dict[int, list[tuple[float, float]]] = {}
    for dot in chart["dots"]:
        lanes.setdefault(dot["y"], []).append((dot["x"], dot["x"] + 8 + CHAR_WIDTH * len(dot["label"])))
    assert all(a[1] < b[0] for row in lanes.values() for a, b in zip(row, row[1:], strict=False))
    assert 1 <= len(chart["ticks"]) <= MAX_TICKS
