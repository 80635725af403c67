"""The languages the offline translator reads, by the code each resource names them with.

Language detection and models.yaml name a language by its ISO 639-1 code ("ca"); Apertium's
modes by the two- or three-letter codes of each pair ("cat-spa", "pt-es"); FreeDict's
dictionaries by ISO 639-3 ("por-eng"). Apertium translates Bosnian, Croatian and Serbian as one
language, Serbo-Croatian ("hbs").
"""

from __future__ import annotations

# ISO 639-1 -> ISO 639-3, for the languages some chain of Apertium modes brings to English.
ISO3 = {
    "an": "arg", "bg": "bul", "br": "bre", "bs": "bos", "ca": "cat", "da": "dan", "en": "eng", "eo": "epo",
    "es": "spa", "eu": "eus", "fr": "fra", "gl": "glg", "hr": "hrv", "is": "isl", "it": "ita", "mk": "mkd",
    "nb": "nob", "nn": "nno", "no": "nob", "oc": "oci", "pt": "por", "ro": "ron", "sl": "slv", "sr": "srp",
    "sv": "swe",
}
# Languages Apertium reads as one macrolanguage.
MACROLANGUAGE = {"bos": "hbs", "hrv": "hbs", "srp": "hbs"}
NAMES = {
    "an": "Aragonese", "bg": "Bulgarian", "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "da": "Danish",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "eu": "Basque", "fr": "French", "gl": "Galician",
    "hr": "Croatian", "is": "Icelandic", "it": "Italian", "mk": "Macedonian", "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "pt": "Portuguese", "ro": "Romanian",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish",
}


def iso3(code: str) -> str:
    """A code as Apertium or FreeDict writes it ("pt", "por", "hrv"), in ISO 639-3, the
    macrolanguage's where Apertium reads one ("hbs" for "hrv")."""
    code = ISO3.get(code, code)
    return MACROLANGUAGE.get(code, code)


def source_of(mode: str) -> str:
    """The language a mode translates from, in ISO 639-3: "pt-es" -> "por"."""
    return iso3(mode.split("-")[0])


def target_of(mode: str) -> str:
    """The language a mode translates into, in ISO 639-3: "fr-es" -> "spa", "spa-eng_US" -> "eng"."""
    return iso3(mode.split("-")[1].split("_")[0])


def name(code: str) -> str:
    return NAMES.get(code, code)
