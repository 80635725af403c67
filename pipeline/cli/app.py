"""The `pipeline` command: parses arguments, calls the library, renders. Nothing else.

Heavy modules (torch, transformers) load only when a command needs a model, so `--help` and
commands with nothing to do stay fast.
"""

from __future__ import annotations

import json
import logging
import stat
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.cli.terminal import inert_json
from pipeline.config import Config, find_config, load_config
from pipeline.errors import PipelineError
from pipeline.text import inert, with_s

if TYPE_CHECKING:
    from pipeline.run.incremental import RunReport

app = typer.Typer(help="Clean, translate and summarize scraped news articles, with citations.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False)

ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="Models and backends per stage [default: ./models.yaml, else the packaged one].",
    show_default=False)]
KeepOption = Annotated[bool, typer.Option("--keep-unsupported",
                                          help="Keep summary sentences the faithfulness guard rejects.")]


def shown(text: object) -> str:
    """Text that may come from a file name or an article, for Rich: inert, and its markup literal."""
    return escape(inert(str(text)))


def _stdout(text: str) -> None:
    """Text for stdout: inert on a terminal, exact when it goes to a file or a pipe."""
    typer.echo(inert_lines(text) if sys.stdout.isatty() else text, nl=False)


def inert_lines(text: str) -> str:
    return "\n".join(inert(line) for line in text.split("\n"))


class Format(StrEnum):
    md = "md"
    json = "json"


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


class CleanFormat(StrEnum):
    text = "text"
    json = "json"


class _NoteHandler(logging.Handler):
    """The library's warnings (a model fell back, a sentence was retranslated) as notes on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err_console.print(f"[yellow]note:[/yellow] {shown(self.format(record))}", markup=True, highlight=False,
                          soft_wrap=True)


_notes = _NoteHandler(logging.WARNING)
log = logging.getLogger(__name__)


@app.callback()
def _setup() -> None:
    logger = logging.getLogger("pipeline")
    _notes.setLevel(logging.WARNING)
    if _notes not in logger.handlers:
        logger.addHandler(_notes)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {shown(message)}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _config(path: Path | None) -> Config:
    found, note = find_config(path)
    if note:  # a note like the library's: shown by the same handler, silenced by --quiet
        log.warning("%s", note)
    try:
        return load_config(found)
    except PipelineError as error:
        raise _fail(str(error)) from None


@app.command("run")
def run_command(
    corpus: Annotated[Path, typer.Argument(help="Folder of articles (or one file).")] = Path("corpus"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    config: ConfigOption = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every input, even unchanged ones.")] = False,
    keep_unsupported: KeepOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no table; errors only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a machine-readable run report on stdout.")] = False,
    engine: Annotated[EngineName, typer.Option("--engine", help="Where articles are processed.")] = EngineName.local,
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="A Ray cluster to use with "
                                                    "--engine ray (default: start one on this machine).")] = None,
) -> None:
    """Bring OUT up to date with CORPUS: process new or changed articles, drop the outputs of
    deleted ones, rebuild the merged summary when its articles changed."""
    from pipeline.read.inputs import find_inputs
    from pipeline.run.incremental import run
    from pipeline.run.stages import Options

    if quiet:  # errors only
        _notes.setLevel(logging.ERROR)
    settings = _config(config)
    if not corpus.exists():
        raise _fail(f"{corpus}: no such file or folder")
    options = {"force": force, "options": Options(keep_unsupported=keep_unsupported), "engine": engine.value,
               "ray_address": ray_address}
    try:
        if quiet or as_json:
            report = run(corpus, out, settings, **options)
        else:
            with _Bar(total=len(find_inputs(corpus)) + 1) as bar:
                report = run(corpus, out, settings, progress=bar.update, **options)
    except PipelineError as error:
        raise _fail(str(error), 1) from None
    if as_json:
        typer.echo(inert_json(json.dumps(report.to_json(), ensure_ascii=False, indent=2)))
    elif not quiet:
        _print_report(report, out)
    else:
        for outcome in report.outcomes:
            if outcome.status == "failed":
                err_console.print(f"failed: {inert(outcome.source_path)}: {inert(outcome.reason)}", markup=False)
    raise typer.Exit(1 if report.failed else 0)


class _Bar:
    """A progress bar on stderr: one step per input (and the merge), labelled with its stage."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err_console, transient=True)
        self.task = self.progress.add_task("starting", total=total)

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, path: str, stage: str) -> None:
        if stage == "done":
            self.progress.advance(self.task)
        else:
            self.progress.update(self.task, description=f"{path}: {stage}")


def _print_report(report: RunReport, out: Path) -> None:
    table = Table(title=f"{out}/")
    table.add_column("input", overflow="fold")
    table.add_column("status")
    table.add_column("reason", overflow="fold")
    colors = {"ok": "green", "skipped": "yellow", "failed": "red", "removed": "magenta"}
    for outcome in report.outcomes:
        reason = outcome.reason if outcome.fresh else "; ".join(filter(None, ["unchanged since the last run",
                                                                              outcome.reason]))
        table.add_row(shown(outcome.source_path), f"[{colors[outcome.status]}]{outcome.status}[/]", shown(reason))
    err_console.print(table)
    counts = ", ".join(f"{n} {s}" for s, n in report.counts.items() if n or s != "removed")
    processed = sum(o.fresh and o.status != "removed" for o in report.outcomes)
    merged = "rebuilt" if report.merged is not None else "unchanged"
    told = sum(len(s.articles) > 1 for s in report.stories)
    err_console.print(f"{counts}; {processed} processed in this run; {_counted(len(report.topics), 'topic')}, "
                      f"{_counted(len(report.stories), 'story')} ({told} told by two articles or more, "
                      f"{len(report.stories_rebuilt)} rebuilt); merged summary of the largest, "
                      f"{_counted(len(report.articles), 'article')}, {merged}", markup=False, highlight=False)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else with_s(noun)}"


@app.command()
def summarize(
    file: Annotated[Path, typer.Argument(help="One article.")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.md,
    config: ConfigOption = None,
    keep_unsupported: KeepOption = False,
) -> None:
    """Summarize one article and print it (Markdown or JSON) on stdout."""
    from pipeline.output import contract
    from pipeline.output.markdown import article_markdown
    from pipeline.run.incremental import summarize_file
    from pipeline.run.stages import Options

    settings = _config(config)
    _check_article_file(file)
    try:
        article = summarize_file(file, settings, Options(keep_unsupported=keep_unsupported))
    except PipelineError as error:
        raise _fail(f"{file}: {error}", 1) from None
    except OSError as error:
        raise _fail(f"{file}: cannot read: {error.strerror or error}", 1) from None
    if format is Format.json:
        typer.echo(inert_json(contract.dumps(contract.article_to_json(article))), nl=False)
    else:
        _stdout(article_markdown(article))


def _check_article_file(file: Path) -> None:
    """One article's file: a regular file (a pipe or a device would be read without end)."""
    try:
        info = file.stat()
    except FileNotFoundError:
        raise _fail(f"{file}: no such file") from None
    except (OSError, RuntimeError) as error:  # a link that loops is a RuntimeError
        raise _fail(f"{file}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(f"{file}: not a regular file (a folder, a pipe or a device); give the file of an article")


@app.command("clean")
def clean_command(
    file: Annotated[Path, typer.Argument(help="One article.")],
    format: Annotated[CleanFormat, typer.Option("--format", "-f")] = CleanFormat.text,
) -> None:
    """Show the cleaned paragraphs with their kinds, and what each rule removed."""
    from pipeline.clean import apply_rules
    from pipeline.output import contract
    from pipeline.read.ingest import ingest

    _check_article_file(file)
    try:
        article = apply_rules(ingest(file))
    except PipelineError as error:
        raise _fail(f"{file}: {error}", 1) from None
    except OSError as error:
        raise _fail(f"{file}: cannot read: {error.strerror or error}", 1) from None
    if format is CleanFormat.json:
        typer.echo(inert_json(contract.dumps(contract.cleaned_to_json(article))), nl=False)
        return
    for p in article.paragraphs:
        where = f"{p.lines[0]}" if p.lines[0] == p.lines[1] else f"{p.lines[0]}-{p.lines[1]}"
        out_console.print(f"{p.id:>4}  {p.kind:<8} {where:>6}  {inert(p.text)}", markup=False)
    out_console.print(f"\nremoved ({len(article.removed)}):", markup=False)
    for r in article.removed:
        out_console.print(f"  {r.rule:<20} {r.lines[0]:>6}  {inert(repr(r.text))}", markup=False)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Output folder of the earlier run.")],
    new: Annotated[Path, typer.Argument(help="Output folder of the later run.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Compare two output folders: summary sentences, citations, translations, cleaning.
    Exit status 0 without differences, 1 with, 2 on error (as diff does)."""
    from pipeline.output.diff import compare, render_html, render_json, render_text

    try:
        result = compare(old, new)
    except PipelineError as error:
        raise _fail(str(error), 2) from None
    renderers = {DiffFormat.text: render_text, DiffFormat.json: render_json, DiffFormat.html: render_html}
    rendered = renderers[format](result)
    if output is None:
        _stdout(inert_json(rendered) if format is DiffFormat.json else rendered)
    else:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as error:
            raise _fail(f"{output}: {error.strerror}", 2) from None
        err_console.print(f"{sum(result.counts.values())} changes; page written to {inert(str(output))}", markup=False)
    raise typer.Exit(1 if result.changes else 0)


models_app = typer.Typer(help="List the configured models, or pull them for offline use.",
                         invoke_without_command=True)
app.add_typer(models_app, name="models")


@models_app.callback()
def models_list(ctx: typer.Context, config: ConfigOption = None,
                language: Annotated[list[str] | None, typer.Option(
                    "--language", "-l", help="Every model and resource of this source language (repeatable).")] = None,
                ) -> None:
    """Each language the config translates from: its offline route, the Debian packages it
    needs and whether they are installed, its neural model; then the other stages' models.
    With --language, every model and resource of that language, where it is or why not."""
    if ctx.invoked_subcommand:
        return
    from pipeline.run.inventory import inventory, languages
    from pipeline.translate.languages import name as name_of

    settings = _config(config)
    if not language:
        table = Table(title="languages")
        for column in ("language", "offline route", "Debian packages", "installed", "neural model", "used"):
            table.add_column(column, overflow="fold")
        for entry in languages(settings):
            here = "[green]yes[/]" if not entry.missing else "[red]no[/]: " + " ".join(entry.missing)
            model = shown(entry.model or "") + (" [green](here)[/]" if entry.model_here else "")
            table.add_row(f"{entry.lang} {name_of(entry.lang)}", " > ".join(entry.route), " ".join(entry.packages),
                          here, model, entry.in_use or "[red]none[/]")
        out_console.print(table)
    rows = [e for e in inventory(settings) if (e.stage.removeprefix("translate ") in language if language
                                              else not e.stage.startswith("translate "))]
    table = Table(title="models" if not language else f"translate {', '.join(map(shown, language))}")
    for column in ("stage", "backend", "model", "here", "used"):
        table.add_column(column, overflow="fold")
    for entry in sorted(rows, key=lambda e: e.stage):
        here = f"[green]yes[/] {shown(entry.detail)}" if entry.available else f"no: {shown(entry.detail)}"
        table.add_row(entry.stage, entry.backend, shown(entry.model), here, "[green]in use[/]" if entry.in_use else "")
    out_console.print(table)


@models_app.command("packages")
def models_packages(languages_wanted: Annotated[list[str] | None, typer.Argument(
                        metavar="[LANGUAGE]...", help="Source languages (default: all the config names).")] = None,
                    config: ConfigOption = None, missing: Annotated[bool, typer.Option(
                        "--missing", help="Only the packages not installed yet.")] = False) -> None:
    """The Debian packages the offline translators of these languages need, on one line:
    apt-get install $(pipeline models packages ca pt)."""
    from pipeline.run.inventory import languages

    entries = {entry.lang: entry for entry in languages(_config(config))}
    unknown = [lang for lang in languages_wanted or () if lang not in entries]
    if unknown:
        raise _fail(f"no offline route for {', '.join(map(shown, unknown))} in the config; it has "
                    f"{', '.join(sorted(entries))}", 2)
    wanted = [entries[lang] for lang in languages_wanted or sorted(entries)]
    packages = sorted({p for entry in wanted for p in (entry.missing if missing else entry.packages)})
    _stdout(" ".join(packages) + "\n" if packages else "")


@models_app.command("pull")
def models_pull(config: ConfigOption = None,
                language: Annotated[list[str] | None, typer.Option(
                    "--language", "-l", help="Only the translation model of this language (repeatable).")] = None,
                ) -> None:
    """Download the configured hub models (safetensors weights, config, tokenizer) into the
    Hugging Face cache, for later runs without network; with --language, the translation
    models of those languages only."""
    from pipeline.models.hub import configured_models, pull

    failed = False
    wanted = {f"translate {lang}" for lang in language or ()}
    pulled: set[str] = set()  # one model may serve several languages
    for entry in configured_models(_config(config)):
        if (wanted and entry.stage not in wanted) or entry.model in pulled:
            continue
        pulled.add(entry.model)
        err_console.print(f"{entry.stage}: {inert(entry.model)}", markup=False)
        try:
            resolved = pull(entry.model)
        except Exception as error:  # network and hub errors come in many types; all mean "not pulled"
            resolved, reason = None, f"{type(error).__name__}: {error}".splitlines()[0]
        else:
            reason = resolved.reason
        if resolved is None or not resolved.available:
            failed = True
            err_console.print(f"  [red]not available:[/] {shown(reason)}", highlight=False)
        else:
            err_console.print(f"  [green]ready[/] in {shown(resolved.folder)}", highlight=False)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()
