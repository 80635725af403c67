"""The committed outputs/ are what the embedded default makes of corpus/ today.

When a change alters them on purpose, regenerate and commit them:
    pipeline run corpus --out outputs --force
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.run.incremental import run

from .conftest import CORPUS, ROOT

GOLDEN = ROOT / "outputs"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        report = run(Path("corpus"), out, load_config(ROOT / "models.yaml"), force=True)
    assert not report.failed
    return out


def test_outputs_match_the_committed_golden_files(regenerated: Path) -> None:
    def files(folder: Path) -> list[str]:
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and not p.name.startswith("."))

    golden = files(GOLDEN)
    assert files(regenerated) == golden and "stories.json" in golden
    for name in golden:
        want = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        got = (regenerated / name).read_text(encoding="utf-8").splitlines()
        if want != got:
            diff = "\n".join(list(difflib.unified_diff(want, got, f"outputs/{name}", "regenerated", lineterm=""))[:80])
            pytest.fail(f"{name} differs from the committed output; if intended, run "
                        f"`pipeline run corpus --out outputs --force` and commit.\n{diff}")


@pytest.mark.parametrize("source", CORPUS, ids=lambda p: p.stem)
def test_article_follows_the_output_contract(regenerated: Path, source: Path) -> None:
    data = json.loads((regenerated / f"{source.stem}.json").read_text(encoding="utf-8"))
    assert set(data) == {"schema", "id", "source", "language", "title", "meta", "paragraphs", "removed",
                         "summary", "unsupported", "provenance"}
    assert data["schema"] == "pipeline.article/1"
    assert data["source"]["path"] == f"corpus/{source.name}"
    kinds = {p["id"]: p["kind"] for p in data["paragraphs"]}
    lines = source.read_text(encoding="utf-8").split("\n")
    for paragraph in data["paragraphs"]:
        assert paragraph["en"] and paragraph["lang"] == "fr"
        first, last = paragraph["lines"]
        assert paragraph["text"].split()[-1].rstrip(".») ") in " ".join(lines[first - 1:last])
    assert len(data["summary"]) == 2
    for sentence in data["summary"]:
        assert sentence["citations"] and all(kinds[c] in ("body", "quote") for c in sentence["citations"])
        cited = " ".join(p["en"] for p in data["paragraphs"] if p["id"] in sentence["citations"])
        # extractive: each sentence is its paragraph's own words, less an opening connective
        # ("But Kim wants" -> "Kim wants") and with its first letter capitalised
        assert sentence["text"][1:] in cited
        assert 0 <= sentence["support"] <= 1
    for removal in data["removed"]:
        assert {"rule", "lines", "text"} == set(removal)
    # models.yaml asks for `auto`; with no neural model on the machine, the embedded default ran
    assert data["provenance"]["translator"] == {"backend": "apertium", "model": "fr-es > spa-eng",
                                                "fallback_from": "Helsinki-NLP/opus-mt-fr-en"}
    assert data["provenance"]["summarizer"] == {"backend": "extractive", "model": "all-MiniLM-L6-v2",
                                                "fallback_from": "sshleifer/distilbart-cnn-12-6"}


def test_merged_and_manifest_follow_the_contract(regenerated: Path) -> None:
    merged = json.loads((regenerated / "merged.json").read_text(encoding="utf-8"))
    assert merged["schema"] == "pipeline.merged/4"
    assert merged["articles"] == [p.stem for p in CORPUS]
    assert len(merged["summary"]) == 6
    for sentence in merged["summary"]:
        for citation in sentence["citations"] + sentence["disputed_by"]:
            article = json.loads((regenerated / f"{citation['article']}.json").read_text(encoding="utf-8"))
            assert citation["paragraph"] in {p["id"] for p in article["paragraphs"]}
        assert sentence["disputed"] == bool(sentence["disputed_by"])
    # the allies' fear of arms deliveries, against Moscow's and Pyongyang's denial
    assert any(s["disputed"] and "arms" in s["text"] for s in merged["summary"])
    # both visits, dated: Kim in Russia (September 2023), Putin in Pyongyang (June 2024)
    assert {"2023-09", "2024-06"} <= {s["date"] for s in merged["summary"]}
    # arms for technology, told by two outlets
    assert any("technolog" in s["text"] and len({c["article"] for c in s["citations"]}) >= 2
               for s in merged["summary"])
    timeline = json.loads((regenerated / "timeline.json").read_text(encoding="utf-8"))
    assert timeline["schema"] == "pipeline.timeline/1" and timeline["events"]
    dates = [e["date"] for e in timeline["events"]]
    assert dates == sorted(dates) and all(e["citations"] for e in timeline["events"])
    manifest = json.loads((regenerated / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == "pipeline.manifest/3"
    assert [e["status"] for e in manifest["inputs"]] == ["ok"] * len(CORPUS)
    # every file of the folder is known as the tool's, with what was written
    written = {p.relative_to(regenerated).as_posix() for p in regenerated.rglob("*.*")
               if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"}
    assert set(manifest["files"]) == written
    assert all(hashlib.sha256((regenerated / name).read_bytes()).hexdigest() == sha
               for name, sha in manifest["files"].items())
    markdown = (regenerated / "merged.md").read_text(encoding="utf-8")
    assert all(f"({c['article']}.md#{c['paragraph']})" in markdown
               for s in merged["summary"] for c in s["citations"])
