"""Language of the article and of each paragraph, with a confidence."""

from __future__ import annotations

import re
from dataclasses import replace

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.document import Article, Language, Paragraph
from pipeline.errors import SkipArticle

# langdetect's n-gram profiles guess badly on short text: below this many characters a paragraph
# takes the article's language instead of its own guess.
MIN_CHARS_OWN_LANGUAGE = 60
# A paragraph is only said to differ from the article when langdetect is at least this sure.
MIN_CONFIDENCE_OWN_LANGUAGE = 0.9
# langdetect takes about 3 ms a paragraph (36 s for a 5 MB article). A paragraph in which at
# least this share of the words are the article language's commonest function words is in that
# language without asking (running text has 30-50 %; a quotation in another language, ~0 %).
FUNCTION_WORD_SHARE = 0.15
FUNCTION_WORDS = {
    "fr": set("le la les de des du un une et est en que qui dans pour sur au aux pas par ne il elle".split()),
    "en": set("the of and to in is that for it on was with as by be are this from at".split()),
    "es": set("el la los las de del y en que un una es por con para se no su al lo".split()),
    "de": set("der die das und in den von zu mit ist des sich nicht auf ein eine dem für im".split()),
    "it": set("il la le di e che un una per in del della non con si sono è al".split()),
    "pt": set("o a os as de do da e que em um uma para com não se por no na".split()),
}


def detect(article: Article) -> Article:
    whole = "\n".join(p.text for p in article.paragraphs)
    language = _guess(whole)
    if language is None:
        raise SkipArticle("no language could be detected (no letters)")
    paragraphs = tuple(_paragraph_language(p, language.code) for p in article.paragraphs)
    return replace(article, lang=language, paragraphs=paragraphs)


def _paragraph_language(paragraph: Paragraph, article_lang: str) -> Paragraph:
    lang = article_lang
    if len(paragraph.text) >= MIN_CHARS_OWN_LANGUAGE and not _plainly_in(paragraph.text, article_lang):
        guess = _guess(paragraph.text)
        if guess and guess.confidence >= MIN_CONFIDENCE_OWN_LANGUAGE:
            lang = guess.code
    return replace(paragraph, lang=lang)


def _plainly_in(text: str, lang: str) -> bool:
    common = FUNCTION_WORDS.get(lang)
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return bool(common and words) and sum(w in common for w in words) / len(words) >= FUNCTION_WORD_SHARE


def _guess(text: str) -> Language | None:
    # langdetect samples n-grams at random: a fixed seed makes every run give the same answer.
    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return Language(code=_normalize(best.lang), confidence=round(best.prob, 3))


def _normalize(code: str) -> str:
    # langdetect reports regional Chinese variants; the rest are ISO 639-1 already.
    return code.split("-")[0]
