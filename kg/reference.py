"""The reference data (ontology/reference.ttl) as a gazetteer: well-known countries, places, state bodies,
outlets and officials, looked up by name, alias or demonym.

Lookups are exact on a normalized form (case, leading "the", possessive "'s", punctuation, hyphens and
accents folded), so "the Russian Interior Ministry" and "russian interior ministry" find the same body.
Resolving a bare surname to a person is article-level work and is not done here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ConfigError
from kg.model import PLACE_KINDS, EntityKind, OrgKind
from kg.vocab import BASE, MKG, RDF, RDFS, SKOS

REFERENCE_FILE = "reference.ttl"
ID_BASE = BASE + "id/"
RUSSIA_KEY = "country/russia"

_ORG_KIND_BY_CLASS = {  # a plain mkg:Organization is OrgKind.OTHER
    MKG.GovernmentAgency: OrgKind.GOVERNMENT_AGENCY,
    MKG.Legislature: OrgKind.LEGISLATURE,
    MKG.Court: OrgKind.COURT,
    MKG.ArmedForce: OrgKind.ARMED_FORCE,
    MKG.ArmedGroup: OrgKind.ARMED_GROUP,
    MKG.MediaOutlet: OrgKind.MEDIA_OUTLET,
    MKG.NonGovernmentalOrganization: OrgKind.NGO,
    MKG.University: OrgKind.UNIVERSITY,
    MKG.Company: OrgKind.COMPANY,
}
# "Russian X" / "Russia's X" name Russian bodies whose reference name may carry no qualifier, or the other.
_RUSSIAN_QUALIFIER = re.compile(r"^russian? ")


@dataclass(frozen=True)
class ReferenceEntity:
    key: str  # "country/tajikistan": the IRI after https://w3id.org/mkg/id/
    iri: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    org_kind: OrgKind | None
    country: str | None  # key of its country
    demonyms: tuple[str, ...]
    qid: str | None
    posts: tuple[tuple[str, str | None], ...]  # (title, organization key) for officials


def normalize(name: str) -> str:
    """The form names are compared in: ASCII, lower case, no leading "the", no possessive, single spaces."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"'s\b|(?<=s)'(?!\w)", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


class ReferenceData:
    """The reference entities with indexes by normalized name, demonym and key."""

    def __init__(self, entities: tuple[ReferenceEntity, ...]) -> None:
        self.entities = entities
        self._by_key = {entity.key: entity for entity in entities}
        self._by_name: dict[str, list[ReferenceEntity]] = defaultdict(list)
        self._russian_by_core: dict[str, list[ReferenceEntity]] = defaultdict(list)
        self._by_demonym: dict[str, ReferenceEntity] = {}
        # Labels before aliases, so a name that is one entity's label and another's alias finds the first.
        named = [(entity, entity.name) for entity in entities]
        named += [(entity, alias) for entity in entities for alias in entity.aliases]
        for entity, name in named:
            self._index(self._by_name, normalize(name), entity)
            if self._is_russian_body(entity):
                self._index(self._russian_by_core, _RUSSIAN_QUALIFIER.sub("", normalize(name)), entity)
        for entity in entities:
            for demonym in entity.demonyms:
                self._by_demonym.setdefault(normalize(demonym), entity)

    @classmethod
    def load(cls, ontology_dir: Path) -> ReferenceData:
        path = Path(ontology_dir) / REFERENCE_FILE
        if not path.is_file():
            raise ConfigError(
                f"no reference data at {path}: point KG_ONTOLOGY_DIR at the project's "
                "ontology/ folder, which holds reference.ttl"
            )
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise ConfigError(
                f"{path} is not valid Turtle ({exc}): fix the file or restore it from git"
            ) from exc
        return cls(_entities_from_triples(triples, path))

    def lookup(self, name: str, kind: EntityKind | None = None) -> ReferenceEntity | None:
        """The entity whose label or alias is `name` (normalized), optionally of one kind.

        `kind=EntityKind.PLACE` matches countries, regions and cities. For organizations, a leading
        "Russian" / "Russia's" qualifier may be dropped or added: "Russia's Human Rights Council".
        """
        key = normalize(name)
        found = self._first(self._by_name.get(key, ()), kind)
        if found is not None or kind not in (None, EntityKind.ORGANIZATION):
            return found
        core = _RUSSIAN_QUALIFIER.sub("", key)
        if core == key or not core:
            return None
        candidates = [*self._by_name.get(core, ()), *self._russian_by_core.get(core, ())]
        return self._first((e for e in candidates if self._is_russian_body(e)), EntityKind.ORGANIZATION)

    def by_demonym(self, word: str) -> ReferenceEntity | None:
        """The country whose citizens `word` names: "Tajiks", "Nepalese", "kyrgyz"."""
        key = normalize(word)
        found = self._by_demonym.get(key)
        if found is None and key.endswith("s"):
            found = self._by_demonym.get(key[:-1])
        return found

    def by_key(self, key: str) -> ReferenceEntity | None:
        return self._by_key.get(key)

    def surface_forms(self) -> list[tuple[str, ReferenceEntity]]:
        """Every label and alias as written (plus "Russia's X" for a Russian body named "Russian X"),
        for a PhraseMatcher. Short all-caps acronyms ("US", "UN") should be matched case-sensitively."""
        forms: dict[tuple[str, str], ReferenceEntity] = {}
        for entity in self.entities:
            for name in (entity.name, *entity.aliases):
                forms[(name, entity.key)] = entity
                if self._is_russian_body(entity) and name.startswith("Russian "):
                    forms[("Russia's " + name.removeprefix("Russian "), entity.key)] = entity
        return [(name, entity) for (name, _), entity in forms.items()]

    @staticmethod
    def _index(index: dict[str, list[ReferenceEntity]], key: str, entity: ReferenceEntity) -> None:
        if key and entity not in index[key]:
            index[key].append(entity)

    @staticmethod
    def _is_russian_body(entity: ReferenceEntity) -> bool:
        return entity.kind == EntityKind.ORGANIZATION and entity.country == RUSSIA_KEY

    @staticmethod
    def _first(candidates: Iterable[ReferenceEntity], kind: EntityKind | None) -> ReferenceEntity | None:
        for entity in candidates:
            if kind in (None, entity.kind) or (kind == EntityKind.PLACE and entity.kind in PLACE_KINDS):
                return entity
        return None


def _entities_from_triples(triples: list[ox.Triple], path: Path) -> tuple[ReferenceEntity, ...]:
    props: dict[ox.NamedNode | ox.BlankNode, dict[ox.NamedNode, list]] = defaultdict(
        lambda: defaultdict(list)
    )
    for triple in triples:
        props[triple.subject][triple.predicate].append(triple.object)

    def key_of(node: object) -> str | None:
        return node.value.removeprefix(ID_BASE) if isinstance(node, ox.NamedNode) else None

    def text(node: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[str]:
        return [o.value for o in props[node].get(predicate, ()) if isinstance(o, ox.Literal)]

    entities = []
    for subject, values in list(props.items()):
        if not (isinstance(subject, ox.NamedNode) and subject.value.startswith(ID_BASE)):
            continue
        labels = text(subject, RDFS.label)
        key = key_of(subject)
        kind_name = key.split("/", 1)[0]
        if len(labels) != 1 or kind_name not in set(EntityKind):
            raise ConfigError(
                f"{path}: {subject} needs exactly one rdfs:label and an IRI of the form "
                f"{ID_BASE}{{kind}}/{{slug}} with kind one of {', '.join(EntityKind)}: fix the entry"
            )
        kind = EntityKind(kind_name)
        org_kind = None
        if kind == EntityKind.ORGANIZATION:
            classes = values.get(RDF.type, ())
            org_kind = next((_ORG_KIND_BY_CLASS[c] for c in classes if c in _ORG_KIND_BY_CLASS), None)
            org_kind = org_kind or OrgKind.OTHER
        posts = tuple(
            (title, key_of(next(iter(props[post].get(MKG.postIn, ())), None)))
            for post in values.get(MKG.holdsPost, ())
            for title in text(post, MKG.title)
        )
        qids = text(subject, MKG.qid)
        entities.append(
            ReferenceEntity(
                key=key,
                iri=subject.value,
                kind=kind,
                name=labels[0],
                aliases=tuple(text(subject, SKOS.altLabel)),
                org_kind=org_kind,
                country=key_of(next(iter(values.get(MKG.country, ())), None)),
                demonyms=tuple(text(subject, MKG.demonym)),
                qid=qids[0] if qids else None,
                posts=posts,
            )
        )
    return tuple(entities)
