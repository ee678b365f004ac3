"""Events read from news-style sentences (own sentences, not from the seed articles)."""

from __future__ import annotations

import datetime

import pytest

from kg.extract.acts import read_acts
from kg.extract.events import read_events
from kg.model import EntityKind, EventKind, PartialDate
from tests.kg.helpers import context_with_entities

pytestmark = pytest.mark.model

PUBLISHED = datetime.date(2024, 9, 10)
WORLD = {
    "Rosgvardia": EntityKind.ORGANIZATION,
    "Kommersant": EntityKind.ORGANIZATION,
    "Irina Volk": EntityKind.PERSON,
    "Vladimir Putin": EntityKind.PERSON,
    "Eastern Economic Forum": EntityKind.ORGANIZATION,
    "Vladivostok": EntityKind.CITY,
    "Tver": EntityKind.CITY,
    "Kaluga": EntityKind.CITY,
    "Perm Krai": EntityKind.REGION,
    "Kazan": EntityKind.CITY,
    "Uzbekistan": EntityKind.COUNTRY,
    "Tajikistan": EntityKind.COUNTRY,
    "Kyrgyzstan": EntityKind.COUNTRY,
    "Ukraine": EntityKind.COUNTRY,
    "Russia": EntityKind.COUNTRY,
}


def events_of(nlp, text: str, kind: EventKind | None = None):
    ctx = context_with_entities(nlp, text, WORLD, PUBLISHED)
    events = read_events(ctx, read_acts(ctx))
    return [event for event in events if kind is None or event.kind is kind]


def test_events_raid_has_every_place_but_not_the_origin(nlp):
    (raid,) = events_of(
        nlp, "Rosgvardia officers carried out raids in Tver, Kaluga and Perm Krai on August 14, detaining "
        "dozens of workers from Uzbekistan and Tajikistan.",
        EventKind.RAID,
    )
    assert raid.places == ["city/tver", "city/kaluga", "region/perm-krai"]
    assert raid.agents == ["organization/rosgvardia"]
    assert raid.date == PartialDate(2024, 8, 14)
    assert raid.label.endswith("in Tver, Kaluga and Perm Krai")


def test_events_negated_raid_is_no_event(nlp):
    text = "\"I have not heard of any raids in Kazan yet,\" said a cook from Tajikistan."
    assert events_of(nlp, text, EventKind.RAID) == []


def test_events_statement_at_a_forum(nlp):
    (statement,) = events_of(
        nlp,
        "Irina Volk said at the Eastern Economic Forum in Vladivostok on September 5 that 3,000 "
        "migrants had been expelled.",
        EventKind.STATEMENT,
    )
    assert statement.agents == ["person/irina-volk"]
    assert statement.date == PartialDate(2024, 9, 5)
    assert statement.label == "Volk statement at the Eastern Economic Forum"


def test_events_statement_needs_an_occasion(nlp):
    assert events_of(nlp, "\"We will not tolerate this,\" Irina Volk said.", EventKind.STATEMENT) == []


def test_events_report_by_an_outlet(nlp):
    (report,) = events_of(
        nlp, "Kommersant reported on August 2 that the police had questioned hundreds of migrants.",
        EventKind.REPORT,
    )
    assert report.agents == ["organization/kommersant"]
    assert report.date == PartialDate(2024, 8, 2)


def test_events_prosecution_abroad(nlp):
    (case,) = events_of(
        nlp, "Kyrgyzstan has opened 120 criminal cases against citizens who fought for Russia.",
        EventKind.PROSECUTION,
    )
    assert case.agents == ["country/kyrgyzstan"]
    assert "country/russia" not in case.places
    assert "criminal cases" in case.label


def test_events_death_has_no_agent(nlp):
    (death,) = events_of(nlp, "At least 40 citizens of Tajikistan have died in Ukraine.", EventKind.DEATH)
    assert death.agents == []
    assert death.places == ["country/ukraine"]


def test_events_signing_comes_from_a_dated_act(nlp):
    (signing,) = events_of(
        nlp, "Vladimir Putin signed a law on July 12 that raises fines for migrants.", EventKind.SIGNING
    )
    assert signing.agents == ["person/vladimir-putin"]
    assert signing.date == PartialDate(2024, 7, 12)
    assert signing.label == "Vladimir Putin signed law that raises fines for migrants"
    assert len(signing.acts) == 1


def test_events_mobilization_needs_a_specific_mention(nlp):
    (mobilization,) = events_of(
        nlp, "Vladimir Putin announced a partial mobilization in September 2022.", EventKind.MOBILIZATION
    )
    assert mobilization.date == PartialDate(2022, 9)
    assert events_of(nlp, "Mobilization fears are spreading among migrants.", EventKind.MOBILIZATION) == []


def test_events_conditional_trigger_is_no_event(nlp):
    text = "If Russia attacks Kyrgyzstan, thousands of men will be mobilized."
    assert events_of(nlp, text, EventKind.ATTACK) == []


def test_events_places_of_a_contrasting_clause_are_left_out(nlp):
    (case,) = events_of(
        nlp,
        "Kyrgyzstan opened 45 criminal cases in 2023, while Uzbekistan is thought to have sent 900 men "
        "to fight.",
        EventKind.PROSECUTION,
    )
    assert case.agents == ["country/kyrgyzstan"]
    assert case.places == []
