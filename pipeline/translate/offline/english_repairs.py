"""Repairs of Apertium's English, in the order they run.

Each takes the English and the source sentence it came from: some tidy any English (tags that
leak, doubled words, spaces, quotation marks, capitals the source did not have), others read the
source to undo what the pivot through Spanish merged or inverted (negations, tenses, pronouns,
possessives, relative clauses). Declared in `registry.py`'s terms: name, languages, examples.
"""

from __future__ import annotations

import re

from pipeline.text import with_s
from pipeline.translate.offline.registry import repair

# Analyser tags ("<prn>"), and the mark that splits a multiword verb from its particle in the
# generator's dictionary ("#give# back" for a "give back" it could not inflect; the mark before
# the word goes with the words left behind).
_TAG = re.compile(r"<[a-z0-9_]+>|(?<=\w)#(?=\s)")


@repair("english", examples=[
    ("the word<prn> stays", "", "the word stays"),
    ("Kim Jong-un was already give# back in his train", "", "Kim Jong-un was already give back in his train"),
])
def strip_tags(english: str, source: str) -> str:
    """Tags and marks leak when a word cannot be generated."""
    return _TAG.sub("", english)


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


# Languages whose narrative past is a compound perfect: French "a déclaré", Italian "ha
# dichiarato", Romanian "a declarat".
COMPOUND_PAST = ("fr", "it", "ro")


@repair("english", languages=COMPOUND_PAST, examples=[
    ("The minister has declared that it has been arrested.", "", "The minister declared that it was arrested."),
    ("Putin has also seen Kim.", "", "Putin also saw Kim."),
    ("They have to leave.", "", "They have to leave."),
])
def simple_past_for_passe_compose(english: str, source: str) -> str:
    """The narrative past of French, Italian or Romanian ("a déclaré") comes out as a present
    perfect ("has declared"), where English news tells events in the simple past ("declared")."""
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


_AUXILIARY = r"(?:will|would|can|could|shall|should|must|may|might|do|does|did|has|have|had|is|are|was|were)"
_NOT_NEVER = re.compile(rf"\b({_AUXILIARY}) not ((?:\w+ ){{0,2}}?\w+) never\b", re.IGNORECASE)


@repair("english", languages=("fr",), examples=[
    ("It will not come never.", "Il ne viendra jamais.", "It will never come."),
    ("They would not have to never leave.", "", "They would never have to leave."),
])
def one_negation_never(english: str, source: str) -> str:
    """"ne ... jamais" comes out with two negations ("It will not come never")."""
    return _NOT_NEVER.sub(r"\1 never \2", english)


# "ne ... pas beaucoup" goes through Spanish as "no ... no mucho": "We do not have no a lot of
# options".
_PAS_BEAUCOUP = re.compile(r"\bpas beaucoup\b", re.IGNORECASE)
_NO_A_LOT = re.compile(r"(?<=\bnot )((?:\w+ ){0,2}?)no (a lot|much|many)\b")


@repair("english", languages=("fr",), examples=[
    ("We do not have no a lot of options", "Nous n'avons pas beaucoup d'options", "We do not have a lot of options"),
    ("It does not eat no a lot", "Il ne mange pas beaucoup", "It does not eat a lot"),
    ("Not no, but yes", "Pas non, mais oui", "Not no, but yes"),
])
def one_negation_pas_beaucoup(english: str, source: str) -> str:
    """"pas beaucoup" comes out with two negations ("It does not eat no a lot")."""
    return _NO_A_LOT.sub(r"\1\2", english) if _PAS_BEAUCOUP.search(source) else english


_NO_LONGER = re.compile(rf"\bNo longer (I|you|he|she|it|we|they|there) ({_AUXILIARY})\b")


@repair("english", languages=("fr",), examples=[
    ("No longer it can leave.", "Il ne peut plus partir.", "It can no longer leave."),
])
def no_longer_after_auxiliary(english: str, source: str) -> str:
    """"ne ... plus" comes out in Spanish order ("No longer it will come")."""
    return _NO_LONGER.sub(lambda m: f"{m.group(1).capitalize() if m.group(1) != 'I' else 'I'} {m.group(2)} no longer",
                          english)


_PERSON_NOT = re.compile(rf"(?<!\b[Aa] )(?<!\b[Tt]he )(?<!\bone )(?<!\bany )(?<!\beach )(?<!\bevery )"
                         rf"\b([Pp])erson ({_AUXILIARY}) not\b")


@repair("english", languages=("fr",), examples=[
    ("Person can not leave.", "Personne ne peut partir.", "Nobody can leave."),
    ("Person does not know.", "Personne ne sait.", "Nobody knows."),
    ("A person does not care.", "Une personne ne s'en soucie pas.", "A person does not care."),
])
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


@repair("english", languages=("fr",), examples=[
    ("At all it can not change.", "Rien ne peut changer.", "Nothing can change."),
])
def nothing_for_rien(english: str, source: str) -> str:
    """"Rien ne peut changer" (nothing can change) comes out as "At all it can not change"."""
    return _third_person(_NOTHING_NOT.sub(lambda m: f"{'N' if m.group(1)[0] == 'A' else 'n'}othing {m.group(2)}",
                                          english))


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


@repair("english", languages=("fr",), examples=[
    ("« No », it declared.", "« Non », il a déclaré.", "« No », he declared."),
    ("It reasserted however his statement.",
     "Elle a toutefois réitéré sa déclaration.",
     "She reasserted however his statement."),
    # two pronouns: whose gender is unknown
    ("It thinks that it is late.",
     "Elle pense qu'il est tard.",
     "It thinks that it is late."),
])
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


@repair("english", languages=("fr",), examples=[
    ("The employees and his families expect his salary.",
     "Les salariés et leurs familles attendent leur salaire.",
     "The employees and their families expect their salary."),
    ("The director and his squad.", "Le directeur et son équipe.", "The director and his squad."),
    # a pronoun "leur": the possessives do not pair up
    ("I said them that his project was well.",
     "Je leur ai dit que leur projet était bon.",
     "I said them that his project was well."),
])
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


def _opens_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \"'«“(")
    return not before or before[-1] in ".!?"


_ALL_CAPS = re.compile(r"\b[A-Z]{2,}\b")


@repair("english", examples=[
    ("The ACCORDING report", "le rapport selon", "The according report"),
    ("The UN said", "L'ONU a dit", "The UN said"),
])
def no_invented_capitals(english: str, source: str) -> str:
    """A word the source has in lower case comes out in capitals when the translator takes it
    for an acronym; words in capitals in the source (ONU -> UN) stay."""
    if _ALL_CAPS.search(source):
        return english
    return _ALL_CAPS.sub(lambda m: m.group().capitalize() if _opens_sentence(english, m.start())
                         else m.group().lower(), english)


_CAPITALISED_AUXILIARY = re.compile(r"(?<=[\w-] )(Has|Have|Had|Is|Are|Was|Were|Will|Would|Does|Did|Can|Could|Should|"
                                    r"Must)\b(?= [a-z])")
# Closed-class words after a capitalised word (a name): "Kenseth And Harvick", "Capitals Of the".
_CAPITALISED_FUNCTION_WORD = re.compile(r"\b([A-Z][\w'’-]* )(?:(And|Or)\b(?= \w)|(Of|The|But|In|On|At|To|For|With|"
                                        r"From|By|As|That|Which|Who|He|She|It|They|We)\b(?= [a-z]))")


@repair("english", examples=[
    ("Kim Jong-un Has the intention to go.", "", "Kim Jong-un has the intention to go."),
    ("Stewart, Gordon, Kenseth And Harvick They make up the list.", "",
     "Stewart, Gordon, Kenseth and Harvick they make up the list."),
    ("Washington Capitals Of the group.", "", "Washington Capitals of the group."),
    ("He lives in The Hague.", "", "He lives in The Hague."),
])
def no_capital_after_a_name(english: str, source: str) -> str:
    """A name that opens a sentence goes through as a placeholder Apertium does not know, and
    the word after it comes out capitalised ("Kim Jong-un Has the intention", "Capitals Of the
    group")."""
    lowered = _CAPITALISED_AUXILIARY.sub(lambda m: m.group().lower(), english)
    return _CAPITALISED_FUNCTION_WORD.sub(lambda m: m.group(1) + (m.group(2) or m.group(3)).lower(), lowered)


_COMMA_QUI = re.compile(r",\s+qui\b", re.IGNORECASE)
_COMMA_THAT = re.compile(r", that\b")
# A name of two capitalised words before the comma is a person's, or reads as one ("Pierre
# Noizat, who"); anything else is a thing ("the text, which").
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'-]+ ){1,3}[A-Z][\w'-]+$")


@repair("english", languages=("fr",), examples=[
    ("Pierre Noizat, that finishes to launch Paymium, is confident.",
     "Pierre Noizat, qui vient de lancer Paymium, est confiant.",
     "Pierre Noizat, who finishes to launch Paymium, is confident."),
    ("The text, that was still being voted last night, comports 234 articles.",
     "Le texte, qui était encore en train d'être voté hier soir, comporte 234 articles.",
     "The text, which was still being voted last night, comports 234 articles."),
    # "que": a conjunction, kept
    ("He announced, Wednesday, that the Assembly would vote.",
     "Il a annoncé, mercredi, que l'Assemblée voterait.",
     "He announced, Wednesday, that the Assembly would vote."),
])
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


@repair("english", languages=("fr",), examples=[
    ("They arrested 12 people, whose two minors.",
     "Ils ont arrêté 12 personnes, dont deux mineurs.",
     "They arrested 12 people, including two minors."),
    ("Several suspects, whose Tony Accurso.",
     "Plusieurs suspects, dont Tony Accurso.",
     "Several suspects, including Tony Accurso."),
    ("The law, whose withdrawal was voted.",
     "La loi, dont le retrait a été voté.",
     "The law, whose withdrawal was voted."),
])
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


@repair("english", examples=[
    ("would vote his final text the the following day", "", "would vote his final text the following day"),
    ("looked forward to to replace the principles", "", "looked forward to replace the principles"),
    ("He said that that plan had had its day.", "", "He said that that plan had had its day."),
])
def no_doubled_words(english: str, source: str) -> str:
    """"the the", "to to": a word written twice in a row, once."""
    return _DOUBLED.sub(r"\1", english)


@repair("english", languages=("fr",), examples=[
    ("the fiqh [Islamic jurisprudence, ndlr]", "", "the fiqh [Islamic jurisprudence, editor's note]"),
    ("The president (NDLR: Emmanuel Macron) spoke.", "", "The president (editor's note: Emmanuel Macron) spoke."),
])
def editors_note(english: str, source: str) -> str:
    """"NDLR" (note de la rédaction) marks what the newsroom added inside a quote; the
    translator keeps the French abbreviation."""
    return re.sub(r"\bN\.?D\.?L\.?R\b\.?", "editor's note", english, flags=re.IGNORECASE)


@repair("english", examples=[
    ("was the « right established of the country », underlining",
     "",
     'was the "right established of the country", underlining'),
])
def english_quotes(english: str, source: str) -> str:
    """French quotation marks, with the spaces French sets inside them ("« a trap »"), are
    English double quotes ("a trap")."""
    return re.sub(r"\s*»", '"', re.sub(r"«\s*", '"', english))


@repair("english", examples=[
    ("that  see , Russia", "", "that see, Russia"),
])
def tidy_spaces(english: str, source: str) -> str:
    """Dropped words leave double spaces and a space before punctuation ("that  see", "Russia ,")."""
    return re.sub(r" {2,}", " ", re.sub(r" +([,.;:!?)])", r"\1", english)).strip()
