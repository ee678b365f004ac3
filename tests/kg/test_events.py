"""Events read from news-style sentences (own sentences, not from the seed articles)."""

from __future__ import annotations

import datetime

import pytest

from kg.extract.acts import read_acts
from kg.extract.events import read_events
from kg.extract.figures import read_figures
from kg.model import ActStatus, EntityKind, EventKind, PartialDate
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


def listed_events_of(read_context, text: str, kind: EventKind):
    """Events read with the real entity reader, as the pipeline runs it (NER mistakes included)."""
    ctx = read_context(text)
    return [event for event in read_events(ctx, read_acts(ctx)) if event.kind is kind], ctx


def test_events_every_place_of_a_list_is_a_place(read_context):
    """Mechanism: names listed with a place are places, even those NER takes for people."""
    (raid,), ctx = listed_events_of(
        read_context, "Similar raids took place in Tver, Kimry and Vyshny Volochyok, Torzhok, and Bezhetsk.",
        EventKind.RAID,
    )
    names = [ctx.entities.get(key).name for key in raid.places]
    assert names == ["Tver", "Kimry", "Vyshny Volochyok", "Torzhok", "Bezhetsk"]
    assert all(ctx.entities.get(key).kind is EntityKind.CITY for key in raid.places)
    assert not [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]


def test_events_a_subject_the_parser_coordinates_with_a_place_is_no_place(read_context):
    """Mechanism: only items of a located list, or names NER mistyped, become places ("Police in A and B":
    the parser may hang B on "Police")."""
    raids, ctx = listed_events_of(
        read_context,
        "Russia detains hundreds of migrants in Yekaterinburg raids\n\n"
        "Police in Yekaterinburg and Nizhny Tagil detained about 400 migrants during raids on construction "
        "sites on Thursday, the regional branch of the Interior Ministry said.",
        EventKind.RAID,
    )
    places = {ctx.entities.get(key).name for raid in raids for key in raid.places}
    assert places == {"Yekaterinburg", "Nizhny Tagil"}
    assert "Police" not in {e.name for e in ctx.entities.entities.values()}


def test_events_raid_in_a_subordinate_clause_takes_the_places_of_its_sentence(nlp):
    """Mechanism: a raid noun in a "when" clause has no place of its own; its sentence's places count."""
    (raid,) = events_of(
        nlp, "Dilshod was unloading crates at a depot in Kazan, a city on the Volga in Russia, when the police "
        "raid began.", EventKind.RAID,
    )
    assert raid.places == ["city/kazan"]  # not Russia: it only locates Kazan


def test_events_raid_takes_places_from_the_next_sentence_of_its_paragraph(nlp):
    """Mechanism: a raid sentence without a place, followed in its paragraph by one that names where."""
    text = "Rosgvardia officers carried out a raid on August 14. It targeted a hostel in Tver and a market in Kaluga."
    (raid,) = events_of(nlp, text, EventKind.RAID)
    assert raid.places == ["city/tver", "city/kaluga"]
    assert raid.label.endswith("in Tver and Kaluga")
    apart = "Rosgvardia officers carried out a raid on August 14.\n\nWorkers in Tver went on strike."
    (raid,) = events_of(nlp, apart, EventKind.RAID)
    assert raid.places == []


def test_events_demonyms_and_adjectives_are_not_places(nlp):
    (death,) = events_of(nlp, "Twelve Uzbekistan-born soldiers and Tajik workers were killed near Kazan.",
                         EventKind.DEATH)
    assert death.places == ["city/kazan"]


def test_events_raid_counts_the_figures_of_its_sentence(nlp):
    text = "Police raided a market in Tver on August 30, detaining 300 migrants and checking 2,000 others."
    ctx = context_with_entities(nlp, text, WORLD, PUBLISHED)
    figures = read_figures(ctx)
    (raid,) = [e for e in read_events(ctx, read_acts(ctx), figures) if e.kind is EventKind.RAID]
    assert sorted(f.value for f in figures if f.key in raid.figures) == [300, 2000]


def test_events_death_counts_only_deaths(nlp):
    text = "At least 40 citizens of Tajikistan have died in Ukraine, and 300 were detained in Kazan."
    ctx = context_with_entities(nlp, text, WORLD, PUBLISHED)
    figures = read_figures(ctx)
    (death,) = [e for e in read_events(ctx, read_acts(ctx), figures) if e.kind is EventKind.DEATH]
    assert [f.value for f in figures if f.key in death.figures] == [40]


def test_events_every_legislative_stage_is_an_event(nlp):
    text = (
        "The State Duma adopted the bill on May 14. Vladimir Putin signed the law on May 30. "
        "The law came into force on June 1."
    )
    events = events_of(nlp, text)
    stages = [(e.kind, e.stage, e.date) for e in events if e.stage is not None]
    assert stages == [
        (EventKind.VOTE, ActStatus.ADOPTED, PartialDate(2024, 5, 14)),
        (EventKind.SIGNING, ActStatus.SIGNED, PartialDate(2024, 5, 30)),
        (EventKind.ENTRY_INTO_FORCE, ActStatus.IN_FORCE, PartialDate(2024, 6, 1)),
    ]
    assert len({key for e in events for key in e.acts}) == 1


def test_events_a_raid_in_a_time_phrase_happened_whatever_its_clause_denies(read_context):
    """Mechanism: "who did not register … during a raid" presupposes the raid; "did not raid" denies it."""
    (raid,), _ = listed_events_of(
        read_context, "Officers found men who had not registered with the military during a joint raid in Omsk.",
        EventKind.RAID)
    assert raid.label.startswith("joint raid")
    denied, _ = listed_events_of(read_context, "Police did not raid the hostel in Omsk.", EventKind.RAID)
    assert denied == []


def test_events_a_raid_takes_the_place_of_the_sentence_before_only_where_its_verb_happened(read_context):
    before = ("Earlier in the Omsk region, dozens of migrants were handed summonses. It was reported that men "
              "without military registration were found during a joint raid by the police.")
    (raid,), ctx = listed_events_of(read_context, before, EventKind.RAID)
    assert [ctx.entities.get(key).name for key in raid.places] == ["Omsk Oblast"]
    family = ("He misses his family in Omsk. “There was a raid and my friend was taken,” he said.")
    (raid,), _ = listed_events_of(read_context, family, EventKind.RAID)
    assert raid.places == []


def test_events_a_dated_statement_by_an_unnamed_speaker_and_a_dated_noun_with_its_owner(read_context):
    text = ("A senior border official told the newspaper on March 3 that the crossings were closed. "
            "The agency criticised Colonel Ilya Gurov's May 12 remarks on the draft.")
    ctx = read_context(text)
    events = read_events(ctx, read_acts(ctx))
    statements = [e for e in events if e.kind is EventKind.STATEMENT]
    assert [(e.date.month, e.date.day) for e in statements] == [(3, 3), (5, 12)]
    assert statements[0].agents == [] and statements[0].label.startswith("A senior border official")
    assert [ctx.entities.get(key).name for key in statements[1].agents] == ["Ilya Gurov"]


def test_events_an_attack_phrase_before_the_clause_is_its_own_clause_and_its_owner_acts(read_context):
    text = "After Russia's invasion of Ukraine on February 24, 2022, volunteers from Georgia went to fight."
    ctx = read_context(text)
    (attack,) = [e for e in read_events(ctx, read_acts(ctx)) if e.kind is EventKind.ATTACK]
    assert attack.agents == ["country/russia"]
    assert attack.places == ["country/ukraine"] and attack.date.day == 24


def test_events_a_titled_speaker_named_in_apposition_after_the_title_phrase(nlp):
    text = ("On October 15, 2023, the former head of the Kazan city council, Irina Volk, said that more than "
            "900 volunteers from the city had left for the front.")
    statements = events_of(nlp, text, EventKind.STATEMENT)
    assert [(e.agents, e.date) for e in statements] == [(["person/irina-volk"], PartialDate(2023, 10, 15))]


def test_events_a_mission_abroad_locates_itself_not_what_it_reports(nlp):
    text = "The Uzbek embassy in Kazan confirmed the death of a migrant worker from Tajikistan on March 6."
    events = events_of(nlp, text)
    assert all("city/kazan" not in e.places for e in events)
    statement = next(e for e in events if e.kind is EventKind.STATEMENT)
    assert statement.date == PartialDate(2024, 3, 6)


def test_events_a_dated_passive_clause_keeps_its_auxiliary_and_the_coordinated_subject(nlp):
    text = "The Kyrgyz recruit was sent to the front and was wounded on July 27, 2024."
    labels = {e.label for e in events_of(nlp, text, EventKind.OCCURRENCE)}
    assert "The Kyrgyz recruit was wounded" in labels


def test_events_a_gerund_of_means_takes_the_subject_and_date_of_its_verb(nlp):
    text = "One year ago, Vladimir Putin shocked Russia by announcing a partial mobilization."
    mobilizations = events_of(nlp, text, EventKind.MOBILIZATION)
    assert [(e.agents, e.date) for e in mobilizations] == [(["person/vladimir-putin"], PartialDate(2023, None, None))]


def test_events_a_time_that_sees_the_event_dates_it(nlp):
    text = "September 2022 saw Russia mobilize an additional 300,000 men for the first time since World War Two."
    mobilizations = events_of(nlp, text, EventKind.MOBILIZATION)
    assert [(e.agents, e.date) for e in mobilizations] == [(["country/russia"], PartialDate(2022, 9, None))]


def test_events_a_phrase_naming_an_earlier_event_gives_the_raids_no_date_nor_agent(nlp):
    text = "After the Kommersant attack in March, raids on migrants intensified in Kazan."
    raids = events_of(nlp, text, EventKind.RAID)
    assert [(r.date, r.agents) for r in raids] == [(None, [])]
    since = events_of(nlp, "Since March, raids on migrants have intensified in Kazan.", EventKind.RAID)
    assert [r.date for r in since] == [PartialDate(2024, 3, None)]


def test_events_a_second_verb_shares_the_first_ones_subject_places_and_fronted_date(nlp):
    text = "On March 3, Rosgvardia officers in Kazan raided a hostel and detained 40 migrants, Kommersant reported."
    (detention,) = events_of(nlp, text, EventKind.DETENTION)
    assert (detention.date, detention.places) == (PartialDate(2024, 3, 3), ["city/kazan"])
    # a date told after the first verb is that verb's alone
    later = "Rosgvardia officers raided a hostel in Kazan on March 3 and detained 40 migrants."
    assert [e.date for e in events_of(nlp, later, EventKind.DETENTION)] == [None]


def test_events_the_date_a_state_lasts_until_dates_nothing(nlp):
    text = "The five suspects were detained in Kazan on Tuesday and remanded in custody until June 12."
    assert all(e.date != PartialDate(2024, 6, 12) for e in events_of(nlp, text))


def test_events_a_coercive_act_right_after_a_raid_is_one_of_those_raids(nlp):
    text = ("Dozens of migrants were given summonses during a joint raid in Tver. In Kazan, such citizens were "
            "searched for in nightclubs and hostels.")
    raids = events_of(nlp, text, EventKind.RAID)
    assert any(r.places == ["city/kazan"] for r in raids)
    # with no raid or draft before it, a search is no raid
    plain = "The festival opened in Tver. In Kazan, such citizens were searched for in nightclubs and hostels."
    assert not any("city/kazan" in r.places for r in events_of(nlp, plain, EventKind.RAID))


def test_events_a_date_before_a_report_noun_dates_the_report(nlp):
    text = "Over 1,500 foreigners were identified in an April 23 investigation by Kommersant."
    (report,) = events_of(nlp, text, EventKind.REPORT)
    assert (report.date, report.agents) == (PartialDate(2024, 4, 23), ["organization/kommersant"])


def test_events_a_court_sentencing_someone_is_a_prosecution_by_that_court(nlp):
    text = "In November, a court in Kazan sentenced a local resident to five years for serving in the army."
    (sentencing,) = events_of(nlp, text, EventKind.PROSECUTION)
    assert (sentencing.date, sentencing.places) == (PartialDate(2023, 11, None), ["city/kazan"])


def test_events_a_demonym_that_describes_the_subject_is_no_agent(nlp):
    text = "In June 2023, a 39-year-old Uzbek man signed a contract in Kazan."
    ctx = context_with_entities(nlp, text, {**WORLD, "Uzbek": EntityKind.COUNTRY})
    events = read_events(ctx, read_acts(ctx))
    assert events and all("country/uzbek" not in e.agents for e in events)


def test_events_a_statement_cautioning_on_a_weekday_and_date_is_dated(nlp):
    text = ("In a statement issued by her office on Sunday, February 15, Irina Volk cautioned citizens of "
            "Uzbekistan against offers of work in Russia.")
    (statement,) = events_of(nlp, text, EventKind.STATEMENT)
    assert statement.date == PartialDate(2024, 2, 15)
    assert statement.agents == ["person/irina-volk"]


def test_events_quoting_a_report_and_issuing_a_statement_are_no_occurrences(nlp):
    text = "To quote Kommersant on 29 July: the raids will go on. Irina Volk spoke in a statement issued in Kazan on Friday."
    assert events_of(nlp, text, EventKind.OCCURRENCE) == []


def test_events_a_date_in_apposition_to_a_day_dates_the_verb(nlp):
    text = "The bill was submitted to the State Duma on a holiday – December 25."
    ctx = context_with_entities(nlp, text, {"State Duma": EntityKind.ORGANIZATION}, PUBLISHED)
    (bill,) = read_acts(ctx)
    assert [(stage.status, stage.date) for stage in bill.stages] == [(ActStatus.INTRODUCED, PartialDate(2023, 12, 25))]


def test_events_a_trigger_noun_before_an_activity_noun_names_the_activity(nlp):
    (drive,) = events_of(nlp, "Recruitment drives were held in Kazan and Tver last month.", EventKind.RECRUITMENT)
    assert drive.places == ["city/kazan", "city/tver"]
    assert events_of(nlp, "The recruitment office in Kazan was closed.", EventKind.RECRUITMENT) == []


def test_events_a_raid_whose_people_were_detained_before_takes_that_detentions_place(nlp):
    text = ("Rosgvardia detained 200 citizens of Uzbekistan in Tver on 9 February.\n"
            "Irina Volk said that these people were detained during raids by Rosgvardia.")
    (raid,) = events_of(nlp, text, EventKind.RAID)
    assert raid.places == ["city/tver"] and raid.date == PartialDate(2024, 2, 9)
    unrelated = ("Rosgvardia detained 200 citizens of Uzbekistan in Tver on 9 February.\n"
                 "Irina Volk said that migrants are often detained during raids by Rosgvardia.")
    assert [raid.places for raid in events_of(nlp, unrelated, EventKind.RAID)] == [[]]


def test_events_where_a_statement_about_a_raid_was_made_is_no_place_of_the_raid(nlp):
    text = ("Over 500 migrants were rounded up by the police in a raid. The statement was made by Irina Volk at a "
            "forum in Kazan.")
    assert [raid.places for raid in events_of(nlp, text, EventKind.RAID)] == [[]]
    told = "Over 500 migrants were rounded up by the police in a raid. It targeted a hostel in Kazan."
    assert [raid.places for raid in events_of(nlp, told, EventKind.RAID)] == [["city/kazan"]]


def test_events_a_place_that_names_the_raiding_body_gives_way_to_the_raids_place(nlp):
    text = "In Kazan, officers of the Perm Krai's Directorate of Internal Affairs conducted a raid."
    assert [raid.places for raid in events_of(nlp, text, EventKind.RAID)] == [["city/kazan"]]


def test_events_apprehended_people_were_detained(nlp):
    (detention,) = events_of(nlp, "Police apprehended 40 migrants in Kazan on Monday.", EventKind.DETENTION)
    assert detention.places == ["city/kazan"]


def test_events_a_dateline_is_no_place_of_what_the_text_tells(nlp):
    text = "TVER -- Migrants are being handed summonses at markets in Kaluga, activists said."
    ctx = context_with_entities(nlp, text, {**WORLD, "TVER": EntityKind.CITY}, PUBLISHED)
    (raid,) = [event for event in read_events(ctx, read_acts(ctx)) if event.kind is EventKind.RAID]
    assert raid.places == ["city/kaluga"]


def test_events_handing_migrants_something_is_a_raid_only_when_it_is_a_summons(nlp):
    assert events_of(nlp, "Kazan is giving migrants who stay illegally a way to avoid deportation by signing a "
                          "contract with Rosgvardia.", EventKind.RAID) == []
    (raid,) = events_of(nlp, "At a market in Kazan, migrants were given summonses by Rosgvardia officers.",
                        EventKind.RAID)
    assert raid.places == ["city/kazan"]


def test_events_a_raid_to_check_people_at_a_place_was_at_that_place_and_not_its_region(nlp):
    text = ("On the morning of March 3, Rosgvardia conducted a raid to check migrants working at a warehouse in "
            "the city of Tver, Perm Krai.")
    (raid,) = events_of(nlp, text, EventKind.RAID)
    assert raid.places == ["city/tver"]
    assert raid.date == PartialDate(2024, 3, 3)


def test_events_a_state_since_a_date_is_no_dated_occurrence(nlp):
    assert events_of(nlp, "Hundreds of Kyrgyz men have fought alongside Russian forces since 2022.",
                     EventKind.OCCURRENCE) == []
    (left,) = events_of(nlp, "Hundreds of Kyrgyz men left for Russia in 2022.", EventKind.OCCURRENCE)
    assert left.date == PartialDate(2022)
    (stopped,) = events_of(nlp, "Since April 2024, the ministry has stopped hiring men from Tajikistan.",
                           EventKind.OCCURRENCE)
    assert stopped.date == PartialDate(2024, 4)


@pytest.mark.model
def test_events_a_noun_triggers_own_date_comes_before_its_clauses(nlp):
    text = ("On October 24, dozens of migrants in Kazan received draft orders as part of the partial mobilization "
            "announced by Putin on September 21.")
    mobilizations = events_of(nlp, text, EventKind.MOBILIZATION)
    assert [e.date for e in mobilizations] == [PartialDate(2023, 9, 21)], mobilizations  # (published 2024-09-10)


@pytest.mark.model
def test_events_an_event_the_clause_presupposes_takes_no_date_of_the_clause(nlp):
    text = "In November 2023, amid a partial mobilization, the minister signed an order on summonses."
    assert [e.date for e in events_of(nlp, text, EventKind.MOBILIZATION)] in ([], [None])


@pytest.mark.model
def test_events_a_raid_in_a_region_is_not_in_the_wider_area_the_region_is_in(read_context):
    from kg.extract.acts import read_acts as acts_in
    text = "The biggest sweep was in Tyumen Region in western Siberia, where 800 migrants were held, police said."
    ctx = read_context(text)
    raids = [e for e in read_events(ctx, acts_in(ctx)) if e.kind is EventKind.RAID]
    assert raids and all(not p.endswith("siberia") for e in raids for p in e.places), raids
    assert any(p.startswith("region/tyumen") for e in raids for p in e.places), raids


@pytest.mark.model
def test_events_a_dated_turn_of_the_circumstances_is_no_event(nlp):
    text = "However, in early 2024, after a leak of personal data of the recruits, the situation shifted dramatically."
    assert events_of(nlp, text, EventKind.OCCURRENCE) == []
    (left,) = events_of(nlp, "In early 2024, hundreds of Kyrgyz men left for Russia.", EventKind.OCCURRENCE)
    assert left.date == PartialDate(2024)


@pytest.mark.model
def test_events_whom_a_raid_is_against_is_in_its_label(nlp):
    text = "In August, a series of police raids were carried out against newly naturalized citizens in Kazan."
    (raid,) = events_of(nlp, text, EventKind.RAID)
    assert "against newly naturalized citizens" in raid.label, raid.label
    (plain,) = events_of(nlp, "In August, police raids were carried out in Kazan.", EventKind.RAID)
    assert "against" not in plain.label


@pytest.mark.model
def test_events_a_dated_phrase_after_a_preposition_takes_the_clauses_subject(nlp):
    text = "Shortly after arriving in December 2023, the workers were handed contracts written in Russian."
    arrivals = [e for e in events_of(nlp, text, EventKind.OCCURRENCE) if "arriving" in e.label]
    assert [(e.label, e.date) for e in arrivals] == [("the workers arriving", PartialDate(2023, 12))], arrivals


def test_events_a_date_that_modifies_a_noun_dates_no_clause(nlp):
    text = "The officer gave no reason why the April deadline was chosen."
    assert events_of(nlp, text, EventKind.OCCURRENCE) == []


def test_events_the_raid_told_after_a_detention_took_place_where_it_was(nlp):
    text = ("On 9 February, Rosgvardia detained 200 citizens of Uzbekistan in Tver. According to Kommersant, "
            "the "
            "raid was carried out on the basis of a plan.")
    (raid,) = events_of(nlp, text, EventKind.RAID)
    assert raid.places == ["city/tver"]
