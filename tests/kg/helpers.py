"""Test helpers shared by the extractor tests."""

from __future__ import annotations

import datetime
import re

from kg.extract.context import ExtractionContext
from kg.model import Article, CleanedText, Entity, EntityKind, entity_key

def context_with_entities(
    nlp, text: str, entities: dict[str, EntityKind], published: datetime.date | None = None
) -> ExtractionContext:
    """Parse `text` and register every occurrence of each name in `entities` as an entity of its kind."""
    ctx = _context(nlp, text, published)
    for name, kind in entities.items():
        entity = ctx.entities.add(Entity(key=entity_key(kind, name), kind=kind, name=name))
        for match in re.finditer(re.escape(name), text):
            ctx.entities.mention(match.start(), match.end(), entity.key)
    return ctx


def _context(nlp, text: str, published: datetime.date | None) -> ExtractionContext:
    article = Article(id="test-article", text=text, content_hash="test", published=published)
    return ExtractionContext(doc=nlp(text), article=article, cleaned=CleanedText.identity(text))
