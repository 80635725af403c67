"""HTML pages: main text and metadata through trafilatura, kinds kept, citations lead back to
the source lines, and bad pages end with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.errors import SkipArticle
from pipeline.read.ingest import ingest, ingest_bytes
from pipeline.read.language import detect

from .conftest import FIXTURES

PAGE = FIXTURES / "scraped" / "sommet.html"


def test_page_becomes_paragraphs_of_their_kinds_with_its_metadata() -> None:
    article = clean(detect(ingest(PAGE)))
    kinds = [(p.kind, p.text[:20]) for p in article.paragraphs]
    assert kinds == [("title", "Sommet de Lisbonne :"), ("body", "Les chefs d'État et "),
                     ("body", "Le texte prévoit de "), ("heading", "Des divergences sur "),
                     ("body", "Les pays du Nord ont"), ("quote", "« C'est une étape, p"),
                     ("body", "Les ministres de l'É")]
    assert article.removed[0].rule == "repeated_title"  # the page's <h1> under its <title>
    assert article.title and article.title.startswith("Sommet de Lisbonne")
    assert (article.meta.date, article.meta.outlet, article.meta.credit) == (
        "2024-03-14", "Le Quotidien du Port", "Claire Dumont")
    text = " ".join(p.text for p in article.paragraphs)
    for furniture in ("cookies", "Accueil", "Partager", "commentaires", "Encore des promesses", "Tous droits",
                      "la facture des ménages"):
        assert furniture not in text, furniture
    assert "trafilatura" in " ".join(article.notes)


def test_each_paragraph_cites_the_source_lines_that_hold_its_words() -> None:
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    article = clean(detect(ingest(PAGE)))
    for paragraph in article.paragraphs:
        first, last = paragraph.lines
        assert 1 <= first <= last <= len(lines)
        source = " ".join(lines[first - 1:last])
        assert paragraph.text.split()[-1].strip(".»") in source, paragraph.id


@pytest.mark.parametrize("name", ["page.txt", "page.htm", "page.html"])
def test_a_page_is_recognised_by_its_name_or_its_first_lines(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PAGE.read_bytes())
    article = ingest(path)
    assert not any("<" in p.text for p in article.paragraphs)
    assert article.paragraphs[0].kind == "title"


def test_the_charset_the_page_declares_is_used() -> None:
    article = ingest(FIXTURES / "scraped" / "crue.html")  # ISO-8859-1, as its <meta> says
    text = " ".join(p.text for p in article.paragraphs)
    assert "évacuées" in text and "préfète" in text


@pytest.mark.parametrize(("html", "reason"), [
    ("<!DOCTYPE html><html><body><nav><a>Accueil</a> <a>Monde</a></nav><footer>© 2024</footer></body></html>",
     "no article text found"),
    ("<!DOCTYPE html><html><head><title>Erreur 404</title></head><body><p>Page introuvable</p></body></html>",
     "no article text found"),
])
def test_a_page_without_an_article_is_skipped_with_the_reason(html: str, reason: str) -> None:
    with pytest.raises(SkipArticle, match=reason):
        clean(detect(ingest_bytes(html.encode(), article_id="x", source_path="x.html")))


def test_truncated_and_malformed_html_still_gives_its_text() -> None:
    page = PAGE.read_text(encoding="utf-8")
    cut = page[:page.index("<h2>")] + "<p>Le texte s'arrête ici, au milieu d'une <b>phrase et d'une balise"
    article = ingest_bytes(cut.encode(), article_id="x", source_path="x.html")
    assert any("entendus jeudi soir à Lisbonne" in p.text for p in article.paragraphs)


def test_an_oversized_page_is_skipped_with_its_size() -> None:
    huge = b"<!DOCTYPE html><html><body>" + b"<p>Un paragraphe de remplissage.</p>" * 500_000 + b"</body></html>"
    with pytest.raises(SkipArticle, match="page too large"):
        ingest_bytes(huge, article_id="x", source_path="x.html")
