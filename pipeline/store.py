"""The output folder: where each output lives, atomic writes, the lock, reading results back.

Files are encoded and decoded by `contract.py` (JSON) and `markdown.py`; this module only
knows the folder's layout and how to write into it safely.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import contract
from pipeline.contract import (
    JOURNAL_FILE,
    MANIFEST_FILE,
    MERGED_STEM,
    STORIES_FOLDER,
    STORIES_STEM,
    TIMELINE_STEM,
    ContractError,
)
from pipeline.document import Article, Manifest, MergedSummary, Outcome, Story
from pipeline.errors import PipelineError
from pipeline.markdown import article_markdown, merged_markdown, stories_markdown, story_markdown


class OutputBusy(PipelineError):
    """Another run holds the output folder."""


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class OutputFolder:
    """One output folder: `<id>.json` and `<id>.md` per article, the merged summary, the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        """`root/name`, refusing any name that is not a plain file name in the folder."""
        if Path(name).name != name or name in (".", ".."):
            raise ValueError(f"output name {name!r} leaves {self.root}")
        return self.root / name

    def read_manifest(self) -> Manifest:
        """The earlier runs' manifest, with what a killed run had finished since (its journal);
        an empty one when there is none that this version reads (then all is done again)."""
        try:
            manifest = contract.read(self.root / MANIFEST_FILE, contract.manifest_from_json)
        except ContractError:
            manifest = Manifest()
        try:
            journal = contract.journal_entries((self.root / JOURNAL_FILE).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            journal = []
        if not journal:
            return manifest
        latest = {o.input: o for o in (*manifest.inputs, *journal)}
        return Manifest(tuple(latest.values()), None)  # the merged summary is not known current

    def record(self, outcome: Outcome) -> None:
        """Append a finished input to the journal, on disk before the next one starts: the cost
        of a run's bookkeeping grows with what it does, not with the size of the folder."""
        fd = _open_own(self.root / JOURNAL_FILE, append=True)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(contract.journal_line(outcome))
            handle.flush()
            os.fsync(handle.fileno())

    def write_manifest(self, manifest: Manifest) -> None:
        """The whole manifest, in place of the old one and its journal."""
        write_atomic(self.root / MANIFEST_FILE, contract.dumps(contract.manifest_to_json(manifest)))
        (self.root / JOURNAL_FILE).unlink(missing_ok=True)

    def read_article(self, article_id: str) -> Article | None:
        """An article written by an earlier run, or None when it is missing or unreadable."""
        try:
            return contract.read(self.path(f"{article_id}.json"), contract.article_from_json)
        except ContractError:
            return None

    def write_article(self, article: Article) -> None:
        write_atomic(self.path(f"{article.id}.json"), contract.dumps(contract.article_to_json(article)))
        write_atomic(self.path(f"{article.id}.md"), article_markdown(article))

    def remove_article(self, article_id: str) -> None:
        for suffix in (".json", ".md"):
            self.path(f"{article_id}{suffix}").unlink(missing_ok=True)

    def has_merged(self) -> bool:
        return (self.root / f"{MERGED_STEM}.json").is_file()

    def write_merged(self, merged: MergedSummary, titles: dict[str, str]) -> None:
        write_atomic(self.root / f"{TIMELINE_STEM}.json", contract.dumps(contract.timeline_to_json(merged)))
        write_atomic(self.root / f"{MERGED_STEM}.json", contract.dumps(contract.merged_to_json(merged)))
        write_atomic(self.root / f"{MERGED_STEM}.md", merged_markdown(merged, titles))

    def read_stories(self) -> tuple[str, tuple[Story, ...]]:
        """The last run's story index (its key and stories); empty when there is none to read."""
        try:
            return contract.read(self.root / f"{STORIES_STEM}.json", contract.stories_from_json)
        except ContractError:
            return "", ()

    def has_story(self, story_id: str) -> bool:
        return (self.root / STORIES_FOLDER / f"{Path(story_id).name}.json").is_file()

    def write_story(self, story: Story, merged: MergedSummary, titles: dict[str, str]) -> None:
        folder = self.root / STORIES_FOLDER
        folder.mkdir(exist_ok=True)
        name = Path(story.id).name
        write_atomic(folder / f"{name}.json", contract.dumps(contract.story_to_json(story, merged)))
        write_atomic(folder / f"{name}.md", story_markdown(story, merged, titles))

    def remove_stories_except(self, kept: set[str]) -> None:
        """Story files of stories that no longer exist (merged into others, or down to one article)."""
        folder = self.root / STORIES_FOLDER
        for path in folder.glob("*.*") if folder.is_dir() else ():
            if path.suffix in (".json", ".md") and path.stem not in kept:
                path.unlink()

    def write_stories(self, stories: tuple[Story, ...], key: str) -> None:
        write_atomic(self.root / f"{STORIES_STEM}.json", contract.dumps(contract.stories_to_json(stories, key)))
        write_atomic(self.root / f"{STORIES_STEM}.md", stories_markdown(stories))


@dataclass(frozen=True)
class Outputs:
    """Everything an output folder holds, read back: for comparing two runs."""

    folder: Path
    articles: dict[str, Article]
    merged: MergedSummary | None
    stories: dict[str, tuple[Story, MergedSummary | None]] = field(default_factory=dict)


def read_outputs(folder: Path) -> Outputs:
    """Every output of the folder, decoded; a JSON file that is not one of the contract's is an
    error naming it, and so is a folder with no outputs."""
    if not folder.is_dir():
        raise ContractError(f"{folder}: no such folder")
    articles: dict[str, Article] = {}
    merged = None
    stories: dict[str, tuple[Story, MergedSummary | None]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == MANIFEST_FILE or path.stem == TIMELINE_STEM:
            continue
        if path.stem == STORIES_STEM:
            _, index = contract.read(path, contract.stories_from_json)
            for story in index:
                story_file = folder / STORIES_FOLDER / f"{Path(story.id).name}.json"
                merged_story = contract.read(story_file, contract.story_from_json)[1] if story_file.is_file() else None
                stories[story.id] = (story, merged_story)
            continue
        if path.stem == MERGED_STEM:
            merged = contract.read(path, contract.merged_from_json)
            if (folder / f"{TIMELINE_STEM}.json").is_file():
                merged = replace(merged, timeline=contract.read(folder / f"{TIMELINE_STEM}.json",
                                                                contract.timeline_from_json))
        else:
            article = contract.read(path, contract.article_from_json)
            articles[article.id] = article
    if not articles and merged is None:
        raise ContractError(f"{folder}: holds no pipeline outputs")
    return Outputs(folder, articles, merged, stories)


def _open_own(path: Path, append: bool = False) -> int:
    """Open (or create) a file of the output folder for writing, never through a link: a link
    planted in its place is removed, never followed, so nothing outside the folder is touched."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | (os.O_APPEND if append else 0)
    for _ in range(2):
        try:
            return os.open(path, flags, 0o644)
        except OSError as error:
            if error.errno != errno.ELOOP:
                raise
            path.unlink()
    raise OSError(errno.ELOOP, "a link keeps reappearing in place of the file", str(path))


class OutputLock:
    """One run at a time per output folder.

    An advisory lock (flock) on `<out>/.lock`: the kernel drops it when its process dies, so a
    lock left by a killed run is recovered by the next run without anyone removing a file. The
    holder also clears the temporary files a killed run may have left half written.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self._handle: Any = None

    def __enter__(self) -> OutputLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.fdopen(_open_own(self.path), "r+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise OutputBusy(f"{self.path.parent}/ is in use by another run ({holder}); wait for it to "
                             "finish or stop it") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        self._handle = handle
        for leftover in self.path.parent.glob(".*.tmp"):  # a killed run's unfinished writes
            leftover.unlink(missing_ok=True)  # a link is removed, never followed
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # closing releases the lock; the file stays, harmless
