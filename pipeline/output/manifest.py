"""manifest.json and its journal: what an output folder holds, and which of its files are the tool's.

The manifest records, per input, its outcome (id, sha256, status, reason, the config and models
that made it) and every file the tool wrote with the sha256 of what it wrote; the journal holds
what a run finished or is about to write since the manifest was last written whole. Both decide
what a run may overwrite or delete, so every field is checked by type, and an entry changed by
hand or by another tool is a ContractError naming the file and the entry.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.document import STATUSES, Manifest, Outcome
from pipeline.output.contract import ContractError, expect_schema, schema_of

MANIFEST_SCHEMA = "pipeline.manifest/3"  # 3: the files the tool wrote; 2: inputs keyed by their path in the corpus
# Longest name of an output's part: file systems take 255 bytes, and a temporary file or a suffix
# goes beside it.
MAX_NAME_LENGTH = 200


# --- manifest.json ---------------------------------------------------------------------------------

def manifest_to_json(manifest: Manifest) -> dict[str, Any]:
    return {"schema": MANIFEST_SCHEMA, "merged_sha256": manifest.merged_sha256,
            "inputs": [_outcome_to(o) for o in manifest.inputs], "files": dict(sorted(manifest.files.items()))}


def manifest_from_json(data: Any, where: str) -> Manifest:
    """The manifest, checked field by field: its ids and file names decide what a run may
    overwrite or delete, so an entry changed by hand or by another tool is refused, naming it.
    A manifest of an older version of this tool is read as empty (then `files` is recognised
    from the folder itself, `store.owned_by_content`)."""
    found = schema_of(data)
    if found is not None and found.startswith(MANIFEST_SCHEMA.split("/")[0] + "/") and found != MANIFEST_SCHEMA:
        return Manifest()
    expect_schema(data, (MANIFEST_SCHEMA,), where)
    inputs, files = data.get("inputs"), data.get("files")
    if not isinstance(inputs, list):
        raise ContractError(f"{where}: 'inputs' is not a list")
    return Manifest(inputs=tuple(_outcome_from(e, f"{where}: inputs[{n}]") for n, e in enumerate(inputs)),
                    merged_sha256=_field(data, "merged_sha256", (str, None), where),
                    files=_files_from(files, where))


def _outcome_to(o: Outcome) -> dict[str, Any]:
    return {"input": o.name, "path": o.source_path, "id": o.article_id, "sha256": o.sha256, "status": o.status,
            "reason": o.reason, "config_sha256": o.config_sha256, "lang": o.lang, "models": dict(o.models)}


def _outcome_from(e: Any, where: str) -> Outcome:
    if not isinstance(e, dict):
        raise ContractError(f"{where}: not an object")
    article_id = _field(e, "id", (str, None), where)
    if article_id is not None and not is_plain_name(article_id):
        raise ContractError(f"{where}: id {article_id!r} is not an article id (it would name a file outside "
                            "the output folder)")
    status = _field(e, "status", (str,), where)
    if status not in STATUSES:
        raise ContractError(f"{where}: status {status!r} is none of {', '.join(STATUSES)}")
    models = _field(e, "models", (dict,), where, default={})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in models.items()):
        raise ContractError(f"{where}: 'models' must map stages to fingerprints (strings)")
    return Outcome(_field(e, "input", (str,), where), _field(e, "path", (str,), where), article_id,
                   _field(e, "sha256", (str, None), where), status, _field(e, "reason", (str,), where, default=""),
                   _field(e, "lang", (str, None), where), dict(models), _field(e, "config_sha256", (str, None), where),
                   fresh=False)


def _files_from(files: Any, where: str) -> dict[str, str | None]:
    if not isinstance(files, dict):
        raise ContractError(f"{where}: 'files' is not an object")
    for name, sha256 in files.items():
        if not is_output_name(name):
            raise ContractError(f"{where}: files: {name!r} is not a name inside the output folder")
        if not isinstance(sha256, str):
            raise ContractError(f"{where}: files: {name!r}: the sha256 is not a string")
    return dict(files)


_MISSING = object()
_TYPE_NAMES = {str: "a string", dict: "an object", list: "a list", type(None): "null"}


def _field(data: dict[str, Any], key: str, kinds: tuple[type | None, ...], where: str, default: Any = _MISSING) -> Any:
    """`data[key]` when it is of one of `kinds` (None for null), else a ContractError naming it."""
    value = data.get(key, default)
    if value is _MISSING:
        raise ContractError(f"{where}: '{key}' is missing")
    types = tuple(type(None) if kind is None else kind for kind in kinds)
    if not isinstance(value, types):
        expected = " or ".join(_TYPE_NAMES[t] for t in types)
        raise ContractError(f"{where}: '{key}' should be {expected}, not {type(value).__name__} {str(value)[:60]!r}")
    return value


# A plain file name: what an article id, a story id and each part of an output's name must be.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def is_plain_name(name: str) -> bool:
    return bool(_PLAIN_NAME.fullmatch(name)) and len(name) <= MAX_NAME_LENGTH


def is_output_name(name: Any) -> bool:
    """A path inside the output folder, in plain parts ("x.json", "stories/s-x.md")."""
    return isinstance(name, str) and all(is_plain_name(part) for part in name.split("/"))


# --- manifest.journal ------------------------------------------------------------------------------

def journal_line(outcome: Outcome) -> str:
    """One finished input as a line of the journal, marked with the manifest's schema."""
    return json.dumps({"schema": MANIFEST_SCHEMA, **_outcome_to(outcome)}, sort_keys=True, ensure_ascii=False) + "\n"


def journal_files_line(files: dict[str, str]) -> str:
    """Files about to be written, claimed before they are: a run killed between the two leaves
    the folder's owner knowing them."""
    return json.dumps({"schema": MANIFEST_SCHEMA, "files": files}, sort_keys=True, ensure_ascii=False) + "\n"


def journal_entries(text: str, where: str) -> tuple[list[Outcome], dict[str, str | None]]:
    """The journal's finished inputs and claimed files. A line cut short by a killed run, or of
    another version, is left out; a line of this version with a field of the wrong kind is a
    ContractError naming it."""
    outcomes, files = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if schema_of(data) != MANIFEST_SCHEMA:
            continue
        if "files" in data:
            files.update(_files_from(data["files"], f"{where}: line {number}"))
        else:
            outcomes.append(_outcome_from(data, f"{where}: line {number}"))
    return outcomes, files


