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

import re

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from kg.extract.context import ExtractionContext
from kg.extract.titles import TITLE_WORDS
from kg.model import Entity, EntityKind, OrgKind, PersonRole, entity_key, slug
from kg.reference import ReferenceData, ReferenceEntity

REGION_SUFFIXES = ("krai", "oblast", "oblasts", "region", "republic", "province", "okrug", "territory")
ORG_KIND_CUES: tuple[tuple[OrgKind, tuple[str, ...]], ...] = (
    (OrgKind.UNIVERSITY, ("university", "academy", "institute of technology", "college", "school of")),
    (OrgKind.LEGISLATURE, ("duma", "parliament", "senate", "federation council", "legislat", "congress")),
    (OrgKind.COURT, ("court", "tribunal")),
    (OrgKind.ARMED_FORCE, ("army", "armed forces", "military", "brigade", "battalion", "regiment", "wagner",
                          "guard", "navy", "air force", "legion", "militia", "paramilitary")),
    (OrgKind.MEDIA_OUTLET, ("news", "times", "post", "tribune", "gazette", "gazeta", "radio", "tv",
                           "television", "journal", "news agency", "press", "media", "daily", "reuters",
                           "tass", "bbc", "cnn", "rfe/rl", "al jazeera", "interfax", "ria", "herald")),
    (OrgKind.NGO, ("endowment", "institute", "foundation", "center", "centre", "watch", "amnesty", "crisis group",
                   "council", "memorial", "network", "union", "association", "initiative", "project",
                   "committee for", "human rights", "rights group", "coalition", "society")),
    (OrgKind.GOVERNMENT_AGENCY, ("ministry", "committee", "office", "service", "directorate", "department",
                                "agency", "administration", "commission", "government", "kremlin", "police",
                                "prosecutor", "bureau", "inspectorate", "embassy")),
    (OrgKind.COMPANY, ("inc", "ltd", "llc", "company", "corporation", "group", "bank", "market")),
)
MEDIA_CONTEXT = ("outlet", "newspaper", "news site", "website", "channel", "broadcaster", "news agency",
                 "publication", "magazine", "tabloid", "portal")
# A name right after one of these is an organization even when NER calls it a person ("the rights group X").
ORG_CONTEXT = ("group", "organization", "organisation", "ngo", "movement", "foundation", "association",
               "network", "initiative", "union", "charity", "project", "party")
NER_KINDS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "president", "lawmaker", "minister", "general", "colonel", "prosecutor",
              "senator", "deputy", "governor", "mayor", "journalist", "lawyer", "analyst", "professor"}


def name_variants(name: str) -> set[str]:
    """Transliteration-insensitive forms of a name, to merge Matveev/Matveyev, Fadeev/Fadeyev, Yuri/Yury."""
    base = slug(name)
    folded = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", base)  # Matveyev → Matveev
    folded = re.sub(r"iy\b|yy\b|ij\b", "y", folded)
    folded = folded.replace("kh", "h").replace("ks", "x").replace("ii", "i")
    return {base, folded}


def guess_org_kind(name: str) -> OrgKind:
    lowered = name.lower()
    for kind, cues in ORG_KIND_CUES:
        if any(re.search(rf"(?<![a-z]){re.escape(cue)}", lowered) for cue in cues):
            return kind
    return OrgKind.OTHER


def _clean_name(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"['\u2019]s?$", "", text).strip()
    return re.sub(r"\s+", " ", text)


class EntityReader:
    """Fills `ctx.entities`. Built once per spaCy vocabulary (the phrase matcher is the costly part)."""

    def __init__(self, reference: ReferenceData, vocab) -> None:
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
        make = English(vocab=vocab).tokenizer
        for form, entity in reference.surface_forms():
            if len(form) < 2:
                continue
            key = f"{entity.key}|{form}"
            self._by_form[key] = entity
            # Acronyms and short forms match case-sensitively: "MoD", not "mod".
            matcher = self.matcher_exact if len(form) <= 4 or form.isupper() else self.matcher_lower
            matcher.add(key, [make(form)])

    def __call__(self, ctx: ExtractionContext) -> None:
        doc = ctx.doc
        strings = doc.vocab.strings
        ref_spans: list[Span] = []
        for matcher in (self.matcher_lower, self.matcher_exact):
            for match_id, start, end in matcher(doc):
                ref_spans.append(Span(doc, start, end, label=strings[match_id]))
        ner_spans = [ent for ent in doc.ents if ent.label_ in NER_KINDS]
        # Reference matches win over an overlapping NER span unless the NER span is a longer person name.
        chosen = filter_spans(ref_spans + [s for s in ner_spans if not self._covered(s, ref_spans)])
        for span in chosen:
            if span.label_ in NER_KINDS:
                self._add_ner(ctx, span)
            else:
                self._add_reference(ctx, span, self._by_form[span.label_])
        self._find_unlabelled_people(ctx)
        self._resolve_surnames(ctx)

    @staticmethod
    def _covered(span: Span, ref_spans: list[Span]) -> bool:
        for ref in ref_spans:
            if ref.start < span.end and span.start < ref.end:
                if span.label_ == "PERSON" and (span.end - span.start) > (ref.end - ref.start):
                    return False
                return True
        return False

    def _add_reference(self, ctx: ExtractionContext, span: Span, ref: ReferenceEntity) -> Entity:
        entity = ctx.entities.add(
            Entity(
                key=ref.key,
                kind=ref.kind,
                name=ref.name,
                iri=ref.iri,
                org_kind=ref.org_kind,
                country=ref.country,
                role=PersonRole.OFFICIAL if ref.kind == EntityKind.PERSON and ref.posts else None,
            )
        )
        self._note(ctx, entity, span, "entity:reference", 0.95)
        return entity

    def _note(self, ctx: ExtractionContext, entity: Entity, span: Span, mechanism: str, confidence: float) -> None:
        ctx.entities.mention(span.start_char, span.end_char, entity.key)
        if not entity.evidence:  # the first mention is the entity's evidence in this article
            entity.evidence.append(ctx.evidence(span, mechanism, confidence))

    def _add_ner(self, ctx: ExtractionContext, span: Span) -> None:
        label = span.label_
        text = _clean_name(span.text)
        if not text or not any(ch.isalpha() for ch in text):
            return
        country = self.reference.by_demonym(text)
        if country is not None:  # NER often tags a demonym ("Kyrgyz") as a person or an organization
            self._add_reference(ctx, span, country)
            return
        if label == "NORP":
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
        if label == "PERSON":
            self._add_person(ctx, span, text)
        elif label == "ORG" and self._titled_like_a_person(span):
            self._add_person(ctx, span, text)
        elif label == "ORG":
            kind = OrgKind.MEDIA_OUTLET if self._media_context(span) else guess_org_kind(text)
            country = "country/russia" if re.match(r"(russian|russia's|russia’s)\b", span.text, re.I) else None
            name = re.sub(r"^(Russian|Russia['\u2019]s)\s+", "", text)
            entity = ctx.entities.add(
                Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION, name,
                       org_kind=kind, country=country)
            )
            self._note(ctx, entity, span, "entity:ner-org", 0.7)
        elif label == "GPE":
            kind = EntityKind.REGION if text.lower().endswith(REGION_SUFFIXES) else EntityKind.CITY
            entity = ctx.entities.add(Entity(entity_key(kind, text), kind, text))
            self._note(ctx, entity, span, "entity:ner-gpe", 0.7)
        else:  # LOC, FAC
            kind = EntityKind.REGION if text.lower().endswith(REGION_SUFFIXES) else EntityKind.PLACE
            entity = ctx.entities.add(Entity(entity_key(kind, text), kind, text))
            self._note(ctx, entity, span, f"entity:ner-{label.lower()}", 0.6)

    @staticmethod
    def _media_context(span: Span) -> bool:
        left = span.doc[max(span.start - 3, span.sent.start): span.start].text.lower()
        return any(cue in left for cue in MEDIA_CONTEXT)

    @staticmethod
    def _org_context(span: Span) -> bool:
        left = {t.lower_ for t in span.doc[max(span.start - 2, span.sent.start): span.start]}
        return bool(left & set(ORG_CONTEXT))

    @staticmethod
    def _titled_like_a_person(span: Span) -> bool:
        """An ORG span that is a two- or three-word name after a title word, or followed by ", (a|the) <title>",
        is a person NER mislabelled ("lawyer Anna Orlova", "Anna Orlova, Senior Analyst at ...")."""
        words = span.text.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
            return False
        if span.start > 0 and span.doc[span.start - 1].lower_ in TITLE_WORDS:
            return True
        after = span.doc[span.end: span.end + 5]
        if len(after) < 2 or after[0].text != ",":
            return False
        rest = [t.lower_ for t in after[1:] if t.lower_ not in ("a", "an", "the", "senior", "chief", "former")]
        return bool(rest) and rest[0] in TITLE_WORDS

    def _add_person(self, ctx: ExtractionContext, span: Span, text: str) -> None:
        words = text.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
            words = words[1:]
        name = " ".join(words)
        if self._media_context(span) or self._org_context(span):
            context = span.doc[max(span.start - 3, span.sent.start): span.end].text
            kind = OrgKind.MEDIA_OUTLET if self._media_context(span) else guess_org_kind(context)
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

    def _find_unlabelled_people(self, ctx: ExtractionContext) -> None:
        """Proper-noun pairs NER missed, read as a person when a title precedes them or an appositive title
        or a reporting verb follows ("Lawmaker Igor Semyonov, who...", "Anna Orlova, an analyst at")."""
        doc = ctx.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_:
                i += 1
                continue
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].ent_type_:
                j += 1
            words = [t for t in doc[i:j] if t.lower_ not in TITLE_WORDS]
            start = doc[i:j][len(doc[i:j]) - len(words)].i if words else j
            if 2 <= len(words) <= 3 and all(t.is_alpha for t in words) and ctx.entities.at(
                    doc[start].idx, doc[j - 1].idx + len(doc[j - 1])) is None:
                before = doc[i - 1].lower_ if i > 0 else ""
                after = doc[j: j + 3].text.lower()
                titled = start > i or before in TITLE_WORDS
                followed = re.match(r"(, (a|an|the|who) |(said|says|told)\b)", after)
                if titled or followed:
                    span = doc[start:j]
                    self._add_person(ctx, span, span.text)
            i = j

    @staticmethod
    def _person_by_surname(ctx: ExtractionContext, surname: str) -> Entity | None:
        wanted = name_variants(surname)
        for entity in ctx.entities.entities.values():
            if entity.kind == EntityKind.PERSON and len(entity.name.split()) > 1:
                if name_variants(entity.name.split()[-1]) & wanted:
                    return entity
        return None

    @staticmethod
    def _person_by_variant(ctx: ExtractionContext, name: str) -> Entity | None:
        wanted = name_variants(name)
        for entity in ctx.entities.entities.values():
            if entity.kind == EntityKind.PERSON and name_variants(entity.name) & wanted:
                return entity
        return None

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
        for token in ctx.doc:
            if token.pos_ != "PROPN" and not token.text[:1].isupper():
                continue
            hits = name_variants(token.text) & by_surname.keys()
            if hits and ctx.entities.at(token.idx, token.idx + len(token.text)) is None:
                person = by_surname[next(iter(hits))]
                ctx.entities.mention(token.idx, token.idx + len(token.text), person.key)
