"""The output contract: each output encodes and decodes to the same typed object, and a file of
another schema or version is refused with a message naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import Manifest, MergedCitation, MergedSentence, MergedSummary, Outcome, TimelineEvent
from pipeline.output import contract
from pipeline.output import manifest as manifests
from pipeline.output.contract import ContractError


def _round_trip(tmp_path: Path, value, encode, decode):
    path = tmp_path / "out.json"
    path.write_text(contract.dumps(encode(value)), encoding="utf-8")
    return contract.read(path, decode)


def test_article_round_trip(tmp_path: Path, corpus_article) -> None:
    assert corpus_article.summary and corpus_article.removed  # a full article, not an empty shell
    decoded = _round_trip(tmp_path, corpus_article, contract.article_to_json, contract.article_from_json)
    assert decoded == corpus_article


def test_merged_round_trip(tmp_path: Path) -> None:
    merged = MergedSummary(articles=("a", "b"), summary=(
        MergedSentence("Both said it.", (MergedCitation("a", "p3"), MergedCitation("b", "p1")), 0.91),
        MergedSentence("Only one did, on Tuesday.", (MergedCitation("b", "p7"),), 0.6, (MergedCitation("a", "p2"),),
                       "2024-06-18")))
    assert _round_trip(tmp_path, merged, contract.merged_to_json, contract.merged_from_json) == merged
    assert contract.merged_to_json(merged)["summary"][1]["disputed"] is True
    assert [s["date"] for s in contract.merged_to_json(merged)["summary"]] == [None, "2024-06-18"]


def test_a_merged_summary_of_the_undated_version_is_still_read(tmp_path: Path) -> None:
    """A run's outputs can be compared with those of the version before dates came in."""
    older = {"schema": "pipeline.merged/2", "articles": ["a"], "summary": [
        {"text": "It happened.", "support": 1.0, "citations": [{"article": "a", "paragraph": "p1"}],
         "disputed": False, "disputed_by": []}]}
    path = tmp_path / "merged.json"
    path.write_text(json.dumps(older), encoding="utf-8")
    (sentence,) = contract.read(path, contract.merged_from_json).summary
    assert sentence.text == "It happened." and sentence.date is None
    path.write_text(json.dumps({**older, "schema": "pipeline.merged/1"}), encoding="utf-8")
    with pytest.raises(ContractError, match="expected 'pipeline.merged/4'"):
        contract.read(path, contract.merged_from_json)


def test_timeline_round_trip(tmp_path: Path) -> None:
    events = (TimelineEvent("in September 2023", "2023-09", "Kim went to Russia.", (MergedCitation("a", "p1"),)),
              TimelineEvent("18 June 2024", "2024-06-18", "Putin landed.", (MergedCitation("a", "p4"),
                                                                             MergedCitation("b", "p2"))))
    merged = MergedSummary(articles=("a", "b"), summary=(), timeline=events)
    assert _round_trip(tmp_path, merged, contract.timeline_to_json, contract.timeline_from_json) == events


def test_manifest_round_trip(tmp_path: Path) -> None:
    manifest = Manifest(inputs=(
        Outcome("a.txt", "corpus/a.txt", "a", "1" * 64, "ok", "decoded as cp1252", "fr",
                {"translator": "apertium:fr-es"}, "c" * 64, fresh=False),
        Outcome("b.bin", "corpus/b.bin", None, "2" * 64, "skipped", "binary data", config_sha256="c" * 64, fresh=False),
    ), merged_sha256="m" * 64, files={"a.json": "3" * 64, "stories/s-a.md": "4" * 64})
    assert _round_trip(tmp_path, manifest, manifests.manifest_to_json, manifests.manifest_from_json) == manifest


@pytest.mark.parametrize(("data", "message"), [
    ({"schema": "pipeline.article/2", "id": "a"}, "schema 'pipeline.article/2', expected 'pipeline.article/1'"),
    ({"schema": "pipeline.merged/1", "articles": []}, "schema 'pipeline.merged/1', expected 'pipeline.article/1'"),
    ({"id": "a"}, "no schema, expected 'pipeline.article/1'"),
    ([1, 2], "no schema"),
    ({"schema": "pipeline.article/1", "id": "a"}, "malformed pipeline.article/1"),
])
def test_another_schema_or_version_is_refused_naming_the_file(tmp_path: Path, data, message) -> None:
    path = tmp_path / "some.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ContractError, match=str(path)) as error:
        contract.read(path, contract.article_from_json)
    assert message in str(error.value)


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"schema": "pipeline.manifest/1", \xff')
    with pytest.raises(ContractError, match=f"{path}: not valid JSON"):
        contract.read(path, manifests.manifest_from_json)


def test_dumps_sorts_keys_and_keeps_utf8() -> None:
    assert contract.dumps({"b": "é", "a": 1}) == '{\n  "a": 1,\n  "b": "é"\n}\n'
