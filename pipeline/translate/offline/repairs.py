"""Edits around a rule-based translator, as ordered tables of small named rules.

`SOURCE_RULES` rewrite the source text before translation where the translator would invert or
garble its meaning; `ENGLISH_RULES` tidy its English afterwards. A source rule takes the text; an
English rule takes the English and the source sentence it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.text import with_s

SourceRule = Callable[[str], str]
EnglishRule = Callable[[str, str], str]

# --- French, before translation ----------------------------------------------------------------

_GLUED = re.compile(r"(?<=[^\W\d_]{3})([.!?])(?=[^\W\d_]{2,}\b(?![.@/]))")
# Lower-case endings of web addresses, which a glued sentence is not: "lemonde.fr", "site.com"
_DOMAIN_ENDINGS = frozenset({"fr", "com", "org", "net", "eu", "be", "ch", "ca", "io", "info", "gouv", "html", "php",
                             "uk", "de", "es", "it"})


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


_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d+)(?![\d,])")


def decimal_point(text: str) -> str:
    """French writes decimals with a comma ("2,2 kilomètres"); English reads "2,2" as a list."""
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])")


def thousands_commas(text: str) -> str:
    """French groups thousands with spaces ("15 000 ordinateurs"), which the translator keeps;
    English groups them with commas."""
    return _THOUSANDS.sub(lambda m: re.sub(r"[ \u00a0\u202f]", ",", m.group()), text)


_EGALEMENT = re.compile(r"\b([ÉéEe])galement\b")


def aussi_for_egalement(text: str) -> str:
    """"également" (also) goes through Spanish "igualmente" and comes out as "equally"."""
    return _EGALEMENT.sub(lambda m: "Aussi" if m.group(1).isupper() else "aussi", text)


# "le plus" or "les plus" (or "au", "aux") before a word: the French-Spanish leg reads "plus" as
# the noun there ("les plus pauvres" -> "los plus pobres" -> "the poor plus"), while it reads "la
# plus" as the superlative ("la plus grande" -> "la más grande" -> "the biggest"). Spanish "más"
# agrees with nothing, so no word loses its gender.
_SUPERLATIVE = re.compile(r"\b(?:(le|les)|(au|aux))\s+plus\s+(?=[a-zà-ÿ])", re.IGNORECASE)


def superlative_la_plus(text: str) -> str:
    """The superlative "le plus" comes out as a noun ("the big plus country")."""
    def feminine(match: re.Match[str]) -> str:
        article, contracted = match.groups()
        edited = "à la plus " if contracted else "la plus "
        return edited.capitalize() if (article or contracted)[0].isupper() else edited
    return _SUPERLATIVE.sub(feminine, text)


# A verb and its subject pronoun inverted, with the "ne", "y" or "en" before the verb: "a-t-il
# déclaré", "dit-elle", "n'y a-t-il". Lower case only where it starts: a name ("Jean-Paul") is not one.
_INVERTED = re.compile(
    r"(?P<before>\b(?:(?:ne|n['’])\s*)?(?:(?:y|en)\s+)?)(?P<verb>[^\W\d_]+)-(?:t-)?(?P<subject>il|elle|ils|elles|on)\b",
    re.IGNORECASE)


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


# An elided word ("l'", "d'", "qu'") whose apostrophe the scrape turned into a double quote.
_QUOTE_FOR_APOSTROPHE = re.compile(r"(?<![\w\"])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu))\"(?=[aeiouyhàâéèêëîïôûœ])",
                                   re.IGNORECASE)


def apostrophe_for_quote(text: str) -> str:
    """A scrape that mangled apostrophes ("l"équipe", "d"être") leaves words the translator
    does not know, and a stray quote in the English."""
    return _QUOTE_FOR_APOSTROPHE.sub(r"\1'", text)


SOURCE_RULES: dict[str, tuple[SourceRule, ...]] = {
    "fr": (split_glued_sentences, apostrophe_for_quote, subject_before_verb, drop_expletive_ne, decimal_point,
           thousands_commas, aussi_for_egalement, superlative_la_plus),
}

# --- English, after translation ----------------------------------------------------------------

# Analyser tags ("<prn>"), and the mark that splits a multiword verb from its particle in the
# generator's dictionary ("#give# back" for a "give back" it could not inflect; the mark before
# the word goes with the words left behind).
_TAG = re.compile(r"<[a-z0-9_]+>|(?<=\w)#(?=\s)")


def strip_tags(english: str, source: str) -> str:
    """Tags and marks leak when a word cannot be generated."""
    return _TAG.sub("", english)


_AUXILIARY = r"(?:will|would|can|could|shall|should|must|may|might|do|does|did|has|have|had|is|are|was|were)"
_NOT_NEVER = re.compile(rf"\b({_AUXILIARY}) not ((?:\w+ ){{0,2}}?\w+) never\b", re.IGNORECASE)


def one_negation_never(english: str, source: str) -> str:
    """"ne ... jamais" comes out with two negations ("It will not come never")."""
    return _NOT_NEVER.sub(r"\1 never \2", english)


# "ne ... pas beaucoup" goes through Spanish as "no ... no mucho": "We do not have no a lot of
# options".
_PAS_BEAUCOUP = re.compile(r"\bpas beaucoup\b", re.IGNORECASE)
_NO_A_LOT = re.compile(r"(?<=\bnot )((?:\w+ ){0,2}?)no (a lot|much|many)\b")


def one_negation_pas_beaucoup(english: str, source: str) -> str:
    """"pas beaucoup" comes out with two negations ("It does not eat no a lot")."""
    return _NO_A_LOT.sub(r"\1\2", english) if _PAS_BEAUCOUP.search(source) else english


_NO_LONGER = re.compile(rf"\bNo longer (I|you|he|she|it|we|they|there) ({_AUXILIARY})\b")


def no_longer_after_auxiliary(english: str, source: str) -> str:
    """"ne ... plus" comes out in Spanish order ("No longer it will come")."""
    return _NO_LONGER.sub(lambda m: f"{m.group(1).capitalize() if m.group(1) != 'I' else 'I'} {m.group(2)} no longer",
                          english)


_PERSON_NOT = re.compile(rf"(?<!\b[Aa] )(?<!\b[Tt]he )(?<!\bone )(?<!\bany )(?<!\beach )(?<!\bevery )"
                         rf"\b([Pp])erson ({_AUXILIARY}) not\b")


def nobody_for_personne(english: str, source: str) -> str:
    """"Personne ne peut" (nobody can) comes out as "Person can not"."""
    if not re.search(r"\bpersonne\s+(?:ne\b|n['’])", source, re.IGNORECASE):
        return english
    return _third_person(_PERSON_NOT.sub(lambda m: f"{'N' if m.group(1) == 'P' else 'n'}obody {m.group(2)}", english))


_DOES_VERB = re.compile(r"\b([Nn]obody|[Nn]othing) does (\w+)")


def _third_person(english: str) -> str:
    """"Nobody does know" -> "Nobody knows": the "does" was only there to carry the "not"."""
    return _DOES_VERB.sub(lambda m: f"{m.group(1)} {with_s(m.group(2), es_after_o=True)}", english)


_NOTHING_NOT = re.compile(rf"\b([Aa]t all)(?: it)? ({_AUXILIARY}) not\b")


def nothing_for_rien(english: str, source: str) -> str:
    """"Rien ne peut changer" (nothing can change) comes out as "At all it can not change"."""
    return _third_person(_NOTHING_NOT.sub(lambda m: f"{'N' if m.group(1)[0] == 'A' else 'n'}othing {m.group(2)}",
                                          english))


# Past participles whose simple past differs, or that do not end in -ed; "been" is handled apart.
IRREGULAR_PAST = {
    "seen": "saw", "done": "did", "gone": "went", "given": "gave", "taken": "took", "written": "wrote",
    "become": "became", "begun": "began", "known": "knew", "shown": "showed", "spoken": "spoke", "chosen": "chose",
    "driven": "drove", "fallen": "fell", "risen": "rose", "grown": "grew", "thrown": "threw", "broken": "broke",
    "eaten": "ate", "forgotten": "forgot", "hidden": "hid", "drawn": "drew", "flown": "flew", "sworn": "swore",
    "withdrawn": "withdrew", "undertaken": "undertook", "stolen": "stole", "frozen": "froze", "come": "came",
    "run": "ran", "said": "said", "made": "made", "had": "had", "found": "found", "told": "told", "got": "got",
    "won": "won", "lost": "lost", "left": "left", "held": "held", "brought": "brought", "thought": "thought",
    "put": "put", "set": "set", "let": "let", "cut": "cut", "kept": "kept", "met": "met", "paid": "paid",
    "sent": "sent", "spent": "spent", "built": "built", "felt": "felt", "led": "led", "meant": "meant",
    "sold": "sold", "stood": "stood", "understood": "understood", "caught": "caught", "fought": "fought",
    "bought": "bought", "heard": "heard", "read": "read", "hit": "hit", "shot": "shot", "spread": "spread",
    "struck": "struck", "laid": "laid", "fled": "fled", "dealt": "dealt", "taught": "taught",
}
_PERFECT = re.compile(r"\b([Hh]as|[Hh]ave) ((?:also|already|just|recently|finally|then) )?([a-z]+)\b")


def simple_past_for_passe_compose(english: str, source: str) -> str:
    """The French narrative past ("a déclaré") comes out as a present perfect ("has
    declared"), where English news tells events in the simple past ("declared")."""
    def past(match: re.Match[str]) -> str:
        auxiliary, adverb, participle = match.group(1), match.group(2) or "", match.group(3)
        if participle == "been":
            simple = "was" if auxiliary.lower() == "has" else "were"
        elif participle in IRREGULAR_PAST:
            simple = IRREGULAR_PAST[participle]
        elif participle.endswith("ed"):
            simple = participle
        else:
            return match.group()
        text = adverb + simple
        return text[0].upper() + text[1:] if auxiliary[0].isupper() else text
    return _PERFECT.sub(past, english)


_ALL_CAPS = re.compile(r"\b[A-Z]{2,}\b")


def no_invented_capitals(english: str, source: str) -> str:
    """A word the source has in lower case comes out in capitals when the translator takes it
    for an acronym; words in capitals in the source (ONU -> UN) stay."""
    if _ALL_CAPS.search(source):
        return english
    return _ALL_CAPS.sub(lambda m: m.group().capitalize() if _opens_sentence(english, m.start())
                         else m.group().lower(), english)


def _opens_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \"'«“(")
    return not before or before[-1] in ".!?"


_CAPITALISED_AUXILIARY = re.compile(r"(?<=[\w-] )(Has|Have|Had|Is|Are|Was|Were|Will|Would|Does|Did|Can|Could|Should|"
                                    r"Must)\b(?= [a-z])")


def no_capital_after_a_name(english: str, source: str) -> str:
    """A name that opens a sentence goes through as a placeholder Apertium does not know, and
    the verb after it comes out capitalised ("Kim Jong-un Has the intention")."""
    return _CAPITALISED_AUXILIARY.sub(lambda m: m.group().lower(), english)


def tidy_spaces(english: str, source: str) -> str:
    """Dropped words leave double spaces and a space before punctuation ("that  see", "Russia ,")."""
    return re.sub(r" {2,}", " ", re.sub(r" +([,.;:!?)])", r"\1", english)).strip()


# Verbs of saying and thinking, whose subject is a person: "it said" is "he said" or "she said".
_SPEAKING = ("say", "said", "says", "declare", "declared", "declares", "add", "added", "adds", "explain", "explained",
             "explains", "state", "stated", "states", "affirm", "affirmed", "affirms", "announce", "announced",
             "announces", "tell", "told", "tells", "ask", "asked", "asks", "warn", "warned", "warns", "recall",
             "recalled", "recalls", "insist", "insisted", "insists", "write", "wrote", "writes", "confirm", "confirmed",
             "confirms", "confess", "confessed", "confesses", "reassert", "reasserted", "reasserts", "estimate",
             "estimated", "estimates", "believe", "believed", "believes", "think", "thought", "thinks", "consider",
             "considered", "considers", "acknowledge", "acknowledged", "acknowledges", "recognise", "recognised",
             "recognises", "underline", "underlined", "underlines", "stress", "stressed", "stresses", "admit",
             "admitted", "admits", "promise", "promised", "promises", "recommend", "recommended", "recommends")
_IT_SPEAKS = re.compile(rf"\b([Ii])t (?=(?:{'|'.join(_SPEAKING)})\b)")
_SUBJECT_PRONOUN = re.compile(r"\b(il|elle)\b", re.IGNORECASE)


def he_or_she_who_speaks(english: str, source: str) -> str:
    """French "il" and "elle" come out as "it" ("it declared", "it thinks"); before a verb of
    saying or thinking the subject is a person, whose gender the source's pronoun tells, when
    it has only one of the two."""
    pronouns = {p.casefold() for p in _SUBJECT_PRONOUN.findall(source)}
    if len(pronouns) != 1:
        return english
    person = "he" if pronouns == {"il"} else "she"
    return _IT_SPEAKS.sub(lambda m: (person.capitalize() if m.group(1) == "I" else person) + " ", english)


_POSSESSIVE = re.compile(r"\b(son|sa|ses|leurs?)\b", re.IGNORECASE)
_HIS = re.compile(r"\b([Hh])is\b")


def their_for_leur(english: str, source: str) -> str:
    """The pivot's one possessive ("su") comes out as "his" for "leur" too ("the employees and
    his families"). Where the source's possessives and the English's "his" pair up one to one,
    each "leur" is "their"; otherwise ("je leur ai dit", a pronoun) nothing is touched."""
    possessives = [m.group(1).casefold() for m in _POSSESSIVE.finditer(source)]
    if not any(p.startswith("leur") for p in possessives):
        return english
    found = list(_HIS.finditer(english))
    if len(found) != len(possessives):
        return english
    out, done = [], 0
    for match, possessive in zip(found, possessives, strict=True):
        if possessive.startswith("leur"):
            out += [english[done:match.start()], "Their" if match.group(1) == "H" else "their"]
            done = match.end()
    return "".join(out) + english[done:]


_COMMA_QUI = re.compile(r",\s+qui\b", re.IGNORECASE)
_COMMA_THAT = re.compile(r", that\b")
# A name of two capitalised words before the comma is a person's, or reads as one ("Pierre
# Noizat, who"); anything else is a thing ("the text, which").
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'-]+ ){1,3}[A-Z][\w'-]+$")


def who_or_which(english: str, source: str) -> str:
    """French ", qui" opens a clause about what comes before the comma; the translator writes
    ", that", which English does not put after a comma. Where each ", qui" of the source has its
    ", that", a name before the comma takes "who" and anything else "which"."""
    found = list(_COMMA_THAT.finditer(english))
    if not found or len(found) != len(_COMMA_QUI.findall(source)):
        return english
    out, done = [], 0
    for match in found:
        pronoun = "who" if _NAME_BEFORE.search(english[:match.start()]) else "which"
        out += [english[done:match.start()], f", {pronoun}"]
        done = match.end()
    return "".join(out) + english[done:]


# ", dont" before a count or a name lists part of what comes before the comma ("12 personnes,
# dont deux mineurs"); the translator always writes "whose" ("12 people, whose two minors").
_COMMA_DONT = re.compile(r",\s+dont\b")
_COUNTED = re.compile(r",\s+dont\s+(?:\d|(?:au moins|près de|environ|plus de)\b|[A-ZÀ-Ý]|(?:un|une|deux|trois|quatre|"
                      r"cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|"
                      r"cinquante|soixante|cent|mille|plusieurs|certains|certaines|quelques|la plupart)\b)")
_COMMA_WHOSE = re.compile(r", whose\b")


def including_for_dont(english: str, source: str) -> str:
    """"Seventeen people, whose five children" for "dix-sept personnes, dont cinq enfants": a
    casualty count that reads as another's children. Where every ", dont" of the source lists
    a count or a name and each has its ", whose", it is ", including"."""
    listed = len(_COUNTED.findall(source))
    if not listed or listed != len(_COMMA_DONT.findall(source)) or listed != len(_COMMA_WHOSE.findall(english)):
        return english
    return _COMMA_WHOSE.sub(", including", english)


# Words English never doubles, which two of the translator's rules each put in ("would vote
# his final text the the following day", "looked forward to to replace").
_DOUBLED = re.compile(r"\b(the|an?|to|in|of|on|for|by|with|at|from|even|and)\s+\1\b", re.IGNORECASE)


def no_doubled_words(english: str, source: str) -> str:
    """"the the", "to to": a word written twice in a row, once."""
    return _DOUBLED.sub(r"\1", english)


def editors_note(english: str, source: str) -> str:
    """"NDLR" (note de la rédaction) marks what the newsroom added inside a quote; the
    translator keeps the French abbreviation."""
    return re.sub(r"\bN\.?D\.?L\.?R\b\.?", "editor's note", english, flags=re.IGNORECASE)


def english_quotes(english: str, source: str) -> str:
    """French quotation marks, with the spaces French sets inside them ("« a trap »"), are
    English double quotes ("a trap")."""
    return re.sub(r"\s*»", '"', re.sub(r"«\s*", '"', english))


ENGLISH_RULES: tuple[EnglishRule, ...] = (
    strip_tags, simple_past_for_passe_compose, one_negation_never, one_negation_pas_beaucoup,
    no_longer_after_auxiliary, nobody_for_personne, nothing_for_rien, he_or_she_who_speaks, their_for_leur,
    no_invented_capitals, no_capital_after_a_name, who_or_which, including_for_dont, no_doubled_words, editors_note,
    english_quotes, tidy_spaces,
)
