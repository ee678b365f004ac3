"""Legal acts read from news-style sentences (own sentences, not from the seed articles)."""

from __future__ import annotations

import datetime

import pytest

from kg.extract.acts import read_acts
from kg.model import ActKind, ActStatus, Effect, EntityKind, Ground, PartialDate, PopulationGroup
from tests.kg.helpers import context_with_entities

pytestmark = pytest.mark.model

PUBLISHED = datetime.date(2024, 9, 10)
PEOPLE_AND_BODIES = {
    "Vladimir Putin": EntityKind.PERSON,
    "Andrei Lugovoi": EntityKind.PERSON,
    "State Duma": EntityKind.ORGANIZATION,
    "Federation Council": EntityKind.ORGANIZATION,
}


def acts_of(nlp, text: str):
    return read_acts(context_with_entities(nlp, text, PEOPLE_AND_BODIES, PUBLISHED))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Vladimir Putin signed a decree on Friday that grants fast-track citizenship to foreigners "
            "who serve in the army.",
            ActKind.DECREE,
        ),
        ("Andrei Lugovoi introduced a bill on March 4 that would raise fines for migrants.", ActKind.BILL),
        ("Andrei Lugovoi submitted a draft law in May that would deport migrants who skip registration.",
         ActKind.BILL),
        ("The State Duma adopted amendments on June 2 that let courts strip new citizens of citizenship.",
         ActKind.AMENDMENT),
        ("The Criminal Code now allows judges to revoke acquired citizenship for terrorism.", ActKind.CODE),
        ("The constitution bans the deportation of Russian citizens.", ActKind.CONSTITUTION),
        ("Federal Law No. 52-FZ was approved by the Federation Council in April.", ActKind.FEDERAL_LAW),
    ],
)
def test_acts_every_kind(nlp, text, kind):
    acts = acts_of(nlp, text)
    assert [act.kind for act in acts] == [kind]


def test_acts_number_gives_label_and_shared_key(nlp):
    (act,) = acts_of(nlp, "Federal Law No. 52-FZ was approved by the Federation Council in April.")
    assert act.number == "52-FZ"
    assert act.key == "act/52-fz"
    assert act.label == "Federal law No. 52-FZ"
    assert act.approved_by == ["organization/federation-council"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Andrei Lugovoi proposed a law on May 3 that would strip migrants of citizenship.",
         ActStatus.PROPOSED),
        ("Andrei Lugovoi introduced a bill on May 3 that would strip migrants of citizenship.",
         ActStatus.INTRODUCED),
        ("The State Duma passed the bill in the first reading on May 3.", ActStatus.PASSED_READING),
        ("The State Duma adopted a law on May 3 that raises fines for migrants.", ActStatus.ADOPTED),
        ("The Federation Council approved the bill on May 3.", ActStatus.APPROVED),
        ("Vladimir Putin signed a law on May 3 that raises fines for migrants.", ActStatus.SIGNED),
        ("A law raising fines for migrants came into force on May 3.", ActStatus.IN_FORCE),
    ],
)
def test_acts_every_status_stage_with_its_date(nlp, text, status):
    (act,) = acts_of(nlp, text)
    assert act.status is status
    assert act.date == PartialDate(2024, 5, 3)


def test_acts_active_and_passive_read_the_same(nlp):
    active = acts_of(
        nlp,
        "Vladimir Putin signed a law on July 12 that lets officials revoke the citizenship of naturalized "
        "migrants convicted of extremism."
    )
    passive = acts_of(
        nlp,
        "A law that lets officials revoke the citizenship of naturalized migrants convicted of extremism "
        "was signed by Vladimir Putin on July 12."
    )
    (a,), (p,) = active, passive
    for act in (a, p):
        assert act.kind is ActKind.LAW
        assert act.status is ActStatus.SIGNED
        assert act.signed_by == ["person/vladimir-putin"]
        assert act.enables == [Effect.CITIZENSHIP_REVOCATION]
        assert act.grounds == [Ground.EXTREMISM]
        assert PopulationGroup.NATURALIZED_CITIZENS.key in act.targets
    assert a.key == p.key == "act/law/2024/citizenship-revocation"
    assert a.evidence[0].mechanism == "act:signed-by-subject"
    assert p.evidence[0].mechanism == "act:passive-agent"


def test_acts_prohibition_is_not_an_enabling(nlp):
    (banning,) = acts_of(nlp, "The constitution explicitly prohibits denaturalization of any citizen.")
    assert banning.prohibits == [Effect.CITIZENSHIP_REVOCATION]
    assert banning.enables == []
    (not_allowing,) = acts_of(nlp, "The constitution does not allow the state to deport its own citizens.")
    assert not_allowing.prohibits == [Effect.DEPORTATION]
    assert not_allowing.enables == []


def test_acts_proposal_keeps_proposed_status(nlp):
    (act,) = acts_of(
        nlp,
        "Andrei Lugovoi proposed a bill in March that would deprive new citizens of their passports "
        "if they evade mobilization."
    )
    assert act.status is ActStatus.PROPOSED
    assert act.kind is ActKind.BILL
    assert act.introduced_by == ["person/andrei-lugovoi"]
    assert act.signed_by == []
    assert Ground.DRAFT_EVASION in act.grounds


def test_acts_coreferent_mentions_merge_into_one_act(nlp):
    text = (
        "The State Duma adopted a law in March 2023 that obliges naturalized citizens to register for "
        "military service. Officials welcomed the vote. The 2023 law also lets officials revoke citizenship "
        "from men who do not register. The law came into force on October 1."
    )
    (act,) = acts_of(nlp, text)
    assert act.adopted_by == ["organization/state-duma"]
    assert act.enables == [Effect.MANDATORY_MILITARY_REGISTRATION, Effect.CITIZENSHIP_REVOCATION]
    assert act.grounds == [Ground.FAILURE_TO_REGISTER]
    assert act.status is ActStatus.IN_FORCE
    assert [e.mechanism for e in act.evidence][1:] == ["act:coreference", "act:coreference"]
    assert act.label == "law that obliges naturalized citizens to register for military service"


def test_acts_generic_mentions_are_not_acts(nlp):
    text = (
        "Migrants must respect Russian law. Rights groups say forced enlistment violates international "
        "humanitarian law. Workers follow the laws of the country that hosts them."
    )
    assert acts_of(nlp, text) == []


def test_acts_plural_laws_with_grounds_are_one_reading(nlp):
    (act,) = acts_of(
        nlp, "Several laws stipulate that acquired citizenship can be revoked as punishment for terrorism, "
        "extremism and spreading false information about the army."
    )
    assert act.kind is ActKind.LAW
    assert act.enables == [Effect.CITIZENSHIP_REVOCATION]
    assert set(act.grounds) == {Ground.TERRORISM, Ground.EXTREMISM, Ground.FALSE_INFORMATION}
