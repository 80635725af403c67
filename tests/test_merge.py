from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.batch.merge import merge
from pipeline.document import MergedCitation, Meta

from .helpers import english_article

FOUR_TOPICS = ("The central bank raised interest rates by half a point on Thursday.",
               "Heavy rain flooded several villages in the north of the country.",
               "The national football team won its qualifying match in Madrid.",
               "A new exhibition of medieval manuscripts opened at the city library.")


def test_claims_are_the_articles_key_points_whatever_their_summaries(embedder) -> None:
    """An article summarized in one sentence, or by another summarizer, still offers its
    other key points to the merged summary."""
    one = english_article("one",
                          "The central bank raised interest rates by half a point on Thursday.",
                          "Heavy rain flooded several villages in the north of the country on Friday.")
    assert one.summary == ()
    texts = {s.text for s in merge([one], embedder, sentences=6).summary}
    assert texts == {p.en for p in one.paragraphs}


def test_claim_reported_by_two_articles_is_kept_once_and_cites_both(embedder) -> None:
    one = english_article("one",
                          "North Korea has supplied artillery shells to Russia for its war in Ukraine.",
                          "Tourism between the countries resumed in February.")
    two = english_article("two",
                          "The weather in Pyongyang was cold and grey on Tuesday morning.",
                          "North Korea supplied artillery shells to Russia for the war in Ukraine.")
    merged = merge([one, two], embedder, sentences=6)
    assert merged.articles == ("one", "two")
    shells = [s for s in merged.summary if "artillery shells" in s.text]
    assert len(shells) == 1
    assert shells[0].citations == (MergedCitation("one", "p1"), MergedCitation("two", "p2"))
    # the claim backed by two articles comes first
    assert merged.summary[0] is shells[0]
    assert len(merged.summary) == 3


def test_sentence_count_is_capped(embedder) -> None:
    article = english_article("a", *FOUR_TOPICS)
    assert len(merge([article], embedder, sentences=2).summary) == 2


def test_past_the_claims_a_merge_weighs_each_article_gives_fewer(embedder, monkeypatch) -> None:
    """A story of hundreds of articles is merged again whenever one joins: its cost is bounded
    by weighing fewer claims of each, the most central."""
    from pipeline.batch import merge as merging

    article = english_article("a", *FOUR_TOPICS)
    assert len(merge([article], embedder, sentences=6).summary) == 4
    monkeypatch.setattr(merging, "MAX_CLAIMS", 1)
    assert len(merge([article], embedder, sentences=6).summary) == merging.MIN_CLAIMS_PER_ARTICLE


def test_a_sentence_every_page_repeats_over_several_days_is_no_claim(embedder) -> None:
    """A site's notice stands word for word on its pages of many days; wire copy reprinted on
    one day is news, and its outlets corroborate each other."""
    notice = "You can read the newspaper on one device at a time."
    wire = "The army shelled the oil town of Ras Lanuf from the air on Tuesday."
    days = ("2011-03-08", "2011-04-11", "2011-06-27")
    reports = ["Rebels retreated into the desert after the shelling of the town.",
               "Ministers debated a no-fly zone over the country in Brussels.",
               "Oil prices rose above 105 dollars a barrel in London."]
    articles = [replace(english_article(f"a{i}", report, notice), meta=Meta(date=day))
                for i, (report, day) in enumerate(zip(reports, days, strict=True))]
    texts = [s.text for s in merge(articles, embedder, sentences=6).summary]
    assert notice not in texts and set(reports) <= set(texts)
    same_days = ("2011-03-08", "2011-03-08", "2011-03-09")
    reprinted = [replace(english_article(f"w{i}", wire, report), meta=Meta(date=day))
                 for i, (report, day) in enumerate(zip(reports, same_days, strict=True))]
    merged = merge(reprinted, embedder, sentences=6).summary
    assert [len(s.citations) for s in merged if s.text == wire] == [3]


def test_the_names_half_a_large_storys_articles_name_are_its_protagonists() -> None:
    """They stand in most sentences of the story, so sharing one anchors no report."""
    from pipeline.batch.merge import PROTAGONIST_ARTICLES, _protagonists
    from pipeline.text import english_sentences

    articles = [english_article(f"a{i}", f"The forces of Kadhafi shelled the town on day {i}.",
                                "The rebels held Misrata." if i < 3 else "The price of oil rose again.")
                for i in range(PROTAGONIST_ARTICLES)]
    sentences_of = {a.id: english_sentences(a) for a in articles}
    assert _protagonists(articles, sentences_of) == {"kadhafi"}
    assert _protagonists(articles[:-1], sentences_of) == frozenset()  # a smaller story keeps them


def test_no_articles_gives_an_empty_summary(embedder) -> None:
    merged = merge([], embedder, sentences=6)
    assert merged.articles == () and merged.summary == ()


def test_a_claim_is_not_backed_by_a_sentence_with_other_numbers_or_another_day(embedder) -> None:
    # each outlet writes its own context around the figure: four sources, not one text reprinted
    one = english_article("one", "Russia sent 500 soldiers to the border on Monday, the ministry said.",
                          "Villagers near the frontier described long convoys of trucks moving at night.")
    two = english_article("two", "Russia sent 400 soldiers to the border on Monday, the ministry said.",
                          "The foreign minister called his counterpart to ask for an explanation.")
    three = english_article("three", "Russia sent 500 soldiers to the border on Tuesday, the ministry said.",
                            "Analysts in the capital doubt that the deployment will last beyond the winter.")
    four = english_article("four", "On Monday Russia sent 500 soldiers to the border, the ministry said.",
                           "Markets barely moved after the announcement, traders in London noted.")
    articles = [one, two, three, four]
    merged = merge(articles, embedder, sentences=6)
    five_hundred_monday = next(s for s in merged.summary if "500" in s.text and "Monday" in s.text)
    cited = {c.article for c in five_hundred_monday.citations}
    assert {"one", "four"} <= cited
    assert not cited & {"two", "three"}
    # 400 against 500 on the same day: one of them is wrong, and the summary says so
    assert MergedCitation("two", "p1") in five_hundred_monday.disputed_by


def test_a_denial_marks_the_claim_disputed_and_cites_both_sides(embedder) -> None:
    fear = english_article("fear", "The allies fear that North Korea supplies arms to Russia for its war in Ukraine.")
    denial = english_article("denial", "Pyongyang rejected the accusations of the allies in a long statement.",
                             "North Korea does not supply arms to Russia for the war in Ukraine, the ambassador said.")
    articles = [fear, denial]
    merged = merge(articles, embedder, sentences=6)
    claim = next(s for s in merged.summary if s.text.startswith("The allies fear"))
    assert claim.citations == (MergedCitation("fear", "p1"),)
    assert claim.disputed_by == (MergedCitation("denial", "p2"),)


def test_a_negation_elsewhere_in_a_sentence_is_no_dispute(embedder) -> None:
    one = english_article("one", "Kim Jong-un will meet Vladimir Putin in Vladivostok to discuss arms and satellites.")
    two = english_article("two", "Kim Jong-un does not want to go back to Pyongyang empty-handed after meeting "
                                 "Vladimir Putin in Vladivostok.")
    articles = [one, two]
    assert not any(s.disputed_by for s in merge(articles, embedder, sentences=6).summary)


def test_the_merged_summary_opens_with_what_the_articles_open_with(embedder) -> None:
    one = english_article("one", "The central bank raised its main rate to 4.5 percent on Thursday in Frankfurt.",
                          "Shop owners in the old town complained about the cost of their loans for months.")
    two = english_article("two", "The central bank raised its main rate to 4.5 percent on Thursday, a surprise.",
                          "Shop owners in the old town complained about the cost of their loans for years now.")
    articles = [one, two]
    assert merge(articles, embedder, sentences=6).summary[0].text.startswith("The central bank raised")


def test_the_timeline_dates_each_event_once_in_date_order(embedder) -> None:
    one = replace(english_article("one", "Kim Jong-un travelled to Russia on 12 September 2023 by armoured train.",
                                  "Vladimir Putin landed in Pyongyang on 18 June 2024 for a two-day visit."),
                  meta=Meta(date="2024-06-19"))
    two = english_article("two", "Putin arrived in Pyongyang on 18 June 2024, his first visit in 24 years.",
                          "In September the two leaders had met at the Vostochny spaceport.")
    articles = [one, two]
    events = merge(articles, embedder, sentences=6).timeline
    # "In September" of the undated article: the year the other article gives September
    assert [e.date for e in events] == ["2023-09", "2023-09-12", "2024-06-18"]
    june = events[2]
    assert {c.article for c in june.citations} == {"one", "two"} and june.said == "18 June 2024"


@pytest.mark.parametrize(("published", "sentence", "date"), [
    ("2011-02-17", "On Tuesday, protesters occupied the main square of Benghazi.", "2011-02-15"),  # a Thursday
    ("2011-02-17", "The rebels will meet again next Tuesday in Benghazi.", "2011-02-22"),
    ("2024-06", "Vladimir Putin has to arrive this Tuesday in Pyongyang.", "2024-06"),  # dated to the month
    ("2011-02-17", "Protesters occupied the square on 15 February 2011 and again on Tuesday.", "2011-02-15"),
    ("2024-06", "In November the country put a spy satellite in orbit.", "2023-11"),  # the nearer November
    ("2011-01-05", "The army fired on the crowd on 30 December.", "2010-12-30"),
    ("2024-06", "Kim Jong-un is expected in Moscow in August.", "2024-08"),
])
def test_a_date_without_a_year_is_dated_by_its_articles_date(embedder, published: str, sentence: str,
                                                              date: str) -> None:
    article = replace(english_article("one", sentence), meta=Meta(date=published))
    merged = merge([article], embedder, sentences=6)
    assert [e.date for e in merged.timeline] == [date]
    assert [s.date for s in merged.summary] == [date]  # the summary says when, too


def test_a_month_in_an_undated_article_takes_no_year_the_story_does_not_agree_on(embedder) -> None:
    one = english_article("one", "The first talks were held in September 2019 in Geneva.",
                          "The second round opened in September 2023 in Vienna.")
    two = english_article("two", "In September the negotiators met again.")
    assert [e.date for e in merge([one, two], embedder, sentences=6).timeline] == ["2019-09", "2023-09"]


def test_a_weekday_in_an_undated_article_dates_nothing(embedder) -> None:
    article = english_article("one", "On Tuesday, protesters occupied the main square of Benghazi.")
    assert merge([article], embedder, sentences=6).timeline == ()


def test_of_equally_reported_openings_the_one_that_says_who_and_when_comes_first(embedder) -> None:
    hopes = "Many observers have placed great hopes in the coming meeting between the two leaders."
    visit = "Kim Jong-un intends to travel to Russia in September to meet Vladimir Putin."
    one = english_article("one", hopes, visit)
    two = english_article("two", visit.replace("intends", "plans"), hopes.replace("Many", "Several"))
    merged = merge([one, two], embedder, sentences=6)
    assert merged.summary[0].text.startswith("Kim Jong-un")
    assert {c.article for c in merged.summary[0].citations} == {"one", "two"}


def test_the_latest_development_follows_the_opening(embedder) -> None:
    """A developing story: what the most recently published article opens with is said second,
    even when a single article reports it."""
    visit = "Kim Jong-un travelled to Vladivostok in September 2023 to meet Vladimir Putin."
    arms = "Western governments accuse North Korea of supplying artillery shells to Russia for the war in Ukraine."
    one = english_article("one", visit, arms)
    two = english_article("two", visit.replace("travelled", "went"), arms.replace("supplying", "sending"))
    latest = english_article("three", "Vladimir Putin arrived in Pyongyang on Tuesday for a two-day state visit.",
                             "The two leaders are expected to sign a strategic partnership treaty.")
    two = replace(two, meta=replace(two.meta, date="2023-09-13"))
    latest = replace(latest, meta=replace(latest.meta, date="2024-06-18"))
    merged = merge([one, two, latest], embedder, sentences=2)
    assert [s.text.split()[0] for s in merged.summary] == ["Kim", "Vladimir"]
    assert merged.summary[1].citations == (MergedCitation("three", "p1"),)


def test_what_the_same_passages_say_is_said_once(embedder) -> None:
    """A wire story printed by two outlets: its paragraph backs two claims; one is enough."""
    wire = ("North Korea has shipped millions of artillery shells to Russia since last summer. "
            "In return, Moscow is said to help Pyongyang with satellite technology and food.")
    one = english_article("one", wire, "The central bank of Russia raised its key rate to 16 percent on Friday.")
    two = english_article("two", wire, "Heavy snow closed the roads around Vladivostok for a second day.")
    merged = merge([one, two], embedder, sentences=6)
    from_wire = [s for s in merged.summary if s.text in wire]
    assert len(from_wire) == 1
    assert {c.article for c in from_wire[0].citations} == {"one", "two"}


def test_of_a_sentence_of_two_clauses_the_one_nearest_the_claim_reports_it() -> None:
    """A "not" in the other clause is no denial of the claim."""
    from pipeline.batch.claims import nearest_clause as _nearest_clause
    from pipeline.summarize.cite import content_words

    sentence = ("Kim Jong-un does not want to return to Pyongyang empty-handed: he could ask Putin for advanced "
                "weapons technology, for example for his nuclear submarines.")
    claim = content_words("Putin courts Kim to rebuild his arsenal in exchange for technology for the submarines.")
    assert _nearest_clause(sentence, claim).startswith("he could ask Putin")
    assert _nearest_clause("North Korea does not provide arms to Russia.", claim) == (
        "North Korea does not provide arms to Russia.")


DISPATCH = ("North Korea has supplied artillery shells to Russia for its war in Ukraine, officials in Seoul said.",
            "The shipments began in August and have grown every month since, according to the intelligence service.",
            "Moscow and Pyongyang deny any transfer of weapons between the two countries.")


def _sources(merged) -> list[tuple[int, int]]:
    """Each sentence's (independent sources, articles cited)."""
    return [(s.sources, len({c.article for c in s.citations})) for s in merged.summary]


def test_copies_of_one_article_are_one_source(embedder) -> None:
    """The same article under three names, and a fourth copy with only its headline changed:
    every claim is reported by one source, reprinted by three, and none is corroborated."""
    copies = [english_article(name, ("title", "Seoul says arms flow north to south"), *DISPATCH)
              for name in ("a", "b", "c")]
    copies.append(english_article("d", ("title", "A quite different headline on the same dispatch"), *DISPATCH))
    merged = merge(copies, embedder, sentences=6)
    assert merged.reprints == {"b": "a", "c": "a", "d": "a"}
    assert merged.summary and all(pair == (1, 4) for pair in _sources(merged))
    assert all(not s.disputed_by for s in merged.summary)


def test_a_lightly_reworded_wire_story_is_a_reprint(embedder) -> None:
    reworded = ("North Korea has supplied artillery shells to Russia for its war in Ukraine, officials in Seoul "
                "said on Monday.",
                "The shipments began in August and have grown every month since, according to South Korea's "
                "intelligence service.",
                "Moscow and Pyongyang deny any transfer of weapons between the two countries.")
    wire = replace(english_article("wire", *DISPATCH), meta=Meta(date="2024-06-10"))
    outlet = replace(english_article("outlet", *reworded), meta=Meta(date="2024-06-11"))
    merged = merge([wire, outlet], embedder, sentences=6)
    assert merged.reprints == {"outlet": "wire"}
    assert all(sources == 1 for sources, _ in _sources(merged))


def test_independent_reports_of_one_fact_are_two_sources(embedder) -> None:
    one = english_article("one", "North Korea has supplied artillery shells to Russia for its war in Ukraine.",
                          "Tourism between the countries resumed in February.")
    two = english_article("two", "The weather in Pyongyang was cold and grey on Tuesday morning.",
                          "North Korea supplied artillery shells to Russia for the war in Ukraine.")
    merged = merge([one, two], embedder, sentences=6)
    assert merged.reprints == {}
    shells = next(s for s in merged.summary if "artillery shells" in s.text)
    assert shells.sources == 2


def test_a_sentence_quoted_word_for_word_from_a_dispatch_does_not_corroborate_it(embedder) -> None:
    """Two outlets written apart, one quoting a sentence of the other word for word: that
    sentence is one source, while what each wrote in its own words is its own."""
    one = english_article("one", DISPATCH[0], "Tourism between the countries resumed in February.",
                          "The weather in Pyongyang was cold and grey on Tuesday morning.")
    two = english_article("two", "A parliamentary committee in Seoul met behind closed doors on Friday.",
                          DISPATCH[0], "Opposition lawmakers asked for a public hearing on the deliveries.")
    merged = merge([one, two], embedder, sentences=6)
    assert merged.reprints == {}
    quoted = next(s for s in merged.summary if "artillery shells" in s.text)
    assert {c.article for c in quoted.citations} == {"one", "two"} and quoted.sources == 1
