"""Stories: articles on one event fall together, others stand alone, and growth reshuffles
nothing it does not touch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.batch.stories import STORY_PREFIX, group
from pipeline.summarize.cite import cite

from .helpers import english_article

BANK = [
    ("The Caisse d'Epargne bank lost 600 million euros on derivatives, its chairman Charles Milhaud said on Friday.",
     "A trader of the Caisse d'Epargne, Boris Picano-Nacci, is suspected of causing the loss of the bank."),
    ("Charles Milhaud resigned from the Caisse d'Epargne after the loss of 600 million euros on the markets.",
     "The trader Boris Picano-Nacci was questioned by the police about the loss of the Caisse d'Epargne."),
    ("Boris Picano-Nacci, the trader of the Caisse d'Epargne, faces three years in prison for the loss.",
     "The Caisse d'Epargne had announced a loss of 600 million euros, and Charles Milhaud stepped down."),
]
SKIER = ("A helicopter of the Gendarmerie rescued a skier wounded near Chamonix in Haute-Savoie on Sunday.",
         "The skier from Lyon was flown to the hospital of Sallanches with a broken leg.")


def _articles(embedder, items: list[tuple[str, tuple[str, ...]]]):
    built = []
    for article_id, paragraphs in items:
        article = english_article(article_id, *paragraphs)
        built.append(cite(article, [p.en for p in article.paragraphs], embedder))
    return built


def test_articles_on_one_event_are_one_story_and_the_others_stand_alone(embedder) -> None:
    articles = _articles(embedder, [("bank1", BANK[0]), ("skier", SKIER), ("bank2", BANK[1]), ("bank3", BANK[2])])
    stories = group(articles, embedder)
    assert [s.articles for s in stories] == [("bank1", "bank2", "bank3"), ("skier",)]  # largest first
    assert [s.id for s in stories] == [STORY_PREFIX + "bank1", STORY_PREFIX + "skier"]
    assert group(articles, embedder) == stories  # the same input, the same stories


def test_a_story_keeps_its_id_when_an_earlier_article_joins_it(embedder) -> None:
    first = group(_articles(embedder, [("bank2", BANK[1]), ("bank3", BANK[2]), ("skier", SKIER)]), embedder)
    assert first[0].id == STORY_PREFIX + "bank2"
    grown = group(_articles(embedder, [("bank1", BANK[0]), ("bank2", BANK[1]), ("bank3", BANK[2]),
                                       ("skier", SKIER)]), embedder, {s.id: s.articles for s in first})
    assert grown[0].id == STORY_PREFIX + "bank2" and grown[0].articles == ("bank1", "bank2", "bank3")
    assert grown[1] == first[1]  # the story the new article does not touch is unchanged


def test_an_incremental_run_rebuilds_only_the_stories_that_changed(config, tmp_path: Path) -> None:
    from pipeline.run.incremental import run

    from .conftest import CORPUS

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for path in CORPUS[2:4]:  # two outlets on the Putin-Kim meeting
        shutil.copy(path, corpus)
    first = run(corpus, out, config)
    (story,) = first.stories
    assert story.articles == tuple(p.stem for p in CORPUS[2:4]) and first.stories_rebuilt == (story.id,)
    (corpus / "zz_skier.txt").write_text("Sauvetage en montagne\n\n" + " ".join(
        "Un hélicoptère de la gendarmerie a secouru un skieur blessé près de Chamonix dimanche." for _ in range(3)),
        encoding="utf-8")
    second = run(corpus, out, config)
    assert second.stories[0] == story and second.stories_rebuilt == ()  # untouched: not merged again
    assert {s.articles for s in second.stories} == {story.articles, ("zz_skier",)}
    index = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert index["schema"] == "pipeline.stories/1" and [s["size"] for s in index["stories"]] == [2, 1]
    page = json.loads((out / "stories" / f"{story.id}.json").read_text(encoding="utf-8"))
    assert page["schema"] == "pipeline.story/3" and page["articles"] == list(story.articles) and page["summary"]
    assert not (out / "stories" / "s-zz_skier.json").exists()  # a story of one article is its article


def test_a_loose_link_needs_an_article_linked_to_both() -> None:
    """Single articles that name the same leaders but tell other events do not chain into one
    story; a loose link inside a developing story, where others link both ends, holds."""
    import numpy as np

    from pipeline.batch.stories import MANY_NAMES, _links

    def unit(degrees: float) -> list[float]:
        return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]

    # a, b, c: neighbours at cosine 0.5 naming many of the same names; a and c far apart
    vectors = np.array([unit(0), unit(60), unit(120), unit(30)])
    loose = {(0, 1): MANY_NAMES, (1, 2): MANY_NAMES, (0, 2): MANY_NAMES}
    undated = [None] * 4
    assert _links(loose, vectors, undated) == []
    # d reads close to both a and b (cosine 0.87, one name in common): a-b now holds, b-c still not
    assert _links({**loose, (0, 3): 1, (1, 3): 1}, vectors, undated) == [(0, 3), (1, 3), (0, 1)]


def test_loose_links_do_not_take_in_a_lone_article() -> None:
    """An article that only names a story's country, capital and leaders (another year's events)
    reads loosely like two of its reports: it stays alone, though they are linked to each other."""
    import numpy as np

    from pipeline.batch.stories import MANY_NAMES, _links

    a, b = [1.0, 0.0, 0.0], [np.cos(np.radians(30)), np.sin(np.radians(30)), 0.0]
    lone = [0.5, 0.134, 0.856]  # cosine 0.5 with a and with b
    vectors = np.array([a, b, lone])
    assert _links({(0, 1): 1, (0, 2): MANY_NAMES, (1, 2): MANY_NAMES}, vectors, [None] * 3) == [(0, 1)]


def test_a_single_article_joins_the_story_it_reads_like_as_a_whole() -> None:
    """An article told from another angle reads like the story's centroid rather than like any
    one report; it joins only with two names the story's articles name, and never a pair."""
    import numpy as np

    from pipeline.batch.stories import _with_singles_attached

    def unit(degrees: float) -> list[float]:
        return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]

    # a story of three at -50, 0 and 50 degrees (centroid at 0); far from it (95 degrees), an
    # article naming two of its names stays alone; at 55 degrees (cosine 0.57) it joins
    vectors = np.array([unit(-50), unit(0), unit(50), unit(95), unit(30)])
    story = [{"obama", "bush", "washington"}] * 3
    groups = [[0, 1, 2], [3], [4]]
    undated = [None] * 5
    assert _with_singles_attached(groups, [*story, {"obama", "bush"}, {"obama"}], vectors, undated) == [
        [0, 1, 2], [3], [4]]
    portrait = np.array([unit(-50), unit(0), unit(50), unit(55), unit(150)])
    assert _with_singles_attached(groups, [*story, {"obama", "bush"}, {"obama"}], portrait, undated) == [
        [0, 1, 2, 3], [4]]
    # one name in common is not enough
    assert _with_singles_attached(groups, [*story, {"obama"}, set()], portrait, undated) == [[0, 1, 2], [3], [4]]
    # a story of two takes no one
    assert _with_singles_attached([[0, 1], [3]], [*story, {"obama", "bush"}], portrait, undated) == [[0, 1], [3]]


def test_an_article_published_while_a_story_ran_joins_it_more_easily() -> None:
    """A side story of a developing one (Italy's stakes in a war) reads less like the story
    than a report does; published within the story's dates, a lower cosine will do."""
    import numpy as np

    from pipeline.batch.analysis import publication_day as _day
    from pipeline.batch.stories import ATTACH_SIMILARITY, ATTACH_SIMILARITY_WHILE_RUNNING, _with_singles_attached

    def unit(degrees: float) -> list[float]:
        return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]

    angle = np.degrees(np.arccos((ATTACH_SIMILARITY + ATTACH_SIMILARITY_WHILE_RUNNING) / 2))
    vectors = np.array([unit(-10), unit(0), unit(10), unit(angle)])
    names = [{"libye", "kadhafi", "tripoli"}] * 3 + [{"libye", "kadhafi"}]
    story = [_day(day) for day in ("2011-02-21", "2011-05-02", "2011-09-30")]
    assert _with_singles_attached([[0, 1, 2], [3]], names, vectors, [*story, _day("2011-09-01")]) == [[0, 1, 2, 3]]
    assert _with_singles_attached([[0, 1, 2], [3]], names, vectors, [*story, _day("2012-01-08")]) == [[0, 1, 2], [3]]
    assert _with_singles_attached([[0, 1, 2], [3]], names, vectors, [*story, None]) == [[0, 1, 2], [3]]


def test_articles_published_years_apart_report_two_events() -> None:
    """An article on a country's politics nine years after its war names the same places and
    leaders and reads like the war's reports: it links to none of them and joins no story; a
    story that runs longer than the gap holds through the articles published in between."""
    import numpy as np

    from pipeline.batch.analysis import publication_day as _day
    from pipeline.batch.stories import _links, _with_singles_attached

    vectors = np.ones((4, 2)) / np.sqrt(2)  # all alike
    days = [_day(day) for day in ("2011-02-21", "2011-09-30", "2012-06-15", "2020-06-08")]
    pairs = {(i, j): 1 for i in range(4) for j in range(i + 1, 4)}
    assert _links(pairs, vectors, days) == [(0, 1), (1, 2)]
    assert _links(pairs, vectors, [None] * 4) == list(pairs)  # undated: read alike, linked
    names = [{"libye", "tripoli", "conseil"}] * 4
    lone = np.array([*vectors[:3], [np.cos(np.radians(30)), np.sin(np.radians(30))]])  # cosine 0.97
    assert _with_singles_attached([[0, 1, 2], [3]], names, lone, days) == [[0, 1, 2], [3]]
    assert _with_singles_attached([[0, 1, 2], [3]], names, lone, [*days[:3], _day("2013-01-10")]) == [[0, 1, 2, 3]]


def test_a_publication_date_as_a_day_number() -> None:
    from pipeline.batch.analysis import publication_day as _day

    assert _day("2011-02-21") - _day("2011-02-20") == 1
    assert _day("2011-02-21T10:30:00+01:00") == _day("2011-02-21")
    assert _day("2011-06") == _day("2011-06-15") and _day("2011") == _day("2011-07-15")  # the middle
    assert _day("2011-02-30") is None and _day(None) is None and _day("hier") is None


def test_lines_a_site_repeats_on_several_days_are_not_what_an_article_is_about() -> None:
    """A site's teaser on every page made its pages read alike whatever their story."""
    from dataclasses import replace

    from pipeline.batch.analysis import SITE_TEXT_DAYS
    from pipeline.batch.stories import _without_site_text
    from pipeline.document import Meta

    teaser = "Printemps announces the closure of seven stores of the group"
    days = [f"2011-03-{day:02d}" for day in range(1, SITE_TEXT_DAYS + 1)]
    pages = [replace(english_article(f"a{i}", ("title", teaser), f"Report number {i} on the war."),
                     meta=Meta(date=day), title=teaser) for i, day in enumerate(days)]
    assert all([p.text for p in a.paragraphs] == [f"Report number {i} on the war."] and a.english_title == ""
               for i, a in enumerate(_without_site_text(pages)))
    # on fewer days, it is wire copy printed by several outlets: it stays
    kept = _without_site_text([replace(page, meta=Meta(date=days[0])) for page in pages])
    assert all(a.paragraphs[0].text == teaser for a in kept)


def test_a_story_that_took_in_an_article_is_weighed_again() -> None:
    """A portrait that joined a story widens what it is about: an opinion piece that read too
    far from the reports joins in a second round."""
    import numpy as np

    from pipeline.batch.stories import _with_singles_attached

    def unit(degrees: float) -> list[float]:
        return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]

    vectors = np.array([unit(-10), unit(0), unit(10), unit(50), unit(66)])  # the last at 0.41, then 0.59
    names = [{"obama", "bush", "washington"}] * 5
    assert _with_singles_attached([[0, 1, 2], [3], [4]], names, vectors, [None] * 5) == [[0, 1, 2, 3, 4]]
    # without the portrait, the opinion piece stays alone
    assert _with_singles_attached([[0, 1, 2], [4]], names, vectors, [None] * 5) == [[0, 1, 2], [4]]
