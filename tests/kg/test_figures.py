"""Figures: number forms, qualifiers, counted phrases, measures, claimants, places, dates and conflicts."""

from __future__ import annotations

import datetime

import pytest

from kg.extract.figures import _plain_number, counted_class, find_conflicts, read_figures
from kg.model import EntityKind, Evidence, Figure, Measure, OrgKind, PartialDate, Qualifier
from tests.kg.helpers import context_with_entities

ENTITIES = {
    "Oksana Petrenko": EntityKind.PERSON,
    "Interior Ministry": EntityKind.ORGANIZATION,
    "Kyrgyzstan": EntityKind.COUNTRY,
    "Tajikistan": EntityKind.COUNTRY,
    "Ukraine": EntityKind.COUNTRY,
    "Kazan": EntityKind.CITY,
}


def figures_of(nlp, text, published=None):
    return read_figures(context_with_entities(nlp, text, ENTITIES, published))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "value", "upper", "qualifier"),
    [
        ("Police detained 1,250 migrants in the sweep.", 1250, None, Qualifier.EXACT),
        ("Police detained almost 3 thousand migrants in the sweep.", 3000, None, Qualifier.APPROXIMATELY),
        ("Police detained more than 4,800 migrants in the sweep.", 4800, None, Qualifier.MORE_THAN),
        ("Police detained at least 61 migrants in the sweep.", 61, None, Qualifier.AT_LEAST),
        ("Police detained up to 2.5 million migrants in the sweep.", 2_500_000, None, Qualifier.UP_TO),
        ("Police detained twelve migrants in the sweep.", 12, None, Qualifier.EXACT),
        ("Police detained between 400 and 650 migrants in the sweep.", 400, 650, Qualifier.RANGE),
        ("Police detained hundreds of migrants in the sweep.", 200, None, Qualifier.AT_LEAST),
        ("Police detained four hundred and thirty-two migrants in the sweep.", 432, None, Qualifier.EXACT),
    ],
)
def test_figures_number_forms_and_qualifiers(nlp, text, value, upper, qualifier):
    [figure] = figures_of(nlp, text)
    assert (figure.value, figure.upper, figure.qualifier) == (value, upper, qualifier)
    assert figure.measure == Measure.DETAINED
    assert figure.counted.startswith("migrants")  # "in the sweep" may attach to the noun or to the verb


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Oksana Petrenko said that 6,400 newly naturalized men had been sent to Ukraine.",
        "According to Oksana Petrenko, 6,400 newly naturalized men had been sent to Ukraine.",
        "About 6,400 newly naturalized men had been sent to Ukraine, Oksana Petrenko said.",
        "6,400 newly naturalized men had been sent to Ukraine, Oksana Petrenko told a press conference.",
    ],
)
def test_figures_same_claim_written_several_ways_reads_the_same(nlp, text):
    [figure] = figures_of(nlp, text)
    assert figure.value == 6400
    assert figure.counted == "newly naturalized men"
    assert figure.claimant == "person/oksana-petrenko"
    assert figure.measure == Measure.DEPLOYED
    assert figure.place == "country/ukraine"
    assert figure.evidence[0].mechanism in ("figure:reporting-verb-subject", "figure:according-to")


@pytest.mark.model
def test_figures_counted_is_the_noun_phrase_with_its_complements(nlp):
    text = ("Prosecutors opened 317 criminal cases against foreign workers. The ministry counted 5,200 "
            "former migrants who had not registered for military service, and around 900 of these men were "
            "conscripted.")
    figures = figures_of(nlp, text)
    assert [(f.counted, f.measure) for f in figures] == [
        ("criminal cases against foreign workers", Measure.CASES),
        ("former migrants who had not registered for military service", Measure.MIGRANTS),
        ("men", Measure.MOBILIZED),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "measure", "counted"),
    [
        ("Officers checked almost 5,000 foreigners at the wholesale market.", Measure.CHECKED, "foreigners"),
        ("Inspectors questioned 420 workers at the depot, the Interior Ministry said.", Measure.CHECKED,
         "workers"),
        ("At least 58 of those detained were handed summonses, the Interior Ministry said.", Measure.SUMMONED,
         "those detained"),
        ("Enlistment offices summoned 900 naturalized men in one week.", Measure.SUMMONED, "naturalized men"),
    ],
)
def test_figures_raid_counts_checked_and_summoned(nlp, text, measure, counted):
    """Mechanism: verbs of checking and summoning give their measures; a partitive pronoun with a clause
    ("of those detained") is what is counted."""
    (figure,) = figures_of(nlp, text)
    assert (figure.measure, figure.counted) == (measure, counted)


@pytest.mark.model
def test_figures_dates_years_ages_footnotes_and_durations_are_not_claims(nlp):
    text = ("In 2021, a 34-year-old man aged 34 spent 15 years abroad.[3] On May 9 the ministry reported "
            "the second wave.")
    assert figures_of(nlp, text) == []


@pytest.mark.model
def test_figures_pronoun_claimant_date_and_demonym_place(nlp):
    text = ("Oksana Petrenko runs a legal aid group. On Tuesday she said that 48 Kyrgyz recruits had been "
            "killed near Bakhmut.")
    [figure] = figures_of(nlp, text, published=datetime.date(2024, 5, 2))
    assert figure.claimant == "person/oksana-petrenko"
    assert figure.measure == Measure.KILLED
    assert figure.date == PartialDate(2024, 4, 30)
    assert figure.counted == "Kyrgyz recruits"


@pytest.mark.model
def test_figures_elided_noun_takes_the_sentence_counted_phrase(nlp):
    text = "Tajikistan says 75 citizens joined the army, with 20 to 30 killed."
    figures = figures_of(nlp, text)
    assert [(f.value, f.upper, f.counted, f.measure) for f in figures] == [
        (75, None, "citizens", Measure.RECRUITED),
        (20, 30, "citizens", Measure.KILLED),
    ]
    assert {f.claimant for f in figures} == {"country/tajikistan"}


@pytest.mark.model
def test_figures_money_is_kept_as_money_and_conversions_are_skipped(nlp):
    text = "Recruits are promised 190,000 rubles ($2,100) a month."
    assert [(f.value, f.measure, f.counted) for f in figures_of(nlp, text)] == [(190_000, Measure.MONEY, "rubles")]


def _figure(key, value, *, measure=Measure.DEPLOYED, counted="soldiers", claimant="person/a", place=None,
            qualifier=Qualifier.EXACT, upper=None, sentence_start=0, origin=None, date=None):
    evidence = Evidence(f"sentence {sentence_start}", sentence_start, sentence_start + 10, "figure:test", 0.8)
    return Figure(key=key, value=value, value_text=str(value), counted=counted, qualifier=qualifier, upper=upper,
                  measure=measure, claimant=claimant, place=place, origin=origin, date=date, evidence=[evidence])


def test_figures_a_source_count_of_a_countrys_citizens_disputes_the_articles_own_count():
    own = _figure("figure/x/1", 20, measure=Measure.KILLED, counted="Uzbek citizens", claimant=None,
                  origin="country/uzbekistan", qualifier=Qualifier.AT_LEAST)
    bbc = _figure("figure/x/2", 34, measure=Measure.KILLED, counted="Uzbeks", claimant="organization/bbc",
                  origin="country/uzbekistan", sentence_start=100, qualifier=Qualifier.AT_LEAST)
    assert find_conflicts([own, bbc]) == [("figure/x/1", "figure/x/2")]
    # not of another country, not in the same sentence (a breakdown), not of another date
    tajiks = _figure("figure/x/3", 34, measure=Measure.KILLED, counted="Tajiks", claimant="organization/bbc",
                     origin="country/tajikistan", sentence_start=100)
    same_sentence = _figure("figure/x/4", 34, measure=Measure.KILLED, counted="Uzbeks", claimant="organization/bbc",
                            origin="country/uzbekistan")
    earlier = _figure("figure/x/5", 34, measure=Measure.KILLED, counted="Uzbeks", claimant="organization/bbc",
                      origin="country/uzbekistan", sentence_start=100, date=PartialDate(2023, None, None))
    dated_own = _figure("figure/x/6", 20, measure=Measure.KILLED, counted="Uzbeks", claimant=None,
                        origin="country/uzbekistan", date=PartialDate(2025, None, None))
    assert find_conflicts([own, tajiks]) == find_conflicts([own, same_sentence]) == []
    assert find_conflicts([dated_own, earlier]) == []


def test_figures_conflict_same_claimant_measure_and_people_class_with_different_values():
    a = _figure("figure/x/2", 20_000, counted="naturalized men", sentence_start=0)
    b = _figure("figure/x/1", 10_000, counted="migrants who received citizenship", sentence_start=100)
    assert find_conflicts([a, b]) == [("figure/x/1", "figure/x/2")]


def test_figures_no_conflict_within_rounding_other_claimant_measure_or_class():
    base = _figure("figure/x/1", 20_000)
    others = [
        _figure("figure/x/2", 20_500, sentence_start=100),  # within 5%
        _figure("figure/x/3", 9_000, claimant="person/b", sentence_start=200),
        _figure("figure/x/4", 9_000, measure=Measure.KILLED, sentence_start=300),
        _figure("figure/x/5", 9_000, counted="criminal cases", sentence_start=400),
        _figure("figure/x/6", 9_000, measure=Measure.OTHER, sentence_start=500),
    ]
    for other in others:
        assert find_conflicts([base, other]) == [], other.key


def test_figures_qualifiers_widen_what_counts_as_agreement():
    at_least = _figure("figure/x/1", 20_000, qualifier=Qualifier.AT_LEAST)
    assert find_conflicts([at_least, _figure("figure/x/2", 35_000, sentence_start=100)]) == []
    assert find_conflicts([at_least, _figure("figure/x/3", 8_000, sentence_start=100)]) == [
        ("figure/x/1", "figure/x/3")]
    # two claimants' lower bounds are two counts so far, and disagree
    other_count = _figure("figure/x/6", 35_000, qualifier=Qualifier.AT_LEAST, claimant="person/b", sentence_start=100)
    assert find_conflicts([at_least, other_count]) == []  # two claimants: only of one date or sentence
    same_day = [_figure(k, v, qualifier=Qualifier.MORE_THAN, claimant=c, sentence_start=0)
                for k, v, c in (("figure/x/7", 20_000, "person/a"), ("figure/x/8", 35_000, "person/b"))]
    assert find_conflicts(same_day) == [("figure/x/7", "figure/x/8")]
    in_range = _figure("figure/x/4", 30_000, qualifier=Qualifier.RANGE, upper=40_000, sentence_start=200)
    assert find_conflicts([in_range, _figure("figure/x/5", 38_000, sentence_start=300)]) == []


def test_figures_unattributed_figures_conflict_only_in_the_same_place_and_not_within_one_sentence():
    a = _figure("figure/x/1", 500, claimant=None, place="country/kyrgyzstan")
    b = _figure("figure/x/2", 900, claimant=None, place="country/kyrgyzstan", sentence_start=100)
    c = _figure("figure/x/3", 900, claimant=None, place=None, sentence_start=200)
    d = _figure("figure/x/4", 900, claimant=None, place="country/kyrgyzstan")  # same sentence as a
    assert find_conflicts([a, b, c, d]) == [("figure/x/1", "figure/x/2")]


def test_figures_counted_class_groups_people_nouns():
    assert counted_class("naturalized men") == counted_class("Central Asian migrants") == "people"
    assert counted_class("citizens of Central Asian countries") == "people"
    assert counted_class("criminal cases against recruiters") == "case"
    assert counted_class("personnel losses") == counted_class("casualties") == "losses"


OUTLETS = {**ENTITIES, "Interfax": EntityKind.ORGANIZATION, "Dushanbe": EntityKind.CITY}


@pytest.mark.model
def test_figures_whom_a_figure_was_told_to_is_not_its_claimant(nlp):
    (figure,) = read_figures(context_with_entities(
        nlp, "Sixty soldiers were killed near Kherson, officials in Dushanbe told Interfax.", OUTLETS))
    assert figure.claimant is None


@pytest.mark.model
def test_figures_trailing_attribution_hung_as_a_conjunct(nlp):
    (figure,) = read_figures(context_with_entities(
        nlp, "Some 1,200 citizens were summoned to enlistment offices, Interfax reported.", OUTLETS))
    assert figure.claimant == "organization/interfax"
    assert figure.evidence[0].mechanism == "figure:reporting-verb-subject"


@pytest.mark.model
def test_figures_owner_of_a_subject_claims_the_figure(nlp):
    (figure,) = figures_of(nlp, "Between 200 and 300 men have been recruited, Kyrgyzstan's foreign ministry said.")
    assert figure.claimant == "country/kyrgyzstan"


@pytest.mark.model
def test_figures_place_of_a_relative_clause_reaches_its_conjuncts(nlp):
    figures = figures_of(
        nlp, "Tajikistan, where at least 14 citizens are confirmed dead and officials believe as many as 900 "
        "may have enlisted, has tightened exit rules."
    )
    assert [(f.value, f.place) for f in figures] == [(14, "country/tajikistan"), (900, "country/tajikistan")]


@pytest.mark.model
def test_figures_number_put_at_counts_the_number_of_phrase(nlp):
    (figure,) = figures_of(nlp, "Estimates by the Interior Ministry put the number of dead at 3,500.")
    assert (figure.value, figure.counted, figure.measure) == (3500, "dead", Measure.KILLED)
    assert figure.claimant == "organization/interior-ministry"


@pytest.mark.model
def test_figures_deportations_have_their_own_measure(nlp):
    (figure,) = figures_of(nlp, "Russia deported 4,300 citizens of Tajikistan last year.")
    assert figure.measure is Measure.DEPORTED


@pytest.mark.model
def test_figures_percentages_say_what_they_measure(nlp):
    text = ("Money transfers from Russia to Kyrgyzstan fell by 14.5% in the first quarter. Such transfers "
            "made up 31 percent of the economy.")
    figures = figures_of(nlp, text)
    assert [(f.value_text, f.measure, f.counted) for f in figures] == [
        ("14.5%", Measure.PERCENTAGE, "Money transfers from Russia to Kyrgyzstan"),
        ("31 percent", Measure.PERCENTAGE, "Such transfers"),
    ]
    assert "economy" in figures[1].predicate


@pytest.mark.model
def test_figures_money_says_what_it_pays_and_a_rate_is_no_percentage(nlp):
    text = ("The ministry offers a monthly allowance of $1,800. Guards earn between $40 and $60 per week. "
            "Families receive $9,000 in compensation for each death.")
    figures = figures_of(nlp, text)
    assert [(f.value, f.measure, f.counted, f.predicate) for f in figures] == [
        (1800, Measure.MONEY, "dollars", "monthly allowance"),
        (40, Measure.MONEY, "dollars per week", "earn"),
        (9000, Measure.MONEY, "dollars", "compensation for each death"),
    ]


@pytest.mark.model
def test_figures_a_gerund_is_what_the_counted_do_and_an_elided_figure_keeps_its_phrase(nlp):
    text = "Officials estimate that 4,000 Tajiks have enlisted, with 2,500 serving in Donetsk and 900 in Kherson."
    figures = figures_of(nlp, text)
    assert [(f.value, f.counted, f.predicate) for f in figures] == [
        (4000, "Tajiks", "enlisted"),
        (2500, "Tajiks", "serving in Donetsk"),
        (900, "Tajiks", "in Kherson"),
    ]


@pytest.mark.model
def test_figures_two_groups_are_two_claims_and_of_them_refers_to_the_last_count(read_context):
    text = ("Border guards detained two Kyrgyz nationals on Monday. Two Tajik nationals were detained "
            "in Samara. Some 600 Tajiks applied. The commission accepted 250 of them.")
    figures = read_figures(read_context(text))
    assert [(f.value, f.counted) for f in figures] == [
        (2, "Kyrgyz nationals"), (2, "Tajik nationals"), (600, "Tajiks"), (250, "Tajiks")]


@pytest.mark.model
def test_figures_hyphenated_terms_and_the_later_articles_of_a_list_of_articles(nlp):
    text = ("He is serving a seven-year prison sentence. The case was opened under Articles 205.1 (financing), "
            "208.2 (joining an armed group) and 359.3 (mercenarism) of the Criminal Code.")
    figures = figures_of(nlp, text)
    assert [(f.value_text, f.measure, f.counted) for f in figures] == [
        ("seven-year", Measure.DURATION, "year prison sentence")]


@pytest.mark.model
def test_figures_contrasted_estimates_in_one_sentence_conflict_but_a_breakdown_does_not(nlp):
    text = ("Activists say some 30,000 Kyrgyz have signed contracts, while official data put the number at "
            "about 3,000, with 2,000 serving in the army and 1,000 in the national guard.")
    figures = figures_of(nlp, text)
    by_value = {f.value: f.key for f in figures}
    assert find_conflicts(figures) == [tuple(sorted((by_value[30000], by_value[3000])))]


def test_figures_sent_to_the_front_is_deployed_whatever_the_parse_calls_to(nlp):
    # the parser may read "to the front lines" as the verb's dative, not a prepositional modifier
    text = "According to the governor, around 5,000 naturalized men have already been sent to the front lines."
    assert [(f.value, f.measure) for f in figures_of(nlp, text)] == [(5_000, Measure.DEPLOYED)]
    assert [f.measure for f in figures_of(nlp, "Police said 40 migrants were sent to a police station.")] != [
        Measure.DEPLOYED]


def test_figures_both_ends_of_a_tally_that_changes_from_one_value_to_another(nlp):
    text = "The registered number of Uzbek migrants in Kazan fell from 90,000 in previous years to around 40,000."
    assert sorted((f.value, f.counted) for f in figures_of(nlp, text)) == [
        (40_000, "Uzbek migrants"), (90_000, "Uzbek migrants")]


def test_figures_of_which_counts_a_part_of_the_earlier_figure_by_its_own_verb(nlp):
    text = "The governor said that more than 8,000 migrants were detained, 3,000 of which were sent to the front."
    part = next(f for f in figures_of(nlp, text) if f.value == 3_000)
    assert (part.counted, part.predicate, part.measure) == ("migrants", "sent to the front", Measure.DEPLOYED)


def test_figures_a_comma_before_one_or_two_digits_is_a_decimal_comma(nlp):
    text = "The regions spent more than ₽12,5 billion on medical care for migrants."
    assert [f.value for f in figures_of(nlp, text)] == [12_500_000_000]
    assert [f.value for f in figures_of(nlp, "The regions spent ₽12,500 on care for migrants.")] == [12_500]


def test_figures_a_percentage_of_a_change_noun_counts_the_change(nlp):
    text = "Remittances reached USD 2 billion, a 12% rise in transfers compared to the same period of 2023."
    share = next(f for f in figures_of(nlp, text) if f.measure is Measure.PERCENTAGE)
    assert (share.value, share.counted) == (12, "rise in transfers")


def test_figures_the_first_definite_count_of_people_is_a_count_but_a_reference_back_is_not(nlp):
    first = "A court has remanded the five suspects arrested in connection with the recruitment scheme."
    assert [(f.value, f.counted.split()[0]) for f in figures_of(nlp, first)] == [(5, "suspects")]
    again = "Police detained five migrants in Kazan. The five migrants were deported a week later."
    assert [f.value for f in figures_of(nlp, again)] == [5]
    assert figures_of(nlp, "The two sides agreed to meet again.") == []


def test_figures_one_before_a_scale_word_is_a_number(nlp):
    assert [f.value for f in figures_of(nlp, "About one million migrants work in Russia.")] == [1_000_000]
    assert figures_of(nlp, "One of the migrants was detained.") == []


def test_figures_a_clause_opening_with_of_the_group_counts_that_group(nlp):
    text = "Of the 30 Kenyans recruited, 8 have died and 5 are missing."
    parts = {f.value: f for f in figures_of(nlp, text) if f.value in (8, 5)}
    assert {v: f.counted for v, f in parts.items()} == {8: "Kenyans", 5: "Kenyans"}
    assert parts[8].measure is Measure.KILLED


def test_figures_the_place_of_the_occasion_the_count_happened_at(nlp):
    text = "Police detained more than 600 migrants during the raid on a market in Kazan on Friday."
    assert [(f.value, f.place) for f in figures_of(nlp, text)] == [(600, "city/kazan")]
    # a place of something else the sentence names is not the count's
    other = "Police detained more than 600 migrants after a report by a newspaper in Kazan."
    assert [f.place for f in figures_of(nlp, other)] == [None]


def test_figures_what_happened_to_them_counts_before_what_they_are(nlp):
    # the old reading took the noun's measure first: 30 "recruits" were counted as recruited
    text = "Two Tajik men were among the 30 recruits killed in a drone strike near Kazan last month."
    assert [f.measure for f in figures_of(nlp, text) if f.value == 30] == [Measure.KILLED]


def test_figures_an_elided_figure_in_a_while_clause_keeps_the_report_and_its_own_predicate(nlp):
    text = ("A total of 45 Kyrgyz have died in the war, while 12 are being held in captivity, "
            "the Interior Ministry said on Tuesday.")
    held = next(f for f in figures_of(nlp, text) if f.value == 12)
    # "a total of 45 Kyrgyz" is a count, not the tally phrase of the elided 12
    assert (held.counted, held.measure, held.claimant) == ("Kyrgyz", Measure.DETAINED, "organization/interior-ministry")
    # its own verb says what happened to the four: not the measure of the figure before it, so no dispute
    other = "Seven Kyrgyz serving in the army have died, while four are held prisoner by Ukraine."
    figures = figures_of(nlp, other)
    assert [f.measure for f in figures if f.value == 4] == [Measure.DETAINED]
    assert find_conflicts(figures) == []


def test_figures_the_counted_phrase_ends_where_the_nouns_own_phrase_ends(nlp):
    text = ("Russia has deported 80,000 migrants this year, three times more than in 2023, according to the "
            "Interior Ministry.")
    assert [f.counted for f in figures_of(nlp, text) if f.value == 80_000] == ["migrants"]


def test_figures_the_items_of_a_breakdown_are_not_the_origin_of_its_total(nlp):
    text = ("At least 93 citizens of Central Asian countries (19 from Kyrgyzstan, and 40 from Tajikistan) have "
            "died fighting for Russia.")
    origins = {f.value: f.origin for f in figures_of(nlp, text)}
    assert origins[93] is None
    assert origins[19] == "country/kyrgyzstan"


def test_figures_a_reduced_relative_the_parser_took_for_the_verb_leaves_the_predicate_to_the_next_verb(nlp):
    # the parser makes "sent" the clause's verb with the Kyrgyz as its subject, and "have been killed" a clause
    # with no subject: what happened to the six is the latter
    text = ("Investigations have revealed that six Kyrgyz sent to Russia by traffickers to join the military have "
            "been killed.")
    (six,) = [f for f in figures_of(nlp, text) if f.value == 6]
    assert six.measure is Measure.KILLED
    assert six.predicate.endswith("killed")


def test_figures_a_count_of_other_people_disputes_no_earlier_count(nlp):
    text = ("Six citizens of Kyrgyzstan who went to Russia have been killed. Two other citizens of Kyrgyzstan who "
            "joined the Ukrainian side have also been confirmed dead, the Interior Ministry said.")
    figures = figures_of(nlp, text)
    assert sorted(f.value for f in figures if f.measure is Measure.KILLED) == [2, 6]
    assert find_conflicts(figures) == []


def test_figures_within_a_period_is_a_deadline_in_a_duty_and_a_date_elsewhere(nlp):
    duty = "Naturalized citizens would be obligated to report to enlistment offices within 60 days."
    assert [(f.value, f.measure) for f in figures_of(nlp, duty)] == [(60, Measure.DURATION)]
    assert figures_of(nlp, "Within two years, the flow of migrants to Kazan fell sharply.") == []


def test_figures_a_number_of_dozens_is_one_number(nlp):
    text = "The video received more than two dozen comments from migrants in Kazan."
    assert [(f.value, f.qualifier) for f in figures_of(nlp, text)] == [(24, Qualifier.MORE_THAN)]


def test_figures_the_first_definite_count_of_a_nationality_is_a_count(nlp):
    text = "The government announced the discharge of several of the 91 Indians tricked into fighting for Russia."
    assert [(f.value, f.counted.split()[0]) for f in figures_of(nlp, text)] == [(91, "Indians")]
    again = "Police detained two Indians in Kazan. The two Indians were deported a week later."
    assert [f.value for f in figures_of(nlp, again)] == [2]  # the second "two" refers back


def test_figures_the_numbers_of_a_with_phrase_have_their_own_predicates(nlp):
    text = ("The governor said 1,000 Kyrgyz had been recruited, with 89 currently on the front line, 39 hospitalised "
            "and 28 missing in action.")
    measures = {f.value: f.measure for f in figures_of(nlp, text)}
    assert (measures[89], measures[39], measures[28]) == (Measure.DEPLOYED, Measure.CASUALTIES, Measure.MISSING)


def test_figures_what_the_predicate_noun_says_they_are_and_lives_lost(nlp):
    text = "Eleven Kyrgyz are reported to be prisoners of war in Ukraine."
    assert [f.measure for f in figures_of(nlp, text)] == [Measure.DETAINED]
    text = "The Interior Ministry confirmed the tragic loss of seven lives in Kazan."
    assert [f.measure for f in figures_of(nlp, text)] == [Measure.KILLED]


def test_figures_a_range_the_tokenizer_keeps_in_one_token_is_a_range(nlp):
    text = ("Local media reported 150–220 people detained in Kazan. Employers can face fines of $1,500–$9,000 for "
            "each worker.")
    ranges = {(f.value, f.upper, f.qualifier) for f in figures_of(nlp, text)}
    assert (150, 220, Qualifier.RANGE) in ranges
    assert (1500, 9000, Qualifier.RANGE) in ranges


def test_figures_a_count_reported_against_the_sentences_tally_counts_what_the_tally_counts(nlp):
    text = "Reports differ on the number of detainees in Kazan, with local media reporting 150 people."
    (figure,) = figures_of(nlp, text)
    assert (figure.value, figure.measure) == (150, Measure.DETAINED)


def test_figures_what_some_of_the_people_held_have_is_their_predicate(nlp):
    # "the people detained" is a reduced relative: what the 14 had is the finite verb after it
    text = ("The Interior Ministry said that 14 of the people detained had valid residence permits, while the "
            "remaining 36 did not have the right to stay.")
    predicates = {f.value: f.predicate for f in figures_of(nlp, text)}
    assert "permits" in predicates[14] and predicates[14].startswith("detained had")
    assert predicates[36] == "not have the right to stay"
    assert figures_of(nlp, "Tajikistan has 200 soldiers in Kazan.")[0].predicate == ""  # a bare "has" says nothing


def test_figures_how_long_people_were_held_is_a_duration(nlp):
    figures = figures_of(nlp, "The migrants were detained for a total of three days in Kazan.")
    assert [(f.value, f.measure) for f in figures] == [(3, Measure.DURATION)]
    assert figures_of(nlp, "For two years he worked on building sites in Kazan.") == []


def test_figures_a_term_ranging_from_a_number_of_years_is_a_duration(nlp):
    text = "The recruiters could face sentences ranging from 12 years in prison to life imprisonment."
    assert [(f.value, f.measure) for f in figures_of(nlp, text)] == [(12, Measure.DURATION)]


def test_figures_a_count_the_recognizer_swept_into_a_date_is_a_count(nlp):
    text = "The Interior Ministry said last week three of its citizens had died on the front line."
    assert [(f.value, f.measure) for f in figures_of(nlp, text)] == [(3, Measure.KILLED)]


def test_figures_the_first_definite_count_may_have_adjectives_before_its_noun(nlp):
    text = "Reports indicated that the four Kyrgyz nationals were detained in Kazan for visa violations."
    assert [(f.value, f.measure) for f in figures_of(nlp, text)] == [(4, Measure.DETAINED)]


def test_figures_our_two_countries_refers_back(nlp):
    assert figures_of(nlp, "We will deepen the cooperation of our two countries in trade and energy.") == []


def test_figures_what_money_is_worth_names_what_it_is(nlp):
    text = "The Interior Ministry announced military aid to Ukraine worth US$350 million on Monday."
    (figure,) = figures_of(nlp, text)
    assert figure.measure is Measure.MONEY and figure.value_text == "US$350 million"
    assert figure.predicate == "military aid to Ukraine"


def test_figures_the_active_subject_of_recruiting_is_not_a_count_of_recruits(nlp):
    text = ("Oksana Petrenko and two others, both from Kazan, had recruited 17 people. Some 900 Kyrgyz have joined "
            "the ranks of the army. Three soldiers killed two civilians.")
    measures = {f.value: f.measure for f in figures_of(nlp, text)}
    assert 2 not in measures or measures[2] is not Measure.RECRUITED
    assert measures[17] is Measure.RECRUITED
    assert measures[900] is Measure.RECRUITED  # joining is done by who is counted
    assert measures[3] is Measure.OTHER


def test_figures_a_place_in_the_claimants_name_and_a_contrasting_clause_are_not_the_figures_place(nlp):
    entities = {"Embassy in Kazan": EntityKind.ORGANIZATION, "Kazan": EntityKind.CITY,
                "Tajikistan": EntityKind.COUNTRY, "Interior Ministry": EntityKind.ORGANIZATION}
    text = ("The Tajik Embassy in Kazan reports that 120 people were detained, while the Interior Ministry told "
            "reporters that there were 150 detainees.")
    ctx = context_with_entities(nlp, text, entities)
    ministry = ctx.entities.entities["organization/interior-ministry"]
    ministry.country, ministry.org_kind = "country/tajikistan", OrgKind.GOVERNMENT_AGENCY
    (detained,) = [f for f in read_figures(ctx) if f.value == 120]
    assert detained.claimant == "organization/embassy-in-kazan"
    assert detained.place is None


def test_figures_a_city_that_announces_speaks_for_its_government(nlp):
    text = "The news broke when Kazan announced it had arrested 17 people for running a recruitment ring."
    (figure,) = figures_of(nlp, text)
    assert figure.claimant == "city/kazan"


def test_figures_a_restated_figure_keeps_the_origin_its_first_statement_gave(nlp):
    text = ("Police detained 200 citizens of Kyrgyzstan in Kazan on Monday. Reports on the exact number differ. "
            "The Interior Ministry told reporters that there were 200 detainees.")
    (figure,) = [f for f in figures_of(nlp, text) if f.value == 200]
    assert figure.origin == "country/kyrgyzstan"
    assert len(figure.evidence) == 2


def test_figures_a_sentence_that_says_the_figures_conflict_sets_its_figure_against_the_others(nlp):
    text = ("Police detained 200 citizens of Kyrgyzstan in Kazan, the Interior Ministry said. There are conflicting "
            "reports on the number of detainees, with local media reporting 300 people.")
    figures = figures_of(nlp, text)
    values = {f.key: f.value for f in figures}
    assert {(values[a], values[b]) for a, b in find_conflicts(figures)} in ({(200, 300)}, {(300, 200)})
    calm = ("Police detained 200 citizens of Kyrgyzstan in Kazan, the Interior Ministry said. In another raid, local "
            "media reported 300 people detained.")
    assert find_conflicts(figures_of(nlp, calm)) == []


def test_figures_what_the_people_are_reported_to_be_is_their_predicate(nlp):
    text = "The Interior Ministry said that about 100 citizens of Kyrgyzstan are reported to be missing."
    (figure,) = figures_of(nlp, text)
    assert (figure.measure, figure.predicate) == (Measure.MISSING, "reported to be missing")


def test_figures_the_number_of_a_tier_or_phase_is_a_label(nlp):
    assert figures_of(nlp, "The report again placed Tajikistan on the lowest, Tier 3 level of countries.") == []


def test_figures_the_first_value_of_a_change_counts_what_the_second_counts(nlp):
    figures = figures_of(nlp, "Arrests of migrants in Kazan rose from 300 to 500 people last year. The number of "
                              "Uzbeks living in Tver fell from 120 thousand to 50 thousand people.")
    assert [(f.value, f.counted) for f in figures] == [(300, "people"), (500, "people"), (120000, "people"),
                                                        (50000, "people")]


def test_figures_an_adjective_for_people_after_a_number_is_what_it_counts(nlp):
    (figure,) = figures_of(nlp, "The attack at the concert hall, which left more than 140 dead in March, shocked Kazan.")
    assert (figure.value, figure.counted, figure.measure) == (140, "dead", Measure.KILLED)
    assert [f.counted for f in figures_of(nlp, "Police found 12 missing passports.")] == ["missing passports"]


@pytest.mark.model
def test_figures_a_day_of_a_month_in_a_list_of_links_is_no_count(nlp):
    text = ("Police detained 1,250 migrants in the sweep.\nRelated news\nTajikistan 21 March 10:05\n"
            "A labour plan adopted\nBusiness news 12 June 17:13\nSport 9 May 08:15")
    assert [f.value for f in figures_of(nlp, text)] == [1250]


@pytest.mark.model
def test_figures_a_clause_on_a_noun_of_the_predicate_is_not_part_of_it(nlp):
    text = ("Prosecutors opened 15 cases last week, and on Monday another three against residents of Kazan born "
            "in 2001 and 2003. Police sent 40 migrants to a camp run by the army near Kazan.")
    predicates = {f.value: f.predicate for f in figures_of(nlp, text)}
    assert "residents of Kazan" in predicates[3] and "2001" not in predicates[3]
    assert predicates[40].startswith("sent to a camp") and "army" not in predicates[40]


@pytest.mark.model
def test_figures_amounts_say_what_payment_they_are_and_rates_are_no_claims(nlp):
    text = ("Recruiters offered compensation—US$4,000–US$7,000 per month. She offered him an annual income of "
            "US$40,000 and a monthly salary of 170,000–300,000 rubles.\n1 USD = 8271.27\n1 RUB = 121.79")
    figures = {f.value: f for f in figures_of(nlp, text)}
    assert (figures[4000].upper, figures[4000].measure) == (7000, Measure.MONEY)
    assert figures[40000].predicate == "annual income"
    assert figures[170000].predicate == "monthly salary"
    assert 8271.27 not in figures and 121.79 not in figures


@pytest.mark.model
def test_figures_a_prison_term_keeps_where_it_is_served_and_the_penalty_it_is(nlp):
    (term,) = figures_of(nlp, "The consulate warned citizens against joining foreign wars, imposing penalties of "
                              "up to 10 years in prison.")
    assert (term.value, term.counted, term.predicate) == (10, "years in prison", "penalties")


@pytest.mark.model
def test_figures_people_a_tally_reaches_are_the_tallys_people(nlp):
    (figure,) = figures_of(nlp, "Rights groups say the number of migrants deported from Kazan has reached 4,000 "
                                "people.")
    assert figure.value == 4000 and figure.counted.startswith("migrants")


@pytest.mark.model
def test_figures_lengths_and_weights_are_figures_unless_vague(nlp):
    figures = figures_of(nlp, "Kyrgyzstan shares more than 1,200 km of border with Tajikistan and exported 40,000 "
                              "tons of wheat. Migrants travel thousands of miles to Kazan.")
    assert {(f.value, f.counted.split()[0]) for f in figures} == {(1200, "km"), (40000, "tons")}


@pytest.mark.model
def test_figures_the_country_of_a_body_that_tells_a_figure_is_not_its_place(read_context):
    (figure,) = read_figures(read_context("Kyrgyz authorities have confirmed the deaths of at least 10 Kyrgyz "
                                          "nationals in the war."))
    assert figure.place is None and figure.claimant is not None


@pytest.mark.model
def test_figures_the_figure_told_again_counts_what_the_last_count_did(nlp):
    text = "Officials counted about 350,000 Kyrgyz migrants in Kazan. The actual figure may exceed one million."
    figures = {f.value: f for f in figures_of(nlp, text)}
    assert figures[1_000_000].counted == figures[350_000].counted


@pytest.mark.model
def test_figures_a_part_of_a_count_after_including_is_of_the_same_people(nlp):
    figures = {f.value: f for f in figures_of(nlp, "He knew more than twenty men who had gone to Kazan, including "
                                                   "four who died.")}
    assert figures[4].counted == figures[20].counted and figures[4].predicate == "died"
    assert figures[4].measure is Measure.KILLED


@pytest.mark.model
def test_figures_a_possessor_qualifies_a_described_claimant(nlp):
    # "the prosecutor's office" is no other state office named before it (the old rule took the last one)
    text = "The Investigative Committee opened a case. The prosecutor's office said 40 migrants had been charged."
    ctx = context_with_entities(nlp, text, {"Investigative Committee": EntityKind.ORGANIZATION})
    ctx.entities.entities["organization/investigative-committee"].org_kind = OrgKind.GOVERNMENT_AGENCY
    (figure,) = read_figures(ctx)
    assert figure.claimant is None
    ctx = context_with_entities(nlp, text.replace("prosecutor's office", "office"),
                                {"Investigative Committee": EntityKind.ORGANIZATION})
    ctx.entities.entities["organization/investigative-committee"].org_kind = OrgKind.GOVERNMENT_AGENCY
    (figure,) = read_figures(ctx)
    assert figure.claimant == "organization/investigative-committee"


@pytest.mark.parametrize(
    ("words", "value", "taken"),
    [
        ("four hundred and thirty - two men", 432, 6),  # the tokenizer splits "thirty-two" at the hyphen
        ("two thousand five hundred men", 2500, 4),
        ("twenty five men", 25, 2),
        ("3.5 million rubles", 3_500_000, 2),
        ("a million people", 1_000_000, 2),
        ("two dozen men", 24, 2),
        ("2,000 five - year - olds", 2000, 1),  # digits take no number word after them
        ("five hundred and the rest", 500, 2),  # "and" joins only a smaller number word
    ],
)
def test_figures_number_words_compose_as_spoken(words, value, taken):
    import spacy

    doc = spacy.blank("en")(words)
    assert _plain_number(doc, 0, len(doc)) == (taken, value)


@pytest.mark.model
@pytest.mark.parametrize("text", ["The raid lasted three days.", "The raid took place over the course of three days."])
def test_figures_how_long_an_operation_went_on_is_a_duration(nlp, text):
    (figure,) = figures_of(nlp, text)
    assert (figure.value, figure.measure, figure.counted) == (3, Measure.DURATION, "days")
    assert figures_of(nlp, "The raid took place three days ago.") == []


@pytest.mark.model
def test_figures_a_count_in_parentheses_after_a_place_is_of_that_place(read_context):
    text = "Romania was the top destination, with 2,298 Nepalis moving there, followed by Croatia (1,138) and Poland (50)."
    places = {f.value: f.place for f in read_figures(read_context(text))}
    assert places == {2298: "country/romania", 1138: "country/croatia", 50: "country/poland"}


@pytest.mark.model
def test_figures_there_is_the_place_named_before_it(read_context):
    text = "Malta emerged as the top destination, with 2,400 Nepalis traveling there."
    assert [f.place for f in read_figures(read_context(text))] == ["country/malta"]
    # a sentence that names no place of its own looks back to the one before
    text = "Fewer Nepalis travelled to Qatar this year. Only 1,300 workers were heading there in July."
    assert [f.place for f in read_figures(read_context(text)) if f.value == 1300] == ["country/qatar"]
    # "there" in a sentence that names another place is not the one before's
    text = "Fewer Nepalis travelled to Qatar this year. In Oman, 1,300 workers were heading there in July."
    assert "country/qatar" not in [f.place for f in read_figures(read_context(text))]


@pytest.mark.model
def test_figures_a_phrasal_verbs_adverb_is_part_of_the_predicate(read_context):
    text = "The government repatriated 100 citizens and continues talks to bring back around 50 more."
    predicates = {f.value: f.predicate for f in read_figures(read_context(text))}
    assert predicates.get(50) == "bring back", predicates


@pytest.mark.model
def test_figures_the_day_of_a_month_written_in_lower_case_is_no_count(read_context):
    text = "Recall that a similar bill on may 19 adopted in first reading 14 amendments."
    assert [f.value for f in read_figures(read_context(text))] == [14]


@pytest.mark.model
def test_figures_the_delay_before_a_law_takes_effect_and_the_service_a_right_is_earned_by(read_context):
    text = ("The law will come into force in 90 days. Recruits were promised citizenship after nine months of "
            "service. The census takes place in 90 days.")
    durations = {(f.value, f.counted) for f in read_figures(read_context(text)) if f.measure is Measure.DURATION}
    assert durations == {(90, "days"), (9, "months of service")}, durations


@pytest.mark.model
def test_figures_a_percentage_share_counts_the_share_not_its_holder(nlp):
    text = "Kazakhstan holds a 12 percent share of the regional cotton trade."
    share = next(f for f in figures_of(nlp, text) if f.measure is Measure.PERCENTAGE)
    assert (share.value, share.counted) == (12, "share of the regional cotton trade")


@pytest.mark.model
def test_figures_a_transitive_change_by_a_percentage_counts_its_object(nlp):
    text = "The new rules helped to cut migrant remittances by nearly 30 percent."
    share = next(f for f in figures_of(nlp, text) if f.measure is Measure.PERCENTAGE)
    assert (share.value, share.counted) == (30, "migrant remittances")
    intransitive = "Migrant remittances fell by 30 percent."
    assert [f.counted for f in figures_of(nlp, intransitive)] == ["Migrant remittances"]


@pytest.mark.model
def test_figures_a_count_of_discourse_nouns_is_no_figure(nlp):
    text = "The lawyer described three patterns by which police pressure migrants, and two reasons they comply."
    assert figures_of(nlp, text) == []
    assert [f.value for f in figures_of(nlp, "Police detained three migrants.")] == [3]


@pytest.mark.parametrize(
    ("words", "value", "taken"),
    [
        ("2, 000 men", 2000, 3),  # a thousands separator a page spaced out
        ("3, 000, 000 rubles", 3_000_000, 5),
        ("2, 300 men", 2, 1),  # a group without a leading zero may be a list: "2, 300"
        ("2 , 000 men", 2, 1),  # a comma set apart from its number is a list's
    ],
)
def test_figures_a_spaced_out_thousands_separator_joins_its_groups(words, value, taken):
    import spacy

    doc = spacy.blank("en")(words)
    assert _plain_number(doc, 0, len(doc)) == (taken, value)


@pytest.mark.model
def test_figures_what_is_counted_stops_before_a_clause_about_the_place(nlp):
    text = ("The recruiters came from a village of about 800 people near the border where one in four is "
            "unemployed.")
    figures = read_figures(context_with_entities(nlp, text, {}))
    counted = [f.counted for f in figures if f.value == 800]
    assert counted and all("where" not in c and "four" not in c for c in counted), counted


@pytest.mark.model
def test_figures_a_few_informants_telling_are_no_figure(nlp):
    text = ("Hundreds of Afghan recruits are on their way to the front, two people familiar with the matter "
            "said. Three officials told reporters that police detained 40 migrants.")
    assert sorted(f.value for f in figures_of(nlp, text)) == [40, 200]  # "hundreds": at least 200
    # many people who tell something are what a survey counts
    survey = "More than 300 migrants said they had been threatened."
    assert [f.value for f in figures_of(nlp, survey)] == [300]


@pytest.mark.model
def test_figures_thousands_set_off_by_periods_and_what_an_amount_pays_for(nlp):
    figures = figures_of(nlp, "Recruiters offer $3.150 for joining the army and monthly wages of up to "
                              "$2.800. "
                              "Over 12.000 men have signed. The deal is worth $1.250 billion.")
    assert (3150.0, "for joining the army") in {(f.value, f.predicate) for f in figures}
    assert {f.value for f in figures} >= {2800.0, 12000.0, 1.25e9}


@pytest.mark.model
def test_figures_the_first_count_of_people_with_modifiers_after_a_definite_article(nlp):
    figures = figures_of(nlp, "Among the 14 confirmed dead Nepalese citizens, the ministry said it had 12 "
                              "bodies.")
    assert [(f.value, f.counted) for f in figures] == [
        (14.0, "confirmed dead Nepalese citizens"), (12.0, "bodies")]


@pytest.mark.model
def test_figures_an_abbreviated_currency_before_an_amount_and_a_deposit(nlp):
    figures = figures_of(nlp, "A recruiter is earning Rs. 3 million per soldier sent to the Russia-Ukraine "
                              "war. "
                              "Some had paid deposits of $500 to $1,000.")
    assert [(f.value, f.counted, f.predicate) for f in figures] == [
        (3e6, "rupees per soldier", "earning"), (500.0, "dollars", "deposits")]


@pytest.mark.model
def test_figures_the_number_told_again_in_the_next_sentence_disputes_the_count_before(nlp):
    text = ("The registered number of Tajik labour migrants in Russia dropped from 400,000 to about 250,000 "
            "this year. Unofficial counts suggest the actual figure may exceed 600,000.")
    figures = figures_of(nlp, text)
    assert [(f.value, f.qualifier) for f in figures] == [
        (400000.0, Qualifier.EXACT), (250000.0, Qualifier.APPROXIMATELY), (600000.0, Qualifier.MORE_THAN)]
    first, second, third = figures
    assert first.superseded and not second.superseded  # the value a change started from is no standing claim
    assert third.measure is second.measure and third.retells == second.key
    assert find_conflicts(figures) == [tuple(sorted((second.key, third.key)))]
    # "the number" three sentences after a count of other people retells nothing
    text = ("Officials said 16 Kyrgyz workers were killed. Families want the others back. Many are still in "
            "Kazan. "
            "The number according to the families is 300.")
    assert [f.retells for f in figures_of(nlp, text)] == [None, None]


@pytest.mark.model
def test_figures_a_people_count_that_retells_the_number_takes_its_quantity(nlp):
    text = ("About 5,000 Tajiks have signed contracts, officials said. However, activists say the number "
            "could be ten times higher – up to 50,000 people.")
    official, estimate = figures_of(nlp, text)
    assert (estimate.value, estimate.measure, estimate.retells) == (50000.0, official.measure, official.key)
    assert official.measure is Measure.RECRUITED


def test_figures_as_many_as_from_another_source_is_an_estimate_of_that_number():
    official = _figure("figure/x/1", 5_000, qualifier=Qualifier.APPROXIMATELY)
    estimate = _figure("figure/x/2", 50_000, qualifier=Qualifier.UP_TO, claimant="person/b")
    assert find_conflicts([official, estimate]) == [("figure/x/1", "figure/x/2")]
    same_source = _figure("figure/x/3", 50_000, qualifier=Qualifier.UP_TO, sentence_start=100)
    assert find_conflicts([official, same_source]) == []  # one source's ceiling allows its own estimate


def test_figures_demonyms_in_an_s_are_people_like_other_demonyms():
    demonyms = ("Sri Lankans", "Kenyans fighting", "Iraqis")
    assert {counted_class(counted) for counted in demonyms} == {"people"}
    assert counted_class("criminal cases") == "case"


@pytest.mark.model
def test_figures_the_object_the_parse_made_an_infinitives_subject_is_the_verbs(nlp):
    (figure,) = figures_of(nlp, "Russia has recruited as many as 15,000 Tajiks to fight its war.")
    assert (figure.measure, figure.predicate) == (Measure.RECRUITED, "recruited")
