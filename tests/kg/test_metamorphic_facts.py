"""Metamorphic tests: one fact written several ways (active or passive, "X signed" or "signed by X", the
number or the claimant before or after) must give the same facts. A rule keyed to one wording fails them.

The sentences are this suite's own, not the seed articles'; the facts compared leave out what legitimately
differs between wordings (the mechanism and its confidence, the evidence sentence).
"""

from __future__ import annotations

import datetime

import pytest

from kg.extract.acts import read_acts
from kg.extract.events import read_events
from kg.extract.figures import counted_class, read_figures
from kg.model import EntityKind, EventKind
from tests.kg.helpers import context_with_entities

pytestmark = pytest.mark.model

PUBLISHED = datetime.date(2024, 11, 5)
WORLD = {
    "Vladimir Putin": EntityKind.PERSON,
    "Yelena Sorokina": EntityKind.PERSON,
    "State Duma": EntityKind.ORGANIZATION,
    "Interior Ministry": EntityKind.ORGANIZATION,
    "Rosgvardia": EntityKind.ORGANIZATION,
    "Tver": EntityKind.CITY,
    "Kaluga": EntityKind.CITY,
    "Kazan": EntityKind.CITY,
    "Kyrgyzstan": EntityKind.COUNTRY,
}


def context(nlp, text):
    return context_with_entities(nlp, text, WORLD, PUBLISHED)


def act_facts(nlp, text):
    (act,) = read_acts(context(nlp, text))
    stages = sorted((s.status.value, s.date, tuple(s.actors)) for s in act.stages)
    return act.key, act.kind, act.status, act.date, stages, act.enables, act.prohibits, act.grounds


def figure_facts(nlp, text):
    (figure,) = read_figures(context(nlp, text))
    return (figure.value, figure.qualifier, counted_class(figure.counted), figure.measure, figure.claimant,
            figure.place)


def raid_facts(nlp, text):
    ctx = context(nlp, text)
    (raid,) = [e for e in read_events(ctx, read_acts(ctx)) if e.kind is EventKind.RAID]
    return sorted(raid.places), raid.date, raid.agents


SIGNED = [
    "Vladimir Putin signed a law on October 2 that lets courts revoke acquired citizenship for extremism.",
    "A law that lets courts revoke acquired citizenship for extremism was signed by Vladimir Putin on October 2.",
    "On October 2, Vladimir Putin signed a law that lets courts revoke acquired citizenship for extremism.",
    "The law, signed by Vladimir Putin on October 2, lets courts revoke acquired citizenship for extremism.",
]
ADOPTED = [
    "The State Duma adopted the bill on May 14.",
    "The bill was adopted by the State Duma on May 14.",
    "On May 14, the bill was adopted by the State Duma.",
    "The bill, adopted by the State Duma on May 14, now goes to the upper house.",
]
PROHIBITED = [
    "The constitution prohibits the deportation of citizens.",
    "The deportation of citizens is prohibited by the constitution.",
    "The constitution does not allow the deportation of citizens.",
]
DETAINED = [
    "According to the Interior Ministry, at least 1,500 migrants were detained in Kazan.",
    "At least 1,500 migrants were detained in Kazan, according to the Interior Ministry.",
    "The Interior Ministry said at least 1,500 migrants were detained in Kazan.",
    "At least 1,500 migrants were detained in Kazan, the Interior Ministry said.",
    "In Kazan, at least 1,500 migrants were detained, the Interior Ministry reported.",
    "Police detained at least 1,500 migrants in Kazan, the Interior Ministry told reporters.",
]
RECRUITED = [
    "Yelena Sorokina estimated that about 900 men from Kyrgyzstan had been recruited.",
    "About 900 men from Kyrgyzstan had been recruited, Yelena Sorokina estimated.",
    "About 900 men from Kyrgyzstan had been recruited, according to estimates by Yelena Sorokina.",
    "According to Yelena Sorokina, the army had recruited about 900 men from Kyrgyzstan.",
]
RAIDED = [
    "Rosgvardia raided markets in Tver, Kaluga and Kazan on August 30.",
    "On August 30, markets in Tver, Kaluga and Kazan were raided by Rosgvardia.",
    "Markets in Tver, Kaluga and Kazan were the targets of Rosgvardia raids on August 30.",
    "Rosgvardia carried out raids on August 30. They targeted markets in Tver, Kaluga and Kazan.",
]


@pytest.mark.parametrize(
    "wordings", [pytest.param(SIGNED, id="signed"), pytest.param(ADOPTED, id="adopted"),
                 pytest.param(PROHIBITED, id="prohibited")],
)
def test_metamorphic_acts_every_wording_gives_the_same_act(nlp, wordings):
    facts = [act_facts(nlp, text) for text in wordings]
    assert all(f == facts[0] for f in facts), facts
    assert facts[0][2] is not None or facts[0][6]  # a stage, or a prohibition: something was read


@pytest.mark.parametrize(
    "wordings", [pytest.param(DETAINED, id="detained"), pytest.param(RECRUITED, id="recruited")],
)
def test_metamorphic_figures_every_wording_gives_the_same_claim(nlp, wordings):
    facts = [figure_facts(nlp, text) for text in wordings]
    assert all(f == facts[0] for f in facts), facts
    assert facts[0][4] is not None  # the claimant was read


def test_metamorphic_raids_every_wording_gives_the_same_places_and_date(nlp):
    facts = [raid_facts(nlp, text) for text in RAIDED]
    assert all(f == facts[0] for f in facts), facts
    assert facts[0][0] == ["city/kaluga", "city/kazan", "city/tver"]
