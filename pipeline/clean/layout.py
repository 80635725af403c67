"""Where the article lies on a scraped page: the body's run of text, the header above the headline.

The article's body is the run of the page where paragraphs of running text outweigh the rest
(the maximum-sum run, found in linear time); what is not running text before it is navigation
and after it a footer; inside it, a line too long for a heading that does not read as a sentence
is a teaser for something else (a related story, an embedded video). The site's header above the
headline goes too, and a first line that is the site's rather than the article's.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import accumulate

from pipeline.clean.edits import drop_where
from pipeline.clean.furniture import is_stamp
from pipeline.clean.prose import (
    MAX_HEADING_WORDS,
    content_words,
    is_running_text,
    is_sentence,
    lang_of,
    reads_as_text,
    words,
)
from pipeline.document import Article, Paragraph, Removal

# What a line that is not running text costs when the body's run is chosen, against a word
# of running text: its words, plus this much for being a line. Lists of related stories
# (label, headline, blurb, label, ...) then weigh less than nothing, while a subheading
# between long paragraphs costs the body little.
LINE_COST = 8
# The stamp that opens an article has most of the page's running text below it ...
OPENING_STAMP_SHARE = 0.7
# ... and the headline a few lines above it (a standfirst, a photo credit between them); a
# headline has a few words, where a section label ("International") has one or two.
HEADLINE_TO_STAMP = 3
MIN_HEADLINE_WORDS = 4


def drop_page_header(article: Article) -> Article:
    """The site's header above the article's headline: teasers for other stories, some of which
    read as sentences ("Vente : ne laissez pas l'acheteur seul au volant !") and so outlast the
    body-run rule. The article starts where its title stands again (a page's <h1> under its
    <title>), else at the headline a few lines above its publication stamp, which then becomes
    the title; either way, only when most of the page's running text lies below."""
    lang = lang_of(article)
    paragraphs = article.paragraphs
    running = [len(words(p.text)) if is_running_text(p, lang) else 0 for p in paragraphs]
    total = sum(running)
    above = [0, *accumulate(running)]  # running text before each paragraph

    def opens_article(index: int) -> bool:
        return total - above[index] >= OPENING_STAMP_SHARE * total > 0

    repeat = next((r for r in article.removed if r.rule == "repeated_title"), None)
    if repeat is not None:
        start = next((i for i, p in enumerate(paragraphs) if p.lines[0] > repeat.lines[1]), None)
        if start is None or not opens_article(start):
            return article
        return drop_where(article, lambda index, _: "page_header" if index < start else None)
    stamps = [index for index, p in enumerate(paragraphs) if is_stamp(p.text) and opens_article(index + 1)]
    if not stamps:
        return article
    stamp = stamps[-1]
    headline = next((index for index in range(stamp - 1, max(stamp - 1 - HEADLINE_TO_STAMP, -1), -1)
                     if _is_headline(paragraphs[index], lang)), None)
    if headline is None or not any(p.kind in ("body", "heading") for p in paragraphs[:headline]):
        return article
    removed = list(article.removed) + [Removal("page_header", p.lines, p.text) for p in paragraphs[:headline]
                                        if p.kind in ("title", "body", "heading")]
    kept = [p for p in paragraphs[:headline] if p.kind not in ("title", "body", "heading")]
    title = replace(paragraphs[headline], kind="title")
    return replace(article, paragraphs=(*kept, title, *paragraphs[headline + 1:]), removed=tuple(removed),
                   title=title.text)


def _is_headline(paragraph: Paragraph, lang: str) -> bool:
    """A headline: a line of a few words that does not read as running text, and no stamp."""
    count = len(words(paragraph.text))
    return (paragraph.kind in ("title", "heading", "body") and MIN_HEADLINE_WORDS <= count <= MAX_HEADING_WORDS
            and not is_running_text(paragraph, lang) and not is_stamp(paragraph.text))


def drop_site_title(article: Article) -> Article:
    """A first line that is the site's, not the article's ("Les sites éditoriaux", a subscription
    offer): when the title shares no content word with the body, while the headline line right
    under it, followed by the body, does, that headline is the article's title. An article's
    own title names what its text tells."""
    paragraphs = article.paragraphs
    at = next((i for i, p in enumerate(paragraphs) if p.kind == "title"), None)
    if at is None or at + 2 >= len(paragraphs):
        return article
    title, headline, lead = paragraphs[at:at + 3]
    if (headline.kind != "heading" or lead.kind not in ("body", "quote")
            or len(words(headline.text)) < MIN_HEADLINE_WORDS):
        return article
    lang = lang_of(article)
    body = set().union(*(content_words(p.text, lang) for p in paragraphs[at + 2:] if p.kind in ("body", "quote")))
    if content_words(title.text, lang) & body or not content_words(headline.text, lang) & body:
        return article
    removed = (*article.removed, Removal("site_title", title.lines, title.text))
    return replace(article, paragraphs=(*paragraphs[:at], replace(headline, kind="title"), *paragraphs[at + 2:]),
                   removed=removed, title=headline.text)


def keep_the_body(article: Article) -> Article:
    """Outside the body's run, what is not running text goes: navigation before it, footer
    after it. Inside it, a line too long for a heading that does not read as a sentence is a
    teaser for something else."""
    lang = lang_of(article)
    text_like = [is_running_text(p, lang) for p in article.paragraphs]
    if not any(text_like):
        return article
    first, last = _heaviest_run([len(words(p.text)) if running else -(LINE_COST + len(words(p.text)))
                                 for p, running in zip(article.paragraphs, text_like, strict=True)])

    def judge(index: int, paragraph: Paragraph) -> str | None:
        if text_like[index]:
            return None
        if index in (first - 1, last + 1) and reads_as_text(paragraph, lang):
            return None  # prose right against the body, though without a stop: a closing line, a lead
        if is_sentence(paragraph, lang):
            return None  # a sentence of the article, wherever the body's run ends: never lost
        if index < first:
            return "navigation"
        if index > last:
            return "footer"
        return "teaser" if len(words(paragraph.text)) > MAX_HEADING_WORDS else None

    return drop_where(article, judge)


def _heaviest_run(weights: list[float]) -> tuple[int, int]:
    """First and last index of the contiguous run with the largest sum (Kadane)."""
    best, best_span = float("-inf"), (0, len(weights) - 1)
    total, start = 0.0, 0
    for index, weight in enumerate(weights):
        if total <= 0:
            total, start = weight, index
        else:
            total += weight
        if total > best:
            best, best_span = total, (start, index)
    return best_span
