"""Fixtures for extractor tests: the reference data, and a context whose entities the real reader filled."""

from __future__ import annotations

import pytest

from kg.clean import clean
from kg.extract.context import ExtractionContext
from kg.model import Article
from kg.reference import ReferenceData
from kg.settings import Settings


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return ReferenceData.load(Settings().ontology_dir)


@pytest.fixture(scope="session")
def entity_reader(nlp, reference):
    from kg.extract.entities import EntityReader

    return EntityReader(reference, nlp.vocab)


@pytest.fixture
def read_context(nlp, entity_reader):
    """Parse a text as an article and run the entity stage on it."""

    def build(text: str, article_id: str = "test") -> ExtractionContext:
        cleaned = clean(text)
        ctx = ExtractionContext(nlp(cleaned.text), Article(id=article_id, text=text, content_hash="h"), cleaned)
        entity_reader(ctx)
        return ctx

    return build
