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
