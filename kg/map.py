"""The map stage: an `Extraction` → the quads of its article's named graph.

Everything read from one article, including the article's own metadata, goes into one (logical) named graph,
so that replacing an article is one atomic step; the store lays it out (`kg.layout`), keeping what the
article says about shared resources (entity types, labels, countries...) once for all articles. Every fact
node carries `mkg:evidence` (sentence, offsets into the original text, mechanism, confidence) and
`mkg:reportedIn` its article. IRIs are deterministic: the same input gives the same quads, quad for quad.

Figures are grouped into quantities here (`quantity_key`; figures read as disputing each other share one,
`quantity_keys`), so that claims about the same quantity meet in the store, whichever articles they come from.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg import EXTRACTOR_VERSION, iris
from kg.model import (
    ActStage,
    Article,
    Entity,
    EntityKind,
    Evidence,
    EventKind,
    Extraction,
    Figure,
    Measure,
    OrgKind,
    PartialDate,
    PersonRole,
    slug,
)
from kg.vocab import MKG, ONTOLOGY_VERSION, RDF, RDFS, SKOS, XSD

ENTITY_CLASSES = {
    EntityKind.PERSON: MKG.Person,
    EntityKind.ORGANIZATION: MKG.Organization,
    EntityKind.COUNTRY: MKG.Country,
    EntityKind.REGION: MKG.Region,
    EntityKind.CITY: MKG.City,
    EntityKind.PLACE: MKG.Place,
    EntityKind.GROUP: MKG.PopulationGroup,
}
ROLE_CLASSES = {
    PersonRole.OFFICIAL: MKG.StateOfficial,
    PersonRole.EXPERT: MKG.Expert,
    PersonRole.JOURNALIST: MKG.Journalist,
    PersonRole.PRIVATE: MKG.PrivatePerson,
}
ORG_CLASSES = {
    OrgKind.GOVERNMENT_AGENCY: MKG.GovernmentAgency,
    OrgKind.LEGISLATURE: MKG.Legislature,
    OrgKind.COURT: MKG.Court,
    OrgKind.ARMED_FORCE: MKG.ArmedForce,
    OrgKind.ARMED_GROUP: MKG.ArmedGroup,
    OrgKind.MEDIA_OUTLET: MKG.MediaOutlet,
    OrgKind.NGO: MKG.NonGovernmentalOrganization,
    OrgKind.UNIVERSITY: MKG.University,
    OrgKind.COMPANY: MKG.Company,
}
EVENT_CLASSES = {kind: MKG.term(kind.value.title().replace("-", "")) for kind in EventKind}


# Population groups a figure can count, by the words that name them, the most specific first. Words that name
# people only by what the claim says happened to them ("detainees", "men", "those") name no group, and
# neither do "soldiers" or "foreign nationals" of no stated country: whose soldiers is what a dispute is about.
COUNTED_GROUPS = (
    ("naturalized citizens", re.compile(
        r"naturali[sz]|\bnew(?:ly)? (?:\w+ )?citizens|(?:received|acquired|obtained|granted) (?:\w+ )?"
        r"(?:citizenship|passports?)", re.IGNORECASE)),
    ("prisoners", re.compile(r"\b(?:prisoners?|convicts?|inmates?)\b", re.IGNORECASE)),
    ("migrants", re.compile(r"\bmigrants?\b", re.IGNORECASE)),
)
# Measures whose figures are not comparable counts of people or cases (a percentage is of whatever its
# sentence says; a duration is one person's term or one programme's length).
UNCOMPARABLE_MEASURES = (Measure.OTHER, Measure.MONEY, Measure.PERCENTAGE, Measure.DURATION)


def counted_group(counted: str) -> str | None:
    """The population group a figure's counted words name, or None when they name none of COUNTED_GROUPS."""
    return next((group for group, words in COUNTED_GROUPS if words.search(counted)), None)


@dataclass(frozen=True)
class QuantityKey:
    """What a figure gives a value of: a measure of a counted group at a place in a year (each of the last
    three None when the figure leaves it unstated). A figure that names no group is a value of the quantity
    its claimant counts by that measure (`claimant`): one official's "4,000 sent to the front" and later
    "6,500 sent to the front" are one quantity; two unrelated sources' unnamed groups are not."""

    measure: Measure
    group: str | None
    place: str | None  # entity key
    year: int | None
    claimant: str | None = None  # entity key; only when group is None

    def iri(self) -> NamedNode:
        who = self.group and slug(self.group) or self.claimant and "by-" + slug(self.claimant)
        parts = [who, self.place and slug(self.place), self.year and str(self.year)]
        return iris.resource("quantity/" + "/".join([self.measure.value, *(p or "-" for p in parts)]))

    def broader(self) -> list[QuantityKey]:
        """The quantities that leave the stated place, year or both unstated: a claim about one of them
        overlaps this quantity. (A claim whose words name no group is not taken to be about every group.)"""
        stated = [name for name in ("place", "year") if getattr(self, name) is not None]
        keys = []
        for size in range(1, len(stated) + 1):
            for dropped in itertools.combinations(stated, size):
                keys.append(QuantityKey(**{**self.__dict__, **dict.fromkeys(dropped)}))
        return keys

    def label(self) -> str:
        return f"{self.measure.value}: {self.group or 'a group its claimant does not name'}"


def quantity_key(figure: Figure) -> QuantityKey | None:
    """The quantity a figure is a claim about: the same measure, the same counted group, the same place and
    the same year. The group is the country whose citizens it counts ("34 Uzbeks", "Nepali soldiers") or else
    the population its counted words name. None for a figure of no comparable measure, or one that names
    neither a group nor a claimant ("cases"), for a vague plural ("dozens of migrants"), and for a further group
    ("three other Cuban recruits"), and for a value the text says changed to another ("from 650,000 to
    350,000"): none is a value to dispute another's with."""
    if figure.measure in UNCOMPARABLE_MEASURES or figure.vague or figure.counts_others or figure.superseded:
        return None
    group = (f"citizens of {figure.origin.rsplit('/', 1)[-1].replace('-', ' ').title()}" if figure.origin
             else counted_group(figure.counted))
    if group == "migrants" and figure.place is None:
        group = None  # migrants of no stated country in no stated place: every article's migrants are others
    if group is None and figure.claimant is None:
        return None
    year = figure.date.year if figure.date is not None else None
    return QuantityKey(figure.measure, group, figure.place, year, None if group else figure.claimant)


def quantity_keys(extraction: Extraction) -> dict[str, QuantityKey | None]:
    """Each figure's quantity. Figures that the extractor read as disputing each other ("the embassy reports
    185 people detained, while the ministry said 200 Azerbaijanis") are claims about one quantity: the one that
    the most specific of them names, unless they name two different groups, places or years."""
    keys = {figure.key: quantity_key(figure) for figure in extraction.figures}
    figures = {figure.key: figure for figure in extraction.figures}
    component = {key: {key} for key in keys}
    for a, b in extraction.conflicts:
        if a in component and b in component and component[a] is not component[b]:
            merged = component[a] | component[b]
            for key in merged:
                component[key] = merged
    for members in {id(c): c for c in component.values() if len(c) > 1}.values():
        ordered = sorted(members, key=lambda k: (figures[k].evidence[0].start if figures[k].evidence else 0, k))
        stated = [keys[k] for k in ordered if keys[k] is not None]
        values = {name: {getattr(k, name) for k in stated} - {None} for name in ("measure", "group", "place", "year")}
        if not stated or any(len(v) > 1 for v in values.values()):
            continue
        group = next(iter(values["group"]), None)
        claimant = None if group else next((k.claimant for k in stated if k.claimant), None)
        disputed = QuantityKey(stated[0].measure, group, next(iter(values["place"]), None),
                               next(iter(values["year"]), None), claimant)
        for key in members:
            keys[key] = disputed
    return keys


def _dateLiteral(date: PartialDate) -> Literal:
    lexical, datatype = date.lexical()
    return Literal(lexical, datatype=XSD.term(datatype))


def _decimal(value: float) -> Literal:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


class _GraphWriter:
    def __init__(self, extraction: Extraction) -> None:
        self.article_id = extraction.article.id
        self.graph = iris.article_graph(self.article_id)
        self.article = iris.article(self.article_id)
        self.quads: dict[Quad, None] = {}  # ordered set: deterministic and free of repeats

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | None) -> None:
        if o is not None:
            self.quads[Quad(s, p, o, self.graph)] = None

    def links(self, node: NamedNode, *pairs: tuple[NamedNode, list[str]]) -> None:
        """`node prop resource(key)` for every key listed under each property."""
        for prop, keys in pairs:
            for key in keys:
                self.add(node, prop, iris.resource(key))

    def fact(self, node: NamedNode, cls: NamedNode, evidence: list[Evidence]) -> None:
        self.add(node, RDF.type, cls)
        self.add(node, MKG.reportedIn, self.article)
        for ev in evidence:
            self.evidence(node, ev)

    def claim(self, node: NamedNode, cls: NamedNode, evidence: list[Evidence]) -> None:
        """A fact of this article alone (a figure, a quote, an event, an origin claim): it also carries its
        confidence, the highest of its evidence, so that a row per fact needs no aggregate over evidence."""
        self.fact(node, cls, evidence)
        if evidence:
            self.add(node, MKG.factConfidence, _decimal(max(ev.confidence for ev in evidence)))

    def evidence(self, node: NamedNode, ev: Evidence) -> None:
        ev_node = iris.resource(f"evidence/{self.article_id}/{iris.digest(f'{node.value}|{ev.start}|{ev.end}|{ev.mechanism}')}")
        self.add(node, MKG.evidence, ev_node)
        self.add(ev_node, RDF.type, MKG.Evidence)
        self.add(ev_node, MKG.article, self.article)
        self.add(ev_node, MKG.sentence, Literal(ev.sentence))
        self.add(ev_node, MKG.startOffset, Literal(str(ev.start), datatype=XSD.integer))
        self.add(ev_node, MKG.endOffset, Literal(str(ev.end), datatype=XSD.integer))
        self.add(ev_node, MKG.mechanism, Literal(ev.mechanism))
        self.add(ev_node, MKG.confidence, _decimal(ev.confidence))

    def date(self, node: NamedNode, date: PartialDate | None) -> None:
        if date is not None:
            self.add(node, MKG.date, _dateLiteral(date))
            self.add(node, MKG.datePrecision, Literal(date.precision))


def _map_entity(w: _GraphWriter, entity: Entity) -> None:
    node = iris.resource(entity.key)
    w.fact(node, ENTITY_CLASSES[entity.kind], entity.evidence)
    w.add(node, RDFS.label, Literal(entity.name))
    for alias in sorted(entity.aliases - {entity.name}):
        w.add(node, SKOS.altLabel, Literal(alias))
    if entity.role is not None:
        w.add(node, RDF.type, ROLE_CLASSES[entity.role])
    if entity.org_kind in ORG_CLASSES:
        w.add(node, RDF.type, ORG_CLASSES[entity.org_kind])
    if entity.country:
        w.add(node, MKG.country, iris.resource(entity.country))
    if entity.pseudonymous:
        w.add(node, MKG.pseudonymous, Literal("true", datatype=XSD.boolean))


def _article_label(article: Article) -> str:
    """An article's label in every row that cites it: its source and a short id, not its headline (kept as
    mkg:headline) nor its date (mkg:datePublished). Read beside a fact, a headline's figures and names, or a
    date, would seem to be the fact's: "Ten people deported" beside a figure of two residents stripped of
    citizenship."""
    return f"{article.source} article ({article.id[:8]})" if article.source else f"Article ({article.id[:8]})"


def _map_stage(w: _GraphWriter, act: NamedNode, act_key: str, stage: ActStage) -> None:
    """A stage of an act as a node of its own, keyed by the act, the stage and its date: every article that
    reports the act at that stage names the same node, so the stages of an act are stored once."""
    when = stage.date.lexical()[0] if stage.date else "-"
    node = iris.resource(f"stage/{act_key.split('/', 1)[1]}/{stage.status.value}/{when}")
    w.fact(node, MKG.ActStage, [stage.evidence])
    w.add(act, MKG.hasStage, node)
    w.add(node, MKG.stageStatus, iris.concept("act-status", stage.status.value))
    w.date(node, stage.date)


def _map_quantity(w: _GraphWriter, figure: NamedNode, key: QuantityKey) -> None:
    quantity = key.iri()
    w.add(figure, MKG.quantity, quantity)
    w.add(quantity, RDF.type, MKG.Quantity)
    w.add(quantity, RDFS.label, Literal(key.label()))
    w.add(quantity, MKG.quantityMeasure, iris.concept("measure", key.measure.value))
    if key.group:
        w.add(quantity, MKG.countedGroup, Literal(key.group))
    if key.place:
        w.add(quantity, MKG.quantityPlace, iris.resource(key.place))
    if key.year is not None:
        w.add(quantity, MKG.period, Literal(f"{key.year:04d}", datatype=XSD.gYear))
    for broader in key.broader():
        w.add(quantity, MKG.broaderQuantity, broader.iri())


def to_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one article's named graph."""
    w = _GraphWriter(extraction)
    art = extraction.article
    w.add(w.article, RDF.type, MKG.Article)
    w.add(w.article, RDFS.label, Literal(_article_label(art)))
    if art.title:
        w.add(w.article, MKG.headline, Literal(art.title))
    if art.url:
        w.add(w.article, MKG.url, Literal(art.url, datatype=XSD.anyURI))
    if art.published:
        w.add(w.article, MKG.datePublished, Literal(art.published.isoformat(), datatype=XSD.date))
    if art.source:
        w.add(w.article, MKG.source, Literal(art.source))
    if art.path:
        w.add(w.article, MKG.sourcePath, Literal(art.path))
    w.add(w.article, MKG.contentHash, Literal(art.content_hash))
    w.add(w.article, MKG.extractorVersion, Literal(EXTRACTOR_VERSION))
    w.add(w.article, MKG.ontologyVersion, Literal(ONTOLOGY_VERSION))
    w.add(w.article, MKG.pipeline, Literal(extraction.pipeline))

    for entity in extraction.entities:
        _map_entity(w, entity)

    for pos in extraction.positions:
        person = iris.resource(pos.person)
        post = iris.resource(f"post/{pos.person.split('/', 1)[1]}/{slug(pos.title)}/{slug(pos.organization or 'none')}")
        w.fact(post, MKG.Post, [pos.evidence])
        w.add(person, MKG.holdsPost, post)
        w.add(post, MKG.title, Literal(pos.title))
        org_name = next((e.name for e in extraction.entities if e.key == pos.organization), None)
        w.add(post, RDFS.label, Literal(f"{pos.title} of {org_name}" if org_name else pos.title))
        if pos.organization:
            w.add(post, MKG.postIn, iris.resource(pos.organization))
            w.add(person, MKG.affiliatedWith, iris.resource(pos.organization))

    for act in extraction.acts:
        node = iris.resource(act.key)
        w.fact(node, MKG.LegalAct, act.evidence)
        w.add(node, RDFS.label, Literal(act.label))
        w.add(node, MKG.actKind, iris.concept("act-kind", act.kind.value))
        if act.status:
            w.add(node, MKG.status, iris.concept("act-status", act.status.value))
        if act.number:
            w.add(node, MKG.actNumber, Literal(act.number))
        if act.country:
            w.add(node, MKG.country, iris.resource(act.country))
        w.date(node, act.date)
        w.links(node, (MKG.signedBy, act.signed_by), (MKG.adoptedBy, act.adopted_by),
                (MKG.introducedBy, act.introduced_by), (MKG.approvedBy, act.approved_by),
                (MKG.targets, act.targets))
        for effect in act.enables:
            w.add(node, MKG.enables, iris.concept("effect", effect.value))
        for effect in act.prohibits:
            w.add(node, MKG.prohibits, iris.concept("effect", effect.value))
        for ground in act.grounds:
            w.add(node, MKG.ground, iris.concept("ground", ground.value))
        for stage in act.stages:
            _map_stage(w, node, act.key, stage)

    for event in extraction.events:
        node = iris.resource(event.key)
        w.claim(node, MKG.Event, event.evidence)
        w.add(node, RDF.type, EVENT_CLASSES[event.kind])
        w.add(node, MKG.eventKind, iris.concept("event-kind", event.kind.value))
        w.add(node, RDFS.label, Literal(event.label))
        w.date(node, event.date)
        if event.date_text:
            w.add(node, MKG.dateText, Literal(event.date_text))
        w.links(node, (MKG.agent, event.agents), (MKG.participant, event.participants),
                (MKG.place, event.places), (MKG.involvesAct, event.acts), (MKG.hasFigure, event.figures))
        if event.stage:
            w.add(node, MKG.legislativeStage, iris.concept("act-status", event.stage.value))

    quantities = quantity_keys(extraction)
    for fig in extraction.figures:
        node = iris.resource(fig.key)
        w.claim(node, MKG.QuantitativeClaim, fig.evidence)
        w.add(node, RDFS.label, Literal(" ".join(filter(None, (fig.value_text, fig.counted, fig.predicate)))))
        w.add(node, MKG.value, _decimal(fig.value))
        if fig.upper is not None:
            w.add(node, MKG.upperValue, _decimal(fig.upper))
        w.add(node, MKG.valueText, Literal(fig.value_text))
        w.add(node, MKG.counted, Literal(fig.counted))
        w.add(node, MKG.qualifier, iris.concept("qualifier", fig.qualifier.value))
        w.add(node, MKG.measure, iris.concept("measure", fig.measure.value))
        if fig.claimant:
            w.add(node, MKG.claimant, iris.resource(fig.claimant))
        if fig.place:
            w.add(node, MKG.figurePlace, iris.resource(fig.place))
        if fig.origin:
            w.add(node, MKG.groupCountry, iris.resource(fig.origin))
        w.date(node, fig.date)
        key = quantities[fig.key]
        if key is not None:
            _map_quantity(w, node, key)
    for a, b in extraction.conflicts:
        w.add(iris.resource(a), MKG.conflictsWith, iris.resource(b))
        w.add(iris.resource(b), MKG.conflictsWith, iris.resource(a))

    for quote in extraction.quotes:
        node = iris.resource(quote.key)
        w.claim(node, MKG.Quotation, [quote.evidence])
        w.add(node, MKG.text, Literal(quote.text))
        w.add(node, RDFS.label, Literal(quote.text if len(quote.text) <= 80 else quote.text[:77] + "..."))
        if quote.speaker:
            w.add(node, MKG.speaker, iris.resource(quote.speaker))
        if quote.attribution:
            w.add(node, MKG.attributedTo, Literal(quote.attribution))

    for origin in extraction.origins:
        node = iris.resource(f"origin/{art.id}/{iris.digest(f'{origin.country}|{origin.relation.value}')}")
        w.claim(node, MKG.OriginClaim, [origin.evidence])
        w.add(node, MKG.originCountry, iris.resource(origin.country))
        w.add(node, MKG.relation, iris.concept("origin-relation", origin.relation.value))
        if origin.figure:
            w.add(node, MKG.figure, iris.resource(origin.figure))
    return list(w.quads)
