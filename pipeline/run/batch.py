"""The batch's own outputs: topics and stories, each story's merged summary, each topic's page, merged.json.

Rebuilt only where their articles changed: a run with nothing new reads the last index and embeds
nothing; otherwise the batch is grouped again (`batch/stories.py`) and only the stories and
topics whose articles or their English changed are summarized and written again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pipeline import __version__
from pipeline.batch.stories import Grouping, describe, group
from pipeline.batch.timeline import dated, timeline
from pipeline.config import Config
from pipeline.document import (
    Article,
    MergedCitation,
    MergedSentence,
    MergedSummary,
    Story,
    Topic,
    TopicPage,
    TopicStory,
)
from pipeline.output import contract
from pipeline.output.store import OutputFolder
from pipeline.run.site import SiteWriter, changes
from pipeline.run.stages import Pipeline


@dataclass(frozen=True)
class Batch:
    stories: tuple[Story, ...]  # largest first
    topics: tuple[Topic, ...]  # largest first
    rebuilt: dict[str, MergedSummary]  # the story summaries this run wrote, by story id
    merged: MergedSummary | None  # merged.json as this run wrote it; None when it was current
    largest: tuple[str, ...]  # the articles of merged.json: the largest story's
    merged_key: str | None


class BatchOutputs:
    def __init__(self, out: OutputFolder, pipeline: Pipeline, config: Config, force: bool,
                 merged_key: str | None) -> None:
        self.out, self.pipeline, self.config, self.force = out, pipeline, config, force
        self.merged_key = merged_key

    def update(self, articles: list[Article], fresh: set[str]) -> Batch:
        """Group the articles, write what changed (`fresh`: the articles processed in this run),
        and say what the batch now holds."""
        by_id = {a.id: a for a in articles}
        stories, topics, rebuilt = self._grouped(articles, fresh)
        largest = [by_id[i] for i in stories[0].articles] if stories else []
        merged = self._merge(largest, rebuilt.get(stories[0].id) if stories else None)
        return Batch(stories, topics, rebuilt, merged, tuple(a.id for a in largest), self.merged_key)

    def _grouped(self, articles: list[Article], fresh: set[str]
                 ) -> tuple[tuple[Story, ...], tuple[Topic, ...], dict[str, MergedSummary]]:
        # the articles' English, not only their sources: a new translator changes the stories
        key = _key([__version__, self.config.sha256, self.pipeline.embedder.fingerprint,
                    [(a.id, a.sha256, _key(_english(a))) for a in articles]])
        old_key, previous = self.out.read_stories()  # even with force: stories and topics keep their ids
        previous_topics = self.out.read_topics()
        if (not self.force and key == old_key and previous_topics and SiteWriter(self.out).current()
                and all(self.out.has_story(s.id) for s in previous if len(s.articles) > 1)
                and all(self.out.has_topic(t.id) for t in previous_topics if len(t.stories) > 1)):
            return previous, previous_topics, {}
        grouping = group(articles, self.pipeline.embedder, {s.id: s.articles for s in previous},
                         {t.id: [a for s in previous if s.topic == t.id for a in s.articles] for t in previous_topics})
        grouping = self._own_names(grouping, {s.id for s in previous}, {t.id for t in previous_topics})
        by_id = {a.id: a for a in articles}
        stories, rebuilt, leads = self._stories(grouping, by_id, previous)
        topics, pages = self._topics(grouping, stories, leads, by_id)
        self.out.remove_stories_except({s.id for s in stories if len(s.articles) > 1})
        self.out.remove_topics_except({t.id for t in topics if len(t.stories) > 1})
        self.out.write_stories(stories, key)
        self.out.write_topics(topics, stories)
        # with force, all is made anew: the site says so, as a first run's would
        before, topics_before = ((), ()) if self.force else (previous, previous_topics)
        SiteWriter(self.out).update(by_id, stories, topics, rebuilt, pages, set() if self.force else fresh, before,
                                    changes(stories, topics, before, topics_before, rebuilt))
        return stories, topics, rebuilt

    def _stories(self, grouping: Grouping, by_id: dict[str, Article], previous: tuple[Story, ...]
                 ) -> tuple[tuple[Story, ...], dict[str, MergedSummary], dict[str, MergedSentence | None]]:
        """Each story described, and its merged summary written where its articles changed;
        with the sentence each story opens with, for its topic's page."""
        earlier = {} if self.force else {s.id: s for s in previous}
        stories, rebuilt, leads = [], {}, {}
        for story in grouping.stories:
            members = [by_id[i] for i in story.articles]
            story_key = _key(self._summary_inputs(members)) if len(members) > 1 else ""
            described = describe(story, members, story_key)
            stories.append(described)
            if len(members) < 2:
                leads[story.id] = _article_lead(members[0])
                continue
            before = earlier.get(story.id)
            summary = None
            if before is not None and before.key == story_key and self.out.has_story(story.id):
                summary = self.out.read_story(story.id)
            if summary is None:
                summary = rebuilt[story.id] = self.pipeline.merge(members)
                self.out.write_story(described, summary, {a.id: a.english_title for a in members})
            leads[story.id] = summary.summary[0] if summary.summary else None
        return tuple(stories), rebuilt, leads

    def _topics(self, grouping: Grouping, stories: tuple[Story, ...], leads: dict[str, MergedSentence | None],
                by_id: dict[str, Article]) -> tuple[tuple[Topic, ...], dict[str, TopicPage]]:
        """Each topic described, and the page of each topic of two stories or more written."""
        story_of = {s.id: s for s in stories}
        topics, pages = [], {}
        for topic in grouping.topics:
            members = [story_of[s] for s in topic.stories]
            described = _describe_topic(topic, members)
            topics.append(described)
            if len(members) < 2:
                continue
            ordered = sorted(members, key=lambda s: (s.dates[:1] or ("~",), s.id))
            articles = [by_id[a] for s in ordered for a in s.articles]
            page = TopicPage(replace(described, stories=tuple(s.id for s in ordered)),
                             tuple(TopicStory(s.id, s.title, s.dates, s.articles, leads.get(s.id)) for s in ordered),
                             timeline(dated(articles), self.pipeline.embedder))
            pages[topic.id] = page
            self.out.write_topic(page)
        return tuple(sorted(topics, key=lambda t: (-t.articles, t.id))), pages

    def _own_names(self, grouping: Grouping, kept_stories: set[str], kept_topics: set[str]) -> Grouping:
        """New stories and topics renamed where a file the tool did not write holds their page's name."""
        stories = _free_names([s.id for s in grouping.stories], kept_stories, self.out.story_name_taken)
        topics = _free_names([t.id for t in grouping.topics], kept_topics, self.out.topic_name_taken)
        return Grouping([replace(t, id=topics[t.id], stories=tuple(stories[s] for s in t.stories))
                         for t in grouping.topics],
                        [replace(s, id=stories[s.id], topic=topics[s.topic]) for s in grouping.stories])

    def _summary_inputs(self, articles: list[Article]) -> list[Any]:
        """What a merged summary is made from: the code that merges, the formats it is written
        in, its settings and its articles' English."""
        return [__version__, contract.MERGED_SCHEMA, contract.STORY_SCHEMA, contract.TIMELINE_SCHEMA,
                self.config.merge.sentences, self.pipeline.embedder.fingerprint,
                [(a.id, _english(a)) for a in articles]]

    def _merge(self, articles: list[Article], ready: MergedSummary | None) -> MergedSummary | None:
        """merged.json: the summary of these articles (the largest story's), unless it is still
        current; `ready` is that summary when this run already made it for the story's page."""
        key = _key(self._summary_inputs(articles))
        if key == self.merged_key and self.out.has_merged():
            return None
        merged = ready or self.pipeline.merge(articles)
        self.out.write_merged(merged, {a.id: a.english_title for a in articles})
        self.merged_key = key
        return merged


def _describe_topic(topic: Topic, stories: list[Story]) -> Topic:
    """The topic with what its index says of it: its largest story's title, its dates, outlets
    and size."""
    dates = sorted(d for s in stories for d in s.dates)
    outlets = sorted({o for s in stories for o in s.outlets})
    largest = max(stories, key=lambda s: (len(s.articles), [-ord(c) for c in s.id]))
    return replace(topic, title=largest.title, dates=tuple(dict.fromkeys([*dates[:1], *dates[-1:]])),
                   outlets=tuple(outlets), articles=sum(len(s.articles) for s in stories))


def _article_lead(article: Article) -> MergedSentence | None:
    """What a story of one article opens with: its summary's first sentence."""
    if not article.summary:
        return None
    first = article.summary[0]
    return MergedSentence(first.text, tuple(MergedCitation(article.id, p) for p in first.citations), first.support,
                          sources=1)


def _free_names(names: list[str], kept: set[str], taken: Callable[[str], bool]) -> dict[str, str]:
    """Each name, or for a new one whose page's name a user's file holds, the name with '-' after it."""
    used, free = set(names), {}
    for name in names:
        new = name
        if name not in kept and taken(name):
            while new in used or taken(new):
                new += "-"
            used.add(new)
        free[name] = new
    return free


def _english(article: Article) -> list[Any]:
    return [(p.id, p.kind, p.en) for p in article.paragraphs]


def _key(inputs: Any) -> str:
    return hashlib.sha256(json.dumps(inputs).encode()).hexdigest()
