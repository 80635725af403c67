"""Small English articles built in code, for the stages that work on translated text."""

from __future__ import annotations

from pipeline.document import Article, Language, Paragraph


def english_article(article_id: str, *paragraphs: str | tuple[str, str]) -> Article:
    """Paragraphs are text, or (kind, text); all already in English."""
    built = []
    for index, item in enumerate(paragraphs, start=1):
        kind, text = item if isinstance(item, tuple) else ("body", item)
        built.append(Paragraph(id=f"p{index}", lines=(index, index), text=text, kind=kind, lang="en", en=text))
    return Article(id=article_id, source_path=f"{article_id}.txt", sha256="0" * 64,
                   paragraphs=tuple(built), lang=Language("en", 1.0))
