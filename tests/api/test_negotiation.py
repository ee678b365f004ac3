from __future__ import annotations

import pytest

from api.negotiation import negotiate, parse_accept

OFFERED = ["application/sparql-results+json", "text/csv", "text/tab-separated-values"]


def test_negotiation_parses_ranges_with_q_values():
    ranges = parse_accept("text/csv;q=0.3, Application/JSON ;charset=utf-8, */*;q=0.1")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "csv", 0.3),
        ("application", "json", 1.0),
        ("*", "*", 0.1),
    ]


def test_negotiation_skips_malformed_ranges_and_clamps_q():
    ranges = parse_accept("garbage, */csv, text/csv;q=7, text/plain;q=abc")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "csv", 1.0), ("text", "plain", 0.0)]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        pytest.param(None, "application/sparql-results+json", id="no-header"),
        pytest.param("", "application/sparql-results+json", id="empty-header"),
        pytest.param("*/*", "application/sparql-results+json", id="anything-goes-to-server-preference"),
        pytest.param("text/*", "text/csv", id="type-wildcard"),
        pytest.param(
            "text/csv;q=0.2, text/tab-separated-values;q=0.8", "text/tab-separated-values", id="q-order"
        ),
        pytest.param("text/*;q=0.9, text/csv;q=0.1", "text/tab-separated-values", id="specific-range-wins"),
        pytest.param("*/*;q=0.5, application/sparql-results+json;q=0", "text/csv", id="q-zero-excludes"),
        pytest.param("TEXT/CSV", "text/csv", id="case-insensitive"),
        pytest.param("image/png", None, id="nothing-acceptable"),
        pytest.param("text/csv;q=0", None, id="only-refusals"),
    ],
)
def test_negotiation_chooses(accept, chosen):
    assert negotiate(accept, OFFERED) == chosen


ALIASED = ["application/sparql-results+json", "text/csv"]
ALIASES = {"application/sparql-results+json": ["application/json"], "text/csv": ["text/plain"]}


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        pytest.param("application/json", "application/sparql-results+json", id="alias-names-its-type"),
        pytest.param("text/plain", "text/csv", id="another-alias"),
        pytest.param("application/json;q=0.3, text/csv;q=0.6", "text/csv", id="alias-keeps-its-q"),
        pytest.param("text/*", "text/csv", id="wildcards-ignore-aliases"),
        pytest.param("text/plain;q=0, text/*;q=0.5", "text/csv", id="alias-refusal-leaves-the-wildcard"),
        pytest.param("image/png", None, id="still-nothing-acceptable"),
    ],
)
def test_negotiation_aliases(accept, chosen):
    assert negotiate(accept, ALIASED, ALIASES) == chosen
