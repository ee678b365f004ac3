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
    assert act.label == "Federal Law No. 52-FZ"
    assert act.approved_by == ["organization/federation-council"]


def test_acts_numbered_act_reads_the_clause_the_parser_hangs_on_the_verb(nlp):
    """Mechanism: the description of a numbered act starts at the top of its noun phrase, so "that allows"
    counts even when the parser attaches it to "signed" rather than to the act."""
    (act,) = acts_of(
        nlp,
        "Vladimir Putin has signed Federal Law No. 317-FZ that allows courts to strip acquired citizenship "
        "from migrants who evade military registration.",
    )
    assert act.number == "317-FZ"
    assert act.signed_by == ["person/vladimir-putin"]
    assert Effect.CITIZENSHIP_REVOCATION in act.enables


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
    assert a.key == p.key == "act/law/07-12/citizenship-revocation"
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


def test_acts_every_stage_is_kept_with_its_date_actor_and_evidence(nlp):
    text = (
        "Lawmaker Andrei Lugovoi introduced the bill on March 4. The State Duma passed the bill in the first "
        "reading on April 2. The State Duma adopted the bill on May 14. The Federation Council approved the "
        "bill on May 22. Vladimir Putin signed the law on May 30. The law came into force on June 1."
    )
    (act,) = acts_of(nlp, text)
    stages = [(stage.status, stage.date, stage.actors) for stage in act.stages]
    assert stages == [
        (ActStatus.INTRODUCED, PartialDate(2024, 3, 4), ["person/andrei-lugovoi"]),
        (ActStatus.PASSED_READING, PartialDate(2024, 4, 2), ["organization/state-duma"]),
        (ActStatus.ADOPTED, PartialDate(2024, 5, 14), ["organization/state-duma"]),
        (ActStatus.APPROVED, PartialDate(2024, 5, 22), ["organization/federation-council"]),
        (ActStatus.SIGNED, PartialDate(2024, 5, 30), ["person/vladimir-putin"]),
        (ActStatus.IN_FORCE, PartialDate(2024, 6, 1), []),
    ]
    for stage in act.stages:  # each stage's evidence is its own sentence, with offsets into the text
        assert text[stage.evidence.start : stage.evidence.end] == stage.evidence.sentence
    assert act.status is ActStatus.IN_FORCE and act.date == PartialDate(2024, 6, 1)
    assert act.kind is ActKind.LAW  # a bill signed into law is a law
    assert act.signed_by == ["person/vladimir-putin"] and act.approved_by == ["organization/federation-council"]


def test_acts_stages_read_in_any_order_give_the_latest_as_status(nlp):
    (act,) = acts_of(
        nlp, "Vladimir Putin signed the law on May 30. The State Duma had adopted it on May 14 after "
        "Andrei Lugovoi introduced the bill in March."
    )
    assert act.status is ActStatus.SIGNED
    assert act.date == PartialDate(2024, 5, 30)
    assert {stage.status for stage in act.stages} >= {ActStatus.SIGNED, ActStatus.INTRODUCED}


def test_acts_one_act_reported_at_two_stages_by_two_articles_has_one_key(nlp):
    (early,) = acts_of(nlp, "Andrei Lugovoi introduced a bill on March 4 that would strip migrants of citizenship.")
    (late,) = acts_of(
        nlp, "The bill, which strips migrants of their citizenship, was introduced by Andrei Lugovoi on March 4 "
        "and signed by Vladimir Putin on May 30."
    )
    assert early.key == late.key
    assert early.status is ActStatus.INTRODUCED and late.status is ActStatus.SIGNED


def test_acts_number_is_the_identity_across_wordings(nlp):
    (signed,) = acts_of(nlp, "Vladimir Putin signed Federal Law No. 215-FZ on June 3.")
    (adopted,) = acts_of(nlp, "The State Duma adopted law 215-FZ in May.")
    assert signed.key == adopted.key == "act/215-fz"
    assert signed.status is ActStatus.SIGNED and adopted.status is ActStatus.ADOPTED


def test_acts_different_acts_keep_different_keys(nlp):
    text = (
        "Vladimir Putin signed a law on July 12 that lets officials revoke citizenship. "
        "Vladimir Putin signed a law on August 8 that lets officials revoke citizenship for draft evasion. "
        "Vladimir Putin signed a law on July 12 that raises fines for migrants."
    )
    keys = [act.key for act in acts_of(nlp, text)]
    assert len(keys) == len(set(keys)) == 3


def test_acts_a_law_only_intended_is_an_act_with_no_stage_and_losing_citizenship_is_revocation(nlp):
    text = "The president intends to sign a law that will expand the grounds for losing acquired citizenship."
    acts = acts_of(nlp, text)
    assert [(a.status, a.stages, a.enables) for a in acts] == [(None, [], [Effect.CITIZENSHIP_REVOCATION])]


def test_acts_a_negated_measure_is_what_an_act_rules_out(nlp):
    text = ("Such a measure contradicts the constitution, since according to it, a person cannot be deprived of "
            "citizenship.")
    (constitution,) = acts_of(nlp, text)
    assert Effect.CITIZENSHIP_REVOCATION not in constitution.enables
    assert Effect.CITIZENSHIP_REVOCATION in constitution.prohibits


def test_acts_a_stage_in_a_proposal_is_the_proposal_of_whoever_proposed_it(nlp):
    text = ("On 12 August, Andrei Lugovoi proposed that the State Duma draft a bill requiring new citizens to "
            "register for military service.")
    (bill,) = acts_of(nlp, text)
    assert [(stage.status, stage.date) for stage in bill.stages] == [(ActStatus.PROPOSED, PartialDate(2024, 8, 12))]
    assert bill.stages[0].actors == ["person/andrei-lugovoi"]


def test_acts_a_law_named_by_its_subject_before_it_is_an_act(nlp):
    (law,) = acts_of(nlp, "The verdict was issued based on the country's anti-human trafficking law.")
    assert (law.kind, law.label) == (ActKind.LAW, "anti-human trafficking law")
    assert acts_of(nlp, "The court said the draft law was flawed.") == []  # a stage, no subject


def test_acts_specific_or_relevant_laws_regarding_a_subject_are_a_body_of_law(nlp):
    text = ("While the specific laws regarding participation in armed conflicts abroad are not easily accessible, "
            "the relevant laws on mercenary activities are strict. Under the Law on Mercenary Activities, fighting "
            "abroad is a crime.")
    assert [act.label for act in acts_of(nlp, text)] == ["Law on Mercenary Activities"]


def test_acts_a_participle_after_the_stage_clause_says_what_the_law_does(nlp):
    (act,) = acts_of(nlp, "A law was signed in Russia on August 8, introducing a regime for the expulsion of "
                          "foreigners.")
    assert act.label.startswith("law introducing a regime for the expulsion")
    (other,) = acts_of(nlp, "A law was signed in Russia on August 8, prompting protests in Moscow.")
    assert "protests" not in other.label


def test_acts_a_participle_after_the_act_and_a_date_labels_it(nlp):
    (act,) = acts_of(nlp, "The State Duma passed a law this week providing fast-track citizenship to foreign "
                          "recruits.")
    assert "providing fast-track citizenship" in act.label
    assert Effect.EXPEDITED_CITIZENSHIP_FOR_SERVICE in act.enables


def test_acts_quote_marks_around_a_term_of_the_title_stay_out_of_it(nlp):
    (act,) = acts_of(nlp, "After Vladimir Putin's decree on “humanitarian support” for foreigners who share "
                          "traditional values, more people left.")
    assert act.title == "on humanitarian support for foreigners"


def test_acts_a_bill_passed_at_a_stage_the_bill_before_has_not_reached_is_another_bill(nlp):
    text = ("The State Duma is considering a bill that would strip citizenship from draft dodgers. The State Duma "
            "has already passed a bill in its first reading that broadens the grounds for citizenship deprivation.")
    acts = acts_of(nlp, text)
    assert len(acts) == 2
    assert acts[1].label == "bill that broadens the grounds for citizenship deprivation"
    assert Effect.CITIZENSHIP_REVOCATION in acts[1].enables


def test_acts_a_federal_law_dated_in_its_name_was_signed_then_even_when_ner_takes_it_whole(nlp):
    (act,) = acts_of(nlp, "They were dismissed under article 51 of the Federal Law of March 28, 1998 No. 53-FZ "
                          "“On Military Duty and Military Service.”")
    assert act.number == "53-FZ" and act.date == PartialDate(1998, 3, 28)


def test_acts_a_decree_told_twice_in_the_same_words_is_one_and_a_dated_decree_was_signed_then(nlp):
    text = ("Vladimir Putin has signed a decree that speeds up a path to citizenship for foreign recruits.\n"
            "MOSCOW -- Vladimir Putin on Thursday signed a decree that speeds up a path to citizenship for foreign "
            "recruits. Another Putin decree from May 2023 simplified the procedure.")
    acts = acts_of(nlp, text)
    assert len(acts) == 2
    assert [(s.status, s.date) for s in acts[1].stages] == [(ActStatus.SIGNED, PartialDate(2023, 5))]


@pytest.mark.model
def test_acts_a_capitalised_act_after_its_name_is_a_law_and_a_deed_is_none(nlp):
    (act,) = acts_of(nlp, "Four people were arrested on suspicion of contravening the Foreign Military Assistance "
                          "Act at the airport.")
    assert (act.kind, act.label) == (ActKind.LAW, "Foreign Military Assistance Act")
    assert acts_of(nlp, "The prosecutor called the bombing an act of terrorism.") == []


@pytest.mark.model
def test_acts_a_decree_the_parser_ran_into_its_object_is_read_with_its_clause(nlp):
    (act,) = acts_of(nlp, "Vladimir Putin also signed a decree stipulating terms of the legal status of residents of "
                          "new regions.")
    assert act.kind is ActKind.DECREE
    assert act.label == "decree stipulating terms of the legal status of residents of new regions"
    assert [s.status for s in act.stages] == [ActStatus.SIGNED]


@pytest.mark.model
def test_acts_a_headlines_act_is_the_bodys_act_restated(nlp):
    from dataclasses import replace

    headline = "New law stipulates conditions for terminating Russian citizenship"
    text = (f"{headline}\nVladimir Putin on Friday approved a law introducing the punishment of stripping away "
            "citizenship for certain crimes.\nPutin also signed a decree on residence permits.")
    ctx = context_with_entities(nlp, text, PEOPLE_AND_BODIES, PUBLISHED)
    ctx.article = replace(ctx.article, title=headline)
    acts = read_acts(ctx)
    assert [a.kind for a in acts] == [ActKind.LAW, ActKind.DECREE]
    assert acts[0].label.startswith("law introducing the punishment")
    assert headline in [e.sentence for e in acts[0].evidence]  # one act, with the headline as evidence


@pytest.mark.model
def test_acts_a_decree_by_a_person_is_signed_by_them(nlp):
    (act,) = acts_of(nlp, "Applications have been received ever since last year's decree by Vladimir Putin that "
                          "allowed the army to recruit citizens of other former Soviet republics.")
    assert act.kind is ActKind.DECREE
    assert [(s.status, s.actors) for s in act.stages] == [(ActStatus.SIGNED, ["person/vladimir-putin"])]
    assert acts_of(nlp, "Applications have been received ever since a decree that allowed it.") == []
    acts = acts_of(nlp, "Applications came after a decree by Vladimir Putin that allowed the army to recruit "
                        "foreigners. Vladimir Putin's decree was part of a transition to a professional army.")
    assert len(acts) == 1 and len(acts[0].evidence) == 2


@pytest.mark.model
def test_acts_a_signed_order_is_a_decree_and_an_order_to_do_something_is_none(nlp):
    (act,) = acts_of(nlp, "In August 2023 Vladimir Putin signed an order dismissing all heads of regional recruitment "
                          "centers.")
    assert (act.kind, act.label) == (ActKind.DECREE, "order dismissing all heads of regional recruitment centers")
    assert acts_of(nlp, "The commander gave an order to evacuate the town.") == []
    assert acts_of(nlp, "They were fined and issued orders for compulsory deportation.") == []


@pytest.mark.model
def test_acts_a_decree_issued_by_its_signer_is_signed_and_a_decree_issued_by_someone_names_it(nlp):
    (act,) = acts_of(nlp, "In November 2022, Vladimir Putin issued another decree equalizing the terms for "
                          "foreigners serving under a contract.")
    assert [(s.status, s.date) for s in act.stages] == [(ActStatus.SIGNED, PartialDate(2022, 11))]
    # "a decree issued by Putin": how the text names the act, no stage it tells
    named = acts_of(nlp, "A decree issued by Vladimir Putin has simplified the process for foreigners.")
    assert not any(act.stages for act in named), named


@pytest.mark.model
def test_acts_a_long_label_leaves_out_where_its_people_act_to_say_what_it_does(nlp):
    (act,) = acts_of(nlp, "Russian President Vladimir Putin signed a decree allowing foreign citizens "
                          "serving with the army in the occupied regions to receive Russian citizenship for their "
                          "spouses and children.")
    assert "citizenship" in act.label and "occupied regions" not in act.label, act.label


def test_acts_a_short_name_a_legal_text_defines_for_a_numbered_law_is_that_law(nlp):
    text = ("The rules follow the Federal Law of 12.03.2019 N 321-FZ “On the residence of foreigners” "
            "(hereinafter – “Federal Law № 321”). Article 4 of Federal Law No. 321 sets the limit.")
    assert [(a.number, a.label, a.date) for a in acts_of(nlp, text)] == [
        ("321-FZ", "Federal Law No. 321-FZ", PartialDate(2019, 3, 12))]  # signed on the date of its name


def test_acts_amendments_to_a_numbered_law_do_not_take_its_number(nlp):
    acts = acts_of(nlp, "The State Duma adopted amendments to the Federal Law N 321-FZ on Tuesday.")
    assert [a.kind for a in acts if a.number == "321-FZ"] == [ActKind.FEDERAL_LAW]


def test_acts_an_offer_renamed_a_proposal_and_a_proposal_the_text_says_nothing_of_are_no_acts(nlp):
    assert acts_of(nlp, "The army pays bonuses to foreigners who enlist – a proposal that has drawn many "
                        "candidates.") == []
    assert acts_of(nlp, "A proposal has been made to soften the treatment of returning volunteers.") == []
