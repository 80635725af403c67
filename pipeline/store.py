"""The output folder: atomic writes, the manifest, and reading back earlier results."""

from __future__ import annotations

import json
import os
import tempfile
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
from pipeline.render import ARTICLE_SCHEMA, MANIFEST_SCHEMA

MANIFEST = "manifest.json"
MERGED = "merged"


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


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Earlier run's entries, by input path; empty when there is no readable manifest."""
    data = read_json(out / MANIFEST)
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        return {}
    return {entry["path"]: entry for entry in data.get("inputs", []) if isinstance(entry, dict)}


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
