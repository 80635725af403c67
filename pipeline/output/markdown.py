"""Articles and merged summaries as Markdown, for people (the JSON is `contract.py`'s).

Article text is data: whatever markup it holds (links, images, HTML, emphasis, headings, bare
URLs that GitHub-flavoured Markdown would link) shows as text and never renders.
"""

from __future__ import annotations

import html
import re

from pipeline.document import Article, MergedCitation, MergedSummary, Producer, Story, Topic, TopicPage

# Characters with a meaning inside a line of CommonMark or GitHub-flavoured Markdown; a
# backslash makes each literal. (`<`, `>` and `&` become entities.)
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]|~!])")
# What GitHub-flavoured Markdown links without any markup: scheme URLs ("https://") and "www."
# (a backslash before ':' or '.' stops it), and e-mail addresses, which nothing but a character
# that cannot be in a domain stops: an invisible word joiner after the '@'.
_BARE_URL = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![\w.])(www)(\.)")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=\w)")
WORD_JOINER = "\u2060"
# A line that starts like a block (heading, list item, quote, rule, fence, table) would turn
# into one: its first character is escaped, as is the stop of a leading number ("1.", "2)").
_BLOCK_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029]\s*")


def _md(text: str | None) -> str:
    """Article text (or any text not ours) as inert Markdown: it reads the same, renders as is."""
    flat = _LINE_BREAKS.sub(" ", text or "")  # one line: a break could start a block
    escaped = html.escape(flat, quote=False)
    escaped = _INLINE_MARKUP.sub(r"\\\1", escaped)
    escaped = _BARE_URL.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped)
    escaped = _EMAIL_AT.sub("@" + WORD_JOINER, escaped)
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped)


def _cite_links(citations: tuple[str, ...], target: str = "") -> str:
    return " ".join(f"[[{c}]]({target}#{c})" for c in citations)


def article_markdown(article: Article) -> str:
    assert article.lang is not None and article.provenance is not None
    heading = article.english_title or article.id
    facts = [f"language {article.lang.code} ({article.lang.confidence:.2f})",
             *(f"{k} {v}" for k, v in (("date", article.meta.date), ("outlet", article.meta.outlet),
                                       ("credit", article.meta.credit)) if v)]
    lines = [f"# {_md(heading)}", ""]
    if article.title:
        lines += [f"*{_md(article.title)}*", ""]
    lines += [f"Source: {_md(article.source_path)} · {' · '.join(_md(f) for f in facts)}", "",
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
        lines += [f"| {r.rule} | {r.lines[0]}-{r.lines[1]} | {_md(r.text)} |"
                  for r in article.removed]
        lines.append("")
    p = article.provenance
    lines += ["---", f"Translated by {_producer_text(p.translator)}; summarized by "
              f"{_producer_text(p.summarizer)}; pipeline {p.version}.", ""]
    return "\n".join(lines)


def _producer_text(producer: Producer) -> str:
    text = producer.backend + (f" ({producer.model})" if producer.model else "")
    return text + (f", in place of {producer.fallback_from}" if producer.fallback_from else "")


def _links(citations: tuple[MergedCitation, ...], prefix: str = "") -> str:
    return " ".join(f"[[{c.article}#{c.paragraph}]]({prefix}{c.article}.md#{c.paragraph})" for c in citations)


def _count(citations: tuple[MergedCitation, ...], sources: int | None = None) -> str:
    """"(2 articles)": how many articles the citations come from; "(1 source, reprinted by 3)"
    where some of them reprint or copy another's text."""
    count = len({c.article for c in citations})
    if sources is None or sources >= count:
        return f"({count} article{'s' if count > 1 else ''})"
    return f"({sources} source{'s' if sources > 1 else ''}, reprinted by {count - sources})"


def story_markdown(story: Story, merged: MergedSummary, titles: dict[str, str]) -> str:
    """A story's page: its merged summary and timeline, headed by what the index says of it."""
    facts = [f"`{story.id}`", f"topic `{story.topic}`"] + ([" to ".join(story.dates)] if story.dates else [])
    return merged_markdown(merged, titles, heading=f"Story: {story.title or story.id}", links="../",
                           intro=_md(" · ".join([*facts, *story.outlets])))


def _story_page(story: Story, links: str = "") -> str:
    return f"{links}stories/{story.id}.md" if len(story.articles) > 1 else f"{links}{story.articles[0]}.md"


def _topic_page(topic: Topic, stories: dict[str, Story], links: str = "") -> str:
    return f"{links}topics/{topic.id}.md" if len(topic.stories) > 1 else _story_page(stories[topic.stories[0]], links)


def stories_markdown(stories: tuple[Story, ...]) -> str:
    """The index: every story, largest first, with a link to its page when it has one."""
    lines = ["# Stories", "", f"{len(stories)} stories, "
             f"{sum(len(s.articles) > 1 for s in stories)} of them told by two articles or more.", "",
             "| story | topic | articles | dates | outlets | title |", "| --- | --- | --- | --- | --- | --- |"]
    for story in stories:
        lines.append(f"| [{story.id}]({_story_page(story)}) | {story.topic} | {len(story.articles)} "
                     f"| {' to '.join(story.dates)} | {_md(', '.join(story.outlets))} | {_md(story.title)} |")
    lines.append("")
    return "\n".join(lines)


def topics_markdown(topics: tuple[Topic, ...], stories: dict[str, Story]) -> str:
    """The topics, largest first, each with its stories."""
    lines = ["# Topics", "", f"{len(topics)} topics, {sum(len(t.stories) > 1 for t in topics)} of them told in two "
             "stories or more.", "", "| topic | stories | articles | dates | outlets | title |",
             "| --- | --- | --- | --- | --- | --- |"]
    for topic in topics:
        told = ", ".join(f"[{s}]({_story_page(stories[s])})" for s in topic.stories)
        lines.append(f"| [{topic.id}]({_topic_page(topic, stories)}) | {told} | {topic.articles} "
                     f"| {' to '.join(topic.dates)} | {_md(', '.join(topic.outlets))} | {_md(topic.title)} |")
    lines.append("")
    return "\n".join(lines)


def topic_markdown(page: TopicPage) -> str:
    """A topic's page: its stories in time order, each with what it opens with, then its timeline."""
    topic = page.topic
    facts = [f"`{topic.id}`"] + ([" to ".join(topic.dates)] if topic.dates else []) + list(topic.outlets)
    lines = [f"# Topic: {_md(topic.title or topic.id)}", "", _md(" · ".join(facts)), "",
             f"{len(page.stories)} stories, {topic.articles} articles, in time order:", ""]
    for number, story in enumerate(page.stories, 1):
        link = f"../stories/{story.id}.md" if len(story.articles) > 1 else f"../{story.articles[0]}.md"
        when = f" ({' to '.join(story.dates)})" if story.dates else ""
        lines.append(f"{number}. [{_md(story.title or story.id)}]({link}){when}, {len(story.articles)} "
                     f"article{'s' if len(story.articles) > 1 else ''}")
        if story.lead:
            lines.append(f"   {_md(story.lead.text)} {_links(story.lead.citations, '../')}")
    if page.timeline:
        lines += ["", "## Timeline", ""]
        for event in page.timeline:
            lines.append(f"- **{_md(event.said)}** ({event.date}): {_md(event.text)} "
                         f"{_links(event.citations, '../')} {_count(event.citations)}")
    lines.append("")
    return "\n".join(lines)


def merged_markdown(merged: MergedSummary, titles: dict[str, str], heading: str = "Merged summary",
                    links: str = "", intro: str = "") -> str:
    """The merged summary and its timeline; `links` is the way from this page to the articles'
    pages, `intro` a line under the heading."""
    lines = [f"# {_md(heading)}", "", *([intro, ""] if intro else []), f"{len(merged.articles)} articles:", ""]
    for a in merged.articles:
        source = merged.reprints.get(a)
        reprints = f" (reprints [{source}]({links}{source}.md))" if source else ""
        lines.append(f"- [{a}]({links}{a}.md) {_md(titles.get(a, ''))}".rstrip() + reprints)
    lines += ["", "## Summary", ""]
    for i, sentence in enumerate(merged.summary, 1):
        when = f"*({sentence.date})* " if sentence.date else ""
        line = (f"{i}. {when}{_md(sentence.text)} {_links(sentence.citations, links)} "
                f"{_count(sentence.citations, sentence.sources)}")
        if sentence.disputed_by:
            line += f" **Disputed** by {_links(sentence.disputed_by, links)}"
        lines.append(line)
    if not merged.summary:
        lines.append("*No article was summarized.*")
    if merged.timeline:
        lines += ["", "## Timeline", ""]
        for event in merged.timeline:
            lines.append(f"- **{_md(event.said)}** ({event.date}): {_md(event.text)} "
                         f"{_links(event.citations, links)} {_count(event.citations)}")
    lines.append("")
    return "\n".join(lines)
