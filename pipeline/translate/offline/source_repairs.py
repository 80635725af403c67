"""Repairs of the source text before Apertium translates it, in the order they run.

Each rewrites what Apertium would garble or invert: glued sentences, mangled apostrophes,
inverted subjects, the expletive "ne", numbers written the French way. Declared in
`registry.py`'s terms: name, languages, examples.
"""

from __future__ import annotations

import re

from pipeline.translate.offline.registry import repair

_GLUED = re.compile(r"(?<=[^\W\d_]{3})([.!?])(?=[^\W\d_]{2,}\b(?![.@/]))")
# Lower-case endings of web addresses, which a glued sentence is not: "lemonde.fr", "site.com"
_DOMAIN_ENDINGS = frozenset({"fr", "com", "org", "net", "eu", "be", "ch", "ca", "io", "info", "gouv", "html", "php",
                             "uk", "de", "es", "it"})


@repair("source", examples=[
    ("attaque terroriste.la police a bouclé", "attaque terroriste. la police a bouclé"),
    ("selon lemonde.fr et Le Point", "selon lemonde.fr et Le Point"),
    ("il a 2.5 millions", "il a 2.5 millions"),
])
def split_glued_sentences(text: str) -> str:
    """A scrape that lost the space after a full stop ("terroriste.La police") glues two
    sentences into one unknown word."""
    def split(match: re.Match[str]) -> str:
        after = text[match.end():match.end() + 12]
        word = re.match(r"[^\W\d_]+", after)
        if word and word.group().casefold() in _DOMAIN_ENDINGS and not word.group()[0].isupper():
            return match.group()
        return match.group() + " "
    return _GLUED.sub(split, text)


# An elided word ("l'", "d'", "qu'") whose apostrophe the scrape turned into a double quote.
_QUOTE_FOR_APOSTROPHE = re.compile(r"(?<![\w\"])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu))\"(?=[aeiouyhàâéèêëîïôûœ])",
                                   re.IGNORECASE)


@repair("source", languages=("fr",), examples=[
    ("Quelques heures plus tard, l\"équipe a trouvé", "Quelques heures plus tard, l'équipe a trouvé"),
    ("en train d\"être voté", "en train d'être voté"),
    ('remplacer "les principes" par "les règles"', 'remplacer "les principes" par "les règles"'),
])
def apostrophe_for_quote(text: str) -> str:
    """A scrape that mangled apostrophes ("l"équipe", "d"être") leaves words the translator
    does not know, and a stray quote in the English."""
    return _QUOTE_FOR_APOSTROPHE.sub(r"\1'", text)


# A verb and its subject pronoun inverted, with the "ne", "y" or "en" before the verb: "a-t-il
# déclaré", "dit-elle", "n'y a-t-il". Lower case only where it starts: a name ("Jean-Paul") is not one.
_INVERTED = re.compile(
    r"(?P<before>\b(?:(?:ne|n['’])\s*)?(?:(?:y|en)\s+)?)(?P<verb>[^\W\d_]+)-(?:t-)?(?P<subject>il|elle|ils|elles|on)\b",
    re.IGNORECASE)


@repair("source", languages=("fr",), examples=[
    ("« Nous partirons », a-t-il déclaré.", "« Nous partirons », il a déclaré."),
    ("2013 pourrait être un tournant\", prédit-il.", "2013 pourrait être un tournant\", il prédit."),
    ("Pourquoi n'y a-t-il pas de vote ?", "Pourquoi il n'y a pas de vote ?"),
    ("Faut-il partir ?", "Il faut partir ?"),
    ("Jean-Paul et Marie-Elle, peut-être", "Jean-Paul et Marie-Elle, peut-être"),
])
def subject_before_verb(text: str) -> str:
    """A reporting clause ("« Nous partirons », a-t-il déclaré") or a question inverts verb and
    subject, which the translator reads as one unknown word ("hadeclarado", "says-")."""
    def restore(match: re.Match[str]) -> str:
        before, verb, subject = match.group("before", "verb", "subject")
        if subject != subject.lower() or verb[1:] != verb[1:].lower():  # "Marie-Elle", "RER-Il"
            return match.group()
        clause = f"{subject} {before.lower()}{verb[0].lower()}{verb[1:]}"
        opening = (before or verb)[0].isupper()  # a question opening the sentence
        return clause[0].upper() + clause[1:] if opening else clause
    return _INVERTED.sub(restore, text)


# Verbs and conjunctions after which a French "ne" in the following clause is expletive, not a
# negation: "craindre que ... ne", "avant que ... ne", "à moins que ... ne".
_EXPLETIVE_TRIGGER = re.compile(
    r"\b(?:craign\w*|crai(?:ndre|ns|nt|nte|ntes)|redout\w*|peur|crainte|avant|moins|empêch\w*|évit\w*)"
    r"\s+qu(?:e\s+|['’])", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:!?]")
_NE = re.compile(r"\bne\s+|\bn['’](?=\w)", re.IGNORECASE)
# Words that make a "ne" a real negation
_NEGATION_WORDS = re.compile(r"\b(?:pas|plus|jamais|rien|personne|guère|aucune?|nullement|point|ni)\b",
                             re.IGNORECASE)


@repair("source", languages=("fr",), examples=[
    ("les alliés craignent que la Russie ne se réarme", "les alliés craignent que la Russie se réarme"),
    ("avant qu'il n'arrive à Moscou", "avant qu'il arrive à Moscou"),
    ("à moins que Kiev ne cède", "à moins que Kiev cède"),
    ("ils craignent que la Russie ne livre pas d'armes", "ils craignent que la Russie ne livre pas d'armes"),
    ("Il ne viendra jamais.", "Il ne viendra jamais."),
])
def drop_expletive_ne(text: str) -> str:
    """The expletive "ne" ("les alliés craignent que la Russie ne se réarme") is not a
    negation, but a translator reads it as one: the fear becomes a fear that Russia does *not*
    rearm."""
    out, done = [], 0
    for trigger in _EXPLETIVE_TRIGGER.finditer(text):
        if trigger.start() < done:
            continue
        end = _CLAUSE_END.search(text, trigger.end())
        clause_end = end.start() if end else len(text)
        ne = _NE.search(text, trigger.end(), clause_end)
        if ne and not _NEGATION_WORDS.search(text, ne.end(), clause_end):
            out.append(text[done:ne.start()])
            done = ne.end()
    return "".join(out) + text[done:]


# The languages that write a decimal comma and group thousands with a point or a space
# ("1.200.000", "15 000", "2,5"): every source language the routes read.
DECIMAL_COMMA = ("an", "bg", "br", "bs", "ca", "da", "eo", "es", "eu", "fr", "gl", "hr", "is", "it", "mk", "nn",
                 "no", "oc", "pt", "ro", "sl", "sr", "sv")
# A number written that way: groups of three digits after a point or a space, a decimal part
# after a comma; not inside a longer token ("192.168.1.1", "2012 300" of two numbers).
_CONTINENTAL_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(,\d+)?(?![\w]|[.,]\d)")


@repair("source", languages=DECIMAL_COMMA, examples=[
    ("une crue de 2,2 kilomètres", "une crue de 2.2 kilomètres"),
    ("15 000 ordinateurs et 1\u202f200\u202f000 euros", "15,000 ordinateurs et 1,200,000 euros"),
    ("costó 1.200.000 euros y 2,5 millones", "costó 1,200,000 euros y 2.5 millones"),
    ("il 3,7% di 15.000 persone", "il 3.7% di 15,000 persone"),
    ("les articles 1, 2 et 3 en 2012 300 personnes", "les articles 1, 2 et 3 en 2012 300 personnes"),
    ("l'adresse 192.168.1.1 à 10.30", "l'adresse 192.168.1.1 à 10.30"),
])
def english_numbers(text: str) -> str:
    """Numbers written with a decimal comma and grouped thousands ("1.200.000 euros", "2,5
    millions"), which the translator keeps as they are, written the English way: English reads
    "2,5" as a list and "1.200" as a decimal."""
    def english(match: re.Match[str]) -> str:
        whole, decimals = match.groups()
        if decimals is None and whole.isdigit():
            return match.group()
        grouped = re.sub(r"[. \u00a0\u202f]", ",", whole)
        return grouped + ("." + decimals[1:] if decimals else "")
    return _CONTINENTAL_NUMBER.sub(english, text)


_EGALEMENT = re.compile(r"\b([ÉéEe])galement\b")


@repair("source", languages=("fr",), examples=[
    ("Il a également déclaré", "Il a aussi déclaré"),
])
def aussi_for_egalement(text: str) -> str:
    """"également" (also) goes through Spanish "igualmente" and comes out as "equally"."""
    return _EGALEMENT.sub(lambda m: "Aussi" if m.group(1).isupper() else "aussi", text)


# "le plus" or "les plus" (or "au", "aux") before a word: the French-Spanish leg reads "plus" as
# the noun there ("les plus pauvres" -> "los plus pobres" -> "the poor plus"), while it reads "la
# plus" as the superlative ("la plus grande" -> "la más grande" -> "the biggest"). Spanish "más"
# agrees with nothing, so no word loses its gender.
_SUPERLATIVE = re.compile(r"\b(?:(le|les)|(au|aux))\s+plus\s+(?=[a-zà-ÿ])", re.IGNORECASE)


@repair("source", languages=("fr",), examples=[
    ("leur niveau le plus bas depuis 2008", "leur niveau la plus bas depuis 2008"),
    ("Le plus grand défi, aux plus pauvres", "La plus grand défi, à la plus pauvres"),
    ("De plus, ils ne viennent plus.", "De plus, ils ne viennent plus."),
    ("ce qui compte le plus, c'est", "ce qui compte le plus, c'est"),
])
def superlative_la_plus(text: str) -> str:
    """The superlative "le plus" comes out as a noun ("the big plus country")."""
    def feminine(match: re.Match[str]) -> str:
        article, contracted = match.groups()
        edited = "à la plus " if contracted else "la plus "
        return edited.capitalize() if (article or contracted)[0].isupper() else edited
    return _SUPERLATIVE.sub(feminine, text)


# Serbian Cyrillic and its Latin letters, one for one (Gaj's alphabet): the Serbo-Croatian
# Apertium pair reads Latin letters only.
_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ"
_LATIN = ("a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š "
          "A B V G D Đ E Ž Z I J K L Lj M N Nj O P R S T Ć U F H C Č Dž Š").split()
_SERBIAN_LATIN = str.maketrans(dict(zip(_CYRILLIC, _LATIN, strict=True)))
# A letter of two that opens a word in capitals: both letters are capitals ("ЉУБЉАНА").
_CAPITAL_DIGRAPH = re.compile(r"(Lj|Nj|Dž)(?=[A-ZČĆĐŠŽ])")


@repair("source", languages=("sr", "bs"), examples=[
    ("Влада је одлучила да смањи порезе.", "Vlada je odlučila da smanji poreze."),
    ("Љубљана, ЊЕГОШ и џем", "Ljubljana, NJEGOŠ i džem"),
    ("Vlada je odlučila.", "Vlada je odlučila."),
])
def serbian_in_latin_letters(text: str) -> str:
    """Serbian written in Cyrillic letters, which the translator passes through untranslated,
    in the Latin letters it reads."""
    return _CAPITAL_DIGRAPH.sub(lambda m: m.group().upper(), text.translate(_SERBIAN_LATIN))
