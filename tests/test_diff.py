from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.output.diff import compare

from .conftest import ROOT
from .helpers import browser as open_browser

runner = CliRunner()
ARTICLE = "004_6299e5e49af4e9bc"
SCRIPT = '<script>document.title = "pwned"</script>'
IMAGE = '<img src="x" onerror="document.body.setAttribute(\'data-pwned\', \'1\')">'


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    """The committed outputs, and a copy edited as a later run could have changed them."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "outputs", old)
    shutil.copytree(ROOT / "outputs", new)
    earlier = old / f"{ARTICLE}.json"  # the earlier run summarized in three sentences
    data = json.loads(earlier.read_text(encoding="utf-8"))
    removed = {"text": "Both leaders began to tighten their ties after the invasion of Ukraine.",
               "citations": ["p3"], "support": 0.95}
    data["summary"].append(removed)
    earlier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = new / f"{ARTICLE}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summary"][0]["text"] += f" Reworded {SCRIPT}."
    data["summary"][1]["citations"] = ["p4", "p5"]
    data["summary"].append({"text": f"An entirely new claim about tourism in Pyongyang {IMAGE}.",
                            "citations": ["p15"], "support": 0.9})
    data["paragraphs"][3]["en"] = "A better translation of the paragraph."
    data["removed"].append({"rule": "stray_tag", "lines": [40, 40], "text": "en-01"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    merged = json.loads((new / "merged.json").read_text(encoding="utf-8"))
    merged["summary"][0]["citations"].append({"article": ARTICLE, "paragraph": "p4"})
    (new / "merged.json").write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    (old / "removed_text.txt").write_text(removed["text"], encoding="utf-8")
    return old, new


def test_every_kind_of_change_is_found(runs) -> None:
    old, new = runs
    diff = compare(old, new)
    kinds = [(c.article, c.kind, c.where.split(" (")[0]) for c in diff.changes]
    assert kinds == [
        (ARTICLE, "sentence changed", "summary 1"),
        (ARTICLE, "citations changed", "summary 2"),
        (ARTICLE, "sentence removed", "summary 3"),
        (ARTICLE, "sentence added", "summary 3"),
        (ARTICLE, "translation changed", "p5"),
        (ARTICLE, "cleaning added", "stray_tag"),
        ("merged", "citations changed", "summary 1"),
    ]
    assert diff.counts == {"sentence added": 1, "sentence removed": 1, "sentence changed": 1,
                           "citations changed": 2, "translation changed": 1, "cleaning added": 1}


def test_text_diff_and_exit_status(runs) -> None:
    old, new = runs
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 1
    assert "  ~ citations changed summary 2" in result.stdout
    assert "      - p3\n      + p4, p5" in result.stdout
    assert "7 changes: 1 sentence added" in result.stdout
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 0 and "0 changes" in same.stdout
    missing = runner.invoke(app, ["diff", str(old), str(old / "nowhere")])
    assert missing.exit_code == 2 and "no such folder" in missing.output


def test_json_diff_for_scripts(runs) -> None:
    old, new = runs
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--format", "json"]).stdout)
    assert data["counts"]["citations changed"] == 2
    change = next(c for c in data["changes"] if c["kind"] == "translation changed")
    assert change["new"] == "A better translation of the paragraph." and change["where"] == "p5"


def test_article_added_and_removed(runs) -> None:
    old, new = runs
    (new / "002_12d9f9299d9ec381.json").unlink()
    kinds = {(c.article, c.kind) for c in compare(old, new).changes}
    assert ("002_12d9f9299d9ec381", "article removed") in kinds
    assert ("002_12d9f9299d9ec381", "article added") in {(c.article, c.kind) for c in compare(new, old).changes}
    text = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    # named by its English title, or by its id where it has no title: never "None"
    assert "article removed: 002_12d9f9299d9ec381" in text and "None" not in text


def test_an_output_of_another_version_is_an_error_naming_it(runs) -> None:
    old, new = runs
    (new / "notes.json").write_text('{"schema": "pipeline.article/9", "id": "x"}', encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 2
    assert "notes.json" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content", ["{not json", "[]", '{"a": 1}', "[" * 200_000 + "]" * 200_000])
def test_files_that_are_not_outputs_are_passed_over(runs, content) -> None:
    """A user's own files in an output folder (notes, another tool's JSON, anything) are not
    the run's outputs: the comparison is the same as without them, and nothing fails."""
    old, new = runs
    before = runner.invoke(app, ["diff", str(old), str(new)])
    (new / "notes.json").write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert (result.exit_code, result.output) == (before.exit_code, before.output)


def test_json_nested_too_deep_to_read_is_one_message(tmp_path) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    (folder / "x.json").write_text('{"schema": "pipeline.article/1", "id": ' + "[" * 200_000 + "]" * 200_000 + "}",
                                   encoding="utf-8")
    result = runner.invoke(app, ["diff", str(folder), str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"error: {folder}")


def test_html_page_escapes_article_text(runs, tmp_path) -> None:
    old, new = runs
    page = tmp_path / "review.html"
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "html", "-o", str(page)])
    assert result.exit_code == 1
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "default-src 'none'" in text  # and the page forbids scripts outright
    title = json.loads((new / f"{ARTICLE}.json").read_text(encoding="utf-8"))["paragraphs"][0]["en"]
    assert f"<h2>{ARTICLE}: {title}</h2>" in text  # headings in English, like the summaries




def test_html_review_page_in_a_real_browser(runs, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    old, new = runs
    page = tmp_path / "review.html"
    runner.invoke(app, ["diff", str(old), str(new), "--format", "html", "-o", str(page)])
    browser = open_browser()
    try:
        browser.get(page.as_uri())
        assert browser.title == "pipeline diff"  # the injected script did not run
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
        added = browser.find_element(By.CSS_SELECTOR, f'[id="{ARTICLE}"] li.added')
        assert "An entirely new claim about tourism" in added.text and "<img" in added.text  # shown as text
        assert "Reworded" in browser.find_element(By.CSS_SELECTOR, f'[id="{ARTICLE}"] li.changed').text
        assert browser.find_element(By.CSS_SELECTOR, f'[id="{ARTICLE}"] li.removed').is_displayed()
        panel = browser.find_element(By.ID, f"new-{ARTICLE}-p15")
        assert not panel.is_displayed()
        browser.find_element(By.CSS_SELECTOR, f'[id="{ARTICLE}"] a[href="#new-{ARTICLE}-p15"]').click()
        assert panel.is_displayed()  # the citation opened its source paragraph and translation
        source = json.loads((new / f"{ARTICLE}.json").read_text(encoding="utf-8"))
        p15 = next(p for p in source["paragraphs"] if p["id"] == "p15")
        assert p15["text"][:40] in panel.text and p15["en"][:40] in panel.text
    finally:
        browser.quit()


def test_stories_and_topics_added_grown_and_split_are_told_apart() -> None:
    from pipeline.output.diff import _grouping_change

    now = {"a": "s1", "b": "s1", "c": "s2", "d": "s3"}
    assert _grouping_change(None, ("d",), now) == "added"
    assert _grouping_change(("a",), ("a", "b"), now) == "grown"
    assert _grouping_change(("a", "b", "c"), ("a", "b"), now) == "split"  # c went to another story
    assert _grouping_change(("a", "c"), None, now) == "split"  # gone, its articles in two stories
    assert _grouping_change(("x",), None, now) == "removed"
    assert _grouping_change(("a", "b"), ("a", "b"), now) is None
