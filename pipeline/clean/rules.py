"""Scraping artifacts out, structure in: an ordered table of small named rules.

Each rule takes an article and returns a new one. A rule that removes or rewrites text logs what
it took, with its name and the source lines, in `Article.removed`: nothing disappears silently.
Rules that recognise structure (title, headings, captions, quotes, credits) set a paragraph's
`kind` and keep its text. Each rule is written for a family of artifact, not for one file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.document import SUMMARIZABLE_KINDS, Article, Kind, Paragraph, Removal
from pipeline.errors import SkipArticle
from pipeline.clean.furniture import (
    drop_comment_section,
    drop_page_header,
    drop_said_furniture,
    drop_site_title,
    drop_stamps_and_bylines,
    drop_teaser_lists,
    keep_the_body,
)
from pipeline.text import fold, iso_date

# A title or heading is a short line; past this many words it is a sentence that lost its stop.
MAX_TITLE_WORDS = 20
MAX_HEADING_WORDS = 14
# A caption is a sentence or two; longer text ending in an agency name is body text.
MAX_CAPTION_WORDS = 45
# Words after a closing quote that still read as an attribution ("» Eric Ballbach").
MAX_ATTRIBUTION_WORDS = 4
# A truncated repeat of the title must keep this many words to be told from a chance prefix.
MIN_REPEATED_TITLE_WORDS = 3
# Credits ("Traduit par ...") are one short line.
MAX_CREDIT_WORDS = 20

# News and photo agencies whose names end captions ("... Reuters", "Photo: AFP/Getty Images").
AGENCIES = (
    "AFP", "AP", "Reuters", "dpa", "EPA", "EFE", "ANSA", "Getty Images", "Xinhua", "Yonhap",
    "KCNA", "TASS", "Sputnik", "Kyodo", "Belga", "Keystone", "SIPA", "Bloomberg", "Shutterstock",
)

Edit = tuple[Paragraph | None, list[Removal]]


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[Article], Article]


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


# --- helpers ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w'’-]*")
_SENTENCE_END = re.compile(r"[.!;:,…。！；：，]$")  # and their full-width forms (Chinese, Japanese)
_OPEN_QUOTES = "«“\"„"
_CLOSE_QUOTES = "»”\""


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def folded_words(text: str) -> str:
    """The words alone, folded: for comparing a title with its mangled copy."""
    return " ".join(_WORD.findall(fold(text)))


def _edit_paragraphs(article: Article, edit: Callable[[Paragraph], Edit]) -> Article:
    """Apply `edit` to every paragraph; a paragraph left empty is dropped."""
    kept: list[Paragraph] = []
    removed = list(article.removed)
    for paragraph in article.paragraphs:
        new, removals = edit(paragraph)
        removed.extend(removals)
        if new is not None and new.text.strip():
            kept.append(new)
    return replace(article, paragraphs=tuple(kept), removed=tuple(removed))


def _substitute(rule: str, pattern: re.Pattern[str], repl: str = "") -> Callable[[Paragraph], Edit]:
    """An edit that replaces each match of `pattern` and logs the text it took out."""

    def edit(paragraph: Paragraph) -> Edit:
        removals = [Removal(rule, paragraph.lines, m.group(0).strip() or m.group(0))
                    for m in pattern.finditer(paragraph.text)]
        if not removals:
            return paragraph, []
        text = pattern.sub(repl, paragraph.text).strip()
        return replace(paragraph, text=text), removals

    return edit


def _drop_whole(rule: str, matches: Callable[[Paragraph], bool]) -> Callable[[Paragraph], Edit]:
    def edit(paragraph: Paragraph) -> Edit:
        if matches(paragraph):
            return None, [Removal(rule, paragraph.lines, paragraph.text)]
        return paragraph, []

    return edit


def _classify(article: Article, kind: Kind, test: Callable[[Paragraph], bool]) -> Article:
    """Give `kind` to the body paragraphs that pass `test`; earlier classifications stand."""
    paragraphs = tuple(replace(p, kind=kind) if p.kind == "body" and test(p) else p
                       for p in article.paragraphs)
    return replace(article, paragraphs=paragraphs)


def _glued_prefix(rule: str, pattern: re.Pattern[str], field: str,
                  tidy: Callable[[str], str] = str.strip) -> Callable[[Article], Article]:
    """A rule that cuts `pattern` off the start of a paragraph and keeps group 1, tidied, as
    metadata."""

    def apply(article: Article) -> Article:
        found: list[str] = []

        def edit(paragraph: Paragraph) -> Edit:
            match = pattern.match(paragraph.text)
            if not match:
                return paragraph, []
            found.append(tidy(match.group(1)))
            rest = paragraph.text[match.end():].strip()
            return replace(paragraph, text=rest), [Removal(rule, paragraph.lines, match.group(0).strip())]

        article = _edit_paragraphs(article, edit)
        if found and getattr(article.meta, field) is None:
            article = replace(article, meta=replace(article.meta, **{field: found[0]}))
        return article

    return apply


# --- rules -------------------------------------------------------------------------------------

# Every pattern here runs in linear time on any input: comments and script or style bodies are
# cut by a scan that looks for each closing mark once (an unclosed "<!--" or "<script" runs to
# the end of the text), never by a lazy pattern that would rescan the rest from each opening.
_RAW_OPEN = re.compile(r"<!--|<(?:script|style)\b", re.IGNORECASE)
_RAW_CLOSE = re.compile(r"</(?:script|style)\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# Tags inside a run of text: cutting them must not leave a space ("<b>aides</b>.").
_INLINE_TAGS = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small",
                          "span", "strong", "sub", "sup", "u"})
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def _cut_raw(text: str, inside_raw: bool) -> tuple[str, list[str], bool]:
    """Text without comments and script or style elements, the pieces cut, and whether a
    script or style is still open at the end (it goes on in the next paragraph)."""
    kept, cut, position = [], [], 0
    while position < len(text):
        if inside_raw:
            close = _RAW_CLOSE.search(text, position)
            end = close.end() if close else len(text)
            cut.append(text[position:end])
            position, inside_raw = end, close is None
            continue
        opening = _RAW_OPEN.search(text, position)
        if opening is None:
            kept.append(text[position:])
            break
        kept.append(text[position:opening.start()] + " ")
        position = opening.start()
        if opening.group(0) == "<!--":
            close_at = text.find("-->", opening.end())
            end = len(text) if close_at < 0 else close_at + 3
            cut.append(text[position:end])
            position = end
        else:
            inside_raw = True
    return "".join(kept), cut, inside_raw


def strip_html(article: Article) -> Article:
    """Markup the scraper kept: tags are cut, script and style bodies go whole, entities decoded."""
    inside_raw = False  # a <script> opened in an earlier paragraph and not yet closed

    def edit(paragraph: Paragraph) -> Edit:
        nonlocal inside_raw
        text, cut, inside_raw = _cut_raw(paragraph.text, inside_raw)
        removals = [Removal("html_markup", paragraph.lines, piece) for piece in cut]
        removals += [Removal("html_markup", paragraph.lines, m.group(0)) for m in _TAG.finditer(text)]
        text = _TAG.sub(lambda m: "" if (m.group(1) or "").lower() in _INLINE_TAGS else " ", text)
        for match in _ENTITY.finditer(text):
            removals.append(Removal("html_markup", paragraph.lines, match.group(0)))
        text = " ".join(html.unescape(text).split())
        return (replace(paragraph, text=text) if removals else paragraph), removals

    cleaned = _edit_paragraphs(article, edit)
    found = len(cleaned.removed) - len(article.removed)
    return cleaned.with_note(f"{found} pieces of HTML markup removed") if found else cleaned


# Scraper tags alone on a line: "fr-02", "en-01", "de-117".
_STRAY_TAG = re.compile(r"[a-z]{2,3}-\d{1,3}")


def drop_stray_tags(article: Article) -> Article:
    """Scraper tags alone on a line ("fr-02", "en-01")."""
    return _edit_paragraphs(article, _drop_whole("stray_tag", lambda p: bool(_STRAY_TAG.fullmatch(p.text))))


# " date 2024-06 Vladimir Poutine doit ...": a metadata field glued before the first sentence.
_METADATA_PREFIX = re.compile(
    r"(?:date|dated|publi[ée]\s+le|published|fecha|datum)\s*:?\s*"
    r"(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}[/.]\d{1,2}[/.]\d{4})\s+",
    re.IGNORECASE,
)
# "(Baonghean.vn) - Certains ...": the outlet's name in parentheses, then a dash.
_OUTLET_TAG = re.compile(r"\(([^()]{2,40})\)\s*[-–—]\s+")

# "Lundi,Avant l'imposition": a dropped line left its first words, glued by a bare comma.
_MERGED_FRAGMENT = re.compile(r"^(?:[\w'’-]+ ){0,2}[\w'’-]+,(?=[A-ZÀ-ÖØ-Þ])")

# "russe..": a stop, comma or semicolon typed twice (an ellipsis "..." is left alone).
_DOUBLED_PUNCTUATION = re.compile(r"(?<=[^\s.,;])([.,;])(?=\1(?![.,;]))")


def mark_title(article: Article) -> Article:
    """The headline on the first line: short, with no closing stop."""
    first = article.paragraphs[0] if article.paragraphs else None
    if not first or word_count(first.text) > MAX_TITLE_WORDS or _SENTENCE_END.search(first.text):
        return article
    article = _classify(article, "title", lambda p: p is first)
    return replace(article, title=first.text)


def drop_repeated_title(article: Article) -> Article:
    """The title repeated further down (a page's <h1> under its <title>), maybe truncated and
    stripped of accents."""
    if not article.title:
        return article
    title = folded_words(article.title)

    def repeats(paragraph: Paragraph) -> bool:
        folded = folded_words(paragraph.text)
        return (paragraph.kind in ("body", "heading") and word_count(folded) >= MIN_REPEATED_TITLE_WORDS
                and title.startswith(folded))

    return _edit_paragraphs(article, _drop_whole("repeated_title", repeats))


# "(Traduit et adapté par Chiara Lecca)", "Translated by ...", "Traducción: ...".
_CREDIT = re.compile(
    r"\(?\s*((?:traduit|traduction|adapt[ée]|translated|translation|traducido|traducci[óo]n|"
    r"übersetzt|übersetzung|tradotto|traduzione)\b[^()]*?)\s*\)?\s*",
    re.IGNORECASE,
)


def mark_credits(article: Article) -> Article:
    """Translator and adapter credits: kept as kind credit, and copied to meta."""
    def is_credit(p: Paragraph) -> bool:
        return word_count(p.text) <= MAX_CREDIT_WORDS and bool(_CREDIT.fullmatch(p.text))

    article = _classify(article, "credit", is_credit)
    meta = article.meta
    for paragraph in article.paragraphs:
        if paragraph.kind == "credit" and (match := _CREDIT.fullmatch(paragraph.text)):
            meta = meta.with_credit(match.group(1))
    return replace(article, meta=meta)


_AGENCY_CREDIT = re.compile(
    r"(?<!\s)\s+(?:(?:photo|foto|image|crédit|credit)\s*:?\s*|©\s*)?"
    r"((?:" + "|".join(re.escape(a) for a in AGENCIES) + r")(?:\s*/\s*[\w ]{2,20})?)$"
)


def mark_captions(article: Article) -> Article:
    """Photo captions that end in an agency credit ("... entre les deux Reuters").

    The caption is kept as kind caption; the agency name is cut off and logged, so it is not
    translated as if it were part of the sentence.
    """
    def edit(paragraph: Paragraph) -> Edit:
        match = _AGENCY_CREDIT.search(paragraph.text)
        if (paragraph.kind != "body" or not match or word_count(paragraph.text) > MAX_CAPTION_WORDS
                or _SENTENCE_END.search(paragraph.text[:match.start()])
                or not word_count(paragraph.text[:match.start()])):  # a credit alone: see the next rule
            return paragraph, []
        text = paragraph.text[:match.start()].strip()
        return replace(paragraph, text=text, kind="caption"), [
            Removal("caption_credit", paragraph.lines, match.group(1))]

    return _edit_paragraphs(article, edit)


# A photo credit on a line of its own, under the caption: "©AFP", "Photo : Reuters", "Crédit : J. Dupont".
_CREDIT_LINE = re.compile(
    r"(?:©|\(c\)|(?:photo|foto|image|crédit|credit)\s*:)\s*[\w .'’/&-]{2,40}"
    r"|(?:" + "|".join(re.escape(a) for a in AGENCIES) + r")(?:\s*/\s*[\w ]{2,20})?", re.IGNORECASE)


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def mark_captions_over_credit_lines(article: Article) -> Article:
    """A photo credit on a line of its own makes the short paragraph above it a caption; the
    credit line is logged and cut, like the credit at the end of a caption."""
    paragraphs, removed = list(article.paragraphs), list(article.removed)
    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        above = kept[-1] if kept else None
        if (above is not None and paragraph.kind == "body" and _CREDIT_LINE.fullmatch(paragraph.text.strip())
                and not _YEAR.search(paragraph.text)  # "© Le Journal 2024" is the site's copyright
                and above.kind == "body" and word_count(above.text) <= MAX_CAPTION_WORDS):
            kept[-1] = replace(above, kind="caption")
            removed.append(Removal("caption_credit", paragraph.lines, paragraph.text))
            continue
        kept.append(paragraph)
    return replace(article, paragraphs=tuple(kept), removed=tuple(removed))


def mark_headings(article: Article) -> Article:
    """Subheadings: a short line with no closing stop (a question mark is allowed)."""
    return _classify(article, "heading", lambda p: word_count(p.text) <= MAX_HEADING_WORDS
                     and not _SENTENCE_END.search(p.text))


def mark_quotes(article: Article) -> Article:
    """A paragraph that is one quotation, maybe followed by its speaker's name."""
    def is_quote(p: Paragraph) -> bool:
        text = p.text
        if text[:1] not in _OPEN_QUOTES:
            return False
        closing = max(text.rfind(q) for q in _CLOSE_QUOTES)
        return closing > 0 and word_count(text[closing + 1:]) <= MAX_ATTRIBUTION_WORDS

    return _classify(article, "quote", is_quote)


def _rewrite(name: str, pattern: re.Pattern[str], repl: str = "") -> Callable[[Article], Article]:
    edit = _substitute(name, pattern, repl)
    return lambda article: _edit_paragraphs(article, edit)


# The order matters: markup first so later rules see text; glued prefixes before the title is
# chosen; the title before its repeat; captions before headings, both short lines.
RULES: tuple[Rule, ...] = (
    Rule("html_markup", strip_html),
    Rule("stray_tag", drop_stray_tags),
    Rule("metadata_prefix", _glued_prefix("metadata_prefix", _METADATA_PREFIX, "date", iso_date)),
    Rule("outlet_tag", _glued_prefix("outlet_tag", _OUTLET_TAG, "outlet")),
    Rule("merged_fragment", _rewrite("merged_fragment", _MERGED_FRAGMENT)),
    Rule("doubled_punctuation", _rewrite("doubled_punctuation", _DOUBLED_PUNCTUATION)),
    Rule("title", mark_title),
    Rule("repeated_title", drop_repeated_title),
    Rule("credit", mark_credits),
    Rule("caption_credit", mark_captions),
    Rule("caption_credit_line", mark_captions_over_credit_lines),
    # page furniture (furniture.py): what says what it is, comment sections, teaser lists,
    # stamps, and last what lies outside the body's run of text
    Rule("said_furniture", drop_said_furniture),
    Rule("comments", drop_comment_section),
    Rule("teaser", drop_teaser_lists),  # before bylines: a list ends where running text begins
    Rule("page_header", drop_page_header),  # before bylines: the stamp tells where the article starts
    Rule("byline", drop_stamps_and_bylines),
    Rule("body_run", keep_the_body),
    Rule("heading", mark_headings),
    Rule("site_title", drop_site_title),  # after headings: the article's headline is one
    Rule("quote", mark_quotes),
)
