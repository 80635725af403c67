"""The embedded translator: Apertium, and the repairs that make its English readable.

Apertium translates word by word through its dictionaries, so on news it respells names
("Prudhomme" -> "Judge of the social"), leaves the words its dictionaries lack in the source
language, or in the pivot's (Spanish) when the second leg lacks them, and reads some
constructions backwards. Around a language's Apertium route (fr-es > spa-eng), per sentence:

1. source repairs (`source_repairs.py`) rewrite what the route would garble: glued sentences,
   decimal and thousands separators, French's expletive "ne";
2. names found by a spaCy recogniser, or the analyser's proper nouns where no spaCy pipeline is
   published, are swapped for placeholders that Apertium passes through
   untouched, unless both legs of the route know the name as a proper noun (then Apertium's
   English form is kept: "Corée du Nord" -> "North Korea", "Poutine" -> "Putin"); a place
   Apertium does not know gets its English name from the dictionary ("La Haye" -> "The Hague");
3. the route translates, with Apertium's marks on the words it did not know;
4. the words a leg left get English from a dictionary, the alternative route, another chain of
   modes or an English cognate, else stay as written (`leftovers.py`);
5. names come back, and English repairs (`english_repairs.py`) tidy the result.

Which repairs apply to which language, in what order, is declared with each (`registry.py`).

"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from pipeline.document import Producer
from pipeline.errors import BackendUnavailable
from pipeline.models.resources import Resource
from pipeline.text import WORD, split_sentences
from pipeline.translate.apertium import ApertiumTranslator, analyse, start_in_background
from pipeline.translate.languages import source_of
from pipeline.translate.offline import repairs
from pipeline.translate.offline.cognates import Cognates
from pipeline.translate.offline.leftovers import PLACEHOLDER, PLACEHOLDER_FOUND, Leftovers
from pipeline.translate.offline.lexicon import Lexicon
from pipeline.translate.offline.names import Name, Names

log = logging.getLogger(__name__)

# Sentences per chunk: the name finder works on one chunk while Apertium translates the one
# before; large enough to keep both busy, small enough that the first chunk is not a long wait.
CHUNK_SENTENCES = 64
# A capital inside a word: a coined name ("MoDem"), not the common word Apertium reads in it.
_CAMEL_CASE = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")
# Kinds of name (the recogniser's labels) that are kept as written even when their words are
# common words: a person's or a place's name ("Lance Armstrong", "La Haye") is never translated.
KEPT_KINDS = frozenset({"PER", "LOC"})
# Lower-case words this short inside a name are its function words ("Centre for the Study of").
FUNCTION_WORD_LENGTH = 3
# A reading as a common noun or an adjective, beside a proper noun's.
_COMMON_WORD = re.compile(r"/[^/<]*<(?:n|adj)>")
_LEXICAL_UNIT = re.compile(r"\^([^/$]*)((?:/[^/$]*)*)\$")


class EmbeddedTranslator:
    """An Apertium route (its modes in order) with the repairs above, for one source language;
    `alternative` is a second route, for words the first one leaves."""

    def __init__(self, lang: str, route: Sequence[str], alternative: Sequence[str] = (),
                 names: Names | None = None, dictionaries: Sequence[str] = ()) -> None:
        self.lang = lang
        self.route = ApertiumTranslator(*route)
        self.alternative = ApertiumTranslator(*alternative) if alternative else None
        self.names = names
        self.dictionaries = tuple(dictionaries)
        self._all_lexicons = tuple(map(Lexicon, self.dictionaries))
        cognates = {lang: Cognates(lang) for lang in map(source_of, self.route.modes)}  # a pivot's words too
        self._word_list = tuple({c.resource for c in cognates.values() if c.reads})
        lexicons = {lexicon.source: lexicon for lexicon in self._all_lexicons}
        self.leftovers = Leftovers(self.route, self.alternative, lexicons, cognates, self._warn_once)
        self._written: dict[str, str | None] = {}  # name -> what the English says (None: Apertium's)
        self._warned: set[str] = set()

    @property
    def producer(self) -> Producer:
        return self.route.producer

    @property
    def resources(self) -> tuple[Resource, ...]:
        """What this translator uses from the machine, whether it is here or not."""
        found: list[Resource] = [*self.route.resources, *(self.alternative.resources if self.alternative else ())]
        if self.names:
            found += self.names.resources
        found += [lexicon.resource for lexicon in self._all_lexicons]
        return (*found, *self._word_list)

    @property
    def fingerprint(self) -> str:
        """The route, the repairs of this language, and every resource (an absent one too: its
        arrival changes the English)."""
        return " + ".join([self.route.fingerprint, f"repairs:{repairs.fingerprint(self.lang)}",
                           *(r.fingerprint for r in self.resources[len(self.route.resources):])])

    def warm_up(self) -> None:
        """Start the name finder and the Apertium modes that translating and naming call first:
        they load their model and dictionaries on the other core while the caller reads and
        cleans the articles (one after the other, as they were first used, they made a
        one-article run wait about a second). The modes for words left behind start with the
        translation (`translate`)."""
        if self.names:
            self.names.warm_up()
        route = self.route.modes
        # the route, the analyser of names, and what `_learn_names` asks of each leg
        start_in_background([(route, True, False), (route[:1], False, True),
                             *[((leg,), True, False) for leg in route[:-1]],
                             *[((leg,), False, True) for leg in route[1:]]])

    def translate(self, texts: Sequence[str]) -> list[str]:
        edited = list(texts)
        for repair in repairs.repairs_for(self.lang, "source"):
            edited = [repair.apply(text) for text in edited]
        sentences = [split_sentences(text, self.lang) for text in edited]
        flat = [sentence for group in sentences for sentence in group]
        # names are found in one chunk while Apertium translates the one before, on the other core
        chunks = [flat[start:start + CHUNK_SENTENCES] for start in range(0, len(flat), CHUNK_SENTENCES)]
        names: list[list[str]] = []
        # started now, while the names are found: started with the others, they took the second
        # core from the name finder's start, which a one-article run waits for (4.3 s -> 4.1 s)
        self.leftovers.start_modes()
        with ThreadPoolExecutor(max_workers=1) as apertium:
            pending = []
            for chunk in chunks:
                masked, chunk_names = self._mask_names(chunk)
                names += chunk_names
                pending.append(apertium.submit(self.route.translate_marked, masked))
            marked = [sentence for future in pending for sentence in future.result()]
        filled = self.leftovers.fill(marked, flat)
        english = repairs.repairs_for(self.lang, "english")
        tidy = []
        for sentence, source, own in zip(filled, flat, names, strict=True):
            sentence = PLACEHOLDER_FOUND.sub(lambda m, own=own: own[int(m.group(1))], sentence)  # type: ignore[misc]
            for repair in english:
                sentence = repair.apply(sentence, source)
            tidy.append(sentence)
        out = iter(tidy)
        return [" ".join(next(out) for _ in group) for group in sentences]

    # --- names -------------------------------------------------------------------------------

    def _mask_names(self, sentences: list[str]) -> tuple[list[str], list[list[str]]]:
        """Each sentence with the names Apertium would mangle swapped for placeholders, and
        what each placeholder stands for (the name, or a place's English name)."""
        found = self._find_names(sentences)
        self._learn_names([name for names in found for name in names])
        masked, kept = [], []
        for sentence, names in zip(sentences, found, strict=True):
            own = [name for name in names if self._written[name.text] is not None]
            parts, done = [], 0
            for number, name in enumerate(own):
                parts += [sentence[done:name.start], PLACEHOLDER.format(number)]
                done = name.end
            masked.append("".join(parts) + sentence[done:])
            kept.append([self._written[name.text] or name.text for name in own])
        return masked, kept

    def _find_names(self, sentences: list[str]) -> list[list[Name]]:
        found: list[list[Name]] = [[] for _ in sentences]
        # a sentence with no capital past its first letter has no name the finder would keep
        candidates = [index for index, sentence in enumerate(sentences) if _has_inner_capital(sentence)]
        if self.names is None or not candidates:
            return found
        try:
            for index, names in zip(candidates, self.names.find([sentences[i] for i in candidates]), strict=True):
                found[index] = names
        except BackendUnavailable as error:
            self._warn_once("names", f"names are translated as words: {error}")
        return found

    def _learn_names(self, names: list[Name]) -> None:
        """For each new name, what the English says: None when Apertium's own translation is
        right, else the name as written or, for a place, its English name from the dictionary.

        Apertium's translation is right when every leg of the route knows the name as a proper
        noun ("Corée du Nord" -> "North Korea"), and for a lone word that is also a common word
        ("le Président", "l'Etat"), unless a capital inside it says it was coined as a name
        ("MoDem"). A newspaper named by one common word after a contraction ("au Monde") is
        translated with it. Otherwise persons and places keep their name; another name
        is kept only when it reads as one, its words all capitalised ("Le Devoir"), and
        translated when it does not ("Assemblée constituante", "Frères musulmans").
        """
        new = {name.text: name for name in names if name.text not in self._written}
        if not new:
            return
        texts = sorted(new)
        route = self.route.modes
        analyses = analyse(route[0], texts)
        proper = [_all_proper_nouns(analysis) for analysis in analyses]
        legs = texts
        for leg, next_leg in zip(route, route[1:], strict=False):
            legs = ApertiumTranslator(leg).translate_marked(legs)
            proper = [known and "*" not in text and _all_proper_nouns(analysis, only=False)
                      for known, text, analysis in zip(proper, legs, analyse(next_leg, legs), strict=True)]
        for text, analysis, known in zip(texts, analyses, proper, strict=True):
            label = new[text].label
            if (known or (_lone_common_word(analysis) and not _CAMEL_CASE.search(text))
                    or (label not in KEPT_KINDS and not _capitalised(text))):
                self._written[text] = None
            elif label == "LOC":
                self._written[text] = _place_name(self.leftovers.look_up(source_of(route[0]), text)) or text
            else:
                self._written[text] = text

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning("%s", message)


def _word_units(analysis: str) -> list[str]:
    """The readings ("/Paris<np><loc>") of each word of an analysis; punctuation (the full stop
    that ends the analyser's input) is no word."""
    return [readings for surface, readings in _LEXICAL_UNIT.findall(analysis) if any(c.isalpha() for c in surface)]


def _all_proper_nouns(analysis: str, only: bool = True) -> bool:
    """Whether every word of an analysis ("^Corée du Nord/Corée du Nord<np><loc>$") has a
    proper-noun reading; with `only`, and no reading as a common noun or adjective: a source
    name that is also a word ("^Tours/Tours<np><loc>/Tour<n><m><pl>$") may come out as the word
    ("Torres"), where a later leg translates the name it is given."""
    units = _word_units(analysis)
    return bool(units) and all("<np>" in readings and not (only and _COMMON_WORD.search(readings))
                               for readings in units)


def _place_name(english: str | None) -> str | None:
    """A dictionary's English for a place, when it is a name ("La Haye" -> "The Hague"), not
    the common word the place is also spelt as ("Menton" -> "chin")."""
    return english if english and english[:1].isupper() else None


def _has_inner_capital(sentence: str) -> bool:
    return any(char.isupper() for char in sentence[1:])


def _capitalised(text: str) -> bool:
    words = [word for word in WORD.findall(text) if len(word) > FUNCTION_WORD_LENGTH]
    return bool(words) and all(word[0].isupper() for word in words)


def _lone_common_word(analysis: str) -> bool:
    """Whether the analysis is of one word that the dictionary knows as a common word and not
    as a proper noun."""
    units = _word_units(analysis)
    if len(units) != 1:
        return False
    readings = units[0].split("/")[1:]
    return not any("<np>" in reading for reading in readings) and not any(r.startswith("*") for r in readings)


