"""Words the route's legs left untranslated, given English.

Apertium marks a word it did not know with '*', once per leg that passed it through: in a
two-leg route, '**' is a source word both legs left, '*' a word of the pivot language the second
leg did not know. A source word is looked up in the source-English dictionary, then translated
alone by the alternative route (fra-cat > cat-eng for French), then rewritten as its English
cognate where an English word list confirms one (`cognates.py`), else kept as written. A pivot
word is looked up in its language's dictionary, else taken back to the source language (by the
first leg's reverse mode, es-fr, or where Debian has none by the first leg's translation of the
sentence's words) and treated as a source word, else translated alone by another chain of modes
from its language (`routes.other_routes`), else rewritten as its cognate, else kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from pipeline.errors import BackendUnavailable
from pipeline.text import WORD
from pipeline.translate.apertium import ApertiumTranslator, installed_modes, start_in_background
from pipeline.translate.languages import source_of
from pipeline.translate.offline.cognates import Cognates
from pipeline.translate.offline.lexicon import Lexicon
from pipeline.translate.routes import other_routes

# A placeholder for the n-th name of a sentence: letters and digits Apertium has no entry for,
# so every leg passes it through unchanged (as an unknown word, marked '**').
PLACEHOLDER = "Zqx{}q"
PLACEHOLDER_FOUND = re.compile(r"Zqx(\d+)q")
# A word Apertium marked: '*' unknown (once per leg that passed it through), '#' or '@' not
# generated or not transferred.
MARKED = re.compile(r"(?<![\w*#@])([*#@]+)([^\W_][\w'’-]*)")
# Subject pronouns a reverse mode adds before a verb that a pro-drop pivot (Spanish, Catalan)
# gives alone.
ADDED_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "on", "je", "tu", "nous", "vous"})
# Subject pronouns the English generator gives a verb translated alone ("opuso" -> "It opposed").
ENGLISH_SUBJECTS = frozenset({"it", "he", "she", "they", "we", "i", "you"})


class Leftovers:
    """The words one route leaves, and where their English comes from: the route's
    `alternative`, the `lexicons` by source language, the `cognates` by language; `warn` says,
    once, when one of them cannot be used."""

    def __init__(self, route: ApertiumTranslator, alternative: ApertiumTranslator | None,
                 lexicons: dict[str, Lexicon], cognates: dict[str, Cognates],
                 warn: Callable[[str, str], None]) -> None:
        self.route = route
        self.alternative = alternative
        self._lexicons = dict(lexicons)
        self.cognates: dict[str, Cognates] | None = cognates  # None once the word list is missing
        self.warn = warn
        self._modes_started = False

    def start_modes(self) -> None:
        """The alternative route and the reverse mode, which only words left behind need."""
        if self._modes_started:
            return
        self._modes_started = True
        wanted = [(self.alternative.modes, True, False)] if self.alternative else []
        reverse = _reverse(self.route.modes[0])
        if reverse in (installed_modes() or ()):
            wanted.append(((reverse,), False, False))
        start_in_background(wanted)

    def fill(self, marked: list[str], sources: list[str]) -> list[str]:
        """Marked words replaced: a dictionary's English, else the alternative route's English
        of the word alone, else the source-language word. A word a later leg left is in that
        leg's language: its dictionary's English, else (the first pivot's words) the English of
        the word taken back to the source language, else the English another chain of modes
        gives that language's word (`routes.other_routes`), else the word as it came."""
        modes = self.route.modes
        left: dict[int, set[str]] = defaultdict(set)  # leg whose language the word is in -> words
        for text in marked:
            for marks, word in MARKED.findall(text):
                if (leg := _left_by(marks, word, len(modes))) is not None:
                    left[leg].add(word)
        looked_up = {leg: {w: e for w in words if (e := _same_case(self.look_up(source_of(modes[leg]), w), w))}
                     for leg, words in left.items() if leg > 0}
        back = self._back_to_source(left.get(1, set()) - looked_up.get(1, {}).keys(),
                                    [s for s, m in zip(sources, marked, strict=True) if "*" in m])
        by_word = self._translate_words(left.get(0, set()) | set(back.values()))
        other = {leg: self._other_route_words(modes[leg:], sorted(words - looked_up[leg].keys()
                                                                     - {w for w, b in back.items() if b in by_word}))
                 for leg, words in left.items() if leg > 0}

        def replace(match: re.Match[str]) -> str:
            marks, word = match.groups()
            leg = _left_by(marks, word, len(modes))
            if leg is None:
                return word
            if leg == 0:
                return by_word.get(word, word)
            source_word = back.get(word, "")
            return (looked_up[leg].get(word) or by_word.get(source_word) or other[leg].get(word)
                    or self._cognate(source_of(modes[leg]), word) or source_word or word)

        return [MARKED.sub(replace, text) for text in marked]

    def _other_route_words(self, legs: tuple[str, ...], words: list[str]) -> dict[str, str]:
        """Pivot-language words on their own, through the other chains of modes to English,
        shortest first, each taking the words the ones before did not know."""
        found: dict[str, str] = {}
        for chain in other_routes(source_of(legs[0]), legs) if words else ():
            rest = [word for word in words if word not in found]
            try:
                english = ApertiumTranslator(*chain).translate_marked(rest)
            except BackendUnavailable:
                continue
            for word, text in zip(rest, english, strict=True):
                text = _without_added_subject(text)
                if not MARKED.search(text) and text.casefold() != word.casefold() and not _stutters(text):
                    found[word] = _same_case(text, word) or text
        return found

    def _translate_words(self, words: set[str]) -> dict[str, str]:
        """Source words on their own: the source-English dictionary's English, else the English
        of the alternative route when it knows the word (no mark left), else an English cognate
        ("stratagème" -> "stratagem"), else nothing."""
        found = {}
        for word in words:
            english = _same_case(self.look_up(source_of(self.route.modes[0]), word), word)
            if english:
                found[word] = english
        found |= self._alternative_words(sorted(words - found.keys()))
        for word in words - found.keys():
            if english := self._cognate(source_of(self.route.modes[0]), word):
                found[word] = english
        return found

    def _alternative_words(self, words: list[str]) -> dict[str, str]:
        if not self.alternative or not words:
            return {}
        try:
            alternative = self.alternative.translate_marked(words)
        except BackendUnavailable as error:
            self.warn("alternative", f"words Apertium does not know stay as they are: {error}")
            self.alternative = None
            return {}
        return {word: _same_case(english, word) or english for word, english in zip(words, alternative, strict=True)
                if not MARKED.search(english) and english.casefold() != word.casefold() and not _stutters(english)}

    def _cognate(self, lang: str, word: str) -> str | None:
        if self.cognates is None:
            return None
        try:
            english = self.cognates[lang].english(word)
        except BackendUnavailable as error:
            self.warn("cognates", f"words Apertium does not know stay as they are: {error}")
            self.cognates = None
            return None
        return _same_case(english, word) if english else None

    def look_up(self, lang: str, word: str) -> str | None:
        lexicon = self._lexicons.get(lang)
        if lexicon is None:
            return None
        try:
            return lexicon.lookup(word)
        except BackendUnavailable as error:
            self.warn(lexicon.pair, f"words Apertium does not know stay as they are: {error}")
            self._lexicons.pop(lang)
            return None

    def _back_to_source(self, words: set[str], sources: list[str]) -> dict[str, str]:
        """Pivot-language words put back into the source language: by the first leg's reverse
        mode (es-fr for fr-es), or, where Debian has none (ro-es), by the first leg's translation
        of each word of the `sources`, alone. A word neither gives back stays."""
        if not words:
            return {}
        reverse = _reverse(self.route.modes[0])
        if reverse not in (installed_modes() or ()):
            return self._forward_map(words, sources)
        ordered = sorted(words)
        back = [_without_added_pronoun(source) for source in ApertiumTranslator(reverse).translate(ordered)]
        # a word alone may come back as a phrase of the wrong sense: only a single word is taken
        return {word: _same_case(source, word) or source for word, source in zip(ordered, back, strict=True)
                if source.casefold() != word.casefold() and len(source.split()) == 1}

    def _forward_map(self, words: set[str], sources: list[str]) -> dict[str, str]:
        """For each pivot word, the source word the first leg translates, alone, into it."""
        wanted = {word.casefold(): word for word in words}
        candidates = sorted({w for source in sources for w in WORD.findall(source) if not PLACEHOLDER_FOUND.match(w)})
        found: dict[str, str] = {}
        pivots = ApertiumTranslator(self.route.modes[0]).translate(candidates)
        for source, pivot in zip(candidates, pivots, strict=True):
            word = wanted.get(pivot.strip().casefold())
            if word and word not in found and source.casefold() != word.casefold():
                found[word] = _same_case(source, word) or source
        return found


def _reverse(mode: str) -> str:
    """The mode that translates back: es-fr for fr-es."""
    return "-".join(reversed(mode.split("-")))

def _without_added_subject(english: str) -> str:
    """A verb translated alone, with the subject the generator gave it ("It opposed"), without it."""
    words = english.split()
    return words[1] if len(words) == 2 and words[0].casefold() in ENGLISH_SUBJECTS else english

def _without_added_pronoun(back: str) -> str:
    """A verb the reverse mode gave a subject pronoun, which the pivot leaves out ("ironiza" ->
    "Il ironise"), without it."""
    words = back.split()
    if len(words) == 2 and words[0].casefold() in ADDED_PRONOUNS:
        return words[1]
    return back

def _left_by(marks: str, word: str, legs: int) -> int | None:
    """The leg whose source language a marked word is in: 0 for a word every leg passed through
    unknown ('**' in a two-leg route), k for one the legs from the k-th on did not know (each
    unknown leg adds a '*'); None for a placeholder or a word only marked as not generated or
    not transferred ('#', '@')."""
    stars = marks.count("*")
    if not stars or PLACEHOLDER_FOUND.fullmatch(word):
        return None
    return max(legs - stars, 0)

def _stutters(english: str) -> bool:
    """A compound translated part by part into the same word twice ("nord-coréen" ->
    "north-north") has lost its meaning."""
    parts = [part.casefold() for part in re.split(r"[\s-]+", english) if part]
    return len(parts) != len(set(parts))

def _same_case(english: str | None, word: str) -> str | None:
    """The English with the word's initial case: a word looked up alone may come back
    capitalised as if it opened a sentence."""
    if english is None:
        return None
    return (english[:1].upper() if word[:1].isupper() else english[:1].lower()) + english[1:]
