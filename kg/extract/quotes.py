"""Direct quotes and who said them.

A quote is text between double quotes (straight, curly or « »), within one paragraph. Its speaker is the
subject of the speech verb that governs it, found in this order:
1. a speech verb outside the quote that the quote hangs from in the parse ('X said: “…”', '“…,” X said',
   'X suggested the army should “take them by force”') or that hangs from the quote ('“…,” he said' parsed
   as parataxis);
2. a speech verb just after the closing mark or just before the opening one in the same paragraph (for
   parses that attach neither way);
3. a quote right after an attributed quote in the same paragraph continues it ('“A,” she said. “B.”').
A quote with no attribution keeps speaker None with low confidence; one of 1–3 words is a scare quote
(“new” citizens, “unlawful influence” as a term) and is dropped unless a speech verb takes it directly.

The speaker token resolves to an entity: the mention under it, a bare surname of a known person, or for
he/she the person most recently named as a subject (else the last person named). A title phrase ("one European diplomat said") gives speaker None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.context import ExtractionContext
from kg.model import Entity, EntityKind, Quote

SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "claim", "write", "note", "explain", "recall", "continue", "warn",
    "insist", "argue", "ask", "reply", "answer", "declare", "announce", "stress", "emphasize", "emphasise",
    "underscore", "caution", "suggest", "describe", "call", "characterize", "characterise", "admit",
    "acknowledge", "complain", "recount", "remark", "conclude", "observe", "confirm", "deny", "agree",
    "predict", "promise", "vow", "threaten", "urge", "demand", "quip", "joke", "whisper", "shout", "post",
    "tweet", "report", "allege", "assert", "contend", "maintain", "concede", "point", "reveal", "estimate",
})
OPENERS = "“«\""
CLOSERS = "”»\""
SPEAKER_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
SHE_HE = frozenset({"he", "she", "him", "her"})
SCARE_QUOTE_MAX_WORDS = 3
# Relations by which a speech verb takes a quote as its own words ("called them “fodder”", "said “no”").
DIRECT_DEPS = frozenset({"ccomp", "dobj", "oprd", "xcomp", "attr", "parataxis", "npadvmod", "advcl"})
# Relations through which a clause inherits the subject of the clause it hangs from.
SUBJECT_CLIMB = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "prep", "ccomp"})
# How many sentences back a pronoun looks for a person who was a subject.
PRONOUN_WINDOW_SENTENCES = 4
# How far past the closing mark (or before the opening one) an attribution may sit, in tokens.
ATTRIBUTION_WINDOW = 6


@dataclass(frozen=True)
class LocatedQuote:
    """A quote and the offsets [start, end) of its text in the Doc (inside the quote marks)."""

    start: int
    end: int
    quote: Quote


@dataclass(frozen=True)
class _Attribution:
    verb: Token | None
    speaker: Entity | None
    mechanism: str
    confidence: float
    direct: bool  # the speech verb takes the quote as its own complement


def read_quotes(ctx: ExtractionContext) -> list[Quote]:
    """Every quote in the article, in text order, with its speaker's entity key when known."""
    return [located.quote for located in locate_quotes(ctx)]


def locate_quotes(ctx: ExtractionContext) -> list[LocatedQuote]:
    """Like `read_quotes`, keeping where each quote sits in the Doc (for readers that look inside quotes)."""
    doc = ctx.doc
    located: list[LocatedQuote] = []
    previous: tuple[int, _Attribution] | None = None  # end of the last quote and its attribution
    for start, end in quoted_spans(ctx.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.is_alpha for t in span):
            continue
        attribution = _attribute(ctx, span)
        if attribution is None and previous is not None and "\n" not in ctx.text[previous[0]:start]:
            prior = previous[1]
            attribution = _Attribution(prior.verb, prior.speaker, "quote:continuation", prior.confidence - 0.15,
                                       False)
        words = sum(1 for t in span if t.is_alpha)
        if words <= SCARE_QUOTE_MAX_WORDS and (attribution is None or not attribution.direct):
            continue
        if attribution is None:
            attribution = _Attribution(None, None, "quote:unattributed", 0.3, False)
        text = ctx.text[start:end].strip().rstrip(",").strip()
        quote = Quote(
            key=ctx.fact_key("quote", start),
            text=text,
            speaker=attribution.speaker.key if attribution.speaker else None,
            evidence=ctx.evidence(span[0], attribution.mechanism, attribution.confidence),
        )
        located.append(LocatedQuote(start, end, quote))
        if attribution.verb is not None:
            previous = (end, attribution)
    return located


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the text inside each pair of double quotes; a quote never spans a paragraph break."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        opened: int | None = None
        for i, ch in enumerate(line.group(), start=line.start()):
            if opened is not None and ch in CLOSERS:
                if i > opened:
                    spans.append((opened, i))
                opened = None
            elif ch in OPENERS:
                opened = i + 1
    return spans


def _attribute(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    inside = range(quote.start, quote.end)
    roots = [t for t in quote if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        for ancestor in root.ancestors:
            if ancestor.i in inside:
                continue
            if _is_speech_verb(ancestor):
                direct = (root.head.i == ancestor.i and root.dep_ in DIRECT_DEPS) or (
                    root.dep_ == "pobj" and root.head.head.i == ancestor.i)
                return _from_verb(ctx, ancestor, quote, "quote:governing-verb", 0.85, direct)
    # A parse may hang the attribution from the quote ('“…,” he said' as parataxis, or a whole sentence
    # rooted inside a partial quote).
    sentence = quote.doc[quote[0].sent.start: quote[-1].sent.end]
    for token in sentence:
        if token.i not in inside and _is_speech_verb(token) and any(a.i in inside for a in token.ancestors):
            return _from_verb(ctx, token, quote, "quote:parataxis-verb", 0.8, token.head.i in inside)
    return _nearby_verb(ctx, quote)


def _nearby_verb(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    doc = quote.doc
    after = doc[min(quote.end + 1, len(doc)): min(quote.end + 1 + ATTRIBUTION_WINDOW, len(doc))]
    for token in after:
        if token.text in OPENERS or "\n" in token.text:
            break
        if _is_speech_verb(token):
            return _from_verb(ctx, token, quote, "quote:verb-after", 0.7, True)
    before = doc[max(quote.start - 1 - ATTRIBUTION_WINDOW, 0): max(quote.start - 1, 0)]
    for token in reversed(before):
        if token.text in CLOSERS or "\n" in token.text:
            break
        if _is_speech_verb(token):
            return _from_verb(ctx, token, quote, "quote:verb-before", 0.7, True)
    return None


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    # A bare participle ("when asked", "the so-called") speaks for no one.
    return not (token.tag_ == "VBN" and not any(c.dep_ in ("aux", "nsubj") for c in token.children))


def _from_verb(ctx: ExtractionContext, verb: Token, quote: Span, mechanism: str, confidence: float,
               direct: bool) -> _Attribution:
    speaker, penalty = speaker_of(ctx, verb, quote.start_char)
    return _Attribution(verb, speaker, mechanism, confidence - penalty, direct)


def speaker_of(ctx: ExtractionContext, verb: Token, before: int,
               kinds: tuple[EntityKind, ...] = SPEAKER_KINDS) -> tuple[Entity | None, float]:
    """The entity that speaks through `verb`, and how much less sure that is than a plain named subject.

    Tries the verb's subject, then the subjects of the clauses it hangs from ('Plitsas notes that they are
    “…”, calling it “…”'), then the last person named earlier in the sentence (a misparsed subject).
    """
    for depth, subject in enumerate(subject_candidates(verb)):
        speaker = resolve_speaker(ctx, subject, before, kinds)
        if speaker is not None:
            return speaker, 0.1 * min(depth, 2)
    sent = verb.sent
    for mention in reversed(ctx.entities.mentions):
        if sent.start_char <= mention.start and mention.end <= min(verb.idx, before):
            entity = ctx.entities.entities[mention.key]
            if entity.kind == EntityKind.PERSON:
                return entity, 0.15
    return None, 0.2


def subject_candidates(verb: Token) -> list[Token]:
    """Subjects of `verb` and of the clauses it is subordinate or conjoined to, nearest first."""
    found: list[Token] = []
    current = verb
    while True:
        # Active subjects only: in "X is estimated to …" X is what is estimated, not who estimates.
        found.extend(c for c in current.children
                     if c.dep_ == "nsubj" and c.lower_ not in ("it", "that", "which", "who"))
        if current.dep_ not in SUBJECT_CLIMB or current.head.i == current.i:
            break
        if current.dep_ != "ccomp" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in current.children):
            break  # a clause with its own subject shares no other ("…, while Cuba is estimated to …")
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            found.append(current.head)  # "officials claiming …", "Putin, speaking on Tuesday, said …"
        current = current.head
    # "…,” says X": a parse may leave the inverted subject as a dependent of another kind.
    found.extend(t for t in verb.doc[verb.i + 1: verb.i + 4] if t.pos_ == "PROPN")
    return found


def resolve_speaker(ctx: ExtractionContext, subject: Token, before: int,
                    kinds: tuple[EntityKind, ...] = SPEAKER_KINDS) -> Entity | None:
    """The entity of one of `kinds` a subject token names: its mention, a bare surname, or for he/she the
    last person mentioned before `before`."""
    lowered = subject.lower_
    if lowered in SHE_HE:
        return last_subject_person(ctx, min(before, subject.idx))
    if subject.pos_ == "PRON":
        return None
    head_phrase = [subject, *(t for t in subject.children if t.dep_ in ("compound", "flat"))]
    start = min(t.idx for t in head_phrase)
    end = max(t.idx + len(t) for t in head_phrase)
    for kind in kinds:
        entity = ctx.entities.at(subject.idx, subject.idx + len(subject), kind)
        if entity is not None:
            return entity
    for kind in kinds:
        entity = ctx.entities.at(start, end, kind)
        if entity is not None:
            return entity
    if subject.pos_ == "PROPN":
        return _person_by_surname(ctx, subject.text, subject.idx)
    return None


def last_subject_person(ctx: ExtractionContext, pos: int) -> Entity | None:
    """Who a "he"/"she" at `pos` refers to: the person most recently named as a subject (or as the source
    after "according to") within the last few sentences, else the last person named at all.

    Gender-neutral on purpose: names carry no reliable gender, and the person an article keeps as its
    subject is the usual antecedent ("Anna Reyes met Boris Kuznetsov in Osh. “…,” she said." → Anna Reyes).
    """
    doc = ctx.doc
    sentence_starts = [sent.start_char for sent in doc.sents if sent.start_char < pos]
    window_start = sentence_starts[-PRONOUN_WINDOW_SENTENCES] if len(sentence_starts) >= PRONOUN_WINDOW_SENTENCES \
        else 0
    fallback: Entity | None = None
    for mention in reversed(ctx.entities.mentions):
        if mention.end > pos:
            continue
        entity = ctx.entities.entities[mention.key]
        if entity.kind != EntityKind.PERSON:
            continue
        fallback = fallback or entity
        if mention.start < window_start:
            break
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass") or (
                root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.i > 0
                and doc[root.head.i - 1].lower_ == "according"):
            return entity
    return fallback


def _person_by_surname(ctx: ExtractionContext, surname: str, before: int) -> Entity | None:
    matches = {e.key for e in ctx.entities.entities.values()
               if e.kind == EntityKind.PERSON and e.name.split()[-1].lower() == surname.lower()}
    if not matches:
        return None
    for mention in reversed(ctx.entities.mentions):
        if mention.key in matches and mention.end <= before:
            return ctx.entities.entities[mention.key]
    return ctx.entities.entities[sorted(matches)[0]]
