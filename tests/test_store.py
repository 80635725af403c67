from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.document import Manifest
from pipeline.output.files import OutputLock, write_atomic
from pipeline.output.store import OutputFolder


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
    # the journal claims the files before they are written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.journal", "x.json", "x.md"]
    assert folder.read_article("x") == corpus_article
    folder.remove_article("x")
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.journal"]


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


def _own_outputs(tmp_path: Path, corpus_article) -> tuple[Path, OutputFolder]:
    out = tmp_path / "out"
    out.mkdir()
    folder = OutputFolder(out)
    folder.read_manifest()
    folder.write_article(corpus_article)
    folder.write_manifest(Manifest())
    return out, folder


def test_a_link_in_place_of_a_folder_is_replaced_and_nothing_is_written_through_it(tmp_path: Path,
                                                                                    corpus_article) -> None:
    from pipeline.document import MergedSummary, Story

    out, folder = _own_outputs(tmp_path, corpus_article)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.md").write_text("precious", encoding="utf-8")
    (out / "stories").symlink_to(elsewhere)
    folder.write_story(Story("s-x", ("x", "y")), MergedSummary(("x", "y"), ()), {})
    folder.remove_stories_except(set())
    assert [p.name for p in elsewhere.iterdir()] == ["mine.md"]
    assert not (out / "stories").is_symlink() and (out / "stories").is_dir()


def test_a_file_the_tool_did_not_write_is_never_overwritten_nor_deleted(tmp_path: Path, corpus_article) -> None:
    from pipeline.output.store import ForeignFile

    out, folder = _own_outputs(tmp_path, corpus_article)
    (out / "merged.json").write_text('{"mine": true}', encoding="utf-8")
    with pytest.raises(ForeignFile, match="merged.json"):
        folder.write({"merged.json": "{}"})
    folder.remove("merged.json")
    (out / "notes.md").write_text("mine", encoding="utf-8")
    folder.remove("notes.md")
    assert (out / "merged.json").read_text(encoding="utf-8") == '{"mine": true}'
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


def test_an_output_a_user_edited_is_left_when_its_article_goes(tmp_path: Path, corpus_article) -> None:
    out, folder = _own_outputs(tmp_path, corpus_article)
    (out / "x.md").write_text("my notes on this article", encoding="utf-8")
    folder.remove_article("x")
    assert not (out / "x.json").exists()
    assert (out / "x.md").read_text(encoding="utf-8") == "my notes on this article"
    assert not folder.owns("x.md")  # it is the user's now


def test_the_journal_claims_files_before_they_are_written(tmp_path: Path, corpus_article) -> None:
    """A run killed between writing an output and the manifest still knows the output is its own."""
    out, folder = _own_outputs(tmp_path, corpus_article)
    folder.write({"stories/s-x.md": "a story page"})  # then the run is killed: no manifest written
    later = OutputFolder(out)
    later.read_manifest()
    assert later.owns("stories/s-x.md") and later.owns("x.json")
    later.remove("stories/s-x.md")
    assert not (out / "stories" / "s-x.md").exists()


def test_a_journal_entry_naming_a_users_file_does_not_make_it_the_tools(tmp_path: Path, corpus_article) -> None:
    out, folder = _own_outputs(tmp_path, corpus_article)
    (out / "notes.md").write_text("mine", encoding="utf-8")
    (out / "manifest.journal").write_text(
        '{"schema": "pipeline.manifest/3", "input": "gone.txt", "path": "c/gone.txt", "id": "notes", '
        '"sha256": "00", "status": "ok", "reason": "", "config_sha256": null, "lang": "fr", "models": {}}\n',
        encoding="utf-8")
    later = OutputFolder(out)
    assert later.read_manifest().inputs[-1].article_id == "notes"
    later.remove_article("notes")
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("entry", "words"), [
    ({"id": "../elsewhere/victim"}, "inputs[0]: id '../elsewhere/victim' is not an article id"),
    ({"models": 5}, "inputs[0]: 'models' should be an object"),
    ({"status": "great"}, "inputs[0]: status 'great'"),
    ({"input": ["a"]}, "inputs[0]: 'input' should be a string"),
])
def test_a_manifest_changed_by_hand_is_refused_naming_the_file_and_the_entry(tmp_path: Path, entry, words) -> None:
    import json

    from pipeline.output.contract import ContractError

    good = {"input": "a.txt", "path": "c/a.txt", "id": "a", "sha256": "00", "status": "ok", "reason": "",
            "config_sha256": None, "lang": "fr", "models": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"schema": "pipeline.manifest/3", "merged_sha256": None, "files": {}, "inputs": [{**good, **entry}]}),
        encoding="utf-8")
    with pytest.raises(ContractError) as raised:
        OutputFolder(tmp_path).read_manifest()
    assert str(raised.value).startswith(f"{tmp_path / 'manifest.json'}: ") and words in str(raised.value)


def test_a_manifest_of_another_tool_is_refused(tmp_path: Path) -> None:
    from pipeline.output.contract import ContractError

    (tmp_path / "manifest.json").write_text('{"name": "my-web-app", "icons": []}', encoding="utf-8")
    with pytest.raises(ContractError, match="manifest.json: no schema"):
        OutputFolder(tmp_path).read_manifest()


def test_a_folder_of_an_older_version_knows_its_outputs_by_their_content(tmp_path: Path, corpus_article) -> None:
    """Version 2 manifests did not list files: the tool's own are recognised by their schema,
    and a user's files beside them are not taken for the tool's."""
    from pipeline.output import contract

    (tmp_path / "x.json").write_text(contract.dumps(contract.article_to_json(corpus_article)), encoding="utf-8")
    (tmp_path / "x.md").write_text("# x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    (tmp_path / "data.json").write_text('{"mine": true}', encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"schema": "pipeline.manifest/2", "inputs": []}', encoding="utf-8")
    folder = OutputFolder(tmp_path)
    folder.read_manifest()
    assert sorted(folder.owned) == ["manifest.json", "x.json", "x.md"]


def test_only_the_tools_own_temporary_files_are_cleared(tmp_path: Path) -> None:
    (tmp_path / ".draft.tmp").write_text("mine", encoding="utf-8")
    (tmp_path / ".pipeline-abc123.tmp").write_text("half written", encoding="utf-8")
    OutputFolder(tmp_path).clear_temporaries()
    assert [p.name for p in tmp_path.iterdir()] == [".draft.tmp"]
