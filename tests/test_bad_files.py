"""Bad input files: each gives one clear error, the good files are ingested, and what is stored stays as it
was. Runs `kg ingest --json` as a user would, and reads the exit code and the summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.layout import SUMMARY_GRAPH

from kg.settings import Settings
from kg.store import open_store

KG = Path(sys.executable).with_name("kg")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
GOOD = "Police detained 40 migrants in a raid on a market in Moscow on Tuesday, the interior ministry said.\n"

# file name → (content, the words its error must contain)
BAD_FILES: dict[str, tuple[bytes | None, tuple[str, ...]]] = {
    "empty.txt": (b"", ("empty",)),
    "blank.md": (b"  \n\t\n   \n", ("empty",)),
    "photo.txt": (PNG, ("PNG image", "not text")),
    "huge.txt": (None, ("over the", "KG_MAX_ARTICLE_BYTES")),  # 50 MB, written by the test
    "invalid-utf8.md": (b"Migrants \xff\xfe\x81\x8d\x8f\x90 were \x9d held", ("not valid UTF-8", "re-save it as UTF-8")),
    "nav-only.html": (
        b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>",
        ("no article text",),
    ),
    "no-text.json": (json.dumps({"title": "A headline", "url": "https://example.org/a"}).encode(), ('no "text"',)),
    "lines.jsonl": (
        (json.dumps({"text": GOOD, "url": "https://example.org/jsonl-good"}) + "\n{not json\n").encode(),
        ("#2", "not valid JSON"),
    ),
    "locked.txt": (GOOD.encode(), ("permission denied",)),
    "loop.txt": (None, ("symbolic link loop",)),
}


def kg_ingest(folder: Path, store: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [str(KG), "ingest", str(folder), "--store", str(store), "--json", "--no-validate"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


def quads(store_path: Path) -> set:
    store = open_store(Settings(store=str(store_path)))
    try:
        return set(store.quads())
    finally:
        del store


def write_bad_files(folder: Path) -> None:
    for name, (content, _) in BAD_FILES.items():
        if content is not None:
            (folder / name).write_bytes(content)
    with (folder / "huge.txt").open("w") as handle:
        line = "Officials said more migrants were sent to the front this week. " * 16 + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    (folder / "locked.txt").chmod(0)
    os.symlink("loop.txt", folder / "loop.txt")
    # latin-1 text is legacy, not broken: it is read (as Windows-1252) and ingested.
    (folder / "latin1.txt").write_bytes(
        "Le ministère a expulsé 300 migrants de la région après un contrôle, a déclaré le préfet.\n".encode("latin-1")
    )


@pytest.mark.slow
def test_bad_files_each_fail_clearly_and_the_rest_is_ingested_untouched(tmp_path):
    store = tmp_path / "store"
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "first.txt").write_text(GOOD)
    code, summary = kg_ingest(folder, store)
    assert code == 0 and len(summary["added"]) == 1
    before = quads(store)

    write_bad_files(folder)
    code, summary = kg_ingest(folder, store)

    assert code == 1 and summary["ok"] is False
    failures = {Path(f["path"]).name: f["error"] for f in summary["failed"]}
    expected = dict(BAD_FILES)
    readable_lock = os.geteuid() == 0  # root reads a chmod 000 file anyway: that case is skipped here
    if readable_lock:
        expected.pop("locked.txt")
    assert set(failures) == set(expected)
    for name, (_, words) in expected.items():
        for word in words:
            assert word in failures[name], (name, failures[name])
    # The good JSONL record and the latin-1 file (and, as root, the "locked" one) were ingested; the first
    # article is unchanged.
    assert len(summary["added"]) == 2 + readable_lock and len(summary["unchanged"]) == 1
    after = quads(store)
    # Nothing stored is lost; only the summaries (how many articles name each entity) are recounted.
    recounted = {q for q in before if q.graph_name.value == SUMMARY_GRAPH.value}
    assert before - recounted <= after
    graphs = {q.graph_name.value for q in after - before}
    assert len([g for g in graphs if "/graph/article/" in g]) == 2 + readable_lock


def test_bad_files_unreadable_file_is_reported(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    from kg.errors import InputError
    from kg.load import load_file

    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_file(locked, tmp_path, max_bytes=10_000)


def test_bad_files_latin1_text_is_read_as_legacy_text(tmp_path):
    from kg.load import load_file

    file = tmp_path / "latin1.txt"
    file.write_bytes("Le ministère a expulsé 300 migrants.".encode("latin-1"))
    (article,) = load_file(file, tmp_path, max_bytes=10_000).articles
    assert "ministère a expulsé" in article.text
