"""Apertium, the embedded default: rule-based, offline, from Debian packages.

A mode (fr-es), or a chain of modes through a pivot language (fr-es then spa-eng), runs as one
long-lived pipeline of processes for the whole run: its programs load their dictionaries once
and then translate block after block, each block ended by a NUL byte that flushes it through
("null flush"). The modes of a chain are piped into each other in Apertium's own stream
format, so they work at once on two cores, as `apertium fr-es | apertium spa-eng` would. An
article's paragraphs go through as one block, separated by blanks that Apertium passes through
untouched, so every paragraph comes back in its place.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pipeline.document import Producer
from pipeline.errors import BackendUnavailable
from pipeline.models.resources import Resource

# Debian's Apertium packages that bring a language to English, or nearer to it, and the
# translation modes each installs ("Cyrl-Latn" writes Serbian Cyrillic in Latin letters).
PACKAGE_MODES = {
    "apertium-arg-cat": ("arg-cat", "cat-arg"),
    "apertium-br-fr": ("br-fr",),
    "apertium-cat-ita": ("cat-ita", "ita-cat"),
    "apertium-dan-nor": ("dan-nno", "dan-nob", "nno-dan", "nob-dan"),
    "apertium-en-gl": ("en-gl", "gl-en"),
    "apertium-eng-cat": ("cat-eng", "eng-cat"),
    "apertium-eng-spa": ("eng-spa", "spa-eng"),
    "apertium-eo-en": ("en-eo", "eo-en"),
    "apertium-es-gl": ("es-gl", "gl-es"),
    "apertium-es-pt": ("es-pt", "pt-es"),
    "apertium-es-ro": ("ro-es",),
    "apertium-eu-en": ("eu-en",),
    "apertium-eu-es": ("eu-es",),
    "apertium-fr-es": ("es-fr", "fr-es"),
    "apertium-fra-cat": ("cat-fra", "fra-cat"),
    "apertium-fra-frp": ("fra-frp", "frp-fra"),
    "apertium-hbs-eng": ("Cyrl-Latn", "eng-hbs", "hbs-eng"),
    "apertium-hbs-slv": ("hbs-slv", "slv-hbs"),
    "apertium-isl-eng": ("isl-eng",),
    "apertium-isl-swe": ("isl-swe", "swe-isl"),
    "apertium-mkd-bul": ("bul-mkd", "mkd-bul"),
    "apertium-mkd-eng": ("mkd-eng",),
    "apertium-oc-ca": ("ca-oc", "oc-ca"),
    "apertium-oc-es": ("es-oc", "oc-es"),
    "apertium-oci-fra": ("fra-oci", "oci-fra"),
    "apertium-por-cat": ("cat-por", "por-cat"),
    "apertium-pt-gl": ("gl-pt", "pt-gl"),
    "apertium-spa-arg": ("arg-spa", "spa-arg"),
    "apertium-spa-cat": ("cat-spa", "spa-cat"),
    "apertium-spa-ita": ("ita-spa", "spa-ita"),
    "apertium-swe-dan": ("dan-swe", "swe-dan"),
    "apertium-swe-nor": ("nno-swe", "nob-swe", "swe-nno", "swe-nob"),
}
PACKAGES = {mode: package for package, modes in PACKAGE_MODES.items() for mode in modes}
# Apertium marks words it could not generate (#) or transfer (@), before the word or, in
# multiword verbs, after its first part ("give# back"); generation without unknown-word marks
# already drops the '*'. The marks are not part of the translation (a hashtag loses its '#' too).
_MARK = re.compile(r"(?<![\w#@])[#@](?=\w)|(?<=\w)#(?=\s|$)")
# Characters with a meaning in Apertium's stream format, escaped with a backslash on the way in.
_RESERVED = re.compile(r"([\\\[\]^$/@<>{}*#+~|])")
# Between paragraphs: a "superblank", which every program of a mode passes through untouched.
_BREAK = "[\n\n]"
# Seconds a block may take before the mode is taken for stuck: generous for a 5 MB article
# (Apertium moves about 100 kB a second here), plus a floor for a loaded machine.
TIMEOUT_FLOOR = 60.0
TIMEOUT_PER_KB = 0.1


def installed_modes() -> frozenset[str] | None:
    """The Apertium modes installed on this machine; None when Apertium itself is not."""
    executable = shutil.which("apertium")
    return None if executable is None else _listed_modes(executable)


@cache
def _listed_modes(executable: str) -> frozenset[str]:
    listed = subprocess.run([executable, "-l"], capture_output=True, text=True, check=False).stdout
    return frozenset(listed.split())


def why_unavailable(mode: str) -> str | None:
    """Why `mode` cannot run here, with the package that brings it; None when it can."""
    modes = installed_modes()
    package = PACKAGES.get(mode, f"the apertium package for {mode}")
    if modes is None:
        return f"Apertium is not installed: apt-get install apertium {package}"
    return None if mode in modes else f"no mode '{mode}': apt-get install {package}"


class ApertiumMode(Resource):
    """One Apertium mode ("fr-es"), from its Debian package."""

    kind = "Apertium mode"
    code = "apertium"

    @property
    def problem(self) -> str | None:
        return why_unavailable(self.name)

    @property
    def location(self) -> str:
        return f"installed ({PACKAGES.get(self.name, 'apertium')})"

    @property
    def debian_package(self) -> str | None:
        return PACKAGES.get(self.name)


class ApertiumTranslator:
    """Apertium modes applied in order (say fr-es, spa-eng), run by processes that live as
    long as this one."""

    def __init__(self, *modes: str) -> None:
        if not modes:
            raise ValueError("Apertium needs at least one mode")
        self.modes = modes

    @property
    def producer(self) -> Producer:
        return Producer("apertium", " > ".join(self.modes))

    @property
    def resources(self) -> tuple[Resource, ...]:
        return tuple(ApertiumMode(mode) for mode in self.modes)

    @property
    def fingerprint(self) -> str:
        return " > ".join(mode.fingerprint for mode in self.resources)

    def warm_up(self) -> None:
        """Start the pipeline's programs: they load their dictionaries while the caller works."""
        _process(self.modes).start()

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [_MARK.sub("", text) for text in _run(_process(self.modes), texts)]

    def translate_marked(self, texts: Sequence[str]) -> list[str]:
        """Translations with Apertium's marks kept: '*' before a word a mode did not know (once
        per mode that passed it through: '**' is a source word both legs of a pivot left), '#'
        or '@' before one it could not generate or transfer."""
        return _run(_process(self.modes, marked=True), texts)


def analyse(mode: str, texts: Sequence[str]) -> list[str]:
    """The source-side morphological analyses of `mode` ("^Paris/Paris<np><loc>$ ..."), one
    stream per text: what its dictionary knows each word as."""
    return _run(_process((mode,), analyser=True), texts)


def start_in_background(pipelines: Sequence[tuple[tuple[str, ...], bool, bool]]) -> None:
    """Start, from a thread, the programs that `translate` (`translate_marked` when marked,
    `analyse` when an analyser) of each (modes, marked, analyser) will use: starting several
    takes a caller a few tenths of a second. One already running is left as it is; one that
    cannot start says why when it is used."""

    def start_all() -> None:
        for modes, marked, analyser in pipelines:
            try:
                _process(modes, marked, analyser).start()
            except BackendUnavailable:
                continue

    threading.Thread(target=start_all, daemon=True).start()


def _run(process: _ModeProcess, texts: Sequence[str]) -> list[str]:
    """One block for all the texts, each coming back in its place.

    Apertium reads a block as one stream: a text that does not end a sentence would be read on
    into the next one (two words becoming one multiword, or a transfer rule spanning both), so
    such a text gets a full stop on the way in, taken off on the way out.
    """
    flat = [" ".join(text.split()) for text in texts]
    filled = [text for text in flat if text]
    if not filled:
        return list(flat)
    ended = [bool(_SENTENCE_END.search(text)) for text in filled]
    sent = [text if end else text + _STOP for text, end in zip(filled, ended, strict=True)]
    blocks = process.translate(_BREAK.join(_escape(text) for text in sent)).split(_BREAK)
    if len(blocks) != len(sent):  # a program merged the breaks: one block per text
        blocks = [process.translate(_escape(text)) for text in sent]
    out = iter(_unstop(" ".join((block if process.analyser else _unescape(block)).split()), end or process.analyser)
               for block, end in zip(blocks, ended, strict=True))
    return [next(out) if text else "" for text in flat]


# A text ends a sentence with one of these, maybe followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*$")
_STOP = " ."


def _unstop(text: str, kept: bool) -> str:
    return text if kept or not text.endswith(".") else text[:-1].rstrip()


def _escape(text: str) -> str:
    """Text in Apertium's stream format, ended by an empty blank: without a blank after it, the
    last word stays in the analyser's buffer and the block never comes out."""
    return _RESERVED.sub(r"\\\1", text) + "[]"


def _unescape(block: str) -> str:
    """Stream format back to text: escapes undone, blanks ("[...]") reduced to their content."""
    return _STREAM_MARK.sub(lambda m: m.group(1) or "", block)


_STREAM_MARK = re.compile(r"\\(.)|[\[\]]", re.DOTALL)


class _ModeProcess:
    """The programs of one mode or of a chain of modes, started once, fed NUL-ended blocks."""

    def __init__(self, modes: tuple[str, ...], marked: bool = False, analyser: bool = False) -> None:
        self.modes = modes
        self.marked = marked  # unknown words keep their '*'
        self.analyser = analyser  # only the first program: the source language's analyser
        self._lock = threading.Lock()
        self._popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self._lock:
            self._running()

    def _running(self) -> subprocess.Popen[bytes]:
        if self._popen is None or self._popen.poll() is not None:
            self._popen = self._start()
        return self._popen

    def translate(self, block: str) -> str:
        with self._lock:
            popen = self._running()
            data = block.encode("utf-8") + b"\0"
            # written from a thread: a large block fills the output pipe before it is all read in
            writer = threading.Thread(target=_write, args=(popen, data), daemon=True)
            writer.start()
            try:
                out = _read_block(popen, TIMEOUT_FLOOR + TIMEOUT_PER_KB * len(data) / 1000)
            except BackendUnavailable:
                self.close()
                raise
            finally:
                writer.join(timeout=1)
            return out.decode("utf-8", errors="replace")

    def _start(self) -> subprocess.Popen[bytes]:
        scripts = []
        for mode in self.modes:
            problem = why_unavailable(mode)
            if problem:
                raise BackendUnavailable(problem if problem.startswith("Apertium") else f"Apertium has {problem}")
            programs = _programs(mode)
            scripts.append(f"( {programs.split(' | ')[0] if self.analyser else programs} )")
        # $1: generate with or without unknown-word marks ('*'); $2: no extra tagger option
        generation = "-g" if self.marked else "-n"
        return subprocess.Popen(["bash", "-c", " | ".join(scripts), "apertium", generation, ""],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)

    def close(self) -> None:
        if self._popen is not None:
            self._popen.kill()
            self._popen.wait()
            self._popen = None


@cache
def _programs(mode: str) -> str:
    """The shell pipeline of a mode's programs (read once: several processes run one mode)."""
    script = subprocess.run(["apertium-wblank-mode", "-z", str(_mode_file(mode))], capture_output=True, text=True,
                            check=False)
    if script.returncode != 0 or not script.stdout.strip():
        raise BackendUnavailable(f"apertium {mode}: cannot read its mode: {script.stderr.strip()[:200]}")
    return script.stdout.strip()


def _write(popen: subprocess.Popen[bytes], data: bytes) -> None:
    try:
        assert popen.stdin is not None
        popen.stdin.write(data)
        popen.stdin.flush()
    except (BrokenPipeError, ValueError):  # the mode died; the reader says so
        pass


def _read_block(popen: subprocess.Popen[bytes], timeout: float) -> bytes:
    import select

    assert popen.stdout is not None
    chunks: list[bytes] = []
    while not (chunks and chunks[-1].endswith(b"\0")):
        ready, _, _ = select.select([popen.stdout], [], [], timeout)
        chunk = os.read(popen.stdout.fileno(), 1 << 16) if ready else b""
        if not ready or not chunk:
            raise BackendUnavailable("apertium stopped answering" if ready else f"apertium took over {timeout:.0f} s")
        chunks.append(chunk)
    return b"".join(chunks)[:-1]


def _mode_file(mode: str) -> Path:
    executable = shutil.which("apertium")
    assert executable is not None  # why_unavailable checked it
    return Path(executable).resolve().parent.parent / "share" / "apertium" / "modes" / f"{mode}.mode"


_PROCESSES: dict[tuple[tuple[str, ...], bool, bool], _ModeProcess] = {}


def _process(modes: tuple[str, ...], marked: bool = False, analyser: bool = False) -> _ModeProcess:
    """The long-lived pipeline of `modes`, shared by every translator of this Python process."""
    # one step: a warm-up thread may ask at the same time (a process is only made on `start`)
    return _PROCESSES.setdefault((modes, marked, analyser), _ModeProcess(modes, marked, analyser))


@atexit.register
def _close_all() -> None:
    for process in _PROCESSES.values():
        process.close()
