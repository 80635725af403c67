"""What reads as running text: the signal every page-furniture rule leans on.

After jusText (Pomikálek, 2011): a paragraph of running text is long enough, ends like a
sentence and is dense in function words (jusText's stop list of the article's language). A
sentence may be short or dense in names, and is still the article's: one that opens and closes
like a sentence is never taken for furniture.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.document import Article, Paragraph
from pipeline.text import WORD, fold

# A paragraph of running text: at least this many words (three: "Le sommet est reporté.") ...
MIN_SENTENCE_WORDS = 3
# ... at least this share of them function words (jusText counts 0.30 as "good" on whole
# paragraphs; a single news sentence full of names and numbers runs lower) ...
MIN_FUNCTION_SHARE = 0.2
# ... and a closing stop. Lines without one (headlines, menu items, teasers) are not. A colon
# closes a sentence that leads into a list or a quotation ("Voici les mesures :"), and a stop
# typed after a space ("rats .") still closes one; a headline cut short (" ...") is a teaser.
_SENTENCE_CLOSE = re.compile(r"(?:[?!:]|(?<!\s)(?<!\s\.)(?<!\s\.\.)[.…]|(?<=\s)\.)\s*[»\"”’)\]]*\s*$")
# A sentence opens with a capital, a digit, a quotation mark or a dash.
_OPENS_SENTENCE = re.compile(r"[\"«“„'‘(–—-]?\s*[A-ZÀ-Ý0-9]")
# A quotation with its speaker after it ("« ... » Eric Ballbach") reads as text too.
_QUOTATION = re.compile(r"^\s*[«“\"„].{10,}[»”\"]")
# A heading inside the body is short; a line longer than this that does not close like a
# sentence is a teaser (a related headline, a video title), not part of the article.
MAX_HEADING_WORDS = 14
# Shorter words ("an", "été") say nothing of what a line is about.
MIN_CONTENT_WORD_LENGTH = 4
# jusText's stop-list names for the languages the pipeline reads.
_STOPLIST = {"fr": "French", "en": "English", "es": "Spanish", "de": "German", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "ca": "Catalan"}


@cache
def function_words(lang: str) -> frozenset[str]:
    """jusText's stop list for `lang` (its most frequent words), folded; English as a fallback.
    Read from the package's data, without importing jusText (and with it lxml)."""
    from importlib.resources import files

    name = _STOPLIST.get(lang, "English")
    text = files("justext").joinpath("stoplists", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for w in text.split())


# Several rules ask the same questions of the same paragraphs: keep the answers.
@lru_cache(maxsize=20_000)
def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(fold(text)))


def lang_of(article: Article) -> str:
    """The article's language, for its stop list (detect runs first; French if it has not)."""
    return article.lang.code if article.lang else "fr"


def is_running_text(paragraph: Paragraph, lang: str) -> bool:
    closed = _SENTENCE_CLOSE.search(paragraph.text) or _QUOTATION.search(paragraph.text)
    return bool(closed) and reads_as_text(paragraph, lang)


def is_sentence(paragraph: Paragraph, lang: str) -> bool:
    """A sentence of the article, though it may not read as prose by its function words: one
    that opens like a sentence and closes with a stop ("Nicolas Sarkozy voulait une solution
    rapide."), or a long run of prose whose stop was lost ("... selon le PDG, "le projet
    démarre avec zéro employé"" ). Menus, headlines and teasers are neither."""
    text = paragraph.text.strip()
    count = len(words(text))
    if count < MIN_SENTENCE_WORDS or not _OPENS_SENTENCE.match(text) or text.isupper():
        return False
    return bool(_SENTENCE_CLOSE.search(text)) or (count > MAX_HEADING_WORDS and reads_as_text(paragraph, lang))


def reads_as_text(paragraph: Paragraph, lang: str) -> bool:
    """Long enough and dense enough in function words to be prose, closing stop or not."""
    found = words(paragraph.text)
    common = function_words(lang)
    return len(found) >= MIN_SENTENCE_WORDS and sum(w in common for w in found) / len(found) >= MIN_FUNCTION_SHARE



def content_words(text: str, lang: str) -> set[str]:
    """Words that say what a line is about: not the language's common words, nor short ones."""
    common = function_words(lang)
    return {w for w in words(text) if len(w) >= MIN_CONTENT_WORD_LENGTH and w not in common}
