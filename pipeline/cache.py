"""Results kept on disk between runs, keyed by the fingerprint of what made them and their input.

Translations (by translator and source sentence) and sentence embeddings (by model and text):
a re-run, a new summarizer or a new article that repeats a sentence never computes it twice.
SQLite, so that several processes (Ray workers, concurrent runs on other folders) can share it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Generic, TypeVar

# SQLite caps the number of parameters in one statement; look-ups go in slices of this size.
LOOKUP_SLICE = 500

V = TypeVar("V", str, bytes)


def cache_folder() -> Path:
    """$PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline."""
    if folder := os.environ.get("PIPELINE_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pipeline"


class DiskCache(Generic[V]):
    """One table of (fingerprint, key) -> value, with a note on how each value was made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entry (model TEXT NOT NULL, source TEXT NOT NULL, "
                             "target NOT NULL, via TEXT NOT NULL, PRIMARY KEY (model, source))")
        return self._db

    def get(self, model: str, sources: Iterable[str]) -> dict[str, V]:
        db, found = self._connect(), {}
        wanted = list(dict.fromkeys(sources))
        for start in range(0, len(wanted), LOOKUP_SLICE):
            chunk = wanted[start:start + LOOKUP_SLICE]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT source, target FROM entry WHERE model = ? AND source IN ({marks})",
                              [model, *chunk])
            found.update(rows)
        return found

    def put(self, model: str, values: Mapping[str, V], via: str = "model") -> None:
        """Store values; `via` says what made them when it was not the model itself."""
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)",
                           [(model, s, t, via) for s, t in values.items()])


def translation_cache(path: Path | None = None) -> DiskCache[str]:
    return DiskCache(path or cache_folder() / "translations.sqlite")


def embedding_cache(path: Path | None = None) -> DiskCache[bytes]:
    return DiskCache(path or cache_folder() / "embeddings.sqlite")
