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
