from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.render import article_json
from pipeline.run import Pipeline
from pipeline.store import dumps, load_article, write_atomic

from .conftest import CORPUS, ROOT


def test_dumps_sorts_keys_and_keeps_utf8() -> None:
    assert dumps({"b": "é", "a": 1}) == '{\n  "a": 1,\n  "b": "é"\n}\n'


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_written_article_reads_back_equal(tmp_path: Path, in_root) -> None:
    article = Pipeline(load_config(ROOT / "models.yaml")).process(CORPUS[2].read_bytes(), article_id="x",
                                                                  display_path="corpus/x.txt")
    write_atomic(tmp_path / f"{article.id}.json", dumps(article_json(article)))
    assert load_article(tmp_path, article.id) == article


def test_unreadable_earlier_output_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    assert load_article(tmp_path, "a") is None
    assert load_article(tmp_path, "missing") is None
