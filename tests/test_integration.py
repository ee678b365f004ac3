"""End to end: ingest seeds/ into a temporary store, run every canned query, re-ingest, validate."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.settings import PROJECT_ROOT

pytestmark = [pytest.mark.model, pytest.mark.slow]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("kg") / "store")
    result = kg("ingest", str(PROJECT_ROOT / "seeds"), "--store", store, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["added"]) == 5 and not summary["failed"]
    return store


def test_integration_every_canned_query_answers_on_the_seeds(seeds_store):
    names = sorted(p.stem for p in (PROJECT_ROOT / "queries").glob("*.rq"))
    params = {"entity": ["-p", "label=Alexander Bastrykin"],
              "sources": ["-p", "entity=https://w3id.org/mkg/id/person/alexander-bastrykin"]}
    for name in names:
        result = kg("query", name, "--format", "json", "--store", seeds_store, *params.get(name, []))
        assert result.returncode == 0, f"{name}: {result.stderr}"
        envelope = json.loads(result.stdout)
        assert envelope["ok"] and envelope["query"] == name
        assert envelope["rows"], f"{name} returned no rows on the seeds"


def test_integration_reingest_skips_unchanged_and_keeps_every_quad(seeds_store, tmp_path):
    before = kg("export", "--store", seeds_store).stdout
    result = kg("ingest", str(PROJECT_ROOT / "seeds"), "--store", seeds_store, "--json")
    summary = json.loads(result.stdout)
    assert len(summary["unchanged"]) == 5 and not summary["added"] and not summary["updated"]
    assert sorted(kg("export", "--store", seeds_store).stdout.splitlines()) == sorted(before.splitlines())


def test_integration_seeds_store_has_no_shape_violations(seeds_store):
    result = kg("validate", "--store", seeds_store)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 violations" in result.stdout


def test_integration_every_fact_points_into_its_article(seeds_store):
    query = (
        "SELECT ?path ?sentence ?start ?end WHERE { ?ev a mkg:Evidence ; mkg:sentence ?sentence ; "
        "mkg:startOffset ?start ; mkg:endOffset ?end ; mkg:article ?a . ?a mkg:sourcePath ?path }"
    )
    result = kg("sparql", query, "--format", "json", "--store", seeds_store)
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert rows
    texts = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "seeds").glob("*.txt")}
    for row in rows:
        original = texts[row["path"]["value"]][int(row["start"]["value"]): int(row["end"]["value"])]
        # The evidence sentence is the cleaned text of that span: same words, footnote marks and wraps aside.
        first_word = row["sentence"]["value"].split()[0]
        assert original.startswith(first_word), (original[:60], row["sentence"]["value"][:60])


@pytest.mark.parametrize("cls", ["Person", "Organization", "Country"])
def test_integration_count_without_distinct_counts_each_entity_once(seeds_store, cls):
    """Every article that names Vladimir Putin says he is a person; the union of the graphs says it once."""
    query = f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?e) AS ?d) WHERE {{ ?e a mkg:{cls} }}"
    row = json.loads(kg("sparql", query, "--format", "json", "--store", seeds_store).stdout)["results"]["bindings"][0]
    assert int(row["n"]["value"]) == int(row["d"]["value"]) > 0
    # ... while several articles do name some of them.
    mentioned = f"SELECT ?e WHERE {{ ?e a mkg:{cls} ; mkg:articleCount ?n FILTER(?n > 1) }} LIMIT 1"
    assert json.loads(kg("sparql", mentioned, "--format", "json", "--store", seeds_store).stdout)["results"]["bindings"]


def test_integration_query_pages_and_filters_by_confidence_on_the_command_line(seeds_store):
    whole = json.loads(kg("query", "figures", "--format", "json", "--store", seeds_store).stdout)
    page = json.loads(kg("query", "figures", "--format", "json", "--limit", "5", "--offset", "5",
                         "--store", seeds_store).stdout)
    assert page["rows"] == whole["rows"][5:10] and page["next_offset"] == 10
    confident = json.loads(kg("query", "figures", "--format", "json", "--min-confidence", "0.75",
                              "--store", seeds_store).stdout)
    assert confident["rows"] == [r for r in whole["rows"] if r["confidence"] >= 0.75]
    bad = kg("query", "figures", "--min-confidence", "2", "--store", seeds_store)
    assert bad.returncode == 2 and "--min-confidence" in bad.stderr
