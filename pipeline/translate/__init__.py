"""Translate stage: every kept paragraph gets its English text in `Paragraph.en`.

Backends sit behind the `Translator` protocol. `Translators` builds them from the config, one
per source language, on first use; building one loads nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from pipeline.config import ApertiumSettings, Config, TranslationConfig
from pipeline.document import Article, Producer
from pipeline.errors import BackendUnavailable, SkipArticle
from pipeline.models.cache import DiskCache, translation_cache
from pipeline.models.hub import Chosen, choose
from pipeline.translate.apertium import ApertiumTranslator
from pipeline.translate.base import Translator
from pipeline.translate.ct2 import CTranslate2Translator
from pipeline.translate.identity import IdentityTranslator
from pipeline.translate.marian import MarianTranslator
from pipeline.translate.offline.names import NameFinder, Names
from pipeline.translate.offline.proper_nouns import ProperNouns
from pipeline.translate.offline.translator import EmbeddedTranslator

log = logging.getLogger(__name__)

__all__ = ["Translator", "Translators", "translate", "translate_all"]

# `names: apertium` in models.yaml: the names are the proper nouns of the route's first analyser.
ANALYSER_NAMES = "apertium"
NEURAL_BACKENDS = {"marian": MarianTranslator, "ctranslate2": CTranslate2Translator}
_IDENTITY: Chosen[Translator] = Chosen(IdentityTranslator(), IdentityTranslator.producer)


class Translators:
    """The configured translator of each source language, built on first use and kept."""

    def __init__(self, config: Config, cache: DiskCache[str] | None = None) -> None:
        self.config = config
        self.cache = cache or translation_cache()
        self._built: dict[str, Chosen[Translator]] = {}
        self._noted: set[str] = set()
        self._warmed: set[str] = set()

    def supports(self, lang: str) -> bool:
        return lang == "en" or self.config.translation_for(lang) is not None

    def require(self, lang: str) -> None:
        """Skip an article in a language nobody translates, saying so."""
        if not self.supports(lang):
            raise SkipArticle(f"no translator for '{lang}'")

    def get(self, lang: str) -> Translator:
        """The translator that will translate `lang` now; the first call says, once, when it
        stands in for a model that is not here."""
        built = self._build(lang)
        if built.note and lang not in self._noted:
            self._noted.add(lang)
            log.warning("%s", built.note)
        return built.component

    def warm_up(self, lang: str) -> None:
        """Start, once, what translating `lang` needs (Apertium's processes, the name finder),
        without waiting; a language nobody translates, or a backend that cannot start, says so
        when it is used."""
        if lang in self._warmed or not self.supports(lang):
            return
        self._warmed.add(lang)
        try:
            self._build(lang).component.warm_up()
        except BackendUnavailable:
            return

    def fingerprint(self, lang: str) -> str:
        try:
            return self._build(lang).component.fingerprint
        except BackendUnavailable as error:  # then every article in `lang` fails, with this reason
            return f"unavailable: {error}"

    def producer(self, lang: str) -> Producer:
        """For provenance: what translates `lang`, and what it stands in for after a fallback."""
        return self._build(lang).producer

    def _build(self, lang: str) -> Chosen[Translator]:
        if lang not in self._built:
            self.require(lang)
            spec = self.config.translation_for(lang)
            self._built[lang] = build(spec, lang, self.cache) if spec else _IDENTITY
        return self._built[lang]


def build(spec: TranslationConfig, lang: str, cache: DiskCache[str] | None = None) -> Chosen[Translator]:
    """The translator `spec` asks for, with its provenance. Loads nothing: models load on first use."""
    offline = embedded(spec.apertium, lang) if spec.apertium else None
    if spec.backend == "identity":
        return _IDENTITY
    model = spec.marian.model if spec.marian else None
    choice = choose(f"translate {lang}", spec.backend, model, neural=NEURAL_BACKENDS,
                            embedded="the embedded Apertium translator")
    if choice.model is None:
        assert offline is not None  # config.load_config checked it
        return Chosen(offline, replace(offline.producer, fallback_from=choice.fallback_from), choice.note)
    assert spec.marian is not None
    neural = NEURAL_BACKENDS.get(spec.backend, MarianTranslator)
    translator = neural(spec.marian, choice.model, lang, fallback=offline, cache=cache)
    return Chosen(translator, translator.producer)


def embedded(settings: ApertiumSettings, lang: str) -> ApertiumTranslator | EmbeddedTranslator:
    """Apertium, with the repairs around it when the config asks for any."""
    if not (settings.alternative or settings.names or settings.dictionaries):
        return ApertiumTranslator(*settings.pairs)
    names: Names | None = None
    if settings.names == ANALYSER_NAMES:
        names = ProperNouns(settings.pairs[0])
    elif settings.names:
        names = NameFinder(settings.names)
    return EmbeddedTranslator(lang, settings.pairs, settings.alternative, names, settings.dictionaries)


def translate(article: Article, translators: Translators) -> Article:
    """Translate each paragraph with the translator of its own language."""
    return translate_all([article], translators)[0]


def translate_all(articles: Sequence[Article], translators: Translators) -> list[Article]:
    """Translate the paragraphs of several articles, each with the translator of its own
    language: one call per language for all of them (for Apertium, one block whose paragraph
    boundaries it keeps), so a batch costs one round trip, not one per article.

    A paragraph in a language nobody translates (a misdetected quote, say) goes with its
    article's language; an article in such a language is skipped.
    """
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)  # lang -> (article, paragraph)
    for number, article in enumerate(articles):
        assert article.lang is not None, "detect runs before translate"
        main = article.lang.code
        translators.require(main)
        for index, paragraph in enumerate(article.paragraphs):
            lang = paragraph.lang if paragraph.lang and translators.supports(paragraph.lang) else main
            groups[lang].append((number, index))
    english: dict[tuple[int, int], str] = {}
    for lang, places in groups.items():
        texts = [articles[a].paragraphs[i].text for a, i in places]
        english.update(zip(places, translators.get(lang).translate(texts), strict=True))
    return [replace(article, paragraphs=tuple(replace(p, en=english[(number, index)])
                                              for index, p in enumerate(article.paragraphs)))
            for number, article in enumerate(articles)]
