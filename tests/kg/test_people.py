import pytest

from kg.extract.people import find_title, read_positions, role_for
from kg.model import Entity, EntityKind, OrgKind, PersonRole

pytestmark = pytest.mark.model


def _positions(ctx):
    positions = read_positions(ctx)
    names = {key: e.name for key, e in ctx.entities.entities.items()}
    return {(names[p.person], p.title, names.get(p.organization)) for p in positions}


def test_people_title_words_longest_first():
    assert find_title("a nonresident senior fellow with") == "nonresident senior fellow"
    assert find_title("the deputy chairman of the committee") == "deputy chairman"
    assert find_title("a close friend of the family") is None


def test_people_role_depends_on_the_organization_kind():
    ngo = Entity("organization/x", EntityKind.ORGANIZATION, "X", org_kind=OrgKind.NGO)
    ministry = Entity("organization/y", EntityKind.ORGANIZATION, "Y", org_kind=OrgKind.GOVERNMENT_AGENCY)
    assert role_for("director", ngo) == PersonRole.EXPERT
    assert role_for("head", ministry) == PersonRole.OFFICIAL
    assert role_for("analyst", None) == PersonRole.EXPERT
    assert role_for("journalist", None) == PersonRole.JOURNALIST


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Pavel Grigoryev, head of the Federal Customs Service, said the rules would change.", id="appositive"),
        pytest.param("Federal Customs Service head Pavel Grigoryev said the rules would change.", id="title-before"),
    ],
)
def test_people_title_before_or_after_the_name_gives_one_post(read_context, text):
    ctx = read_context(text)
    assert ("Pavel Grigoryev", "head", "Federal Customs Service") in _positions(ctx)
    person = next(e for e in ctx.entities.entities.values() if e.name == "Pavel Grigoryev")
    assert person.role == PersonRole.OFFICIAL


def test_people_analyst_at_a_think_tank_is_an_expert(read_context):
    ctx = read_context("“The pressure will grow,” said Maria Lindqvist, a senior analyst at the Wilson Center.")
    positions = _positions(ctx)
    assert any(name == "Maria Lindqvist" and org == "Wilson Center" for name, _, org in positions)
    person = next(e for e in ctx.entities.entities.values() if e.name == "Maria Lindqvist")
    assert person.role == PersonRole.EXPERT


def test_people_lawmaker_prefix_and_committee_relative_clause(read_context):
    ctx = read_context(
        "Lawmaker Igor Semyonov, who sits on the parliament's budget committee, backed the proposal."
    )
    positions = _positions(ctx)
    assert ("Igor Semyonov", "lawmaker", None) in positions
    assert any(t == "member" and org and "budget committee" in org for _, t, org in positions)


def test_people_lone_given_name_quoted_is_a_private_person(read_context):
    ctx = read_context(
        "“Nobody asked us anything,” says Farrukh, a construction worker from Osh. "
        "The names of the workers have been changed."
    )
    read_positions(ctx)
    person = next(e for e in ctx.entities.entities.values() if e.name == "Farrukh")
    assert person.role == PersonRole.PRIVATE
    assert person.pseudonymous


def test_people_title_before_and_organization_after_the_name(read_context):
    ctx = read_context("“The checks are arbitrary,” says lawyer Irina Sokolova from the advocacy group Open Door.")
    assert ("Irina Sokolova", "lawyer", "Open Door") in _positions(ctx)


def test_people_name_after_a_group_noun_is_an_organization_not_a_person(read_context):
    ctx = read_context(
        "“Calls come in daily,” says Marat Ismailov, the director of the migrant rights group Vatan Yoli."
    )
    kinds = {e.name: e.kind for e in ctx.entities.entities.values()}
    assert kinds.get("Vatan Yoli") == EntityKind.ORGANIZATION
    person = next(e for e in ctx.entities.entities.values() if e.name == "Marat Ismailov")
    read_positions(ctx)
    assert person.role == PersonRole.EXPERT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Timur Azimbaev, a colonel with Kyrgyzstan's Interior Ministry, said 12 men were detained.",
                     ("Timur Azimbaev", "colonel", "Ministry of the Interior of Kyrgyzstan"), id="colonel-with-foreign-body"),
        pytest.param("Senior military investigator Ruslan Gavrikov said the case had been opened.",
                     ("Ruslan Gavrikov", "senior military investigator", None), id="senior-military-investigator"),
        pytest.param("Prosecutor Elvira Nurlanova demanded a prison term for the recruiter.",
                     ("Elvira Nurlanova", "prosecutor", None), id="prosecutor"),
        pytest.param("Kirill Tarasenko, the deputy chairman of the Duma's security committee, backed the bill.",
                     ("Kirill Tarasenko", "deputy chairman", "State Duma"), id="deputy-chairman-of"),
        pytest.param("According to lawmaker Bishnu Prasad Adhikari, eleven men died in January.",
                     ("Bishnu Prasad Adhikari", "lawmaker", None), id="lawmaker-tagged-as-work-of-art"),
    ],
)
def test_people_titles_in_every_position_are_state_posts(read_context, text, expected):
    ctx = read_context(text)
    assert expected in _positions(ctx)
    person = next(e for e in ctx.entities.entities.values() if e.name == expected[0])
    assert person.role == PersonRole.OFFICIAL


def test_people_lawyer_from_a_legal_aid_group_is_an_expert_of_an_ngo(read_context):
    ctx = read_context("Lawyer Dmitry Sergeyev from the legal aid group Free Road said the raids were weekly.")
    assert ("Dmitry Sergeyev", "lawyer", "Free Road") in _positions(ctx)
    org = next(e for e in ctx.entities.entities.values() if e.name == "Free Road")
    person = next(e for e in ctx.entities.entities.values() if e.name == "Dmitry Sergeyev")
    assert org.org_kind == OrgKind.NGO and person.role == PersonRole.EXPERT


def test_people_migrant_who_withholds_his_surname_is_pseudonymous(read_context):
    ctx = read_context("Ahmed, 34, who asked that his surname not be used, said he had lived in Russia for years.")
    read_positions(ctx)
    person = next(e for e in ctx.entities.entities.values() if e.name == "Ahmed")
    assert person.role == PersonRole.PRIVATE and person.pseudonymous


def test_people_an_unknown_kind_of_body_leaves_the_role_to_the_title_and_a_militia_gives_none():
    unknown = Entity("organization/z", EntityKind.ORGANIZATION, "Z", org_kind=OrgKind.OTHER)
    militia = Entity("organization/w", EntityKind.ORGANIZATION, "W", org_kind=OrgKind.ARMED_GROUP)
    assert role_for("head", unknown) == PersonRole.OFFICIAL
    assert role_for("representative", militia) is None


def test_people_a_title_before_another_name_is_that_name_s(read_context):
    ctx = read_context("Ruslan Kuvatov, a longtime friend of Governor Pavel Dzyuba, denied the claims.")
    read_positions(ctx)
    people = {e.name: e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert ("Ruslan Kuvatov", "governor", None) not in _positions(ctx)
    assert people["Ruslan Kuvatov"].role is not PersonRole.OFFICIAL


def test_people_a_title_phrase_before_a_comma_and_the_name(read_context):
    ctx = read_context("In May, the former deputy mayor of the city, Artur Belyalov, said the lists were ready.")
    titles = {(person, title) for person, title, _ in _positions(ctx)}
    assert ("Artur Belyalov", "deputy mayor") in titles or ("Artur Belyalov", "former deputy mayor") in titles


def test_people_who_heads_a_described_group_is_its_expert(read_context):
    ctx = read_context("“They were promised jobs,” said Farid Osmonov, who heads the Bishkek-based watchdog.")
    assert ("Farid Osmonov", "head", "Bishkek-based watchdog") in _positions(ctx)
    person = next(e for e in ctx.entities.entities.values() if e.name == "Farid Osmonov")
    assert person.role is PersonRole.EXPERT


def test_people_a_later_mention_by_the_name_s_last_words_is_the_same_person(read_context):
    ctx = read_context("Abu Bakr Al-Tamimi leads the group. Later, Al-Tamimi said it had grown. Tamimi did not "
                       "say by how much.")
    people = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert [p.name for p in people] == ["Abu Bakr Al-Tamimi"]


@pytest.mark.model
def test_people_an_abbreviated_rank_before_a_name_is_the_post(read_context):
    ctx = read_context("They met officials, including Ghana's military attaché in Minsk, Col. Kofi Mensah Boateng.")
    assert [p.title for p in read_positions(ctx)] == ["colonel"]
    assert find_title("Col. Ivanov") == "colonel" and find_title("Sgt. Ivanov") is None


@pytest.mark.model
def test_people_a_title_ner_took_for_a_name_is_no_person(read_context):
    ctx = read_context("The decline was announced by the Tajik Minister on Monday.")
    assert not [e for e in ctx.entities.entities.values() if e.kind.value == "person"]


def test_people_a_qualified_title_has_the_role_of_its_noun_and_a_firms_head_is_no_expert():
    company = Entity("organization/z", EntityKind.ORGANIZATION, "Z", org_kind=OrgKind.COMPANY)
    assert role_for("chief editor", None) == PersonRole.JOURNALIST
    assert role_for("senior analyst", None) == PersonRole.EXPERT
    assert role_for("head", company) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # NER took the surname alone for an organization, after a title and a given name
        ("Former Kyrgyz lawmaker Dastan Bekeshev criticised the recruitment on Facebook.", "Dastan Bekeshev"),
        # NER took the title word into an organization's name
        ("Lawyer Dmitry Zakhvatov, who represents the families, said the contracts were illegal.",
         "Dmitry Zakhvatov"),
        # a title after the name, behind adjectives and a demonym
        ("Platon Mamatov, a former Russian police officer, now runs a YouTube channel.", "Platon Mamatov"),
    ],
)
def test_people_a_titled_name_ner_took_for_an_organization_is_a_person(read_context, text, name):
    ctx = read_context(text)
    kinds = {e.name: e.kind for e in ctx.entities.entities.values()}
    assert kinds.get(name) is EntityKind.PERSON
    assert not [n for n, kind in kinds.items() if kind is EntityKind.ORGANIZATION and name.split()[-1] in n]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Ramesh Thapa, the head of the family, said his son had been tricked.", "Ramesh Thapa", None),
        ("Police arrested Ivan Sokolov, a member of the criminal group that sent men to Russia.", "Ivan Sokolov", None),
        ("Sunil Kumar, director of a travel agency in Delhi, was charged.", "Sunil Kumar", None),
        # written as a post's name, a generic title is a state post
        ("Foreign Secretary Vikram Mehta briefed reporters in Delhi.", "Vikram Mehta", PersonRole.OFFICIAL),
    ],
)
def test_people_a_generic_title_is_a_state_post_only_in_a_state_body(read_context, text, name, role):
    ctx = read_context(text)
    read_positions(ctx)
    people = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert people[name] in ((role,) if role else (None, PersonRole.PRIVATE))


def test_people_a_body_that_ends_a_title_is_not_part_of_the_name_after_it(read_context):
    ctx = read_context("Deputy Inspector General of Police Ajith Rohana told reporters the suspects were held.")
    read_positions(ctx)
    people = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert people == {"Ajith Rohana": PersonRole.OFFICIAL}
    assert [p.title for p in read_positions(ctx)] == ["deputy inspector general"]


def test_people_a_parliaments_majority_leader_is_an_official(read_context):
    ctx = read_context("Parliament Majority Leader Kimani Wanjiru presented the report on Wednesday.")
    read_positions(ctx)
    people = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert people == {"Kimani Wanjiru": PersonRole.OFFICIAL}


def test_people_initials_in_parentheses_inside_a_name_and_an_fm_before_it(read_context):
    ctx = read_context("Foreign Minister Narayan Prakash (NP) Saud said on Friday that 100 Nepalis were missing. "
                       "FM Saud said the ministry had summoned the ambassador.")
    read_positions(ctx)
    people = {e.name for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    orgs = {e.name for e in ctx.entities.entities.values() if e.kind is EntityKind.ORGANIZATION}
    assert people == {"Narayan Prakash Saud"} and "NP" not in orgs
    assert find_title("FM Saud") == "foreign minister"


def test_people_a_body_named_in_quote_marks_stays_in_the_title_phrase(read_context):
    ctx = read_context('Pavel Orlov, the director of the "Vesna" Research Centre, has explained that it is rare.')
    read_positions(ctx)
    (person,) = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert person.role is PersonRole.EXPERT


def test_people_he_is_the_post_gives_the_antecedent_that_post(read_context):
    ctx = read_context("Ivan Sokolov spoke to the crowd on Monday. Then a senior officer, he is now the country's "
                       "army chief.")
    read_positions(ctx)
    (person,) = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert person.role is PersonRole.OFFICIAL
    quoted = read_context("Anna Petrova spoke on Monday. She is a teacher in Kazan.")
    read_positions(quoted)
    assert all(e.role is not PersonRole.OFFICIAL for e in quoted.entities.entities.values())


def test_people_a_generic_title_after_a_body_noun_is_a_post(read_context):
    ctx = read_context("District police chief Ram Thapa said ten people were held.")
    read_positions(ctx)
    (person,) = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert person.role is PersonRole.OFFICIAL


def test_people_a_retired_rank_or_a_sergeant_is_no_official_and_an_officers_two_word_rank_stays_whole(read_context):
    ctx = read_context("Twelve men, including retired Major Sunil Perera, left for Russia in March. "
                       "Sergeant Kamal Dias went with them. Lieutenant Colonel Olena Marchuk said they were captured.")
    read_positions(ctx)
    people = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert people["Olena Marchuk"] is PersonRole.OFFICIAL
    assert people["Sunil Perera"] is not PersonRole.OFFICIAL and people["Kamal Dias"] is not PersonRole.OFFICIAL
    assert find_title("Lieutenant Colonel Olena Marchuk") == "lieutenant colonel"
    assert role_for("former colonel", None) is None and role_for("former president", None) is PersonRole.OFFICIAL


def test_people_a_title_in_what_someone_is_called_is_no_post(read_context):
    ctx = read_context("My son was sent abroad by a man called Colonel Ruwan Silva from Kandy, she said.")
    read_positions(ctx)
    (person,) = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert person.role is not PersonRole.OFFICIAL


def test_people_a_minister_is_an_official_whatever_kind_the_ministry_was_guessed():
    guessed = Entity("organization/union-labour-affairs", EntityKind.ORGANIZATION, "Union Labour Affairs",
                     org_kind=OrgKind.NGO)
    assert role_for("minister", guessed) is PersonRole.OFFICIAL
    assert role_for("director", guessed) is PersonRole.EXPERT


def test_people_an_official_of_a_group_described_in_apposition_is_its_expert(read_context):
    ctx = read_context("The monitoring group, Open Lists, OLG, has released a report. Reports quote Anna Petrova, an "
                       "official of OLG, as saying that families were told nothing.")
    read_positions(ctx)
    (person,) = [e for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON]
    assert person.role is PersonRole.EXPERT


def test_people_a_title_keeps_the_field_written_before_it(read_context):
    ctx = read_context("The judge received National Security Advisor Qasim Al-Araji on Wednesday.")
    (position,) = read_positions(ctx)
    assert position.title == "national security advisor"
    assert ctx.entities.entities[position.person].role is PersonRole.OFFICIAL


def test_people_a_title_whose_body_lists_fields_reaches_over_the_list(read_context):
    ctx = read_context("In the first half, 308,676 migrants left, Minister of Labor, Migration and Employment of the "
                       "Population Ms. Sumangul Taghoyzoda announced. Prime Minister Ali Rahmon and President Emomali "
                       "Nazarov met.")
    titles = {ctx.entities.entities[p.person].name: p.title for p in read_positions(ctx)}
    assert titles["Sumangul Taghoyzoda"] == "minister" and titles["Emomali Nazarov"] == "president"


def test_people_a_counterpart_of_an_official_holds_the_same_post(read_context):
    ctx = read_context("Kenyan Defence Minister Aden Duale visited Kyiv to meet his Ukrainian counterpart Oleksii "
                       "Marchenko. Marchenko thanked him.")
    titles = {ctx.entities.entities[p.person].name: p.title for p in read_positions(ctx)}
    assert [title for name, title in titles.items() if "Marchenko" in name] == ["defence minister"]
    plain = read_context("Aden Duale, a farmer, met his counterpart Oleksii Marchenko.")
    assert [p.title for p in read_positions(plain)] == []


def test_people_the_chairman_of_a_committee_with_a_long_name_holds_that_post(read_context):
    ctx = read_context("Deputy Chairman of the Duma Committee on Regional Policy and Local Self-Government Mikhail "
                       "Matveev announced a bill.")
    positions = read_positions(ctx)
    people = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert people == {"Mikhail Matveev": PersonRole.OFFICIAL}
    assert [p.title for p in positions] == ["deputy chairman"]


def test_people_an_advocate_and_a_legal_assistant_are_experts(read_context):
    ctx = read_context("Valentina Chupik, a civil rights advocate famous for her work, confirmed it. Danylo Zhydkov, "
                       "a legal assistant at Grain Law Firm, said so.")
    read_positions(ctx)
    roles = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert roles == {"Valentina Chupik": PersonRole.EXPERT, "Danylo Zhydkov": PersonRole.EXPERT}


def test_people_a_name_after_like_or_such_as_is_one_of_the_titled_people_before(read_context):
    ctx = read_context("Human rights activists like Bakhtiyor Nazarov say the numbers are higher. Lawyers such "
                       "as Dilnoza Rakhimova agree.")
    assert {("Bakhtiyor Nazarov", "human rights activist", None), ("Dilnoza Rakhimova", "lawyer", None)} <= \
        _positions(ctx)


def test_people_a_lawyer_of_any_kind_but_the_states_is_an_expert():
    assert role_for("defence lawyer", None) == PersonRole.EXPERT
    assert role_for("migration lawyer", None) == PersonRole.EXPERT
    assert role_for("state lawyer", None) != PersonRole.EXPERT


@pytest.mark.model
def test_people_the_head_of_a_group_an_appositive_calls_an_advocacy_group_is_no_official(read_context):
    from kg.extract.people import read_positions as positions_of
    text = ("“Money is the motive,” said Karim Haddad, the head of Voices for Truth and Dignity, an advocacy group "
            "that has researched the trade.")
    ctx = read_context(text)
    positions_of(ctx)
    roles = {e.name: e.role for e in ctx.entities.entities.values() if e.kind is EntityKind.PERSON}
    assert roles.get("Karim Haddad") is not PersonRole.OFFICIAL, roles


def test_people_a_title_after_a_preposition_is_another_persons_post():
    assert find_title("Advisor for Security Reform in the Prime Minister's Office") == "advisor"
    assert find_title("an adviser to Prime Minister Shehbaz Sharif") == "adviser"
    assert find_title("Head of the Prosecutor General Office") == "head"
    # with no title before the preposition, the one after it still counts
    assert find_title("in his role as foreign minister") == "foreign minister"


def test_people_an_adviser_in_the_prime_ministers_office_is_an_adviser_of_that_office(read_context):
    ctx = read_context("Karim Haddad, Adviser for Border Reform in the Prime Minister’s Office, told "
                       "reporters on Monday that 300 men had left for Russia.")
    assert ("Karim Haddad", "adviser", "Prime Minister’s Office") in _positions(ctx)


def test_people_a_post_named_with_its_own_of_phrase_keeps_it():
    assert find_title("The Chief of Defence Staff , General") == "chief of defence staff"
    assert find_title("the chief of staff of the army") == "chief of staff"
    assert find_title("adviser to the Prime Minister") == "adviser"  # another's post after a preposition


@pytest.mark.model
def test_people_the_investigator_in_charge_before_a_name_is_an_investigator(read_context):
    ctx = read_context("Two recruiters were arrested, said the investigator in charge, Tomas Herrera.")
    assert [title for name, title, _ in _positions(ctx) if name == "Tomas Herrera"] == ["investigator"]


@pytest.mark.model
def test_people_a_countrys_official_who_speaks_by_post_and_is_named_next_holds_the_post(read_context):
    text = ("In December, Nepal's foreign minister said the country wanted to review its deal with the UK."
            "\n\nPeter Novak said he wanted a new agreement that would address pensions.")
    assert [(name, title) for name, title, _ in _positions(read_context(text))] == [
        ("Peter Novak", "foreign minister")]
    # someone named with a post of their own, or named before, is someone else
    own_post = text.replace("Peter Novak said", "Peter Novak, a lawyer, said")
    posts = [(name, title) for name, title, _ in _positions(read_context(own_post))]
    assert posts == [("Peter Novak", "lawyer")]
    named_before = "Peter Novak spoke to reporters on Monday. " + text
    assert _positions(read_context(named_before)) == set()


def test_people_posts_of_elected_members_are_titles():
    assert find_title("Kandy district parliamentarian ,") == "parliamentarian"
    assert find_title("a Member of Parliament for the city") == "member of parliament"
    assert find_title("city councillor") == "councillor"
