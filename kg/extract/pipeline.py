"""Runs the readers over one article: clean → annotate → entities → posts, quotes, figures, acts, events,
origins → one `Extraction`."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.annotate import Annotator
from kg.clean import clean
from kg.extract.acts import read_acts
from kg.extract.context import ExtractionContext
from kg.extract.entities import EntityReader
from kg.extract.events import read_events
from kg.extract.figures import find_conflicts, read_figures
from kg.extract.origins import read_origins
from kg.extract.people import read_positions
from kg.extract.quotes import read_quotes
from kg.model import Article, CleanedText, EntityKind, Extraction, PersonRole
from kg.reference import ReferenceData


class Extractor:
    """Turns articles into extractions. Built once: it holds the spaCy pipeline and the reference matcher."""

    def __init__(self, annotator: Annotator, reference: ReferenceData, *, calibrated: bool = True) -> None:
        self.annotator = annotator
        self.calibrated = calibrated
        self.read_entities = EntityReader(reference, annotator.nlp.vocab)

    @property
    def pipeline(self) -> str:
        return self.annotator.pipeline

    def extract(self, article: Article) -> Extraction:
        cleaned = clean(article.text)
        return self.read(article, cleaned, self.annotator(cleaned.text))

    def read(self, article: Article, cleaned: CleanedText, doc: Doc) -> Extraction:
        """The facts of an article whose cleaned text is already parsed (many articles are parsed at once
        with `Annotator.pipe`, which is faster than one by one)."""
        ctx = ExtractionContext(doc, article, cleaned, calibrated=self.calibrated)
        self.read_entities(ctx)
        positions = read_positions(ctx)
        for position in positions:
            ctx.posts.setdefault(position.person, []).append(position.title)
        quotes = read_quotes(ctx)
        figures = read_figures(ctx)
        acts = read_acts(ctx)
        events = read_events(ctx, acts, figures)
        origins = read_origins(ctx)
        speakers = {quote.speaker for quote in quotes if quote.speaker}
        for entity in ctx.entities.entities.values():
            # Someone quoted with no title and no reference entry is a private person, not an official.
            if entity.kind == EntityKind.PERSON and entity.role is None and entity.key in speakers:
                entity.role = PersonRole.PRIVATE
        return Extraction(
            article=article,
            pipeline=self.annotator.pipeline,
            entities=list(ctx.entities.entities.values()),
            positions=positions,
            acts=acts,
            events=events,
            figures=figures,
            quotes=quotes,
            origins=origins,
            conflicts=find_conflicts(figures),
        )
