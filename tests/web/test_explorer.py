"""The explorer in a real browser: each page as an analyst uses it, through the mouse and the keyboard."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.web.conftest import article_with_title

pytestmark = [pytest.mark.model, pytest.mark.slow]

PUTIN = "https://w3id.org/mkg/id/person/vladimir-putin"
OFFICIALS = """PREFIX mkg: <https://w3id.org/mkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?label WHERE { ?person a mkg:StateOfficial ; rdfs:label ?label } ORDER BY ?label"""


def test_explorer_opens_on_the_sparql_editor_and_shows_a_query_s_rows(page, explorer_url):
    page.goto("/")
    expect(page.get_by_role("heading", name="SPARQL")).to_be_visible()
    editor = page.locator("#yasgui .CodeMirror")
    expect(editor).to_be_visible()
    page.evaluate("query => window.kgYasgui.getTab().getYasqe().setValue(query)", OFFICIALS)
    page.locator("#yasgui .yasqe_queryButton").click()
    rows = page.locator("#yasgui .yasr table.dataTable tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#yasgui .yasr")).to_contain_text("Vladimir Putin")
    link = page.locator("#yasgui .yasr a", has_text="vladimir-putin").first
    expect(link).to_have_attribute("href", re.compile(r"^#/entity/"))


@pytest.mark.parametrize(
    ("typed", "completion"),
    [
        pytest.param("SELECT * WHERE { ?s a mkg:StateOff", "mkg:StateOfficial", id="class"),
        pytest.param("SELECT * WHERE { ?s mkg:startOff", "mkg:startOffset", id="property"),
    ],
)
def test_explorer_editor_completes_the_ontology_s_terms(page, typed, completion):
    page.goto("/#/sparql")
    expect(page.locator("#yasgui .CodeMirror")).to_be_visible()
    page.evaluate("text => { const y = window.kgYasgui.getTab().getYasqe(); y.setValue(text); y.focus();"
                  " y.setCursor(y.lastLine(), y.getLine(y.lastLine()).length); }",
                  f"PREFIX mkg: <https://w3id.org/mkg/ontology#>\n{typed}")
    page.keyboard.press("Control+Space")
    expect(page.locator(".CodeMirror-hints")).to_contain_text(completion)


def test_explorer_offers_the_canned_queries_as_examples(page):
    page.goto("/#/sparql")
    expect(page.locator("#yasgui .CodeMirror")).to_be_visible()
    page.get_by_label("Example queries (from queries/)").select_option(label="State officials")
    text = page.evaluate("() => window.kgYasgui.getTab().getYasqe().getValue()")
    assert "# title: State officials" in text and "mkg:StateOfficial" in text


def test_explorer_canned_query_with_a_parameter_pages_its_rows(page):
    page.goto("/#/queries")
    page.get_by_role("link", name="Sources about an entity").click()
    page.get_by_label("entity").fill(PUTIN)
    page.get_by_label("Rows per page").fill("2")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#row-range")).to_have_text("Rows 1–2, more follow")
    first = page.locator("table.data tbody tr").all_inner_texts()
    assert len(first) == 2
    page.get_by_role("button", name="Next page").click()
    expect(page.locator("#row-range")).to_contain_text("Rows 3–4")
    assert page.locator("table.data tbody tr").all_inner_texts() != first
    expect(page.get_by_role("button", name="Previous page")).to_be_enabled()
    csv = page.get_by_role("link", name="Download CSV").get_attribute("href")
    assert csv.startswith("/queries/sources?") and "_format=csv" in csv and "_offset=2" in csv


def test_explorer_table_headers_sort_the_rows_from_the_keyboard(page):
    page.goto(f"/#/queries/sources?entity={PUTIN}&_limit=6")
    header = page.get_by_role("button", name="start")
    header.focus()
    page.keyboard.press("Enter")
    expect(page.locator("th[aria-sort='ascending']")).to_have_text("start")
    starts = [int(t) for t in page.locator("table.data tbody tr td:nth-child(3)").all_inner_texts()]
    assert starts == sorted(starts) and len(starts) == 6


def test_explorer_entity_link_opens_the_entity_page_with_its_facts(page):
    page.goto(f"/#/queries/sources?entity={PUTIN}&_limit=3")
    page.locator("table.data tbody tr").first.get_by_role("link", name="Vladimir Putin").click()
    expect(page.get_by_role("heading", name="Vladimir Putin", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Wikidata Q7747")).to_be_visible()
    expect(page.locator(".fact").first).to_be_visible()
    expect(page.locator(".fact", has_text="Mentioned").first.locator("q").first).to_contain_text("Putin")
    expect(page.locator("#graph canvas").first).to_be_attached()


def test_explorer_article_page_highlights_the_evidence_of_its_facts(page, explorer_url):
    article = article_with_title(explorer_url, "Recruiters visit migrant hostels")
    facts = httpx.get(f"{explorer_url}/articles/{article}/text").json()["facts"]
    (quote,) = [f for f in facts if f["kind"] == "quote"]
    page.goto(f"/#/article/{article}")
    expect(page.get_by_role("heading", name="Recruiters visit migrant hostels")).to_be_visible()
    highlight = page.locator(f"mark.hl.k-quote[data-start='{quote['evidence'][0]['start']}']")
    expect(highlight).to_contain_text("We were told to sign or leave")
    highlight.hover()
    expect(page.locator("#fact-tip")).to_be_visible()
    expect(page.locator("#fact-tip")).to_contain_text("quote")
    highlight.focus()
    page.keyboard.press("Enter")
    details_link = page.locator("#fact-details a").first
    expect(details_link).to_be_focused()
    expect(page.locator(".article-text .dropped")).to_have_text("Home | World | Politics | Opinion")


def test_explorer_bad_parameter_shows_the_api_message_next_to_its_field(page, expected_console):
    expected_console.append("the server responded with a status of 400")
    page.goto("/#/queries/sources?entity=not-an-iri")
    expect(page.locator("#field-entity-error")).to_contain_text("parameter 'entity' must be")
    expect(page.get_by_label("entity")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("entity").fill(PUTIN)
    page.get_by_label("Minimum confidence").fill("2")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#field-_min_confidence-error")).to_contain_text("from 0 to 1")
    expect(page.locator("#field-entity-error")).to_be_empty()


def test_explorer_search_box_completes_names_and_opens_the_chosen_one(page):
    page.goto("/#/queries")
    box = page.get_by_role("combobox", name="Search entities")
    box.press_sequentially("putin", delay=30)
    expect(page.get_by_role("option").first).to_contain_text("Vladimir Putin")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Vladimir Putin", level=1)).to_be_visible()


def test_explorer_what_is_new_lists_articles_ingested_since_a_date_and_withdrawals(page, explorer_url):
    stored = httpx.get(f"{explorer_url}/articles", params={"_limit": 100}).json()["articles"]
    first_day = min(a["ingested_at"] for a in stored)[:10]
    next_year = str(int(first_day[:4]) + 1) + first_day[4:]
    page.goto("/#/new")
    page.get_by_label("Since").fill(next_year)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Articles (0)")).to_be_visible()
    expect(page.get_by_text(f"No article was added or updated by an ingest since {next_year}")).to_be_visible()

    # Since the second ingest began, only the article it stored again: updated, with its facts a link away.
    (updated,) = [a for a in stored if a["ingested_at"] != a["added_at"]]
    page.goto(f"/#/new?since={updated['ingested_at']}")
    expect(page.get_by_role("heading", name="Articles (1)")).to_be_visible()
    expect(page.locator(".counts")).to_have_text("0 added, 1 updated")
    facts = page.get_by_role("link", name=re.compile(r"^\d+ facts of "))
    expect(facts).to_have_attribute("href", f"#/article/{updated['id']}")

    page.get_by_label("Since").fill(first_day)
    page.get_by_role("button", name="Show").click()
    # The first ingest added the six articles, the second withdrew one: five stored since that day, all new.
    expect(page.get_by_role("heading", name="Articles (5)")).to_be_visible()
    expect(page.locator(".counts")).to_have_text("5 added, 0 updated")
    expect(page.get_by_role("link", name="Recruiters visit migrant hostels", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Withdrawn (1)")).to_be_visible()


def test_explorer_timeline_shows_dated_events_with_partial_dates_as_partial(page):
    page.goto("/#/timeline")
    expect(page.locator(".timeline .tick").first).to_be_visible()
    partial = page.locator(".timeline .when.partial")
    expect(partial.first).to_be_visible()
    assert not any(re.fullmatch(r"\d{1,2} \w{3} \d{4}", t) for t in partial.all_inner_texts())
