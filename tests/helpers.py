"""Test helpers: small English articles built in code, a news sentence per language, a browser."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from pipeline.document import Article, Language, Paragraph

# One news sentence per configured language (Norwegian as "no", as the detector names it).
SENTENCES = {
    "fr": "Le gouvernement a approuvé mardi une hausse du salaire minimum pour l'an prochain.",
    "es": "El Gobierno aprobó este martes una subida del salario mínimo para el próximo año.",
    "ca": "El Govern va aprovar dimarts una pujada del salari mínim per a l'any vinent.",
    "gl": "O Goberno aprobou este martes unha suba do salario mínimo para o vindeiro ano.",
    "pt": "O Governo aprovou nesta terça-feira um aumento do salário mínimo para o próximo ano.",
    "it": "Il governo ha approvato martedì un aumento del salario minimo per il prossimo anno.",
    "ro": "Guvernul a aprobat marți o creștere a salariului minim pentru anul viitor.",
    "oc": "Lo govèrn a decidit de baissar los impòstes per las familhas amb enfants l'an que ven.",
    "an": "O gubierno ha decidiu baixar os impuestos ta las familias con fillos l'anyo que viene.",
    "br": "Ar gouarnamant en deus divizet digreskiñ an tailhoù evit ar familhoù gant bugale er bloaz a zeu.",
    "eo": "La registaro decidis malaltigi la impostojn por familioj kun infanoj venontjare.",
    "eu": "Gobernuak datorren urtean haurrak dituzten familientzako zergak jaistea erabaki du.",
    "hr": "Vlada je odlučila sljedeće godine smanjiti poreze za obitelji s djecom.",
    "bs": "Vlada je odlučila da naredne godine smanji poreze za porodice s djecom.",
    "sr": "Vlada je odlučila da sledeće godine smanji poreze za porodice sa decom.",
    "sl": "Vlada je sklenila, da bo prihodnje leto znižala davke za družine z otroki.",
    "mk": "Владата одлучи да ги намали даноците за семејствата со деца следната година.",
    "bg": "Правителството реши да намали данъците за семействата с деца през следващата година.",
    "is": "Ríkisstjórnin hefur ákveðið að lækka skatta á barnafjölskyldur á næsta ári.",
    "sv": "Regeringen har beslutat att sänka skatten för familjer med barn nästa år.",
    "da": "Regeringen har besluttet at sænke skatten for familier med børn næste år.",
    "no": "Regjeringen har bestemt å senke skatten for familier med barn neste år.",
    "nn": "Regjeringa har bestemt å senke skatten for familiar med born neste år.",
}


def english_article(article_id: str, *paragraphs: str | tuple[str, str]) -> Article:
    """Paragraphs are text, or (kind, text); all already in English."""
    built = []
    for index, item in enumerate(paragraphs, start=1):
        kind, text = item if isinstance(item, tuple) else ("body", item)
        built.append(Paragraph(id=f"p{index}", lines=(index, index), text=text, kind=kind, lang="en", en=text))
    return Article(id=article_id, source_path=f"{article_id}.txt", sha256="0" * 64,
                   paragraphs=tuple(built), lang=Language("en", 1.0))


def browser() -> Any:
    """Headless Chromium that reaches nothing outside, driven by selenium, logging the console
    and the network; the test is skipped on a machine without it."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
