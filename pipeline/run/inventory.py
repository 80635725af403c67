"""What each stage is configured to run, whether it is on this machine, and what runs now.

For `pipeline models`: per language, its offline route, the Debian packages it needs and
whether they are installed, and its neural model; the neural models models.yaml names, every
resource of the offline translators (`models/resources.py`: Apertium modes, spaCy pipelines,
dictionaries, word lists), and the embedded model, each with where it is or why it is missing,
and which one a run uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline import summarize
from pipeline.config import EMBEDDED_MODEL, Config
from pipeline.errors import BackendUnavailable
from pipeline.models.embedder import Embedder, embedded_model_folder
from pipeline.models.hub import configured_models, resolve
from pipeline.translate import Translators, embedded
from pipeline.translate.apertium import installed_modes


@dataclass(frozen=True)
class Entry:
    stage: str  # "translate fr", "summarize", "embeddings"
    backend: str
    model: str
    available: bool
    detail: str  # where it is, or why it is not
    in_use: bool  # what a run with this config uses now


@dataclass(frozen=True)
class LanguageEntry:
    lang: str
    route: tuple[str, ...]  # the offline translator's Apertium modes, in order
    packages: tuple[str, ...]  # the Debian packages its offline translator uses
    missing: tuple[str, ...]  # those of them not installed
    model: str | None  # the neural model a machine with network pulls
    model_here: bool
    in_use: str | None  # the backend a run uses now; None when none can run


def languages(config: Config) -> Iterator[LanguageEntry]:
    """Each language models.yaml translates from, with its offline route and what it needs."""
    translators = Translators(config)
    for lang, spec in sorted(config.translate.items()):
        if spec.apertium is None:
            continue
        resources = embedded(spec.apertium, lang).resources
        packages = sorted({"apertium", *(r.debian_package for r in resources if r.debian_package)})
        absent = {r.debian_package for r in resources if r.debian_package and not r.here}
        missing = sorted(absent | ({"apertium"} if installed_modes() is None else set()))
        model = spec.marian.model if spec.marian else None
        yield LanguageEntry(lang, spec.apertium.pairs, tuple(packages), tuple(missing), model,
                            bool(model) and resolve(model).available,
                            _used(lambda lang=lang: translators.producer(lang).backend))


def inventory(config: Config) -> Iterator[Entry]:
    translators = Translators(config)
    embedder = Embedder(config.embeddings.model)
    used = {f"translate {lang}": _used(lambda lang=lang: translators.producer(lang).backend)
            for lang in config.translate}
    used["summarize"] = _used(lambda: summarize.build(config.summarize, embedder).producer.backend)
    for entry in configured_models(config):
        resolved = resolve(entry.model)
        yield Entry(entry.stage, entry.backend, entry.model, resolved.available,
                    str(resolved.folder) if resolved.available else resolved.reason,
                    used.get(entry.stage) == entry.backend)
    for lang, spec in sorted(config.translate.items()):
        if spec.apertium is not None:
            stage, in_use = f"translate {lang}", used[f"translate {lang}"] == "apertium"
            for resource in embedded(spec.apertium, lang).resources:
                yield Entry(stage, resource.kind, resource.name, resource.here, resource.detail, in_use)
    for stage, model in (("summarize", config.summarize.extractive.model), ("embeddings", config.embeddings.model)):
        if model == EMBEDDED_MODEL:
            try:
                detail, available = f"embedded ({embedded_model_folder()})", True
            except BackendUnavailable as error:
                detail, available = str(error), False
            yield Entry(stage, "extractive", "all-MiniLM-L6-v2", available, detail,
                        stage == "embeddings" or used["summarize"] == "extractive")


def _used(backend: Callable[[], str]) -> str | None:
    """The name of the backend a stage runs now; None when it cannot run."""
    try:
        return backend()
    except BackendUnavailable:
        return None
