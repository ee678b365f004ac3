"""kg.sources: an article's original text read back through the file records, and what the cleaner drops."""

from __future__ import annotations

from pathlib import Path

from kg.load import FileRecords, load_file
from kg.sources import article_source, dropped_spans

ARTICLE = """---
title: Recruiters visit migrant hostels
---
Home | World | Politics | Opinion

Officials visited three hostels on Monday and handed out contract forms to the residents.

Several residents said they had been told that refusing would cost them their residence permits.
"""


def _recorded(tmp_path: Path, text: str = ARTICLE) -> tuple[Path, Path, str, str]:
    """An article file, and the store records of an ingest that read it: (store, file, id, content hash)."""
    file = tmp_path / "in" / "hostels.md"
    file.parent.mkdir()
    file.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    records = FileRecords.for_store(store)
    article = load_file(file, file.parent, max_bytes=10**6).articles[0]
    records.note(file, [article])
    records.save()
    return store, file, article.id, article.content_hash


def test_sources_dropped_spans_are_the_furniture_lines():
    text = ARTICLE.split("---\n", 2)[2]
    assert [text[s:e] for s, e in dropped_spans(text)] == ["Home | World | Politics | Opinion"]


def test_sources_dropped_spans_of_plain_prose_are_none():
    assert dropped_spans("Officials visited three hostels on Monday.\n\nThey left forms behind.\n") == []


def test_sources_article_source_reads_the_recorded_file(tmp_path):
    store, _, article_id, content_hash = _recorded(tmp_path)
    source = article_source(store, article_id, content_hash, max_bytes=10**6)
    assert source.problem is None
    assert source.text == ARTICLE.split("---\n", 2)[2]
    assert [source.text[s:e] for s, e in source.dropped] == ["Home | World | Politics | Opinion"]


def test_sources_changed_file_gives_no_text_and_says_to_ingest(tmp_path):
    store, file, article_id, content_hash = _recorded(tmp_path)
    file.write_text(ARTICLE.replace("three", "four"), encoding="utf-8")
    source = article_source(store, article_id, content_hash, max_bytes=10**6)
    assert source.text is None and "kg ingest" in source.problem and "hostels.md" in source.problem


def test_sources_removed_file_gives_no_text(tmp_path):
    store, file, article_id, content_hash = _recorded(tmp_path)
    file.unlink()
    source = article_source(store, article_id, content_hash, max_bytes=10**6)
    assert source.text is None and "cannot be read" in source.problem


def test_sources_unrecorded_article_gives_no_text(tmp_path):
    store, _, _, content_hash = _recorded(tmp_path)
    source = article_source(store, "0123456789abcdef", content_hash, max_bytes=10**6)
    assert source.text is None and "re-ingest" in source.problem
