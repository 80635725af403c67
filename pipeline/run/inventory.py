"""What each stage is configured to run, whether it is on this machine, and what runs now.

For `pipeline models`: the neural models models.yaml names, the Apertium modes, and the
embedded model, each with where it is or why it is missing, and which one a run would use.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline import summarize
from pipeline.config import EMBEDDED_MODEL, ApertiumSettings, Config
from pipeline.models.embedder import Embedder, embedded_model_folder
from pipeline.errors import BackendUnavailable
from pipeline.models.hub import configured_models, resolve
from pipeline.translate import Translators
from pipeline.translate.apertium import why_unavailable
from pipeline.translate.offline.lexicon import Lexicon


@dataclass(frozen=True)
class Entry:
    stage: str  # "translate fr", "summarize", "embeddings"
    backend: str
    model: str
    available: bool
    detail: str  # where it is, or why it is not
    in_use: bool  # what a run with this config uses now


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
            problems = [why for mode in spec.apertium.pairs if (why := why_unavailable(mode))]
            in_use = used[f"translate {lang}"] == "apertium"
            yield Entry(f"translate {lang}", "apertium", " > ".join(spec.apertium.pairs), not problems,
                        "; ".join(problems) or "installed", in_use)
            yield from _repairs(f"translate {lang}", spec.apertium, in_use)
    for stage, model in (("summarize", config.summarize.extractive.model), ("embeddings", config.embeddings.model)):
        if model == EMBEDDED_MODEL:
            try:
                detail, available = f"embedded ({embedded_model_folder()})", True
            except BackendUnavailable as error:
                detail, available = str(error), False
            yield Entry(stage, "extractive", "all-MiniLM-L6-v2", available, detail,
                        stage == "embeddings" or used["summarize"] == "extractive")


def _repairs(stage: str, settings: ApertiumSettings, in_use: bool) -> Iterator[Entry]:
    """What the embedded translator uses around Apertium: the route for left words, the name
    finder, the dictionaries."""
    if settings.alternative:
        problems = [why for mode in settings.alternative if (why := why_unavailable(mode))]
        yield Entry(stage, "apertium (words)", " > ".join(settings.alternative), not problems,
                    "; ".join(problems) or "installed", in_use)
    if settings.names:
        found = importlib.util.find_spec(settings.names) is not None
        yield Entry(stage, "names (spaCy)", settings.names, found,
                    "installed" if found else f"pip install {settings.names.replace('_', '-')}", in_use)
    for pair in settings.dictionaries:
        lexicon = Lexicon(pair)
        yield Entry(stage, "dictionary (FreeDict)", pair, lexicon.available(),
                    str(lexicon.folder) if lexicon.available() else f"apt-get install {lexicon.package}", in_use)


def _used(backend: Callable[[], str]) -> str | None:
    """The name of the backend a stage runs now; None when it cannot run."""
    try:
        return backend()
    except BackendUnavailable:
        return None
