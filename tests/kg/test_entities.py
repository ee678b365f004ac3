import pytest

from kg.extract.entities import guess_org_kind, name_variants
from kg.model import EntityKind, OrgKind

pytestmark = pytest.mark.model


def test_entities_transliteration_variants_share_a_form():
    assert name_variants("Matveev") & name_variants("Matveyev")
    assert name_variants("Fadeev") & name_variants("Fadeyev")
    assert not name_variants("Ivanov") & name_variants("Petrov")


def test_entities_org_kind_from_name_cues():
    assert guess_org_kind("Tashkent State University") == OrgKind.UNIVERSITY
    assert guess_org_kind("Ministry of Labour") == OrgKind.GOVERNMENT_AGENCY
    assert guess_org_kind("Krasnodar Regional Court") == OrgKind.COURT


def test_entities_reference_alias_and_acronym_resolve_to_one_body(read_context):
    ctx = read_context(
        "The Ministry of Defence said on Monday that the MoD would expand recruitment. "
        "A Defense Ministry spokesperson declined to comment."
    )
    orgs = {e.key for e in ctx.entities.entities.values() if e.kind == EntityKind.ORGANIZATION}
    assert len(orgs) == 1


def test_entities_bare_surname_resolves_to_earlier_full_name(read_context):
    ctx = read_context(
        "Regional governor Dmitry Sokolenko visited the plant on Friday. "
        "Sokolenko told workers that wages would rise."
    )
    people = [e for e in ctx.entities.entities.values() if e.kind == EntityKind.PERSON]
    assert [p.name for p in people] == ["Dmitry Sokolenko"]
    second_sentence = ctx.doc.text.index("Sokolenko told")
    assert ctx.entities.at(second_sentence, second_sentence + 9).name == "Dmitry Sokolenko"


def test_entities_demonym_is_a_mention_of_its_country(read_context):
    ctx = read_context("Several Kyrgyz workers were detained at the market.")
    start = ctx.doc.text.index("Kyrgyz")
    entity = ctx.entities.at(start, start + 6)
    assert entity is not None and entity.key == "country/kyrgyzstan"


def test_entities_unknown_names_are_still_found(read_context):
    ctx = read_context("Zarina Abdulloeva, who runs a shelter in Vladikavkaz, met officials from Dushanbe.")
    names = {e.name for e in ctx.entities.entities.values()}
    assert "Zarina Abdulloeva" in names
