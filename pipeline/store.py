"""The output folder: atomic writes, the manifest, and reading back earlier results."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.document import (
    Article,
    Backend,
    Language,
    Meta,
    Paragraph,
    Provenance,
    Removal,
    SummarySentence,
)
from pipeline.errors import PipelineError
from pipeline.render import ARTICLE_SCHEMA, MANIFEST_SCHEMA

MANIFEST = "manifest.json"
MERGED = "merged"


class OutputBusy(PipelineError):
    """Another run holds the output folder."""


def dumps(data: Any) -> str:
    """The one JSON form of every output: sorted keys, UTF-8, so diffs show real changes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


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


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_manifest(out: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    """The earlier run's entries by input path, and its merged-summary key; empty when there
    is no readable manifest."""
    data = read_json(out / MANIFEST)
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        return {}, None
    entries = {e["path"]: e for e in data.get("inputs", []) if isinstance(e, dict) and "path" in e}
    return entries, data.get("merged_sha256")


def load_article(out: Path, article_id: str) -> Article | None:
    """An article written by an earlier run, or None when it is missing or not of this schema."""
    data = read_json(out / f"{article_id}.json")
    if not isinstance(data, dict) or data.get("schema") != ARTICLE_SCHEMA:
        return None
    try:
        return _article(data)
    except (KeyError, TypeError, ValueError):
        return None


def _article(data: dict[str, Any]) -> Article:
    provenance = data["provenance"]
    return Article(
        id=data["id"],
        source_path=data["source"]["path"],
        sha256=data["source"]["sha256"],
        lang=Language(**data["language"]),
        title=data["title"],
        meta=Meta(**data["meta"]),
        paragraphs=tuple(Paragraph(id=p["id"], lines=tuple(p["lines"]), text=p["text"], kind=p["kind"],
                                   lang=p["lang"], en=p["en"]) for p in data["paragraphs"]),
        removed=tuple(Removal(r["rule"], tuple(r["lines"]), r["text"]) for r in data["removed"]),
        summary=tuple(_sentence(s) for s in data["summary"]),
        unsupported=tuple(_sentence(s) for s in data["unsupported"]),
        provenance=Provenance(
            translator=Backend(**provenance["translator"]),
            summarizer=Backend(**provenance["summarizer"]),
            config_sha256=provenance["config_sha256"],
            version=provenance["version"],
        ),
    )


def _sentence(data: dict[str, Any]) -> SummarySentence:
    return SummarySentence(data["text"], tuple(data["citations"]), data["support"], data.get("reason"))


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
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole run
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
            leftover.unlink(missing_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # closing releases the lock; the file stays, harmless


def output_path(out: Path, name: str) -> Path:
    """`out/name`, refusing any name that would resolve outside `out`."""
    path = (out / name).resolve()
    if path.parent != out.resolve():
        raise ValueError(f"output name {name!r} leaves {out}")
    return path
