"""People and their posts, and whether each is a state official, an expert, a journalist or a private person.

Titles are read in every position around a person mention:
- before the name: "lawmaker X", "Foreign Minister X", "Russian Investigative Committee Head X", "the official
  representative of the Ministry of Internal Affairs X";
- after it, as an appositive: "X, head of the Y", "X, a senior fellow with the Y", "X, a colonel with C's Interior
  Ministry", "X from the legal group Y";
- in a relative clause: "X, who sits on the parliament's defense committee", "X, who heads the Y".
The organization is a known organization mention inside the title phrase, else the capitalised name or the
organization-like noun phrase after "of/at/with/for/from/on".
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.attribution import antecedent_person, pronoun_gender
from kg.extract import lexicon
from kg.extract.context import ExtractionContext
from kg.extract.entities import CRIMINAL_CUES, described_after, descriptor_org_kind, guess_org_kind
from kg.extract.titles import (EXPERT_TITLES, JOURNALIST_TITLES, OFFICER_RANKS, PRIVATE_CUES, SOLDIER_RANKS,
                              TITLE_QUALIFIERS, TITLE_WORDS, find_title, with_field)
from kg.model import Entity, EntityKind, Evidence, OrgKind, PersonRole, Position, entity_key

PSEUDONYM_CUES = re.compile(
    r"names?\b[^.]{0,60}\b(have|has|had) been changed|pseudonym|asked (not to be (named|identified)|to withhold|"
    r"that (his|her|their) (full |last |sur)?names?)|withhold (his|her|their)|(gave|give|giving) only (his|her|"
    r"their) first name|declined to give (his|her|their) (full |last |sur)?name",
    re.I,
)
RELATIVE_POST_VERBS = {"sit": "member", "serve": "member", "head": "head", "chair": "chairman", "lead": "head",
                       "run": "head", "direct": "director", "represent": "representative", "work": "member"}
ORG_HEADS = {"committee", "council", "ministry", "service", "agency", "group", "court", "parliament", "duma",
             "office", "directorate", "department", "commission", "endowment", "institute", "university",
             "foundation", "center", "centre", "organization", "organisation", "army", "force", "forces",
             "outlet", "newspaper", "union", "network", "movement", "monitor", "observatory", "watchdog",
             "headquarters", "bank"}
# Titles that make a state official only in a body or written as a post's name ("Foreign Secretary X"); a
# minister, a governor or an officer is one anywhere.
GENERIC_TITLES = frozenset({"head", "director", "member", "chief", "chair", "chairman", "chairwoman", "founder",
                            "adviser", "advisor", "aide", "representative", "secretary"})
# Nouns of a state body that, right before a generic title, make it a post ("army chief", "police chief").
BODY_NOUNS = frozenset({"army", "police", "military", "intelligence", "security", "border", "defence", "defense",
                        "navy", "militia", "prison", "customs", "migration"})
# Verbs that punish or coerce whom they take as object.
SUBJECTING_VERBS = frozenset({"strip", "deprive", "deport", "expel", "detain", "arrest", "sentence", "convict",
                              "charge", "prosecute", "jail", "imprison", "fine", "extradite"})
STATE_ORG_KINDS = {OrgKind.GOVERNMENT_AGENCY, OrgKind.LEGISLATURE, OrgKind.COURT, OrgKind.ARMED_FORCE}
# Words that make a lawyer or an advocate a state's: "state attorney", "government lawyer".
STATE_LAWYER_WORDS = frozenset({"state", "government", "military", "district", "city", "county", "federal"})
# Posts that only a state has: a minister is an official whatever body a name guessed for the ministry.
STATE_ONLY_TITLES = frozenset({"minister", "ambassador", "consul", "consul general", "governor", "mayor", "senator",
                               "lawmaker", "legislator", "prosecutor", "prosecutor general", "attorney general"})
# Verbs an appositive after a name may hold: "X, who sits on …", "X, a researcher based in …".
APPOSITIVE_VERBS = frozenset({"sits", "serves", "heads", "chairs", "leads", "is", "was", "runs", "directs",
                              "represents", "works", "focused", "based"})
# How far back a body's name with a list of fields may reach from the run before a name.
LISTED_BODY_MAX_WORDS = 10
# Verbs that give a name as it is said ("a person called Major X"): what the speaker calls someone, not a post.
NAMING_VERBS = frozenset({"call", "name", "nickname", "know"})


def role_for(title: str | None, org: Entity | None, formal: bool = False) -> PersonRole | None:
    """The role a post gives; `formal`: the title is written as a post's name ("Foreign Secretary X")."""
    if title is None:
        return None
    words = title.split()
    qualifiers = set()
    while len(words) > 1 and words[0] in TITLE_QUALIFIERS:
        qualifiers.add(words.pop(0))  # "chief editor" is an editor
    title = " ".join(words)
    if title in SOLDIER_RANKS or title in OFFICER_RANKS and qualifiers & {"retired", "former", "ex"}:
        return None  # a sergeant, a retired major: a soldier or a veteran, not an official
    if title in JOURNALIST_TITLES:
        return PersonRole.JOURNALIST
    if title in EXPERT_TITLES or words[-1] in EXPERT_TITLES and not set(words[:-1]) & STATE_LAWYER_WORDS:
        return PersonRole.EXPERT  # "defence lawyer", "migration lawyer" (not "state lawyer")
    if org is not None and org.org_kind in (OrgKind.ARMED_GROUP, OrgKind.COMPANY):
        return None  # a militia's representative or a firm's head is neither a state official nor an expert
    if title.split()[-1] in STATE_ONLY_TITLES or title in STATE_ONLY_TITLES:
        return PersonRole.OFFICIAL
    if org is not None and org.org_kind not in STATE_ORG_KINDS and org.org_kind not in (None, OrgKind.OTHER):
        return PersonRole.EXPERT  # "director of a migrant rights group" is not a state official
    if org is not None and set(org.name.lower().split()) & CRIMINAL_CUES:
        return None  # "a member of the criminal group"
    if title.split()[-1] in GENERIC_TITLES and not formal and org is None:
        return None  # "the head of the family": a post only in a body
    return PersonRole.OFFICIAL


def _person_spans(ctx: ExtractionContext) -> list[tuple[Span, Entity]]:
    doc = ctx.doc
    spans = []
    for mention in ctx.entities.mentions:
        entity = ctx.entities.entities[mention.key]
        if entity.kind != EntityKind.PERSON:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            spans.append((span, entity))
    return spans


def _left_title_phrase(span: Span) -> Span | None:
    """The run of title-like tokens right before a name ("Russian Investigative Committee Head", "the Russian
    ambassador to Uzbekistan"), or the title phrase the name stands in apposition to ("the official
    representative of the ministry, Irina Volk")."""
    doc = span.doc
    end = span.start
    if end - 1 > span.sent.start and doc[end - 1].text == "," and (
            span.root.dep_ == "appos" and span.root.head.i < span.start and span.root.head.lower_ in TITLE_WORDS
            or _title_noun_before(doc[max(span.sent.start, end - 12): end - 1])):
        end -= 1  # "the official representative of the ministry, Irina Volk"
    elif end - 1 > span.sent.start and doc[end - 1].lower_ == "like":
        end -= 1  # "human rights activists like X": one of those
    elif end - 2 > span.sent.start and doc[end - 2].lower_ == "such" and doc[end - 1].lower_ == "as":
        end -= 2  # "lawyers such as X"
    i = end
    while i > span.sent.start:
        tok = doc[i - 1]
        if tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.lower_ in TITLE_QUALIFIERS or tok.lower_ in (
                "of", "the", "for", "to", "'s", "\u2019s", "-", "de", "facto") or (
                tok.lower_ == "in" and doc[i].lower_ == "charge"):  # "retired" parses as a verb; "in charge"
            i -= 1
            continue
        break
    while i < end and doc[i].lower_ in ("of", "the", "for", "to"):
        i += 1
    # (only a phrase that runs up to the name: not "X, the officer of the Office, Shankar")
    listed = _listed_body_title(doc, i, span.sent.start) if i < end and doc[end - 1].text != "," else None
    if listed is not None:
        i = listed
    return doc[i: end] if i < end else None


def _listed_body_title(doc, i: int, sent_start: int) -> int | None:
    """Where a title starts whose body's name lists fields with commas: "Minister of Labor, Migration and
    Employment of the Population [Ms. X]" (the run before the name stops at "and")."""
    j = i
    steps = 0
    while j > sent_start and steps < LISTED_BODY_MAX_WORDS:
        word = doc[j - 1]
        if word.lower_ == "of" and j - 2 >= sent_start and doc[j - 2].lower_ in TITLE_WORDS:
            title = j - 2
            while title > sent_start and doc[title - 1].lower_ in TITLE_WORDS | TITLE_QUALIFIERS:
                title -= 1  # "Deputy Chairman of …"
            return title if j < i else None
        if not (word.text in (",", "and", "on", "for", "the") or word.pos_ in ("PROPN", "NOUN", "ADJ")) \
                or word.ent_type_ == "PERSON":
            return None
        j -= 1
        steps += 1
    return None


def _counterparts_title(ctx: ExtractionContext, span: Span,
                        positions: dict[tuple[str, str, str | None], Position]) -> str | None:
    """The title of the official whose "counterpart" a name is: "his Ukrainian counterpart X" after "Defence
    Minister Y" holds the same post in another state."""
    doc = span.doc
    noun = span.root.head if span.root.dep_ == "appos" else doc[span.start - 1] if span.start > 0 else None
    while noun is not None and noun.i >= span.start - 3 and noun.lemma_.lower() != "counterpart" and noun.i > 0 \
            and noun.pos_ in ("ADJ", "PROPN"):
        noun = doc[noun.i - 1]
    if noun is None or noun.lemma_.lower() != "counterpart":
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.pos_ == "PRON":
        holder = antecedent_person(ctx, owner.idx, gender=pronoun_gender(owner))
    else:
        holder = ctx.entities.at(owner.idx, owner.idx + len(owner), EntityKind.PERSON)
    titles = [title for (key, title, _), _p in positions.items() if holder is not None and key == holder.key
              and role_for(title, None, True) is PersonRole.OFFICIAL]
    return titles[0] if titles else None


def _named_as(phrase: Span) -> bool:
    """Whether a title phrase is part of what someone is called: "a person called Major Bandara"."""
    before = phrase.doc[phrase.start - 1] if phrase.start > phrase.sent.start else None
    return before is not None and before.tag_ == "VBN" and before.lemma_.lower() in NAMING_VERBS


def _title_noun_before(words: Span) -> bool:
    """Whether a phrase before a comma holds a title noun: "the former de facto president of the region, X"."""
    # Not the title of another name: "Rabindra Regmi, the information officer of the Office, Shankar …"
    return any(t.lower_ in TITLE_WORDS and t.pos_ in ("NOUN", "PROPN")
               and t.dep_ in ("nsubj", "appos", "dobj", "pobj", "ROOT", "compound")
               and not (t.dep_ == "appos" and t.head.ent_type_ == "PERSON") for t in words)


def _right_title_phrase(ctx: ExtractionContext, span: Span) -> Span | None:
    """An appositive after a name: ", head of the Y," / ", who sits on the Z" / " from the group Y"."""
    doc = span.doc
    end = span.end
    if end < len(doc) and doc[end].lower_ in ("'s", "\u2019s"):
        return None
    if end < len(doc) and doc[end].lower_ in ("from", "of", "at", "with"):
        start = end
    elif end < len(doc) and doc[end].text == ",":
        start = end + 1
    else:
        return None
    stop = start
    while stop < span.sent.end and stop - start < 30:
        tok = doc[stop]
        if tok.is_quote and (closing := _quoted_name_end(doc, stop, span.sent.end)) is not None:
            stop = closing + 1  # 'the director of the "Sova" Research Centre': a name in quote marks
            continue
        if tok.text in (",", ";", ":", "(", ")") or tok.is_quote or (tok.text == "." and stop == span.sent.end - 1):
            break
        if tok.lower_ in ("who", "which") and stop > start:
            break
        other = ctx.entities.at(tok.idx, tok.idx + len(tok.text), EntityKind.PERSON)
        if other is not None and not span.start_char <= tok.idx < span.end_char:
            # "X, a close ally of President Vladimir Putin": the title before another name is that one's
            while stop > start and doc[stop - 1].lower_ in TITLE_WORDS:
                stop -= 1
            break
        # (a noun tagged as a verb keeps its noun's dependency: "a civil rights advocate")
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound", "appos") \
                and tok.lower_ not in APPOSITIVE_VERBS:
            if stop == start or doc[stop - 1].lower_ not in ("who",):
                break
        stop += 1
    return doc[start:stop] if stop > start else None


def _quoted_name_end(doc, opening: int, limit: int) -> int | None:
    """The closing mark of a name of one to three capitalised words in quote marks opening at `opening`."""
    for close in range(opening + 2, min(opening + 5, limit)):
        if doc[close].is_quote:
            inside = doc[opening + 1: close]
            return close if all(t.text[:1].isupper() for t in inside) else None
    return None


def _organization_in(ctx: ExtractionContext, phrase: Span) -> Entity | None:
    """The organization a title phrase names: a known mention, else a name or noun phrase after a preposition."""
    orgs = ctx.entities.within(phrase.start_char, phrase.end_char, EntityKind.ORGANIZATION)
    if orgs:
        return orgs[-1] if len(orgs) > 1 and phrase[0].lower_ in ("from", "at", "with") else orgs[0]
    doc = phrase.doc
    for tok in phrase:
        heads_it = tok.i > phrase.start and doc[tok.i - 1].lower_ in ("who", "which") and \
            tok.lemma_.lower() in RELATIVE_POST_VERBS  # "who heads the UK-based monitor"
        if tok.lower_ not in ("of", "at", "with", "for", "from", "on", "in") and not heads_it:
            continue
        tail = [t for t in doc[tok.i + 1: phrase.end]]
        # A capitalised name at the end of the phrase ("the legal group Department One").
        caps: list[Token] = []
        for t in reversed(tail):
            # "the Prime Minister's Office": a possessive inside the name
            if t.text[:1].isupper() or (caps and (t.lower_ in ("of", "for", "and") or t.tag_ == "POS")):
                caps.insert(0, t)
            else:
                break
        while caps and caps[0].lower_ in ("of", "for", "and"):
            caps.pop(0)
        if caps and caps[0].i > 0 and doc[caps[0].i - 1].lower_ in ("in", "at") and \
                ctx.entities.at(caps[0].idx, caps[-1].idx + len(caps[-1])) is not None:
            caps = []  # "director of a travel agency in Delhi": where the body is, not its name
        head_nouns = [t for t in tail if t.lemma_.lower() in ORG_HEADS]
        if caps and (len(caps) > 1 or head_nouns):
            name = " ".join(doc[caps[0].i: caps[-1].i + 1].text.split())
            descriptor = " ".join(t.text for t in tail[: tail.index(caps[0])])
            named = doc[caps[0].i: caps[-1].i + 1]
            # "the head of Syrians for Truth and Justice, an advocacy group": the descriptor after the name
            kind = descriptor_org_kind(descriptor) or described_after(named) or guess_org_kind(
                " ".join(t.text for t in tail))
            return _new_org(ctx, name, kind, named)
        if head_nouns:
            head = head_nouns[-1]
            words = [t for t in tail[: tail.index(head) + 1] if t.pos_ != "DET"]
            name = doc[words[0].i: head.i + 1].text
            kind = descriptor_org_kind(name) or guess_org_kind(name)  # "the UK-based monitor" is an NGO
            return _new_org(ctx, name, kind, doc[words[0].i: head.i + 1])
    return None


def _new_org(ctx: ExtractionContext, name: str, kind: OrgKind, span: Span) -> Entity:
    entity = ctx.entities.add(
        Entity(entity_key(EntityKind.ORGANIZATION, name), EntityKind.ORGANIZATION, name, org_kind=kind)
    )
    ctx.entities.mention(span.start_char, span.end_char, entity.key)
    if not entity.evidence:
        entity.evidence.append(ctx.evidence(span, "entity:title-phrase-org", 0.6))
    return entity


def subjected_people(ctx: ExtractionContext) -> set[str]:
    """People whom a punishing verb has as its object ("to strip activist X of his citizenship", "X was
    deported"): whom the article is about."""
    found = set()
    for span, person in _person_spans(ctx):
        root = span.root
        if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in SUBJECTING_VERBS:
            found.add(person.key)
    return found


def _hold_post(positions: dict[tuple[str, str, str | None], Position], person: Entity, title: str,
               org: Entity | None, formal: bool, evidence: Evidence) -> None:
    """Record that `person` holds the post, and the role it gives them (over none or a private one)."""
    role = role_for(title, org, formal)
    if role is not None and person.role in (None, PersonRole.PRIVATE):
        person.role = role
    key = (person.key, title, org.key if org else None)
    if key not in positions:
        positions[key] = Position(person.key, title, org.key if org else None, evidence)


def _after_a_body_noun(phrase: Span, title: str) -> bool:
    """A post named with its body: "army chief", "police chief", "intelligence head"."""
    last = title.split()[-1]
    return any(t.lower_ == last and t.i > phrase.start and phrase.doc[t.i - 1].lower_ in BODY_NOUNS for t in phrase)


# How many sentences after a country's official speaks by post alone the name may follow.
NAMED_AFTER_SENTENCES = 2


def _named_after_the_post(
    ctx: ExtractionContext, positions: dict[tuple[str, str, str | None], Position]
) -> list[tuple[Entity, Span]]:
    """(person, post phrase) of a country's official who speaks first by post alone and is named in the next
    sentences, as wire copy writes it: "In December, Nepal's foreign minister said the country wanted a
    review. / Peter Novak said he wanted a new agreement": the first person the article names after it, the
    subject of a verb of saying, with no post of their own."""
    found: list[tuple[Entity, Span]] = []
    sentences = list(ctx.doc.sents)
    held = {key[0] for key in positions}
    first_mention: dict[str, int] = {}
    for mention in ctx.entities.mentions:
        first_mention.setdefault(mention.key, mention.start)
    for index, sent in enumerate(sentences):
        speakers = (t for t in sent if t.dep_ == "nsubj" and t.head.lemma_.lower() in lexicon.STATEMENT_VERBS)
        for subject in speakers:
            phrase = ctx.doc[subject.left_edge.i: subject.i + 1]
            if find_title(phrase.text) is None or not ctx.entities.within(phrase.start_char, phrase.end_char,
                                                                          EntityKind.COUNTRY):
                continue  # "Ghana's foreign minister", not "the minister" nor "the ministry's spokesman"
            if ctx.entities.within(phrase.start_char, phrase.end_char, EntityKind.PERSON) or \
                    ctx.in_quote(subject.idx, subject.idx + 1):
                continue
            for later in sentences[index + 1: index + 1 + NAMED_AFTER_SENTENCES]:
                person = next((p for t in later if t.dep_ == "nsubj"
                               and t.head.lemma_.lower() in lexicon.STATEMENT_VERBS
                               and (p := ctx.entities.at(t.idx, t.idx + len(t), EntityKind.PERSON))), None)
                if person is None:
                    continue
                if len(person.name.split()) > 1 and person.key not in held and \
                        first_mention.get(person.key, -1) >= later.start_char:
                    found.append((person, phrase))
                break
    return found


def _pronoun_posts(ctx: ExtractionContext) -> list[tuple[Token, Span]]:
    """(he/she, the predicate noun's phrase) of "he is now the country's army chief" clauses."""
    found = []
    for token in ctx.doc:
        if token.dep_ != "nsubj" or token.lower_ not in ("he", "she") or token.head.lemma_ != "be":
            continue
        attr = next((c for c in token.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
        if attr is not None and not ctx.in_quote(token.idx, token.idx + 1):
            found.append((token, ctx.doc[attr.left_edge.i: attr.right_edge.i + 1]))
    return found


def read_positions(ctx: ExtractionContext) -> list[Position]:
    """Posts held by the people of the article; also sets each person's role."""
    positions: dict[tuple[str, str, str | None], Position] = {}
    private: set[str] = set()
    for span, person in _person_spans(ctx):
        phrases = []
        for phrase, mechanism in ((_left_title_phrase(span), "post:title-before-name"),
                                  (_right_title_phrase(ctx, span), "post:appositive")):
            if phrase is None or _named_as(phrase):
                continue
            title = find_title(phrase.text)
            relative = re.match(r"\s*(who|which)\s+(\w+)", phrase.text, re.I)
            if relative and title is None and len(phrase) > 1:
                title = RELATIVE_POST_VERBS.get(ctx.doc[phrase.start + 1].lemma_.lower())
                mechanism = "post:relative-clause"
            if title is None and any(cue in phrase.text.lower().split() for cue in PRIVATE_CUES):
                private.add(person.key)
            phrases.append((phrase, mechanism, title, _organization_in(ctx, phrase)))
        titled = [p for p in phrases if p[2] is not None]
        # "lawyer X from the group Y": the title is on one side of the name, the organization on the other.
        spare_orgs = [p[3] for p in phrases if p[2] is None and p[3] is not None]
        for phrase, mechanism, title, org in titled:
            if org is None and spare_orgs and len(titled) == 1:
                org = spare_orgs[0]
            if org is None and title in ("president", "prime minister", "foreign minister") and person.iri:
                continue  # the reference data already says which country's president
            if org is None and mechanism == "post:title-before-name":
                title = with_field(phrase.text, title)  # (with a body, the field words are the body's name)
            formal = any(t.lower_ == title.split()[-1] and t.text[:1].isupper() and t.i != t.sent.start
                         for t in phrase) or _after_a_body_noun(phrase, title)
            _hold_post(positions, person, title, org, formal,
                       ctx.evidence(phrase, mechanism, 0.8 if org else 0.65))
    for span, person in _person_spans(ctx):  # "to meet his Ukrainian counterpart Oleksii Reznikov"
        title = _counterparts_title(ctx, span, positions)
        if title is not None:
            _hold_post(positions, person, title, None, True, ctx.evidence(span, "post:counterpart", 0.6))
    for person, phrase in _named_after_the_post(ctx, positions):
        _hold_post(positions, person, find_title(phrase.text), _organization_in(ctx, phrase), True,
                   ctx.evidence(phrase, "post:named-after", 0.6))
    for pronoun, phrase in _pronoun_posts(ctx):  # "Then a senior commander, he is now the country's army chief"
        person = antecedent_person(ctx, pronoun.idx, gender=pronoun_gender(pronoun))
        title = find_title(phrase.text)
        if person is not None and title is not None:
            _hold_post(positions, person, title, _organization_in(ctx, phrase), _after_a_body_noun(phrase, title),
                       ctx.evidence(phrase, "post:pronoun-copula", 0.6))
    pseudonyms = PSEUDONYM_CUES.search(ctx.text) is not None
    for person in ctx.entities.entities.values():
        if person.kind != EntityKind.PERSON or person.role is not None:
            continue
        if person.key in private or len(person.name.split()) == 1:
            person.role = PersonRole.PRIVATE
            person.pseudonymous = pseudonyms and len(person.name.split()) == 1
    return list(positions.values())
