"""What changed between two output folders: summary sentences, citations, translations, cleaning.

`compare` reads both folders (as typed outputs, through `store.read_outputs`) and lists every change; the
renderers show the list for a terminal, for scripts (JSON), and as a self-contained HTML page
with old and new side by side, where each citation opens the cited paragraph and its
translation.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Article, MergedSummary, Story
from pipeline.output import site
from pipeline.output.contract import MERGED_STEM
from pipeline.output.store import Outputs, read_outputs

MERGED = MERGED_STEM  # the `article` of the merged summary's changes
# Two aligned sentences at least this similar (difflib ratio) are one sentence reworded; below
# it, one was removed and another added.
SAME_SENTENCE_RATIO = 0.5

KINDS = ("article added", "article removed", "sentence added", "sentence removed", "sentence changed",
         "citations changed", "paragraph added", "paragraph removed", "source changed",
         "translation changed", "cleaning added", "cleaning removed", "story added", "story removed",
         "story grown", "story changed")
STORIES = "stories"  # the `article` of the stories' changes
TOPICS = "topics"  # and of the topics' changes


@dataclass(frozen=True)
class Change:
    kind: str
    article: str  # article id, or "merged"
    where: str  # "summary 2", "p7", a cleaning rule, ...
    old: str | None = None
    new: str | None = None
    position: int | None = None  # summary sentences: 0-based, in the new summary (the old one if removed)


@dataclass(frozen=True)
class Diff:
    old: Outputs
    new: Outputs
    changes: tuple[Change, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(c.kind for c in self.changes)
        return {kind: counted[kind] for kind in KINDS if counted[kind]}

    def for_article(self, article: str) -> list[Change]:
        return [c for c in self.changes if c.article == article]


def compare(old_folder: Path, new_folder: Path) -> Diff:
    """Every change from one output folder to another; a folder that is missing, empty or holds
    a file that is not one of the contract's is a ContractError naming it."""
    old, new = read_outputs(old_folder), read_outputs(new_folder)
    changes: list[Change] = []
    for article in sorted(old.articles.keys() | new.articles.keys()):
        if article not in new.articles:
            changes.append(Change("article removed", article, "", _heading(old.articles[article])))
        elif article not in old.articles:
            changes.append(Change("article added", article, "", None, _heading(new.articles[article])))
        else:
            changes += _article_changes(article, old.articles[article], new.articles[article])
    changes += _sentence_changes(MERGED, _merged_sentences(old.merged), _merged_sentences(new.merged))
    changes += _story_changes(old, new)
    return Diff(old, new, tuple(changes))


def _story_changes(old: Outputs, new: Outputs) -> list[Change]:
    """Stories added and removed; grown (articles joined it, none left it); split (its articles
    went to two stories or more); changed (its articles otherwise, or its merged summary). The
    same for topics, by their articles."""
    changes = []
    new_owner = {a: s for s, (story, _) in new.stories.items() for a in story.articles}
    for story_id in sorted(old.stories.keys() | new.stories.keys()):
        before, after = old.stories.get(story_id), new.stories.get(story_id)
        kind = _grouping_change(before[0].articles if before else None, after[0].articles if after else None,
                                new_owner)
        if kind is None and before and after and _merged_sentences(before[1]) != _merged_sentences(after[1]):
            kind = "changed"
        if kind:
            changes.append(Change(f"story {kind}", STORIES, story_id, before and _story_line(before[0]),
                                  after and _story_line(after[0])))
    old_topics, new_topics = _topic_articles(old), _topic_articles(new)
    new_topic_of = {a: t for t, articles in new_topics.items() for a in articles}
    for topic_id in sorted(old_topics.keys() | new_topics.keys()):
        before, after = old_topics.get(topic_id), new_topics.get(topic_id)
        if kind := _grouping_change(before, after, new_topic_of):
            changes.append(Change(f"topic {kind}", TOPICS, topic_id, before and _topic_line(old, topic_id),
                                  after and _topic_line(new, topic_id)))
    return changes


def _grouping_change(before: tuple[str, ...] | None, after: tuple[str, ...] | None,
                     now: dict[str, str]) -> str | None:
    """What became of a story or a topic, by its articles (`now`: article -> its new group)."""
    if after is None:
        return "split" if before and len({now[a] for a in before if a in now}) > 1 else "removed"
    if before is None:
        return "added"
    if set(before) < set(after):
        return "grown"
    if len({now[a] for a in before if a in now}) > 1:
        return "split"
    return "changed" if set(before) != set(after) else None


def _topic_articles(outputs: Outputs) -> dict[str, tuple[str, ...]]:
    return {t.id: tuple(a for s in t.stories if s in outputs.stories for a in outputs.stories[s][0].articles)
            for t in outputs.topics.values()}


def _topic_line(outputs: Outputs, topic_id: str) -> str:
    topic = outputs.topics[topic_id]
    return f"{topic.title or topic.id} ({len(topic.stories)} stories, {topic.articles} articles)"


def _story_line(story: Story) -> str:
    count = len(story.articles)
    return f"{story.title or story.id} ({count} article{'s' if count > 1 else ''}: {', '.join(story.articles)})"


def _heading(article: Article) -> str:
    """How a change names an article: its English title, else its id."""
    return article.english_title or article.id


def _article_changes(article: str, old: Article, new: Article) -> list[Change]:
    changes = _sentence_changes(article, [(s.text, s.citations) for s in old.summary],
                                [(s.text, s.citations) for s in new.summary])
    old_paragraphs = {p.id: p for p in old.paragraphs}
    new_paragraphs = {p.id: p for p in new.paragraphs}
    for pid in sorted(old_paragraphs.keys() | new_paragraphs.keys(), key=_paragraph_order):
        before, after = old_paragraphs.get(pid), new_paragraphs.get(pid)
        if after is None:
            assert before is not None
            changes.append(Change("paragraph removed", article, pid, before.text))
        elif before is None:
            changes.append(Change("paragraph added", article, pid, None, after.text))
        else:
            if before.text != after.text:
                changes.append(Change("source changed", article, pid, before.text, after.text))
            if before.en != after.en:
                changes.append(Change("translation changed", article, pid, before.en, after.en))
    old_log = Counter((f"{r.rule} (lines {r.lines[0]}-{r.lines[1]})", r.text) for r in old.removed)
    new_log = Counter((f"{r.rule} (lines {r.lines[0]}-{r.lines[1]})", r.text) for r in new.removed)
    changes += [Change("cleaning removed", article, rule, text) for rule, text in (old_log - new_log).elements()]
    changes += [Change("cleaning added", article, rule, None, text) for rule, text in (new_log - old_log).elements()]
    return changes


def _paragraph_order(pid: str) -> int:
    return int(pid.lstrip("p")) if pid.lstrip("p").isdigit() else 0


def _merged_sentences(merged: MergedSummary | None) -> list[tuple[str, list[str]]]:
    if merged is None:
        return []
    return [(s.text, [f"{c.article}#{c.paragraph}" for c in s.citations]) for s in merged.summary]


Sentences = Sequence[tuple[str, Sequence[str]]]


def _sentence_changes(article: str, old: Sentences, new: Sentences) -> list[Change]:
    """Align two summaries sentence by sentence; report what was added, removed or reworded,
    and where the same sentence now cites other paragraphs."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=[t for t, _ in old], b=[t for t, _ in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        if op == "equal":
            for i, j in pairs:
                if list(old[i][1]) != list(new[j][1]):
                    changes.append(_citations(article, j, new[j][0], old[i][1], new[j][1]))
            continue
        paired = set()
        if op == "replace":
            for i, j in pairs:
                if difflib.SequenceMatcher(a=old[i][0], b=new[j][0]).ratio() >= SAME_SENTENCE_RATIO:
                    paired.update({("old", i), ("new", j)})
                    changes.append(Change("sentence changed", article, f"summary {j + 1}", old[i][0], new[j][0],
                                          position=j))
                    if list(old[i][1]) != list(new[j][1]):
                        changes.append(_citations(article, j, new[j][0], old[i][1], new[j][1]))
        changes += [Change("sentence removed", article, f"summary {i + 1}", old[i][0], position=i)
                    for i in range(i1, i2) if ("old", i) not in paired]
        changes += [Change("sentence added", article, f"summary {j + 1}", None, new[j][0], position=j)
                    for j in range(j1, j2) if ("new", j) not in paired]
    return changes


def _citations(article: str, position: int, sentence: str, old: Sequence[str], new: Sequence[str]) -> Change:
    short = sentence if len(sentence) <= 60 else sentence[:57] + "..."
    return Change("citations changed", article, f"summary {position + 1} ({short})", ", ".join(old),
                  ", ".join(new), position=position)


# --- renderers -------------------------------------------------------------------------------

_MARKS = {"added": "+", "removed": "-"}


def render_text(diff: Diff) -> str:
    lines: list[str] = [f"--- {diff.old.folder}", f"+++ {diff.new.folder}"]
    current = None
    for change in diff.changes:
        if change.article != current:
            current = change.article
            lines += ["", f"{'merged summary' if current == MERGED else current}"]
        mark = next((m for word, m in _MARKS.items() if change.kind.endswith(word)), "~")
        where = f" {change.where}" if change.where else ""
        if change.old is not None and change.new is not None:
            lines += [f"  {mark} {change.kind}{where}", f"      - {change.old}", f"      + {change.new}"]
        else:
            lines.append(f"  {mark} {change.kind}{where}: {change.new if change.old is None else change.old}")
    counts = diff.counts
    total = sum(counts.values())
    lines += ["", f"{total} change{'s' if total != 1 else ''}" +
              (": " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else "")]
    return "\n".join(lines) + "\n"


def render_json(diff: Diff) -> str:
    report = {"old": str(diff.old.folder), "new": str(diff.new.folder), "counts": diff.counts,
              "changes": [asdict(c) for c in diff.changes]}
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_html(diff: Diff) -> str:
    """One self-contained page, from the report's templates and stylesheet (inlined, allowed by
    its hash). All article text is escaped, and the page's content security policy allows no
    script at all, so markup in an article can neither render nor run."""
    sections = []
    if any(c.article == MERGED for c in diff.changes):
        sections.append(_merged_section(diff))
    for article in sorted({c.article for c in diff.changes if c.article != MERGED}):
        sections.append(_article_section(diff, article))
    return site.render("diff.html", title="pipeline diff", root="", csp=site.inline_policy(),
                       inline_style=site.stylesheet(), old=str(diff.old.folder), new=str(diff.new.folder),
                       counts=list(diff.counts.items()), sections=sections)


def _states(changes: list[Change]) -> tuple[dict[int, str], dict[int, str]]:
    """CSS class of each old and new summary position from the change list."""
    old: dict[int, str] = {}
    new: dict[int, str] = {}
    for change in changes:
        index = change.position
        if index is None:
            continue
        if change.kind == "sentence added":
            new[index] = "added"
        elif change.kind == "sentence removed":
            old[index] = "removed"
        elif change.kind == "sentence changed":
            new[index] = "changed"
        elif change.kind == "citations changed":
            new[index] = new.get(index, "") + " cites-changed"
    return old, new


def _article_section(diff: Diff, article: str) -> dict[str, Any]:
    changes = diff.for_article(article)
    if article in (STORIES, TOPICS):
        return {"id": article, "title": article, "sides": [], "changes": changes}
    old, new = diff.old.articles.get(article), diff.new.articles.get(article)
    shown = new or old
    states = _states(changes)
    sides = []
    for label, data, state in (("old", old, states[0]), ("new", new, states[1])):
        if data is None:
            sides.append({"label": label, "missing": True})
            continue
        items = [{"state": state.get(i, "").strip(), "text": s.text,
                  "cites": [{"href": f"{label}-{article}-{c}", "label": c} for c in s.citations]}
                 for i, s in enumerate(data.summary)]
        sides.append({"label": label, "missing": False, "entries": items, "panels": _panels(label, article, data)})
    return {"id": article, "title": f"{article}: {_heading(shown) if shown else article}", "sides": sides,
            "changes": changes}


def _panels(label: str, article: str, data: Article) -> list[dict[str, Any]]:
    """Each paragraph as a panel that a citation opens: id `<label>-<article>-<paragraph>`."""
    return [{"id": f"{label}-{article}-{p.id}", "heading": f"{article} {p.id} · {p.kind} · lines "
             f"{p.lines[0]}-{p.lines[1]} ({label})", "text": p.text, "en": p.en or "", "lang": p.lang or "und"}
            for p in data.paragraphs]


def _merged_section(diff: Diff) -> dict[str, Any]:
    changes = diff.for_article(MERGED)
    states = _states(changes)
    sides = []
    for label, side, state in (("old", diff.old, states[0]), ("new", diff.new, states[1])):
        sentences = side.merged.summary if side.merged else ()
        items = [{"state": state.get(i, "").strip(), "text": s.text,
                  "cites": [{"href": f"m-{label}-{c.article}-{c.paragraph}", "label": f"{c.article}#{c.paragraph}"}
                            for c in s.citations]} for i, s in enumerate(sentences)]
        cited = sorted({c.article for s in sentences for c in s.citations})
        panels = [p for a in cited if a in side.articles for p in _panels(f"m-{label}", a, side.articles[a])]
        sides.append({"label": label, "missing": False, "entries": items, "panels": panels})
    return {"id": "merged", "title": "Merged summary", "sides": sides, "changes": changes}
