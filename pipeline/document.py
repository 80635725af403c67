"""The typed, frozen data that flows through every stage.

Stages never mutate: they return new values with `dataclasses.replace`. Paragraph ids are given
once at ingest and never change, so a citation always points at the same source lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["body", "heading", "title", "caption", "quote", "credit"]

# Kinds whose sentences may be summarized: the others label or attribute the article.
SUMMARIZABLE_KINDS: frozenset[str] = frozenset({"body", "quote"})


@dataclass(frozen=True)
class Paragraph:
    id: str
    lines: tuple[int, int]
    text: str
    kind: Kind = "body"
    lang: str | None = None
    en: str | None = None


@dataclass(frozen=True)
class Removal:
    """One piece of text that a cleaning rule removed or rewrote."""

    rule: str
    lines: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Language:
    code: str
    confidence: float


@dataclass(frozen=True)
class Meta:
    date: str | None = None
    outlet: str | None = None
    credit: str | None = None

    def with_credit(self, credit: str) -> Meta:
        joined = credit if not self.credit else f"{self.credit}; {credit}"
        return replace(self, credit=joined)


@dataclass(frozen=True)
class Producer:
    """Which backend and model produced a stage's output, for provenance."""

    backend: str
    model: str | None = None
    fallback_from: str | None = None


@dataclass(frozen=True)
class Provenance:
    translator: Producer
    summarizer: Producer
    config_sha256: str
    version: str


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[str, ...]
    support: float
    reason: str | None = None  # set on sentences the faithfulness guard rejected


@dataclass(frozen=True)
class Article:
    id: str
    source_path: str
    sha256: str
    paragraphs: tuple[Paragraph, ...]
    lang: Language | None = None
    title: str | None = None
    meta: Meta = field(default_factory=Meta)
    removed: tuple[Removal, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    unsupported: tuple[SummarySentence, ...] = ()
    notes: tuple[str, ...] = ()  # things worth telling the user about an article that is ok
    provenance: Provenance | None = None

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def with_note(self, note: str) -> Article:
        return replace(self, notes=(*self.notes, note))

    @property
    def english_title(self) -> str:
        """The title's translation where there is one, else the source title, else ''."""
        title = next((p for p in self.paragraphs if p.kind == "title"), None)
        return (title.en if title and title.en else self.title) or ""


@dataclass(frozen=True)
class MergedCitation:
    article: str
    paragraph: str


@dataclass(frozen=True)
class MergedSentence:
    text: str
    citations: tuple[MergedCitation, ...]
    support: float
    # paragraphs of other articles that deny or contradict it; empty when none does
    disputed_by: tuple[MergedCitation, ...] = ()
    date: str | None = None  # ISO, of the date it gives, as the timeline resolves it ("2024-06")
    # independent sources among the cited articles: a reprint, or a sentence that copies the
    # claim's words, is not one; None where an older output did not say
    sources: int | None = None


@dataclass(frozen=True)
class TimelineEvent:
    said: str  # the date as the first article gives it: "18 June 2024", "in September 2023"
    date: str  # ISO, as precise as that: "2024-06-18", "2023-09"
    text: str  # the sentence that dates it
    citations: tuple[MergedCitation, ...]  # every article that dates it


@dataclass(frozen=True)
class MergedSummary:
    articles: tuple[str, ...]
    summary: tuple[MergedSentence, ...]
    timeline: tuple[TimelineEvent, ...] = ()
    reprints: dict[str, str] = field(default_factory=dict)  # article -> the article whose text it reprints


@dataclass(frozen=True)
class Story:
    """One story of a batch: the articles that report one event or period of a topic."""

    id: str
    articles: tuple[str, ...]
    title: str = ""  # the English title of its first article
    dates: tuple[str, ...] = ()  # its articles' dates, first and last, where known
    outlets: tuple[str, ...] = ()
    key: str = ""  # what its merged summary was made from (empty for a story of one article)
    topic: str = ""  # the id of the topic it belongs to


@dataclass(frozen=True)
class Topic:
    """What a run of news is about: one or more stories, in time order."""

    id: str
    stories: tuple[str, ...]
    title: str = ""  # the title of its largest story
    dates: tuple[str, ...] = ()  # first and last of its stories' dates, where known
    outlets: tuple[str, ...] = ()
    articles: int = 0  # how many articles its stories hold


@dataclass(frozen=True)
class TopicStory:
    """A story as its topic's page shows it: what it is, and what it opens with."""

    id: str
    title: str
    dates: tuple[str, ...]
    articles: tuple[str, ...]
    lead: MergedSentence | None  # the first sentence of its merged summary, or of its article's


@dataclass(frozen=True)
class TopicPage:
    """A topic of two stories or more: its stories in time order, and its timeline."""

    topic: Topic
    stories: tuple[TopicStory, ...]
    timeline: tuple[TimelineEvent, ...] = ()


Status = Literal["ok", "skipped", "failed", "removed"]
STATUSES: tuple[Status, ...] = ("ok", "skipped", "failed", "removed")


@dataclass(frozen=True)
class Outcome:
    """What became of one input file in a run, as the manifest records it."""

    name: str  # its path inside the corpus folder: what identifies it from run to run
    source_path: str  # its path as the user knows it (relative to the working folder when inside it)
    article_id: str | None
    sha256: str | None
    status: Status
    reason: str = ""
    lang: str | None = None
    models: dict[str, str] = field(default_factory=dict)  # stage -> fingerprint of what ran
    config_sha256: str | None = None  # the config it was built with
    fresh: bool = True  # processed in this run, rather than kept from an earlier one


@dataclass(frozen=True)
class Manifest:
    """What an output folder holds: each input's outcome, the merged summary's key, and every
    file the tool wrote there (its name inside the folder -> the sha256 of what was written;
    None where ownership was recognised from the file itself, in a folder of an older version)."""

    inputs: tuple[Outcome, ...] = ()
    merged_sha256: str | None = None
    files: dict[str, str | None] = field(default_factory=dict)
