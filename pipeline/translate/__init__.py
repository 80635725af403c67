"""Translate stage: every kept paragraph gets its English text in `Paragraph.en`.

Backends sit behind the `Translator` protocol. `Translators` builds them from the config, one
per source language, on first use; building one loads nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from pipeline.config import Config, TranslationConfig
from pipeline.document import Article
from pipeline.errors import SkipArticle
from pipeline.translate.apertium import ApertiumTranslator
from pipeline.translate.base import Translator
from pipeline.translate.chain import ChainTranslator
from pipeline.translate.identity import IdentityTranslator

__all__ = ["Translator", "Translators", "translate"]


class Translators:
    """The configured translator of each source language, built on first use and kept."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._built: dict[str, Translator] = {}

    def supports(self, lang: str) -> bool:
        return lang == "en" or self.config.translation_for(lang) is not None

    def get(self, lang: str) -> Translator:
        if lang not in self._built:
            spec = self.config.translation_for(lang)
            if spec is None and lang != "en":
                raise SkipArticle(f"no translator for '{lang}'")
            self._built[lang] = build(spec) if spec else IdentityTranslator()
        return self._built[lang]


def build(spec: TranslationConfig) -> Translator:
    if spec.backend == "identity":
        return IdentityTranslator()
    if spec.backend == "apertium":
        assert spec.apertium is not None  # config.load_config checked it
        return ChainTranslator([ApertiumTranslator(mode) for mode in spec.apertium.pairs])
    raise NotImplementedError(f"translation backend '{spec.backend}'")


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
