"""Files of the output folder, written safely: atomically, never through a link, one run at a time."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

log = logging.getLogger(__name__)

# Temporary files of this tool: a name no user file is likely to have, which the start of a run
# clears (a killed run's unfinished writes), and short, whatever the length of the output's name.
TEMPORARY_PREFIX = ".pipeline-"
TEMPORARY_SUFFIX = ".tmp"

class OutputBusy(PipelineError):
    """Another run holds the output folder."""


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def exists(path: Path) -> bool:
    try:
        path.lstat()
    except FileNotFoundError:
        return False
    return True


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def real_folder(folder: Path) -> None:
    """Make `folder` a real folder: a link in its place is removed (what it points to is left
    alone) and a folder made instead."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        folder.mkdir()
        return
    if stat.S_ISLNK(info.st_mode):
        log.warning("%s was a link; it is replaced by a folder, and nothing is written through it", folder)
        folder.unlink()
        folder.mkdir()
    elif not stat.S_ISDIR(info.st_mode):
        raise OSError(errno.ENOTDIR, "not a folder", str(folder))


def read_own(path: Path) -> str:
    """A file of the output folder, read without following a link in its place."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read().decode("utf-8")


def open_own(path: Path, append: bool = False) -> int:
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
    lock left by a killed run is recovered by the next run without anyone removing a file.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self._handle: Any = None

    def __enter__(self) -> OutputLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.fdopen(open_own(self.path), "r+", encoding="utf-8")
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
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # closing releases the lock; the file stays, harmless
