"""Scraping artifacts out, structure in: an ordered table of small named rules.

Each rule takes an article and returns a new one. A rule that removes or rewrites text logs what
it took, with its name and the source lines, in `Article.removed`: nothing disappears silently.
Rules that recognise structure (title, headings, captions, quotes, credits) set a paragraph's
`kind` and keep its text. Each rule is written for a family of artifact, not for one file, and
none drops a sentence of the article (`prose.is_sentence`).

A new rule is a function in the module of its family and a row of `RULES`, with its test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.clean import artifacts, furniture, layout, structure
from pipeline.document import SUMMARIZABLE_KINDS, Article
from pipeline.errors import SkipArticle


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[Article], Article]


# In order: markup first so later rules see text; glued prefixes before the title is chosen; the
# title before its repeat; captions before headings, both short lines; the page's furniture last,
# what lies outside the body's run of text after all the rest.
RULES: tuple[Rule, ...] = (
    Rule("html_markup", artifacts.strip_html),  # tags, scripts, styles, comments, entities
    Rule("stray_tag", artifacts.drop_stray_tags),  # "fr-02" alone on a line
    Rule("metadata_prefix", artifacts.cut_metadata_prefix),  # " date 2024-06 " before the first sentence
    Rule("outlet_tag", artifacts.cut_outlet_tag),  # "(Baonghean.vn) - " before the first sentence
    Rule("merged_fragment", artifacts.cut_merged_fragment),  # "Lundi,Avant": a dropped line's first word
    Rule("doubled_punctuation", artifacts.cut_doubled_punctuation),  # "russe.."
    Rule("title", structure.mark_title),  # the headline on the first line
    Rule("repeated_title", structure.drop_repeated_title),  # the title again, truncated, accents lost
    Rule("credit", structure.mark_credits),  # "(Traduit et adapté par ...)"
    Rule("caption_credit", structure.mark_captions),  # a caption ending in "... Reuters"
    Rule("caption_credit_line", structure.mark_captions_over_credit_lines),  # "©AFP" under a caption
    Rule("said_furniture", furniture.drop_said_furniture),  # banners, prompts, notices, legal lines
    Rule("comments", furniture.drop_comment_section),  # "12 commentaires" to the end of the page
    Rule("teaser", furniture.drop_teaser_lists),  # "Lire aussi" and the headlines under it
    Rule("page_header", layout.drop_page_header),  # the site's header above the headline
    Rule("byline", furniture.drop_stamps_and_bylines),  # "Publié le ...", "Par ..." (date to meta)
    Rule("body_run", layout.keep_the_body),  # navigation before the body, footer after it
    Rule("heading", structure.mark_headings),  # short lines without a closing stop
    Rule("site_title", layout.drop_site_title),  # a first line that is the site's, not the article's
    Rule("quote", structure.mark_quotes),  # a paragraph that is one quotation
)


def clean(article: Article) -> Article:
    """Apply every rule; an article left with no text to summarize is skipped."""
    article = apply_rules(article)
    if not any(p.kind in SUMMARIZABLE_KINDS for p in article.paragraphs):
        raise SkipArticle(f"no article text found: nothing but scraping artifacts, headings and page furniture "
                          f"({len(article.removed)} pieces removed)")
    return article


def apply_rules(article: Article) -> Article:
    for rule in RULES:
        article = rule.apply(article)
    removed = sorted(article.removed, key=lambda r: r.lines)  # source order, rules' order within a line
    return replace(article, removed=tuple(removed))
