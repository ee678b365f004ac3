"""State bodies named by common nouns: "the Indian foreign ministry", "a court in Bishkek", "Kenya's Mission in
Moscow", "the Russian police", "local security forces", "the ministry".

A body is a noun phrase headed by a body noun (ministry, police, court, forces, embassy, consulate,
government...), typed by `BODY_TYPES`. Its country is the one the text gives it, in this order:
1. a country or demonym in the phrase ("Kenya's", "Indian", "of the Russian Federation");
2. "its"/"their" → the country the sentence named before it ("the government of Kenya is working with its
   mission");
3. for a body that is not itself abroad (a court, the police), the country of the place it is "in" ("a court
   in Bishkek", "police in the city of Nizhny Novgorod");
4. "local" → the country the text named last ("Authorities in Kazakhstan … local security forces");
5. a bare definite mention ("the ministry", "the court") → the body of that kind the article named before;
6. for a ministry, the government, the parliament, the police, the prosecutor's office and interior agencies,
   the country the article is about (the one it names most, if one leads).
A region's or city's prosecutor's office is its own body ("the Moscow prosecutor's office" is no Prosecutor
General's Office), and a court with a capitalised name is that court ("the Naryn Regional Court").
Two countries' bodies are never one node: the key carries the country, and a ministry with no country is
its article's own. A body of another kind with no country is not read at all: "authorities said" names no
body. Russia's and other reference bodies keep their reference identity ("Russian Ministry of Defence").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.attribution import is_agent_position
from kg.extract.context import ExtractionContext
from kg.model import PLACE_KINDS, Entity, EntityKind, OrgKind, slug
from kg.reference import ReferenceData, ReferenceEntity


@dataclass(frozen=True)
class BodyType:
    slug: str
    name: str  # the canonical name: "Ministry of Foreign Affairs", "police"
    kind: OrgKind
    pattern: re.Pattern[str]  # on the lower-case words of the phrase
    of_style: bool  # labelled "<name> of <Country>" (else "<Demonym> <name>")
    abroad: bool = False  # an embassy, consulate or mission: "in X" is where it is, not whose it is
    deployed: bool = False  # armed forces: "in X" is where they fight, not whose they are
    home_default: bool = False  # with no country in the text, the article's country
    alone: bool = False  # with no country at all, still a body (a ministry is the article's own)
    # a region's or city's body is a body of its own, not the national one ("the Moscow prosecutor's office" is
    # no Prosecutor General's Office)
    regional: bool = False

    def placed_by_in(self, phrase: Span) -> bool:
        """Whether "in X" says where the body is rather than whose it is: an embassy's place, where troops
        fight ("its forces in Ukraine"); not where an office of theirs is ("the military office in
        Russia")."""
        return self.abroad or self.deployed and phrase.root.lemma_.lower() in DEPLOYED_HEADS


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


BODY_TYPES: tuple[BodyType, ...] = (
    BodyType("foreign-ministry", "Ministry of Foreign Affairs", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\b(foreign|external) (affairs )?ministry\b|\bministry of (foreign|external) affairs\b"
                r"|\bforeign affairs\b|\bforeign office\b|\b(mfa|mofa)\b"), True, home_default=True, alone=True),
    BodyType("interior-ministry", "Ministry of the Interior", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\binterior ministry\b|\bministry of (the )?interior\b|\b(ministry of )?internal affairs\b"
                r"|\binterior (agencies|bodies)\b"), True, home_default=True, alone=True),
    BodyType("defence-ministry", "Ministry of Defence", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bdefen[cs]e ministry\b|\bministry of defen[cs]e\b|\bmod\b"), True, home_default=True,
             alone=True),
    BodyType("justice-ministry", "Ministry of Justice", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bjustice ministry\b|\bministry of justice\b"), True, home_default=True, alone=True),
    BodyType("labour-ministry", "Ministry of Labour", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\blabou?r ministry\b|\bministry of labou?r\b"), True, home_default=True, alone=True),
    BodyType("embassy", "Embassy", OrgKind.GOVERNMENT_AGENCY, _p(r"\bembass(y|ies)\b"), False, abroad=True),
    BodyType("consulate", "Consulate", OrgKind.GOVERNMENT_AGENCY, _p(r"\bconsulates?\b"), False, abroad=True),
    BodyType("mission", "Mission", OrgKind.GOVERNMENT_AGENCY, _p(r"\bmissions?\b"), False, abroad=True),
    BodyType("police", "police", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bpolice\b|\blaw enforcement\b"), False,
             home_default=True),
    BodyType("migration-service", "migration service", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bmigration (services?|department|agency)\b"), False),
    BodyType("security-forces", "security forces", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bsecurity (forces|services|agencies|bodies)\b"), False),
    BodyType("intelligence", "intelligence services", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bintelligence\b(?! (report|data|sources?|officers?|officials?|community)\b)"), False),
    BodyType("border-guard", "border guard", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bborder (guards?|service|police)\b"), False),
    BodyType("general-staff", "General Staff", OrgKind.ARMED_FORCE, _p(r"\bgeneral staff\b"), True,
             home_default=True, alone=True),
    BodyType("armed-forces", "Armed Forces", OrgKind.ARMED_FORCE,
             _p(r"\b(army|armies|military|armed forces|forces|troops)\b"), False, deployed=True),
    BodyType("court", "court", OrgKind.COURT, _p(r"\bcourts?\b"), False),
    BodyType("prosecutor", "Prosecutor's Office", OrgKind.GOVERNMENT_AGENCY,
             # the phrase's words are joined by spaces: "prosecutor 's office"
             _p(r"\bprosecutor(?: general)? ?'?s'? office\b"), False, home_default=True, regional=True),
    BodyType("government", "Government", OrgKind.GOVERNMENT_AGENCY, _p(r"\bgovernments?\b|\bcabinet\b"), True,
             home_default=True),
    BodyType("parliament", "Parliament", OrgKind.LEGISLATURE, _p(r"\bparliament\b"), False,
             home_default=True),
    BodyType("authorities", "authorities", OrgKind.GOVERNMENT_AGENCY, _p(r"\bauthorities\b"), False),
    BodyType("city-hall", "city hall", OrgKind.GOVERNMENT_AGENCY,
             _p(r"\bcity hall\b|\bmayor'?s office\b|\bcity administration\b|\bmunicipality\b"), False),
)
# The heads of a phrase about the troops themselves.
DEPLOYED_HEADS = frozenset({"army", "military", "force", "forces", "troop", "troops"})
HEAD_LEMMAS = frozenset({
    "ministry", "police", "court", "army", "military", "force", "troop", "embassy", "consulate", "mission",
    "government", "cabinet", "parliament", "authority", "office", "service", "agency", "guard", "affairs",
    "enforcement", "body", "hall", "administration", "municipality", "intelligence", "staff",
})
# Nouns a body noun may modify and still name the body: "the foreign ministry statement", "police officers".
OWNED_NOUNS = frozenset({"statement", "spokesperson", "spokesman", "spokeswoman", "official", "officer",
                         "department", "representative", "data", "figure", "head", "chief", "minister", "secretary"})
# Modifiers of "service" that make it a duty ("military service"), not a body ("the Federal Security Service").
DUTY_MODIFIERS = frozenset({"military", "compulsory", "national", "alternative", "conscript", "contract"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# The words of common body names: a name made of them only is no proper name ("Kyrgyz Interior Ministry").
STANDARD_BODY_WORDS = frozenset({
    "ministry", "interior", "internal", "affairs", "foreign", "external", "defence", "defense", "justice", "labour",
    "labor", "embassy", "consulate", "mission", "police", "security", "forces", "force", "services", "service",
    "court", "courts", "government", "parliament", "authorities", "city", "hall", "armed", "army", "military",
    "troops", "border", "guard", "office", "prosecutor", "general", "federal", "state", "national", "supreme",
    "constitutional", "district", "regional", "main", "directorate", "department", "administration",
})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
BELLIGERENTS = frozenset({"country/russia", "country/ukraine"})
# Bodies that speak for their citizens abroad: a bare one is the country of the citizens its sentence names.
SPEAKS_FOR_ITS_CITIZENS = frozenset({"foreign-ministry", "embassy", "consulate", "mission", "government"})
PEOPLE_NOUNS = frozenset({"citizen", "national", "native", "migrant", "worker", "man", "woman", "people", "youth",
                          "recruit", "soldier", "student", "family", "resident", "victim", "fighter", "mercenary"})


# Acronyms of bodies, written as such: "the MoD", "Nepal's MoFA".
ACRONYMS = frozenset({"MoD", "MOD", "MFA", "MoFA", "MOFA"})


def read_bodies(ctx: ExtractionContext, reference: ReferenceData) -> None:
    """Add the article's state bodies named by common nouns to `ctx.entities` (see the module docstring)."""
    reader = _BodyReader(ctx, reference)
    for token in ctx.doc:
        if (token.lemma_.lower() in HEAD_LEMMAS and token.pos_ in ("NOUN", "PROPN")) or token.text in ACRONYMS:
            reader.read(token)


def _part_of_a_house(head: Token) -> bool:
    """Whether the noun is what a house or chamber is "of", through its noun phrase only, or owns a committee
    that is the body named ("the parliament's international relations committee")."""
    if head.dep_ == "poss" and head.head.lemma_.lower() in ("committee", "commission", "house", "chamber"):
        return True
    for node in head.ancestors:
        if node.pos_ in ("VERB", "AUX"):
            return False
        if node.lower_ == "of" and node.head.lemma_.lower() in ("house", "chamber"):
            return True
    return False


def _is_duty(token: Token) -> bool:
    """"(the) military service", "compulsory service": the service one does, not a body that serves."""
    return token.lemma_.lower() == "service" and any(
        c.dep_ in ("compound", "amod") and c.lower_ in DUTY_MODIFIERS for c in token.children)


class _BodyReader:
    def __init__(self, ctx: ExtractionContext, reference: ReferenceData) -> None:
        self.ctx = ctx
        self.reference = reference
        self.last_of_type: dict[str, Entity] = {}
        self.last_ministry: Entity | None = None
        self._home: ReferenceEntity | None | bool = False  # False: not computed yet

    def read(self, head: Token) -> None:
        if head.lower_ == "cabinet" and head.head.lower_ == "secretary":
            return  # "Cabinet Secretary" is a title (Kenya's ministers), not the cabinet
        if _is_duty(head) or head.dep_ in ("compound", "amod") and _is_duty(head.head):
            return  # "military service", "compulsory service": a duty, not a body
        if head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head.lemma_.lower() not in OWNED_NOUNS and head.head.lemma_.lower() not in HEAD_LEMMAS:
            return  # "police raids", "court rulings", "military registration": another thing
        if head.dep_ == "compound" and head.head.lemma_.lower() in HEAD_LEMMAS - {"staff"} \
                and head.head.pos_ in ("NOUN", "PROPN"):
            return  # "the Government authorities of Russia": the phrase's head reads the whole of it
        if _part_of_a_house(head):
            return  # "the lower house of parliament('s website)": the house is the body
        # "the St. Petersburg police department": the department's modifiers are the body's
        owner = head.head if head.dep_ == "compound" and head.head.lemma_.lower() == "department" else head
        phrase = self._without_people(_phrase(owner))
        words = " ".join(t.lower_ for t in phrase)
        body_type = next((b for b in BODY_TYPES if b.pattern.search(words)), None)
        if head.lemma_.lower() == "staff" and (body_type is None or body_type.slug != "general-staff"):
            return  # "the embassy staff": people, not a body of their own
        bare_ministry = body_type is None and head.lemma_.lower() == "ministry"
        if body_type is None and not bare_ministry:
            return
        known = self._known_entity(phrase, head)
        branch = None if body_type is None or body_type.abroad else self._branch_of(phrase, head, body_type)
        if known is not None and (known.iri is not None or known.country is not None) and branch is None:
            self._remember(body_type, known)
            return  # a reference body ("Russian Ministry of Defence") or one already given its country
        if known is not None and known.iri is None and _proper_name(phrase, head, self.reference) and \
                self.ctx.entities.at(head.idx, head.idx + len(head), EntityKind.ORGANIZATION) is known:
            # A body with a name of its own ("the 58th Combined Arms Army of … the Russian Federation") keeps it
            # and takes the phrase's country.
            country = body_type and (self._country_in(phrase, body_type) or (
                None if body_type.abroad else self._place_country(phrase)))  # "… District Court in Bishkek"
            if country is not None and known.country is None:
                known.country = country.key
            return
        if known is not None and branch is not None and known.country:
            preposition, place = branch
            entity = self.ctx.entities.add(Entity(f"{known.key}/{place.key.split('/', 1)[1]}",
                                                  EntityKind.ORGANIZATION, f"{known.name} {preposition} {place.name}",
                                                  org_kind=known.org_kind, country=known.country))
            self._mention(phrase, entity)
            return  # "the Russian MVD for Khabarovsk Krai", "the Ministry of Internal Affairs of Tatarstan"
        if body_type is not None and body_type.slug == "armed-forces" and head.lemma_.lower() == "force" and \
                not any(t.lemma_.lower() == "arm" or t.lower_ == "armed" for t in phrase) and \
                self._country_in(phrase, body_type) is None:
            return  # "forces" alone, without a country, is no body
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)
        own_country = None if bare_ministry else self._country_in(phrase, body_type)
        plain = branch is None and not _proper_name(phrase, head, self.reference)
        if bare_ministry or (definite and own_country is None and plain):
            # "the ministry", "the court", "the Ministry of Defence" after "Russia's Defense Ministry"
            antecedent = self.last_ministry if bare_ministry else self.last_of_type.get(body_type.slug)
            if antecedent is not None:
                self._mention(phrase, antecedent)
                return
            if bare_ministry:
                return
        country = own_country or self._country(phrase, head, body_type)
        if _proper_name(phrase, head, self.reference) and country is None:
            country = self.home()  # "the Negombo Magistrate's Court": a named body, of the article's country
        if country is None and not body_type.home_default:
            return
        if country is None and not body_type.alone:
            return  # only the ministries stand without a stated country (as the article's own)
        entity = self._entity(body_type, country, phrase, head)
        self._mention(phrase, entity)
        self._remember(body_type, entity)

    def _without_people(self, phrase: Span) -> Span:
        """The phrase up to a person's name it runs into ("… of the Russian Federation Irina Volk")."""
        for tok in phrase:
            if self.ctx.entities.at(tok.idx, tok.idx + len(tok), EntityKind.PERSON) is not None:
                return phrase.doc[phrase.start: max(tok.i, phrase.start + 1)]
        return phrase

    # --- country ---

    def _country(self, phrase: Span, head: Token, body_type: BodyType) -> ReferenceEntity | None:
        found = self._country_in(phrase, body_type)
        if found is not None:
            return found
        for tok in phrase[head.i - phrase.start + 1:]:  # "the General Staff of the Armed Forces of Ukraine"
            whole = self.ctx.entities.at(tok.idx, tok.idx + len(tok), EntityKind.ORGANIZATION)
            if whole is not None and whole.country is not None:
                return self.reference.by_key(whole.country)
        if any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in head.children):
            return self._last_country(head.sent.start_char, head.idx, states_only=True)
        if not body_type.placed_by_in(phrase):
            country = self._place_country(phrase)  # "Osh city hall": the country of the place it serves
            if country is not None:
                return country
            # "Border guards, migration officers and police in Ashgabat": a list shares the place of its last item
            listed = [head, *(t for t in head.subtree if t.dep_ == "conj" and t.pos_ == "NOUN" and t.i > head.i)]
            for prep in (c for item in listed for c in item.children if c.dep_ == "prep"
                         and c.lower_ in ("in", "of", "from") and (item is head or c.lower_ == "in")):
                for place in (t for t in prep.subtree if t.pos_ == "PROPN"):
                    country = self._country_of(self.ctx.entities.at(place.idx, place.idx + len(place)))
                    if country is not None:
                        return country
        owner = self._owner_by_have(head)
        if owner is not None:
            return owner
        if any(c.lower_ == "local" for c in head.children):
            return self._last_country(0, head.idx, agents_first=True)
        if body_type.slug in SPEAKS_FOR_ITS_CITIZENS:
            citizens = self._citizens_in(head.sent)
            if citizens is not None:
                return citizens  # "The Ministry of Foreign Affairs reported that seven Nepalis … have died"
        if body_type.home_default:
            return self.home()
        return None

    def _owner_by_have(self, head: Token) -> ReferenceEntity | None:
        """The country that "has" the body: "Colombia has the second largest military in Latin America", "With
        250,000 armed forces, Colombia has …" (the object of "have", or what its "with" phrase brings)."""
        verb = head.head
        if head.dep_ == "pobj" and verb.lower_ == "with" and verb.dep_ == "prep":
            verb = verb.head
        elif head.dep_ != "dobj":
            return None
        if verb.lemma_ != "have" or verb.pos_ not in ("VERB", "AUX"):
            return None
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            country = self._country_of(self.ctx.entities.at(subject.idx, subject.idx + len(subject)))
            if country is not None:
                return country
        return None

    def _place_country(self, phrase: Span) -> ReferenceEntity | None:
        """The country of the first place (or country) named in the phrase."""
        for tok in phrase:
            country = self._country_of(self.ctx.entities.at(tok.idx, tok.idx + len(tok)))
            if country is not None:
                return country
        return None

    def _citizens_in(self, sent: Span) -> ReferenceEntity | None:
        """The one nationality other than Russia's and Ukraine's whose people the sentence names ("seven
        Nepalis", "Kenyan nationals"), if there is exactly one."""
        found = set()
        for tok in sent:
            country = None
            if tok.text[:1].isupper():  # "Nepali", and the demonym of two words: "Sri Lankan"
                country = self.reference.by_demonym(tok.text) or (
                    self.reference.by_demonym(f"{tok.nbor(-1).text} {tok.text}") if tok.i > sent.start else None)
            if country is None or country.key in BELLIGERENTS:
                continue
            people = tok.pos_ in ("PROPN", "NOUN") and tok.lower_ != country.name.lower() or (
                tok.dep_ in ("amod", "compound") and tok.head.lemma_.lower() in PEOPLE_NOUNS)
            if people:
                found.add(country.key)
        return self.reference.by_key(found.pop()) if len(found) == 1 else None

    def _country_in(self, phrase: Span, body_type: BodyType) -> ReferenceEntity | None:
        """A country named inside the phrase, not in the place an embassy is "in"."""
        located = set()
        if body_type.placed_by_in(phrase):
            for tok in phrase:
                if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
                    located |= {t.i for t in tok.subtree}
        for tok in phrase:
            if tok.i in located:
                continue
            country = self.reference.by_demonym(tok.text) if tok.text[:1].isupper() else None
            entity = self.ctx.entities.at(tok.idx, tok.idx + len(tok), EntityKind.COUNTRY)
            if country is None and entity is not None:
                country = self.reference.by_key(entity.key)
            if country is not None:
                return country
        return None

    def _country_of(self, entity: Entity | None) -> ReferenceEntity | None:
        if entity is None:
            return None
        if entity.kind is EntityKind.COUNTRY:
            return self.reference.by_key(entity.key)
        if entity.kind in PLACE_KINDS and entity.country:
            return self.reference.by_key(entity.country)
        return None

    def _last_country(self, start: int, before: int, agents_first: bool = False,
                      states_only: bool = False) -> ReferenceEntity | None:
        """The country named last in [start, before), through a place or a body of that country; with
        `agents_first`, the last one named where an agent stands ("Authorities in Kazakhstan have launched a
        crackdown on participants in the war in Ukraine" → Kazakhstan) before any other; with `states_only`,
        not a demonym that only says whose people ("asked Russia to stop recruiting Nepali nationals in their
        army": Russia's army)."""
        if agents_first:
            for mention in reversed(self.ctx.entities.mentions):
                if mention.end > before or mention.start < start:
                    continue
                span = self.ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                country = self._country_of(self.ctx.entities.entities[mention.key])
                if country is not None and span is not None and is_agent_position(span.root):
                    return country
        for mention in reversed(self.ctx.entities.mentions):
            if mention.end > before or mention.start < start:
                continue
            if states_only and self._names_people(mention):
                continue
            country = self._country_of(self.ctx.entities.entities[mention.key])
            if country is None and self.ctx.entities.entities[mention.key].kind is EntityKind.ORGANIZATION:
                owner = self.ctx.entities.entities[mention.key].country
                country = self.reference.by_key(owner) if owner else None
            if country is not None:
                return country
        return None

    def _names_people(self, mention) -> bool:
        """Whether a mention is a demonym of people: "Nepali nationals", "Kenyan recruits"."""
        span = self.ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("amod", "compound") and \
            span.root.head.lemma_.lower() in PEOPLE_NOUNS

    def home(self) -> ReferenceEntity | None:
        """The country the article is about (`home_country`)."""
        if self._home is False:
            lead = home_country(self.ctx)
            self._home = self.reference.by_key(lead) if lead else None
        return self._home or None

    # --- entities ---

    def _known_entity(self, phrase: Span, head: Token) -> Entity | None:
        """The organization named in the phrase; not one in an "of" phrase after the head, whose part the body
        is ("the General Staff of the Armed Forces of Ukraine")."""
        for tok in phrase:
            entity = self.ctx.entities.at(tok.idx, tok.idx + len(tok), EntityKind.ORGANIZATION)
            if entity is None:
                continue
            part_of = tok.i > head.i and any(t.lower_ == "of" for t in phrase.doc[head.i + 1: tok.i]) and \
                self.ctx.entities.at(head.idx, head.idx + len(head), EntityKind.ORGANIZATION) is None
            return None if part_of else entity
        return None

    def _entity(self, body_type: BodyType, country: ReferenceEntity | None, phrase: Span, head: Token) -> Entity:
        place = self._location(phrase) if body_type.abroad else None
        branch = None if body_type.abroad else self._branch_of(phrase, head, body_type)
        if country is not None and not (branch is not None and body_type.regional):
            for name in self._names(body_type, country):
                ref = self.reference.lookup(name, EntityKind.ORGANIZATION)
                if ref is None or ref.country != country.key:
                    continue
                if branch is not None:  # "the Ministry of Internal Affairs of Tatarstan": the ministry's branch
                    preposition, where = branch
                    return self.ctx.entities.add(Entity(
                        f"{ref.key}/{where.key.split('/', 1)[1]}", EntityKind.ORGANIZATION,
                        f"{ref.name} {preposition} {where.name}", org_kind=ref.org_kind, country=ref.country))
                return self.ctx.entities.add(Entity(ref.key, EntityKind.ORGANIZATION, ref.name, iri=ref.iri,
                                                    org_kind=ref.org_kind, country=ref.country))
        if _proper_name(phrase, head, self.reference):
            name = _clean_phrase(phrase)  # a body's own name, as written: "Negombo Magistrate's Court"
            key = f"organization/{slug(name)}"
        elif country is None:
            name = body_type.name
            key = f"organization/{self.ctx.article.id}/{body_type.slug}"
        else:
            name = self._names(body_type, country)[0] + (f" in {place.name}" if place else "")
            key = f"organization/{country.key.split('/', 1)[1]}/{body_type.slug}" + (
                f"/{slug(place.name)}" if place else "")
        if body_type.slug == "city-hall":
            city = next((e for t in phrase if (e := self.ctx.entities.at(t.idx, t.idx + len(t), EntityKind.CITY))), None)
            if city is not None:  # "Osh city hall": the city's
                name, key, branch = f"{city.name} city hall", f"organization/{city.key.split('/', 1)[1]}/city-hall", None
        if branch is not None:  # "the Ministry of Internal Affairs for Khabarovsk Krai": a regional branch
            preposition, place = branch
            name, key = f"{name} {preposition} {place.name}", f"{key}/{place.key.split('/', 1)[1]}"
        return self.ctx.entities.add(Entity(key, EntityKind.ORGANIZATION, name, org_kind=body_type.kind,
                                            country=country.key if country else None))

    def _branch_of(self, phrase: Span, head: Token, body_type: BodyType) -> tuple[str, Entity] | None:
        """The region or city a national body's branch serves, and how the text says it: ("for", Moscow),
        ("of", Tatarstan); for a regional body also a place before it ("the Moscow prosecutor's office")."""
        if body_type.regional:
            for tok in phrase[: head.i - phrase.start]:
                entity = self.ctx.entities.at(tok.idx, tok.idx + len(tok))
                if entity is not None and entity.kind in (EntityKind.REGION, EntityKind.CITY) and \
                        tok.dep_ in ("compound", "nmod", "poss", "amod"):
                    return "of", entity
        for tok in phrase:
            if tok.dep_ == "prep" and tok.lower_ in ("for", "of"):  # "police in X" is where, not whose branch
                for obj in tok.subtree:
                    entity = self.ctx.entities.at(obj.idx, obj.idx + len(obj))
                    if entity is not None and entity.kind in (EntityKind.REGION, EntityKind.CITY):
                        return tok.lower_, entity
        return None

    @staticmethod
    def _names(body_type: BodyType, country: ReferenceEntity) -> list[str]:
        demonyms = [d for d in country.demonyms if not d.endswith("s") or d.endswith("ese")] or [country.name]
        of_form = f"{body_type.name} of {country.name}"
        demonym_forms = [f"{d} {body_type.name}" for d in demonyms]
        return [of_form, *demonym_forms] if body_type.of_style else [*demonym_forms, of_form]

    def _location(self, phrase: Span) -> Entity | None:
        for tok in phrase:
            if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
                for place in tok.subtree:
                    entity = self.ctx.entities.at(place.idx, place.idx + len(place))
                    if entity is not None and entity.kind in PLACE_KINDS:
                        return entity
        return None

    def _mention(self, phrase: Span, entity: Entity) -> None:
        start, end = phrase.start_char, phrase.end_char
        for mention in list(self.ctx.entities.mentions):
            other = self.ctx.entities.entities.get(mention.key)
            # An organization NER found over the phrase without its country is this body ("The Ministry of
            # Defence" with its determiner).
            if other is not None and other is not entity and other.kind is EntityKind.ORGANIZATION \
                    and mention.start < end and start < mention.end and other.iri is None and other.country is None:
                self.ctx.entities.retype(mention.start, mention.end, entity)
        self.ctx.entities.mention(start, end, entity.key)
        if not entity.evidence:
            entity.evidence.append(self.ctx.evidence(phrase, "entity:state-body", 0.75))

    def _remember(self, body_type: BodyType | None, entity: Entity) -> None:
        if body_type is not None:
            self.last_of_type[body_type.slug] = entity
        if "ministry" in entity.name.lower():
            self.last_ministry = entity


def home_country(ctx: ExtractionContext) -> str | None:
    """The key of the country the article is about: the one it names most (names, demonyms and its state
    bodies, not its armies), if one leads."""
    counts: Counter[str] = Counter()
    for mention in ctx.entities.mentions:
        entity = ctx.entities.entities[mention.key]
        if entity.kind is EntityKind.COUNTRY:
            counts[entity.key] += 1
        elif entity.kind is EntityKind.ORGANIZATION and entity.country and entity.org_kind in (
                OrgKind.GOVERNMENT_AGENCY, OrgKind.LEGISLATURE, OrgKind.COURT):
            counts[entity.country] += 1  # "Russia's Defense Ministry" names Russia; "the Russian army" not
    ranked = counts.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _phrase(head: Token) -> Span:
    """The body's noun phrase: its modifiers (determiners, demonyms, possessors) and "of"/"in"/"at" phrases."""
    doc = head.doc
    start = head.i
    for child in head.lefts:  # (not a number: "approximately 2,000 North Korean troops" names the troops)
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "case"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "at", "for"):
            end = max(end, _edge_before_another_body(child) + 1)
        elif child.dep_ in ("compound", "case"):
            end = max(end, child.i + 1)
        else:
            break
    if head.dep_ == "compound" and head.head.i > head.i and head.head.lemma_.lower() in HEAD_LEMMAS:
        end = max(end, head.head.i + 1)  # "Foreign Affairs Ministry"
    while start < head.i and doc[start].dep_ == "det":
        start += 1
    return doc[start:end]


def _edge_before_another_body(node: Token) -> int:
    """The last token of `node`'s phrase, short of a body coordinated into it by the parse: in "its mission in
    Russia and Ministry of Foreign Affairs", the ministry is another body, not a part of the mission's place
    (while "the Ministry of Labour, Migration and Employment" is one name)."""
    last = node.i
    for child in node.children:
        if child.i < node.i:
            continue
        if child.dep_ == "conj" and child.lemma_.lower() in HEAD_LEMMAS:
            break
        last = max(last, _edge_before_another_body(child))
    return last


def _proper_name(phrase: Span, head: Token, reference: ReferenceData) -> bool:
    """A body's own name: two or more capitalised words ending in a capitalised head ("Negombo Magistrate's
    Court", "Osh City Hall"), not a country's plain body ("Kenya's Government", "the Kyrgyz Interior Ministry")."""
    words = [t for t in phrase
             if t.is_alpha and t.dep_ not in ("det", "poss") and t.lower_ not in ("of", "for", "in", "at")]
    own_words = [t for t in words if t.lower_ not in STANDARD_BODY_WORDS and t.ent_type_ not in ("GPE", "NORP")
                 and reference.by_demonym(t.text) is None and reference.lookup(t.text, EntityKind.PLACE) is None]
    # A court is always a particular court: "the Naryn Regional Court" is named by its place and level alone,
    # while "the Kyrgyz Interior Ministry" is the one ministry of its country.
    named_by_place = head.lemma_.lower() in ("court", "tribunal")
    return head.text[:1].isupper() and head.pos_ == "PROPN" and len(words) >= 2 and (
        bool(own_words) or named_by_place) and all(t.text[:1].isupper() for t in words)


def _clean_phrase(phrase: Span) -> str:
    return " ".join(t.text for t in phrase if t.dep_ != "det").replace(" 's", "'s").replace(" ’s", "’s")


def _bare(phrase: Span, head: Token) -> bool:
    """"the ministry", "the court": no word but the determiner and the head."""
    return all(t.i == head.i or t.dep_ in ("det", "punct") for t in phrase)
