"""The map stage on hand-made extractions: which quantity a figure is a value of, and a fact's confidence."""

from kg.map import quantity_key, quantity_keys, to_quads
from kg.model import Article, Evidence, Extraction, Figure, Measure, Quote
from kg.vocab import MKG


def _figure(counted: str, **fields) -> Figure:
    return Figure("figure/a1/1", 34.0, "34", counted, measure=fields.pop("measure", Measure.KILLED), **fields)


def test_the_counted_country_is_the_group_of_the_quantity():
    uzbeks = quantity_key(_figure("Uzbeks", origin="country/uzbekistan"))
    soldiers = quantity_key(_figure("Uzbek soldiers", origin="country/uzbekistan"))
    nepalis = quantity_key(_figure("Nepalis", origin="country/nepal"))
    assert uzbeks == soldiers and uzbeks.group == "citizens of Uzbekistan"
    assert nepalis != uzbeks


def test_a_figure_that_names_no_group_is_a_value_only_of_what_its_claimant_counts():
    assert quantity_key(_figure("cases", measure=Measure.CASES)) is None
    by_official = quantity_key(_figure("men sent to the front", measure=Measure.DEPLOYED, claimant="person/a-b"))
    assert by_official.group is None and by_official.claimant == "person/a-b"
    assert by_official.iri().value.endswith("quantity/deployed/by-person-a-b/-/-")
    # a named group does not depend on who counts it
    assert quantity_key(_figure("migrants", measure=Measure.DETAINED, claimant="person/a-b",
                                place="city/kazan")).claimant is None


def test_a_value_a_change_started_from_is_a_value_of_no_quantity():
    changed = Evidence("The count of Uzbeks fell from 34 to 20 this year.", 0, 49, "test", 0.8)
    stated = Evidence("The count of Uzbeks is 34.", 60, 86, "test", 0.8)
    assert quantity_key(_figure("Uzbeks", origin="country/uzbekistan", evidence=[changed])) is None
    assert quantity_key(_figure("Uzbeks", origin="country/uzbekistan", evidence=[stated])) is not None


def test_percentages_and_durations_are_values_of_no_quantity():
    assert quantity_key(_figure("migrants", measure=Measure.PERCENTAGE)) is None
    assert quantity_key(_figure("years in prison", measure=Measure.DURATION, origin="country/kyrgyzstan")) is None


def test_a_fact_of_one_article_carries_the_highest_confidence_of_its_evidence():
    article = Article(id="a1", text="...", content_hash="h")
    said = Evidence("He said it.", 0, 11, "test", 0.6)
    headline = Evidence("He said it!", 20, 31, "test", 0.8)
    figure = Figure("figure/a1/1", 3.0, "3", "migrants", evidence=[said, headline])
    quote = Quote("quote/a1/1", "it", None, said)
    quads = to_quads(Extraction(article=article, pipeline="test", figures=[figure], quotes=[quote]))
    confidence = {q.subject.value.rsplit("/", 3)[-3]: q.object.value for q in quads if q.predicate == MKG.factConfidence}
    assert confidence == {"figure": "0.8", "quote": "0.6"}


def test_a_vague_plural_or_soldiers_of_no_country_name_no_quantity_to_dispute():
    assert quantity_key(_figure("migrants", measure=Measure.DETAINED, vague=True)) is None
    # soldiers of no stated country: a value only of what one claimant counts
    assert quantity_key(_figure("foreign fighters", measure=Measure.DEPLOYED)) is None
    assert quantity_key(_figure("Iraqi fighters", measure=Measure.DEPLOYED, origin="country/iraq")).group == (
        "citizens of Iraq")


def test_migrants_of_no_country_are_a_quantity_only_at_a_stated_place():
    assert quantity_key(_figure("migrants", measure=Measure.DETAINED)) is None
    assert quantity_key(_figure("migrants", measure=Measure.DETAINED, place="city/kazan")).group == "migrants"


def test_figures_read_as_disputing_each_other_are_claims_about_the_most_specific_quantity_either_names():
    article = Article(id="a1", text="...", content_hash="h")
    evidence = [Evidence("s", 0, 1, "figure:unattributed", 0.9)]
    ministry = Figure("figure/a1/1", 200.0, "200", "citizens", measure=Measure.DETAINED, origin="country/kyrgyzstan",
                      place="city/kazan", claimant="organization/ministry", evidence=evidence)
    embassy = Figure("figure/a1/2", 120.0, "120", "people", measure=Measure.DETAINED,
                     claimant="organization/embassy", evidence=evidence)
    unrelated = Figure("figure/a1/3", 30.0, "30", "people", measure=Measure.DETAINED,
                       claimant="organization/embassy", evidence=evidence)
    extraction = Extraction(article, "test", figures=[ministry, embassy, unrelated],
                            conflicts=[("figure/a1/1", "figure/a1/2")])
    keys = quantity_keys(extraction)
    assert keys["figure/a1/2"] == keys["figure/a1/1"] == quantity_key(ministry)
    assert keys["figure/a1/3"] == quantity_key(unrelated) != keys["figure/a1/1"]
    # two groups disputed: no single quantity, each keeps its own
    other = Figure("figure/a1/4", 90.0, "90", "citizens", measure=Measure.DETAINED, origin="country/tajikistan",
                   evidence=evidence)
    clash = Extraction(article, "test", figures=[ministry, other], conflicts=[("figure/a1/1", "figure/a1/4")])
    assert quantity_keys(clash)["figure/a1/4"] == quantity_key(other)


def test_a_further_group_counted_against_one_named_before_is_a_value_of_no_quantity():
    # "the stories of three other Cuban recruits": a group of its own, not a rival estimate of Cubans recruited
    others = _figure("other Cuban recruits", measure=Measure.RECRUITED, origin="country/cuba")
    assert quantity_key(others) is None
    assert quantity_key(_figure("Cuban recruits", measure=Measure.RECRUITED, origin="country/cuba")) is not None
