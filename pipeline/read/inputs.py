"""Which files of a corpus folder are inputs, and the article id of each: unique and stable.

Only regular files inside the corpus folder are read: a link is followed only when it points to
a regular file inside the folder, and a link out of it, a link to a folder, a pipe or a device
is reported with its reason, never opened. Hidden files and folders are left alone.

An id is the file's path reduced to safe characters (`id_for`). Two inputs whose paths
reduce to the same id, or an input whose id would be one of the output folder's own names,
must not share an output: the input that held the id in an earlier run keeps it, and any other
gets the id with a short hash of its path added, so that a new file never takes over the
outputs of an existing one, and ids do not depend on which files arrive later.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# Hex digits of the path's hash that set apart an input whose id is taken.
ID_HASH_DIGITS = 8
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
# Longest article id: its outputs' names ("<id>.json", "<id>.md") stay far below the 255 bytes a
# file system takes; a longer name keeps its start and a short hash of the whole.
MAX_ID_LENGTH = 120


@dataclass(frozen=True)
class Input:
    path: Path  # where it is read
    name: str  # its path relative to the corpus folder (POSIX): the manifest's key
    problem: str | None = None  # why it is not read, for an entry that is no input


def find_inputs(corpus: Path) -> list[Input]:
    """The inputs below `corpus` (or `corpus` itself, a file), in name order."""
    if not corpus.is_dir():
        return [Input(corpus, corpus.name, _problem(corpus, corpus.parent))]
    root = corpus.resolve()
    found = []
    for folder, folders, files in os.walk(corpus, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        here = Path(folder)
        # a link to a folder is listed among the folders: it is reported, never walked into
        for name in [*files, *(f for f in folders if (here / f).is_symlink())]:
            if not name.startswith("."):
                path = here / name
                found.append(Input(path, path.relative_to(corpus).as_posix(), _problem(path, root)))
    return sorted(found, key=lambda i: i.name)


def _problem(path: Path, root: Path) -> str | None:
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot read: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve()
        except (RuntimeError, OSError):  # Python 3.11 says a loop with RuntimeError
            return "a link that loops; not followed"
        if not target.is_relative_to(root.resolve()):
            return "a link out of the corpus folder; not followed"
        if not target.is_file():
            return "a link to something that is not a regular file; not followed"
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return None


def read_input(item: Input) -> bytes:
    """The input's bytes. A regular file is opened without following links, so a file swapped
    for a link after it was listed is not read through it."""
    if item.path.is_symlink():  # checked by find_inputs: it points to a regular file inside
        return item.path.resolve().read_bytes()
    fd = os.open(item.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        return handle.read()


def assign_ids(names: list[str], earlier: Mapping[str, str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """The id of each input (by name): its reduced path, unless another input has it, or it is
    `reserved` (the names of the batch's own outputs, and of files of someone else's in the
    output folder). `earlier` maps names to the ids they had in the last run: those are kept."""
    ids: dict[str, str] = {}
    # compared without case: outputs copied to a case-insensitive file system must not collide
    taken = {stem.casefold() for stem in reserved}
    for name in names:
        kept = earlier.get(name)
        if kept and kept.casefold() not in taken and kept in (id_for(Path(name)), _hashed(name)):
            ids[name] = kept
            taken.add(kept.casefold())
    # newcomers: one whose id loses nothing of its name goes first, then name order
    for name in sorted((n for n in names if n not in ids), key=lambda n: (not _lossless(n), n)):
        wanted = id_for(Path(name))
        ids[name] = wanted if wanted.casefold() not in taken else _hashed(name)
        taken.add(ids[name].casefold())
    return ids


def _hashed(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()[:ID_HASH_DIGITS]
    return f"{id_for(Path(name))[:MAX_ID_LENGTH - ID_HASH_DIGITS - 1]}-{digest}"


def _lossless(name: str) -> bool:
    path = Path(name)
    return id_for(path) == "__".join([*path.parent.parts, path.stem])


def id_for(path: Path) -> str:
    """The file's stem (with its folders, relative to the corpus, joined by '__'), reduced to
    characters that are safe in a file name and a URL anchor: no id can leave the output folder.
    A batch makes ids unique and stable on top of this (`assign_ids`)."""
    parts = [*path.parent.parts, path.stem] if not path.is_absolute() else [path.stem]
    safe = [_SAFE_ID.sub("_", unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()).strip("._")
            for part in parts if part not in ("", ".", "..")]
    joined = "__".join(part for part in safe if part) or "article"
    if len(joined) <= MAX_ID_LENGTH:
        return joined
    digest = hashlib.sha256(joined.encode()).hexdigest()[:8]
    return f"{joined[:MAX_ID_LENGTH - len(digest) - 1].rstrip('._')}-{digest}"
