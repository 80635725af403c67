from __future__ import annotations

import re
from collections import Counter

import pytest

from pipeline.clean import RULES, apply_rules, clean
from pipeline.document import Article
from pipeline.errors import SkipArticle
from pipeline.read.ingest import ingest, parse
from pipeline.text import split_sentences

from .conftest import CORPUS

BODY = "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences."


def cleaned(text: str) -> Article:
    return apply_rules(parse(text, article_id="a", source_path="a.txt"))


def removals(article: Article) -> list[tuple[str, str]]:
    return [(r.rule, r.text) for r in article.removed]


def test_every_rule_is_named_once() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


# Each case: source text, the (rule, removed text) pairs expected, and the first body paragraph
# expected afterwards. Real snippets from corpus/ come first in each group, then other members of
# the same family of artifact.
@pytest.mark.parametrize(("text", "removed", "first_body"), [
    # stray_tag
    (f"{BODY}\n\nfr-02\n", [("stray_tag", "fr-02")], BODY),
    (f"{BODY}\n\nen-01\n", [("stray_tag", "en-01")], BODY),
    (f"fr-07\n\n{BODY}\n", [("stray_tag", "fr-07")], BODY),
    (f"{BODY}\n\nfr-02 est un code.\n", [], BODY),
    # metadata_prefix
    (" date 2024-06 Vladimir Poutine doit arriver ce mardi à Pyongyang. Une visite attendue.\n",
     [("metadata_prefix", "date 2024-06")], "Vladimir Poutine doit arriver ce mardi à Pyongyang. Une visite attendue."),
    ("Date: 2023-09-13 Kim Jong-un est arrivé en Russie. Il a rencontré Poutine.\n",
     [("metadata_prefix", "Date: 2023-09-13")], "Kim Jong-un est arrivé en Russie. Il a rencontré Poutine."),
    ("publié le 12/09/2023 Le dirigeant est arrivé à la gare. Il repartira demain.\n",
     [("metadata_prefix", "publié le 12/09/2023")], "Le dirigeant est arrivé à la gare. Il repartira demain."),
    # outlet_tag
    ("(Baonghean.vn) - Certains fondent de grands espoirs sur la visite. D'autres s'inquiètent.\n",
     [("outlet_tag", "(Baonghean.vn) -")], "Certains fondent de grands espoirs sur la visite. D'autres s'inquiètent."),
    ("(AFP) — Les sanctions ont été renforcées mardi. Le Conseil a voté.\n",
     [("outlet_tag", "(AFP) —")], "Les sanctions ont été renforcées mardi. Le Conseil a voté."),
    ("(Le Monde) – La rencontre a eu lieu à Vladivostok. Elle a duré trois heures.\n",
     [("outlet_tag", "(Le Monde) –")], "La rencontre a eu lieu à Vladivostok. Elle a duré trois heures."),
    # merged_fragment
    (f"{BODY}\n\nLundi,Avant l'imposition des sanctions, la Corée du Nord vendait des munitions.\n",
     [("merged_fragment", "Lundi,")], BODY),
    (f"{BODY}\n\nLe premier,Les médias occidentaux ne disposent d'aucune information.\n",
     [("merged_fragment", "Le premier,")], BODY),
    (f"{BODY}\n\nVendredi soir,Selon Moscou, la visite est confirmée.\n",
     [("merged_fragment", "Vendredi soir,")], BODY),
    (f"{BODY}\n\nLundi, Avant tout il faut lire ceci.\n", [], BODY),
    # doubled_punctuation
    ("C'est là que s'est déroulé le premier grand acte de séduction russe.. Sachant cela, il a agi.\n",
     [("doubled_punctuation", ".")],
     "C'est là que s'est déroulé le premier grand acte de séduction russe. Sachant cela, il a agi."),
    ("Les troupes,, selon Kiev, reculent;; le front tient. Il attend...\n",
     [("doubled_punctuation", ","), ("doubled_punctuation", ";")],
     "Les troupes, selon Kiev, reculent; le front tient. Il attend..."),
    # html_markup
    ("<p>Les dirigeants se sont réunis jeudi à <b>Bruxelles</b>.</p>\n",
     [("html_markup", "<p>"), ("html_markup", "<b>"), ("html_markup", "</b>"), ("html_markup", "</p>")],
     "Les dirigeants se sont réunis jeudi à Bruxelles."),
    (f"{BODY} <script>alert('x')</script>\n", [("html_markup", "<script>alert('x')</script>")], BODY),
    ("Le chef d&#39;état a parlé &amp; promis. Rien de plus.\n",
     [("html_markup", "&#39;"), ("html_markup", "&amp;")], "Le chef d'état a parlé & promis. Rien de plus."),
])
def test_rule_removes_artifact_and_logs_it(text: str, removed: list[tuple[str, str]], first_body: str) -> None:
    article = cleaned(text)
    assert removals(article) == removed
    assert next(p.text for p in article.paragraphs if p.kind == "body") == first_body


def test_script_spanning_lines_is_removed_whole() -> None:
    article = cleaned(f"{BODY}\n<script>\nvar x = 1;\n\nalert(x)\n</script>\n{BODY}\n")
    assert [p.text for p in article.paragraphs] == [BODY, BODY]
    assert {r.rule for r in article.removed} == {"html_markup"}


def test_metadata_goes_to_meta() -> None:
    article = cleaned(" date 2024-06 (Baonghean.vn) - Vladimir Poutine doit arriver. Une visite.\n\n"
                      f"{BODY}\n\n(Traduit et adapté par Chiara Lecca)\n")
    assert (article.meta.date, article.meta.outlet, article.meta.credit) == (
        "2024-06", "Baonghean.vn", "Traduit et adapté par Chiara Lecca")


@pytest.mark.parametrize(("line", "kind"), [
    # title (first line) is tested below; these stand between body paragraphs, as in an article
    ("La Russie a un besoin urgent de munitions", "heading"),
    ("Pourquoi Poutine se tourne-t-il vers Kim Jong-Un ?", "heading"),
    ('"Poutine a besoin de soutien matériel"', "heading"),
    ("Touristes russes en Corée du Nord", "heading"),
    ("Poutine offre une « Rolls-Royce » russe à Kim Jong-un, nouveau signe de l’amitié entre les deux Reuters",
     "caption"),
    ("Le président russe à son arrivée à l'aéroport de Pyongyang, mardi soir AFP/Getty Images", "caption"),
    ("Des soldats nord-coréens défilent sur la place Kim Il-sung lors d'une parade militaire dpa", "caption"),
    ("«La Russie recevrait des munitions dont elle a un besoin urgent pour sa guerre d'agression contre "
     "l'Ukraine» Eric Ballbach", "quote"),
    ("« Nous n’avons pas beaucoup d’options : nous devons faire venir de la main d’œuvre étrangère », a "
     "reconnu Poutine lors d’une conférence au début de l’année devant les patrons.", "body"),
    ("(Traduit et adapté par Chiara Lecca)", "credit"),
    ("Translated by John Smith", "credit"),
    ("Il a cité l'AP.", "body"),
])
def test_structure_is_recognised_and_kept(line: str, kind: str) -> None:
    article = cleaned(f"{BODY}\n\n{line}\n\n{BODY}\n")
    assert article.paragraphs[1].kind == kind
    assert article.paragraphs[1].text.split()[0] == line.split()[0]


@pytest.mark.parametrize("credit", ["©AFP", "© Reuters", "Photo : Jean Dupont", "Crédit: Getty Images", "AFP/Getty"])
def test_a_credit_on_its_own_line_makes_the_line_above_a_caption(credit: str) -> None:
    caption = "Elisabeth Borne, ministre chargée notamment des Transports."
    article = cleaned(f"{BODY}\n\n{caption}\n\n{credit}\n\n{BODY}\n")
    assert [(p.kind, p.text) for p in article.paragraphs] == [("body", BODY), ("caption", caption), ("body", BODY)]
    assert removals(article) == [("caption_credit", credit)]


def test_caption_credit_is_cut_and_logged() -> None:
    article = cleaned(f"{BODY}\n\nPoutine offre une limousine à Kim Jong-un Reuters\n\n{BODY}\n")
    assert article.paragraphs[1].text == "Poutine offre une limousine à Kim Jong-un"
    assert removals(article) == [("caption_credit", "Reuters")]


def test_title_and_its_truncated_unaccented_repeat() -> None:
    article = cleaned("les clés du premier voyage de Poutine en Corée du Nord en 24 ans\n\n"
                      f"les cles du premier voyage de Poutine en Coree du\n\n{BODY}\n")
    assert article.title == "les clés du premier voyage de Poutine en Corée du Nord en 24 ans"
    assert [p.kind for p in article.paragraphs] == ["title", "body"]
    assert removals(article) == [("repeated_title", "les cles du premier voyage de Poutine en Coree du")]


def test_a_first_paragraph_of_sentences_is_not_a_title() -> None:
    article = cleaned(f"{BODY}\n\n{BODY}\n")
    assert article.title is None and article.paragraphs[0].kind == "body"


def test_only_artifacts_is_skipped_with_reason() -> None:
    with pytest.raises(SkipArticle, match="nothing but scraping artifacts"):
        clean(parse("fr-02\n\nen-01\n\n<br>\n", article_id="a", source_path="a.txt"))


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_no_content_is_lost_on_the_corpus(path) -> None:
    source = ingest(path)
    article = clean(source)
    # Every word of the source is either kept or in the removal log, as often as it occurs.
    kept = " ".join(p.text for p in article.paragraphs) + " " + " ".join(r.text for r in article.removed)
    assert _words(kept) == _words(" ".join(p.text for p in source.paragraphs))
    # Every body sentence of the source survives, whole, in the cleaned text.
    cleaned_text = " ".join(p.text for p in article.paragraphs)
    logged = {r.text for r in article.removed}
    for paragraph in source.paragraphs:
        for sentence in split_sentences(paragraph.text, "fr"):
            for fragment in logged:
                sentence = sentence.replace(fragment, "", 1) if fragment in sentence and len(fragment) > 1 else sentence
            sentence = re.sub(r"([.,;])\1(?!\1)", r"\1", sentence).strip()
            if len(sentence.split()) >= 5:
                assert sentence in cleaned_text, f"lost from {path.name}: {sentence!r}"


MEGABYTE = 1_000_000
ADVERSARIAL = {  # each a known way to make a backtracking pattern take the square of the input
    "unclosed comments": "<!--" * (MEGABYTE // 4),
    "unclosed scripts": "<script" * (MEGABYTE // 7),
    "unclosed tags": "<a x" * (MEGABYTE // 4),
    "half entities": "&#" * (MEGABYTE // 2),
    "doubled stops": "a.." * (MEGABYTE // 3),
    "open brackets": "(" * MEGABYTE,
    "one long space run": "Selon l'AFP." + " " * MEGABYTE + "Reuters",
    "unclosed quotes": "« " * (MEGABYTE // 2),
    "grouped digits": "1 000 " * (MEGABYTE // 6),
    "glued commas": "Lundi," * (MEGABYTE // 6),
    "one word per line": "Mot\n" * (MEGABYTE // 4),
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_every_pattern_is_linear_on_a_megabyte_of_adversarial_text(text: str) -> None:
    import time

    from pipeline.read.ingest import ingest_bytes
    from pipeline.summarize.cite import content_words, numbers, proper_names

    started = time.perf_counter()
    article = apply_rules(ingest_bytes(text.encode(), article_id="x", source_path="x.txt"))
    for paragraph in article.paragraphs[:100]:
        split_sentences(paragraph.text, "fr")
        content_words(paragraph.text), numbers(paragraph.text), proper_names(paragraph.text)
    elapsed = time.perf_counter() - started
    assert elapsed < 15, f"{elapsed:.1f} s: something takes the square of the input's length"  # 1-4 s here


MENU = "Accueil\n\nPolitique\n\nMonde\n\nÉconomie\n\nSport\n\n"
LEAD = ("Les ministres européens se sont entendus jeudi soir à Lisbonne sur un plan commun de production "
        "d'hydrogène, après deux jours de négociations difficiles.")
MORE = ("Le texte prévoit de quadrupler la capacité des électrolyseurs d'ici à 2030, selon la présidence "
        "portugaise du Conseil, qui a salué un compromis utile.")


@pytest.mark.parametrize(("furniture", "rule"), [
    ("Nous utilisons des cookies pour mesurer l'audience. Tout accepter", "cookie_banner"),
    ("We use cookies to personalise content and ads. Accept all", "cookie_banner"),
    ("Partager Tweet Envoyer par e-mail", "share_prompt"),
    ("Abonnez-vous à la newsletter", "share_prompt"),
    ("Imprimer", "share_prompt"),
    ("© 2024 Le Quotidien du Port. Tous droits réservés.", "legal_footer"),
    ("Mentions légales", "legal_footer"),
    ("Les opinions exprimées dans les blogs n'engagent que leurs auteurs.", "site_notice"),
    ("Abonnez-vous à notre chaîne YouTube pour ne rien manquer de l'actualité.", "site_notice"),
    ("Article réservé à nos abonnés", "site_notice"),
    ("Vous ne pouvez lire Le Monde que sur un seul appareil à la fois (ordinateur, téléphone ou tablette).",
     "site_notice"),
    ("Comment ne plus voir ce message ?", "site_notice"),
    ("Ce billet fait partie du dossier spécial de Global Voices sur le soulèvement en Libye en 2011", "site_notice"),
    ("Par Claire Dumont", "byline"),
    ("Orange avec AFP-Services, publié le vendredi 20 décembre 2019 à 09h26", "byline"),
    ("Mis à jour le 3 mai 2024 à 18h02", "byline"),
    ("12.12.2019", "byline"),
    ("Temps de Lecture 5 min.", "byline"),
    ("09:16High-techAccusations de harcèlement chez un éditeur de jeux", "teaser"),
    ("La parade du gouvernement face au téléphone au volantpar Europe 1", "teaser"),
    ("«Songs of the Humpback Whale», cétacés cultes Abonnés", "teaser"),
])
def test_page_furniture_inside_an_article_is_removed_and_logged(furniture: str, rule: str) -> None:
    article = cleaned(f"{LEAD}\n\n{furniture}\n\n{MORE}\n")
    assert [p.text for p in article.paragraphs] == [LEAD, MORE]
    assert removals(article) == [(rule, furniture)]


@pytest.mark.parametrize("text", [
    "Une vingtaine d'appareils de la coalition ont décollé de Solenzara dans la nuit.",
    "L'avion abattu à Benghazi était un appareil des insurgés, affirme une source rebelle.",
])
def test_aircraft_are_not_account_notices(text: str) -> None:
    assert [p.text for p in cleaned(f"{LEAD}\n\n{text}\n\n{MORE}\n").paragraphs] == [LEAD, text, MORE]


def test_teaser_list_goes_with_its_heading_but_not_the_next_subheading() -> None:
    article = cleaned(f"{LEAD}\n\nÀ lire aussi\n\nÉnergie : la facture des ménages baisse enfin\n\n"
                      f"Le port de Sines mise sur l'éolien en mer\n\nDes divergences sur le financement\n\n{MORE}\n")
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("body", LEAD), ("heading", "Des divergences sur le financement"), ("body", MORE)]
    assert {r.rule for r in article.removed} == {"teaser"}


def test_navigation_before_and_footer_after_the_body_go_the_body_stays() -> None:
    article = cleaned(f"Titre de la page\n\n{MENU}{LEAD}\n\nUn sous-titre\n\n{MORE}\n\nFrance\n\nMonde\n\n"
                      "Liste des articles archivés\n")
    assert [p.text for p in article.paragraphs] == ["Titre de la page", LEAD, "Un sous-titre", MORE]
    assert [r.rule for r in article.removed] == ["navigation"] * 5 + ["footer"] * 3


def test_comment_section_after_the_article_goes_whole() -> None:
    comment = "Encore des promesses, on verra en 2030 ce qu'il en reste vraiment."
    article = cleaned(f"{LEAD}\n\n{MORE}\n\n12 commentaires\n\n{comment}\n\n{comment.upper()}\n")
    assert [p.text for p in article.paragraphs] == [LEAD, MORE]
    assert [r.rule for r in article.removed] == ["comments"] * 3


# A site's header: teasers for other stories, two of which read as sentences.
HEADER = ("Une enseigne ferme sept magasins\n\nVente : ne laissez jamais l'acheteur seul avec les clés !\n\n"
          "« Les décideurs ne peuvent pas se permettre d'oublier la jeunesse une nouvelle fois »\n\n"
          "Pourquoi la lumière artificielle menace-t-elle les animaux ?\n\nServices du journal\n\n")
HEADLINE = "Hydrogène : les Européens s'accordent à Lisbonne"
STANDFIRST = "Après deux jours de négociations, les ministres ont adopté un plan commun de production."


def test_the_sites_header_above_the_headline_and_its_stamp_goes_and_the_headline_is_the_title() -> None:
    article = cleaned(f"{HEADER}{HEADLINE}\n\n{STANDFIRST}\n\nLe Journal avec AFP Publié le 08 mars 2024 à 22h00"
                      f"\n\n{LEAD}\n\n{MORE}\n\n{LEAD}\n\n{MORE}\n\n{LEAD}\n")
    assert article.title == HEADLINE
    assert [(p.kind, p.text) for p in article.paragraphs][:2] == [("title", HEADLINE), ("body", STANDFIRST)]
    assert Counter(r.rule for r in article.removed) == {"page_header": 5, "byline": 1}
    assert article.meta.date == "2024-03-08"


def test_the_sites_header_between_the_title_and_its_repeat_goes() -> None:
    article = cleaned(f"{HEADLINE} - Le Journal\n\n{HEADER}{HEADLINE}\n\n{LEAD}\n\n{MORE}\n\n{LEAD}\n")
    assert [p.text for p in article.paragraphs] == [f"{HEADLINE} - Le Journal", LEAD, MORE, LEAD]
    assert Counter(r.rule for r in article.removed) == {"repeated_title": 1, "page_header": 5}


def test_a_stamp_above_the_repeated_headline_dates_the_article() -> None:
    """Some sites stamp a page above its headline: the header goes, its stamp's date stays."""
    article = cleaned(f"{HEADLINE} - Le Journal\n\nPublié le 15/06/2011\n\n{HEADER}{HEADLINE}\n\n{LEAD}\n\n"
                      f"{MORE}\n\n{LEAD}\n")
    assert "Publié le 15/06/2011" in {r.text for r in article.removed if r.rule == "page_header"}
    assert article.meta.date == "2011-06-15"
    # a stamp under the headline is the article's own
    below = cleaned(f"{HEADLINE} - Le Journal\n\nPublié le 15/06/2011\n\n{HEADER}{HEADLINE}\n\n"
                    f"Publié le 16/06/11 à 08h45\n\n{LEAD}\n\n{MORE}\n\n{LEAD}\n")
    assert below.meta.date == "2011-06-16"


def test_a_stamp_below_most_of_the_text_opens_nothing() -> None:
    text = f"{HEADER}{HEADLINE}\n\n{LEAD}\n\n{MORE}\n\n{LEAD}\n\nMis à jour le 3 mai 2024 à 18h02\n"
    assert "page_header" not in {r.rule for r in cleaned(text).removed}


def test_stamp_date_goes_to_meta() -> None:
    article = cleaned(f"{LEAD}\n\nPublié le 02/02/2024 à 07h40\n\n{MORE}\n")
    assert article.meta.date == "2024-02-02"  # day first, as French pages write it; ISO in meta


@pytest.mark.parametrize(("stamp", "iso"), [
    ("publié le 12/09/2023", "2023-09-12"), ("Publié le 1er août 2020 à 10h", "2020-08-01"),
    ("Mis à jour le 17.02.2011", "2011-02-17"),
    ("Publié le 31/03/11 à 00h00", "2011-03-31"), ("10.12.19", "2019-12-10"),  # two-digit years
])
def test_dates_go_to_meta_as_iso(stamp: str, iso: str) -> None:
    assert cleaned(f"{stamp}\n\n{LEAD}\n\n{MORE}\n").meta.date == iso


def test_cleaning_benchmark_on_two_small_pages() -> None:
    """`python -m benchmarks.cleaning` on two pages written for the tests, text dump and HTML."""
    from benchmarks.cleaning import SYSTEMS, pages, score

    from .conftest import FIXTURES

    for name in ("project .txt", "project .html"):
        kind, system = SYSTEMS[name]
        results = [score(page, system(page.html if kind == "html" else page.txt))
                   for page in pages(FIXTURES / "scraped")]
        assert len(results) == 2
        assert all(r.kept == r.keep and r.dropped == r.drop for r in results), name


HEADLINE = "Le Portugal et l'Espagne signent un plan commun sur l'hydrogène"


@pytest.mark.parametrize("site_line", ["Les sites éditoriaux", "Web + tablette + mobile à partir de 1€"])
def test_a_site_line_above_the_headline_gives_the_headline_the_title(site_line: str) -> None:
    article = cleaned(f"{site_line}\n\n{HEADLINE}\n\n{LEAD}\n\n{MORE}\n")
    assert article.title == HEADLINE
    assert [(p.kind, p.text) for p in article.paragraphs] == [("title", HEADLINE), ("body", LEAD), ("body", MORE)]
    assert removals(article) == [("site_title", site_line)]


def test_a_title_that_names_what_the_body_tells_keeps_its_standfirst_under_it() -> None:
    title, standfirst = "Hydrogène : accord à Lisbonne", "Les Vingt-Sept misent sur les électrolyseurs"
    article = cleaned(f"{title}\n\n{standfirst}\n\n{LEAD}\n\n{MORE}\n")
    assert article.title == title
    assert [p.text for p in article.paragraphs] == [title, standfirst, LEAD, MORE]


# Sentences of news that furniture rules once took for teasers, menus or banners. A rule that
# loses a sentence of the article is worse than one that leaves a teaser: each comes out whole,
# wherever it stands in the article.
SENTENCES = [
    'Pour le PDG de Titan, "le projet de reprise du site démarre avec zéro employé et beaucoup d\'espoir"',
    "L'établissement restera fermé deux semaines en raison de la présence de rats .",
    "Nicolas Sarkozy voulait une solution rapide.",
    "Voici le détail des mesures du plan de relance annoncé jeudi à Douai par le président :",
    "Le ministre a précisé que ces données personnelles ne seraient jamais vendues à des tiers.",
    "Le texte renvoie aux conditions générales de vente de l'opérateur, jugées abusives par l'association.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("where", ["first", "inside", "last"])
def test_no_rule_drops_a_sentence_of_the_article(sentence: str, where: str) -> None:
    body = {"first": [sentence, LEAD, MORE], "inside": [LEAD, sentence, MORE], "last": [LEAD, MORE, sentence]}[where]
    article = cleaned("Un titre pour l'article\n\n" + "\n\n".join(body) + "\n")
    assert [p.text for p in article.paragraphs[1:]] == body, article.removed


def test_a_copyright_line_goes_whatever_it_looks_like() -> None:
    article = cleaned(f"{LEAD}\n\n{MORE}\n\n© Le Quotidien du Port 2024. Tous droits réservés.\n")
    assert [p.text for p in article.paragraphs] == [LEAD, MORE]

