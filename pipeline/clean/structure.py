"""The article's structure: its title, headings, captions, credits and quotes, kept with their kind.

Only the agency name at the end of a caption, a credit line under one and the title's repeat are
taken out (and logged); the rest keeps its text and gets a `kind`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.clean.edits import SENTENCE_END, Edit, classify, drop_whole, edit_paragraphs, folded_words, word_count
from pipeline.document import Article, Paragraph, Removal

_OPEN_QUOTES = "«“\"„"
_CLOSE_QUOTES = "»”\""
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



def mark_title(article: Article) -> Article:
    """The headline on the first line: short, with no closing stop."""
    first = article.paragraphs[0] if article.paragraphs else None
    if not first or word_count(first.text) > MAX_TITLE_WORDS or SENTENCE_END.search(first.text):
        return article
    article = classify(article, "title", lambda p: p is first)
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

    return edit_paragraphs(article, drop_whole("repeated_title", repeats))


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

    article = classify(article, "credit", is_credit)
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
                or SENTENCE_END.search(paragraph.text[:match.start()])
                or not word_count(paragraph.text[:match.start()])):  # a credit alone: see the next rule
            return paragraph, []
        text = paragraph.text[:match.start()].strip()
        return replace(paragraph, text=text, kind="caption"), [
            Removal("caption_credit", paragraph.lines, match.group(1))]

    return edit_paragraphs(article, edit)


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
    return classify(article, "heading", lambda p: word_count(p.text) <= MAX_HEADING_WORDS
                     and not SENTENCE_END.search(p.text))


def mark_quotes(article: Article) -> Article:
    """A paragraph that is one quotation, maybe followed by its speaker's name."""
    def is_quote(p: Paragraph) -> bool:
        text = p.text
        if text[:1] not in _OPEN_QUOTES:
            return False
        closing = max(text.rfind(q) for q in _CLOSE_QUOTES)
        return closing > 0 and word_count(text[closing + 1:]) <= MAX_ATTRIBUTION_WORDS

    return classify(article, "quote", is_quote)

