"""Which files are inputs, and their ids: only regular files inside the corpus, ids unique and stable."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.output.contract import RESERVED_STEMS
from pipeline.read.inputs import assign_ids, find_inputs
from pipeline.run.incremental import OutputError, run

from .conftest import CORPUS

ENGLISH = ("The central bank raised interest rates by half a point on Thursday, its governor said.\n\n"
           "Markets fell sharply after the announcement, and the currency gained against the dollar.\n")


def problems(corpus: Path) -> dict[str, str | None]:
    return {i.name: i.problem for i in find_inputs(corpus)}


def test_links_out_of_the_corpus_and_special_files_are_reported_never_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication", encoding="utf-8")
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "out.txt").symlink_to(secret)
    (corpus / "passwd").symlink_to("/etc/passwd")
    (corpus / "relative.txt").symlink_to("../secret.txt")
    (corpus / "inside.txt").symlink_to("a.txt")
    (corpus / "dangling.txt").symlink_to("nowhere.txt")
    (corpus / "folder").symlink_to(tmp_path)
    (corpus / "sub" / "loop").symlink_to(corpus)
    os.mkfifo(corpus / "pipe.txt")  # reading it would block the run forever
    (corpus / ".hidden.txt").write_text(ENGLISH, encoding="utf-8")
    found = problems(corpus)
    assert found["a.txt"] is None and found["inside.txt"] is None
    for name in ("out.txt", "passwd", "relative.txt", "folder"):
        assert "link out of the corpus folder" in found[name], name
    assert "not a regular file" in found["dangling.txt"]
    assert found["pipe.txt"] == "not a regular file"
    assert "sub/loop" in found and ".hidden.txt" not in found


def test_a_corpus_with_hostile_entries_publishes_only_its_own_files(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret plan is to raise rates by ten points in total secrecy tomorrow.", encoding="utf-8")
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    os.mkfifo(corpus / "pipe.txt")
    report = run(corpus, out, _config(tmp_path))
    status = {o.name: (o.status, o.reason) for o in report.outcomes}
    assert status["a.txt"] == ("ok", "")
    assert status["leak.txt"][0] == "skipped" and status["pipe.txt"] == ("skipped", "not a regular file")
    assert "secret" not in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.*"))


@pytest.mark.parametrize("reserved", ["merged", "manifest", "timeline", "Merged", "merged.v2"])
def test_an_input_named_like_an_output_of_the_batch_gets_an_id_of_its_own(tmp_path: Path, reserved: str) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / f"{reserved}.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "a.txt").write_text(ENGLISH.replace("Thursday", "Friday"), encoding="utf-8")
    config = _config(tmp_path)
    first = run(corpus, out, config)
    second = run(corpus, out, config)
    assert [o.status for o in first.outcomes] == ["ok", "ok"]
    assert not any(o.fresh for o in second.outcomes) and second.merged is None  # nothing redone
    assert json.loads((out / "merged.json").read_text(encoding="utf-8"))["schema"] == "pipeline.merged/4"
    assert json.loads((out / "timeline.json").read_text(encoding="utf-8"))["schema"] == "pipeline.timeline/1"
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["schema"].startswith("pipeline.manifest/")
    assert len({o.article_id for o in first.outcomes}) == 2


def test_ids_are_unique_and_an_existing_article_keeps_its_id() -> None:
    first = assign_ids(["X.txt"], {})
    assert first == {"X.txt": "X"}
    # A newcomer that sorts first and reduces to the same id never takes the outputs over.
    later = assign_ids(["X!.txt", "X.txt"], first)
    assert later["X.txt"] == "X" and later["X!.txt"].startswith("X-")
    # Both new: the one whose id loses nothing of its name gets it, whatever the order.
    assert assign_ids(["X!.txt", "X.txt"], {})["X.txt"] == "X"
    # Same stem, other extension; accents folded away; a folder's name kept in the id.
    ids = assign_ids(["dup.md", "dup.txt", "café.txt", "cafe.txt", "a/b.txt", "a__b.txt"], {})
    assert len(set(ids.values())) == len(ids)
    assert ids == assign_ids(list(reversed(ids)), {})  # the order files are listed in does not matter
    assert assign_ids(["merged.txt", "manifest.txt"], {}).keys() == {"merged.txt", "manifest.txt"}
    reserved = RESERVED_STEMS  # the batch's own outputs: an older run's id that is one of them is not kept
    assert "merged" not in assign_ids(["merged.txt"], {"merged.txt": "merged"}, reserved).values()
    assert assign_ids(["merged.txt", "manifest.txt"], {}, reserved) == {
        "merged.txt": assign_ids(["merged.txt"], {}, {"merged"})["merged.txt"],
        "manifest.txt": assign_ids(["manifest.txt"], {}, {"manifest"})["manifest.txt"]}


def test_a_newcomer_never_takes_over_an_existing_articles_outputs(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "X.txt").write_text(ENGLISH, encoding="utf-8")
    config = _config(tmp_path)
    run(corpus, out, config)
    before = (out / "X.json").read_text(encoding="utf-8")
    (corpus / "X!.txt").write_text(ENGLISH.replace("Thursday", "Monday"), encoding="utf-8")
    report = run(corpus, out, config)
    assert (out / "X.json").read_text(encoding="utf-8") == before
    ids = {o.name: (o.article_id, o.fresh) for o in report.outcomes}
    assert ids["X.txt"] == ("X", False) and ids["X!.txt"][0].startswith("X-") and ids["X!.txt"][1]


def test_a_run_from_another_working_folder_redoes_nothing(tmp_path: Path, monkeypatch) -> None:
    corpus, out = tmp_path / "data" / "corpus", tmp_path / "data" / "out"
    corpus.mkdir(parents=True)
    shutil.copy(CORPUS[2], corpus)
    (corpus / "english.txt").write_text(ENGLISH, encoding="utf-8")
    config = _config(tmp_path)
    monkeypatch.chdir(tmp_path / "data")
    run(Path("corpus"), Path("out"), config)
    monkeypatch.chdir(tmp_path)
    report = run(corpus, out, config)  # same folders, reached from elsewhere
    assert [(o.status, o.fresh) for o in report.outcomes] == [("ok", False), ("ok", False)]


def test_force_still_removes_the_outputs_of_deleted_inputs(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "b.txt").write_text(ENGLISH.replace("Thursday", "Friday"), encoding="utf-8")
    config = _config(tmp_path)
    run(corpus, out, config)
    (corpus / "b.txt").unlink()
    report = run(corpus, out, config, force=True)
    assert {o.name: o.status for o in report.outcomes} == {"a.txt": "ok", "b.txt": "removed"}
    assert not (out / "b.json").exists() and not (out / "b.md").exists()


@pytest.mark.parametrize("layout", ["out inside corpus", "corpus inside out", "same folder"])
def test_overlapping_corpus_and_output_folders_are_refused(tmp_path: Path, layout: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    out = {"out inside corpus": corpus / "out", "corpus inside out": tmp_path,
           "same folder": corpus}[layout]
    with pytest.raises(OutputError, match="overlap"):
        run(corpus, out, _config(tmp_path))
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]  # nothing written


def _config(tmp_path: Path):
    from pipeline.config import load_config

    path = tmp_path / "models.yaml"
    path.write_text("translate:\n  en: {backend: identity}\n"
                    "  fr: {backend: apertium, apertium: {pairs: [fr-es, spa-eng]}}\n", encoding="utf-8")
    return load_config(path)
