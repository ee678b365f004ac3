"""One test per queries/*.rq file, over a store mapped from hand-written extractions."""

from pathlib import Path

from kg import iris
from kg.settings import Settings
from kg.vocab import MKG


def _labels(table, column):
    return [row[column]["label"] if isinstance(row[column], dict) else row[column] for row in table.rows]


def _label(cell):
    return cell["label"] if isinstance(cell, dict) else cell


def test_every_query_file_has_a_test_here():
    names = {p.stem for p in Path(Settings().queries_dir).glob("*.rq")}
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert names <= tested


def test_laws_enabling_citizenship_revocation(run_query):
    table = run_query("laws-enabling-citizenship-revocation")
    assert table.columns[0] == "law"
    assert _labels(table, "law") == ["law that lets courts strip acquired citizenship"]
    row = table.rows[0]
    assert row["signedBy"] == "Vladimir Putin" and row["date"] == "--05-14"
    assert "extremism" in row["grounds"].lower()
    assert row["status"] == "in force"  # the later stage the second article reports


def test_laws_status_is_the_latest_stage_and_every_stage_is_listed(run_query):
    table = run_query("laws")
    row = next(r for r in table.rows if r["law"]["id"].endswith("act/law/--05-14/citizenship-revocation"))
    assert row["status"] == "in force"
    assert sorted(row["stages"].split("; ")) == ["in force --06-01", "signed --05-14"]
    fines = next(r for r in table.rows if r["law"]["label"] == "law raising fines")
    assert fines["status"] == "signed" and not fines["stages"]


def test_laws(run_query):
    table = run_query("laws")
    assert sorted(_labels(table, "law")) == ["law raising fines", "law that lets courts strip acquired citizenship"]


def test_officials(run_query):
    table = run_query("officials")
    row = next(r for r in table.rows if r["person"]["label"] == "Oleg Smirnov")
    assert row["post"] == "head" and row["organization"] == "Migration Directorate" and row["articles"] == 2
    assert "Lena Berg" not in _labels(table, "person")


def test_experts(run_query):
    table = run_query("experts")
    assert _labels(table, "person") == ["Lena Berg"]
    assert table.rows[0]["affiliation"] == "Baltic Institute"


def test_agencies(run_query):
    table = run_query("agencies")
    row = next(r for r in table.rows if r["agency"]["label"] == "Migration Directorate")
    assert "police raid at a market in Tver" in row["reportedActivities"]
    assert row["country"] == "Russia" and row["names"] == "migration directorate of Russia"


def test_raids(run_query):
    table = run_query("raids")
    assert _labels(table, "place") == ["Tver"]
    assert table.rows[0]["date"] == "2024-08-30" and "Migration Directorate" in table.rows[0]["agency"]
    assert "300" in table.rows[0]["numbers"]


def test_countries_of_origin(run_query):
    table = run_query("countries-of-origin")
    assert _labels(table, "country") == ["Ghana"]


def test_figures(run_query):
    table = run_query("figures")
    values = sorted(row["value"] for row in table.rows)
    assert values == [300, 4000, 6500]
    row = next(r for r in table.rows if r["value"] == 300)
    assert _label(row["claimant"]) == "Oleg Smirnov" and _label(row["place"]) == "Tver"
    assert row["measure"] == "detained" and row["quantity"]["id"].endswith("quantity/detained/migrants/city-tver/-")
    assert all(row["confidence"] == 0.9 for row in table.rows)


def test_conflicting_figures(run_query):
    table = run_query("conflicting-figures")
    # 4,000 and 6,500 men sent to the front (deployed, no group named, no place, no year), in two articles;
    # 300 migrants detained is another quantity.
    assert [(row["lowest"], row["highest"]) for row in table.rows] == [(4000, 6500)]
    row = table.rows[0]
    assert row["measure"] == "deployed" and row["group"] is None and row["place"] is None
    # each source by its outlet and id, never by its headline (whose figures would read as the claim's)
    assert "4,000 (Oleg Smirnov, undated, Example Wire article (a1))" in row["claims"]
    assert "6,500 (Oleg Smirnov, undated, Article (a2))" in row["claims"]


def test_quotes(run_query):
    table = run_query("quotes")
    assert _label(table.rows[0]["speaker"]) == "Oleg Smirnov"
    assert "checks will continue" in table.rows[0]["text"]


def test_timeline(run_query):
    table = run_query("timeline")
    dates = [row["date"] for row in table.rows]
    assert dates == sorted(dates) and "--05-14" in dates and "2024-08-30" in dates
    precision = {row["date"]: row["precision"] for row in table.rows}
    assert precision["--05-14"] == "month-day"


def test_entity(run_query):
    by_label = run_query("entity", label="oleg smirnov")
    assert by_label.rows and all(row["entity"]["id"].endswith("person/oleg-smirnov") for row in by_label.rows)
    by_id = run_query("entity", id="https://w3id.org/mkg/id/city/tver")
    assert {row["direction"] for row in by_id.rows} == {"in", "out"}


def test_entity_of_a_fact_reads_its_articles_graph_and_of_a_class_its_instances(run_query):
    # A raid is minted for its article: its page reads that article's graph (its type, its place...).
    raid = run_query("entity", id=iris.resource("event/a1/raid").value)
    out = {row["property"]["id"]: row for row in raid.rows if row["direction"] == "out"}
    assert out[MKG.place.value]["latest"]["id"] == iris.resource("city/tver").value
    assert out[MKG.agent.value]["values"] == 1
    # A class's instances among the facts are its mentions, summarised when the articles are stored.
    raids = run_query("entity", id=MKG.Raid.value)
    typed = [row for row in raids.rows if row["direction"] == "in" and row["property"]["id"].endswith("#type")]
    assert [row["values"] for row in typed] == [1] and typed[0]["latest"]["id"] == iris.resource("event/a1/raid").value


def test_sources(run_query):
    table = run_query("sources", entity="https://w3id.org/mkg/id/person/oleg-smirnov")
    sentences = _labels(table, "sentence")
    assert any("6,500" in s for s in sentences) and any("300 migrants" in s for s in sentences)
    assert all(isinstance(row["start"], int) for row in table.rows)


def test_every_canned_query_has_a_confidence_column():
    from kg.queries import CONFIDENCE_COLUMN, QueryCatalog

    for query in QueryCatalog.from_dir(Settings().queries_dir):
        assert CONFIDENCE_COLUMN in query.columns, query.name


def test_min_confidence_leaves_out_the_rows_below_it_before_paging(query_store):
    from kg.queries import QueryCatalog

    catalog = QueryCatalog.from_dir(Settings().queries_dir)
    assert len(catalog.run(query_store, "figures", {}, max_rows=100, min_confidence=0.9).rows) == 3  # all 0.9
    assert catalog.run(query_store, "figures", {}, max_rows=100, min_confidence=0.95).rows == []
    page = catalog.run(query_store, "figures", {}, limit=1, offset=1, max_rows=100, min_confidence=0.5)
    assert len(page.rows) == 1 and page.truncated and page.next_offset == 2
