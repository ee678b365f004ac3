"""The extractor as a whole: what it adds after the readers (the names an article gives each body)."""

from __future__ import annotations

import pytest

from kg.annotate import load_annotator
from kg.extract.pipeline import Extractor
from kg.model import Article, EntityKind, PersonRole
from kg.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor(nlp, reference):
    return Extractor(load_annotator(Settings()), reference)


def _bodies(extractor, text):
    extraction = extractor.extract(Article(id="t", text=text, content_hash="h"))
    return {e.name: e.aliases for e in extraction.entities if e.kind is EntityKind.ORGANIZATION}


def test_a_body_keeps_the_names_the_article_calls_it_by(extractor):
    bodies = _bodies(extractor, "Nepal's foreign ministry said on Monday that two more citizens had died. "
                                "The ministry urged families to come forward.")
    aliases = {a.lower() for name, names in bodies.items() if "Nepal" in name for a in names}
    assert aliases & {"foreign ministry", "nepal's foreign ministry"}, bodies
    assert "ministry" not in aliases  # a bare common noun is no name


def test_a_phrase_naming_another_place_is_no_alias_of_the_body(extractor):
    bodies = _bodies(extractor, "The Ministry of Internal Affairs of Bashkortostan said 40 migrants were detained. "
                                "Russia's Ministry of Internal Affairs gave no figure.")
    for name, aliases in bodies.items():
        if "Bashkortostan" not in name:
            assert not any("Bashkortostan" in alias for alias in aliases), (name, aliases)


def test_a_tallys_values_count_the_citizens_of_the_country_its_noun_names(extractor):
    text = "The registered number of Tajik labor migrants fell from 90,000 in previous years to around 40,000."
    extraction = extractor.extract(Article(id="t", text=text, content_hash="h"))
    assert sorted((f.value, f.origin) for f in extraction.figures) == [
        (40_000, "country/tajikistan"), (90_000, "country/tajikistan")]


def test_its_citizens_are_those_of_the_government_that_counts_them(extractor):
    text = "The Tajik government estimates that about one million of its citizens work in Russia."
    extraction = extractor.extract(Article(id="t", text=text, content_hash="h"))
    assert [(f.value, f.origin) for f in extraction.figures] == [(1_000_000, "country/tajikistan")]


def test_an_activist_whom_a_court_punishes_is_whom_the_article_is_about_not_an_expert(extractor):
    def roles(text):
        extraction = extractor.extract(Article(id="t", text=text, content_hash="h"))
        return {e.name: e.role for e in extraction.entities if e.kind is EntityKind.PERSON}

    punished = roles("A court ruled to strip climate activist Pavel Orlov of his Russian citizenship last year.")
    assert punished["Pavel Orlov"] is PersonRole.PRIVATE
    commenting = roles("Climate activist Pavel Orlov said the courts strip new citizens of citizenship.")
    assert commenting["Pavel Orlov"] is PersonRole.EXPERT
