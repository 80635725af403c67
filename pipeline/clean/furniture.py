"""Page furniture in scraped text: what a web page wraps around its article.

Menus, cookie banners, share and subscription prompts, "Lire aussi" teasers and related-article
lists, bylines and publication stamps, comment sections, footers and legal lines. The rules
here join the cleaning table (`clean.RULES`) and log every paragraph they take out, like every
other rule. They are written for families, with two kinds of signal:

- what a line says: a small vocabulary per family, in the languages the pipeline reads
  (cookie and consent words, share and subscribe words, teaser and comment headings, legal
  lines, bylines and stamps);
- how the page is laid out, after jusText (Pomikálek, 2011): a paragraph of running text is
  long, ends like a sentence and is dense in function words (jusText's stop lists, one per
  language); the article's body is the run of the page where such paragraphs outweigh the rest
  (the maximum-sum run, found in linear time); short lines outside it are navigation before it
  and footer after it; inside it, a line too long for a heading that does not read as a
  sentence is a teaser for something else (a related story, an embedded video).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache, lru_cache
from itertools import accumulate

from pipeline.document import Article, Paragraph, Removal
from pipeline.text import FRENCH_MONTHS, WORD, fold, iso_date

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
# What a line that is not running text costs when the body's run is chosen, against a word
# of running text: its words, plus this much for being a line. Lists of related stories
# (label, headline, blurb, label, ...) then weigh less than nothing, while a subheading
# between long paragraphs costs the body little.
LINE_COST = 8
# A heading inside the body is short; a line longer than this that does not close like a
# sentence is a teaser (a related headline, a video title), not part of the article.
MAX_HEADING_WORDS = 14
# The stamp that opens an article has most of the page's running text below it ...
OPENING_STAMP_SHARE = 0.7
# ... and the headline a few lines above it (a standfirst, a photo credit between them); a
# headline has a few words, where a section label ("International") has one or two.
HEADLINE_TO_STAMP = 3
MIN_HEADLINE_WORDS = 4
# Shorter words ("an", "été") say nothing of what a line is about.
MIN_CONTENT_WORD_LENGTH = 4
# Furniture lines are short: a line of the vocabulary families past this many words is text
# that happens to use the word ("les cookies" in an article about cookies).
MAX_FURNITURE_WORDS = 25

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


def _lang(article: Article) -> str:
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


# --- what a line says -----------------------------------------------------------------------------

def _vocabulary(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


# Cookie and consent banners.
_COOKIES = _vocabulary(r"\bcookies?\b", r"\bconsentement", r"\bconsent\b", r"\btraceurs\b", r"\bRGPD\b",
                       r"\bGDPR\b", r"données personnelles", r"politique de confidentialité", r"privacy policy",
                       r"\bpartenaires\b.*\bpublicit", r"paramétrer vos choix", r"tout accepter", r"accept all")
# Share, subscribe, print and report prompts; words such lines are made of, whole.
_PROMPT_WORDS = frozenset(fold(w) for w in """
partager partagez share tweet tweeter twitter facebook linkedin whatsapp pinterest messenger telegram
e-mail email mail envoyer imprimer print copier lien link s'abonner abonnez-vous abonnez subscribe
newsletter newsletters inscrivez-vous inscription réagir commenter commentez signaler erreur favoris
télécharger suivez-nous suivre follow us sur par à la le les nous vous notre votre cet cette article
ajouter aux une un de du des et ou réservé réservée abonnés subscribers offre découvrir j'en profite
fermer close menu rechercher search connexion se connecter login compte mon account
""".split())
# Headings of teaser and related-article lists; the list under one ends at the next running text.
_TEASER_HEADING = _vocabulary(
    r"^(?:[àa]\s+)?(?:lire|voir|écouter|regarder)\s+(?:aussi|également|plus)\b", r"^sur le même (?:sujet|thème)",
    r"^dans la même rubrique", r"^(?:les\s+)?articles?\s+(?:liés|similaires|recommandés|associés)",
    r"^(?:à|a)\s+découvrir", r"^(?:plus d'|d'autres\s+)articles", r"^toutes les (?:news|actus|infos)",
    r"^(?:read|see)\s+(?:also|more)\b", r"^related\b", r"^more (?:from|on)\b", r"^recommended\b",
    r"^les plus (?:lus|partagés|commentés)", r"^(?:à|a) la une$", r"^en ce moment$",
    r"^article (?:suivant|précédent)", r"^pour (?:approfondir|aller plus loin|en savoir plus)", r"^en savoir plus",
    r"^(?:next|previous) (?:article|post|story)", r"^(?:à|a) suivre\b")
# Notices of the site, not of the article: disclaimers, appeals to readers, download hints.
_NOTICE = _vocabulary(r"n['’]engagent que (?:leurs?|son|ses|l['’])", r"les opinions exprimées",
                      r"si vous souhaitez (?:critiquer|réagir|proposer|contribuer|développer|nous)",
                      r"vous êtes invités? à proposer", r"faites un don", r"cet article vous a (?:plu|intéressé)",
                      r"vous pouvez télécharger ce", r"reproduction (?:interdite|réservée)",
                      r"the views expressed", r"do not necessarily reflect",
                      # plugs for the outlet's channels: "Abonnez-vous à notre chaîne YouTube ..."
                      r"^(?:abonnez-vous|inscrivez-vous|suivez-nous|rejoignez-nous|retrouvez-nous)\b",
                      r"^téléchargez (?:notre|l['’]application)", r"pour ne rien manquer de",
                      r"^(?:subscribe to|follow us|sign up for|download our app)\b",
                      # paywall notices: "Article réservé à nos abonnés", "Pour lire la suite de cet article :"
                      r"^(?:cet )?(?:article|contenu) réservé (?:à nos|aux) abonnés", r"^(?:for )?subscribers only",
                      r"^pour (?:lire|accéder|continuer|poursuivre)\b.{0,40}\b(?:la suite|cet article|illimité|"
                      r"la lecture|nos articles)", r"^(?:to )?(?:continue|keep) reading\b",
                      # one reader per account: "Vous ne pouvez lire Le Monde que sur un seul appareil ..."
                      r"sur (?:un seul|un autre|l['’]autre) appareil", r"ce message s['’]affichera",
                      r"ne plus voir ce message", r"continu(?:er|ez) à lire ici", r"modifier votre mot de passe",
                      r"qui est l['’]autre personne", r"sur autant d['’]appareils")
# Notices run a little longer than furniture lines; past this, prose that quotes one.
MAX_NOTICE_WORDS = 60
# News-ticker items: a time glued to the headline ("09:16High-techAccusations ..."); and the
# title of an embedded video with its source glued on ("... au volantpar Europe 1").
_TICKER = re.compile(r"^\d{1,2}[:h]\d{2}(?=[^\d\s])|(?<=[a-zà-ÿ])(?:par|by)\s+\S+(?:\s+\d+)?$")
# A headline with the site's label for its subscribers' articles glued on ("... cétacés cultes
# Abonnés"): a teaser for another article.
_PAYWALL_LABEL = re.compile(r"\s(?:Abonnés|Réservé aux abonnés)\s*$")
# Comment sections.
_COMMENTS = _vocabulary(r"^\d+\s+(?:commentaires?|comments?|réactions?)\b", r"^commentaires?$", r"^comments?$",
                        r"^vos réactions", r"^laisser un commentaire", r"^leave a (?:comment|reply)",
                        r"^(?:ajouter|écrire|poster) un commentaire", r"doivent respecter nos (?:cgu|règles)")
# Footers and legal lines: a copyright line is never news; the others are, when a sentence uses
# the words without speaking to the reader.
_RIGHTS = _vocabulary(r"©", r"\(c\)\s*\d{4}", r"tous droits réservés", r"all rights reserved")
# Words by which a site speaks to its reader.
_TO_THE_READER = _vocabulary(r"\b(?:vous|votre|vos|nous|notre|nos|you|your|we|our)\b", r"\bcliquez\b", r"\bclick\b")
_LEGAL = _vocabulary(r"mentions légales",
                     r"conditions générales", r"\bCGU\b", r"\bCGV\b", r"plan du site", r"nous contacter",
                     r"contactez-nous", r"^contact$", r"^publicité$", r"^advertisement$", r"terms of (?:use|service)")
# Publication stamps and bylines: "Publié le 12/03/2024 à 10h", "Mis à jour le ...", "Par Jean Dupont".
_STAMP = _vocabulary(r"\b(?:publié|mis à jour|modifié|actualisé)\s+le\b", r"\b(?:published|updated)\s+(?:on\s+)?\w",
                     r"^(?:publié|rédigé|écrit|posted|written)\s+par\b", r"^(?:posted|written)\s+by\b",
                     r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:\s+\d{1,2}[:h]\d{2})?$", r"^\d{1,2}[:h]\d{2}$",
                     r"^\d{1,2}\s+(?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\w*\.?\s+\d{4}$",
                     r"^(?:temps de lecture|reading time)\b", r"^\d+\s*min(?:utes?)?\.?\s+(?:de lecture|read)\.?$")
_BYLINE = re.compile(r"^(?:[Pp]ar|[Bb]y)\s+(?:[A-ZÀ-Ý][\w'’.-]+\s*){1,4}(?:,.*)?$")
_DATE = re.compile(rf"\b(\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:er)?\s+"
                   rf"(?:{'|'.join(FRENCH_MONTHS)})\s+\d{{4}})\b", re.IGNORECASE)


def _short(paragraph: Paragraph) -> bool:
    return len(words(paragraph.text)) <= MAX_FURNITURE_WORDS


def _is_prompt(paragraph: Paragraph) -> bool:
    found = re.findall(r"[\w'’-]+", fold(paragraph.text))
    return (len(found) <= 8 and any(w in _PROMPT_WORDS for w in found)
            and all(w in _PROMPT_WORDS or w.isdigit() for w in found))


# --- rules ----------------------------------------------------------------------------------------

def _drop(article: Article, judge: Callable[[int, Paragraph], str | None]) -> Article:
    """Drop the body paragraphs (and headings) that `judge` names a rule for, logging each with
    it; `judge` sees each paragraph with its index."""
    kept, removed = [], list(article.removed)
    for index, paragraph in enumerate(article.paragraphs):
        rule = judge(index, paragraph) if paragraph.kind in ("body", "heading") else None
        if rule:
            removed.append(Removal(rule, paragraph.lines, paragraph.text))
        else:
            kept.append(paragraph)
    return replace(article, paragraphs=tuple(kept), removed=tuple(removed))


def drop_said_furniture(article: Article) -> Article:
    """Lines that say what they are: cookie banners, share prompts, comment headings, legal lines."""
    lang = _lang(article)

    def judge(_: int, p: Paragraph) -> str | None:
        if _is_prompt(p):
            return "share_prompt"
        if _TICKER.search(p.text) or (_short(p) and _PAYWALL_LABEL.search(p.text)):
            return "teaser"
        if len(words(p.text)) <= MAX_NOTICE_WORDS and _NOTICE.search(p.text):
            return "site_notice"
        if not _short(p):
            return None
        if _RIGHTS.search(p.text):
            return "legal_footer"
        rule = next((rule for rule, pattern in (("cookie_banner", _COOKIES), ("legal_footer", _LEGAL))
                     if pattern.search(p.text)), None)
        if rule and is_sentence(p, lang) and not _TO_THE_READER.search(p.text):
            return None  # news that speaks of personal data or of terms of use, not to the reader
        return rule

    return _drop(article, judge)


def drop_comment_section(article: Article) -> Article:
    """A comment section: from its heading ("12 commentaires", "Laisser un commentaire") to the
    end of the page, once most of the page's running text lies above it (a comment count near
    the top of a page is a link, not the section)."""
    lang = _lang(article)
    text_words = [len(words(p.text)) if is_running_text(p, lang) else 0 for p in article.paragraphs]
    total, above = sum(text_words), 0
    start = None
    for index, paragraph in enumerate(article.paragraphs):
        if _short(paragraph) and _COMMENTS.search(paragraph.text) and above >= total / 2:
            start = index
            break
        above += text_words[index]
    if start is None:
        return article
    return _drop(article, lambda index, _: "comments" if index >= start else None)


def drop_stamps_and_bylines(article: Article) -> Article:
    """Publication stamps and bylines: the first date goes to `meta`, the lines out of the body.
    Without one below the headline, the date is that of the stamp nearest above it, which the
    page-header rule took with the header (some sites stamp a page above its headline)."""
    header = [r.text for r in reversed(article.removed) if r.rule == "page_header"]
    date = article.meta.date or _stamp_date(p.text for p in article.paragraphs) or _stamp_date(header)
    article = _drop(article, lambda _, p: "byline" if _is_stamp(p.text) else None)
    return replace(article, meta=replace(article.meta, date=date))


def _stamp_date(lines: Iterable[str]) -> str | None:
    """The date of the first publication stamp among these lines, ISO."""
    return next((iso_date(match.group(1)) for text in lines if _is_stamp(text) and (match := _DATE.search(text))),
                None)


def _is_stamp(text: str) -> bool:
    text = text.strip()
    return len(words(text)) <= MAX_FURNITURE_WORDS and bool(_STAMP.search(text) or _BYLINE.match(text))


def drop_page_header(article: Article) -> Article:
    """The site's header above the article's headline: teasers for other stories, some of which
    read as sentences ("Vente : ne laissez pas l'acheteur seul au volant !") and so outlast the
    body-run rule. The article starts where its title stands again (a page's <h1> under its
    <title>), else at the headline a few lines above its publication stamp, which then becomes
    the title; either way, only when most of the page's running text lies below."""
    lang = _lang(article)
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
        return _drop(article, lambda index, _: "page_header" if index < start else None)
    stamps = [index for index, p in enumerate(paragraphs) if _is_stamp(p.text) and opens_article(index + 1)]
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
            and not is_running_text(paragraph, lang) and not _is_stamp(paragraph.text))


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
    lang = _lang(article)
    body = set().union(*(_content_words(p.text, lang) for p in paragraphs[at + 2:] if p.kind in ("body", "quote")))
    if _content_words(title.text, lang) & body or not _content_words(headline.text, lang) & body:
        return article
    removed = (*article.removed, Removal("site_title", title.lines, title.text))
    return replace(article, paragraphs=(*paragraphs[:at], replace(headline, kind="title"), *paragraphs[at + 2:]),
                   removed=removed, title=headline.text)


def _content_words(text: str, lang: str) -> set[str]:
    """Words that say what a line is about: not the language's common words, nor short ones."""
    common = function_words(lang)
    return {w for w in words(text) if len(w) >= MIN_CONTENT_WORD_LENGTH and w not in common}


def drop_teaser_lists(article: Article) -> Article:
    """"Lire aussi" and its kin, with the headlines listed under them (up to the next running text)."""
    lang = _lang(article)
    paragraphs = article.paragraphs
    inside = False

    def prose(index: int) -> bool:
        return (index < len(paragraphs) and is_running_text(paragraphs[index], lang)
                and not _headline_question(paragraphs[index]))

    def judge(index: int, paragraph: Paragraph) -> str | None:
        nonlocal inside
        if _short(paragraph) and _TEASER_HEADING.search(paragraph.text.strip()):
            inside = True
        elif prose(index) or prose(index + 1):  # running text, or the heading that leads into it
            inside = False
        return "teaser" if inside else None

    return _drop(article, judge)


def _headline_question(paragraph: Paragraph) -> bool:
    """A short question: a teaser headline as often as a sentence."""
    return paragraph.text.rstrip(" »\"”").endswith("?") and len(words(paragraph.text)) <= MAX_HEADING_WORDS


def keep_the_body(article: Article) -> Article:
    """Outside the body's run, what is not running text goes: navigation before it, footer
    after it. Inside it, a line too long for a heading that does not read as a sentence is a
    teaser for something else."""
    lang = _lang(article)
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

    return _drop(article, judge)


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
