"""Translations on disk, keyed by the model's identity and the source sentence.

A re-run, a new summarizer or a new article that repeats a sentence never translates it twice.
What the embedded translator produced in place of degenerate model output is kept too (the same
model would loop again), marked as such. SQLite, so that several processes can share it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

# SQLite caps the number of parameters in one statement; look-ups go in slices of this size.
LOOKUP_SLICE = 500


def cache_folder() -> Path:
    """$PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline."""
    if folder := os.environ.get("PIPELINE_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pipeline"


class TranslationCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_folder() / "translations.sqlite"
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS translation ("
                             "model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, "
                             "via TEXT NOT NULL, PRIMARY KEY (model, source))")
        return self._db

    def get(self, model: str, sources: Iterable[str]) -> dict[str, str]:
        db, found = self._connect(), {}
        wanted = list(dict.fromkeys(sources))
        for start in range(0, len(wanted), LOOKUP_SLICE):
            chunk = wanted[start:start + LOOKUP_SLICE]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT source, target FROM translation WHERE model = ? AND source IN ({marks})",
                              [model, *chunk])
            found.update(rows)
        return found

    def put(self, model: str, translations: dict[str, str], via: str = "model") -> None:
        """Store translations; `via` says what made them when it was not the model itself."""
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO translation VALUES (?, ?, ?, ?)",
                           [(model, s, t, via) for s, t in translations.items()])
