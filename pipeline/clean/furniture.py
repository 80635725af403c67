"""Page furniture that says what it is: banners, prompts, notices, teaser lists, comments, stamps.

Menus, cookie banners, share and subscription prompts, "Lire aussi" teasers and related-article
lists, bylines and publication stamps, comment sections, footers and legal lines: a small
vocabulary per family, in the languages the pipeline reads. Where the article lies on the page
is `layout.py`'s. Every paragraph taken out is logged with its rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from pipeline.clean.edits import drop_where
from pipeline.clean.prose import MAX_HEADING_WORDS, is_running_text, is_sentence, lang_of, words
from pipeline.document import Article, Paragraph
from pipeline.text import FRENCH_MONTHS, fold, iso_date

# Furniture lines are short: a line of the vocabulary families past this many words is text
# that happens to use the word ("les cookies" in an article about cookies).
MAX_FURNITURE_WORDS = 25


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
                      # a series note: "Ce billet fait partie de notre dossier spécial sur ..."
                      r"^(?:ce|cet) (?:billet|article|post) fait partie (?:de notre|de nos|du dossier|d['’]un dossier|"
                      r"de la série|de la couverture)", r"^this (?:post|article|story) is part of (?:our|a) (?:special|"
                      r"series|coverage)",
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



def drop_said_furniture(article: Article) -> Article:
    """Lines that say what they are: cookie banners, share prompts, comment headings, legal lines."""
    lang = lang_of(article)

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

    return drop_where(article, judge)


def drop_comment_section(article: Article) -> Article:
    """A comment section: from its heading ("12 commentaires", "Laisser un commentaire") to the
    end of the page, once most of the page's running text lies above it (a comment count near
    the top of a page is a link, not the section)."""
    lang = lang_of(article)
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
    return drop_where(article, lambda index, _: "comments" if index >= start else None)


def drop_stamps_and_bylines(article: Article) -> Article:
    """Publication stamps and bylines: the first date goes to `meta`, the lines out of the body.
    Without one below the headline, the date is that of the stamp nearest above it, which the
    page-header rule took with the header (some sites stamp a page above its headline)."""
    header = [r.text for r in reversed(article.removed) if r.rule == "page_header"]
    date = article.meta.date or _stamp_date(p.text for p in article.paragraphs) or _stamp_date(header)
    article = drop_where(article, lambda _, p: "byline" if is_stamp(p.text) else None)
    return replace(article, meta=replace(article.meta, date=date))


def _stamp_date(lines: Iterable[str]) -> str | None:
    """The date of the first publication stamp among these lines, ISO."""
    return next((iso_date(match.group(1)) for text in lines if is_stamp(text) and (match := _DATE.search(text))),
                None)


def is_stamp(text: str) -> bool:
    text = text.strip()
    return len(words(text)) <= MAX_FURNITURE_WORDS and bool(_STAMP.search(text) or _BYLINE.match(text))



def drop_teaser_lists(article: Article) -> Article:
    """"Lire aussi" and its kin, with the headlines listed under them (up to the next running text)."""
    lang = lang_of(article)
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

    return drop_where(article, judge)


def _headline_question(paragraph: Paragraph) -> bool:
    """A short question: a teaser headline as often as a sentence."""
    return paragraph.text.rstrip(" »\"”").endswith("?") and len(words(paragraph.text)) <= MAX_HEADING_WORDS

