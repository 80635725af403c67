"""Proper names in source text, as the source language's Apertium analyser knows them.

For a language without a spaCy pipeline on PyPI, the names come from the morphological
dictionary the route already uses: a run of capitalised words, each with a proper-noun reading
("^Lisboa/Lisboa<np><loc>$") or unknown to the dictionary ("^Sánchez/*Sánchez$"), is a name. A
word opening a sentence is capitalised anyway: unknown there, it is a name only with another
name word after it. The reading gives the kind: a person (<ant>, <cog>), a place
(<loc>), an organisation (<org>, <al>); an unknown word is a name of no known kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models.resources import Resource
from pipeline.translate.apertium import analyse, start_in_background
from pipeline.translate.offline.names import Name

_LEXICAL_UNIT = re.compile(r"\^((?:\\.|[^/$\\])*)((?:/(?:\\.|[^/$\\])*)*)\$")
_ESCAPE = re.compile(r"\\(.)")
# What opens a sentence, before its first word: its start, or a full stop, a quote, a dash.
_OPENERS = frozenset('.!?:;"«“(—-')
# The analyser's tags of a proper noun's kind, and the label a name of that kind gets.
KINDS = (("<loc>", "LOC"), ("<top>", "LOC"), ("<ant>", "PER"), ("<cog>", "PER"), ("<org>", "ORG"), ("<al>", "ORG"))
# A reading as a preposition or an article (a determiner).
_PARTICLE = re.compile(r"<(?:pr|det)>")
# A reading as a noun or an adjective, proper or common.
_NOUN = re.compile(r"<(?:n|np|adj)>")
# A lower-case preposition or article this short (not one letter: a conjunction) joins two words
# of one name: "Lula da Silva", "Vall d'Aran".
PARTICLE_LENGTH = 3
# A word of the analysis: where it starts and ends in the text, its readings, whether it opens a
# sentence.
Word = tuple[int, int, str, bool]


class ProperNouns:
    """Finds names with the analyser of one Apertium mode (the route's first)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    @property
    def resources(self) -> tuple[Resource, ...]:
        return ()  # the mode is the route's own: listed with it

    def warm_up(self) -> None:
        start_in_background([((self.mode,), False, True)])

    def find(self, texts: Sequence[str]) -> list[list[Name]]:
        """The names of each text, in order, not overlapping."""
        return [_names(text, analysis) for text, analysis in zip(texts, analyse(self.mode, texts), strict=True)]

    def close(self) -> None:
        return None


def _names(text: str, analysis: str) -> list[Name]:
    """Runs of name words joined by blanks, with at most one particle between two words. A
    proper noun the dictionary inflects (Basque "Txinako", of China) is a name of its own, which
    the translator may translate with its ending."""
    names: list[Name] = []
    run: list[Word] = []
    for word in _words(text, analysis):
        start, _, readings, opens = word
        surface = text[word[0]:word[1]]
        if run and text[run[-1][1]:start].strip():  # only blanks join the words of a name
            names, run = names + _name(text, run), []
        kind = _kind(surface, readings)
        if kind == "name" or (run and not opens and surface[:1].isupper() and not _NOUN.search(readings)):
            run.append(word)  # after a name word, a capitalised word the dictionary has as no noun
        elif run and _particle(surface, readings) and not text[run[-1][0]:run[-1][1]].islower():
            run.append(word)  # one particle at most between two name words
        else:
            names, run = names + _name(text, run), []
            if kind:
                names += _name(text, [word])
    return names + _name(text, run)


def _particle(surface: str, readings: str) -> bool:
    """A short lower-case preposition or article ("da", "de", "d'", "van"), not a conjunction."""
    short = 1 < len(surface.rstrip("'’")) <= PARTICLE_LENGTH and surface.islower()
    return short and (readings.startswith("/*") or bool(_PARTICLE.search(readings)))


def _kind(surface: str, readings: str) -> str:
    """"name" for a capitalised word the dictionary does not know or knows as a proper noun,
    "inflected" for a proper noun with an ending ("Txinako": "Txina" + of), "" for the rest."""
    if not surface[:1].isupper():
        return ""
    if readings.startswith("/*"):
        return "name"
    lemmas = [reading.split("<")[0] for reading in readings.split("/")[1:] if "<np>" in reading]
    if not lemmas:
        return ""
    return "name" if any(lemma.casefold() == surface.casefold() for lemma in lemmas) else "inflected"


def _words(text: str, analysis: str) -> list[Word]:
    """The analysis's words where they stand in `text`: start, end, readings, and whether the
    word opens a sentence."""
    found = []
    position = 0
    for surface, readings in _LEXICAL_UNIT.findall(analysis):
        word = _ESCAPE.sub(r"\1", surface)
        start = text.find(word, position) if word.strip() else -1
        if start < 0:
            continue
        before = text[:start].rstrip()
        found.append((start, start + len(word), readings, not before or before[-1] in _OPENERS))
        position = start + len(word)
    return found


def _name(text: str, run: list[Word]) -> list[Name]:
    """The run of name words as one name; a lone word opening the sentence that the dictionary
    does not know is left out (it may be any word, capitalised there)."""
    while run and text[run[-1][0]:run[-1][1]].islower():  # particles end no name
        run = run[:-1]
    if not run or (len(run) == 1 and run[0][3] and run[0][2].startswith("/*")):
        return []
    start, end = run[0][0], run[-1][1]
    first = next((reading for word in run for reading in word[2].split("/") if "<np>" in reading), "")
    label = next((label for tag, label in KINDS if tag in first), "MISC")
    return [Name(start, end, text[start:end], label)]
