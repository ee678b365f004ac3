"""scripts/evaluate.py: a set's texts checked against the sums recorded when they were fetched."""

from __future__ import annotations

import hashlib
import importlib.util
import sys

import pytest

from kg.settings import PROJECT_ROOT


@pytest.fixture
def evaluate(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("evaluate", PROJECT_ROOT / "scripts" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "evaluate", module)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "EVAL", tmp_path)
    return module


def test_evaluate_reports_texts_missing_changed_or_unlisted(evaluate, tmp_path):
    texts = tmp_path / "set1" / "texts"
    texts.mkdir(parents=True)
    fetched = {"01_a.txt": b" date 2024-01-02 one\n", "02_b.txt": b"two\xc2\xa0words", "03_c.txt": b"three"}
    (tmp_path / "set1" / "texts.sha256").write_text(
        "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in fetched.items()))
    for name, data in fetched.items():
        (texts / name).write_bytes(data)
    assert evaluate.fetch_problems("set1") == []
    (texts / "02_b.txt").write_bytes(b"two words")  # a non-breaking space copied as a plain one
    (texts / "03_c.txt").unlink()
    (texts / "04_d.txt").write_bytes(b"four")
    assert evaluate.fetch_problems("set1") == [
        "03_c.txt: missing", "04_d.txt: not in texts.sha256", "02_b.txt: differs from the text that was fetched"]


def test_evaluate_a_set_without_sums_is_not_checked(evaluate, tmp_path):
    (tmp_path / "set2" / "texts").mkdir(parents=True)
    (tmp_path / "set2" / "texts" / "01_a.txt").write_text("one")
    assert evaluate.fetch_problems("set2") == []
