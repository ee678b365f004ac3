"""Runs the readers over one article: clean → annotate → entities → posts, quotes, figures, acts, events,
origins → one `Extraction`."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.annotate import Annotator
from kg.clean import clean
from kg.extract.acts import read_acts
from kg.extract.context import ExtractionContext
from kg.extract.entities import EntityReader
from kg.extract.events import read_events
from kg.extract.figures import find_conflicts, read_figures
from kg.extract.origins import read_origins
from kg.extract.people import read_positions, subjected_people
from kg.extract.quotes import read_quotes
from kg.model import PLACE_KINDS, Article, CleanedText, Entity, EntityKind, Extraction, PersonRole
from kg.reference import ReferenceData


SURFACE_FORM_MAX_WORDS = 8


def _add_surface_forms(ctx: ExtractionContext) -> None:
    """Each organization's names as the article writes them ("Nepal's foreign ministry" for the Ministry of
    Foreign Affairs of Nepal) become its aliases, so an analyst who searches for the words of an article finds
    the body. A single common noun ("the ministry", "Police") names nothing by itself and is left out, and so is
    a phrase that names a place the body is not of ("the Ministry of Internal Affairs of Tatarstan" read as the
    federal ministry): an alias must not make one body answer for another."""
    for mention in ctx.entities.mentions:
        entity = ctx.entities.entities.get(mention.key)
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if entity is None or entity.kind is not EntityKind.ORGANIZATION or span is None:
            continue
        words = [t for t in span if not t.is_space]
        while words and words[0].pos_ in ("DET", "PRON"):
            words.pop(0)  # "the", "its"
        while words and (words[-1].pos_ in ("ADP", "DET", "CCONJ") or words[-1].is_punct):
            words.pop()  # a span cut before what its "of" names
        if not words or len(words) == 1 and not (words[0].pos_ == "PROPN" and words[0].ent_type_
                                                  or words[0].is_upper and len(words[0]) > 1):
            continue
        if len(words) > SURFACE_FORM_MAX_WORDS or any(_foreign_place(ctx, entity, word) for word in words):
            continue
        form = " ".join(ctx.text[words[0].idx: words[-1].idx + len(words[-1])].split())
        if form != entity.name:
            entity.aliases.add(form)


def _foreign_place(ctx: ExtractionContext, entity: Entity, word: Token) -> bool:
    """Whether `word`, after a preposition ("of Tatarstan", "for Moscow"), names a place that is neither the
    body's country nor in its name. A place in the name itself ("the Negombo Magistrate's Court") is no branch."""
    if not (word.dep_ == "pobj" or word.dep_ == "compound" and word.head.dep_ == "pobj"):
        return False
    for kind in PLACE_KINDS:
        place = ctx.entities.at(word.idx, word.idx + len(word), kind)
        if place is not None:
            return place.key != entity.country and place.name.lower() not in entity.name.lower()
    return False


class Extractor:
    """Turns articles into extractions. Built once: it holds the spaCy pipeline and the reference matcher."""

    def __init__(self, annotator: Annotator, reference: ReferenceData, *, calibrated: bool = True) -> None:
        self.annotator = annotator
        self.calibrated = calibrated
        self.read_entities = EntityReader(reference, annotator.nlp.vocab, annotator.nlp.tokenizer)

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
        _add_surface_forms(ctx)
        speakers = {quote.speaker for quote in quotes if quote.speaker}
        subjected = subjected_people(ctx)
        for entity in ctx.entities.entities.values():
            # Someone quoted with no title and no reference entry is a private person, not an official; an
            # activist the article is about ("a court stripped activist X of his citizenship") is no expert.
            if entity.kind == EntityKind.PERSON and entity.role is None and entity.key in speakers:
                entity.role = PersonRole.PRIVATE
            elif entity.role is PersonRole.EXPERT and entity.key in subjected and entity.key not in speakers:
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
