"""Small English articles built in code, for the stages that work on translated text; a browser."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from pipeline.document import Article, Language, Paragraph


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
