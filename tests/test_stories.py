"""Topics and stories: articles on one event fall together, a topic's events are stories of their
own, others stand alone, and growth reshuffles nothing it does not touch."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from pipeline.batch.stories import STORY_PREFIX, TOPIC_PREFIX, group
from pipeline.document import Meta
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


def _dated(article, date: str):
    return replace(article, meta=Meta(date=date))


# The Caisse d'Epargne's trading loss in October 2008, and its trader in court weeks later: one
# topic, two events.
TRIAL = [("Boris Picano-Nacci, the former trader of the Caisse d'Epargne, was charged in Paris over the loss of "
          "600 million euros.", "The judge heard Charles Milhaud, who led the Caisse d'Epargne when the trader lost "
          "the money on the markets."),
         ("The trader Boris Picano-Nacci appeared before a judge in Paris for the loss of the Caisse d'Epargne.",
          "His lawyer said the bank knew of his positions, as Charles Milhaud had approved the limits.")]


def test_articles_on_one_event_are_one_story_and_the_others_stand_alone(embedder) -> None:
    articles = _articles(embedder, [("bank1", BANK[0]), ("skier", SKIER), ("bank2", BANK[1]), ("bank3", BANK[2])])
    grouping = group(articles, embedder)
    assert [s.articles for s in grouping.stories] == [("bank1", "bank2", "bank3"), ("skier",)]  # largest first
    assert [s.id for s in grouping.stories] == [STORY_PREFIX + "bank1", STORY_PREFIX + "skier"]
    assert [(t.id, t.stories) for t in grouping.topics] == [(TOPIC_PREFIX + "bank1", (STORY_PREFIX + "bank1",)),
                                                            (TOPIC_PREFIX + "skier", (STORY_PREFIX + "skier",))]
    assert [s.topic for s in grouping.stories] == [TOPIC_PREFIX + "bank1", TOPIC_PREFIX + "skier"]
    assert group(list(reversed(articles)), embedder) == grouping  # the order of the files does not matter


def test_two_events_of_one_topic_are_two_stories_and_one_event_told_on_two_days_is_one(embedder) -> None:
    """The bank's loss in October and its trader charged in December name the same bank, trader
    and chairman and tell of the same loss: one topic, two stories. Each told by two outlets a
    day apart: one story each."""
    articles = [_dated(a, d) for a, d in zip(_articles(embedder, [("loss1", BANK[0]), ("loss2", BANK[1]),
                                                                  ("trial1", TRIAL[0]), ("trial2", TRIAL[1])]),
                                             ("2008-10-17", "2008-10-18", "2008-12-02", "2008-12-03"), strict=True)]
    grouping = group(articles, embedder)
    assert sorted(s.articles for s in grouping.stories) == [("loss1", "loss2"), ("trial1", "trial2")]
    (topic,) = grouping.topics
    assert set(topic.stories) == {s.id for s in grouping.stories}
    # undated, nothing tells the two events apart: one story
    undated = group([replace(a, meta=Meta()) for a in articles], embedder)
    assert [s.articles for s in undated.stories] == [("loss1", "loss2", "trial1", "trial2")]


def test_a_topic_holds_where_its_articles_link_to_each_other_not_through_one_bridge() -> None:
    """Two groups of articles joined by a single link are two topics (connected components
    would make them one)."""
    import numpy as np

    from pipeline.batch.stories import _communities

    similarity = np.full((10, 10), 0.05)
    for block in (range(0, 5), range(5, 10)):
        for i in block:
            for j in block:
                similarity[i, j] = 0.6
    similarity[4, 5] = similarity[5, 4] = 0.6  # one article of each names the other's people
    candidates = similarity > 0.5
    assert _communities(similarity, candidates) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_the_bar_of_a_link_follows_the_batch() -> None:
    """Pairs with no name in common show what chance gives in this batch: an edge needs more."""
    import numpy as np

    from pipeline.batch.stories import DEFAULT_FLOOR, MIN_NULL_PAIRS, NULL_PERCENTILE, _floor

    rng = np.random.default_rng(0)
    size = 40
    similarity = rng.uniform(0.0, 0.5, (size, size))
    similarity = (similarity + similarity.T) / 2
    candidates = np.zeros((size, size), dtype=bool)
    assert size * (size - 1) // 2 >= MIN_NULL_PAIRS
    upper = np.triu(np.ones((size, size), dtype=bool), 1)
    assert _floor(similarity, candidates) == np.percentile(similarity[upper], NULL_PERCENTILE)
    assert _floor(similarity[:5, :5], candidates[:5, :5]) == DEFAULT_FLOOR  # too few pairs to tell


def test_a_story_keeps_its_id_when_an_earlier_article_joins_it(embedder) -> None:
    first = group(_articles(embedder, [("bank2", BANK[1]), ("bank3", BANK[2]), ("skier", SKIER)]), embedder)
    assert first.stories[0].id == STORY_PREFIX + "bank2"
    grown = group(_articles(embedder, [("bank1", BANK[0]), ("bank2", BANK[1]), ("bank3", BANK[2]),
                                       ("skier", SKIER)]), embedder, {s.id: s.articles for s in first.stories},
                  {t.id: [a for s in first.stories if s.topic == t.id for a in s.articles] for t in first.topics})
    assert grown.stories[0].id == STORY_PREFIX + "bank2" and grown.stories[0].articles == ("bank1", "bank2", "bank3")
    assert grown.stories[1] == first.stories[1]  # the story the new article does not touch is unchanged
    assert [t.id for t in grown.topics] == [t.id for t in first.topics]


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
    assert index["schema"] == "pipeline.stories/2" and [s["size"] for s in index["stories"]] == [2, 1]
    assert all(s["topic"] in {t.id for t in second.topics} for s in index["stories"])
    topics = json.loads((out / "topics.json").read_text(encoding="utf-8"))
    assert topics["schema"] == "pipeline.topics/1" and len(topics["topics"]) == 2
    page = json.loads((out / "stories" / f"{story.id}.json").read_text(encoding="utf-8"))
    assert page["schema"] == "pipeline.story/4" and page["articles"] == list(story.articles) and page["summary"]
    assert not (out / "stories" / "s-zz_skier.json").exists()  # a story of one article is its article


def test_a_topic_of_two_stories_has_a_page_with_its_stories_in_time_order(tmp_path: Path) -> None:
    from pipeline.run.incremental import run

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for name, date, (lead, more) in (("a_trial", "02/12/2008", TRIAL[0]), ("b_loss", "17/10/2008", BANK[0]),
                                     ("c_trial", "03/12/2008", TRIAL[1]), ("d_loss", "18/10/2008", BANK[1])):
        (corpus / f"{name}.txt").write_text(f"Publié le {date}\n\n{lead}\n\n{more}\n", encoding="utf-8")
    report = run(corpus, out, _english_config(tmp_path))
    (topic,) = report.topics
    page = json.loads((out / "topics" / f"{topic.id}.json").read_text(encoding="utf-8"))
    assert page["schema"] == "pipeline.topic/1"
    assert [s["articles"] for s in page["story_leads"]] == [["b_loss", "d_loss"], ["a_trial", "c_trial"]]
    assert all(s["lead"]["text"] for s in page["story_leads"])
    markdown = (out / "topics" / f"{topic.id}.md").read_text(encoding="utf-8")
    leads = [s["lead"]["text"] for s in page["story_leads"]]
    assert markdown.index(leads[0]) < markdown.index(leads[1])  # the loss, then the trial


def _english_config(tmp_path: Path):
    from pipeline.config import load_config

    path = tmp_path / "models.yaml"
    path.write_text("translate:\n  en: {backend: identity}\n", encoding="utf-8")
    return load_config(path)


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


def test_a_notice_worded_a_little_differently_from_page_to_page_is_still_site_text() -> None:
    """A blog's series note, one word changed from page to page; a short report line that reads
    like another but for its figure is news and stays."""
    from pipeline.batch.analysis import repeated_site_text

    notes = ["This post is part of our special coverage on the uprisings in Libya of 2011.",
             "This post is part of our special coverage on the uprising in Libya 2011.",
             "This post is part of our special coverage on the uprisings in Libya 2011."]
    tolls = ["The toll rose to twelve dead.", "The toll rose to twenty dead.", "The toll rose to thirty dead."]
    pages = [replace(english_article(f"a{i}", f"Report {i}."), meta=Meta(date=f"2011-03-0{i + 1}"),
                     paragraphs=()) for i in range(3)]
    found = repeated_site_text(pages, lambda article: [notes[int(article.id[1])], tolls[int(article.id[1])]])
    assert found == set(notes)


def test_one_event_told_in_three_languages_is_one_story_citing_each(tmp_path: Path) -> None:
    """A French, a Spanish and a Catalan article on one earthquake, beside news of other things."""
    from pipeline.config import load_config
    from pipeline.run.incremental import run

    from .conftest import FIXTURES, ROOT

    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "languages", corpus)
    run(corpus, tmp_path / "out", load_config(ROOT / "models.yaml"))
    stories = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))["stories"]
    quake = {"fr_seisme", "es_terremoto", "ca_terratremol"}
    assert sorted(map(sorted, (s["articles"] for s in stories))) == sorted(
        [sorted(quake), ["es_futbol"], ["fr_budget"]])
    told = next(s for s in stories if set(s["articles"]) == quake)
    merged = json.loads((tmp_path / "out" / "stories" / f"{told['id']}.json").read_text(encoding="utf-8"))
    cited = {c["article"] for sentence in merged["summary"] for c in sentence["citations"]}
    assert cited == quake
