"""The tree shows the architecture: layers import downwards only, no cycle, no module too long."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "pipeline"
# Lower layers first: a module imports from its own layer or a lower one.
LAYERS = ("core", "models", "read", "clean", "translate", "summarize", "batch", "output", "run", "cli")
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else "core"


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    modules = {_module(p) for p in PACKAGE.rglob("*.py")}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                found[_module(path)] |= {n if n in modules else node.module for n in names}
    return found


def test_layers_import_downwards_only() -> None:
    upwards = [(m, t) for m, targets in _imports().items() for t in targets
               if m != "pipeline.__main__" and LAYERS.index(_layer(t)) > LAYERS.index(_layer(m))]
    assert upwards == []


def test_no_import_cycle() -> None:
    graph = _imports()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path, module, target]
            if target not in state and (cycle := visit(target, [*path, module])):
                return cycle
        state[module] = 2
        return None

    assert all(visit(m, []) is None for m in sorted(graph) if m not in state)


def test_no_module_is_too_long() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_comment_narrates_an_experiment() -> None:
    """How a value was found belongs in docs/decisions.md; the code keeps its reason."""
    narrative = re.compile(r"#.*\b(?:dev (?:mix|clusters|pairs|set)|ARI \d|ROUGE-L (?:from|fell)|was tried|gave \d)")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in PACKAGE.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if narrative.search(line)]
    assert found == []
