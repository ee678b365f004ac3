from __future__ import annotations

import hashlib
import os
import time
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg import iris
from kg.load import FileRecords, LoadResult, discover, load_file, normalize_url, parse_published

INPUTS = Path(__file__).resolve().parent.parent / "data" / "inputs"
LIMIT = 1_000_000


def load(name: str, *, max_bytes: int = LIMIT) -> LoadResult:
    return load_file(INPUTS / name, INPUTS, max_bytes=max_bytes)


def only_article(name: str):
    result = load(name)
    assert result.errors == []
    assert len(result.articles) == 1
    return result.articles[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- discover ---


def test_discover_walks_directories_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second.")
    write(tmp_path / "a" / "z.html", "<p>First.</p>")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / ".cache" / "hidden.txt", "Hidden.")
    write(tmp_path / ".hidden.md", "Hidden.")
    write(tmp_path / "c.JSONL", '{"text": "Third."}')
    found = discover([tmp_path])
    assert [(f.relative_to(tmp_path).as_posix(), root) for f, root in found] == [
        ("b.txt", tmp_path),
        ("c.JSONL", tmp_path),
        ("a/z.html", tmp_path),
    ]


def test_discover_roots_a_file_argument_at_its_parent_and_deduplicates(tmp_path: Path) -> None:
    story = write(tmp_path / "news" / "story.md", "Text.")
    assert discover([story, tmp_path / "news"]) == [(story, story.parent)]


def test_discover_does_not_follow_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path / "story.txt", "Text.")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [f.name for f, _ in discover([tmp_path])] == ["story.txt"]


def test_discover_rejects_missing_paths_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        discover([tmp_path / "missing"])
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        discover([write(tmp_path / "scan.pdf", b"%PDF-1.4")])


# --- text and Markdown ---


def test_load_file_reads_yaml_front_matter() -> None:
    article = only_article("front_matter.md")
    assert article.title == "Regional Court Strips Citizenship From Former Migrant"
    assert article.published == date(2024, 5, 14)
    assert article.source == "The Example Herald"
    assert article.url.startswith("https://news.example.org/courts/citizenship-case/")
    assert article.text.startswith("A district court in Samara")
    assert "---" not in article.text
    assert article.path == "front_matter.md"


def test_load_file_reads_key_value_header_lines() -> None:
    article = only_article("key_values.txt")
    assert (article.title, article.published, article.source) == (
        "Raids on Warehouses Continue",
        date(2024, 3, 3),
        "Example Wire",
    )
    assert article.text.startswith("Police checked documents")


def test_load_file_takes_a_headline_as_title_and_keeps_the_whole_text() -> None:
    article = only_article("headline.txt")
    assert article.title == "Police Raid Dormitories Housing Foreign Workers"
    assert article.text == (INPUTS / "headline.txt").read_text(encoding="utf-8")
    assert article.url is None and article.source is None and article.published is None


def test_load_file_finds_no_title_when_the_text_starts_with_a_sentence(tmp_path: Path) -> None:
    file = write(tmp_path / "plain.txt", "The ministry said 500 men had signed contracts.\nNo more was said.")
    assert load_file(file, tmp_path, max_bytes=LIMIT).articles[0].title is None


def test_load_file_decodes_utf8_bom_and_normalizes_line_endings() -> None:
    article = only_article("bom.txt")
    assert article.text == "The decree took effect on Friday.\nIt applies to all new citizens.\n"


def test_load_file_falls_back_to_cp1252_for_legacy_text() -> None:
    assert "café owner — a migrant —" in only_article("cp1252.txt").text


# --- HTML ---


def test_load_file_extracts_main_text_and_metadata_from_html() -> None:
    article = only_article("page.html")
    assert article.title == "Recruiters Target Foreign Students in Moscow"
    assert article.url == "https://www.example-times.com/2024/02/20/recruiters-students/"
    assert article.published == date(2024, 2, 20)
    assert article.source == "Example Times"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Recruiters Target Foreign Students in Moscow"
    assert paragraphs[1] == (
        "Recruiters have approached foreign students at several Moscow universities, offering contracts "
        "with the Defense Ministry, students told the newspaper."
    )
    assert "“They promised us citizenship within a year,” one student said." in paragraphs
    assert "Offers of 200,000 rubles were made to students from India." in paragraphs
    for noise in ("tracking", "color", "Politics", "Home", "All rights reserved", "Related", "Photo:"):
        assert noise not in article.text


def test_load_file_reads_html_without_paragraph_tags(tmp_path: Path) -> None:
    page = "<html><body><div>Police detained 12 men.</div>\n<div>All were released.</div></body></html>"
    file = write(tmp_path / "bare.htm", page)
    article = load_file(file, tmp_path, max_bytes=LIMIT).articles[0]
    assert article.text == "Police detained 12 men.\n\nAll were released."
    assert article.title is None


def test_load_file_refuses_html_without_article_text() -> None:
    with pytest.raises(InputError, match="no article text"):
        load("no_text.html")


# --- JSON and JSON Lines ---


def test_load_file_reads_json_lists_reporting_bad_records() -> None:
    result = load("list.json")
    assert [a.path for a in result.articles] == ["list.json#0", "list.json#2"]
    assert result.articles[0].published == date(2024, 8, 1)
    assert result.articles[0].title == "Governor Reports Recruits"
    assert len(result.errors) == 1 and 'no "text"' in str(result.errors[0])
    assert "list.json#1" in str(result.errors[0])


def test_load_file_reads_jsonl_keeping_good_lines_and_reporting_bad_ones() -> None:
    result = load("batch.jsonl")
    assert [a.path for a in result.articles] == ["batch.jsonl#1", "batch.jsonl#6"]
    assert result.articles[0].source == "Example Wire"
    assert result.articles[0].published == date(2024, 6, 12)
    assert result.articles[1].published is None
    messages = [str(e) for e in result.errors]
    assert len(messages) == 3
    assert "batch.jsonl#2 is not valid JSON" in messages[0]
    assert 'no "text"' in messages[1]
    assert "not an object" in messages[2]


def test_load_file_refuses_broken_json(tmp_path: Path) -> None:
    file = write(tmp_path / "broken.json", '{"text": "unterminated')
    with pytest.raises(InputError, match="not valid JSON"):
        load_file(file, tmp_path, max_bytes=LIMIT)
    file = write(tmp_path / "number.json", "42")
    with pytest.raises(InputError, match="neither an object nor a list"):
        load_file(file, tmp_path, max_bytes=LIMIT)


# --- refused files ---


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_load_file_refuses_empty_files(tmp_path: Path, content: str) -> None:
    file = write(tmp_path / "empty.txt", content)
    with pytest.raises(InputError, match="empty"):
        load_file(file, tmp_path, max_bytes=LIMIT)


def test_load_file_refuses_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="PNG image"):
        load("image.png")
    file = write(tmp_path / "data.txt", b"Some text\x00\x01\x02 more")
    with pytest.raises(InputError, match="NUL bytes"):
        load_file(file, tmp_path, max_bytes=LIMIT)


def test_load_file_refuses_bytes_that_are_neither_utf8_nor_text(tmp_path: Path) -> None:
    file = write(tmp_path / "odd.txt", b"Caf\xe9 \x81\x8d menu")
    with pytest.raises(InputError, match="re-save it as UTF-8"):
        load_file(file, tmp_path, max_bytes=LIMIT)


def test_load_file_refuses_files_over_the_size_limit(tmp_path: Path) -> None:
    file = write(tmp_path / "long.txt", "A sentence about raids. " * 10)
    with pytest.raises(InputError, match="KG_MAX_ARTICLE_BYTES") as raised:
        load_file(file, tmp_path, max_bytes=100)
    assert "100-byte limit" in str(raised.value)


def test_load_file_refuses_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = write(tmp_path / "locked.txt", "Text.")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match="permission denied"):
        load_file(file, tmp_path, max_bytes=LIMIT)


# --- identity ---


def test_load_file_ids_come_from_the_normalized_url_or_the_relative_path(tmp_path: Path) -> None:
    article = only_article("front_matter.md")
    expected = hashlib.sha1(b"url:https://news.example.org/courts/citizenship-case").hexdigest()[:16]
    assert iris.hex_form(article.id) == expected
    assert article.id.isalpha()  # a digest in letters: no number a reader takes for a figure
    file = write(tmp_path / "desk" / "story.txt", "The ministry published new figures.")
    no_url = load_file(file, tmp_path, max_bytes=LIMIT).articles[0]
    assert iris.hex_form(no_url.id) == hashlib.sha1(b"path:desk/story.txt").hexdigest()[:16]
    assert no_url.path == "desk/story.txt"


def test_load_file_keeps_the_id_but_changes_the_hash_when_a_file_is_edited(tmp_path: Path) -> None:
    file = write(tmp_path / "story.md", "---\ntitle: First Title\n---\nThe ministry published new figures.")
    before = load_file(file, tmp_path, max_bytes=LIMIT).articles[0]
    write(file, "---\ntitle: Second Title\n---\nThe ministry published new figures.")
    after = load_file(file, tmp_path, max_bytes=LIMIT).articles[0]
    assert after.id == before.id
    assert after.text == before.text
    assert after.content_hash != before.content_hash
    assert load_file(file, tmp_path, max_bytes=LIMIT).articles[0].content_hash == after.content_hash


def test_normalize_url_ignores_scheme_case_fragment_tracking_and_trailing_slash() -> None:
    assert normalize_url("HTTP://News.Example.org/a/b/?utm_source=x&id=7#comments") == (
        "https://news.example.org/a/b?id=7"
    )
    assert normalize_url("https://news.example.org/a/b") == normalize_url("https://news.example.org/a/b/")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-01", date(2024, 8, 1)),
        ("2024-08-01T21:15:00Z", date(2024, 8, 1)),
        ("August 1, 2024", date(2024, 8, 1)),
        ("1 August 2024", date(2024, 8, 1)),
        ("Aug. 1, 2024", date(2024, 8, 1)),
        ("Thu, 01 Aug 2024 10:00:00 GMT", date(2024, 8, 1)),
        ("last Thursday", None),
        ("31 February 2024", None),
        ("2024", None),
        ("", None),
    ],
)
def test_parse_published_reads_common_forms_and_never_guesses(text: str, expected: date | None) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    ("banner", "published"),
    [
        ("Friday, March 7, 2025", date(2025, 3, 7)),
        ("Mar.07 - 2025 9:41 AM CET", date(2025, 3, 7)),
        ("7 March 2025 09:41 (UTC+05:00)", date(2025, 3, 7)),
    ],
)
def test_load_file_takes_a_date_banner_at_the_head_of_a_page_as_its_publication_date(tmp_path, banner, published):
    path = write(tmp_path / "a.txt", f"{banner}\n\nCourts in Omsk stripped three men of citizenship.\n\n"
                                     "The men had not registered with the military, the court said.")
    (article,) = load_file(path, tmp_path, max_bytes=10**6).articles
    assert article.published == published
    assert article.title != banner


def test_load_file_records_spare_reading_a_file_whose_size_and_time_are_unchanged(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police raided a market in Tver.\n")
    old = time.time_ns() - 10 * FileRecords.RACY_NS
    os.utime(article, ns=(old, old))
    records = FileRecords.for_store(tmp_path / "store")
    assert records.articles(article) is None  # never read: no record
    loaded = load_file(article, tmp_path, max_bytes=10**6).articles
    records.note(article, loaded)
    records.save()

    again = FileRecords.for_store(tmp_path / "store")
    assert again.articles(article) == [(loaded[0].id, loaded[0].content_hash)]
    article.write_text("Police raided a market in Omsk.\n")  # the same size, a new time
    assert again.articles(article) is None


def test_load_file_records_do_not_trust_a_file_changed_just_before_they_were_written(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police raided a market in Tver.\n")  # modified now, as the records are written
    records = FileRecords.for_store(tmp_path / "store")
    records.note(article, load_file(article, tmp_path, max_bytes=10**6).articles)
    records.save()
    assert FileRecords.for_store(tmp_path / "store").articles(article) is None
