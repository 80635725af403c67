"""Articles and merged summaries as the JSON of the output contract, and as Markdown for people."""

from __future__ import annotations

import html
from typing import Any

from pipeline.document import Article, Backend, MergedSummary, Outcome, SummarySentence

ARTICLE_SCHEMA = "pipeline.article/1"
MERGED_SCHEMA = "pipeline.merged/1"
MANIFEST_SCHEMA = "pipeline.manifest/1"


# --- JSON ------------------------------------------------------------------------------------

def article_json(article: Article) -> dict[str, Any]:
    assert article.lang is not None and article.provenance is not None
    provenance = article.provenance
    return {
        "schema": ARTICLE_SCHEMA,
        "id": article.id,
        "source": {"path": article.source_path, "sha256": article.sha256},
        "language": {"code": article.lang.code, "confidence": article.lang.confidence},
        "title": article.title,
        "meta": {"date": article.meta.date, "outlet": article.meta.outlet, "credit": article.meta.credit},
        "paragraphs": [
            {"id": p.id, "lines": list(p.lines), "kind": p.kind, "lang": p.lang, "text": p.text, "en": p.en}
            for p in article.paragraphs
        ],
        "removed": [{"rule": r.rule, "lines": list(r.lines), "text": r.text} for r in article.removed],
        "summary": [_sentence_json(s) for s in article.summary],
        "unsupported": [_sentence_json(s) for s in article.unsupported],
        "provenance": {
            "translator": _backend_json(provenance.translator),
            "summarizer": _backend_json(provenance.summarizer),
            "config_sha256": provenance.config_sha256,
            "version": provenance.version,
        },
    }


def _sentence_json(sentence: SummarySentence) -> dict[str, Any]:
    out: dict[str, Any] = {"text": sentence.text, "citations": list(sentence.citations),
                           "support": sentence.support}
    if sentence.reason:
        out["reason"] = sentence.reason
    return out


def _backend_json(backend: Backend) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": backend.backend, "model": backend.model}
    if backend.fallback_from:
        out["fallback_from"] = backend.fallback_from
    return out


def merged_json(merged: MergedSummary) -> dict[str, Any]:
    return {
        "schema": MERGED_SCHEMA,
        "articles": list(merged.articles),
        "summary": [
            {"text": s.text, "support": s.support,
             "citations": [{"article": c.article, "paragraph": c.paragraph} for c in s.citations]}
            for s in merged.summary
        ],
    }


def manifest_json(outcomes: list[Outcome], config_sha256: str, merged_sha256: str | None) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "merged_sha256": merged_sha256,
        "inputs": [
            {"path": o.path, "id": o.id, "sha256": o.sha256, "status": o.status, "reason": o.reason,
             "config_sha256": config_sha256, "lang": o.lang, "models": o.models}
            for o in outcomes
        ],
    }


# --- Markdown --------------------------------------------------------------------------------

def _md(text: str | None) -> str:
    """Article text is data: markup in it must show as text, never render."""
    return html.escape(text or "", quote=False).replace("*", r"\*").replace("_", r"\_")


def _cite_links(citations: tuple[str, ...], target: str = "") -> str:
    return " ".join(f"[[{c}]]({target}#{c})" for c in citations)


def english_title(article: Article) -> str:
    """The title's translation where there is one, else the source title, else ''."""
    title = next((p for p in article.paragraphs if p.kind == "title"), None)
    return (title.en if title and title.en else article.title) or ""


def article_markdown(article: Article) -> str:
    assert article.lang is not None and article.provenance is not None
    heading = english_title(article) or article.id
    facts = [f"language {article.lang.code} ({article.lang.confidence:.2f})",
             *(f"{k} {v}" for k, v in (("date", article.meta.date), ("outlet", article.meta.outlet),
                                       ("credit", article.meta.credit)) if v)]
    lines = [f"# {_md(heading)}", ""]
    if article.title:
        lines += [f"*{_md(article.title)}*", ""]
    lines += [f"Source: `{article.source_path}` · {' · '.join(_md(f) for f in facts)}", "",
              "## Summary", ""]
    lines += [f"{i}. {_md(s.text)} {_cite_links(s.citations)}" for i, s in enumerate(article.summary, 1)]
    if not article.summary:
        lines.append("*No sentence could be summarized.*")
    if article.unsupported:
        lines += ["", "### Left out: not supported by the cited paragraphs", ""]
        lines += [f"- {_md(s.text)} {_cite_links(s.citations)} ({_md(s.reason)})" for s in article.unsupported]
    lines += ["", "## Paragraphs", ""]
    for p in article.paragraphs:
        where = f"line {p.lines[0]}" if p.lines[0] == p.lines[1] else f"lines {p.lines[0]}-{p.lines[1]}"
        lines += [f'<a id="{p.id}"></a>', f"**{p.id}** · {p.kind} · {p.lang} · {where}", "",
                  f"> {_md(p.text)}", "", _md(p.en), ""]
    if article.removed:
        lines += ["## Removed by cleaning", "", "| rule | lines | text |", "| --- | --- | --- |"]
        lines += [f"| {r.rule} | {r.lines[0]}-{r.lines[1]} | {_md(r.text).replace('|', '&#124;')} |"
                  for r in article.removed]
        lines.append("")
    p = article.provenance
    lines += ["---", f"Translated by {_backend_text(p.translator)}; summarized by "
              f"{_backend_text(p.summarizer)}; pipeline {p.version}.", ""]
    return "\n".join(lines)


def _backend_text(backend: Backend) -> str:
    text = backend.backend + (f" ({backend.model})" if backend.model else "")
    return text + (f", in place of {backend.fallback_from}" if backend.fallback_from else "")


def merged_markdown(merged: MergedSummary, titles: dict[str, str]) -> str:
    lines = ["# Merged summary", "", f"{len(merged.articles)} articles:", ""]
    lines += [f"- [{a}]({a}.md) {_md(titles.get(a, ''))}".rstrip() for a in merged.articles]
    lines += ["", "## Summary", ""]
    for i, sentence in enumerate(merged.summary, 1):
        links = " ".join(f"[[{c.article}#{c.paragraph}]]({c.article}.md#{c.paragraph})" for c in sentence.citations)
        count = len({c.article for c in sentence.citations})
        lines.append(f"{i}. {_md(sentence.text)} {links} ({count} article{'s' if count > 1 else ''})")
    if not merged.summary:
        lines.append("*No article was summarized.*")
    lines.append("")
    return "\n".join(lines)
