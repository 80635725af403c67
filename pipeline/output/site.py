"""The analyst's report: an offline HTML site of the batch, from templates with autoescape.

`site/index.html` lists the topics and their stories; `site/topics/<id>.html` shows a topic's
stories in time order and its timeline drawn as SVG; `site/stories/<id>.html` a story's merged
summary, with each sentence's citations, sources and disputes side by side, its timeline and its
articles; `site/articles/<id>.html` an article's summary, each paragraph as source and English
side by side, and its cleaning log. A citation links to the cited paragraph, which CSS's
`:target` highlights. Links are relative, the one stylesheet is `site/style.css`, and each page's
content security policy allows no script and nothing from elsewhere: the site opens from disk.

Every text that comes from an article is escaped by Jinja2's autoescape: markup in an article
shows as text. The diff page (`pipeline diff --format html`) is made from the same templates
and stylesheet, the stylesheet inlined (and allowed by its hash) so that the page is one file.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from pipeline import __version__
from pipeline.batch.analysis import publication_day
from pipeline.document import (
    Article,
    MergedCitation,
    MergedSentence,
    MergedSummary,
    Story,
    TimelineEvent,
    Topic,
    TopicPage,
)

SITE_FOLDER = "site"
STYLESHEET = "style.css"
# What a page may load: its stylesheet, from the site itself; no script, no frame, no form.
SITE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
# The timeline's drawing, in SVG user units (it scales to the page's width).
CHART_WIDTH, CHART_LEFT, CHART_RIGHT, CHART_ROW, CHART_TOP = 800, 30, 700, 18, 14
# Dates drawn per timeline: past this many, the earliest and the latest stay.
MAX_CHART_DATES = 60
# Lanes of labels, and the room a label takes (11-pixel text): past the last lane, a dot alone,
# in a row under the lanes.
MAX_LANES, CHAR_WIDTH, LABEL_GAP = 6, 7.0, 16
# Marks on the time axis: enough to read a date off it, few enough that their labels never meet.
MAX_TICKS = 6
# Events this long before the first article or after the last are background, listed, not drawn.
BACKGROUND_DAYS = 90


@dataclass(frozen=True)
class ArticleCard:
    """What the site says of an article where another page lists it."""

    id: str
    title: str
    outlet: str | None
    date: str | None
    language: str

    @classmethod
    def of(cls, article: Article) -> ArticleCard:
        return cls(article.id, article.english_title or article.title or article.id, article.meta.outlet,
                   article.meta.date, article.lang.code if article.lang else "?")


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=PackageLoader("pipeline.output", "templates"),
                              autoescape=select_autoescape(["html"], default=True), undefined=StrictUndefined,
                              trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    environment.globals.update(count=_count, version=__version__, made_by=fingerprint())
    return environment


@cache
def fingerprint() -> str:
    """The code and templates that draw the pages: each page carries it (`page_fingerprint`), and
    pages drawn by other code are drawn again."""
    folder = files("pipeline.output")
    digest = hashlib.sha256(folder.joinpath("site.py").read_bytes())
    for name in sorted(entry.name for entry in folder.joinpath("templates").iterdir()):
        digest.update(name.encode() + folder.joinpath("templates", name).read_bytes())
    return digest.hexdigest()[:16]


_MADE_BY = re.compile(r'<meta name="generator" content="pipeline [^";]*; site ([0-9a-f]+)">')


def page_fingerprint(page: str) -> str | None:
    """The `fingerprint` of the code that drew `page`, from its head."""
    found = _MADE_BY.search(page[:2000])
    return found.group(1) if found else None


def stylesheet() -> str:
    return files("pipeline.output").joinpath("templates", STYLESHEET).read_text(encoding="utf-8")


def inline_policy() -> str:
    """The policy of a one-file page: its inlined stylesheet, by hash, and nothing else."""
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode()).digest()).decode()
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def render(template: str, **values: Any) -> str:
    """A page of the site (`root` is the way up to the site's folder), or a one-file page
    (`inline_style` set)."""
    values.setdefault("csp", SITE_POLICY)
    values.setdefault("inline_style", "")
    return _environment().get_template(template).render(**values)


def index_page(topics: Sequence[Topic], stories: dict[str, Story], cards: dict[str, ArticleCard],
               changes: dict[str, str]) -> str:
    """The index: topics, largest and most recent first, each with its stories and what this run
    changed in them (`changes`: story or topic id -> new, grown or updated)."""
    ordered = sorted(topics, key=lambda t: (-t.articles, [-ord(c) for c in (t.dates[-1:] or ("",))[0]], t.id))
    shown = []
    for topic in ordered:
        members = [stories[s] for s in topic.stories if s in stories]
        languages = sorted({cards[a].language for s in members for a in s.articles if a in cards})
        shown.append({
            "id": topic.id, "title": topic.title, "href": _topic_href(topic, stories, ""),
            "change": changes.get(topic.id, ""), "dates": " to ".join(topic.dates), "articles": topic.articles,
            "outlets": ", ".join(topic.outlets), "languages": ", ".join(languages),
            "stories": [{"id": s.id, "title": s.title, "href": _story_href(s, ""), "change": changes.get(s.id, ""),
                         "dates": " to ".join(s.dates), "articles": len(s.articles)} for s in members]})
    languages = sorted({c.language for c in cards.values()})
    return render("index.html", title="News report", root="", topics=shown, stories_count=len(stories),
                  articles_count=len(cards), languages=["languages " + ", ".join(languages)] if languages else [])


def topic_page(page: TopicPage, stories: dict[str, Story]) -> str:
    topic = page.topic
    shown = [{"id": s.id, "title": s.title, "href": _story_href(stories[s.id], "../") if s.id in stories else "#",
              "dates": " to ".join(s.dates), "articles": len(s.articles), "lead": s.lead} for s in page.stories]
    story_of = {a: stories[s.id] for s in page.stories if s.id in stories for a in s.articles}

    def telling(event: TimelineEvent) -> Story | None:
        return next((story_of[c.article] for c in event.citations if c.article in story_of), None)

    return render("topic.html", title=topic.title or topic.id, root="../", topic=topic, stories=shown,
                  dates=" to ".join(topic.dates), outlets=", ".join(topic.outlets),
                  chart=timeline(page.timeline, topic.dates, telling))


def story_page(story: Story, merged: MergedSummary, articles: dict[str, Article], topic: Topic | None,
               stories: dict[str, Story]) -> str:
    """A story of two articles or more: its merged summary, its timeline, its articles."""
    sentences = [_sentence(s, articles) for s in merged.summary]
    cards = [ArticleCard.of(articles[a]) for a in story.articles if a in articles]
    listed = [{"id": c.id, "title": c.title, "facts": " · ".join(filter(None, [c.outlet, c.date, c.language])),
               "reprints": merged.reprints.get(c.id)} for c in cards]
    topic_href = f"../topics/{topic.id}.html" if topic and len(topic.stories) > 1 else ""
    return render("story.html", title=story.title or story.id, root="../", story=story, sentences=sentences,
                  dates=" to ".join(story.dates), outlets=", ".join(story.outlets), articles=listed,
                  topic_id=story.topic, topic_href=topic_href, topic_title=topic.title if topic else "",
                  chart=timeline(merged.timeline, story.dates))


def article_page(article: Article, story: Story | None) -> str:
    story_href = f"../stories/{story.id}.html" if story and len(story.articles) > 1 else ""
    return render("article.html", title=article.english_title or article.title or article.id, root="../",
                  article=article, language=article.lang.code if article.lang else "und",
                  story_href=story_href, story_title=story.title if story else "",
                  topic_id=story.topic if story else "")


def _sentence(sentence: MergedSentence, articles: dict[str, Article]) -> dict[str, Any]:
    """A merged sentence as its story's page shows it: with how many sources back it, and the
    paragraphs on each side of a dispute."""
    cited = len({c.article for c in sentence.citations})
    sources = cited if sentence.sources is None else sentence.sources
    support = (f"{_count(sources, 'source')}" + (f", reprinted by {cited - sources}" if cited > sources else ""))
    return {"text": sentence.text, "date": sentence.date, "citations": sentence.citations, "support_text": support,
            "claimed": [_paragraph(c, articles) for c in sentence.citations] if sentence.disputed_by else [],
            "disputes": [_paragraph(c, articles) for c in sentence.disputed_by]}


def _paragraph(citation: MergedCitation, articles: dict[str, Article]) -> dict[str, Any]:
    article = articles.get(citation.article)
    try:
        english = article.paragraph(citation.paragraph).en if article else ""
    except KeyError:
        english = ""
    return {"citation": citation, "en": english or ""}


def _story_href(story: Story, up: str) -> str:
    return f"{up}stories/{story.id}.html" if len(story.articles) > 1 else f"{up}articles/{story.articles[0]}.html"


def _topic_href(topic: Topic, stories: dict[str, Story], up: str) -> str:
    if len(topic.stories) > 1:
        return f"{up}topics/{topic.id}.html"
    first = stories.get(topic.stories[0])
    return _story_href(first, up) if first else "#"


def timeline(events: Sequence[TimelineEvent], period: tuple[str, ...] = (),
             story_of: Callable[[TimelineEvent], Story | None] = lambda event: None) -> dict[str, Any]:
    """The timeline as a list and a picture. Events of long before the articles' `period` (first
    and last publication dates) or long after are a story's background: listed apart, not drawn.
    The picture has a dot per date on a time axis, labelled with the date and the number of
    events it dates, and linking to the story that tells the first of them (`story_of`, on a
    topic's page) or else to the events in the list; labels go in lanes, each in the first lane
    where it does not run into the one before."""
    bounds = [d for d in (publication_day(p) for p in period) if d is not None]
    listed: list[dict[str, Any]] = []
    background: list[dict[str, Any]] = []
    by_date: dict[str, list[dict[str, Any]]] = {}
    for number, event in enumerate(events, 1):
        day = publication_day(event.date)
        story = story_of(event)
        item = {"id": f"event-{number}", "event": event, "story": story.title or story.id if story else "",
                "href": _story_href(story, "../") if story else f"#event-{number}"}
        if day is not None and bounds and not min(bounds) - BACKGROUND_DAYS <= day <= max(bounds) + BACKGROUND_DAYS:
            background.append(item)
            continue
        listed.append(item)
        if day is not None:
            by_date.setdefault(event.date, []).append(item)
    return {"listed": listed, "background": background, **_drawing(by_date)}


def _drawing(by_date: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    placed = sorted((day, date) for date in by_date if (day := publication_day(date)) is not None)
    if len(placed) > MAX_CHART_DATES:
        placed = placed[:MAX_CHART_DATES // 2] + placed[-MAX_CHART_DATES // 2:]
    if not placed:
        return {"dots": []}
    first, last = placed[0][0], placed[-1][0]
    span = max(last - first, 1)

    def x_of(day: int) -> float:
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * (day - first) / span, 1)

    lanes: list[float] = []  # where each lane's last label ends
    dots = []
    for day, date in placed:
        items = by_date[date]
        x = x_of(day)
        lane = next((i for i, end in enumerate(lanes) if end < x), len(lanes))
        label = _short_date(date) + (f" ×{len(items)}" if len(items) > 1 else "") if lane < MAX_LANES else ""
        end = x + LABEL_GAP + CHAR_WIDTH * len(label)
        if lane < len(lanes):
            lanes[lane] = end
        elif lane < MAX_LANES:
            lanes.append(end)
        texts = [item["event"].text for item in items]
        title = f"{date}: " + (texts[0] if len(texts) == 1 else f"{len(texts)} events, the first: {texts[0]}")
        dots.append({"x": x, "lane": lane, "label": label, "title": title, "href": items[0]["href"]})
    rows = len(lanes) + any(dot["lane"] >= MAX_LANES for dot in dots)  # unlabelled dots: a row of their own
    for dot in dots:
        dot["y"] = CHART_TOP + CHART_ROW * min(dot.pop("lane"), MAX_LANES)
    axis = CHART_TOP + CHART_ROW * rows
    ticks = [{"x": x_of(day), "label": label} for day, label in _ticks(first, last)]
    return {"dots": dots, "ticks": ticks, "axis": axis, "height": axis + 24, "width": CHART_WIDTH,
            "left": CHART_LEFT, "right": CHART_RIGHT}


def _short_date(date: str) -> str:
    """"2011-02-15" -> "15 Feb", "2011-02" -> "Feb 2011", "2011" -> "2011"."""
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = datetime.date(int(parts[0]), int(parts[1]), 1).strftime("%b")
    return f"{int(parts[2])} {month}" if len(parts) == 3 else f"{month} {parts[0]}"


def _ticks(first: int, last: int) -> list[tuple[int, str]]:
    """Up to MAX_TICKS marks on the axis, at the first of a month or of a year, evenly spaced."""
    start, end = datetime.date.fromordinal(first), datetime.date.fromordinal(last)
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 1:
        return [(first, start.strftime("%-d %b %Y")), (last, end.strftime("%-d %b %Y"))] if last > first else \
            [(first, start.strftime("%-d %b %Y"))]
    if months > 36:
        step = -(-(end.year - start.year) // MAX_TICKS)
        years = range(start.year + 1, end.year + 1, step)
        return [(datetime.date(y, 1, 1).toordinal(), str(y)) for y in years]
    step = -(-months // MAX_TICKS)
    marks = []
    for offset in range(1, months + 1, step):
        year, month = divmod(start.month - 1 + offset, 12)
        mark = datetime.date(start.year + year, month + 1, 1)
        marks.append((mark.toordinal(), mark.strftime("%b %Y")))
    return marks


def _count(number: int, noun: str) -> str:
    from pipeline.text import with_s

    return f"{number} {noun if number == 1 else with_s(noun)}"
