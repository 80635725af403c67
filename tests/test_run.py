"""Batch runs over a folder that keeps changing: incremental work, deletions, interruptions, locks."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.output.files import OutputBusy
from pipeline.run.incremental import run

from .conftest import CORPUS, ROOT

ENGLISH = ("The central bank raised interest rates by half a point on Thursday, its governor said.\n\n"
           "Markets fell sharply after the announcement, and the currency gained against the dollar.\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in (CORPUS[2], CORPUS[3]):
        shutil.copy(path, folder)
    (folder / "english.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


def processed(report) -> list[str]:
    return sorted(Path(o.source_path).name for o in report.outcomes if o.fresh and o.status == "ok")


def in_subprocess(code: str, cwd: Path = ROOT) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True).stdout


def test_only_new_and_changed_inputs_are_processed(corpus: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    first = run(corpus, out, config)
    assert processed(first) == ["002_12d9f9299d9ec381.txt", "003_7268f1e39731919a.txt", "english.txt"]
    assert first.merged is not None
    # Nothing new: nothing processed, the merged summary kept, and no model loaded (no torch).
    code = ("import sys; from pathlib import Path; from pipeline.config import load_config; "
            "from pipeline.run.incremental import run; "
            f"r = run(Path({str(corpus)!r}), Path({str(out)!r}), load_config(Path('models.yaml'))); "
            "print(sum(o.fresh for o in r.outcomes), r.merged is None, 'torch' in sys.modules)")
    assert in_subprocess(code).split() == ["0", "True", "False"]
    # One article of the largest story edited: it alone is processed, and the story rebuilt.
    edited = corpus / CORPUS[3].name
    title, _, body = CORPUS[3].read_text(encoding="utf-8").partition("\n")
    lead = ("Vladimir Poutine et Kim Jong-un ont signé mercredi à Pyongyang un traité de défense mutuelle "
            "qui engage la Russie et la Corée du Nord à se porter assistance en cas d'agression.")
    edited.write_text(f"{title}\n\n{lead}\n{body}", encoding="utf-8")
    second = run(corpus, out, config)
    assert processed(second) == [CORPUS[3].name]
    assert second.merged is not None and second.stories_rebuilt == (second.stories[0].id,)


@pytest.mark.parametrize(("stage", "earlier"), [("summarizer", "extractive:an-older-model"),
                                               ("code", "an older version's cleaning")])
def test_changed_model_or_code_reprocesses_its_articles(corpus: Path, tmp_path: Path, config, stage: str,
                                                        earlier: str) -> None:
    out = tmp_path / "out"
    run(corpus, out, config)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["inputs"] if e["path"].endswith("english.txt"))
    assert stage in entry["models"]
    entry["models"][stage] = earlier
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert processed(run(corpus, out, config)) == ["english.txt"]


def test_stories_follow_their_articles_english(corpus: Path, tmp_path: Path, config) -> None:
    """An article kept from an earlier run whose English differs (another translator's, with the
    source unchanged) is a changed story: the index and the story's summary are made again."""
    out = tmp_path / "out"
    first = run(corpus, out, config)
    story = first.stories[0]
    assert len(story.articles) == 2
    article = f"{story.articles[1]}.json"
    data = json.loads((out / article).read_text(encoding="utf-8"))
    data["paragraphs"][-1]["en"] += " An older translation said more."
    _rewrite_as_the_tool(out, article, json.dumps(data, ensure_ascii=False))
    second = run(corpus, out, config)
    assert processed(second) == []
    assert second.stories_rebuilt == (story.id,)


def _rewrite_as_the_tool(out: Path, name: str, text: str) -> None:
    """Change an output as an earlier version of the tool would have written it (the manifest
    knows the new content as the tool's own)."""
    import hashlib

    (out / name).write_text(text, encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = hashlib.sha256(text.encode()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_changed_config_reprocesses_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out, load_config(ROOT / "models.yaml"))
    other = tmp_path / "models.yaml"
    other.write_text((ROOT / "models.yaml").read_text(encoding="utf-8").replace("sentences: 2", "sentences: 1"),
                     encoding="utf-8")
    report = run(corpus, out, load_config(other))
    assert len(processed(report)) == 3
    assert all(len(json.loads(p.read_text(encoding="utf-8"))["summary"]) <= 1 for p in out.glob("0*.json"))


def test_deleted_input_loses_its_outputs_and_is_reported(corpus: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    run(corpus, out, config)
    (corpus / "english.txt").unlink()
    report = run(corpus, out, config)
    removed = [o for o in report.outcomes if o.status == "removed"]
    assert [(Path(o.source_path).name, o.reason) for o in removed] == [
        ("english.txt", "input deleted; its outputs removed")]
    assert not (out / "english.json").exists() and not (out / "english.md").exists()
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert "english" not in {a for s in stories for a in s["articles"]}
    assert not any(o.status == "removed" for o in run(corpus, out, config).outcomes)  # said once


def test_force_redoes_all(corpus: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    run(corpus, out, config)
    assert len(processed(run(corpus, out, config, force=True))) == 3


def _start(args: list[str], cwd: Path = ROOT) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def test_a_killed_run_resumes_without_redoing_finished_articles(tmp_path: Path) -> None:
    from pipeline.output.store import OutputFolder

    corpus = tmp_path / "corpus"
    for copy in range(4):  # enough articles that the kill lands mid-run
        shutil.copytree(ROOT / "corpus", corpus / f"copy{copy}")
    total = 4 * len(CORPUS)
    out = tmp_path / "out"

    def finished() -> int:
        return sum(o.status == "ok" for o in OutputFolder(out).read_manifest().inputs)

    victim = _start(["-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"])
    _wait_for(lambda: finished() >= 1)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    done = finished()
    assert 1 <= done < total
    for path in out.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every file whole
    restart = _start(["-m", "pipeline", "run", str(corpus), "--out", str(out), "--json"])
    report = json.loads(restart.communicate(timeout=300)[0])
    assert restart.returncode == 0
    assert sum(i["processed"] for i in report["inputs"]) == total - done
    assert report["counts"]["ok"] == total
    assert not list(out.glob(".*.tmp")) and not (out / "manifest.journal").exists()


def test_a_second_run_on_the_same_folder_stops_at_once(corpus: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    holder = _start(["-c", "import sys, time; from pathlib import Path; from pipeline.output.files import OutputLock\n"
                           f"with OutputLock(Path({str(out)!r})):\n    print('held', flush=True); time.sleep(120)"])
    assert holder.stdout.readline().strip() == "held"
    try:
        started = time.monotonic()
        with pytest.raises(OutputBusy, match=f"in use by another run \\(pid {holder.pid}, started"):
            run(corpus, out, config)
        assert time.monotonic() - started < 2
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (out / ".lock").exists()  # the killed holder's lock file is still there, yet:
    assert len(processed(run(corpus, out, config))) == 3


def test_ray_engine_writes_the_same_outputs_as_the_local_one(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the ray engine is an optional extra: pip install 'pipeline[ray]'")
    out = tmp_path / "out"
    code = ("from pathlib import Path; from pipeline.config import load_config; "
            "from pipeline.run.incremental import run; "
            f"r = run(Path('corpus'), Path({str(out)!r}), load_config(Path('models.yaml')), engine='ray'); "
            "print(sum(o.fresh for o in r.outcomes), r.failed)")
    assert in_subprocess(code).split() == ["5", "False"]  # a fresh process: Ray starts and stops its own
    def files(folder: Path) -> list[str]:
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and not p.name.startswith("."))

    golden = files(ROOT / "outputs")
    assert files(out) == golden
    for name in golden:  # the committed outputs are the local engine's (tests/test_outputs.py)
        assert (out / name).read_text(encoding="utf-8") == (ROOT / "outputs" / name).read_text(encoding="utf-8"), name


def test_an_output_path_that_is_a_file_is_one_clear_error(corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli.app import app

    target = tmp_path / "taken.txt"
    target.write_text("mine", encoding="utf-8")
    for out in (target, target / "sub"):
        result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert "cannot write the outputs" in result.output and str(target) in result.output
        assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("error", "words"), [(errno.ENOSPC, "No space left on device"),
                                              (errno.EROFS, "Read-only file system"),
                                              (errno.EACCES, "Permission denied")])
def test_a_folder_that_stops_taking_writes_keeps_the_work_done(corpus: Path, tmp_path: Path, monkeypatch,
                                                               error: int, words: str) -> None:
    """The disk fills up (or turns read-only) after the first article: one message, exit 1, and
    the next run picks up from what was finished."""
    from typer.testing import CliRunner

    from pipeline.cli.app import app
    from pipeline.output import files as store

    out = tmp_path / "out"
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) > 3:  # the first article's .json and .md, and the manifest after it
            raise OSError(error, os.strerror(error), str(target))
        real_replace(source, target)

    monkeypatch.setattr(store.os, "replace", failing_replace)
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert not list(out.glob(".*.tmp"))  # no half-written file left
    monkeypatch.setattr(store.os, "replace", real_replace)
    report = run(corpus, out, load_config(ROOT / "models.yaml"))
    assert len(processed(report)) == 2  # the first article was kept; the other two are done now


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch, embedder) -> Path:
    """A cache folder of this test's own, holding the session's exported model (not its entries)."""
    from pipeline.models.cache import cache_folder

    embedder.encode(["The model is exported once."])
    folder = tmp_path / "cache"
    shutil.copytree(cache_folder() / "onnx", folder / "onnx")
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(folder))
    return folder


def _outputs(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.*"))
            if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")}


@pytest.mark.parametrize("damage", ["truncated", "garbage", "cannot be opened"])
def test_a_damaged_or_read_only_cache_costs_no_article(corpus: Path, tmp_path: Path, config, own_cache: Path,
                                                       damage: str, caplog) -> None:
    import gc

    out = tmp_path / "out"
    run(corpus, out, config)
    before = _outputs(out)
    gc.collect()  # the run's connection to the cache closes, as it does when its process ends
    cache = own_cache / "embeddings.sqlite"
    assert not Path(f"{cache}-wal").exists()
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:5000])
    elif damage == "garbage":
        cache.write_bytes(b"not a database at all" * 100)
    else:  # a folder where the file should be: "unable to open database file", as a read-only one
        cache.unlink()
        cache.mkdir()
    report = run(corpus, out, config, force=True)
    assert [o.status for o in report.outcomes] == ["ok"] * 3
    assert _outputs(out) == before
    notes = [r.getMessage() for r in caplog.records if r.name == "pipeline.models.cache"]
    assert len(notes) == 1 and str(cache) in notes[0]
    if damage != "cannot be opened":
        assert (own_cache / "embeddings.sqlite.damaged").is_file()


def test_a_truncated_exported_model_is_exported_again(corpus: Path, tmp_path: Path, config, own_cache: Path) -> None:
    model = next((own_cache / "onnx").rglob("model.onnx"))
    model.write_bytes(model.read_bytes()[:1000])
    report = run(corpus, tmp_path / "out", config)
    assert [o.status for o in report.outcomes] == ["ok"] * 3
    assert model.stat().st_size > 1000


def test_a_failed_run_keeps_the_outputs_of_the_last_good_one(corpus: Path, tmp_path: Path, config) -> None:
    """Every French article fails on a second run (its translator is gone): their outputs, the
    stories and the merged summary stay as the last good run left them."""
    out = tmp_path / "out"
    run(corpus, out, config)
    before = _outputs(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("translate:\n  en: {backend: identity}\n  fr:\n    backend: marian\n"
                      "    marian: {model: ./no-such-model}\n", encoding="utf-8")
    report = run(corpus, out, load_config(broken), force=True)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert len(failed) == 2 and all("outputs of the last good run are kept" in o.reason for o in failed)
    after = _outputs(out)
    french = [n for n in before if n.startswith(("0", "merged", "timeline", "stories/"))]
    assert len(french) == 9 and all(after[n] == before[n] for n in french)
    assert json.loads(after["stories.json"])["stories"] == json.loads(before["stories.json"])["stories"]
    assert report.stories and len(report.stories[0].articles) == 2
    again = run(corpus, out, config)  # the translator is back (the config as it was): all is done again
    assert [(o.status, o.fresh) for o in again.outcomes] == [("ok", True)] * 3


def test_an_input_that_changes_while_it_is_read_is_recorded_as_it_was_processed(corpus: Path, tmp_path: Path,
                                                                                 config, monkeypatch) -> None:
    """The bytes are read once: the sha256 recorded is that of the text processed, so an input
    emptied as a run reads it is processed again once it has text."""
    from pipeline.run import incremental as run_module

    (corpus / "late.txt").write_text(ENGLISH.replace("Thursday", "Monday"), encoding="utf-8")
    real = run_module.read_input
    monkeypatch.setattr(run_module, "read_input", lambda item: b"" if item.name == "late.txt" else real(item))
    first = run(corpus, tmp_path / "out", config)
    assert {o.name: o.reason for o in first.outcomes}["late.txt"] == "empty file"
    monkeypatch.setattr(run_module, "read_input", real)
    second = run(corpus, tmp_path / "out", config)
    assert {o.name: (o.status, o.fresh) for o in second.outcomes}["late.txt"] == ("ok", True)


def test_a_very_long_file_name_is_one_input_among_others(corpus: Path, tmp_path: Path, config) -> None:
    (corpus / f"{'a' * 245}.txt").write_text(ENGLISH.replace("Thursday", "Monday"), encoding="utf-8")
    report = run(corpus, tmp_path / "out", config)
    assert [o.status for o in report.outcomes] == ["ok"] * 4
    long = next(o for o in report.outcomes if o.name.startswith("aaa"))
    assert len(long.article_id) <= 120 and (tmp_path / "out" / f"{long.article_id}.json").is_file()


def test_users_files_in_the_output_folder_are_never_touched(corpus: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    run(corpus, out, config)
    mine = {"english.json": '{"mine": true}', "english.md": "mine", "notes.md": "mine", ".draft.tmp": "mine",
            "stories/my-notes.md": "mine", "stories/s-notes.json": "{}"}
    (out / "english.json").unlink()
    (out / "english.md").unlink()
    for name, text in mine.items():
        (out / name).write_text(text, encoding="utf-8")
    report = run(corpus, out, config, force=True)  # regroups the stories, rewrites every output
    assert [o.status for o in report.outcomes] == ["ok"] * 3
    assert all((out / name).read_text(encoding="utf-8") == text for name, text in mine.items())
    english = next(o for o in report.outcomes if o.name == "english.txt")
    assert english.article_id.startswith("english-") and (out / f"{english.article_id}.json").is_file()
