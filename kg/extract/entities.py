"""Entities of one article: reference matches, named entities, and their resolution.

Mechanisms, in order of trust:
1. reference data (a curated gazetteer of countries, Russian state bodies, top officials) matched on surface
   forms and aliases, including acronyms (MoD, MVD, FSB) and transliteration variants;
2. spaCy NER spans, looked up in the reference data, else typed by their label and by cue words in the name
   ("Krai" → region, "University" → university, "Ministry" → government agency);
3. within-article resolution: a bare surname, or a name with a possessive, resolves to the full name mentioned
   earlier; demonyms ("Tajik", "Nepalese") are mentions of their country.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token
from spacy.util import filter_spans

from kg.extract.bodies import STANDARD_BODY_WORDS, read_bodies
from kg.extract.context import ExtractionContext
from kg.extract.lexicon import (SURNAME_ENDINGS, TOPONYM_ENDINGS, TOPONYM_FIRST_WORDS, TOPONYM_MIN_LENGTH,
                                TOPONYM_PREFIXES)
from kg.extract.places import retype_listed_places
from kg.extract.titles import (PRIVATE_CUES, RANK_ABBREVIATIONS, TITLE_FIELD_WORDS, TITLE_QUALIFIERS, TITLE_WORDS,
                               find_title)
from kg.model import PLACE_KINDS, Entity, EntityKind, OrgKind, PersonRole, entity_key, fold_person_name, slug
from kg.reference import RUSSIA_KEY, ReferenceData, ReferenceEntity

# The number of a Russian legal act: "138-FZ", "No. 5-FKZ".
_ACT_NUMBER = re.compile(r"\d+-[A-Z]{1,4}\b")

# The head nouns of legislatures' names: "the Milli Majlis", "the Jogorku Kenesh", "the National Assembly".
LEGISLATURE_NOUNS = frozenset({"parliament", "assembly", "senate", "congress", "duma", "rada", "majlis", "mazhilis",
                               "kenesh", "sejm", "knesset"})
REGION_SUFFIXES = ("krai", "oblast", "oblasts", "region", "republic", "province", "okrug", "territory")
ORG_KIND_CUES: tuple[tuple[OrgKind, tuple[str, ...]], ...] = (
    (OrgKind.UNIVERSITY, ("university", "academy", "institute of technology", "college", "school of")),
    (OrgKind.LEGISLATURE, (*LEGISLATURE_NOUNS, "federation council", "legislat", "house of representatives",
                           "house of commons", "house of lords", "chamber of deputies")),
    (OrgKind.COURT, ("court", "tribunal")),
    (OrgKind.ARMED_GROUP, ("legion", "militia", "paramilitary", "rebel", "insurgent")),
    (OrgKind.ARMED_FORCE, ("army", "armed forces", "military", "brigade", "battalion", "regiment", "guard",
                          "navy", "air force", "fleet")),
    (OrgKind.MEDIA_OUTLET, ("news", "times", "post", "tribune", "gazette", "gazeta", "radio", "tv",
                           "information agency", "press agency", "telegraph agency", "telegraphic agency",
                           "television", "journal", "news agency", "press", "media", "daily", "reuters",
                           "tass", "bbc", "cnn", "rfe/rl", "al jazeera", "interfax", "ria", "herald")),
    # Words of a state body's name that a council, committee or bank of the state has ("Supreme Judicial
    # Council", "National Bank of Tajikistan", "Coordination Headquarters for …").
    (OrgKind.GOVERNMENT_AGENCY, ("supreme ", "judicial", "security council", "headquarters", "national bank",
                                "central bank", "state ", "federal ", "territorial ", "presidential",
                                "council of ministers", "ministry", "national guard", "national security",
                                "state security", "internal affairs", "general staff")),
    (OrgKind.NGO, ("endowment", "institute", "foundation", "center", "centre", "watch", "amnesty", "crisis group",
                   "council", "memorial", "network", "union", "association", "initiative", "project",
                   "committee for", "human rights", "rights group", "coalition", "society")),
    (OrgKind.GOVERNMENT_AGENCY, ("ministry", "committee", "office", "service", "directorate", "department",
                                "agency", "administration", "commission", "government", "kremlin", "police",
                                "prosecutor", "bureau", "inspectorate", "embassy", "cabinet", "interpol",
                                "europol")),
    (OrgKind.COMPANY, ("inc", "ltd", "llc", "company", "corporation", "group", "bank", "market")),
)
MEDIA_CONTEXT = ("outlet", "newspaper", "news site", "website", "channel", "broadcaster", "news agency",
                 "publication", "magazine", "tabloid", "portal")
# A name right after one of these is an organization even when NER calls it a person ("the rights group X").
ORG_CONTEXT = ("group", "organization", "organisation", "ngo", "movement", "foundation", "association",
               "network", "initiative", "union", "charity", "project", "party", "monitor", "watchdog", "observatory")
NER_KINDS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# The people of a body that make it a state body: "CID officials", "NIS officers".
STAFF_OF_A_STATE_BODY = frozenset({"official", "officer", "spokesperson", "spokesman", "spokeswoman"})
# The capitalised last word of a legal act's name, which NER may take for an organization's.
NAMED_ACT_HEADS = frozenset({"Act", "Law", "Code", "Bill", "Decree"})
COMPANY_CONTEXT = frozenset({"company", "firm", "corporation", "operator", "conglomerate", "manufacturer"})
STATE_BODY_KINDS = frozenset({OrgKind.GOVERNMENT_AGENCY, OrgKind.LEGISLATURE, OrgKind.COURT, OrgKind.ARMED_FORCE})
# Nouns for the people of a place that NER takes into an organization's name: "Citizens of Zambia".
PEOPLE_OF_WORDS = frozenset({"citizens", "nationals", "natives", "residents", "people", "families", "migrants"})
CRIMINAL_CUES = frozenset({"criminal", "gang", "ring", "syndicate", "trafficking", "smuggling", "cartel", "mafia"})
PRIVATE_AGENCY_CUES = frozenset({"travel", "recruitment", "recruiting", "manpower", "employment", "placement",
                                 "staffing", "overseas", "foreign-employment", "private", "tour"})
# A body's common noun alone is no name: "the Army", "the Court".
GENERIC_BODY_NOUNS = frozenset({"army", "court", "police", "government", "ministry", "military", "parliament",
                                "cabinet", "embassy", "consulate", "navy", "authorities", "committee", "council",
                                "media", "press"})
# Caption words NER runs into a name: "Temur Hamidov Photo: …".
FURNITURE_WORDS = frozenset({"Photo", "Photos", "Video", "Image", "Credit", "File"})
# Words no person's name holds: a NER "person" with one is an organization.
ORG_NOUNS = frozenset({"agency", "news", "ministry", "committee", "service", "council", "office", "department",
                       "union", "association", "foundation", "institute", "university", "court", "police",
                       "army", "forces", "bureau", "commission", "party", "movement", "network", "centre",
                       "center", "group", "channel", "company", "corporation", "brigade", "embassy", "headquarters",
                       "observatory", "directorate", "inspectorate", "secretariat", "administration", "fleet",
                       "legion", "battalion", "regiment", "bank", *LEGISLATURE_NOUNS})
# NER labels a titled name may carry by mistake ("lawmaker Bishnu Prasad Adhikari" as a WORK_OF_ART).
OVERRIDABLE_ENTS = {"", "WORK_OF_ART", "PRODUCT", "EVENT", "LANGUAGE"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "shri", "smt", "sri", "sir", "mr.", "president", "lawmaker", "minister",
              "sergeant", "sgt", "corporal", "cpl", "private", "pvt",
              "general", "colonel", "prosecutor",
              "senator", "deputy", "governor", "mayor", "journalist", "lawyer", "analyst", "professor"}


# The name of a unit of a state's armed forces.
MILITARY_UNIT = re.compile(r"\b(?:Military District|Fleet|Army|Armies|Corps|Division|Brigade|Regiment|Flotilla"
                           r"|(?:Assault|Rifle|Tank|Artillery|Infantry|Motorized|Airborne) (?:Company|Battalion))$")
# Nouns of an area: a name that modifies one names a place, whatever NER calls it.
AREA_NOUNS = {"zone", "area", "region", "territory", "territories", "district", "front", "border"}


@functools.lru_cache(maxsize=16384)  # a pure function the surname rules call for every name, many times
def name_variants(name: str) -> frozenset[str]:
    """Transliteration-insensitive forms of a name, to match within one article Matveev/Matveyev, Yuri/Yury,
    Aleksei/Alexey, Mikhail/Mihail, Yevgeny/Evgeny (the entity key folds only the safest of these)."""
    base = slug(name)
    folded = fold_person_name(name)
    folded = re.sub(r"(?<![a-z])ye", "e", folded)  # Yevgeny → Evgeny, Yelena → Elena
    folded = folded.replace("kh", "h").replace("ks", "x").replace("ii", "i")
    folded = re.sub(r"(?<=[a-z])y", "i", folded)  # Dmitry → Dmitri, Alexey → Alexei, Tatyana → Tatiana
    return frozenset({base, folded})


# Each kind's cues as one pattern: a cue not right after a letter (the same test as one search per cue).
_ORG_KIND_PATTERNS = tuple(
    (kind, re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, cues)) + ")")) for kind, cues in ORG_KIND_CUES
)


@functools.lru_cache(maxsize=16384)
def guess_org_kind(name: str) -> OrgKind:
    lowered = name.lower()
    words = set(re.findall(r"[a-z-]+", lowered))
    if words & {"agency", "bureau", "consultancy", "services"} and words & PRIVATE_AGENCY_CUES \
            and not words & {"state", "national", "federal", "public", "government"}:
        return OrgKind.COMPANY  # "Global Manpower Agency", "Star Travel Agency": a firm, not a state body
    for kind, pattern in _ORG_KIND_PATTERNS:
        if pattern.search(lowered):
            return kind
    return OrgKind.OTHER


# How many links (appositions, prepositions) a name may hang below the descriptor it is in apposition to.
APPOSITION_CLIMB = 4


def described_after(span: Span) -> OrgKind | None:
    """The kind an indefinite descriptor in apposition after a name gives ("Tong Jahoni, a Russia-focused human
    rights organization"; "X, a recruitment agency"): the name is that organization."""
    for appositive in (c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end and c.pos_ == "NOUN"):
        if appositive.left_edge.lower_ in ("a", "an"):
            return descriptor_org_kind(span.doc[appositive.left_edge.i: appositive.i + 1].text)
    # The parse may hang the appositive elsewhere ("… the head of Syrians for Truth and Justice, an advocacy
    # group that …" on the person): an indefinite noun phrase right after the name's comma describes it.
    doc = span.doc
    inside_a_name = span.start > 1 and doc[span.start - 1].lower_ in ("and", "for", "of", "&") and \
        doc[span.start - 2].text[:1].isupper()  # "Truth and [Justice]", not "the head of [Syrians for …]"
    end = span.end  # past the rest of a name NER cut short: "[Voices for Truth] and Dignity, an advocacy group"
    while end + 1 < len(doc) and doc[end].lower_ in ("and", "of", "for", "&") and doc[end + 1].text[:1].isupper():
        end += 2
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
    if not inside_a_name and end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an"):
        noun = next((t for t in doc[end + 2: end + 6] if t.dep_ == "appos" and t.pos_ == "NOUN"), None)
        if noun is not None:
            return descriptor_org_kind(doc[end + 1: noun.i + 1].text)
    return None


def descriptor_org_kind(descriptor: str) -> OrgKind | None:
    """The kind of organization a descriptor names ("the legal aid group", "the news site", "the firm"), or
    None when it has no organization noun. A "group" or "initiative" is an NGO unless said to be a company."""
    words = set(re.findall(r"[a-z]+", descriptor.lower()))
    if words & CRIMINAL_CUES:
        return OrgKind.OTHER  # "the criminal group", "a trafficking ring": no NGO
    if words & {"agency", "bureau"} and words & PRIVATE_AGENCY_CUES:
        return OrgKind.COMPANY  # "a travel agency", "a manpower agency"
    if not words & set(ORG_CONTEXT + MEDIA_CONTEXT + ("company", "firm", "corporation", "bank")):
        return None
    if words & COMPANY_CONTEXT:
        return OrgKind.COMPANY  # "the private military company X": a firm, whatever it does
    kind = guess_org_kind(descriptor)
    if kind in (OrgKind.OTHER, OrgKind.COMPANY) and not words & {"company", "firm", "corporation", "bank"}:
        return OrgKind.NGO
    return kind


def toponym_shaped(name: str) -> bool:
    """A name shaped like a Russian or Central Asian town's, which NER often types a person or an organization:
    a place-name adjective or prefix first ("Nizhnyaya Salda", "Velikiye Luki", "Ust-Kut"), or one word with
    a town ending ("Kamensk", "Novouralsk"). A name with an organization cue ("Novaya Gazeta") is not one."""
    words = name.split()
    first = words[0].lower()
    if not all(w[:1].isupper() for w in words) or guess_org_kind(name) != OrgKind.OTHER:
        return False
    if first.startswith(TOPONYM_PREFIXES) or (len(words) > 1 and first in TOPONYM_FIRST_WORDS):
        return True
    return len(words) == 1 and len(name) >= TOPONYM_MIN_LENGTH and first.endswith(TOPONYM_ENDINGS)


def _plain_body(words: list[str]) -> bool:
    """A country's plain body ("Interior Ministry", "State Security Service"), which the body reader names."""
    return all(w.lower() in STANDARD_BODY_WORDS for w in words)


def _alone_on_its_line(span: Span, text: str) -> bool:
    """Whether `span` is all its line holds; `text` is the Doc's text (spaCy rebuilds `Doc.text` at each read)."""
    name = span.text.strip()
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.start_char + len(name))
    return text[start: end if end >= 0 else len(text)].strip() == name


def _only_in_a_heading(span: Span) -> bool:
    """A name in a title-case heading (a line, or a related headline run into a paragraph) whose last word the
    text never writes outside that heading."""
    sentence = span.sent
    words = [t for t in sentence if len(t) > 3 and t.is_alpha]
    if not all(t.text[0].isupper() for t in words):
        return False
    # Words besides names and titles: "Prime Minister X and President Y met" is no heading
    common = [t for t in words if t.lower_ not in TITLE_WORDS and t.ent_type_ != "PERSON"
              and not span.start <= t.i < span.end]
    if len(common) < HEADING_MIN_LONG_WORDS:
        return False
    text = span.doc.text
    rest = text[:sentence.start_char] + "\n" + text[sentence.end_char:]
    return re.search(rf"\b{re.escape(span[-1].text)}\b", rest) is None


def _clean_name(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"\s+(of|for|and|the)$", "", text, flags=re.I)  # "2nd Assault Company of"
    text = re.sub(r"['\u2019]s?$", "", text).strip()
    return re.sub(r"\s+", " ", text)


@dataclass
class _ArticleNames:
    """What the entity stage learns about names as it reads one article."""

    places: set[str]  # names NER tagged a place somewhere in the article
    acronyms: dict[str, Entity] = field(default_factory=dict)  # "NBKR" → the body written out before it


def _without_acronym(span: Span) -> tuple[Span, Span | None]:
    """A name span without the acronym in brackets NER ran into it, and that acronym: "National Bank of the
    Kyrgyz Republic (NBKR)" → the name and "NBKR" (also when the acronym follows the span)."""
    doc = span.doc
    opening = next((t.i for t in span if t.text == "("), None)
    name = span if opening is None else Span(doc, span.start, opening, label=span.label_)
    at = opening if opening is not None else span.end
    if at + 2 < len(doc) + 1 and at < len(doc) and doc[at].text == "(" and at + 1 < len(doc):
        candidate = doc[at + 1]
        if re.fullmatch(r"[A-Z][A-Za-z]{1,6}", candidate.text) and sum(ch.isupper() for ch in candidate.text) >= 2 \
                and at + 2 < len(doc) and doc[at + 2].text == ")":
            return name, doc[at + 1: at + 2]
    return name, None


# Nouns of funds and programmes a name can modify ("a … Authority package", "… Initiative funds").
PROGRAMME_NOUNS = frozenset({"package", "funds", "fund", "programme", "program", "scheme", "grant", "loan",
                             "tranche", "assistance", "aid"})
# A heading is a sentence whose words of four letters or more are all capitalised, this many of them no names.
HEADING_MIN_LONG_WORDS = 3
# Words in the names of operations, campaigns and events, never in a person's name.
ACTIVITY_NAME_WORDS = frozenset({"operation", "operational", "action", "campaign", "initiative", "programme",
                                 "program", "project", "forum", "summit", "preventive"})
ARMED_FORCES_WORDS = frozenset({"the", "armed", "forces", "army", "military", "troops"})
# Head nouns of the names of agreements and other texts, which NER often tags as organizations.
DOCUMENT_NOUNS = frozenset({"agreement", "treaty", "convention", "accord", "accords", "pact", "protocol",
                            "memorandum", "declaration", "charter"})


def _names_an_act(span: Span) -> bool:
    """A name that ends in an act's head word, maybe with its number and year: "the Foreign Military Assistance
    Act", "Regulation of Foreign Military Assistance Act 15 of 1998"."""
    heads = [t.i for t in span[1:] if t.text in NAMED_ACT_HEADS]
    return bool(heads) and all(t.like_num or t.lower_ in ("of", "no", "no.", ",")
                               for t in span.doc[heads[-1] + 1: span.end])


def _spells_a_common_noun(span: Span) -> bool:
    """An acronym in brackets after the lower-case words it abbreviates: "private military company (PMC)"."""
    doc = span.doc
    if len(span) != 1 or not span.text.isupper() or span.start < 2 or doc[span.start - 1].text != "(":
        return False
    letters = span.text.lower()
    words = doc[max(0, span.start - 1 - len(letters)): span.start - 1]
    return len(words) == len(letters) and all(t.text.islower() for t in words) and \
        "".join(t.text[0] for t in words) == letters


def _bare_armed_forces(name: str) -> bool:
    """"the Armed Forces", "the Army": a state's forces named without the state."""
    words = name.lower().split()
    return bool(words) and all(w in ARMED_FORCES_WORDS for w in words)


def _field_of_a_title(span: Span) -> bool:
    """Whether a name is only the field words of the title right after it ("National Security Advisor")."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    words = [t.lower_ for t in span if t.pos_ != "DET"]
    return after is not None and after.lower_ in TITLE_WORDS and bool(words) and all(
        w in TITLE_FIELD_WORDS for w in words)


def _joined_split_names(spans: list[Span], ref_spans: list[Span]) -> list[Span]:
    """A given name and a surname the recognizer split into two names of other kinds ("Tatyana" GPE +
    "Dmitrieva" ORG) are one person's name: two adjacent one-word spans, the second shaped like a surname, neither
    a name of the reference data."""
    known = {t for ref in ref_spans for t in range(ref.start, ref.end)}
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and previous.end == span.start and len(previous) == len(span) == 1 \
                and "PERSON" not in (previous.label_, span.label_) and previous.label_ != "NORP" \
                and previous[0].text.istitle() and span[0].text.istitle() and span[0].is_alpha \
                and span[0].lower_.endswith(SURNAME_ENDINGS) and not {previous.start, span.start} & known:
            joined[-1] = Span(span.doc, previous.start, span.end, label="PERSON")
            continue
        joined.append(span)
    return joined


def _is_title_word(token: Token) -> bool:
    """A word of a title, maybe plural ("Presidents Uhuru Kenyatta and Vladimir Putin")."""
    word = token.lower_
    return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS)


class EntityReader:
    """Fills `ctx.entities`. Built once per spaCy vocabulary (the phrase matcher is the costly part)."""

    def __init__(self, reference: ReferenceData, vocab, tokenizer=None) -> None:
        self.reference = reference
        self.matcher_lower = PhraseMatcher(vocab, attr="LOWER")
        self.matcher_exact = PhraseMatcher(vocab, attr="ORTH")
        self._by_form: dict[str, ReferenceEntity] = {}
        # Top officials are often named by surname alone ("Putin said"): domain knowledge, not guesswork.
        self._officials_by_surname: dict[str, ReferenceEntity] = {}
        for entity in reference.entities:
            if entity.kind == EntityKind.PERSON:
                for variant in name_variants(entity.name.split()[-1]):
                    self._officials_by_surname[variant] = entity
        # The pipeline's own tokenizer, as the Docs are split (a blank English one only when none is given).
        make = tokenizer if tokenizer is not None else English(vocab=vocab).tokenizer
        for form, entity in reference.surface_forms():
            if len(form) < 2:
                continue
            key = f"{entity.key}|{form}"
            self._by_form[key] = entity
            # Acronyms and short forms match case-sensitively: "MoD", not "mod". So does a one-word name, a
            # place's as written or in capitals ("MOSCOW —"): "Perm", "Tamale", "Turkey", "Memorial" are words
            # in lower case.
            one_word_place = entity.kind in PLACE_KINDS and " " not in form
            if len(form) <= 4 or form.isupper() or " " not in form:
                self.matcher_exact.add(key, [make(form), make(form.upper())] if one_word_place else [make(form)])
            else:
                self.matcher_lower.add(key, [make(form)])
        # Demonyms ("Uzbeks", "Sri Lankan") are mentions of their country even where NER tags nothing;
        # capitalised only, so "polish" or "french fries" stay words.
        self.matcher_demonym = PhraseMatcher(vocab, attr="ORTH")
        for entity in reference.entities:
            for demonym in entity.demonyms:
                key = f"{entity.key}|{demonym}"
                self._by_form[key] = entity
                self.matcher_demonym.add(key, [make(demonym)])

    def __call__(self, ctx: ExtractionContext) -> None:
        doc = ctx.doc
        strings = doc.vocab.strings
        ref_spans: list[Span] = []
        for matcher in (self.matcher_lower, self.matcher_exact):
            for match_id, start, end in matcher(doc):
                ref_spans.append(Span(doc, start, end, label=strings[match_id]))
        ner_spans = _joined_split_names([ent for ent in doc.ents if ent.label_ in NER_KINDS], ref_spans)
        # Reference matches win over an overlapping NER span unless the NER span is a longer person name; a
        # person name run into a reference name ("… of the Russian Federation Irina Volk") keeps its own part.
        ner_kept = [self._trimmed(s, ref_spans) or s for s in ner_spans if not self._covered(s, ref_spans)]
        ner_kept += [t for s in ner_spans if self._covered(s, ref_spans) and (t := self._trimmed(s, ref_spans))]
        # A demonym inside a longer name NER found ("the Indian Ocean") is part of that name.
        demonym_spans = [Span(doc, start, end, label=strings[match_id])
                         for match_id, start, end in self.matcher_demonym(doc)]
        demonym_spans = [d for d in demonym_spans
                         if not any(n.label_ != "NORP" and n.start < d.end and d.start < n.end for n in ner_kept)]
        # One name, one sense per article: a name NER tags as a place anywhere is a place where it calls it a
        # person ("Kerala" in "residents of Kerala" and in "nationals belonging to Kerala").
        names = _ArticleNames({_clean_name(ent.text) for ent in ner_spans if ent.label_ in ("GPE", "LOC")})
        for span in filter_spans(ref_spans + ner_kept + demonym_spans):
            ref = self._by_form.get(span.label_)
            # A town that is also the surname of someone already named ("Zhukovsky", "Kirov") is that person.
            known = self._person_by_surname(ctx, span.text) if ref is not None and ref.kind in PLACE_KINDS \
                and len(span) == 1 else None
            if known is not None:
                self._note(ctx, known, span, "entity:surname-resolution", 0.8)
            elif ref is not None:
                self._add_reference(ctx, span, ref)
            else:
                self._add_ner(ctx, span, names)
        self._find_unlabelled_people(ctx)
        self._committees_of_legislatures(ctx)
        self._merge_person_and_org_of_one_name(ctx)
        self._resolve_surnames(ctx)
        self._mention_every_occurrence(ctx)
        self._add_countries_of_places(ctx)
        retype_listed_places(ctx)
        read_bodies(ctx, self.reference)

    @staticmethod
    def _trimmed(span: Span, ref_spans: list[Span]) -> Span | None:
        """The part of a NER person span after the reference names it overlaps, when two or more words are
        left: "Federation Irina Volk" → "Irina Volk"."""
        if span.label_ != "PERSON":
            return None
        overlapping = [r for r in ref_spans if r.start < span.end and span.start < r.end]
        if not overlapping:
            return None
        start = max(r.end for r in overlapping)
        if span.end - start < 2 or any(r.start >= start for r in overlapping):
            return None
        return Span(span.doc, start, span.end, label="PERSON")

    def _covered(self, span: Span, ref_spans: list[Span]) -> bool:
        for ref in ref_spans:
            if ref.start < span.end and span.start < ref.end:
                rest = [t.text for t in span.doc[ref.end: span.end]]
                if span.label_ == "ORG" and span.start <= ref.start <= span.start + 1 and rest and \
                        self._is_country_form(ref.label_) and not _plain_body(rest) and (
                            span[-1].lower_ in STANDARD_BODY_WORDS or span[-1].lower_ in ORG_NOUNS):
                    # "the US Department of Defense", "the US Coast Guard": the country's own body (a plain
                    # one, "the Nepal Police", is the body reader's to name)
                    continue
                if span.label_ == "PERSON" and (span.end - span.start) > (ref.end - ref.start):
                    return False
                own = {t.lower_ for t in span[: ref.start - span.start] if t.is_alpha} - {"of", "the"}
                if span.label_ == "ORG" and span.start < ref.start and ref.end <= span.end and \
                        span.doc[ref.start - 1].lower_ in ("of", "the") and not own <= STANDARD_BODY_WORDS:
                    continue  # "the National Bank of the Kyrgyz Republic": a body of its own, named after its country
                return True
        return False

    def _is_country_form(self, label: str) -> bool:
        entity = self._by_form.get(label)
        return entity is not None and entity.kind == EntityKind.COUNTRY

    def _foreign_qualifier(self, span: Span) -> ReferenceEntity | None:
        """The other country a Russian body's name is qualified with: "Kyrgyzstan's Interior Ministry",
        "the Kazakh Defense Ministry", "the Interior Ministry of Tajikistan" name that country's ministry."""
        doc = span.doc
        candidates = []
        if span.start >= 2 and doc[span.start - 1].lower_ in ("'s", "\u2019s"):
            candidates.append(doc[span.start - 2].text)
        if span.start >= 1:
            candidates.append(doc[span.start - 1].text)
        if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            candidates.append(doc[span.end + 1: span.end + 3].text)
            candidates.append(doc[span.end + 1].text)
        for text in candidates:
            country = self.reference.by_demonym(text) or self.reference.lookup(text, EntityKind.COUNTRY)
            if country is not None:
                return country if country.key != RUSSIA_KEY else None
        return None

    def _add_reference(self, ctx: ExtractionContext, span: Span, ref: ReferenceEntity) -> Entity:
        foreign = self._foreign_qualifier(span) if ref.country == RUSSIA_KEY and ref.kind != EntityKind.PERSON \
            else None
        if foreign is not None and not span.text.lower().startswith("russia"):
            name = f"{foreign.name} {_clean_name(span.text)}"
            entity = ctx.entities.add(Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION,
                                             name, org_kind=ref.org_kind, country=foreign.key))
            self._note(ctx, entity, span, "entity:foreign-body", 0.8)
            return entity
        entity = ctx.entities.add(
            Entity(
                key=ref.key,
                kind=ref.kind,
                name=ref.name,
                iri=ref.iri,
                org_kind=ref.org_kind,
                country=ref.country,
                role=PersonRole.OFFICIAL if ref.kind == EntityKind.PERSON and self._holds_state_post(ref) else None,
            )
        )
        self._note(ctx, entity, span, "entity:reference", 0.95)
        return entity

    def _holds_state_post(self, person: ReferenceEntity) -> bool:
        """Whether a curated person's post is in a state body: the founder of a private military company is
        no official."""
        for _, org_key in person.posts:
            org = self.reference.by_key(org_key) if org_key else None
            if org is None or org.org_kind in (OrgKind.GOVERNMENT_AGENCY, OrgKind.LEGISLATURE, OrgKind.COURT,
                                               OrgKind.ARMED_FORCE):
                return True
        return False

    def _note(self, ctx: ExtractionContext, entity: Entity, span: Span, mechanism: str, confidence: float) -> None:
        ctx.entities.mention(span.start_char, span.end_char, entity.key)
        if not entity.evidence:  # the first mention is the entity's evidence in this article
            entity.evidence.append(ctx.evidence(span, mechanism, confidence))

    def _add_ner(self, ctx: ExtractionContext, span: Span, names: _ArticleNames) -> None:
        label = span.label_
        if label == "ORG" and span[-1].lower_ in ("of", "for") and span.end < span.sent.end:
            after = span.doc[span.end + (span.doc[span.end].lower_ == "the")]
            if after.ent_type_ == "GPE" and after.ent_iob_ == "B":  # "the Foreign Intelligence Service of | Ukraine"
                end = after.i + 1
                while end < span.sent.end and span.doc[end].ent_iob_ == "I":
                    end += 1
                span = Span(span.doc, span.start, end, label="ORG")
        if label == "ORG" and len(span) > 2 and span[0].lower_ in PEOPLE_OF_WORDS and span[1].lower_ == "of":
            span = span[2 + (span[2].lower_ == "the"):]  # "[Citizens of] Zambia": the people of a place, no body
            label = "GPE"
        if label in ("ORG", "PERSON") and any(
                t.tag_ in ("VBD", "VBN", "VBZ", "VBP") and t.text[:1].isupper() and t.i > span.start for t in span):
            return  # "Colombian Mercenaries Recruited with False Promises to Fight": a headline, no name
        text = _clean_name(span.text)
        if not text or not any(ch.isalpha() for ch in text) or _ACT_NUMBER.search(text):
            return  # no name, or the number of a legal act ("138-FZ") NER took for one
        if any(m.start <= span.start_char and span.end_char <= m.end and
               ctx.entities.entities[m.key].kind is EntityKind.PERSON for m in ctx.entities.mentions):
            return  # the "(NP)" inside a name read before
        if len(text.split()) == 1 and label in ("ORG", "PERSON") and _alone_on_its_line(span, ctx.text):
            return  # "Fighting", a digest's section heading: no name
        if label in ("GPE", "LOC", "FAC", "ORG") and not any(ch.isupper() for ch in text):
            return  # "in absentia", "hostels and mosques", "court": common words, no names
        if label == "ORG" and all(w.lower() in TITLE_WORDS for w in text.split()):
            return  # "Major General": a title, no organization
        if label == "ORG" and text.lower() in GENERIC_BODY_NOUNS:
            return  # "Army", "Court": a body's common noun, read with its country by the body reader
        if label in ("ORG", "LAW") and len(span) > 1 and _names_an_act(span):
            return  # "the Foreign Military Assistance Act": a legal act (read by the act reader), no organization
        # NER often tags a demonym ("Kyrgyz", "Twelve Nepalis") as a person or an organization.
        counted = span
        while len(counted) > 1 and (counted[0].like_num or counted[0].pos_ == "DET"):
            counted = counted[1:]
        country = self.reference.by_demonym(_clean_name(counted.text))
        if country is not None:
            self._add_reference(ctx, counted, country)
            return
        if label == "NORP" and not toponym_shaped(text):  # "Sorokinsk police": no nationality
            return
        ref = self.reference.lookup(text)
        if ref is not None:
            self._add_reference(ctx, span, ref)
            return
        known = self._person_by_surname(ctx, text) if len(text.split()) == 1 else None
        if known is not None:  # "Bastrykin" tagged ORG or GPE after "Alexander Bastrykin" was named
            self._note(ctx, known, span, "entity:surname-resolution", 0.8)
            return
        official = self._officials_by_surname.get(slug(text)) if len(text.split()) == 1 else None
        if official is not None and label in ("PERSON", "ORG"):
            self._add_reference(ctx, span, official)
            return
        if label in ("PERSON", "ORG", "NORP") and toponym_shaped(text):
            label = "GPE"  # "Nizhnyaya Salda has become a hub": NER calls a lesser-known town a person
        if label == "PERSON" and len(text.split()) == 1 and (self._after_place_preposition(span) or (
                span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.lemma_.lower() in AREA_NOUNS)):
            label = "GPE"  # "raids in Kurgan", "in the Kalininsky district": NER calls a lesser-known place a person
        if label == "PERSON" and (text in names.places or self._listed_with_a_place(span)):
            label = "GPE"  # "from Mumbai and Tamil Nadu": one list, one kind
        unit = label in ("ORG", "LOC", "GPE", "PERSON", "NORP") and MILITARY_UNIT.search(text) is not None
        if unit:
            label = "ORG"  # "the Western Military District", "the Northern Fleet": a unit of a state's forces
            if span.start > 0 and span.doc[span.start - 1].ent_type_ == "ORDINAL":
                span = span.doc[span.start - 1: span.end]  # "the 58th Combined Arms Army"
                text = _clean_name(span.text)
        if label == "ORG" and any(t.dep_ == "compound" and t.head.lemma_.lower() in AREA_NOUNS and
                                  not span.start <= t.head.i < span.end for t in span):
            label = "LOC"  # "to the Northern Military District zone": a name that modifies an area is a place
        if label == "PERSON" and set(text.lower().split()) & ORG_NOUNS:
            label = "ORG"  # "the state-owned National News Agency" is no person
        if label in ("PERSON", "GPE", "LOC") and described_after(span) is not None:
            label = "ORG"  # "Tong Jahoni, a Russia-focused human rights organization"
        if label == "PERSON" and not any(w[:1].isupper() for w in text.split()):
            return  # "vagerah kuch": words of another language NER took for a name
        if label == "PERSON" and text.split()[-1] in FURNITURE_WORDS and len(text.split()) > 1:
            span = span[:-1]  # "Temur Hamidov Photo": a caption's credit word
            text = _clean_name(span.text)
        if label in ("ORG", "GPE") and len(span) > 2 and _is_title_word(span[0]) and \
                self._titled_like_a_person(span[1:]):
            # "[Lawyer] Dmitry Zakhvatov", "[Presidents] Uhuru Kenyatta and …"
            span, text, label = span[1:], _clean_name(span[1:].text), "PERSON"
        if label == "PERSON" and span.end + 3 < len(span.doc) and span.doc[span.end].text == "(" and \
                span.doc[span.end + 2].text == ")" and span.doc[span.end + 1].is_upper and \
                span.doc[span.end + 3].pos_ == "PROPN" and span.doc[span.end + 3].text[:1].isupper():
            # "Narayan Prakash (NP) Saud": initials in parentheses inside the name
            surname = span.doc[span.end + 3]
            span, text = span.doc[span.start: surname.i + 1], f"{text} {surname.text}"
        if label == "PERSON":
            self._add_person(ctx, span, text)
        elif label in ("ORG", "GPE") and (self._titled_like_a_person(span) or self._described_as_a_person(span)
                                          # "lawmaker Dastan [Bekeshev]": NER took the surname alone
                                          or self._titled_like_a_person(self._with_given_names(ctx, span))):
            self._add_person(ctx, span, text)
        elif label == "ORG" and len(span) == 1 and span[0].pos_ == "ADJ" and span[0].ent_type_ == "ORG":
            return  # "Unofficial estimates suggest …": an adjective NER took for a name
        elif label == "ORG" and (_spells_a_common_noun(span) or _bare_armed_forces(text)):
            # "a private military company (PMC)": an abbreviation of a common noun; "the Armed Forces" alone:
            # the body reader's, with the country the text gives it
            return
        elif label == "ORG" and _field_of_a_title(span):
            return  # "National Security Advisor X", "External Affairs Minister X": the post's field, no body
        elif label == "ORG" and text.split()[-1].lower() in DOCUMENT_NOUNS:
            return  # "the Bilateral Air Services Agreement", "the Geneva Convention": a text, not a body
        elif label == "ORG" and any(t.dep_ in ("compound", "nmod") and t.head.i >= span.end
                                    and t.head.lemma_.lower() in PROGRAMME_NOUNS for t in span):
            return  # "a Presidential Drawdown Authority package": the name of a programme, not a body
        elif label == "ORG":
            named = names.acronyms.get(text)
            if named is not None:  # "the NBKR reported": the body written out in full before
                self._note(ctx, named, span, "entity:acronym", 0.85)
                return
            span, acronym = _without_acronym(span)
            text = _clean_name(span.text)
            kind = OrgKind.MEDIA_OUTLET if self._media_context(span) else self._descriptor_kind(span)
            kind = OrgKind.ARMED_FORCE if unit else kind or guess_org_kind(text)
            if kind is OrgKind.OTHER and span.root.dep_ == "compound" and \
                    span.root.head.lemma_.lower() in STAFF_OF_A_STATE_BODY:
                kind = OrgKind.GOVERNMENT_AGENCY  # "CID officials said": a body whose people are officials
            country = "country/russia" if re.match(r"(russian|russia's|russia’s)\b", span.text, re.I) else None
            country = country or self._country_named_in(text)
            name = re.sub(r"^(Russian|Russia['\u2019]s)\s+", "", text)
            # a generic body ("Cuba's Interior Ministry") is the body reader's to name
            owner = None if country or _plain_body(name.split()) else self._possessor_country(ctx, span)
            if owner is None and not country and kind in STATE_BODY_KINDS:
                owner = self._country_after(span)  # "the State Security Service of Georgia"
                if owner is not None and owner.key == "country/russia":
                    country, owner = owner.key, None  # Russia's bodies go by their bare names, as elsewhere
            if owner is not None:  # "Kazakhstan's National Security Committee": not Kyrgyzstan's of that name
                country, name = owner.key, f"{name} of {owner.name}"
            elif not country and kind in STATE_BODY_KINDS:
                # "the Kenyan National Intelligence Service", "the US Coast Guard": the state body of the country
                # its demonym or name names
                words = span[1:] if span[0].pos_ == "DET" else span
                demonym = self.reference.by_demonym(words[0].text) or self.reference.lookup(
                    words[0].text, EntityKind.COUNTRY) if len(words) > 2 else None
                if demonym is not None and not _plain_body([t.text for t in words[1:]]):
                    country, name = demonym.key, f"{_clean_name(words[1:].text)} of {demonym.name}"
            qualified = next((e for e in ctx.entities.entities.values() if e.kind is EntityKind.ORGANIZATION
                              and e.country and e.name.startswith(f"{name} of ")), None)
            entity = qualified or ctx.entities.add(
                Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION, name,
                       org_kind=kind, country=country)
            )
            self._note(ctx, entity, span, "entity:ner-org", 0.7)
            if acronym is not None:  # "the National Bank of the Kyrgyz Republic (NBKR)"
                names.acronyms[acronym.text] = entity
                self._note(ctx, entity, acronym, "entity:acronym", 0.85)
        elif label == "GPE":
            kind = EntityKind.REGION if text.lower().endswith(REGION_SUFFIXES) else EntityKind.CITY
            entity = ctx.entities.add(Entity(entity_key(kind, text), kind, text))
            self._note(ctx, entity, span, "entity:ner-gpe", 0.7)
        else:  # LOC, FAC
            kind = EntityKind.REGION if text.lower().endswith(REGION_SUFFIXES) else EntityKind.PLACE
            entity = ctx.entities.add(Entity(entity_key(kind, text), kind, text))
            self._note(ctx, entity, span, f"entity:ner-{label.lower()}", 0.6)

    def _country_after(self, span: Span) -> Entity | None:
        """The country in an "of" phrase right after a body's name the parse hangs on it: "[the State Security
        Service] of Georgia" (read before the country's own mention is)."""
        doc = span.doc
        if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of" or doc[span.end].head.i != span.root.i:
            return None
        country = next((c for c in doc[span.end].children if c.dep_ == "pobj"), None)
        if country is None or country.pos_ != "PROPN":
            return None
        name = _clean_name(doc[country.left_edge.i: country.i + 1].text)
        return self.reference.lookup(name, EntityKind.COUNTRY)

    @staticmethod
    def _possessor_country(ctx: ExtractionContext, span: Span) -> Entity | None:
        """The country in the possessive right before a name: "[Sri Lanka's] Criminal Investigation Department"."""
        if span.start < 2 or span.doc[span.start - 1].lower_ not in ("'s", "’s"):
            return None
        owner = span.doc[span.start - 2]
        return ctx.entities.at(owner.idx, owner.idx + len(owner), EntityKind.COUNTRY)

    def _country_named_in(self, name: str) -> str | None:
        """The country a body's name ends in: "Foreign Intelligence Service of Ukraine", "National Bank of the
        Kyrgyz Republic", "Central Investigation Bureau of Nepal Police"."""
        match = re.search(r"\bof (?:the )?(.+)$", name)
        if not match:
            return None
        words = match[1].split()
        for end in range(len(words), 0, -1):  # "… of Nepal Police": the country whose body it is a part of
            country = self.reference.lookup(" ".join(words[:end]), EntityKind.COUNTRY)
            if country is not None:
                return country.key
        return None

    @staticmethod
    def _media_context(span: Span) -> bool:
        left = span.doc[max(span.start - 3, span.sent.start): span.start].text.lower()
        return any(cue in left for cue in MEDIA_CONTEXT)

    @staticmethod
    def _descriptor_kind(span: Span) -> OrgKind | None:
        """The kind a descriptor before the name gives: "the legal group Department One" is an NGO whatever
        its name says."""
        before = descriptor_org_kind(span.doc[max(span.start - 4, span.sent.start): span.start].text)
        if before is not None:
            return before
        after = described_after(span)
        if after is not None:
            return after
        # In apposition: "The investigative group, All Eyes on X, AEOW, …" (through the names between)
        node = span.root
        for _ in range(APPOSITION_CLIMB):
            if node.dep_ not in ("appos", "pobj", "prep") or node.head.i == node.i:
                return None
            if node.dep_ == "appos" and node.head.pos_ == "NOUN":
                head = node.head
                return descriptor_org_kind(span.doc[head.left_edge.i: head.i + 1].text)
            node = node.head
        return None

    @staticmethod
    def _whole_name(span: Span) -> Span:
        """The span widened over capitalised proper nouns NER left out ("Pravasi [Nepali Sangh]")."""
        doc = span.doc
        start, end = span.start, span.end
        while start > span.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
        while end < span.sent.end and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
        return doc[start:end]

    @staticmethod
    def _after_place_preposition(span: Span) -> bool:
        """A one-word name after "in"/"near" (or first in a list after one): a place."""
        first = span.root
        while first.dep_ in ("conj", "appos") and first.head.i != first.i:
            first = first.head
        return first.dep_ == "pobj" and first.head.lower_ in ("in", "near", "outside", "around")

    @staticmethod
    def _listed_with_a_place(span: Span) -> bool:
        """A name coordinated with a place NER tagged: "Mumbai and Tamil Nadu"."""
        root = span.root
        partners = [c for c in root.children if c.dep_ == "conj"]
        if root.dep_ == "conj":
            partners.append(root.head)
        return any(p.ent_type_ in ("GPE", "LOC") and not (span.start <= p.i < span.end) for p in partners)

    @staticmethod
    def _described_as_a_person(span: Span) -> bool:
        """A one-word name followed by an age or a description of a person: "Bolot, a young labor migrant",
        "Ahmed, 34,", "Dilnoza, 41, a cleaner", "Rustam, who asked that his surname not be used"."""
        if len(span) != 1 or not span.text[:1].isupper() or guess_org_kind(span.text) != OrgKind.OTHER:
            return False
        before = span.doc[span.start - 1] if span.start > span.sent.start else None
        if before is not None and before.text == "," and span.root.dep_ == "appos" and \
                span.root.head.lower_ in PRIVATE_CUES:
            return True  # "Aminzoda's brother, Firuz, said": the name a relative is given
        after = span.doc[span.end: min(span.end + 8, span.sent.end)]
        if len(after) < 2 or after[0].text != ",":
            return False
        if after[1].like_num and len(after) > 2 and after[2].text == ",":
            return True  # an age
        if after[1].lower_ == "who" and len(after) > 2 and after[2].lower_ in ("asked", "requested", "declined"):
            return True
        if after[1].lower_ not in ("a", "an", "the"):
            return False
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in after[2:]):
            return False  # "… in Kerala, the CBI spokesperson said": the phrase is the next clause's subject
        words = {t.lower_ for t in after[2:]} | {t.lemma_.lower() for t in after[2:]}
        return "year-old" in after.text.lower() or bool(words & (set(PRIVATE_CUES) | TITLE_WORDS))

    @staticmethod
    def _org_context(span: Span) -> bool:
        if span.start > 0 and span.doc[span.start - 1].lower_ in TITLE_WORDS:
            return False  # "uMkhonto weSizwe Party lawmaker X": the title says who X is
        left = {t.lower_ for t in span.doc[max(span.start - 2, span.sent.start): span.start]}
        return bool(left & (set(ORG_CONTEXT) | COMPANY_CONTEXT))  # "the rights group X", "nuclear company X"

    @staticmethod
    def _titled_like_a_person(span: Span) -> bool:
        """An ORG span that is a two- or three-word name after a title word, or followed by ", (a|the) <title>",
        is a person NER mislabelled ("lawyer Anna Orlova", "Anna Orlova, Senior Analyst at ...")."""
        words = span.text.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
            return False
        if {w.lower() for w in words} & ORG_NOUNS:
            return False
        if span.start > 0 and _is_title_word(span.doc[span.start - 1]):
            return True
        before = span.doc[max(span.sent.start, span.start - 10): span.start]
        if len(before) > 1 and before[-1].text == "," and guess_org_kind(span.text) is OrgKind.OTHER and any(
                t.lower_ in TITLE_WORDS and t.pos_ in ("NOUN", "PROPN") and not (
                    t.dep_ == "appos" and t.head.ent_type_ == "PERSON") for t in before[:-1]):
            return True  # "the former president of the region, Anatoly Bibilov,"
        after = span.doc[span.end: span.end + 6]
        if len(after) < 2 or after[0].text != ",":
            return False
        # ", a former Russian police officer": the first noun after the article and the adjectives
        rest = [t for t in after[1:] if t.pos_ not in ("DET", "ADJ") and t.ent_type_ != "NORP"
                and t.lower_ not in TITLE_QUALIFIERS]
        noun = next((t for t in rest if t.pos_ in ("NOUN", "PROPN")), None)
        return noun is not None and (noun.lower_ in TITLE_WORDS or noun.head.lower_ in TITLE_WORDS and
                                     noun.dep_ == "compound" and noun.head.i < span.end + 6)

    def _add_person(self, ctx: ExtractionContext, span: Span, text: str) -> None:
        # The mention is the name alone: a title NER took in ("Lawyer Anna Orlova") is read as the post.
        while len(span) > 1 and (span[0].lower_.rstrip(".") in HONORIFICS | TITLE_WORDS | RANK_ABBREVIATIONS.keys()
                                 or span[0].pos_ == "DET"):
            span = span[1:]
        if span[-1].lower_ in TITLE_WORDS and all(
                t.lower_ in TITLE_WORDS or self.reference.by_demonym(t.text) for t in span):
            return  # "Tajik Minister", "Prime Minister": a title NER took for a name
        if _only_in_a_heading(span):
            return  # "Russian President Receiving Chemotherapy": title case fools NER; a real name recurs
        if {t.lower_ for t in span} & ACTIVITY_NAME_WORDS:
            return  # "Illegal Migrant 2019 Operational Preventive Action": an operation's name, no one's
        name = _clean_name(span.text) if len(span) < len(text.split()) else text
        widened = self._with_given_names(ctx, span)
        if widened is not span:
            span, name = widened, _clean_name(widened.text)
        words = name.split()
        if self._media_context(span) or self._org_context(span):
            span = self._whole_name(span)
            name = _clean_name(span.text)
            kind = OrgKind.MEDIA_OUTLET if self._media_context(span) else self._descriptor_kind(span)
            entity = ctx.entities.add(Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION,
                                             name, org_kind=kind))
            self._note(ctx, entity, span, "entity:ner-person-as-outlet", 0.6)
            return
        known = self._person_by_surname(ctx, name) if len(words) == 1 else None
        if known is None and len(words) > 1:
            known = self._person_by_variant(ctx, name)
        if known is not None:
            self._note(ctx, known, span, "entity:surname-resolution", 0.85)
            return
        if len(words) == 1:
            # A lone given name (often a pseudonym) is no identity across articles: scope it to this one.
            key = f"person/{ctx.article.id}/{slug(name)}"
            entity = ctx.entities.add(Entity(key, EntityKind.PERSON, name))
        else:
            entity = ctx.entities.add(Entity(entity_key(EntityKind.PERSON, name), EntityKind.PERSON, name))
        self._note(ctx, entity, span, "entity:ner-person", 0.8)

    def _with_given_names(self, ctx: ExtractionContext, span: Span) -> Span:
        """The name widened leftwards over capitalised proper nouns NER left out ("[Amrit] Bahadur Rai"):
        not over a title, a demonym, a country or another entity's mention."""
        doc = span.doc
        start = span.start
        while start > span.sent.start and start > span.start - 2:
            tok = doc[start - 1]
            if tok.pos_ != "PROPN" or not tok.is_alpha or not tok.text[:1].isupper() \
                    or tok.lower_ in TITLE_WORDS | HONORIFICS | ORG_NOUNS | STANDARD_BODY_WORDS \
                    | RANK_ABBREVIATIONS.keys() | {"affairs"} or doc[start - 2].text == "-" \
                    or self.reference.by_demonym(tok.text) or doc[start - 2].lower_ in ("of", "for") \
                    or ctx.entities.at(tok.idx, tok.idx + len(tok)) is not None:
                break
            start -= 1
        return doc[start:span.end] if start < span.start else span

    def _find_unlabelled_people(self, ctx: ExtractionContext) -> None:
        """Proper-noun pairs NER missed, read as a person when a title precedes them or an appositive title
        or a reporting verb follows ("Lawmaker Igor Semyonov, who...", "Anna Orlova, an analyst at")."""
        doc = ctx.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_ not in OVERRIDABLE_ENTS:
                i += 1
                continue
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                    and doc[j].ent_type_ in OVERRIDABLE_ENTS:
                j += 1
            covered = [k for k in range(i, j) if ctx.entities.at(doc[k].idx, doc[k].idx + len(doc[k])) is not None]
            if covered and covered[-1] + 1 < j:
                i = covered[-1] + 1  # "… of the Russian Federation Irina Volk": the name after the place
            if j - i >= 3 and doc[i].lower_ in ORG_NOUNS and i >= 2 and doc[i - 1].lower_ == "of" and \
                    doc[i - 2].lower_ in TITLE_WORDS and not {t.lower_ for t in doc[i + 1:j]} & ORG_NOUNS:
                i += 1  # "Inspector General of Police Ajith Rohana": the body ends the title, the name follows
            words = [t for t in doc[i:j] if t.lower_ not in TITLE_WORDS]
            start = doc[i:j][len(doc[i:j]) - len(words)].i if words else j
            if len(words) == 1 and j == i + 1 and self._described_as_a_person(doc[i:j]) \
                    and ctx.entities.at(tok.idx, tok.idx + len(tok)) is None:
                self._add_person(ctx, doc[i:j], tok.text)  # "Zulfiya, a cleaner at the market, said"
            elif len(words) >= 2 and ({t.lower_ for t in words} & ORG_NOUNS or MILITARY_UNIT.search(
                    doc[i:j].text)) and ctx.entities.at(
                    doc[i].idx, doc[j - 1].idx + len(doc[j - 1])) is None:
                self._add_unlabelled_body(ctx, doc[i:j])  # "the Coordination Headquarters for the Treatment of …"
            elif 2 <= len(words) <= 3 and all(t.is_alpha for t in words) and ctx.entities.at(
                    doc[start].idx, doc[j - 1].idx + len(doc[j - 1])) is None:
                before = doc[i - 1].lower_ if i > 0 else ""
                after = doc[j: j + 3].text.lower()
                titled = start > i or before in TITLE_WORDS or self._title_phrase_before(doc[start]) or (
                    doc[j - 1].dep_ == "appos" and doc[j - 1].head.lower_ in TITLE_WORDS)  # "The Defense Minister, Rustem Umerov,"
                followed = re.match(r"(, (a|an|the|who) |(said|says|told)\b)", after) or (
                    j < len(doc) and doc[j].text == "," and find_title(doc[j + 1: j + 4].text) is not None
                    and doc[j + 1].text[:1].isupper())  # "Shri Randhir Jaiswal, Official Spokesperson:"
                if titled or followed:
                    span = doc[start:j]
                    self._add_person(ctx, span, span.text)
            i = j

    @staticmethod
    def _committees_of_legislatures(ctx: ExtractionContext) -> None:
        """A committee "of" a legislature is part of it, a state body whatever its name says: "the Human Rights
        Committee of the Milli Majlis" is no rights group."""
        doc = ctx.doc
        for mention in ctx.entities.mentions:
            entity = ctx.entities.entities[mention.key]
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if entity.kind is not EntityKind.ORGANIZATION or span is None or span.end + 2 >= len(doc) \
                    or span[-1].lower_ not in ("committee", "commission") or doc[span.end].lower_ != "of":
                continue
            owner = doc[span.end + 1 + (doc[span.end + 1].lower_ == "the")]
            house = ctx.entities.at(owner.idx, owner.idx + len(owner), EntityKind.ORGANIZATION)
            if house is not None and house.org_kind is OrgKind.LEGISLATURE:
                entity.org_kind = OrgKind.LEGISLATURE
                entity.country = entity.country or house.country

    def _add_unlabelled_body(self, ctx: ExtractionContext, span: Span) -> None:
        """A capitalised name with an organization noun NER missed, with the capitalised "of/for (the) …"
        phrases after it: "the Coordination Headquarters for the Treatment of Prisoners of War"."""
        doc = ctx.doc
        end = span.end
        country = None
        while end + 1 < span.sent.end and doc[end].lower_ in ("of", "for"):
            k = end + 1 + (doc[end + 1].lower_ == "the")
            stop = k
            while stop < span.sent.end and doc[stop].pos_ == "PROPN" and doc[stop].text[:1].isupper():
                stop += 1
            if stop == k:
                break
            country = ctx.entities.at(doc[k].idx, doc[stop - 1].idx + len(doc[stop - 1]), EntityKind.COUNTRY)
            if country is not None:
                break  # "… District of the Russian Federation": whose body it is, not its name
            end = stop
        name_span = doc[span.start:end]
        name = _clean_name(name_span.text)
        if name_span[0].lower_.endswith("ing") and _only_in_a_heading(name_span):
            return  # "… for Evading Military Service": a headline's words in capitals, no body
        if {w.lower() for w in re.findall(r"[A-Za-z]+", name)} <= STANDARD_BODY_WORDS | {"of", "the", "for", "and"}:
            return  # "Ministry of Defence": a country's plain body, read with its country by the body reader
        entity = ctx.entities.add(Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION, name,
                                         org_kind=guess_org_kind(name), country=country.key if country else None))
        self._note(ctx, entity, name_span, "entity:unlabelled-body", 0.6)

    def _add_countries_of_places(self, ctx: ExtractionContext) -> None:
        """The country of a curated place the article names, even where the article does not name the country
        ("fighters from Abkhazia" are Georgia's): an entity with the place's evidence and no mention of its own."""
        for place in list(ctx.entities.entities.values()):
            if place.kind not in PLACE_KINDS or not place.country or ctx.entities.get(place.country) is not None:
                continue
            country = self.reference.by_key(place.country)
            if country is None or not place.evidence:
                continue
            ctx.entities.add(Entity(country.key, country.kind, country.name, iri=country.iri,
                                    evidence=[replace(place.evidence[0], mechanism="entity:country-of-place",
                                                      confidence=0.9)]))

    @staticmethod
    def _mention_every_occurrence(ctx: ExtractionContext) -> None:
        """A person's name written again where NER saw nothing is a mention too ("S.B., a native of …" and
        later "…,” S.B. testified"): one name, one entity, in every sentence."""
        taken = [(m.start, m.end) for m in ctx.entities.mentions]
        for entity in list(ctx.entities.entities.values()):
            if entity.kind is not EntityKind.PERSON or len(entity.name) < 3:
                continue
            for match in re.finditer(rf"(?<![\w.]){re.escape(entity.name)}(?!\w)", ctx.text):
                if not any(start < match.end() and match.start() < end for start, end in taken):
                    ctx.entities.mention(match.start(), match.end(), entity.key)

    @staticmethod
    def _title_phrase_before(first: Token) -> bool:
        """A title heads the phrase the name closes: "the official representative of the Ministry of Internal
        Affairs of the Russian Federation Irina Volk"."""
        doc = first.doc
        for tok in reversed(doc[max(first.sent.start, first.i - 14): first.i]):
            if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", ":") or tok.is_quote:
                return False
            if tok.lower_ in TITLE_WORDS and tok.pos_ == "NOUN":
                return True
        return False

    @staticmethod
    def _person_by_surname(ctx: ExtractionContext, surname: str) -> Entity | None:
        wanted = name_variants(surname)
        for entity in ctx.entities.entities.values():
            if entity.kind == EntityKind.PERSON and len(entity.name.split()) > 1:
                last = entity.name.split()[-1]
                # "Araji" after "Qasim Al-Araji": the Arabic article is no part of the name's core
                bare = re.sub(r"^(?:al|el|ul|ad|ar|as|ash|at|az)[-’']", "", last, flags=re.I)
                if (name_variants(last) | name_variants(bare)) & wanted:
                    return entity
        return None

    @staticmethod
    def _person_by_variant(ctx: ExtractionContext, name: str) -> Entity | None:
        wanted = name_variants(name)
        words = name.split()
        for entity in ctx.entities.entities.values():
            if entity.kind != EntityKind.PERSON:
                continue
            # the same name, or its last words: "Abdel Rahman" after "Rami Abdel Rahman"
            tail = " ".join(entity.name.split()[-len(words):]) if len(entity.name.split()) > len(words) else None
            if name_variants(entity.name) & wanted or (tail is not None and name_variants(tail) & wanted):
                return entity
        return None

    @staticmethod
    def _merge_person_and_org_of_one_name(ctx: ExtractionContext) -> None:
        """A name NER typed a person in one sentence and an organization or a place in another ("Nargiz
        says" / "speaking to Nargiz") is the person: NER often tags a lone given name ORG or GPE. A lone
        surname read before its full name is that person."""
        people = {e.name: e for e in ctx.entities.entities.values() if e.kind == EntityKind.PERSON}
        table = ctx.entities
        mistyped = (EntityKind.ORGANIZATION, EntityKind.CITY, EntityKind.PLACE)
        for other in [e for e in table.entities.values() if e.iri is None]:
            if other.kind in mistyped:
                person = people.get(other.name)
            elif other.kind == EntityKind.PERSON and len(other.name.split()) == 1:
                # A surname seen before the full name was found ("lawmaker X Y" missed by NER at first).
                person = EntityReader._person_by_surname(ctx, other.name)
            else:
                continue
            if person is None or person is other:
                continue
            del table.entities[other.key]
            for mention in [m for m in table.mentions if m.key == other.key]:
                table.mentions.remove(mention)
                table.mention(mention.start, mention.end, person.key)

    def _resolve_surnames(self, ctx: ExtractionContext) -> None:
        """Proper nouns equal to a known person's surname are mentions of that person (NER often misses them)."""
        people = [e for e in ctx.entities.entities.values()
                  if e.kind == EntityKind.PERSON and len(e.name.split()) > 1]
        if not people:
            return
        by_surname: dict[str, Entity] = {}
        for person in people:
            for variant in name_variants(person.name.split()[-1]):
                by_surname[variant] = person
        doc = list(ctx.doc)  # Token objects made once, not at each index
        i = 0
        while i < len(doc):
            token = doc[i]
            end = i + 1
            # "Zuma-Mancube" is one surname: not a mention of someone surnamed "Zuma"
            while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
                end += 2
            if token.pos_ != "PROPN" and not token.text[:1].isupper():
                i = end
                continue
            start_char, end_char = token.idx, doc[end - 1].idx + len(doc[end - 1].text)
            hits = name_variants(ctx.text[start_char:end_char]) & by_surname.keys()
            named = ctx.entities.at(start_char, end_char) if hits else None
            if hits and named is None:
                person = by_surname[next(iter(hits))]
                ctx.entities.mention(start_char, end_char, person.key)
            elif hits and named.kind is EntityKind.ORGANIZATION and named.iri is None \
                    and named.name == ctx.text[start_char:end_char]:
                # "“…,” Mehta said", "Anil Mehta, the spokesperson": NER took the surname for a body
                ctx.entities.retype(start_char, end_char, by_surname[next(iter(hits))])
            i = end
