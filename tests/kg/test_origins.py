import pytest

from kg.extract.origins import read_origins
from kg.model import OriginRelation

pytestmark = pytest.mark.model


def _origins(ctx):
    return {(o.country, o.relation) for o in read_origins(ctx)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dozens of Sri Lankan recruits were sent to the front.", id="demonym-modifier"),
        pytest.param("Dozens of recruits from Sri Lanka were sent to the front.", id="from-country"),
        pytest.param("Dozens of citizens of Sri Lanka were sent to the front.", id="citizens-of"),
    ],
)
def test_origins_same_fact_written_three_ways(read_context, text):
    countries = {country for country, _ in _origins(read_context(text))}
    assert countries == {"country/sri-lanka"}


def test_origins_country_urging_russia_about_its_citizens(read_context):
    origins = _origins(read_context("Ghana has urged Russia not to recruit its citizens for the war."))
    assert ("country/ghana", OriginRelation.PROTESTED) in origins


def test_origins_belligerents_and_bystanders_are_not_origins(read_context):
    text = (
        "Russian soldiers crossed into Ukraine in 2022. The war echoes the conflict in Syria, "
        "where foreign fighters also gathered."
    )
    assert _origins(read_context(text)) == set()


def test_origins_prosecution_of_citizens_abroad(read_context):
    origins = _origins(
        read_context("Uzbekistan opened 40 criminal cases against citizens who fought for Russian units.")
    )
    assert ("country/uzbekistan", OriginRelation.PROSECUTED) in origins


def test_origins_counts_from_each_country_even_when_the_parse_chains_them(read_context):
    origins = _origins(read_context(
        "At least 93 citizens of Central Asian countries (19 from Kyrgyzstan, 34 from Uzbekistan, and 40 from "
        "Tajikistan) have died fighting in Ukraine."))
    assert {c for c, r in origins if r == OriginRelation.KILLED} == {
        "country/kyrgyzstan", "country/uzbekistan", "country/tajikistan"}


@pytest.mark.parametrize(
    ("text", "country", "relation"),
    [
        pytest.param("Twelve Nepalis were killed near the front line in March.", "country/nepal",
                     OriginRelation.KILLED, id="counted-demonym"),
        pytest.param("Hundreds of Uzbeks and Tajiks are fighting at the front.", "country/uzbekistan",
                     OriginRelation.FIGHTING, id="plural-demonym"),
        pytest.param("Police detained 40 Kyrgyz in a raid on a market and served them military summonses.",
                     "country/kyrgyzstan",
                     OriginRelation.TARGETED, id="targeted-demonym"),
        pytest.param("Kenya nationals have been recruited into the army.", "country/kenya",
                     OriginRelation.RECRUITED, id="country-nationals"),
    ],
)
def test_origins_demonyms_and_nationals(read_context, text, country, relation):
    assert (country, relation) in _origins(read_context(text))


def test_origins_relation_comes_from_each_clause(read_context):
    origins = _origins(read_context(
        "Kyrgyzstan has urged Russia not to recruit its citizens, the minister said, after 14 Kyrgyz nationals "
        "were killed at the front this year."))
    assert {("country/kyrgyzstan", OriginRelation.PROTESTED), ("country/kyrgyzstan", OriginRelation.KILLED)} <= origins


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Some 9,000 volunteers have been drawn from countries including Ghana, Peru and Vietnam "
                     "to fight for Russia.", {"country/ghana", "country/peru", "country/vietnam"},
                     id="from-countries-including"),
        pytest.param("Nigeria, Senegal and Mali were the main countries of origin of the recruits.",
                     {"country/nigeria", "country/senegal", "country/mali"}, id="countries-of-origin"),
        pytest.param("The unit lists about 700 foreign fighters. Among the top nationalities are Ghanaians "
                     "and Peruvians.", {"country/ghana", "country/peru"}, id="nationalities"),
        pytest.param("Dozens of fighters from Abkhazia have died fighting for Russia.", {"country/georgia"},
                     id="a-place-of-a-country"),
    ],
)
def test_origins_lists_and_places_name_their_countries(read_context, text, expected):
    assert {country for country, _ in _origins(read_context(text))} == expected


def test_origins_a_word_of_a_country_s_name_is_no_demonym(read_context):
    text = "The United States and France condemned the killing of soldiers."
    assert _origins(read_context(text)) == set()


def test_origins_from_countries_on_a_vague_number_noun(read_context):
    text = "Hundreds of Central Asian men, mostly from Kyrgyzstan and Tajikistan, have enlisted in the Russian army."
    countries = {country for country, _ in _origins(read_context(text))}
    assert countries == {"country/kyrgyzstan", "country/tajikistan"}
    # a place's hundreds are no people: "hundreds of tonnes from Kazakhstan"
    assert not _origins(read_context("Hundreds of tonnes of grain from Kazakhstan were sent to the army."))


def test_origins_a_demonym_on_a_noun_in_apposition_with_a_named_person(read_context):
    text = "Last week, a Ghanaian athlete, Kofi Mensah, was captured fighting for Russia near Kharkiv."
    assert {c for c, _ in _origins(read_context(text))} == {"country/ghana"}
    assert not _origins(read_context("A Ghanaian athlete, Kofi Mensah, won the Moscow marathon."))
    # a named person's prosecution at home says nothing of the war
    assert not _origins(read_context(
        "Russia refused asylum to the Ghanaian writer and blogger Kofi Mensah, who had fled criminal prosecution."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hundreds of men from Sierra Leone and Togo have been lured to Russia with promises of jobs.",
         {("country/sierra-leone", OriginRelation.RECRUITED), ("country/togo", OriginRelation.RECRUITED)}),
        # the people are the verb's object, and their countries are listed after "including"
        ("Ukraine has captured soldiers from 12 African countries, including Senegal and Mali, who fought for "
         "Russia.", {("country/senegal", OriginRelation.FIGHTING), ("country/mali", OriginRelation.FIGHTING)}),
        # NER takes "Citizens of Zambia" for an organization's name
        ("Citizens of Zambia and Zimbabwe were among the foreigners killed near Bakhmut.",
         {("country/zambia", OriginRelation.KILLED), ("country/zimbabwe", OriginRelation.KILLED)}),
        # what the clause on the man says, not what his family did
        ("The family of a Syrian man who died fighting for Russia demanded compensation.",
         {("country/syria", OriginRelation.KILLED)}),
    ],
)
def test_origins_read_from_the_people_noun_its_phrases_and_its_own_clause(read_context, text, expected):
    assert set(_origins(read_context(text))) == expected


def test_origins_foreigners_on_ukraines_side_are_no_origin_of_russias_recruits(read_context):
    only_ukraine = ("A Georgian citizen who fought for Ukraine was sentenced in absentia. Prosecutors said he had "
                    "recruited members from Georgia to take part in combat operations.")
    assert _origins(read_context(only_ukraine)) == set()
    both = ("A Georgian citizen who fought for Ukraine was sentenced in absentia. Dozens of Nepali recruits were "
            "sent to fight for Russia.")
    assert {country for country, _ in _origins(read_context(both))} == {"country/nepal"}
    located = "Dozens of Nepali recruits were sent to fight in Ukraine."  # where the war is, not a side
    assert {country for country, _ in _origins(read_context(located))} == {"country/nepal"}


def test_origins_a_cue_in_an_aside_phrase_is_not_the_clauses_relation(read_context):
    text = ("Apart from the forced recruitment of migrants, the report also mentions the exploitation of workers "
            "from Sri Lanka.")
    assert _origins(read_context(text)) == set()
    plain = "Apart from the raids, the report says dozens of workers from Sri Lanka were recruited."
    assert {country for country, _ in _origins(read_context(plain))} == {"country/sri-lanka"}


def test_origins_people_enticed_with_job_offers_are_recruited(read_context):
    text = "In December, 60 Ghanaians were enticed with promises of high-paying jobs and travelled to Moscow."
    assert set(_origins(read_context(text))) == {("country/ghana", OriginRelation.RECRUITED)}


def test_origins_nationalities_listed_after_a_sentence_with_a_from_phrase_take_its_relation(read_context):
    text = ("About 700 foreign fighters from Africa have joined the unit. Among the top nationalities are Ghanaians "
            "and Peruvians.")
    assert {c for c, _ in _origins(read_context(text))} == {"country/ghana", "country/peru"}


def test_origins_every_listed_demonym_on_a_people_noun_is_an_origin(read_context):
    text = "Tajik, Uzbek, and Kyrgyz prisoners have numbered amongst those recruited and killed."
    assert {c for c, _ in _origins(read_context(text))} == {"country/tajikistan", "country/uzbekistan",
                                                             "country/kyrgyzstan"}


def test_origins_a_state_that_sends_troops_to_help_russia_is_an_origin(read_context):
    assert set(_origins(read_context("North Korea has sent thousands of troops to help Russia on the battlefield."))) \
        == {("country/north-korea", OriginRelation.FIGHTING)}
    assert not _origins(read_context("Britain has sent troops to Estonia to deter Russia."))
    assert not _origins(read_context("Poland sent ammunition to Russia."))


def test_origins_countries_a_recruiting_clause_targets_are_origins(read_context):
    text = "This recruitment drive extends globally, targeting poor nations like Nepal and Ghana."
    assert {c for c, _ in _origins(read_context(text))} == {"country/nepal", "country/ghana"}
    assert not _origins(read_context("The company exports to nations like Nepal and Ghana."))


def test_origins_where_citizens_fought_before_is_no_origin(read_context):
    text = ("Kyrgyzstan warned that citizens who fight for Russia will be jailed. Past cases include citizens "
            "returning from combat in Syria who were prosecuted.")
    assert not any(country == "country/syria" for country, _ in _origins(read_context(text)))


def test_origins_a_resident_of_a_region_is_of_its_country_and_a_visitor_is_not(read_context):
    resident = _origins(read_context("A 27-year-old resident of the Naryn region who fought in Ukraine for the Wagner "
                                     "group was arrested."))
    assert {country for country, _ in resident} == {"country/kyrgyzstan"}
    visitor = _origins(read_context("A 27-year-old visitor of the Naryn region who fought in Ukraine for the Wagner "
                                    "group was arrested."))
    assert visitor == set()


def test_origins_where_recruitment_draws_from_is_an_origin(read_context):
    text = "Russia's foreign recruitment efforts also draw heavily from North Korea and Central Asia."
    assert {c for c, _ in _origins(read_context(text))} == {"country/north-korea"}
    # what draws from a country is recruitment only when its subject says so
    assert not _origins(read_context("Russia's gas exports also draw heavily from North Korea's ports."))


def test_origins_whom_a_migration_raid_targets_is_an_origin_only_in_an_article_about_the_war(read_context):
    raid = "Police held some 570 Chinese working in greenhouses in the Krasnodar Region and deported them."
    assert _origins(read_context(raid)) == set()
    war = raid + " Officers also handed them summonses to the military enlistment office."
    assert "country/china" in {c for c, _ in _origins(read_context(war))}


def test_origins_foreigners_fighting_russian_forces_are_on_ukraines_side(read_context):
    text = ("Colombian fighters treat soldiers wounded fighting Russian forces in eastern Ukraine. A veteran from "
            "Medellin was hit after three days of heavy fighting with Russian forces.")
    assert _origins(read_context(text)) == set()


@pytest.mark.model
def test_origins_a_private_person_described_as_from_a_country_in_a_sentence_of_recruiting(read_context):
    origins = _origins(read_context(
        "Moussa Keita, a 25-year-old from Mali, was studying in Kazan when recruiters approached him."))
    assert ("country/mali", OriginRelation.RECRUITED) in origins
    # an expert from a country who speaks about recruits is no recruit
    expert = _origins(read_context(
        "Moussa Keita, a researcher from Mali, said recruiters approached students in Kazan."))
    assert not any(country == "country/mali" for country, _ in expert)


@pytest.mark.model
def test_origins_men_fighting_on_the_side_of_ukraine_name_no_origin(read_context):
    text = ("Colombia asked Moscow about three of its nationals held on suspicion of acting as mercenaries. "
            "The men had been fighting on the side of Ukraine.")
    assert _origins(read_context(text)) == set()


def test_origins_candidates_from_as_far_away_as_countries_an_offer_attracted(read_context):
    text = ("The ministry pays bonuses to foreigners who sign army contracts, an offer that has drawn "
            "candidates from as far away as Peru and Ghana.")
    assert {c for c, _ in _origins(read_context(text))} == {"country/peru", "country/ghana"}


def test_origins_a_sentence_listing_who_the_sentence_before_spoke_of(read_context):
    text = ("Recruiters pressured migrant workers to join the army, the union said. This included citizens "
            "of Mongolia and Laos.")
    assert {c for c, _ in _origins(read_context(text))} == {"country/mongolia", "country/laos"}
    # a list after a sentence of no war or recruiting names no origin
    text = "The market was busy on Saturday, the union said. This included citizens of Mongolia and Laos."
    assert _origins(read_context(text)) == set()


def test_origins_foreign_fighters_of_another_war_name_no_origin(read_context):
    text = ("The civil war in Chad has drawn in fighters from abroad: hundreds of Peruvian former soldiers "
            "lured by high salaries were recruited as mercenaries.")
    assert _origins(read_context(text)) == set()
    assert {c for c, _ in _origins(read_context(text.replace("in Chad", "in Ukraine")))} == {"country/peru"}
