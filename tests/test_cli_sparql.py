"""`kg sparql`: a query from a file saved with a byte-order mark (as Windows editors save `.rq` files) runs,
the query's FROM is its dataset, and a relative IRI gets a message saying to add a BASE."""

from __future__ import annotations

import gc
import json

import pytest

from tests.api.conftest import load_fixture
from tests.processes import kg

RAID = "https://w3id.org/mkg/graph/article/art-raid"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-sparql") / "store"
    load_fixture(path)
    gc.collect()  # the handle is gone: `kg` opens the store itself
    return str(path)


def test_cli_sparql_file_with_a_bom_runs(store, tmp_path):
    query = tmp_path / "people.rq"
    # who claims the raid article's figures (entity types live in the entity graph: `kg.layout`)
    query.write_text("SELECT DISTINCT ?p FROM <%s> WHERE { ?figure mkg:claimant ?p }\n" % RAID, encoding="utf-8-sig")
    assert query.read_bytes().startswith(b"\xef\xbb\xbf")
    result = kg("sparql", f"@{query}", "--format", "json", "--store", store)
    assert result.returncode == 0, result.stderr
    people = [b["p"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert people == ["https://w3id.org/mkg/id/person/maria-ivanova"]  # only the raid article's person


def test_cli_sparql_relative_iri_says_to_add_a_base(store):
    result = kg("sparql", "ASK { <maria-ivanova> ?p ?o }", "--store", store)
    assert result.returncode == 2
    assert "relative IRI <maria-ivanova>" in result.stderr and "BASE" in result.stderr
    assert "Traceback" not in result.stderr
