"""Which pages of the report a run writes: those of what changed, and the index.

An article's page is written when the article was processed in this run or moved to another
story; a story's page when its summary was made again or its articles or title changed; a
topic's page when it was. A page whose text is what the folder already holds is not written
again, so a run with nothing new rewrites no page; the pages of articles, stories and topics
that are gone are removed (only the tool's own).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.document import Article, MergedSummary, Story, Topic, TopicPage
from pipeline.output import site
from pipeline.output.site import SITE_FOLDER, STYLESHEET, ArticleCard
from pipeline.output.store import OutputFolder

ARTICLES, STORIES, TOPICS = "articles", "stories", "topics"
SITE_INDEX = f"{SITE_FOLDER}/index.html"


def changes(stories: Iterable[Story], topics: Iterable[Topic], previous_stories: Iterable[Story],
            previous_topics: Iterable[Topic], rebuilt: Iterable[str]) -> dict[str, str]:
    """What this run changed, by story and topic id: new, grown (it took articles in) or updated
    (its summary made again)."""
    found: dict[str, str] = {}
    before = {s.id: set(s.articles) for s in previous_stories}
    for story in stories:
        found[story.id] = _change(before.get(story.id), set(story.articles), story.id in set(rebuilt))
    earlier_topics = {t.id: set(t.stories) for t in previous_topics}
    for topic in topics:
        grew = {s for s in topic.stories if found.get(s)}
        found[topic.id] = _change(earlier_topics.get(topic.id), set(topic.stories), bool(grew))
    return {k: v for k, v in found.items() if v}


def _change(before: set[str] | None, after: set[str], remade: bool) -> str:
    if before is None:
        return "new"
    if before < after:
        return "grown"
    return "updated" if remade or before != after else ""


class SiteWriter:
    def __init__(self, out: OutputFolder) -> None:
        self.out = out

    def update(self, articles: dict[str, Article], stories: tuple[Story, ...], topics: tuple[Topic, ...],
               summaries: dict[str, MergedSummary], pages: dict[str, TopicPage], fresh: set[str],
               previous_stories: tuple[Story, ...], changed: dict[str, str]) -> None:
        """Write the pages of what changed and the index; remove the pages of what is gone.
        `summaries` holds the merged summaries this run made (the others are read back when
        their page is due), `pages` the topics' pages, `fresh` the articles processed now."""
        by_story = {s.id: s for s in stories}
        by_topic = {t.id: t for t in topics}
        story_of = {a: s for s in stories for a in s.articles}
        before = {a: (s.id, s.title) for s in previous_stories for a in s.articles}
        if self._exists(SITE_INDEX) and not self.current():  # drawn by another version: all again
            fresh, previous_stories = set(articles), ()
        self.out.write({_name(STYLESHEET): site.stylesheet()}, rewrite=False)
        for article_id, article in articles.items():
            story = story_of.get(article_id)
            due = article_id in fresh or before.get(article_id) != ((story.id, story.title) if story else None)
            if due or not self._exists(_name(ARTICLES, article_id)):
                self.out.write({_name(ARTICLES, article_id): site.article_page(article, story)}, rewrite=False)
        earlier = {s.id: s for s in previous_stories}
        for story in stories:
            if len(story.articles) < 2:
                continue
            old = earlier.get(story.id)
            due = story.id in summaries or old is None or (old.articles, old.title) != (story.articles, story.title)
            if due or not self._exists(_name(STORIES, story.id)):
                merged = summaries.get(story.id) or self.out.read_story(story.id)
                if merged is not None:
                    self.out.write({_name(STORIES, story.id): site.story_page(
                        story, merged, articles, by_topic.get(story.topic), by_story)}, rewrite=False)
        for topic_id, page in pages.items():
            self.out.write({_name(TOPICS, topic_id): site.topic_page(page, by_story)}, rewrite=False)
        cards = {a: ArticleCard.of(article) for a, article in articles.items()}
        self.out.write({SITE_INDEX: site.index_page(topics, by_story, cards, changed)}, rewrite=False)
        self._remove_pages_except(ARTICLES, set(articles))
        self._remove_pages_except(STORIES, {s.id for s in stories if len(s.articles) > 1})
        self._remove_pages_except(TOPICS, {t.id for t in topics if len(t.stories) > 1})

    def current(self) -> bool:
        """Whether the site is here and drawn by this version of the code."""
        if not self._exists(SITE_INDEX):
            return False
        index = self.out.path(SITE_INDEX).read_text(encoding="utf-8", errors="replace")
        return site.page_fingerprint(index) == site.fingerprint()

    def _exists(self, name: str) -> bool:
        return self.out.owns(name) and self.out.path(name).is_file()

    def _remove_pages_except(self, kind: str, kept: set[str]) -> None:
        prefix = f"{SITE_FOLDER}/{kind}/"
        for name in [n for n in self.out.owned if n.startswith(prefix)]:
            if name[len(prefix):].removesuffix(".html") not in kept:
                self.out.remove(name)


def _name(kind: str, page: str | None = None) -> str:
    return f"{SITE_FOLDER}/{kind}" if page is None else f"{SITE_FOLDER}/{kind}/{page}.html"
