"""The output folder: where each output lives, which files are the tool's, reading results back.

Files are encoded and decoded by `contract.py` and `manifest.py` (JSON) and `markdown.py`, and
written by `files.py`; this module knows the folder's layout and what may be written where:

- every file is written to a temporary file and renamed, so a killed run never leaves half a file;
- nothing is written through a link: a link planted in place of a file or of a folder is
  replaced, never followed;
- the folder's own files are known by name and content (the manifest's `files`): a file the tool
  did not write is never overwritten nor deleted, and one it wrote is deleted only while it still
  holds what was written.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.document import Article, Manifest, MergedSummary, Outcome, Story, Topic, TopicPage
from pipeline.errors import PipelineError
from pipeline.output import contract
from pipeline.output import manifest as manifests
from pipeline.output.contract import (
    JOURNAL_FILE,
    MANIFEST_FILE,
    MERGED_STEM,
    STORIES_FOLDER,
    STORIES_STEM,
    TIMELINE_STEM,
    TOPICS_FOLDER,
    TOPICS_STEM,
    ContractError,
)
from pipeline.output.files import (
    TEMPORARY_PREFIX,
    TEMPORARY_SUFFIX,
    exists,
    open_own,
    read_own,
    real_folder,
    sha256_file,
    sha256_text,
    write_atomic,
)
from pipeline.output.markdown import (
    article_markdown,
    merged_markdown,
    stories_markdown,
    story_markdown,
    topic_markdown,
    topics_markdown,
)
from pipeline.output.site import SITE_FOLDER

log = logging.getLogger(__name__)

# No output of this tool is this large: a bigger JSON file in the folder is someone else's.
MAX_OUTPUT_BYTES = 256 * 1024 * 1024
# The batch's own files beside the articles', written by every run.
BATCH_FILES = (MANIFEST_FILE, f"{MERGED_STEM}.json", f"{MERGED_STEM}.md", f"{TIMELINE_STEM}.json",
               f"{STORIES_STEM}.json", f"{STORIES_STEM}.md", f"{TOPICS_STEM}.json", f"{TOPICS_STEM}.md")


class ForeignFile(PipelineError):
    """A file the tool did not write stands where it would write one."""


class OutputFolder:
    """One output folder: `<id>.json` and `<id>.md` per article, the stories, the merged summary,
    the manifest, and which of its files are the tool's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.owned: dict[str, str | None] = {}  # name inside the folder -> sha256 of what was written

    def path(self, name: str) -> Path:
        """`root/name`, refusing any name that is not a plain path inside the folder."""
        if not manifests.is_output_name(name):
            raise ValueError(f"output name {name!r} leaves {self.root}")
        return self.root.joinpath(*name.split("/"))

    # --- the manifest and its journal ---

    def read_manifest(self) -> Manifest:
        """The earlier runs' manifest, with what a killed run had finished since (its journal).
        An older version's manifest reads as empty (then all is done again), and the files the
        tool wrote are recognised by their content. A manifest or journal changed by hand or by
        another tool is a ContractError naming it and the entry."""
        manifest_path = self.root / MANIFEST_FILE
        manifest = contract.read(manifest_path, manifests.manifest_from_json) if exists(manifest_path) else Manifest()
        mine = {MANIFEST_FILE: None} if exists(manifest_path) else {}  # read above: it is this tool's
        try:
            text = read_own(self.root / JOURNAL_FILE)
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError) as error:
            raise ContractError(f"{self.root / JOURNAL_FILE}: cannot read: {error}") from None
        outcomes, claimed = manifests.journal_entries(text, str(self.root / JOURNAL_FILE))
        files = manifest.files if manifest.files or manifest.inputs else owned_by_content(self.root)
        self.owned = {**files, **claimed, **mine}
        if not outcomes:
            return replace(manifest, files=dict(self.owned))
        latest = {o.name: o for o in (*manifest.inputs, *outcomes)}
        return Manifest(tuple(latest.values()), None, dict(self.owned))  # the merged summary is not known current

    def record(self, outcome: Outcome) -> None:
        """Append a finished input to the journal, on disk before the next one starts: the cost
        of a run's bookkeeping grows with what it does, not with the size of the folder."""
        self._journal(manifests.journal_line(outcome))

    def _journal(self, line: str) -> None:
        fd = open_own(self.root / JOURNAL_FILE, append=True)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def write_manifest(self, manifest: Manifest) -> None:
        """The whole manifest, with the files the folder now holds, in place of the old one and
        its journal."""
        manifest = replace(manifest, files={n: s for n, s in self.owned.items() if n != MANIFEST_FILE})
        self.write({MANIFEST_FILE: contract.dumps(manifests.manifest_to_json(manifest))}, claim=False)
        (self.root / JOURNAL_FILE).unlink(missing_ok=True)

    # --- writing and removing the folder's own files ---

    def write(self, texts: dict[str, str], *, claim: bool = True, rewrite: bool = True) -> None:
        """Write each file (name inside the folder -> text). A file the tool did not write is
        never overwritten (ForeignFile names it); the files are claimed in the journal before
        they are written, so a killed run leaves none unknown. Without `rewrite`, a file that
        already holds the text is left as it is."""
        if not rewrite:
            texts = {name: text for name, text in texts.items()
                     if not (self.owned.get(name) == sha256_text(text) and self.path(name).is_file())}
        paths = {name: self._place(name) for name in texts}
        claims = {name: sha256_text(text) for name, text in texts.items()}
        fresh = {name: sha for name, sha in claims.items() if self.owned.get(name) != sha}
        if fresh and claim:
            self._journal(manifests.journal_files_line(fresh))
        self.owned.update(claims)
        for name, text in texts.items():
            write_atomic(paths[name], text)

    def owns(self, name: str) -> bool:
        return name in self.owned

    def is_foreign(self, name: str) -> bool:
        """Whether a file the tool did not write holds this name: one it never wrote, or one
        whose content changed since (a user's edit, or a user's file put in place of the tool's).
        A link does not count: it is replaced, never followed."""
        path = self.path(name)
        try:
            info = path.lstat()
        except OSError:
            return False
        if stat.S_ISLNK(info.st_mode):
            return False
        if name not in self.owned:
            return True
        expected = self.owned[name]
        return expected is not None and stat.S_ISREG(info.st_mode) and sha256_file(path) != expected

    def remove(self, name: str) -> None:
        """Delete one of the tool's files, while it holds what the tool wrote; a file changed
        since (by a user, say) is left, and no longer counted as the tool's."""
        if name not in self.owned:
            return
        expected = self.owned.pop(name)
        path = self.path(name)
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):
            path.unlink()  # a link planted in place of an output: removing it touches nothing else
        elif stat.S_ISREG(info.st_mode) and (expected is None or sha256_file(path) == expected):
            path.unlink()
        else:
            log.warning("%s changed since this tool wrote it; it is left as it is", path)

    def _place(self, name: str) -> Path:
        """Where `name` is written: its folders made real folders inside the root (a link in
        place of one is replaced by a folder, never followed), and no file of someone else's
        standing there."""
        path = self.path(name)
        folder = self.root
        for part in name.split("/")[:-1]:
            folder = folder / part
            real_folder(folder)
        if self.is_foreign(name):
            raise ForeignFile(f"{path} was not written by this tool, or was changed since (see "
                              f"{self.root / MANIFEST_FILE}); it is left as it is: move it away, or use another "
                              "output folder")
        return path

    def clear_temporaries(self) -> None:
        """The temporary files a killed run left, in every folder the tool writes into."""
        for folder in (self.root, self.root / STORIES_FOLDER, self.root / TOPICS_FOLDER,
                       *(self.root / SITE_FOLDER / sub for sub in ("", "articles", "stories", "topics"))):
            if folder.is_dir() and not folder.is_symlink():
                for leftover in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
                    leftover.unlink(missing_ok=True)  # a link is removed, never followed

    # --- articles ---

    def read_article(self, article_id: str) -> Article | None:
        """An article written by an earlier run, or None when it is missing or unreadable."""
        try:
            return contract.read(self.path(f"{article_id}.json"), contract.article_from_json)
        except ContractError:
            return None

    def write_article(self, article: Article) -> None:
        self.write({f"{article.id}.json": contract.dumps(contract.article_to_json(article)),
                    f"{article.id}.md": article_markdown(article)})

    def remove_article(self, article_id: str) -> None:
        for suffix in (".json", ".md"):
            self.remove(f"{article_id}{suffix}")

    # --- the batch ---

    def has_merged(self) -> bool:
        return self.owns(f"{MERGED_STEM}.json") and (self.root / f"{MERGED_STEM}.json").is_file()

    def write_merged(self, merged: MergedSummary, titles: dict[str, str]) -> None:
        self.write({f"{TIMELINE_STEM}.json": contract.dumps(contract.timeline_to_json(merged)),
                    f"{MERGED_STEM}.json": contract.dumps(contract.merged_to_json(merged)),
                    f"{MERGED_STEM}.md": merged_markdown(merged, titles)})

    def read_stories(self) -> tuple[str, tuple[Story, ...]]:
        """The last run's story index (its key and stories); empty when there is none to read."""
        try:
            return contract.read(self.root / f"{STORIES_STEM}.json", contract.stories_from_json)
        except ContractError:
            return "", ()

    def has_story(self, story_id: str) -> bool:
        return self._has_page(STORIES_FOLDER, story_id)

    def story_name_taken(self, story_id: str) -> bool:
        """Whether a file the tool did not write holds a name of this story's pages."""
        return self._page_taken(STORIES_FOLDER, story_id)

    def write_story(self, story: Story, merged: MergedSummary, titles: dict[str, str]) -> None:
        self.write({f"{STORIES_FOLDER}/{story.id}.json": contract.dumps(contract.story_to_json(story, merged)),
                    f"{STORIES_FOLDER}/{story.id}.md": story_markdown(story, merged, titles)})

    def read_story(self, story_id: str) -> MergedSummary | None:
        """A story's merged summary as an earlier run wrote it, or None."""
        try:
            return contract.read(self.path(f"{STORIES_FOLDER}/{story_id}.json"), contract.story_from_json)[1]
        except (ContractError, ValueError):
            return None

    def remove_stories_except(self, kept: set[str]) -> None:
        """The pages of stories that no longer exist (merged into others, or down to one article)."""
        self._remove_pages_except(STORIES_FOLDER, kept)

    def write_stories(self, stories: tuple[Story, ...], key: str) -> None:
        self.write({f"{STORIES_STEM}.json": contract.dumps(contract.stories_to_json(stories, key)),
                    f"{STORIES_STEM}.md": stories_markdown(stories)})

    def read_topics(self) -> tuple[Topic, ...]:
        """The last run's topics; none when there is no index to read."""
        try:
            return contract.read(self.root / f"{TOPICS_STEM}.json", contract.topics_from_json)
        except ContractError:
            return ()

    def has_topic(self, topic_id: str) -> bool:
        return self._has_page(TOPICS_FOLDER, topic_id)

    def topic_name_taken(self, topic_id: str) -> bool:
        return self._page_taken(TOPICS_FOLDER, topic_id)

    def write_topic(self, page: TopicPage) -> None:
        """A topic's page, where it is not already what the folder holds."""
        self.write({f"{TOPICS_FOLDER}/{page.topic.id}.json": contract.dumps(contract.topic_to_json(page)),
                    f"{TOPICS_FOLDER}/{page.topic.id}.md": topic_markdown(page)}, rewrite=False)

    def remove_topics_except(self, kept: set[str]) -> None:
        self._remove_pages_except(TOPICS_FOLDER, kept)

    def write_topics(self, topics: tuple[Topic, ...], stories: tuple[Story, ...]) -> None:
        self.write({f"{TOPICS_STEM}.json": contract.dumps(contract.topics_to_json(topics)),
                    f"{TOPICS_STEM}.md": topics_markdown(topics, {s.id: s for s in stories})})

    def _has_page(self, folder: str, page: str) -> bool:
        name = f"{folder}/{page}.json"
        return self.owns(name) and self.path(name).is_file()

    def _page_taken(self, folder: str, page: str) -> bool:
        """Whether a file the tool did not write holds a name of this page."""
        return any(self.is_foreign(f"{folder}/{page}{suffix}") for suffix in (".json", ".md"))

    def _remove_pages_except(self, folder: str, kept: set[str]) -> None:
        for name in [n for n in self.owned if n.startswith(f"{folder}/")]:
            if Path(name).stem not in kept:
                self.remove(name)


def owned_by_content(root: Path) -> dict[str, str | None]:
    """The files of a folder written by an older version of the tool, whose manifest did not
    list them: the JSON files of this tool's schemas, the Markdown beside them, and the batch's
    files. Nothing else in the folder is taken for the tool's."""
    owned: dict[str, str | None] = {}
    for folder, prefix in ((root, ""), (root / STORIES_FOLDER, f"{STORIES_FOLDER}/"),
                           (root / TOPICS_FOLDER, f"{TOPICS_FOLDER}/")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in sorted(folder.glob("*.json")):
            if _is_ours(path):
                owned[prefix + path.name] = None
                if path.with_suffix(".md").is_file():
                    owned[prefix + path.with_suffix(".md").name] = None
    for name in BATCH_FILES:
        if name.endswith(".md") and (root / name).is_file() and name.replace(".md", ".json") in owned:
            owned[name] = None
    return owned


def _is_ours(path: Path) -> bool:
    try:
        if path.stat().st_size > MAX_OUTPUT_BYTES:
            return False
        schema = contract.schema_of(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError):
        return False
    return schema is not None and schema.startswith("pipeline.")


@dataclass(frozen=True)
class Outputs:
    """Everything an output folder holds, read back: for comparing two runs."""

    folder: Path
    articles: dict[str, Article]
    merged: MergedSummary | None
    stories: dict[str, tuple[Story, MergedSummary | None]] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)


def read_outputs(folder: Path) -> Outputs:
    """Every output of the folder, decoded. JSON files that are not the tool's (another schema)
    are not outputs and are passed over; a file of the tool's that does not decode is an error
    naming it, and so is a folder with no outputs."""
    if not folder.is_dir():
        raise ContractError(f"{folder}: no such folder")
    articles: dict[str, Article] = {}
    merged = None
    stories: dict[str, tuple[Story, MergedSummary | None]] = {}
    topics: dict[str, Topic] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == MANIFEST_FILE or path.stem == TIMELINE_STEM or not _is_ours(path):
            continue
        if path.stem == STORIES_STEM:
            _, index = contract.read(path, contract.stories_from_json)
            for story in index:
                story_file = folder / STORIES_FOLDER / f"{Path(story.id).name}.json"
                merged_story = contract.read(story_file, contract.story_from_json)[1] if story_file.is_file() else None
                stories[story.id] = (story, merged_story)
            continue
        if path.stem == TOPICS_STEM:
            topics = {t.id: t for t in contract.read(path, contract.topics_from_json)}
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
    return Outputs(folder, articles, merged, stories, topics)


