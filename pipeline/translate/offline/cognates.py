"""English cognates of the learned words that no dictionary at hand lists.

French and English share thousands of learned words whose endings correspond regularly
(diabétique/diabetic, stratagème/stratagem, clarifier/clarify, curatif/curative), and so do the
other Romance languages, each by its own endings (Spanish cosmonauta/cosmonaut). Apertium's
dictionaries and FreeDict's small ones lack many of them, and news is full of them. A word they
all leave is rewritten by those correspondences, accents dropped, and the result is kept only
when an English word list (Debian's `wamerican-large`) has it, so no invented word comes out.
Only the words every dictionary left reach this step: the common false friends ("actuel",
"librairie") are in Apertium's dictionaries and never get here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.errors import BackendUnavailable
from pipeline.models.resources import FileResource
from pipeline.text import fold

WORD_LIST = Path("/usr/share/dict/american-english-large")
WORD_LIST_PACKAGE = "wamerican-large"
# Source ending -> English endings, tried in order on the word without its accents; the first
# English word the list has wins. Plural and feminine forms come first, as their ending is longer.
ENDINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "fra": (
        ("iques", ("ics", "ical")), ("ique", ("ic", "ical")),  # diabétiques -> diabetics
        ("istes", ("ists",)), ("iste", ("ist",)),  # salafiste -> salafist
        ("ismes", ("isms",)), ("isme", ("ism",)),  # djihadisme -> jihadism is the list's concern
        ("logues", ("logists", "logs")), ("logue", ("logist", "log")),  # oncologue -> oncologist
        ("ifier", ("ify",)), ("ifiees", ("ified",)), ("ifies", ("ified",)), ("ifiee", ("ified",)),
        ("ifie", ("ified",)),  # clarifier -> clarify, clarifié -> clarified
        ("iser", ("ize",)), ("isees", ("ized",)), ("ises", ("ized",)), ("isee", ("ized",)),
        ("ise", ("ized",)),  # marginaliser -> marginalize
        ("isant", ("izing",)),  # totalisant -> totalizing
        ("uer", ("uate",)),  # réévaluer -> reevaluate
        ("tives", ("tive",)), ("tifs", ("tive",)), ("tive", ("tive",)), ("tif", ("tive",)),  # curatifs
        ("emes", ("ems",)), ("eme", ("em",)),  # stratagème -> stratagem
        ("ieuses", ("ious",)), ("ieuse", ("ious",)), ("ieux", ("ious",)),  # fallacieux -> fallacious
        ("euses", ("ous",)), ("euse", ("ous",)), ("eux", ("ous",)),  # vigoureux -> vigorous
        ("ites", ("ities",)), ("ite", ("ity",)),  # opacité -> opacity
        ("aires", ("aries", "ary")), ("aire", ("ary",)),  # tributaire -> tributary
        ("oires", ("ories", "ory")), ("oire", ("ory",)),  # ostentatoire -> ostentatory
        ("er", ("ate",)), ("ees", ("ated",)), ("es", ("ated",)), ("ee", ("ated",)),
        ("e", ("ated",)),  # réintégrer -> reintegrate, réintégrés -> reintegrated
        ("", ("",)),  # suprême -> supreme
    ),
    "spa": (
        ("icas", ("ics", "ical")), ("icos", ("ics", "ical")), ("ica", ("ic", "ical")), ("ico", ("ic", "ical")),
        ("istas", ("ists",)), ("ista", ("ist",)), ("ismos", ("isms",)), ("ismo", ("ism",)),
        ("ciones", ("tions",)), ("cion", ("tion",)), ("siones", ("sions",)), ("sion", ("sion",)),
        ("idades", ("ities",)), ("idad", ("ity",)), ("ivos", ("ive",)), ("ivas", ("ive",)), ("ivo", ("ive",)),
        ("iva", ("ive",)), ("osos", ("ous",)), ("osas", ("ous",)), ("oso", ("ous",)), ("osa", ("ous",)),
        ("arios", ("aries", "ary")), ("arias", ("aries", "ary")), ("ario", ("ary",)), ("aria", ("ary",)),
        ("izar", ("ize",)), ("izado", ("ized",)), ("izada", ("ized",)), ("ificar", ("ify",)),
        ("ificado", ("ified",)), ("entes", ("ents", "ent")), ("ente", ("ent",)), ("antes", ("ants", "ant")),
        ("ante", ("ant",)), ("ales", ("al",)), ("ores", ("ors",)), ("as", ("s",)), ("os", ("s",)), ("es", ("s",)),
        ("a", ("",)), ("o", ("",)), ("e", ("",)), ("", ("",)),  # cosmonauta -> cosmonaut
    ),
    "por": (
        ("icas", ("ics", "ical")), ("icos", ("ics", "ical")), ("ica", ("ic", "ical")), ("ico", ("ic", "ical")),
        ("istas", ("ists",)), ("ista", ("ist",)), ("ismos", ("isms",)), ("ismo", ("ism",)),
        ("coes", ("tions",)), ("cao", ("tion",)), ("soes", ("sions",)), ("sao", ("sion",)),
        ("idades", ("ities",)), ("idade", ("ity",)), ("ivos", ("ive",)), ("ivas", ("ive",)), ("ivo", ("ive",)),
        ("iva", ("ive",)), ("osos", ("ous",)), ("osas", ("ous",)), ("oso", ("ous",)), ("osa", ("ous",)),
        ("arios", ("aries", "ary")), ("ario", ("ary",)), ("aria", ("ary",)), ("izar", ("ize",)),
        ("izado", ("ized",)), ("ificar", ("ify",)), ("entes", ("ents", "ent")), ("ente", ("ent",)),
        ("antes", ("ants", "ant")), ("ante", ("ant",)), ("ais", ("als",)), ("as", ("s",)), ("os", ("s",)),
        ("es", ("s",)), ("a", ("",)), ("o", ("",)), ("e", ("",)), ("", ("",)),
    ),
    "ita": (
        ("iche", ("ics", "ical")), ("ici", ("ics", "ical")), ("ica", ("ic", "ical")), ("ico", ("ic", "ical")),
        ("isti", ("ists",)), ("iste", ("ists",)), ("ista", ("ist",)), ("ismi", ("isms",)), ("ismo", ("ism",)),
        ("zioni", ("tions",)), ("zione", ("tion",)), ("sioni", ("sions",)), ("sione", ("sion",)),
        ("ita", ("ity",)), ("ivi", ("ive",)), ("ive", ("ive",)), ("ivo", ("ive",)), ("iva", ("ive",)),
        ("osi", ("ous",)), ("ose", ("ous",)), ("oso", ("ous",)), ("osa", ("ous",)), ("ari", ("aries", "ary")),
        ("ario", ("ary",)), ("aria", ("ary",)), ("izzare", ("ize",)), ("izzato", ("ized",)),
        ("ificare", ("ify",)), ("enti", ("ents", "ent")), ("ente", ("ent",)), ("anti", ("ants", "ant")),
        ("ante", ("ant",)), ("ali", ("al",)), ("ale", ("al",)), ("i", ("s", "")), ("e", ("",)), ("a", ("",)),
        ("o", ("",)), ("", ("",)),
    ),
    "cat": (
        ("iques", ("ics", "ical")), ("ics", ("ics", "ical")), ("ica", ("ic", "ical")), ("ic", ("ic", "ical")),
        ("istes", ("ists",)), ("ista", ("ist",)), ("ismes", ("isms",)), ("isme", ("ism",)),
        ("cions", ("tions",)), ("cio", ("tion",)), ("sions", ("sions",)), ("sio", ("sion",)),
        ("itats", ("ities",)), ("itat", ("ity",)), ("ius", ("ive",)), ("ives", ("ive",)), ("iu", ("ive",)),
        ("iva", ("ive",)), ("osos", ("ous",)), ("oses", ("ous",)), ("osa", ("ous",)), ("os", ("ous", "s")),
        ("aris", ("aries", "ary")), ("ari", ("ary",)), ("aria", ("ary",)), ("itzar", ("ize",)),
        ("ificar", ("ify",)), ("ents", ("ents",)), ("ants", ("ants",)), ("als", ("als",)), ("es", ("s",)),
        ("s", ("s",)), ("a", ("",)), ("e", ("",)), ("", ("",)),
    ),
    "ron": (
        ("ici", ("ics", "ical")), ("ice", ("ics", "ical")), ("ica", ("ic", "ical")), ("ic", ("ic", "ical")),
        ("isti", ("ists",)), ("iste", ("ists",)), ("ist", ("ist",)), ("isme", ("isms",)), ("ism", ("ism",)),
        ("tii", ("tions",)), ("tie", ("tion",)), ("iuni", ("ions",)), ("iune", ("ion",)),
        ("itati", ("ities",)), ("itate", ("ity",)), ("ivi", ("ive",)), ("ive", ("ive",)), ("iva", ("ive",)),
        ("iv", ("ive",)), ("oase", ("ous",)), ("oasa", ("ous",)), ("osi", ("ous",)), ("os", ("ous",)),
        ("iza", ("ize",)), ("ifica", ("ify",)), ("enti", ("ents", "ent")), ("ent", ("ent",)),
        ("anti", ("ants", "ant")), ("ant", ("ant",)), ("ali", ("al",)), ("ale", ("al",)), ("al", ("al",)),
        ("uri", ("s",)), ("e", ("",)), ("a", ("",)), ("i", ("s", "")), ("", ("",)),
    ),
    "glg": (
        ("icas", ("ics", "ical")), ("icos", ("ics", "ical")), ("ica", ("ic", "ical")), ("ico", ("ic", "ical")),
        ("istas", ("ists",)), ("ista", ("ist",)), ("ismos", ("isms",)), ("ismo", ("ism",)),
        ("cions", ("tions",)), ("cion", ("tion",)), ("idades", ("ities",)), ("idade", ("ity",)),
        ("ivos", ("ive",)), ("ivo", ("ive",)), ("iva", ("ive",)), ("osos", ("ous",)), ("oso", ("ous",)),
        ("osa", ("ous",)), ("ario", ("ary",)), ("aria", ("ary",)), ("izar", ("ize",)), ("ificar", ("ify",)),
        ("entes", ("ents", "ent")), ("ente", ("ent",)), ("antes", ("ants", "ant")), ("ante", ("ant",)),
        ("as", ("s",)), ("os", ("s",)), ("es", ("s",)), ("a", ("",)), ("o", ("",)), ("e", ("",)), ("", ("",)),
    ),
}
# Stems shorter than this are too short for an ending to tell anything ("site" -> "sity").
MIN_STEM = 3


class WordList(FileResource):
    """The English words a cognate must be one of, from Debian's `wamerican-large`."""

    kind = "word list"
    code = "words"


class Cognates:
    """English cognates of one source language's words, by `ENDINGS` and a word list."""

    def __init__(self, source: str, word_list: Path = WORD_LIST) -> None:
        self.source = source
        self.word_list = word_list
        self.resource = WordList(WORD_LIST_PACKAGE, word_list, WORD_LIST_PACKAGE)

    @property
    def reads(self) -> bool:
        """Whether the language has cognate endings at all."""
        return self.source in ENDINGS

    def available(self) -> bool:
        return self.reads and self.resource.here

    def english(self, word: str) -> str | None:
        """The English word that `word` corresponds to, or None when the list has no candidate."""
        bare = fold(word).casefold()
        if not bare.isalpha():
            return None
        for ending, replacements in ENDINGS.get(self.source, ()):
            stem = bare[: len(bare) - len(ending)]
            if not bare.endswith(ending) or len(stem) < MIN_STEM:
                continue
            for replacement in replacements:
                if (candidate := stem + replacement) in self._words:
                    return candidate
        return None

    @property
    def _words(self) -> frozenset[str]:
        return english_words(self.word_list)


@cache
def english_words(word_list: Path) -> frozenset[str]:
    """The list's common words (read once, for every language's cognates)."""
    if not word_list.is_file():
        raise BackendUnavailable(f"no English word list {word_list}: apt-get install {WORD_LIST_PACKAGE}")
    # proper nouns of the list ("Nice", "Marseille") are not cognates of common words
    return frozenset(line for line in word_list.read_text(encoding="utf-8").splitlines() if line.islower())
