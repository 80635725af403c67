"""The embedded translator: Apertium, and the repairs that make its English readable.

Apertium translates word by word through its dictionaries, so on news it respells names
("Prudhomme" -> "Judge of the social"), leaves the words its dictionaries lack in French, or in
Spanish when the pivot's second leg lacks them, and reads some French constructions backwards.
Around the Apertium route (fr-es > spa-eng), per sentence:

1. source repairs (`source_repairs.py`) rewrite what the route would garble: glued sentences,
   the expletive "ne", decimal and thousands separators;
2. names found by a spaCy recogniser are swapped for placeholders that Apertium passes through
   untouched, unless both legs of the route know the name as a proper noun (then Apertium's
   English form is kept: "Corée du Nord" -> "North Korea", "Poutine" -> "Putin"); a place
   Apertium does not know gets its English name from the dictionary ("La Haye" -> "The Hague");
3. the route translates, with Apertium's marks on the words it did not know;
4. a source word both legs left ('**') is looked up in the source-English dictionary, then
   translated alone by the alternative route (fra-cat > cat-eng), then rewritten as its English
   cognate where an English word list confirms one (`cognates.py`), else kept as written; a
   pivot word the second leg left ('*') is looked up in the pivot-English dictionary, else taken
   back to the source language by the first leg's reverse mode (es-fr) and treated as a source
   word;
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
from pipeline.translate.apertium import ApertiumTranslator, analyse, installed_modes, start_in_background
from pipeline.translate.offline import repairs
from pipeline.translate.offline.cognates import Cognates
from pipeline.translate.offline.lexicon import Lexicon
from pipeline.translate.offline.names import Name, NameFinder

log = logging.getLogger(__name__)

# Sentences per chunk: the name finder works on one chunk while Apertium translates the one
# before; large enough to keep both busy, small enough that the first chunk is not a long wait.
CHUNK_SENTENCES = 64
# Apertium's two-letter codes and the three-letter ones of its newer pairs and of FreeDict
_ISO3 = {"fr": "fra", "es": "spa", "ca": "cat", "en": "eng", "pt": "por", "it": "ita", "de": "deu"}
# A placeholder for the n-th name of a sentence: letters and digits Apertium has no entry for,
# so both legs pass it through unchanged (as an unknown word, marked '**').
_PLACEHOLDER = "Zqx{}q"
_PLACEHOLDER_FOUND = re.compile(r"Zqx(\d+)q")
# A capital inside a word: a coined name ("MoDem"), not the common word Apertium reads in it.
_CAMEL_CASE = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")
# A word Apertium marked: '*' unknown (once per leg that passed it through), '#' or '@' not
# generated or not transferred.
_MARKED = re.compile(r"(?<![\w*#@])([*#@]+)([^\W_][\w'’-]*)")
# Kinds of name (the recogniser's labels) that are kept as written even when their words are
# common words: a person's or a place's name ("Lance Armstrong", "La Haye") is never translated.
KEPT_KINDS = frozenset({"PER", "LOC"})
# Lower-case words this short inside a name are its function words ("Centre for the Study of").
FUNCTION_WORD_LENGTH = 3
# Subject pronouns a reverse mode adds before a verb that a pro-drop pivot (Spanish, Catalan)
# gives alone.
ADDED_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "on", "je", "tu", "nous", "vous"})
_LEXICAL_UNIT = re.compile(r"\^([^/$]*)((?:/[^/$]*)*)\$")


class EmbeddedTranslator:
    """An Apertium route (its modes in order) with the repairs above, for one source language;
    `alternative` is a second route, for words the first one leaves."""

    def __init__(self, lang: str, route: Sequence[str], alternative: Sequence[str] = (),
                 names: NameFinder | None = None, dictionaries: Sequence[str] = ()) -> None:
        self.lang = lang
        self.route = ApertiumTranslator(*route)
        self.alternative = ApertiumTranslator(*alternative) if alternative else None
        self.names = names
        self.dictionaries = tuple(dictionaries)
        self._all_lexicons = tuple(map(Lexicon, self.dictionaries))
        self._lexicons = {lexicon.source: lexicon for lexicon in self._all_lexicons}
        self.cognates: Cognates | None = Cognates(_source(self.route.modes))  # None once its word list is missing
        self._word_list = (self.cognates.resource,) if self.cognates.reads else ()
        self._written: dict[str, str | None] = {}  # name -> what the English says (None: Apertium's)
        self._warned: set[str] = set()
        self._leftover_modes_started = False

    @property
    def producer(self) -> Producer:
        return self.route.producer

    @property
    def resources(self) -> tuple[Resource, ...]:
        """What this translator uses from the machine, whether it is here or not."""
        found: list[Resource] = [*self.route.resources, *(self.alternative.resources if self.alternative else ())]
        if self.names:
            found.append(self.names.resource)
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

    def _start_leftover_modes(self) -> None:
        """The alternative route and the reverse mode, which only words left behind need."""
        if self._leftover_modes_started:
            return
        self._leftover_modes_started = True
        wanted = [(self.alternative.modes, True, False)] if self.alternative else []
        reverse = _reverse(self.route.modes[0])
        if reverse in (installed_modes() or ()):
            wanted.append(((reverse,), False, False))
        start_in_background(wanted)

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
        self._start_leftover_modes()
        with ThreadPoolExecutor(max_workers=1) as apertium:
            pending = []
            for chunk in chunks:
                masked, chunk_names = self._mask_names(chunk)
                names += chunk_names
                pending.append(apertium.submit(self.route.translate_marked, masked))
            marked = [sentence for future in pending for sentence in future.result()]
        filled = self._fill_leftovers(marked)
        english = repairs.repairs_for(self.lang, "english")
        tidy = []
        for sentence, source, own in zip(filled, flat, names, strict=True):
            sentence = _PLACEHOLDER_FOUND.sub(lambda m, own=own: own[int(m.group(1))], sentence)  # type: ignore[misc]
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
                parts += [sentence[done:name.start], _PLACEHOLDER.format(number)]
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
            proper = [known and "*" not in text and _all_proper_nouns(analysis)
                      for known, text, analysis in zip(proper, legs, analyse(next_leg, legs), strict=True)]
        for text, analysis, known in zip(texts, analyses, proper, strict=True):
            label = new[text].label
            if (known or (_lone_common_word(analysis) and not _CAMEL_CASE.search(text))
                    or (label not in KEPT_KINDS and not _capitalised(text))):
                self._written[text] = None
            elif label == "LOC":
                self._written[text] = _same_case(self._look_up(_source(route), text), text) or text
            else:
                self._written[text] = text

    # --- words left behind -------------------------------------------------------------------

    def _fill_leftovers(self, marked: list[str]) -> list[str]:
        """Marked words replaced: a dictionary's English, else the alternative route's English
        of the word alone, else the source-language word."""
        modes = self.route.modes
        left: dict[str, set[str]] = {"source": set(), "pivot": set()}
        for text in marked:
            for marks, word in _MARKED.findall(text):
                if kind := _left_by(marks, word, len(modes)):
                    left[kind].add(word)
        back = self._back_to_source(left["pivot"])
        by_word = self._translate_words(left["source"] | set(back.values()))

        def replace(match: re.Match[str]) -> str:
            marks, word = match.groups()
            kind = _left_by(marks, word, len(modes))
            if kind is None:
                return word
            if kind == "pivot":
                pivot_english = _same_case(self._look_up(_target_of_first(modes), word), word)
                if pivot_english:
                    return pivot_english
                word = back.get(word, word)
            return by_word.get(word, word)

        return [_MARKED.sub(replace, text) for text in marked]

    def _translate_words(self, words: set[str]) -> dict[str, str]:
        """Source words on their own: the source-English dictionary's English, else the English
        of the alternative route when it knows the word (no mark left), else an English cognate
        ("stratagème" -> "stratagem"), else nothing."""
        found = {}
        for word in words:
            english = _same_case(self._look_up(_source(self.route.modes), word), word)
            if english:
                found[word] = english
        found |= self._alternative_words(sorted(words - found.keys()))
        for word in words - found.keys():
            if english := self._cognate(word):
                found[word] = _same_case(english, word) or english
        return found

    def _alternative_words(self, words: list[str]) -> dict[str, str]:
        if not self.alternative or not words:
            return {}
        try:
            alternative = self.alternative.translate_marked(words)
        except BackendUnavailable as error:
            self._warn_once("alternative", f"words Apertium does not know stay as they are: {error}")
            self.alternative = None
            return {}
        return {word: _same_case(english, word) or english for word, english in zip(words, alternative, strict=True)
                if not _MARKED.search(english) and english.casefold() != word.casefold() and not _stutters(english)}

    def _cognate(self, word: str) -> str | None:
        if self.cognates is None:
            return None
        try:
            return self.cognates.english(word)
        except BackendUnavailable as error:
            self._warn_once("cognates", f"words Apertium does not know stay as they are: {error}")
            self.cognates = None
            return None

    def _look_up(self, lang: str, word: str) -> str | None:
        lexicon = self._lexicons.get(lang)
        if lexicon is None:
            return None
        try:
            return lexicon.lookup(word)
        except BackendUnavailable as error:
            self._warn_once(lexicon.pair, f"words Apertium does not know stay as they are: {error}")
            self._lexicons.pop(lang)
            return None

    def _back_to_source(self, words: set[str]) -> dict[str, str]:
        """Pivot-language words put back into the source language by the first leg's reverse
        mode (es-fr for fr-es); a word the reverse mode does not know either stays."""
        reverse = _reverse(self.route.modes[0])
        if not words or reverse not in (installed_modes() or ()):
            return {}
        ordered = sorted(words)
        back = [_without_added_pronoun(source) for source in ApertiumTranslator(reverse).translate(ordered)]
        # a word alone may come back as a phrase of the wrong sense: only a single word is taken
        return {word: _same_case(source, word) or source for word, source in zip(ordered, back, strict=True)
                if source.casefold() != word.casefold() and len(source.split()) == 1}

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning("%s", message)


def _reverse(mode: str) -> str:
    """The mode that translates back: es-fr for fr-es."""
    return "-".join(reversed(mode.split("-")))


def _without_added_pronoun(back: str) -> str:
    """A verb the reverse mode gave a subject pronoun, which the pivot leaves out ("ironiza" ->
    "Il ironise"), without it."""
    words = back.split()
    if len(words) == 2 and words[0].casefold() in ADDED_PRONOUNS:
        return words[1]
    return back


def _left_by(marks: str, word: str, legs: int) -> str | None:
    """"source" for a word every leg passed through unknown ('**' in a two-leg route), "pivot"
    for one a later leg did not know; None for a placeholder or a word only marked as not
    generated or not transferred ('#', '@')."""
    stars = marks.count("*")
    if not stars or _PLACEHOLDER_FOUND.fullmatch(word):
        return None
    return "source" if stars >= legs else "pivot"


def _word_units(analysis: str) -> list[str]:
    """The readings ("/Paris<np><loc>") of each word of an analysis; punctuation (the full stop
    that ends the analyser's input) is no word."""
    return [readings for surface, readings in _LEXICAL_UNIT.findall(analysis) if any(c.isalpha() for c in surface)]


def _all_proper_nouns(analysis: str) -> bool:
    """Whether every word of an analysis ("^Corée du Nord/Corée du Nord<np><loc>$") has a
    proper-noun reading."""
    units = _word_units(analysis)
    return bool(units) and all("<np>" in readings for readings in units)


def _stutters(english: str) -> bool:
    """A compound translated part by part into the same word twice ("nord-coréen" ->
    "north-north") has lost its meaning."""
    parts = [part.casefold() for part in re.split(r"[\s-]+", english) if part]
    return len(parts) != len(set(parts))


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


def _source(modes: tuple[str, ...]) -> str:
    return _ISO3.get(code := modes[0].split("-")[0], code)


def _target_of_first(modes: tuple[str, ...]) -> str:
    return _ISO3.get(code := modes[0].split("-")[1].split("_")[0], code)


def _same_case(english: str | None, word: str) -> str | None:
    """The English with the word's initial case: a word looked up alone may come back
    capitalised as if it opened a sentence."""
    if english is None:
        return None
    return (english[:1].upper() if word[:1].isupper() else english[:1].lower()) + english[1:]
