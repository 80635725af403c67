"""The output contract: every JSON output's schema name, encoder and decoder, side by side.

Everything else reads and writes outputs as typed objects through this module, so a new field
touches its dataclass (`document.py`) and its two lines here. Encoders give plain data in the
contract's shape; decoders check the schema name and version first, and every problem with a
file is a `ContractError` that names it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pipeline.document import (
    Article,
    Language,
    MergedCitation,
    MergedSentence,
    MergedSummary,
    Meta,
    Paragraph,
    Producer,
    Provenance,
    Removal,
    Story,
    SummarySentence,
    TimelineEvent,
    Topic,
    TopicPage,
    TopicStory,
)
from pipeline.errors import PipelineError

ARTICLE_SCHEMA = "pipeline.article/1"
MERGED_SCHEMA = "pipeline.merged/4"  # 4: independent sources and reprints; 3: each sentence has its date
# older versions still read, so that a run can be compared with an older one
MERGED_OLDER = ("pipeline.merged/3", "pipeline.merged/2")
TIMELINE_SCHEMA = "pipeline.timeline/1"
STORIES_SCHEMA = "pipeline.stories/2"  # 2: each story names its topic
STORIES_OLDER = ("pipeline.stories/1",)
STORY_SCHEMA = "pipeline.story/4"  # 4: its topic; 3: as merged/4
STORY_OLDER = ("pipeline.story/3", "pipeline.story/2", "pipeline.story/1")
TOPICS_SCHEMA = "pipeline.topics/1"
TOPIC_SCHEMA = "pipeline.topic/1"
_UNDATED = frozenset({"pipeline.merged/2", "pipeline.story/1"})

# Names in the output folder that belong to the batch, not to an article: no article id may
# take one of these stems.
MANIFEST_FILE = "manifest.json"
# What a run finished since the manifest was last written whole: one entry a line, appended
# after each article (so a killed run loses nothing), folded into the manifest at the end.
JOURNAL_FILE = "manifest.journal"
MERGED_STEM = "merged"
TIMELINE_STEM = "timeline"
STORIES_STEM = "stories"  # the index; each story of two articles or more is in stories/<id>.json
STORIES_FOLDER = "stories"
TOPICS_STEM = "topics"  # the index; each topic of two stories or more is in topics/<id>.json
TOPICS_FOLDER = "topics"
RESERVED_STEMS = frozenset({"manifest", MERGED_STEM, TIMELINE_STEM, STORIES_STEM, TOPICS_STEM})

T = TypeVar("T")


class ContractError(PipelineError):
    """A file is not the output it should be: unreadable, another schema, or malformed."""


def dumps(data: Any) -> str:
    """The one JSON form of every output: sorted keys, UTF-8, so diffs show real changes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def schema_of(data: Any) -> str | None:
    return data.get("schema") if isinstance(data, dict) and isinstance(data.get("schema"), str) else None


def read(path: Path, decode: Callable[[dict[str, Any], str], T]) -> T:
    """A file of the contract, decoded; any problem is a ContractError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ContractError(f"{path}: cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ContractError(f"{path}: not valid JSON ({error})") from None
    except RecursionError:
        raise ContractError(f"{path}: not an output of this tool (JSON nested too deeply to read)") from None
    return decode(data, str(path))


def expect_schema(data: Any, schemas: tuple[str, ...], where: str) -> None:
    found = schema_of(data)
    if found not in schemas:
        what = f"schema '{found}'" if found else "no schema"
        raise ContractError(f"{where}: {what}, expected '{schemas[0]}' (written by another tool or version?)")


def _decoding(schema: str, *older: str) -> Callable[[Callable[[dict[str, Any]], T]], Callable[[Any, str], T]]:
    """Wrap a decoder: check the schema first (the current one, or an `older` one it still
    reads), and turn a missing or mistyped field into a ContractError naming the file."""

    def wrap(decode: Callable[[dict[str, Any]], T]) -> Callable[[Any, str], T]:
        def checked(data: Any, where: str) -> T:
            expect_schema(data, (schema, *older), where)
            try:
                return decode(data)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise ContractError(f"{where}: malformed {schema} ({type(error).__name__}: {error})") from None

        checked.__doc__ = decode.__doc__
        return checked

    return wrap


# --- pieces shared by several outputs ------------------------------------------------------------

def _paragraph_to(p: Paragraph) -> dict[str, Any]:
    return {"id": p.id, "lines": list(p.lines), "kind": p.kind, "lang": p.lang, "text": p.text, "en": p.en}


def _paragraph_from(d: dict[str, Any]) -> Paragraph:
    return Paragraph(id=d["id"], lines=_lines(d["lines"]), text=d["text"], kind=d["kind"], lang=d["lang"],
                     en=d["en"])


def _removal_to(r: Removal) -> dict[str, Any]:
    return {"rule": r.rule, "lines": list(r.lines), "text": r.text}


def _removal_from(d: dict[str, Any]) -> Removal:
    return Removal(d["rule"], _lines(d["lines"]), d["text"])


def _lines(value: Any) -> tuple[int, int]:
    first, last = value
    return int(first), int(last)


def _sentence_to(s: SummarySentence) -> dict[str, Any]:
    out: dict[str, Any] = {"text": s.text, "citations": list(s.citations), "support": s.support}
    if s.reason:
        out["reason"] = s.reason
    return out


def _sentence_from(d: dict[str, Any]) -> SummarySentence:
    return SummarySentence(d["text"], tuple(d["citations"]), d["support"], d.get("reason"))


def _producer_to(p: Producer) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": p.backend, "model": p.model}
    if p.fallback_from:
        out["fallback_from"] = p.fallback_from
    return out


def _producer_from(d: dict[str, Any]) -> Producer:
    return Producer(d["backend"], d.get("model"), d.get("fallback_from"))


# --- <article_id>.json -----------------------------------------------------------------------------

def article_to_json(article: Article) -> dict[str, Any]:
    assert article.lang is not None and article.provenance is not None
    provenance = article.provenance
    return {
        "schema": ARTICLE_SCHEMA,
        "id": article.id,
        "source": {"path": article.source_path, "sha256": article.sha256},
        "language": {"code": article.lang.code, "confidence": article.lang.confidence},
        "title": article.title,
        "meta": {"date": article.meta.date, "outlet": article.meta.outlet, "credit": article.meta.credit},
        "paragraphs": [_paragraph_to(p) for p in article.paragraphs],
        "removed": [_removal_to(r) for r in article.removed],
        "summary": [_sentence_to(s) for s in article.summary],
        "unsupported": [_sentence_to(s) for s in article.unsupported],
        "provenance": {
            "translator": _producer_to(provenance.translator),
            "summarizer": _producer_to(provenance.summarizer),
            "config_sha256": provenance.config_sha256,
            "version": provenance.version,
        },
    }


@_decoding(ARTICLE_SCHEMA)
def article_from_json(data: dict[str, Any]) -> Article:
    provenance = data["provenance"]
    return Article(
        id=data["id"],
        source_path=data["source"]["path"],
        sha256=data["source"]["sha256"],
        lang=Language(**data["language"]),
        title=data["title"],
        meta=Meta(**data["meta"]),
        paragraphs=tuple(_paragraph_from(p) for p in data["paragraphs"]),
        removed=tuple(_removal_from(r) for r in data["removed"]),
        summary=tuple(_sentence_from(s) for s in data["summary"]),
        unsupported=tuple(_sentence_from(s) for s in data["unsupported"]),
        provenance=Provenance(
            translator=_producer_from(provenance["translator"]),
            summarizer=_producer_from(provenance["summarizer"]),
            config_sha256=provenance["config_sha256"],
            version=provenance["version"],
        ),
    )


# --- merged.json -----------------------------------------------------------------------------------

def merged_to_json(merged: MergedSummary) -> dict[str, Any]:
    return {"schema": MERGED_SCHEMA, "articles": list(merged.articles), "summary": _summary_to(merged.summary),
            "reprints": dict(merged.reprints)}


@_decoding(MERGED_SCHEMA, *MERGED_OLDER)
def merged_from_json(data: dict[str, Any]) -> MergedSummary:
    return MergedSummary(articles=tuple(data["articles"]), summary=_summary_from(data["summary"], data["schema"]),
                         reprints=dict(data.get("reprints", {})))


# --- timeline.json ---------------------------------------------------------------------------------

def timeline_to_json(merged: MergedSummary) -> dict[str, Any]:
    return {"schema": TIMELINE_SCHEMA, "articles": list(merged.articles), "events": _events_to(merged.timeline)}


@_decoding(TIMELINE_SCHEMA)
def timeline_from_json(data: dict[str, Any]) -> tuple[TimelineEvent, ...]:
    return _events_from(data["events"])


# --- stories.json and stories/<id>.json -------------------------------------------------------------

def stories_to_json(stories: Sequence[Story], key: str) -> dict[str, Any]:
    """The index, largest story first; `key` names what the grouping was made from."""
    return {"schema": STORIES_SCHEMA, "key": key, "stories": [_story_to(s) for s in stories]}


@_decoding(STORIES_SCHEMA, *STORIES_OLDER)
def stories_from_json(data: dict[str, Any]) -> tuple[str, tuple[Story, ...]]:
    return data["key"], tuple(_story_from(s) for s in data["stories"])


def story_to_json(story: Story, merged: MergedSummary) -> dict[str, Any]:
    """A story of two articles or more: what the index says of it, its merged summary and its
    timeline, in the shapes of merged.json and timeline.json."""
    return {**_story_to(story), "schema": STORY_SCHEMA, "summary": _summary_to(merged.summary),
            "timeline": _events_to(merged.timeline), "reprints": dict(merged.reprints)}


@_decoding(STORY_SCHEMA, *STORY_OLDER)
def story_from_json(data: dict[str, Any]) -> tuple[Story, MergedSummary]:
    merged = MergedSummary(articles=tuple(data["articles"]), summary=_summary_from(data["summary"], data["schema"]),
                           timeline=_events_from(data["timeline"]), reprints=dict(data.get("reprints", {})))
    return _story_from(data), merged


def _summary_to(summary: tuple[MergedSentence, ...]) -> list[dict[str, Any]]:
    return [{"text": s.text, "support": s.support, "citations": _citations_to_json(s.citations),
             "disputed": bool(s.disputed_by), "disputed_by": _citations_to_json(s.disputed_by), "date": s.date,
             "sources": s.sources}
            for s in summary]


def _summary_from(data: list[dict[str, Any]], schema: str) -> tuple[MergedSentence, ...]:
    """The sentences; those of older versions have no date (the undated ones) or no count of
    sources."""
    return tuple(MergedSentence(s["text"], _citations_from_json(s["citations"]), s["support"],
                                _citations_from_json(s["disputed_by"]), None if schema in _UNDATED else s["date"],
                                s.get("sources")) for s in data)


def _events_to(events: tuple[TimelineEvent, ...]) -> list[dict[str, Any]]:
    return [{"date": e.date, "said": e.said, "text": e.text, "citations": _citations_to_json(e.citations)}
            for e in events]


def _events_from(data: list[dict[str, Any]]) -> tuple[TimelineEvent, ...]:
    return tuple(TimelineEvent(e["said"], e["date"], e["text"], _citations_from_json(e["citations"])) for e in data)


def _story_to(story: Story) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "articles": list(story.articles), "size": len(story.articles),
            "dates": list(story.dates), "outlets": list(story.outlets), "key": story.key, "topic": story.topic}


def _story_from(data: dict[str, Any]) -> Story:
    return Story(data["id"], tuple(data["articles"]), data["title"], tuple(data["dates"]), tuple(data["outlets"]),
                 data["key"], data.get("topic", ""))


# --- topics.json and topics/<id>.json -----------------------------------------------------------------

def topics_to_json(topics: Sequence[Topic]) -> dict[str, Any]:
    """The index, largest topic first."""
    return {"schema": TOPICS_SCHEMA, "topics": [_topic_to(t) for t in topics]}


@_decoding(TOPICS_SCHEMA)
def topics_from_json(data: dict[str, Any]) -> tuple[Topic, ...]:
    return tuple(_topic_from(t) for t in data["topics"])


def topic_to_json(page: TopicPage) -> dict[str, Any]:
    """A topic of two stories or more: its index entry, its stories in time order (each with
    the sentence it opens with) and its timeline."""
    return {**_topic_to(page.topic), "schema": TOPIC_SCHEMA, "timeline": _events_to(page.timeline),
            "story_leads": [{"id": s.id, "title": s.title, "dates": list(s.dates), "articles": list(s.articles),
                             "lead": _summary_to((s.lead,))[0] if s.lead else None} for s in page.stories]}


@_decoding(TOPIC_SCHEMA)
def topic_from_json(data: dict[str, Any]) -> TopicPage:
    stories = tuple(TopicStory(s["id"], s["title"], tuple(s["dates"]), tuple(s["articles"]),
                               _summary_from([s["lead"]], MERGED_SCHEMA)[0] if s["lead"] else None)
                    for s in data["story_leads"])
    return TopicPage(_topic_from(data), stories, _events_from(data["timeline"]))


def _topic_to(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "stories": list(topic.stories), "dates": list(topic.dates),
            "outlets": list(topic.outlets), "articles": topic.articles}


def _topic_from(data: dict[str, Any]) -> Topic:
    return Topic(data["id"], tuple(data["stories"]), data["title"], tuple(data["dates"]), tuple(data["outlets"]),
                 data["articles"])


def _citations_to_json(citations: tuple[MergedCitation, ...]) -> list[dict[str, str]]:
    return [{"article": c.article, "paragraph": c.paragraph} for c in citations]


def _citations_from_json(data: list[dict[str, str]]) -> tuple[MergedCitation, ...]:
    return tuple(MergedCitation(c["article"], c["paragraph"]) for c in data)


# --- `pipeline clean --format json` -----------------------------------------------------------------

def cleaned_to_json(article: Article) -> dict[str, Any]:
    """What cleaning made of an input, before translation: the paragraphs and the removal log."""
    return {
        "title": article.title,
        "meta": {"date": article.meta.date, "outlet": article.meta.outlet, "credit": article.meta.credit},
        "paragraphs": [{k: v for k, v in _paragraph_to(p).items() if k not in ("lang", "en")}
                       for p in article.paragraphs],
        "removed": [_removal_to(r) for r in article.removed],
    }
