"""Metamorphic tests: one fact written several ways must give the same extracted facts.

Each group rewrites one invented sentence (title before/after the name, quote before/after its attribution,
active/passive, relative clause/appositive); the readers must agree on every variant. A rule keyed to one
wording passes one variant at most.
"""

from __future__ import annotations

import pytest

from kg.extract.origins import read_origins
from kg.extract.people import read_positions
from kg.extract.quotes import read_quotes

pytestmark = pytest.mark.model


def _posts(ctx):
    positions = read_positions(ctx)
    names = {key: e.name for key, e in ctx.entities.entities.items()}
    roles = {e.name: e.role for e in ctx.entities.entities.values() if e.kind == "person"}
    return {(names[p.person], p.title, names.get(p.organization), roles[names[p.person]]) for p in positions}


POST_VARIANTS = {
    "head-of-agency": [
        "Anvar Rakhimov, head of the State Migration Service, said the rules would change.",
        "State Migration Service head Anvar Rakhimov said the rules would change.",
        "The rules would change, said Anvar Rakhimov, head of the State Migration Service.",
        "“The rules will change,” said Anvar Rakhimov, head of the State Migration Service.",
    ],
    "analyst-at-think-tank": [
        "Lena Hartmann, an analyst at the Eastern Policy Institute, said recruitment had slowed.",
        "Recruitment had slowed, according to Lena Hartmann, an analyst at the Eastern Policy Institute.",
        "“Recruitment has slowed,” said Lena Hartmann, an analyst at the Eastern Policy Institute.",
    ],
}


@pytest.mark.parametrize("group", sorted(POST_VARIANTS))
def test_metamorphic_post_is_read_the_same_in_every_wording(read_context, group):
    results = [_posts(read_context(text)) for text in POST_VARIANTS[group]]
    assert results[0] and all(result == results[0] for result in results), results


QUOTE_VARIANTS = [
    "“Nobody asked us whether we wanted to go,” said Saidakbar Nurov, a welder from Khujand.",
    "“Nobody asked us whether we wanted to go,” Saidakbar Nurov said.",
    "Saidakbar Nurov said: “Nobody asked us whether we wanted to go.”",
    "Saidakbar Nurov, a welder from Khujand, was detained in May. “Nobody asked us whether we wanted to go,” he said.",
]


def test_metamorphic_quote_speaker_is_the_same_before_after_and_by_pronoun(read_context):
    results = set()
    for text in QUOTE_VARIANTS:
        ctx = read_context(text)
        names = {key: e.name for key, e in ctx.entities.entities.items()}
        results |= {(q.text.rstrip("."), names.get(q.speaker)) for q in read_quotes(ctx)}
    assert results == {("Nobody asked us whether we wanted to go", "Saidakbar Nurov")}


ORIGIN_VARIANTS = [
    "Police detained dozens of Tajik migrants at the market.",
    "Dozens of Tajik migrants were detained by police at the market.",
    "Dozens of migrants from Tajikistan were detained by police at the market.",
    "Police detained dozens of citizens of Tajikistan at the market.",
]
# Whom a raid targets is an origin in an article about the war (a raid with no word of it is a migration matter).
WAR_CONTEXT = " Some of them were handed summonses to the military enlistment office."


def test_metamorphic_origin_is_the_same_in_active_passive_and_every_country_form(read_context):
    results = [{(o.country, o.relation) for o in read_origins(read_context(text + WAR_CONTEXT))}
               for text in ORIGIN_VARIANTS]
    assert all(result == {("country/tajikistan", "targeted")} for result in results), results
