from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.document import Manifest
from pipeline.store import OutputFolder, OutputLock, write_atomic


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_written_article_reads_back_equal(tmp_path: Path, corpus_article) -> None:
    folder = OutputFolder(tmp_path)
    folder.write_article(corpus_article)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.md"]
    assert folder.read_article("x") == corpus_article
    folder.remove_article("x")
    assert list(tmp_path.iterdir()) == []


def test_unreadable_earlier_output_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"schema": "pipeline.manifest/0", "inputs": []}', encoding="utf-8")
    folder = OutputFolder(tmp_path)
    assert folder.read_article("a") is None
    assert folder.read_article("missing") is None
    assert folder.read_manifest().inputs == ()  # an older manifest: everything is processed again


def test_output_names_never_leave_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="leaves"):
        OutputFolder(tmp_path).path("../elsewhere.json")


def test_nothing_is_written_through_a_link_planted_in_the_output_folder(tmp_path: Path, corpus_article) -> None:
    out, victims = tmp_path / "out", tmp_path / "victims"
    out.mkdir()
    victims.mkdir()
    for name in (".lock", "x.json", "x.md", "manifest.json", ".x.json.123.tmp"):
        (victims / name).write_text("precious", encoding="utf-8")
        (out / name).symlink_to(victims / name)
    folder = OutputFolder(out)
    with OutputLock(out):
        folder.write_article(corpus_article)
        folder.write_manifest(Manifest())
    assert all(p.read_text(encoding="utf-8") == "precious" for p in victims.iterdir())
    for name in (".lock", "x.json", "x.md", "manifest.json"):
        assert not (out / name).is_symlink() and (out / name).is_file(), name
    assert folder.read_article("x") == corpus_article
    folder.remove_article("x")
    assert (victims / "x.json").read_text(encoding="utf-8") == "precious"


def test_the_journal_keeps_each_finished_input_until_the_manifest_is_written(tmp_path: Path) -> None:
    from pipeline.document import Outcome

    folder = OutputFolder(tmp_path)
    earlier = Manifest((Outcome("a.txt", "c/a.txt", "a", "1", "ok", config_sha256="c", fresh=False),
                        Outcome("b.txt", "c/b.txt", "b", "2", "ok", config_sha256="c", fresh=False)), "m")
    folder.write_manifest(earlier)
    newer = Outcome("b.txt", "c/b.txt", "b", "3", "ok", config_sha256="c", fresh=False)
    folder.record(newer)
    with open(tmp_path / "manifest.journal", "a", encoding="utf-8") as journal:
        journal.write('{"schema": "pipeline.manifest/2", "input": "c.t')  # a run killed mid-line
    read = folder.read_manifest()
    assert read.inputs == (earlier.inputs[0], newer) and read.merged_sha256 is None
    folder.write_manifest(read)
    assert not (tmp_path / "manifest.journal").exists() and folder.read_manifest() == read
