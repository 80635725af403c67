from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import SkipArticle
from pipeline.read.ingest import ingest, parse
from pipeline.read.inputs import id_for

from .conftest import CORPUS, FIXTURES

FRENCH = "Le président a rencontré son homologue à Berlin. Les deux ont parlé de défense."


def paragraphs(text: str) -> list[tuple[str, tuple[int, int], str]]:
    return [(p.id, p.lines, p.text) for p in parse(text, article_id="a", source_path="a.txt").paragraphs]


def test_blank_lines_separate_paragraphs_and_lines_are_one_based() -> None:
    assert paragraphs("Titre\n\nPremier paragraphe.\n\n\nDeuxième paragraphe.\n") == [
        ("p1", (1, 1), "Titre"),
        ("p2", (3, 3), "Premier paragraphe."),
        ("p3", (6, 6), "Deuxième paragraphe."),
    ]


def test_one_paragraph_per_line_inside_a_block() -> None:
    # As in corpus/001: a subheading glued to the paragraph below it by a single newline.
    text = "Les États-Unis ont annoncé des sanctions\nDe nombreux experts pensent que non.\nD'autres disent oui.\n"
    assert [p[2] for p in paragraphs(text)] == [
        "Les États-Unis ont annoncé des sanctions", "De nombreux experts pensent que non.", "D'autres disent oui."]


def test_hard_wrapped_sentence_is_joined_with_its_line_range() -> None:
    text = "Le dirigeant est arrivé à la station Khasan\ndans la région de Primorsky le 12 septembre.\n"
    assert paragraphs(text) == [
        ("p1", (1, 2), "Le dirigeant est arrivé à la station Khasan dans la région de Primorsky le 12 septembre.")]


def test_ids_follow_source_order_for_every_corpus_article() -> None:
    for path in CORPUS:
        article = ingest(path)
        assert [p.id for p in article.paragraphs] == [f"p{i}" for i in range(1, len(article.paragraphs) + 1)]
        lines = path.read_text(encoding="utf-8").split("\n")
        for p in article.paragraphs:
            assert lines[p.lines[0] - 1].strip().startswith(p.text.split()[0])


@pytest.mark.parametrize(("data", "encoding"), [
    (FRENCH.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8-sig"),
    (FRENCH.encode("utf-16"), "utf-16"),
    (FRENCH.encode("latin-1"), "cp1252"),
    ("L’été « chaud » – 5 €".encode("cp1252"), "cp1252"),
])
def test_decoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = ingest(path)
    assert article.paragraphs[0].text in (FRENCH, "L’été « chaud » – 5 €")
    assert ("decoded as " + encoding in article.notes) == (encoding != "utf-8")


ACCENTED = ("Le président a rencontré son homologue à Berlin. Les deux dirigeants ont évoqué la défense "
            "européenne et la guerre en Ukraine.\n")


@pytest.mark.parametrize(("data", "note"), [
    # one stray byte in UTF-8 text: the text stays UTF-8, the byte is replaced and said
    (ACCENTED.encode()[:30] + b"\xff" + ACCENTED.encode()[30:], "utf-8; 1 invalid byte"),
    (ACCENTED.encode()[:-5] + b"\xe9\x80" + ACCENTED.encode()[-5:], "utf-8; 1 invalid byte"),
    # UTF-16 without a byte-order mark, either byte order
    (ACCENTED.encode("utf-16-le"), "utf-16-le (no byte-order mark)"),
    (ACCENTED.encode("utf-16-be"), "utf-16-be (no byte-order mark)"),
    # NUL and other control bytes inside text that has a byte-order mark, or none
    (codecs.BOM_UTF8 + ACCENTED.encode().replace(b"Berlin", b"Ber\x00lin"), "1 control character(s) removed"),
    ((ACCENTED * 10).encode("utf-16").replace("Berlin".encode("utf-16-le"), "Ber\x00\x07lin".encode("utf-16-le"), 1),
     "2 control character(s) removed"),
], ids=["stray byte", "truncated sequence", "utf-16-le", "utf-16-be", "NUL after BOM", "controls in utf-16"])
def test_damaged_or_unusual_encodings_keep_the_text(tmp_path: Path, data: bytes, note: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = ingest(path)
    text = " ".join(p.text for p in article.paragraphs)
    assert "président" in text and "européenne" in text  # no mojibake
    assert "\x00" not in text and "\x07" not in text
    assert any(note in n for n in article.notes), article.notes


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Titre\r\n\r\nPremier paragraphe.\r\nSecond.\r\n")
    assert [(p.lines, p.text) for p in ingest(path).paragraphs] == [
        ((1, 1), "Titre"), ((3, 3), "Premier paragraphe."), ((4, 4), "Second.")]


@pytest.mark.parametrize(("name", "reason"), [
    ("empty.txt", "empty file"),
    ("whitespace.txt", "only whitespace"),
    ("binary.txt", "binary data"),
])
def test_unreadable_input_is_rejected_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(SkipArticle, match=reason):
        ingest(FIXTURES / "bad" / name)


def test_article_id_is_safe_in_file_names_and_anchors() -> None:
    assert id_for(Path("004_6299e5e49af4e9bc.txt")) == "004_6299e5e49af4e9bc"
    assert id_for(Path("Été à Paris (v2).txt")) == "Ete_a_Paris_v2"
    assert id_for(Path("../../etc/passwd")) == "etc__passwd"
    assert id_for(Path("2024-06/a b.txt")) == "2024-06__a_b"
    assert id_for(Path("...txt")) == "article"


# Text that was decoded the wrong way before it reached us: each repaired, and each repair logged.
@pytest.mark.parametrize(("damaged", "whole"), [
    # cp1252 bytes read as Latin-1: the apostrophe is U+0092, a control character
    ("La victoire d\u0092Armstrong n\u0092a surpris personne.", "La victoire d’Armstrong n’a surpris personne."),
    ("Il a répondu \u0093non\u0094 \u0096 sans hésiter.", "Il a répondu “non” – sans hésiter."),
    # UTF-8 read as cp1252 (doubly encoded)
    ("Le prÃ©sident a parlÃ© Ã  la tÃ©lÃ©vision.", "Le président a parlé à la télévision."),
    ("Lâ€™Ã©tÃ© sera chaud, dâ€™aprÃ¨s MÃ©tÃ©o-France.", "L’été sera chaud, d’après Météo-France."),
])
def test_mojibake_is_repaired_and_logged(damaged: str, whole: str) -> None:
    from pipeline.read.ingest import ingest_bytes

    article = ingest_bytes(f"Titre\n\n{damaged}\n".encode(), article_id="a", source_path="a.txt")
    assert [p.text for p in article.paragraphs] == ["Titre", whole]
    assert [(r.rule, r.lines) for r in article.removed] == [("mojibake", (3, 3))]
    assert "->" in article.removed[0].text and not article.notes


def test_a_long_article_full_of_cp1252_apostrophes_is_text_not_binary() -> None:
    """Hundreds of U+0092 made a real article read as binary data; repaired, it is whole."""
    from pipeline.read.ingest import ingest_bytes

    sentence = "L\u0092équipe d\u0092Armstrong l\u0092a confirmé qu\u0092il reviendrait.\n"
    article = ingest_bytes((sentence * 300).encode(), article_id="a", source_path="a.txt")
    assert len(article.paragraphs) == 300 and all("’" in p.text for p in article.paragraphs)
    assert len(article.removed) == 300 and {r.rule for r in article.removed} == {"mojibake"}


def test_binary_input_is_still_binary() -> None:
    from pipeline.read.ingest import ingest_bytes

    with pytest.raises(SkipArticle, match="binary"):
        ingest_bytes(bytes(range(1, 32)) * 50 + "é".encode("cp1252") * 20, article_id="a", source_path="a.txt")


def test_plain_text_is_not_touched() -> None:
    from pipeline.read.ingest import ingest_bytes

    text = "L’été « chaud » : 5 € et 3 000 participants, selon l’AFP.\n"
    article = ingest_bytes(text.encode(), article_id="a", source_path="a.txt")
    assert article.paragraphs[0].text == text.strip() and article.removed == ()
