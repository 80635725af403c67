"""Results kept on disk between runs, keyed by the fingerprint of what made them and their input.

Translations (by translator and source sentence) and sentence embeddings (by model and text):
a re-run, a new summarizer or a new article that repeats a sentence never computes it twice.
SQLite, so that several processes (Ray workers, concurrent runs on other folders) can share it.

A cache only saves work, so it never fails one: a damaged file is moved aside and started
afresh, and one that cannot be opened or written (a read-only folder, a locked file) is done
without; either is said once, naming the file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

# SQLite caps the number of parameters in one statement; look-ups go in slices of this size.
LOOKUP_SLICE = 500
# How long a writer waits for another process's lock before the cache is done without.
LOCK_WAIT_SECONDS = 30

V = TypeVar("V", str, bytes)
T = TypeVar("T")


def cache_folder() -> Path:
    """$PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline."""
    if folder := os.environ.get("PIPELINE_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pipeline"


class DiskCache(Generic[V]):
    """One table of (fingerprint, key) -> value, with a note on how each value was made. `kind`
    is the type every value has: an entry of another type (written by hand, or by another
    tool) is not one, and is computed again."""

    def __init__(self, path: Path, kind: type[V]) -> None:
        self.path = path
        self.kind = kind
        self._db: sqlite3.Connection | None = None
        self._without = False  # the file cannot be used: the cache is done without

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=LOCK_WAIT_SECONDS)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS entry (model TEXT NOT NULL, source TEXT NOT NULL, "
                           "target NOT NULL, via TEXT NOT NULL, PRIMARY KEY (model, source))")
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _guarded(self, work: Callable[[], T], otherwise: T) -> T:
        """`work` on the database; a damaged file is started afresh once, and a cache that
        cannot be used is done without (`otherwise`), each said once."""
        if self._without:
            return otherwise
        try:
            return work()
        except (sqlite3.Error, OSError) as error:
            self._close()
            if _damaged(error) and self._start_afresh(error):
                try:
                    return work()
                except (sqlite3.Error, OSError) as again:
                    error = again
                    self._close()
            self._without = True
            log.warning("the cache %s cannot be used (%s); this run goes on without it", self.path, error)
            return otherwise

    def _start_afresh(self, error: Exception) -> bool:
        """Move a damaged file aside (it is kept, for whoever wants to look), so that a new one
        takes its place."""
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return False
        log.warning("the cache %s was damaged (%s); it is moved to %s and built afresh", self.path, error, aside.name)
        return True

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def get(self, model: str, sources: Iterable[str]) -> dict[str, V]:
        wanted = list(dict.fromkeys(sources))

        def look_up() -> dict[str, V]:
            db, found = self._connect(), {}
            for start in range(0, len(wanted), LOOKUP_SLICE):
                chunk = wanted[start:start + LOOKUP_SLICE]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT source, target FROM entry WHERE model = ? AND source IN ({marks})",
                                  [model, *chunk])
                found.update((source, target) for source, target in rows if isinstance(target, self.kind))
            return found

        return self._guarded(look_up, {})

    def put(self, model: str, values: Mapping[str, V], via: str = "model") -> None:
        """Store values; `via` says what made them when it was not the model itself."""
        def store() -> None:
            with self._connect() as db:
                db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)",
                               [(model, s, t, via) for s, t in values.items()])

        self._guarded(store, None)


def _damaged(error: Exception) -> bool:
    """Whether the file itself is broken (rather than locked, read-only or out of reach)."""
    return isinstance(error, sqlite3.DatabaseError) and any(
        sign in str(error) for sign in ("malformed", "not a database", "file is encrypted"))


def translation_cache(path: Path | None = None) -> DiskCache[str]:
    return DiskCache(path or cache_folder() / "translations.sqlite", str)


def embedding_cache(path: Path | None = None) -> DiskCache[bytes]:
    return DiskCache(path or cache_folder() / "embeddings.sqlite", bytes)
