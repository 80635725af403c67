"""Translate stage: every kept paragraph gets its English text in `Paragraph.en`.

Backends sit behind the `Translator` protocol. `Translators` builds them from the config, one
per source language, on first use; building one loads nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace

from pipeline.config import Config, TranslationConfig
from pipeline.document import Article, Backend
from pipeline.errors import BackendUnavailable, SkipArticle
from pipeline.models import how_to_get, resolve
from pipeline.translate.apertium import ApertiumTranslator
from pipeline.translate.base import Translator
from pipeline.translate.cache import TranslationCache
from pipeline.translate.chain import ChainTranslator
from pipeline.translate.ct2 import CTranslate2Translator
from pipeline.translate.identity import IdentityTranslator
from pipeline.translate.marian import MarianTranslator

log = logging.getLogger(__name__)

__all__ = ["Translator", "Translators", "translate"]


class Translators:
    """The configured translator of each source language, built on first use and kept."""

    def __init__(self, config: Config, cache: TranslationCache | None = None) -> None:
        self.config = config
        self.cache = cache or TranslationCache()
        self._built: dict[str, tuple[Translator, Backend]] = {}

    def supports(self, lang: str) -> bool:
        return lang == "en" or self.config.translation_for(lang) is not None

    def get(self, lang: str) -> Translator:
        return self._build(lang)[0]

    def identity(self, lang: str) -> str:
        return self._build(lang)[0].identity

    def backend(self, lang: str) -> Backend:
        """For provenance: what translates `lang`, and what it stands in for after a fallback."""
        return self._build(lang)[1]

    def _build(self, lang: str) -> tuple[Translator, Backend]:
        if lang not in self._built:
            spec = self.config.translation_for(lang)
            if spec is None and lang != "en":
                raise SkipArticle(f"no translator for '{lang}'")
            translator = build(spec, lang, self.cache) if spec else IdentityTranslator()
            backend = translator.backend
            if spec and spec.backend == "auto" and spec.marian and backend.backend == "apertium":
                backend = replace(backend, fallback_from=spec.marian.model)
            self._built[lang] = (translator, backend)
        return self._built[lang]


def build(spec: TranslationConfig, lang: str, cache: TranslationCache | None = None) -> Translator:
    """The translator `spec` asks for. Loads nothing: models load on first use."""
    embedded = (ChainTranslator([ApertiumTranslator(mode) for mode in spec.apertium.pairs])
                if spec.apertium else None)
    if spec.backend == "identity":
        return IdentityTranslator()
    if spec.backend == "apertium":
        assert embedded is not None  # config.load_config checked it
        return embedded
    assert spec.marian is not None
    resolved = resolve(spec.marian.model)
    if not resolved.available:
        message = f"{spec.marian.model} is {resolved.reason}"
        if spec.backend != "auto":
            raise BackendUnavailable(f"{message}: {how_to_get(spec.marian.model)}")
        assert embedded is not None
        log.warning("translate %s: %s; using the embedded Apertium translator instead (%s)",
                    lang, message, how_to_get(spec.marian.model))
        return embedded
    neural = CTranslate2Translator if spec.backend == "ctranslate2" else MarianTranslator
    return neural(spec.marian, resolved, lang, fallback=embedded, cache=cache)


def translate(article: Article, translators: Translators) -> Article:
    """Translate each paragraph with the translator of its own language.

    A paragraph in a language nobody translates (a misdetected quote, say) goes with the
    article's language; an article in such a language is skipped.
    """
    assert article.lang is not None, "detect runs before translate"
    main = article.lang.code
    if not translators.supports(main):
        raise SkipArticle(f"no translator for '{main}'")
    groups: dict[str, list[int]] = defaultdict(list)
    for index, paragraph in enumerate(article.paragraphs):
        lang = paragraph.lang if paragraph.lang and translators.supports(paragraph.lang) else main
        groups[lang].append(index)
    english = [""] * len(article.paragraphs)
    for lang, indexes in groups.items():
        texts = [article.paragraphs[i].text for i in indexes]
        for i, text in zip(indexes, translators.get(lang).translate(texts), strict=True):
            english[i] = text
    paragraphs = tuple(replace(p, en=en) for p, en in zip(article.paragraphs, english, strict=True))
    return replace(article, paragraphs=paragraphs)
