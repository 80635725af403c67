"""Bilingual dictionaries for the words a rule-based translator leaves untranslated.

The dictionaries are FreeDict's, installed from Debian (`dict-freedict-fra-eng`,
`dict-freedict-por-eng`, ...) in the dictd format: an index of headwords (word, offset and length in
base64) and the entries, gzip-compressed. An entry reads "chef /ʃɛf/ <n, masc>\\n1. chef\\n2.
chief, boss": the first translation of the first sense is taken. Headwords are lemmas, so an
inflected word is also looked up by the lemmas its ending allows.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from pipeline.errors import BackendUnavailable
from pipeline.models.resources import FileResource
from pipeline.text import fold, with_s
from pipeline.translate.languages import iso3

DICTD_FOLDER = Path("/usr/share/dictd")
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# "1. chief, boss" -> "chief"; a parenthesised gloss or a "to " before a verb is not the word
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
_GLOSS = re.compile(r"\([^)]*\)|\[[^]]*\]|^to\s+")
# An entry whose first sense is a person of a nation ("russe" -> "Russian woman", "français" ->
# "Frenchman"). French writes that noun with a capital, so a word in lower case is the adjective
# ("French"); and English names the person by the adjective too ("les Russes": "Russians").
_NATION_PERSON = re.compile(r"^([A-Z][a-z]+) (?:wo)?man$")
_NATION_PERSON_GLUED = re.compile(r"^([A-Z][a-z]+(?:sh|ch))(?:wo)?man$")
# Endings of inflected forms and the lemma endings they may come from, tried in order: the
# plural of nouns and adjectives, the feminine, and the commonest verb forms (-er verbs, with the
# "e" that -ger verbs keep before "a").
_LEMMA_ENDINGS = {
    "fra": (("aux", "al"), ("s", ""), ("x", ""), ("e", ""), ("es", ""), ("ée", "er"), ("ées", "er"), ("és", "er"),
            ("é", "er"), ("ent", "er"), ("e", "er"), ("es", "er"), ("eait", "er"), ("ait", "er"), ("eaient", "er"),
            ("aient", "er"), ("eant", "er"), ("ant", "er")),
    "spa": (("es", ""), ("s", ""), ("a", "o"), ("as", "o"), ("os", "o"), ("ado", "ar"), ("ada", "ar"), ("ados", "ar"),
            ("adas", "ar"), ("ido", "er"), ("ido", "ir"), ("ó", "ar"), ("ió", "er"), ("ió", "ir"), ("aron", "ar"),
            ("ieron", "er"), ("ieron", "ir"), ("aba", "ar"), ("aban", "ar"), ("ía", "er"), ("ía", "ir"), ("an", "ar"),
            ("en", "er"), ("en", "ir"), ("ará", "ar"), ("erá", "er"), ("irá", "ir"), ("ando", "ar"), ("iendo", "er"),
            ("iendo", "ir")),
    "por": (("es", ""), ("s", ""), ("a", "o"), ("as", "o"), ("os", "o"), ("ado", "ar"), ("ada", "ar"), ("ados", "ar"),
            ("ou", "ar"), ("aram", "ar"), ("am", "ar"), ("ava", "ar"), ("ido", "er"), ("ido", "ir"), ("eu", "er"),
            ("iu", "ir"), ("ando", "ar"), ("endo", "er")),
    "ita": (("i", "o"), ("e", "a"), ("i", "e"), ("ati", "are"), ("ato", "are"), ("ata", "are"), ("ate", "are"),
            ("ò", "are"), ("ano", "are"), ("ava", "are"), ("iti", "ire"), ("ito", "ire"), ("uto", "ere"),
            ("uti", "ere"), ("ando", "are"), ("endo", "ere")),
    # Esperanto inflects by regular endings: plural -j, accusative -n, verbs -as -is -os -us -u
    "epo": (("ojn", "o"), ("oj", "o"), ("on", "o"), ("ajn", "a"), ("aj", "a"), ("an", "a"), ("en", "e"), ("as", "i"),
            ("is", "i"), ("os", "i"), ("us", "i"), ("u", "i"), ("a", "o"), ("e", "o"), ("aj", "o"), ("e", "a")),
}


class Dictionary(FileResource):
    """A FreeDict dictionary ("fra-eng") in dictd's format, from its Debian package."""

    kind = "dictionary (FreeDict)"
    code = "dictionary"


def dictionary(pair: str, folder: Path = DICTD_FOLDER) -> Dictionary:
    return Dictionary(pair, folder / f"freedict-{pair}.index", f"dict-freedict-{pair}")


class Lexicon:
    """One FreeDict dictionary ("fra-eng"), read on first use."""

    def __init__(self, pair: str, folder: Path = DICTD_FOLDER) -> None:
        self.pair = pair
        self.source = iso3(pair.split("-")[0])  # "hbs" for "hrv-eng": the language Apertium reads
        self.folder = folder
        self.resource = dictionary(pair, folder)

    @property
    def package(self) -> str:
        return self.resource.package

    def available(self) -> bool:
        return self.resource.here

    def lookup(self, word: str) -> str | None:
        """The English of `word`, or of a lemma its ending allows; None when the dictionary has
        neither. A plural looked up by its singular comes back plural."""
        for lemma, plural in self._lemmas(word):
            # capitals often lose their accent in French ("Egypte"), and some headwords did too
            english = self._entries.get(lemma) or self._entries.get(fold(lemma))
            if not english:
                continue
            adjective = word[:1].islower()
            if (national := _NATION_PERSON.match(english) or adjective and _NATION_PERSON_GLUED.match(english)):
                english = national.group(1)
                if adjective:
                    return english  # an adjective takes no plural
            return with_s(english) if plural and " " not in english and not english.endswith("s") else english
        return None

    def _lemmas(self, word: str) -> Iterator[tuple[str, bool]]:
        lower = word.casefold()
        yield lower, False
        for ending, replacement in _LEMMA_ENDINGS.get(self.pair.split("-")[0], ()):
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                yield lower[: -len(ending)] + replacement, ending in ("s", "x", "es", "aux", "os")

    @cached_property
    def _entries(self) -> dict[str, str]:
        index, data = self.folder / f"freedict-{self.pair}.index", self.folder / f"freedict-{self.pair}.dict.dz"
        if not index.is_file() or not data.is_file():
            raise BackendUnavailable(f"no dictionary {self.pair}: apt-get install {self.package}")
        raw = gzip.decompress(data.read_bytes())
        entries: dict[str, str] = {}
        for line in index.read_text(encoding="utf-8").splitlines():
            headword, offset, length = line.split("\t")
            if headword.startswith("00database") or headword.casefold() in entries:
                continue
            start = _decode(offset)
            english = _first_translation(raw[start:start + _decode(length)].decode("utf-8", errors="replace"))
            if english:
                entries[headword.casefold()] = english
                entries.setdefault(fold(headword), english)
        return entries


def _decode(number: str) -> int:
    value = 0
    for char in number:
        value = value * 64 + _BASE64.index(char)
    return value


def _first_translation(entry: str) -> str | None:
    for line in entry.splitlines()[1:]:
        sense = _GLOSS.sub("", _SENSE_NUMBER.sub("", line.strip())).strip()
        first = re.split(r"[,;]", sense)[0].strip()
        if first:
            return first
    return None
