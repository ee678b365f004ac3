"""Events: raids, statements, reports, legislative stages, mobilization, detentions, prosecutions, deaths...

A trigger word from `lexicon.EVENT_TRIGGERS` (or a two-word trigger: "rounded up", "criminal cases") opens an
event; its clause is the trigger's governing verb (for a noun) or the trigger verb itself. Agents, places and
the date are the article's entities and DATE spans inside that clause. Places where people come from
("workers from Kyrgyzstan"), adjectives ("Russian passports") and a place that only locates another one
("Tver, a city in central Russia") are not where the event happened, and negated triggers ("I haven't heard
of raids") are no events.

Raid places: every name listed with a place is a place, even one NER took for a person ("in Tver, Kimry and
Torzhok"); a raid told in a subordinate clause ("..., when the police raid began") takes the places of its
sentence; a raid whose sentence names no place takes those of the next sentence of its paragraph, unless
that sentence tells an event of its own.

Figures count the events of their sentence when their measure fits the event (detained for a detention,
killed for a death); a raid counts every figure of its sentence (people detained, checked, summoned).
Legislative events come from the acts: one per stage read (introduction, reading, adoption, approval,
signing, entry into force), with the stage's date, actors and evidence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.attribution import agent_of, antecedent_person, pronoun_gender
from kg.extract.context import ExtractionContext
from kg.extract.dates import attaches_to, dates_in
from kg.extract.entities import ORG_NOUNS
from kg.model import (
    PLACE_KINDS,
    ActStage,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Figure,
    LegalAct,
    Measure,
    OrgKind,
    PartialDate,
)

AGENT_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY)
SPEAKER_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "pobj")
LABEL_MAX_WORDS = 10
TARGET_MAX_WORDS = 6  # "against newly naturalized Russians"
# Verbs whose date dates no event of their own: saying it, being so, having it.
OCCURRENCE_SKIPPED_VERBS = frozenset({"say", "tell", "report", "state", "add", "note", "write", "announce", "be",
                                      "have", "update", "publish", "confirm", "claim", "know", "become", "expect",
                                      "estimate", "show", "find", "believe", "quote", "cite", "comment", "explain",
                                      "warn", "caution"})
# Which figures count an event of each kind (a raid counts every figure of its sentence).
EVENT_MEASURES: dict[EventKind, frozenset[Measure]] = {
    EventKind.DETENTION: frozenset({Measure.DETAINED, Measure.CHECKED, Measure.SUMMONED}),
    EventKind.DEATH: frozenset({Measure.KILLED, Measure.CASUALTIES}),
    EventKind.PROSECUTION: frozenset({Measure.CASES}),
    EventKind.RECRUITMENT: frozenset({Measure.RECRUITED}),
    EventKind.DEPLOYMENT: frozenset({Measure.DEPLOYED}),
    EventKind.MOBILIZATION: frozenset({Measure.MOBILIZED}),
    EventKind.DEPORTATION: frozenset({Measure.DEPORTED}),
}


# Organizations that report raids and never carry them out.
REPORTING_KINDS = frozenset({OrgKind.NGO, OrgKind.MEDIA_OUTLET, OrgKind.UNIVERSITY})
# Prepositions of a time adverbial: the event in their object happened, whatever the clause denies.
PRESUPPOSING_PREPOSITIONS = frozenset({"during", "after", "amid", "following", "since"})
# Prepositions that order another event before or after the clause's.
SEQUENCE_PREPOSITIONS = frozenset({"after", "before", "following", "since"})


def read_events(
    ctx: ExtractionContext, acts: Sequence[LegalAct], figures: Sequence[Figure] = ()
) -> list[Event]:
    """Every event the article reports: legislative stages of `acts`, then trigger-word events by sentence,
    each linked to the `figures` that count it."""
    events = [_stage_event(ctx, act, stage) for act in acts for stage in act.stages]
    sentences = list(ctx.doc.sents)
    for index, sent in enumerate(sentences):
        found: dict[EventKind, Event] = {}
        triggers: dict[EventKind, Token] = {}
        told: set[int] = set()  # tokens whose events are told: triggers and the verbs of their clauses
        for tok in sent:
            for event in (_trigger_event(ctx, tok) or _coercion_event(ctx, tok), _speech_event(ctx, tok)):
                # One event of each kind per sentence: a raid sentence that says "raids" twice is one raid.
                if event is not None:
                    told |= {tok.i, _clause(tok).root.i}
                if event is not None and event.kind not in found:
                    found[event.kind] = event
                    triggers[event.kind] = tok
        events += _dated_occurrences(ctx, sent, told)
        raid = found.get(EventKind.RAID)
        trigger = triggers.get(EventKind.RAID)
        if raid is not None and not raid.places and not ctx.in_quote(trigger.idx, trigger.idx + len(trigger)):
            # (a raid told inside a quote is someone's story: its places are the quote's or none)
            raid.places = _places_told_around(ctx, sentences, index)
            earlier = _detention_referred_to(trigger, events, sentences, index) if not raid.places else None
            if earlier is not None:  # "these people were detained during raids": the detention told before
                raid.places, raid.date, raid.date_text = list(earlier.places), raid.date or earlier.date, \
                    raid.date_text or earlier.date_text
            raid.label = _with_places(ctx, raid.label, raid.places)
        for event in found.values():
            event.figures = _counting(event, figures)
        events.extend(found.values())
    return events


# --- legislative stages ---


def _stage_event(ctx: ExtractionContext, act: LegalAct, stage: ActStage) -> Event:
    kind, verb = lexicon.STATUS_EVENTS[stage.status]
    names = " and ".join(_name(ctx, key) for key in stage.actors)
    label = f"{names} {verb} {act.label}" if names else f"{act.label} {verb}"
    return Event(
        key=ctx.fact_key("event", kind.value, act.key, stage.status.value, stage.evidence.start),
        kind=kind,
        label=label,
        date=stage.date,
        agents=list(stage.actors),
        acts=[act.key],
        stage=stage.status,
        evidence=[stage.evidence],
    )


def _counting(event: Event, figures: Sequence[Figure]) -> list[str]:
    """The figures of the event's sentence that count it."""
    evidence = event.evidence[0]
    measures = EVENT_MEASURES.get(event.kind)
    return [
        figure.key for figure in figures
        if any((e.start, e.end) == (evidence.start, evidence.end) for e in figure.evidence)
        and figure.measure is not Measure.MONEY
        and (event.kind is EventKind.RAID or (measures is not None and figure.measure in measures))
    ]


def _name(ctx: ExtractionContext, key: str) -> str:
    entity = ctx.entities.get(key)
    return entity.name if entity else key.rsplit("/", 1)[-1].replace("-", " ")


# --- trigger words ---


# The lemmas `trigger_kind` can read an event from: most tokens are none of these, and their children are not read.
TRIGGER_LEMMAS = frozenset(lexicon.EVENT_TRIGGERS) | lexicon.ACTIVITY_NOUNS | {
    word for pair in lexicon.PHRASAL_TRIGGERS for word in pair}


def trigger_kind(tok: Token) -> EventKind | None:
    """The kind of event `tok` names, if it is a trigger word or the head of a two-word trigger."""
    lemma = tok.lemma_.lower()
    if lemma not in TRIGGER_LEMMAS:
        return None
    for child in tok.children:
        if child.dep_ in ("prt", "amod", "compound"):
            phrasal = lexicon.PHRASAL_TRIGGERS.get((child.lemma_.lower(), lemma)) or (
                lexicon.PHRASAL_TRIGGERS.get((lemma, child.lemma_.lower()))
            )
            if phrasal is not None:
                return phrasal
            if child.dep_ == "compound" and lemma in lexicon.ACTIVITY_NOUNS and tok.pos_ == "NOUN" and (
                    lexicon.EVENT_TRIGGERS.get(child.lemma_.lower()) is not None):
                return lexicon.EVENT_TRIGGERS[child.lemma_.lower()]  # "recruitment drives", "raid campaign"
    kind = lexicon.EVENT_TRIGGERS.get(lemma)
    if kind is None or tok.dep_ == "compound":  # "raid victims", "death threats" name something else
        return None
    if lemma in lexicon.VERB_ONLY_TRIGGERS and tok.pos_ != "VERB":
        return None
    return kind if tok.pos_ in ("NOUN", "VERB", "ADJ", "PROPN") else None


def _trigger_event(ctx: ExtractionContext, tok: Token) -> Event | None:
    kind = trigger_kind(tok)
    if kind is None or _negated(tok) or _hypothetical(tok):
        return None
    clause = _clause(tok)
    aside = _asides(clause, tok) | _other_clauses(clause, tok)
    agents = _agents(ctx, tok, clause, kind, aside)
    participants = _groups(clause)
    if kind is EventKind.DEATH:  # who died is the subject of "died", not an agent
        participants, agents = agents + participants, []
    places = [e.key for e in _places(ctx, clause, aside) if e.key not in agents + participants]
    if kind is EventKind.RAID and not places and clause.root.dep_ in ("advcl", "conj", "relcl"):
        # "Bolot was working at a market in X when the police raid occurred": the sentence's places.
        sent = tok.sent
        places = [e.key for e in _places(ctx, sent, _asides(sent, tok)) if e.key not in agents + participants]
    date, date_text = _event_date(ctx, tok, clause.root)
    means = _means_of(clause.root)
    if date is None and means is not None:
        date, date_text = _event_date(ctx, tok, means)
    sharer = _subject_sharer(clause.root)
    if sharer is not None:
        # "On March 3, police in Kazan raided a hostel and detained 40 migrants": the second verb shares the
        # first one's subject, the places in that subject, and a date told before them both
        if not places:
            subject = next((c for c in sharer.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                places = [e.key for e in _places(ctx, tok.doc[subject.left_edge.i: subject.right_edge.i + 1])
                          if e.key not in agents + participants]
        if date is None:
            fronted, fronted_text = _event_date(ctx, sharer, sharer)
            if fronted is not None and _date_before(tok.sent, sharer, fronted_text):
                date, date_text = fronted, fronted_text
    if kind is EventKind.MOBILIZATION and not (date or _modifiers(tok) & lexicon.MOBILIZATION_MODIFIERS):
        return None  # "mobilization fears" is a topic, "partial mobilization" an event
    named_dead = kind is EventKind.DEATH and participants
    if kind is not EventKind.RAID and not (agents or places or date or named_dead or _counts(clause)):
        return None
    return Event(
        key=ctx.fact_key("event", kind.value, tok.sent.start_char),
        kind=kind,
        label=_trigger_label(ctx, tok, agents if kind is not EventKind.RAID else [], places),
        date=date,
        date_text=date_text,
        agents=agents,
        participants=participants,
        places=places,
        evidence=[ctx.evidence(tok, f"event:{kind.value}-trigger", 0.7 if agents or places else 0.5)],
    )


COERCION_CUES = re.compile(lexicon.COERCION_CUES, re.IGNORECASE)


def _coercion_event(ctx: ExtractionContext, tok: Token) -> Event | None:
    """A raid the text tells without the word: a coercive act of a state body, or of the draft, on migrants at
    a place ("Tajik students were beaten by OMON officers in their dormitory", "migrants were given call-up
    papers at the market", "the police delivered 100 migrants to enlistment offices in X")."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lexicon.COERCION_VERBS or _negated(tok) or _hypothetical(tok):
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    patients = [c for c in tok.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    if passive and not patients and tok.dep_ in ("relcl", "acl"):
        patients = [tok.head]  # "men detained along a street"
    if passive and not patients:  # a subject the parser hung elsewhere: "In X, migrants who … were given …"
        patients = [t for t in tok.lefts for t in t.subtree if t.lemma_.lower() in lexicon.COERCED_NOUNS][:1]
    if not any(p.lemma_.lower() in lexicon.COERCED_NOUNS for p in patients):
        return None
    patient = next(p for p in patients if p.lemma_.lower() in lexicon.COERCED_NOUNS)
    what = next((c for c in tok.children if c.dep_ == "dobj" and c is not patient), None)  # "given call-up papers"
    if what is not None and tok.lemma_.lower() in lexicon.HANDING_VERBS and not COERCION_CUES.search(
            tok.doc[what.left_edge.i: what.right_edge.i + 1].text):
        return None  # "giving migrants a way to escape deportation": what is handed is no summons or paper
    clause = _clause(tok)
    agents = [e.key for e, _ in _mentioned(ctx, clause, (EntityKind.ORGANIZATION,))
              if e.org_kind not in REPORTING_KINDS]
    by_officers = any(o.lemma_.lower() in lexicon.ENFORCER_NOUNS or o.lower_ in lexicon.ENFORCER_NOUNS
                      for c in tok.children if c.dep_ in ("agent", "nsubj")
                      for o in ([c] if c.dep_ == "nsubj" else c.children))
    if not agents and not by_officers and not COERCION_CUES.search(clause.text) and not _after_a_raid(tok):
        return None  # "workers were given a raise": neither the police nor the draft
    aside = _asides(clause, tok) | _other_clauses(clause, tok)
    places = [e.key for e in _places(ctx, clause, aside)]
    if not places:
        return None
    date, date_text = _event_date(ctx, tok, tok)
    who = [t.text for t in patient.lefts if t.dep_ in ("amod", "compound", "nummod")] + [patient.text]
    words = [tok.text] + [c.text for c in tok.children if c.dep_ == "prt"]
    if what is not None:
        words += [t.text for t in what.lefts if t.dep_ in ("amod", "compound")] + [what.text]
    return Event(
        key=ctx.fact_key("event", EventKind.RAID.value, tok.sent.start_char),
        kind=EventKind.RAID,
        label=_with_places(ctx, " ".join(who + words), places),
        date=date,
        date_text=date_text,
        agents=agents,
        places=places,
        evidence=[ctx.evidence(tok, "event:raid-coercion", 0.55)],
    )


def _after_a_raid(tok: Token) -> bool:
    """Whether the sentence before tells of a raid or the draft: "… were given summonses during a joint raid.
    In Rostov-on-Don, such citizens were searched for in nightclubs" (the search is one of those raids)."""
    if tok.sent.start == 0:
        return False
    before = tok.doc[tok.sent.start - 1].sent
    return COERCION_CUES.search(before.text) is not None or any(trigger_kind(t) is EventKind.RAID for t in before)


def _negated(tok: Token) -> bool:
    """A trigger under a negation or a prohibition: "police did not raid", "I haven't heard of raids in X",
    "the constitution prohibits the expulsion of citizens". A trigger in a time adverbial is presupposed, not
    negated: "who did not register … during a joint raid"."""
    if tok.dep_ == "pobj" and tok.head.lower_ in PRESUPPOSING_PREPOSITIONS:
        return any(child.dep_ == "neg" for child in tok.children)
    if any(child.dep_ == "neg" for node in (tok, *tok.ancestors) for child in node.children):
        return True
    node = tok
    # Up to the clause's verb and those it hangs from, but not across coordinated clauses ("X banned …,
    # and a court opened cases").
    while node.head.i != node.i and not (node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
        node = node.head
        if node.lemma_.lower() in lexicon.PROHIBITION_LEMMAS:
            return True
    return False


def _hypothetical(tok: Token) -> bool:
    """A trigger in a condition: "if someone attacks X tomorrow"."""
    return any(
        child.dep_ == "mark" and child.lower_ in lexicon.CONDITION_MARKS
        for node in (tok, *tok.ancestors) for child in node.children
    )


def _clause(tok: Token) -> Span:
    """The clause an event is told in: the trigger verb's, or the verb governing a trigger noun."""
    root = tok
    if tok.pos_ != "VERB":
        # Up through at most two prepositional phrases ("the targets of police raids") to the verb.
        node = tok
        for _ in range(3):
            node = node.head if node.dep_ == "pobj" else node
            if node.dep_ == "prep" and node.lower_ in SEQUENCE_PREPOSITIONS:
                # "After the start of the aggression on …, X are fighting": another event's phrase is its clause
                # (while "detained 400 migrants during raids" tells the raid in the clause)
                root = node
                break
            if node.dep_ in ARGUMENT_DEPS + ("prep",) and node.head.pos_ in ("VERB", "AUX"):
                root = node.head
                break
            if node.dep_ != "prep" or node.head.pos_ not in ("NOUN", "PROPN"):
                break
            node = node.head
    doc = tok.doc
    return doc[root.left_edge.i : root.right_edge.i + 1]


def _means_of(verb: Token) -> Token | None:
    """The verb whose means a gerund tells, with no subject of its own: "Putin sent a shockwave through Russia
    by announcing a partial mobilization" (who announced, and when, is the verb's)."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "by" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    head = verb.head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def _subject_sharer(verb: Token) -> Token | None:
    """The verb a coordinated verb with no subject of its own shares its subject with ("police raided a hostel
    and detained 40 migrants": "raided")."""
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX") or verb.pos_ != "VERB" or any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    return verb.head


def _date_before(sent: Span, verb: Token, date_text: str) -> bool:
    """Whether the date written `date_text` stands in the sentence before `verb` (and so before its conjuncts)."""
    at = sent.text.find(date_text)
    return 0 <= at and sent.start_char + at < verb.idx


def _modifiers(tok: Token) -> set[str]:
    return {child.lower_ for child in tok.lefts if child.dep_ in ("amod", "compound", "nmod", "det")}


def _mentioned(
    ctx: ExtractionContext, clause: Span, kinds: Sequence[EntityKind]
) -> list[tuple[Entity, Span]]:
    """Entities of `kinds` mentioned in the clause, each once, with the span of its first mention there."""
    seen: dict[str, tuple[Entity, Span]] = {}
    for mention in ctx.entities.mentions:
        if mention.start < clause.start_char or mention.end > clause.end_char or mention.key in seen:
            continue
        entity = ctx.entities.entities[mention.key]
        span = clause.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if entity.kind in kinds and span is not None:
            seen[mention.key] = (entity, span)
    return list(seen.values())


def _asides(clause: Span, tok: Token) -> set[int]:
    """Tokens of the clause that tell something else: a relative clause on another noun ("cases against
    citizens who fought for X") or a contrasting clause ("..., while Cuba sent ...")."""
    aside: set[int] = set()
    for node in clause:
        if tok in node.subtree:
            continue
        contrast = node.dep_ == "advcl" and any(
            child.dep_ == "mark" and child.lower_ in lexicon.CONTRAST_MARKS for child in node.children
        )
        if (node.dep_ == "relcl" and node.head != tok) or contrast:
            aside.update(t.i for t in node.subtree)
    return aside


def _places(ctx: ExtractionContext, clause: Span, aside: Collection[int] = ()) -> list[Entity]:
    found = [
        (entity, _names_a_body(ctx, span.root)) for entity, span in _mentioned(ctx, clause, PLACE_KINDS)
        if not _is_origin(span.root) and span.root.i not in aside and span.root.pos_ != "ADJ"
        and not _locates_another(ctx, span.root) and not ctx.in_dateline(span.root)
    ]
    # "In Moscow, representatives of the Eastern District's Directorate conducted a raid": the district names
    # the body; where the raid was is the other place.
    if any(not of_body for _, of_body in found):
        found = [(entity, of_body) for entity, of_body in found if not of_body]
    return [entity for entity, _ in found]


def _names_a_body(ctx: ExtractionContext, tok: Token) -> bool:
    """Whether a place is the possessor of an organization's name ("the District's Directorate of …")."""
    if tok.dep_ != "poss":
        return False
    owner = tok.head
    named = ctx.entities.at(owner.idx, owner.idx + len(owner.text))
    return named is not None and named.kind is EntityKind.ORGANIZATION or owner.lemma_.lower() in ORG_NOUNS


def _locates_another(ctx: ExtractionContext, tok: Token) -> bool:
    """A place inside an apposition that only locates the place before it ("Tver, a city in central Russia"),
    or one that locates a country's mission abroad ("the Indian embassy in Moscow confirmed the death"): where
    the mission sits is not where what it reports happened; or the wider area a region is in ("Tyumen Region in
    western Siberia": the raid was in the region; while "the market in Chelyabinsk" and "a district of St.
    Petersburg" keep the city)."""
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
        located = ctx.entities.at(prep.head.idx, prep.head.idx + len(prep.head.text))
        area = ctx.entities.at(tok.idx, tok.idx + len(tok.text))
        if located is not None and located.kind is EntityKind.REGION and area is not None \
                and area.kind not in (EntityKind.CITY, EntityKind.COUNTRY):
            return True
    for node in (tok, *tok.ancestors):  # also the place that is the apposition ("Elektrostal, Moscow region")
        if node.dep_ == "prep" and node.head.lemma_.lower() in lexicon.MISSION_NOUNS:
            return True
        if node.dep_ == "appos":
            described = ctx.entities.at(node.head.idx, node.head.idx + len(node.head.text))
            if described is not None and described.kind in PLACE_KINDS:
                return True
    return False


def _detention_referred_to(trigger: Token, events: Sequence[Event], sentences: list[Span],
                           index: int) -> Event | None:
    """The detention with places told in the two sentences before, when the raid's clause refers back to its
    people ("A spokesperson said that these people were detained during raids by …"), or the raid is a
    definite one ("Police detained migrants en masse in X. … the raid was carried out on a plan")."""
    verb = _clause(trigger).root
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    definite = trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                              for c in trigger.children)
    people = any(s.lower_ in ("they", "them") or any(d.lower_ in ("these", "those") for d in s.children)
                 for s in subjects)
    if not definite and not people:
        return None
    window = sentences[max(0, index - 2)].start_char, sentences[index].start_char
    earlier = [e for e in events if e.kind in (EventKind.DETENTION, EventKind.RAID) and e.places
               and window[0] <= e.evidence[0].start < window[1]]
    return earlier[-1] if earlier else None


def _places_told_around(ctx: ExtractionContext, sentences: list[Span], index: int) -> list[str]:
    """The places of the next sentence of the same paragraph, else of the previous one, if that sentence
    tells no event of its own: "Earlier in the Chelyabinsk region, migrants were given summonses. … during a
    joint raid by …"."""
    sent = sentences[index]
    for other in (index + 1, index - 1):
        if not 0 <= other < len(sentences):
            continue
        neighbour = sentences[other]
        first, second = sorted((sent, neighbour), key=lambda s: s.start_char)
        if "\n" in ctx.text[first.start_char: second.start_char]:
            continue  # sentences end at line breaks: a newline between the two ends the paragraph
        if any(trigger_kind(tok) is not None for tok in neighbour) or _tells_a_statement(neighbour):
            continue  # (where a statement about the raid was made is no place of the raid)
        # The next sentence may go on about the raid ("It targeted a hostel in X"); of the one before, only
        # where its own verb happened counts ("Earlier in the X region, migrants were given …"), not a place
        # that locates a noun ("his family in Isfara").
        places = list(dict.fromkeys(
            entity.key for entity, span in _mentioned(ctx, neighbour, PLACE_KINDS)
            if entity in _places(ctx, neighbour) and (other > index or _locates_a_verb(span.root))))
        if places:
            return places
    return []


def _tells_a_statement(sent: Span) -> bool:
    """Whether a sentence is about a statement, not what it says: its main verb says or reports with no clause
    of what was said ("He said so in X"), or its subject is a statement ("The statement was made … in X")."""
    root = sent.root
    speech = lexicon.REPORT_VERBS | lexicon.STATEMENT_VERBS
    says = any(c.dep_ in ("ccomp", "xcomp") for c in root.children)
    return root.lemma_.lower() in speech and not says or any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lexicon.STATEMENT_NOUNS for c in root.children)


def _locates_a_verb(tok: Token) -> bool:
    """Whether a place is the object of a preposition on a verb: "in the X region, migrants were given …"."""
    while tok.dep_ in ("conj", "compound"):
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return False
    governor = tok.head.head
    if governor.pos_ == "ADV":  # "Earlier in the X region, …"
        governor = governor.head
    return governor.pos_ in ("VERB", "AUX")


def _is_origin(tok: Token) -> bool:
    """Whether a place names where people come from: "workers from Kyrgyzstan", "citizens of Nepal"."""
    while tok.dep_ == "conj":  # "from Kyrgyzstan and Tajikistan"
        tok = tok.head
    if tok.dep_ in ("amod", "compound") and tok.head.lemma_.lower() in lexicon.ORIGIN_HOLDER_NOUNS:
        return True  # a demonym on people: "Sri Lankan soldiers", "Tajik workers"
    if tok.head.lower_ in ("born", "native"):
        return True  # "Uzbekistan-born soldiers"
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    holder = prep.head
    if prep.lower_ == "from":  # "a cook from X", "19 from X"
        return holder.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
    return prep.lower_ == "of" and holder.lemma_.lower() in lexicon.ORIGIN_HOLDER_NOUNS


def _agents(ctx: ExtractionContext, tok: Token, clause: Span, kind: EventKind,
            aside: Collection[int] = ()) -> list[str]:
    """Who acted: for a raid, the agencies in the clause (not in what it tells aside); else the subject (or
    by-agent) of its verb."""
    if kind is EventKind.RAID:  # the state bodies that raided, not the group that reported it
        return [entity.key for entity, span in _mentioned(ctx, clause, (EntityKind.ORGANIZATION,))
                if entity.org_kind not in REPORTING_KINDS and span.root.i not in aside]
    owners = [c for c in tok.children if c.dep_ == "poss"] if tok.pos_ in ("NOUN", "PROPN") else []
    if owners:  # "Russia's aggression", "the police's raid"
        return list(dict.fromkeys(e.key for o in owners
                                  for e, _ in _mentioned(ctx, tok.doc[o.left_edge.i: o.i + 1], AGENT_KINDS)))
    verb = clause.root if clause.root.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return []
    verb = _means_of(verb) or _subject_sharer(verb) or verb
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    subjects += [obj for child in verb.children if child.dep_ == "agent" for obj in child.children]
    return list(dict.fromkeys(key for subject in subjects for key in _subject_agents(ctx, subject)))


def _subject_agents(ctx: ExtractionContext, subject: Token) -> list[str]:
    """The people, bodies and countries a subject phrase names as acting: not a country whose demonym only
    describes another noun ("Kazakh authorities": the body acts; "a 39-year-old Uzbek man": a man, no country)."""
    found = _mentioned(ctx, subject.doc[subject.left_edge.i: subject.i + 1], AGENT_KINDS)
    keys: list[str] = []
    for entity, span in found:
        nested = any(other is not entity and o.start_char <= span.start_char and span.end_char <= o.end_char
                     and (o.end_char - o.start_char) > (span.end_char - span.start_char) for other, o in found)
        describing = entity.kind is EntityKind.COUNTRY and span.root.i != subject.i and span.root.dep_ in (
            "amod", "compound", "nmod")
        if entity.key not in keys and not nested and not describing:
            keys.append(entity.key)
    return keys


def _counts(clause: Span) -> bool:
    return any(ent.label_ == "CARDINAL" for ent in clause.ents)


def _groups(clause: Span) -> list[str]:
    text = clause.text.lower()
    return [
        group.key for group, patterns in lexicon.TARGET_CUES.items()
        if any(re.search(p, text) for p in patterns)
    ]


def _trigger_label(ctx: ExtractionContext, tok: Token, agents: list[str], places: list[str]) -> str:
    """"police raids in A, B and C", "partial mobilization", "Kazakhstan opened criminal cases"."""
    if tok.pos_ == "VERB":
        words = [tok.text] + [c.text for c in tok.children if c.dep_ == "prt"]
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        if objects:
            words += [t.text for t in objects[0].lefts if t.dep_ in ("amod", "compound", "nummod")]
            words.append(objects[0].text)
        phrase = " ".join(words)
    else:
        modifiers = [
            tok.doc[t.left_edge.i : t.i + 1].text for t in tok.lefts if t.dep_ in ("amod", "compound", "nummod")
        ]
        phrase = " ".join([*modifiers, tok.text])
        verb = _clause(tok).root
        target = _target_of(tok, verb)
        if target:  # "police raids against newly naturalized Russians"
            phrase = f"{phrase} {target}"
        if agents and any(c.dep_ == "poss" for c in tok.children):  # "Russia's military aggression"
            return _with_places(ctx, f"{' and '.join(_name(ctx, key) for key in agents)}'s {phrase}", places)
        if agents and verb != tok and verb.pos_ in ("VERB", "AUX"):  # "Kazakhstan opened criminal cases"
            phrase = f"{verb.text} {phrase}"
    if agents:
        phrase = f"{' and '.join(_name(ctx, key) for key in agents)} {phrase}"
    return _with_places(ctx, " ".join(phrase.split()[:LABEL_MAX_WORDS]), places)


def _target_of(tok: Token, verb: Token) -> str:
    """Whom a noun trigger is "against", on the noun or on the verb it is (or is in) the subject of: "a series of
    police raids were carried out against newly naturalized Russians". The words, up to a comma; empty if none."""
    holders = [tok]
    if verb.i != tok.i and any(a.dep_ in SUBJECT_DEPS and a.head.i == verb.i for a in (tok, *tok.ancestors)):
        holders.append(verb)
    prep = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "against"), None)
    if prep is None:
        return ""
    words = []
    for t in prep.subtree:
        if t.is_punct or len(words) == TARGET_MAX_WORDS:
            break
        words.append(t.text)
    return " ".join(words) if len(words) > 1 else ""


def _with_places(ctx: ExtractionContext, phrase: str, places: list[str]) -> str:
    """"police raid" + [A, B, C] → "police raid in A, B and C"."""
    if not places:
        return phrase
    names = [_name(ctx, key) for key in places]
    return phrase + " in " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


# --- statements and reports ---


def _speech_event(ctx: ExtractionContext, tok: Token) -> Event | None:
    """"X said at the Y Forum", "a speech by X at ...": STATEMENT; "X reported on August 1": REPORT."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in lexicon.REPORT_VERBS:
        kind = EventKind.REPORT
    elif (tok.pos_ == "VERB" and lemma in lexicon.STATEMENT_VERBS) or (
        tok.pos_ == "NOUN" and lemma in lexicon.STATEMENT_NOUNS
    ):
        kind = EventKind.STATEMENT
    else:
        return None
    if _negated(tok):
        return None
    said = {t.i for child in tok.children if child.dep_ in ("ccomp", "xcomp") for t in child.subtree}
    frame = _clause(tok)
    frame_tokens = [t for t in frame if t.i not in said]
    if ctx.article.title is not None and tok.sent.text.strip() == ctx.article.title:
        return None  # a headline's grammar is its own: "16 Cameroonians Reported Dead …"
    speaker, description = _speaker(ctx, tok, frame)
    if speaker is None and description is None:
        return None
    venue = _venue(frame_tokens)
    date, date_text = _event_date(ctx, tok, tok)
    if (kind is EventKind.STATEMENT or speaker is None) and venue is None and date is None:
        return None  # every quote has a "said"; a statement event needs an occasion, and an unnamed speaker a date
    places = [e.key for e in _places(ctx, venue)] if venue is not None else []
    if speaker is None:
        name = description
    else:
        name = speaker.name.split()[-1] if speaker.kind is EntityKind.PERSON else speaker.name
    at_venue = f" at the {_venue_name(venue)}" if venue is not None else ""
    what = next((c for c in tok.children if c.dep_ == "dobj"), None)  # "confirmed the death of three Nepalis"
    content = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if what is not None:
        label = f"{name} {tok.text} {_words(what.subtree)}{at_venue}"
    elif content is not None and speaker is None:  # "Moscow reported that 70 members of … were killed"
        label = f"{name} {tok.text}{at_venue} that {_words(t for t in content.subtree if t.dep_ != 'mark')}"
    else:
        label = f"{name} {kind.value}{at_venue}"
    return Event(
        key=ctx.fact_key("event", kind.value, tok.sent.start_char),
        kind=kind,
        label=label,
        date=date,
        date_text=date_text,
        agents=[speaker.key] if speaker else [],
        places=places,
        evidence=[ctx.evidence(tok, f"event:{kind.value}-verb", 0.7 if speaker else 0.6)],
    )


def _words(tokens, limit: int = 8) -> str:
    return " ".join(t.text for t in list(tokens)[:limit] if not t.is_punct)


def _speaker(ctx: ExtractionContext, tok: Token, frame: Span) -> tuple[Entity | None, str | None]:
    """Who speaks: the agent of a saying verb as the attribution reader finds it (an entity, else the words
    of its phrase: "a Ukrainian official told …"); for a noun ("Kutrashev's October 17 remarks", "the
    announcement came from X"), the first person or organization in its clause."""
    if tok.pos_ == "VERB":
        agent = agent_of(ctx, tok, SPEAKER_KINDS + (EntityKind.COUNTRY,))
        return agent.entity, agent.description
    owners = [c for c in tok.children if c.dep_ == "poss"] + [
        o for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for o in c.children if o.dep_ == "pobj"]
    for owner in owners:  # "Kutrashev's remarks", "a speech by X"
        for kind in SPEAKER_KINDS:
            found = _mentioned(ctx, tok.doc[owner.left_edge.i: owner.i + 1], (kind,))
            if found:
                return found[0][0], None
    for kind in SPEAKER_KINDS:  # "Interior Minister Vladimir Kolokoltsev": the person, not the ministry
        found = _mentioned(ctx, frame, (kind,))
        if found:
            return found[0][0], None
    return None, None


def _venue(tokens: list[Token]) -> Span | None:
    """The most specific occasion phrase ("at the X Forum" over "during a speech"), as the noun's phrase."""
    venues = [
        t for t in tokens
        if t.lemma_.lower() in lexicon.VENUE_NOUNS
        and t.dep_ == "pobj"
        and t.head.lower_ in ("at", "during", "on", "in")
    ]
    if not venues:
        return None
    venue = venues[-1]
    return venue.doc[venue.left_edge.i : venue.i + 1]


def _venue_name(venue: Span) -> str:
    words = [t for t in venue if t.dep_ != "det" and not (t.dep_ == "poss" and t.pos_ == "PRON")]
    return "".join(t.text_with_ws for t in words).strip()


def _event_date(ctx: ExtractionContext, tok: Token, verb: Token) -> tuple[PartialDate | None, str | None]:
    """The date of the event itself, with its words: one that modifies the trigger ("the raid on October
    19", "detained on May 3") or the verb of its clause ("police conducted a round-up on October 20"), or one
    inside the trigger's own phrase ("a round-up at a warehouse in mid-August"); never the nearest date of
    another clause ("the raids, first reported on Monday, …") or the report's date."""
    # Nouns between a noun trigger and its verb: "were the targets of raids on August 30".
    path = [a for a in tok.ancestors if a.pos_ in ("NOUN", "PROPN") and verb in a.ancestors] if tok.i != verb.i else []
    # "After the attack in March, raids intensified": the date of the event the phrase names, not the raids'
    # (while "raids since March" dates them)
    another = {t.i for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in SEQUENCE_PREPOSITIONS
               and tok not in prep.subtree for obj in prep.children if obj.dep_ == "pobj" and obj.ent_type_ != "DATE"
               for t in obj.subtree}
    # "September 2022 saw Russia mobilize 300,000 men": a time that "sees" the event is its date
    seen_by = verb.head if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in ("see", "witness") else None
    dates = [(ent, value) for ent, value in dates_in(tok.sent, ctx.article.published)
             if ent.root.i not in another and not _ends_a_period(ent)]
    # A date in the trigger's own phrase first: 'received draft orders on October 24 as part of the “partial
    # mobilization” announced by Putin on September 21' dates the mobilization September 21.
    for ent, value in dates:
        if attaches_to(ent.root, tok) or _in_phrase(ent.root, tok):
            return value, _date_words(ent)
    if tok.dep_ == "pobj" and tok.head.lower_ in PRESUPPOSING_PREPOSITIONS:
        return None, None  # "amid a declared mobilization, Putin issued a decree in November": the decree's date
    for ent, value in dates:
        if (verb.i != tok.i and attaches_to(ent.root, verb)) or any(_in_phrase(ent.root, noun) for noun in path) or (
                seen_by is not None and ent.root.head.i == seen_by.i and ent.root.dep_ == "nsubj"):
            return value, _date_words(ent)
    return None, None


def _ends_a_period(ent: Span) -> bool:
    """"remanded until June 12": the date a state lasts to, not when anything happened."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("until", "till")


def _in_phrase(token: Token, head: Token) -> bool:
    """Whether `token` hangs from the noun `head` through nouns and prepositions only."""
    node = token
    while node.head.i != node.i:
        if node.head.i == head.i:
            return True
        if node.head.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def _date_words(ent: Span) -> str:
    """The date as written, with the preposition that qualifies it: "in late August", "on November 26"."""
    doc = ent.doc
    start = ent.start
    if start > 0 and doc[start - 1].lower_ in ("in", "on", "since", "from", "between", "by", "until", "before",
                                               "after", "during"):
        start -= 1
    return doc[start: ent.end].text


def _other_clauses(clause: Span, tok: Token) -> set[int]:
    """Tokens of clauses inside the trigger's clause that tell something else: "arrested four people … on
    suspicion of luring young men to Russia … to force them to fight in Ukraine"."""
    aside: set[int] = set()
    told = {t.i for c in tok.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
    for node in clause:
        if node.dep_ in ("acl", "relcl") and node.head.i == tok.i:
            continue  # "the raid that targeted a warehouse in X": a clause on the trigger tells the event
        if node.i in told and node.dep_ == "acl" and node.tag_ in ("VBG", "VBN"):
            continue  # "a raid to check migrants working at a warehouse in X": where the raid's people were
        if node.pos_ in ("VERB", "AUX") and node.i != tok.i and node.i != clause.root.i and tok not in node.subtree \
                and node.dep_ in ("acl", "advcl", "xcomp", "pcomp", "relcl", "ccomp", "conj"):
            aside.update(t.i for t in node.subtree)
        elif node.dep_ == "prep" and node.lower_ in SEQUENCE_PREPOSITIONS and tok not in node.subtree:
            # "After the Crocus City Hall attack in March, raids on migrants intensified": another event,
            # with its own place, date and agents
            aside.update(t.i for t in node.subtree)
    return aside


# --- dated occurrences ---


# Subjects that name the circumstances, not anyone or anything that acts: "the situation shifted".
CIRCUMSTANCE_NOUNS = frozenset({"situation", "picture", "landscape", "mood", "atmosphere", "tide", "things"})
# Verbs of a state or an ongoing activity: "since 2022" tells how long, not when anything happened.
DURATIVE_VERBS = frozenset({"fight", "serve", "live", "work", "remain", "stay", "be", "continue", "wait", "hold",
                            "keep", "have", "reside", "struggle", "suffer"})


def _dated_occurrences(ctx: ExtractionContext, sent: Span, told: set[int]) -> list[Event]:
    """What else the sentence dates: a clause whose verb a date modifies ("he left Bangladesh in September
    2024", "the operation began on Feb. 24") when no trigger or stage tells it, nor a reporting verb."""
    events: list[Event] = []
    for ent, value in dates_in(sent, ctx.article.published):
        report = _dated_report(ent)
        if report is not None and report.i not in told:
            told.add(report.i)
            phrase = sent.doc[report.i: report.right_edge.i + 1]
            events.append(Event(
                key=ctx.fact_key("event", EventKind.REPORT.value, report.idx),
                kind=EventKind.REPORT,
                label=_words(phrase, 10),
                date=value,
                date_text=_date_words(ent),
                # who published it, not the country of a demonym on it ("independent Russian outlet")
                agents=[e.key for e, _ in _mentioned(ctx, phrase, (EntityKind.ORGANIZATION, EntityKind.PERSON))],
                evidence=[ctx.evidence(report, "event:dated-report", 0.5)],
            ))
            continue
        verb = _dated_verb(ent.root)
        if verb is None or verb.i in told or _ends_a_period(ent) or _negated(verb) or _hypothetical(verb):
            continue
        if (ent.start > 0 and sent.doc[ent.start - 1].lower_ == "since" or ent[0].lower_ == "since") and (
                verb.lemma_.lower() in DURATIVE_VERBS or any(c.lower_ == "been" for c in verb.children)):
            continue  # "have been fighting for Russia since 2022": a state since then (not "has stopped since April")
        lemma = verb.lemma_.lower()
        if lemma in OCCURRENCE_SKIPPED_VERBS or trigger_kind(verb) is not None:
            continue
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in lexicon.STATEMENT_NOUNS:
            continue  # "a statement issued in Nairobi on Friday" dates the statement
        if lemma in lexicon.STATUS_VERBS and any(t.lemma_.lower() in lexicon.ACT_HEADS for t in verb.subtree):
            continue  # a legal act's stage: told by the act reader; "Putin endorsed bringing men …" is no stage
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if any(s.lemma_.lower() in CIRCUMSTANCE_NOUNS for s in subjects):
            continue  # "in early 2025 the situation shifted dramatically": a turn of the story, no event
        label = _clause_label(ctx, verb, ent)
        if not label:
            continue
        told.add(verb.i)
        agents = list(dict.fromkeys(key for subject in subjects for key in _subject_agents(ctx, subject)))
        events.append(Event(
            key=ctx.fact_key("event", EventKind.OCCURRENCE.value, verb.idx),
            kind=EventKind.OCCURRENCE,
            label=label,
            date=value,
            date_text=_date_words(ent),
            agents=agents,
            evidence=[ctx.evidence(verb, "event:dated-clause", 0.5)],
        ))
    return events


def _dated_report(ent: Span) -> Token | None:
    """The report a date modifies as a word before it: "an April 23 investigation by Important Stories",
    "a September 25 report"."""
    head = ent.root.head
    if ent.root.dep_ in ("nmod", "compound", "npadvmod", "amod") and head.i > ent.root.i and \
            head.lemma_.lower() in lexicon.REPORT_NOUNS:
        return head
    return None


def _dated_verb(token: Token) -> Token | None:
    """The verb a date modifies, through prepositions and the nouns of an occasion only."""
    node = token
    while node.head.i != node.i:
        head = node.head
        if head.pos_ in ("VERB", "AUX"):
            return head if attaches_to(token, head) else None
        node = head
    return None


def _clause_label(ctx: ExtractionContext, verb: Token, date: Span) -> str:
    """"Sheikh left Bangladesh", "the special military operation began": the subject (a pronoun as the person
    it names), the verb with its particle, negation and object, and its first phrase, without the date."""
    dated = {t.i for t in date}
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None and verb.dep_ == "conj":  # "X was sent to the front and was wounded on July 27"
        subject = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        # "Shortly after arriving in December 2024, he and other workers were presented …": the clause's subject
        subject = next((c for c in verb.head.head.children if c.dep_ in SUBJECT_DEPS), None)
    words: list[str] = []
    if subject is not None:
        if subject.lower_ in ("he", "she"):
            person = antecedent_person(ctx, subject.idx, gender=pronoun_gender(subject))
            words.append(person.name if person else subject.text)
        elif subject.lower_ == "it":  # "the invasion it launched on Feb 24": "it" says less, but nothing wrong
            words.append(subject.text)
        elif subject.pos_ != "PRON" or subject.lower_ in ("they", "we"):
            words += [t.text for t in subject.subtree if t.i not in dated and t.dep_ not in ("relcl", "appos")][:6]
    # "was wounded", "was declared unfit": a passive keeps its auxiliary and its predicate
    words += [c.text for c in verb.children if c.dep_ == "auxpass"]
    kept = [verb] + [c for c in verb.children if c.dep_ in ("prt", "neg", "dobj", "attr", "acomp", "oprd", "xcomp",
                                                              "prep")
                     and c.i > verb.i and not any(t.i in dated for t in c.subtree)][:2]
    for part in kept:
        tokens = [part] if part is verb else [t for t in part.subtree][:6]
        words += [t.text for t in tokens if t.i not in dated and not t.is_punct]
    label = " ".join(words)
    return label if len(words) >= 2 else ""


__all__ = ["read_events", "trigger_kind"]
