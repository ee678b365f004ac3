"""Legal acts (laws, bills, decrees, amendments, codes, constitutions): stage, actors and effects.

An act mention is a noun from `lexicon.ACT_HEADS` ("law", "draft law", "decree", "the Criminal Code"). Its
stage comes from the verb governing it ("signed", "was adopted by", "came into force"); the small parser often
misattaches long passives, so a status verb with no object of its own falls back to the nearest act mention in
its sentence. What the act does (effects, grounds, targets) is read from the mention's own subtree, or
from the whole predicate when the act is the subject ("the law allows officials to strip citizenship ...").

A mention with a definite determiner or a year ("the law", "the 2024 law", "these laws") refers back to the
most recent act of a compatible kind and adds to it.

Every stage read ("introduced on May 3 by X", "signed by Y") is kept as an `ActStage` with its date, actors
and evidence; the act's status and date are those of its latest stage. An act keeps the same key in every
article that reports it: its number ("138-FZ"), else its kind family (a bill that becomes a law is one act),
the date of its earliest dated stage and its main effect, else the normalized name of a code or constitution.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.context import ExtractionContext
from kg.extract.dates import attaches_to, dates_in
from kg.extract.bodies import home_country
from kg.model import ActKind, ActStage, ActStatus, Effect, Entity, EntityKind, LegalAct, PartialDate, slug

ACTOR_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
STAGE_ORDER = list(ActStatus)
# Kinds a referring mention may resolve to: a bill that is later signed is "the law".
KIND_FAMILIES: dict[ActKind, frozenset[ActKind]] = {
    ActKind.LAW: frozenset({ActKind.LAW, ActKind.FEDERAL_LAW, ActKind.BILL, ActKind.AMENDMENT}),
    ActKind.FEDERAL_LAW: frozenset({ActKind.LAW, ActKind.FEDERAL_LAW, ActKind.BILL}),
    ActKind.BILL: frozenset({ActKind.BILL, ActKind.LAW, ActKind.FEDERAL_LAW, ActKind.AMENDMENT}),
    ActKind.AMENDMENT: frozenset({ActKind.AMENDMENT, ActKind.BILL, ActKind.LAW}),
    ActKind.DECREE: frozenset({ActKind.DECREE}),
    ActKind.CODE: frozenset({ActKind.CODE}),
    ActKind.CONSTITUTION: frozenset({ActKind.CONSTITUTION}),
}
NAMED_KINDS = frozenset({ActKind.CODE, ActKind.CONSTITUTION})
# Kinds that name one act at different stages ("the bill" introduced is "the law" signed): one identity.
LAW_FAMILY = frozenset({ActKind.LAW, ActKind.FEDERAL_LAW, ActKind.BILL, ActKind.AMENDMENT})
TITLE_MAX_WORDS = 14
# Verbs by which an act states what it does: "the law specified that …".
STIPULATING_VERBS = frozenset({"specify", "stipulate", "provide", "state", "say", "require", "establish", "mean",
                               "envisage", "set"})
# How far after an act's head its number may be written ("Federal Law of April 28, 2023 No. 138-FZ").
NUMBER_WINDOW_TOKENS = 10
LABEL_CLAUSE_WORDS = 11
NUMBER_PATTERN = re.compile(r"\b(?:No\.?|Number|#)\s*(\d+(?:\s?[-‑–]\s?FZ)?)|\b(\d+\s?[-‑–]\s?FZ)\b", re.I)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "nsubjpass", "nsubj", "attr", "oprd")


@dataclass
class StatusReading:
    """A verb that sets an act's stage, with who did it and when."""

    verb: Token
    status: ActStatus
    actor: str | None
    date: PartialDate | None
    linked: bool  # attached to the act by the parse (else: nearest act in the sentence)
    passive: bool


def read_acts(ctx: ExtractionContext) -> list[LegalAct]:
    """Every specific legal act the article mentions, coreferent mentions merged into one act."""
    acts: list[LegalAct] = []
    headline = ctx.article.title
    for sent in ctx.doc.sents:
        heads = [tok for tok in sent if act_kind(tok) is not None]
        # "amendments to the law": a nested act mention is part of the outer one, unless it is named ("a bill
        # amending the Law on Russian Citizenship" names two acts).
        heads = [tok for tok in heads if not any(a in heads for a in tok.ancestors) or _title(tok) or _number_after(tok)]
        statuses = _status_readings(ctx, sent, heads)
        in_headline = headline is not None and sent.text.strip() == headline
        for head in heads:
            for act, refers_back in _read_mention(ctx, head, statuses.get(head.i, [])):
                if in_headline:
                    act.label = ""  # a headline's words name no act: "Putin Submits Bill to Denaturalize …"
                indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
                antecedent = _antecedent(acts, act, refers_back) or _same_measure(acts, act, indefinite) \
                    or _restated(acts, act)
                if antecedent is not None:
                    if refers_back and not act.number:
                        act.evidence = [ctx.evidence(head, "act:coreference", 0.6)]
                    _merge(antecedent, act)
                elif _is_specific(act):
                    acts.append(act)
        if not heads and acts:
            _read_follow_up(sent, acts[-1])
    # An act the text neither names nor dates nor says anything of ("A proposal has been made to humanize …")
    # would be a row labelled with the bare word: it tells the analyst nothing.
    acts = [a for a in _headline_acts_folded(acts, headline)
            if a.label or a.number or a.title or a.date or a.enables or a.prohibits or a.grounds
            or any(s.date for s in a.stages)]
    _finish(ctx, acts)
    return acts


def _headline_acts_folded(acts: list[LegalAct], headline: str | None) -> list[LegalAct]:
    """A headline's act is the story's act restated ("New law stipulates conditions for terminating citizenship",
    then "Putin approved a law introducing …"): one act, when the body has one of its family whose effects hold
    the headline's (or, with no effect read in the headline, the one act of its family)."""
    if headline is None:
        return acts
    kept = list(acts)
    for act in acts:
        if act.label or act.number or act.title or any(e.sentence.strip() != headline for e in act.evidence):
            continue
        family = [a for a in kept if a is not act and a.kind in KIND_FAMILIES[act.kind]]
        into = [a for a in family if act.enables and set(act.enables) <= set(a.enables)] or (
            family if not act.enables and len(family) == 1 else [])
        if into:
            _merge(into[0], act)
            kept.remove(act)
    return kept


def _restated(acts: list[LegalAct], act: LegalAct) -> LegalAct | None:
    """An earlier act told in the same words, as a lead and its first paragraph repeat each other ("signed a decree
    that speeds up a path to citizenship …" twice): one act, when no date or number tells them apart."""
    if act.number or len(act.label.split()) < 3:
        return None
    return next((a for a in acts if a.label == act.label and a.kind is act.kind and not a.number
                 and (a.date is None or act.date is None or a.date == act.date)), None)


def _same_measure(acts: list[LegalAct], act: LegalAct, indefinite: bool) -> LegalAct | None:
    """An earlier unnamed act of the article that does what this one does: "legislation that would allow
    authorities to revoke passports" and "amendments … that would make discrediting grounds for
    denaturalization" are one proposal; a named or numbered act, another country's, or one dated otherwise
    is another act, and so is "a bill" at a stage the earlier one has not reached ("The Duma has already passed
    a bill in its first reading that …" after a bill under consideration)."""
    if act.number or act.title or act.kind not in LAW_FAMILY or Effect.CITIZENSHIP_REVOCATION not in act.enables:
        return None
    for earlier in reversed(acts):
        if earlier.number or earlier.title or earlier.kind not in LAW_FAMILY or earlier.country != act.country:
            continue
        if Effect.CITIZENSHIP_REVOCATION not in earlier.enables:
            continue
        if indefinite and act.stages and not {s.status for s in act.stages} <= {s.status for s in earlier.stages}:
            continue
        years = (act.date.year if act.date else None, earlier.date.year if earlier.date else None)
        if None not in years and years[0] != years[1]:
            continue
        dates = ({s.date for s in act.stages if s.date}, {s.date for s in earlier.stages if s.date})
        if all(dates) and not dates[0] & dates[1]:
            continue  # signed on July 12 and on August 8: two acts
        return earlier
    return None


def _read_follow_up(sent: Span, act: LegalAct) -> None:
    """A sentence right after an act that takes up its requirement ("Failure to comply with this requirement
    became the basis for deprivation of Russian citizenship") says what the act does."""
    if not any(t.lemma_.lower() in lexicon.ACT_ANAPHORS and any(
            c.dep_ == "det" and c.lower_ in ("this", "these", "that", "such") for c in t.children) for t in sent):
        return
    if act.evidence and sent.start_char - act.evidence[-1].end > 400:
        return
    _read_content(act, sent)


def act_kind(tok: Token) -> ActKind | None:
    """The kind of legal act `tok` heads; None when it heads none or a body of law ("international law")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in lexicon.ACT_HEADS and lemma.endswith("s"):
        lemma = lemma[:-1]
    if lemma == "act" and _named_act(tok):
        return ActKind.LAW  # "the Foreign Military Assistance Act", "the Citizenship Act"
    if lemma not in lexicon.ACT_HEADS:
        return None
    # "law enforcement", "bill payments": the noun modifies another noun. "Federal Law No. 1-FZ" is an act.
    if tok.dep_ == "compound" and not _number_after(tok) and not _misparsed_subject(tok) \
            and not _own_determiner(tok):
        return None
    modifier_deps = ("amod", "compound", "nmod", "npadvmod")
    modifiers = {child.lower_ for child in tok.lefts if child.dep_ in modifier_deps}
    if tok.i > 0:  # "Federal Law No. 1-FZ": the parse may hang "Federal" on "No"
        modifiers.add(tok.nbor(-1).lower_)
    if modifiers & lexicon.GENERIC_LAW_MODIFIERS:
        return None
    if lemma == "law" and not _number_after(tok) and any(
            child.dep_ == "prep" and child.lower_ == "of" and not any(o.ent_type_ == "DATE" for o in child.children)
            for child in tok.children):
        return None  # "the laws of the country"; not "the Federal Law of April 28, 2023"
    kind = lexicon.ACT_HEADS[lemma]
    if lemma == "proposal" and (tok.dep_ == "appos" and act_kind(tok.head) is None
                                or _renames_after_a_dash(tok)):
        return None  # "offering salaries to foreigners who join the army – a proposal that has attracted …"
    if kind is ActKind.CODE and not (modifiers & lexicon.CODE_MODIFIERS):
        return None
    if lemma == "order" and not (modifiers & lexicon.ORDER_MODIFIERS) and not (
            tok.dep_ == "dobj" and tok.head.lemma_.lower() == "sign" and tok.tag_ == "NN"):
        return None  # "in order to", "an order to evacuate": no act; "signed an order dismissing …" is one
    if kind is ActKind.LAW:
        for modifier in modifiers:
            kind = lexicon.LAW_MODIFIERS.get(modifier, kind)
    return kind


def _renames_after_a_dash(tok: Token) -> bool:
    """"…, offering pay to those who enlist – a proposal that …": a noun after a dash that renames what was
    told."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 2].text in ("–", "—") and doc[tok.i - 1].lower_ in ("a", "an")


def _named_act(tok: Token) -> bool:
    """A capitalised "Act" after the capitalised words of its name: an act ("the Immigration Act"), not a deed
    ("an act of terrorism")."""
    if tok.text != "Act" or tok.i == 0:
        return False
    name = tok.nbor(-1)
    return name.text[:1].isupper() and name.is_alpha and name.dep_ in ("compound", "amod", "nmod") and \
        not name.is_sent_start


def _decree_author(ctx: ExtractionContext, head: Token) -> Entity | None:
    """The person a decree is "by" or whose it is ("a decree by President Putin", "Putin's decree")."""
    for child in head.children:
        names = [o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ == "by" \
            else [child] if child.dep_ == "poss" else []
        for name in names:
            person = ctx.entities.at(name.idx, name.idx + len(name), EntityKind.PERSON)
            if person is not None:
                return person
    return None


def _own_determiner(tok: Token) -> bool:
    """A "compound" with a determiner of its own heads a phrase the parser ran into the next one ("signed a decree
    stipulating terms": "a" is the decree's); a modifier never has one ("the law enforcement officers")."""
    return any(c.dep_ == "det" and c.i < tok.i for c in tok.children)


def _misparsed_subject(tok: Token) -> bool:
    """A "compound" of a verb is a subject the parser mislabelled ("laws stipulate")."""
    return tok.dep_ == "compound" and tok.head.pos_ == "VERB"


def _number_after(tok: Token) -> str | None:
    """The act number written after the head, maybe past its date ("Law No. 138-FZ", "Decree 757", "Federal
    Law of April 28, 2023 No. 138-FZ")."""
    doc = tok.doc
    tokens = list(itertools.takewhile(
        lambda t: t.i - tok.i <= NUMBER_WINDOW_TOKENS and not t.is_quote and t.pos_ not in ("VERB", "AUX")
        and (t.i == tok.i or t.lemma_.lower() not in lexicon.ACT_HEADS),  # "amendments to the Law … N 114-FZ"
        doc[tok.i: tok.sent.end]))
    # The text from the head on, from its own tokens: `Doc.text` would rebuild the whole text each time.
    window = "".join(t.text_with_ws for t in tokens)
    match = NUMBER_PATTERN.search(window)
    if match is None and tok.i + 1 < len(tok.doc) and tok.nbor(1).like_num and not _year(tok.nbor(1)):
        return tok.nbor(1).text
    if match is None:
        return None
    return re.sub(r"\s*[-‑–]\s*", "-", (match[1] or match[2])).upper()


def _year(tok: Token) -> int | None:
    if tok.like_num and re.fullmatch(r"(19|20)\d\d", tok.text):
        return int(tok.text)
    return None


def _status_readings(
    ctx: ExtractionContext, sent: Span, heads: list[Token]
) -> dict[int, list[StatusReading]]:
    """Status verbs of the sentence, by the index of the act head each belongs to."""
    found: dict[int, list[StatusReading]] = {}
    if not heads:
        return found
    for verb in sent:
        status = _verb_status(verb)
        if status is None or _unrealized(verb):
            continue
        linked = [head for head in heads if _governs(verb, head)] or [
            head for head in heads if _pronoun_subject_of(verb, head)]
        if linked:
            head = linked[0]
        elif _is_passive(verb) and not any(child.dep_ == "dobj" for child in verb.children):
            # A passive with no act of its own: the parser often loses long passive subjects.
            head = min(heads, key=lambda h: abs(h.i - verb.i))
        else:
            continue
        proposer = _proposing_verb(verb)
        if proposer is not None:  # "Volodin proposed that members draft legislation": a proposal, his
            verb, status = proposer, ActStatus.PROPOSED
        passive = _is_passive(verb)
        found.setdefault(head.i, []).append(
            StatusReading(
                verb, status, _actor(ctx, verb, passive), _verb_date(ctx, verb, head), bool(linked), passive
            )
        )
    return found


def _proposing_verb(verb: Token) -> Token | None:
    """The verb of proposing whose clause the stage verb is ("proposed that the Duma draft a law")."""
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ == "VERB" and \
            lexicon.STATUS_VERBS.get(verb.head.lemma_.lower()) is ActStatus.PROPOSED and not _unrealized(verb.head):
        return verb.head
    return None


def _pronoun_subject_of(verb: Token, head: Token) -> bool:
    """"The bill contained … when it passed its first reading": "it" is the act the governing clause is about."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in ("it", "they") or verb.dep_ not in ("advcl", "conj", "relcl"):
        return False
    return _phrase_top(head).head.i == verb.head.i and _phrase_top(head).dep_ in SUBJECT_DEPS


def _unrealized(verb: Token) -> bool:
    """A stage not (yet) reached: negated, future or modal ("has not been submitted", "will come into force"),
    or only intended ("is expected to sign"; but "voted to adopt" adopts)."""
    if any(child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in lexicon.UNREALIZED_AUX)
           for child in verb.children):
        return True
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return _unrealized(verb.head)  # "must be approved by the Federation Council, and signed by the president"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lexicon.INTENT_LEMMAS


def _verb_status(verb: Token) -> ActStatus | None:
    lemma = verb.lemma_.lower()
    if lemma in lexicon.IN_FORCE_VERBS and _enters_force(verb):
        return ActStatus.IN_FORCE
    if lemma in lexicon.ISSUING_VERBS and verb.pos_ == "VERB" and not _is_passive(verb):
        return ActStatus.SIGNED
    if verb.pos_ not in ("VERB", "AUX") or lemma not in lexicon.STATUS_VERBS:
        return None
    status = lexicon.STATUS_VERBS[lemma]
    if status in (ActStatus.ADOPTED, ActStatus.APPROVED) and _mentions_reading(verb):
        return ActStatus.PASSED_READING
    return status


def _enters_force(verb: Token) -> bool:
    """"came into force", "entered into effect", "took effect"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "into":
            if any(obj.lemma_.lower() in lexicon.FORCE_NOUNS for obj in child.children):
                return True
        if child.dep_ == "dobj" and child.lemma_.lower() == "effect" and verb.lemma_.lower() == "take":
            return True
    return False


def _mentions_reading(verb: Token) -> bool:
    """"passed in the first reading", "passed its second reading"."""
    for child in verb.children:
        if child.lemma_.lower() == "reading":
            return True
        if child.dep_ == "prep" and any(obj.lemma_.lower() == "reading" for obj in child.children):
            return True
    return False


def _phrase_top(head: Token) -> Token:
    """The token an act's noun phrase hangs by: "Federal Law No. 1-FZ" and "law 1-FZ" may hang by the number."""
    top = head
    while top.dep_ in ("compound", "nmod") and top.head.i > top.i:
        top = top.head
    return top


def _governs(verb: Token, head: Token) -> bool:
    """Whether the parse links the status verb to the act: as its subject/object, or as a clause on it."""
    head = _phrase_top(head)
    if head.head == verb and head.dep_ in OBJECT_DEPS:
        return True
    if verb.head == head and verb.dep_ in ("acl", "relcl"):
        return True
    # "adopted and signed the law": a conjoined verb shares the object.
    if verb.dep_ == "conj" and head.head == verb.head and head.dep_ in OBJECT_DEPS:
        return True
    return any(
        child.dep_ == "conj" and head.head == child and head.dep_ in OBJECT_DEPS for child in verb.children
    )


def _is_passive(verb: Token) -> bool:
    if any(child.dep_ in ("auxpass", "nsubjpass", "agent") for child in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"  # "a law signed by Putin"


def _actor(ctx: ExtractionContext, verb: Token, passive: bool) -> str | None:
    """Entity key of who performed the stage: the by-agent of a passive, else the subject."""
    if passive:
        agents = [obj for child in verb.children if child.dep_ == "agent" for obj in child.children]
    else:
        agents = [child for child in verb.children if child.dep_ == "nsubj"]
        if not agents and verb.dep_ == "conj":  # "The Duma drafted and adopted the bill"
            agents = [child for child in verb.head.children if child.dep_ == "nsubj"]
    for agent in agents:
        key = _entity_at(ctx, agent)
        if key is not None:
            return key
    return None


def _entity_at(ctx: ExtractionContext, tok: Token) -> str | None:
    """The person or organization `tok` names, or that its phrase names ("lawmakers from the LDPR").

    A pronoun resolves to the last person mentioned.
    """
    if tok.pos_ == "PRON" and tok.lower_ in ("he", "she"):
        person = ctx.entities.last_before(tok.idx, EntityKind.PERSON)
        return person.key if person else None
    clauses = [child for child in tok.rights if child.dep_ in ("relcl", "acl", "appos", "punct")]
    end_tok = clauses[0].left_edge.i - 1 if clauses else tok.right_edge.i
    start, end = tok.left_edge.idx, tok.doc[end_tok].idx + len(tok.doc[end_tok].text)
    for kind in ACTOR_KINDS:
        entity = ctx.entities.at(tok.idx, tok.idx + len(tok.text), kind)
        entity = entity or next(iter(ctx.entities.within(start, end, kind)), None)
        if entity is not None:
            return entity.key
    return None


def _verb_date(ctx: ExtractionContext, verb: Token, head: Token) -> PartialDate | None:
    """The date of the verb's own clause ("signed on April 28", "In April, Putin signed"), not one of another
    clause inside it ("passed laws shortly after it sent troops in late February") or of the act's relative
    clause; for a present perfect in a wire's first sentence, the dateline's date ("MOSCOW, August 2. /TASS/.
    The Federation Council has approved …")."""
    for ent, value in dates_in(verb.sent, ctx.article.published):
        if attaches_to(ent.root, verb):
            return value
    if _present_perfect(verb) and ctx.dateline_date and verb.sent.start_char <= ctx.dateline_end + 1:
        return ctx.dateline_date
    return None


def _present_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def _read_mention(
    ctx: ExtractionContext, head: Token, statuses: list[StatusReading]
) -> list[tuple[LegalAct, bool]]:
    """One act mention as (keyless) LegalActs, and whether each refers back to an act mentioned before: one
    act, or one per country for "the countries' criminal codes"."""
    act, refers_back = _read_one_mention(ctx, head, statuses)
    countries = _countries(ctx, head) if act.kind in NAMED_KINDS else []
    if len(countries) <= 1:
        act.country = countries[0].key if countries else None
        return [(act, refers_back)]
    copies = []
    for country in countries:
        copy = _copy(act)
        copy.country = country.key
        copies.append((copy, False))
    return copies


def _copy(act: LegalAct) -> LegalAct:
    return LegalAct(key="", kind=act.kind, label=act.label, number=act.number, title=act.title,
                    status=act.status, date=act.date, enables=list(act.enables), prohibits=list(act.prohibits),
                    grounds=list(act.grounds), targets=list(act.targets), stages=list(act.stages),
                    evidence=list(act.evidence))


def _countries(ctx: ExtractionContext, head: Token) -> list[Entity]:
    """The countries a code or constitution belongs to: "Kazakhstan's Criminal code", "the Uzbek Criminal
    Code", "the Criminal Code of Kazakhstan", "the countries' criminal codes" (the countries the sentence
    names); else the country the article is about."""
    doc = head.doc
    found: list[Entity] = []
    modifiers = [c for c in head.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
    modifiers += [o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children]
    for tok in modifiers:
        entity = ctx.entities.at(tok.idx, tok.idx + len(tok), EntityKind.COUNTRY)
        if entity is not None and entity not in found:
            found.append(entity)
        elif tok.lemma_.lower() == "country" and tok.dep_ == "poss":
            sent = head.sent
            found += [e for e in ctx.entities.within(sent.start_char, head.idx, EntityKind.COUNTRY) if e not in found]
    if not found and head.i > 0 and doc[head.i - 1].lower_ in ("'s", "’s") and head.i > 1:
        entity = ctx.entities.at(doc[head.i - 2].idx, doc[head.i - 2].idx + len(doc[head.i - 2]), EntityKind.COUNTRY)
        found += [entity] if entity is not None else []
    if not found:
        home = home_country(ctx)
        if home is not None and home in ctx.entities.entities:
            found.append(ctx.entities.entities[home])
    return found


def _read_one_mention(
    ctx: ExtractionContext, head: Token, statuses: list[StatusReading]
) -> tuple[LegalAct, bool]:
    """One act mention as a (keyless) LegalAct, and whether it refers back to an act mentioned before."""
    kind = act_kind(head)
    assert kind is not None
    act = LegalAct(key="", kind=kind, label="", number=_number_after(head), title=_title(head) or _subject_title(head),
                   plural=head.tag_ in ("NNS", "NNPS"))
    determiners = {child.lower_ for child in head.children if child.dep_ in ("det", "poss")}
    year = next((y for t in head.lefts if (y := _year(t)) is not None), None)
    # "Putin's decree" after "a decree by Putin": its signer's act named before, as "the decree" would be
    owned_by_person = any(c.dep_ == "poss" and ctx.entities.at(c.idx, c.idx + len(c), EntityKind.PERSON)
                          for c in head.children)
    refers_back = bool(determiners & lexicon.ANAPHORIC_DETERMINERS or year or owned_by_person) \
        and act.number is None and act.title is None
    act.date = _noun_date(ctx, head) or (PartialDate(year=year) if year else None)
    dated = _dated_title(ctx, head)
    if dated is not None:  # "Federal Law of April 28, 2023 No. 138-FZ": a Russian law is dated by its signing
        act.stages.append(ActStage(ActStatus.SIGNED, ctx.evidence(head, "act:dated-title", 0.6), dated))
    if kind is ActKind.BILL and head.lemma_.lower() == "proposal":
        act.stages.append(ActStage(ActStatus.PROPOSED, ctx.evidence(head, "act:proposal-noun", 0.6), act.date))
    best: StatusReading | None = None
    for reading in statuses:
        confidence = 0.8 if reading.linked else 0.6
        evidence = ctx.evidence(reading.verb, _mechanism(reading), confidence)
        _add_stage(act, ActStage(reading.status, evidence, reading.date, [reading.actor] if reading.actor else []))
        if best is None or STAGE_ORDER.index(reading.status) > STAGE_ORDER.index(best.status):
            best = reading
    signer = _decree_author(ctx, head) if kind is ActKind.DECREE and not act.stages else None
    if signer is not None:  # "last year's decree by President Putin", "Putin's decree": its signer's
        act.stages.append(ActStage(ActStatus.SIGNED, ctx.evidence(head, "act:decree-author", 0.6), act.date,
                                   [signer.key]))
    if kind is ActKind.DECREE and act.date is not None and not act.stages:
        # "another Putin decree from May 2023": a decree is dated by its signing, as a federal law by its name
        act.stages.append(ActStage(ActStatus.SIGNED, ctx.evidence(head, "act:dated-decree", 0.6), act.date))
    _settle(act)
    _read_content(act, _description(_phrase_top(head)))
    act.label = _label(head, act)
    act.evidence.append(ctx.evidence(head, _mechanism(best), 0.8 if best and best.linked else 0.6))
    return act, refers_back


def _add_stage(act: LegalAct, stage: ActStage) -> None:
    """Record a stage; the same stage read again (same status, no conflicting date) adds its actors."""
    for known in act.stages:
        if known.status is stage.status and (known.date is None or stage.date is None or known.date == stage.date):
            known.date = known.date or stage.date
            known.actors.extend(a for a in stage.actors if a not in known.actors)
            return
    act.stages.append(stage)


def _settle(act: LegalAct) -> None:
    """Derive status, date and the actor lists from the stages: the status is the latest stage's."""
    if not act.stages:
        return
    ordered = sorted(act.stages, key=lambda stage: STAGE_ORDER.index(stage.status))
    act.status = ordered[-1].status
    if act.kind is ActKind.BILL and act.status in (ActStatus.SIGNED, ActStatus.IN_FORCE):
        act.kind = ActKind.LAW  # a bill signed into law is a law
    act.date = next((stage.date for stage in reversed(ordered) if stage.date), act.date)
    for stage in ordered:
        role = lexicon.STATUS_ROLES.get(stage.status)
        if role:
            getattr(act, role).extend(a for a in stage.actors if a not in getattr(act, role))


def _mechanism(reading: StatusReading | None) -> str:
    if reading is None:
        return "act:mention"
    if reading.passive and reading.actor:
        return "act:passive-agent"
    if reading.actor:
        return f"act:{reading.status.value}-by-subject"
    return f"act:{reading.status.value}"


def _description(head: Token) -> Span:
    """The clause that says what the act does.

    The act's own subtree; when the act is the subject, the whole predicate ("the law allows officials to
    ..."); when it is the by-agent of a passive, the whole clause ("X is prohibited by the constitution");
    when it is the object, the verb's clause without its subject, since the parser often hangs the
    act's relative clause on a date ("adopted a law in June that obliges ..."). Coordinated clauses
    ("..., but several laws stipulate ...") are about something else and are left out.
    """
    agent = head.dep_ == "pobj" and head.head.dep_ == "agent"  # "... is prohibited by the constitution"
    if head.dep_ in SUBJECT_DEPS or head.dep_ == "dobj" or _misparsed_subject(head):
        root = head.head
    elif agent:
        root = head.head.head
    else:
        root = head
    # The subject of the act's verb is someone else ("Putin signed the law"), unless the act is the by-agent
    # of a passive, whose subject is what the act does.
    left = [c for c in root.lefts if c.dep_ in SUBJECT_DEPS and head not in c.subtree and c != head and not agent]
    start = left[-1].right_edge.i + 1 if left else root.left_edge.i
    start = min(start, head.left_edge.i)
    stipulates = root.lemma_.lower() in STIPULATING_VERBS and any(c.dep_ == "ccomp" for c in root.children)
    ends = [
        c.left_edge.i for c in root.rights
        if c.dep_ in ("conj", "cc") and _own_subject(c) and c.left_edge.i > head.i
        # "The law specified that A, and officials have the power to B": B is still what it specifies
        and not (stipulates and not any(cc.lower_ in ("but", "yet") for cc in root.children if cc.dep_ == "cc"))
    ]
    end = min(ends) if ends else root.right_edge.i + 1
    return head.doc[start:end]


def _own_subject(clause: Token) -> bool:
    """Whether a coordinated clause has its own subject ("but several laws stipulate"; not "and it bans")."""
    return any(child.dep_ in SUBJECT_DEPS and child.pos_ != "PRON" for child in clause.children)


def _read_content(act: LegalAct, description: Span) -> None:
    """Effects (enabled or prohibited), grounds and targets named in the description."""
    text = description.text.lower()
    ground_spans: list[tuple[int, int]] = []
    for ground, patterns in lexicon.GROUND_CUES.items():
        matches = [m.span() for p in patterns for m in re.finditer(p, text)]
        if matches and ground not in act.grounds:
            act.grounds.append(ground)
        ground_spans += matches
    for effect, patterns in lexicon.EFFECT_CUES.items():
        # "miss the deadline for military registration" is an offence, not what the act does.
        match = next(
            (m for p in patterns for m in re.finditer(p, text)
             if not any(s < m.end() and m.start() < e for s, e in ground_spans)),
            None,
        )
        if match is None:
            continue
        where = description.char_span(match.start(), match.end(), alignment_mode="expand")
        bucket = act.prohibits if where is not None and _prohibited(where.root, description) else act.enables
        if effect not in bucket:
            bucket.append(effect)
    if not act.enables:
        act.grounds.clear()  # grounds are what an enabled measure punishes
    for group, patterns in lexicon.TARGET_CUES.items():
        if any(re.search(p, text) for p in patterns) and group.key not in act.targets:
            act.targets.append(group.key)


def _prohibited(tok: Token, description: Span) -> bool:
    """Whether a prohibiting word ("bans", "does not allow") governs `tok` inside the description."""
    for node in (tok, *tok.ancestors):
        if node.i < description.start or node.i >= description.end:
            break
        lemma = node.lemma_.lower()
        if lemma in lexicon.PROHIBITION_LEMMAS:
            return True
        if lemma in lexicon.PERMISSION_LEMMAS and any(child.dep_ == "neg" for child in node.children):
            return True
        if node.pos_ == "VERB" and any(child.dep_ == "neg" for child in node.children) and (
                node is tok or any(child.dep_ == "auxpass" for child in node.children)):
            return True  # "a person cannot be deprived of citizenship": what the act rules out
    return False


def _title(head: Token) -> str | None:
    """The name part written after an act's head: "Law on Russian Citizenship", "law on the military duty and
    military service", "Federal Law … No. 138-FZ "On Citizenship of the Russian Federation"", read from the
    text (the parse often hangs "on …" on the verb instead)."""
    doc = head.doc
    i = head.i + 1
    end = head.sent.end
    # Skip what sits between the head and its title: "of April 28, 2023", "No. 138-FZ".
    while i < end and (doc[i].ent_type_ == "DATE" or doc[i].lower_ in ("of", "no", "no.", ".", ",", "-", "fz")
                       or doc[i].like_num or re.fullmatch(r"\d+-[A-Za-z]+", doc[i].text)):
        if doc[i].text == "," and not (i + 1 < end and (doc[i + 1].ent_type_ == "DATE" or doc[i + 1].like_num)):
            break
        i += 1
    quoted = i < end and doc[i].is_quote
    if quoted:
        i += 1
    if i >= end or doc[i].lower_ not in lexicon.TITLE_PREPOSITIONS:
        return None
    words: list[Token] = []
    for tok in doc[i: min(end, i + TITLE_MAX_WORDS + 1)]:
        if quoted and tok.is_quote:
            break
        if tok.is_quote:
            continue  # "decree on “humanitarian support” for foreigners": marks around a term of the title
        if not quoted and (tok.text in ",;:()" or tok.lower_ in ("that", "which", "who", "whereby")
                           or tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or (tok.is_punct and tok.text != "-")):
            break
        words.append(tok)
    while words and words[-1].pos_ in ("ADP", "CCONJ", "DET", "PART", "SCONJ"):
        words.pop()
    if len(words) < 2 or any(t.ent_type_ in ("DATE", "TIME") for t in words):
        return None  # "signed the law on May 30": a date, no title
    text = "".join(("" if t.is_quote and not quoted else t.text) + t.whitespace_
                   for t in doc[words[0].i: words[-1].i + 1]).strip()
    return f"“{text}”" if quoted else re.sub(r"\s+", " ", text)


# Words before "law" that say what stage or kind of law it is, not what it is about.
NOT_A_SUBJECT = lexicon.LABEL_SKIPPED_MODIFIERS | {"draft", "bill", "federal", "state", "government", "new", "old",
                                                  "proposed", "amended", "regional", "national", "basic"}


def _subject_title(head: Token) -> str | None:
    """The subject a law's head is named by, written before it: "the anti-human trafficking law", "the
    country's citizenship law" (nouns, or an "anti-" word, right before the head; not "the new law")."""
    named = _named_act(head)  # "the Foreign Military Assistance Act", which NER may have tagged as a name
    if head.lemma_.lower() != "law" and not named:
        return None
    start = head.i
    while start > head.sent.start and head.doc[start - 1].dep_ in ("amod", "compound") \
            and head.doc[start - 1].head.i in range(start, head.i + 1) and (
            head.doc[start - 1].ent_type_ == "" or named and head.doc[start - 1].text[:1].isupper()):
        start -= 1
    while start < head.i and head.doc[start].lower_ in NOT_A_SUBJECT:
        start += 1
    words = head.doc[start: head.i]
    if not words or words[0].lower_ in lexicon.GENERIC_LAW_MODIFIERS:
        return None
    if not (words[0].lower_ in ("anti", "pro") or any(t.pos_ in ("NOUN", "PROPN") for t in words)):
        return None
    return "".join(t.text_with_ws for t in words).strip()


def _noun_date(ctx: ExtractionContext, head: Token) -> PartialDate | None:
    """A date of the act's own noun phrase ("the law of April 28", "a decree in May 2023"), not one in a clause
    inside it ("laws against … spreading fake news shortly after it sent troops in late February")."""
    for ent, value in dates_in(head.sent, ctx.article.published):
        node = ent.root
        while node.head.i != node.i and node.i != head.i:
            if node.head.pos_ in ("VERB", "AUX") and node.head.i != head.i:
                break
            node = node.head
        if node.i == head.i:
            return value
    return None


def _dated_title(ctx: ExtractionContext, head: Token) -> PartialDate | None:
    """The date in a federal law's name ("Federal Law of April 28, 2023 No. 138-FZ"): its signing date."""
    if act_kind(head) is not ActKind.FEDERAL_LAW and not _number_after(head):
        return None
    doc = head.doc
    if head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
        ents = [e for e in doc.ents if e.label_ == "DATE" and e.start == head.i + 2]
        if ents:
            return ctx.date(ents[0].text)
        # NER may take the whole "Federal Law of March 28, 1998" for one LAW: read the date words themselves
        written = DATE_IN_TITLE.match(doc[head.i + 2: head.i + 7].text)
        if written:
            return ctx.date(written[0])
    return None


# A full date written in an act's name: "March 28, 1998", "28 March 1998", "28.03.1998".
DATE_IN_TITLE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{1,2}\.\d{1,2}\.\d{4})\b")


# Nouns of a legislative stage a phrase after the act may name ("a bill in its first reading that …").
STAGE_NOUNS = frozenset({"reading", "vote", "session", "sitting", "hearing"})
# Verbs of what an act does, in a participle after the clause that tells its stage ("…, introducing a regime").
CONTENT_VERBS = frozenset({"introduce", "establish", "allow", "permit", "require", "oblige", "grant", "strip",
                           "deprive", "ban", "prohibit", "expand", "create", "enable", "extend", "impose",
                           "simplify", "tighten", "make", "give", "set", "provide", "authorize", "authorise"})


def _label(head: Token, act: LegalAct) -> str:
    """A noun phrase that names the act: its number or title; for a code or constitution, its country's; else
    the head, its modifiers and what its clause says it does, short ("law depriving citizenship", "bill that
    obliges naturalized citizens to register"); never a cut-off clause or the bare word."""
    doc = head.doc
    modifiers = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod") and t.i >= head.i - 3
                 and t.lower_ not in lexicon.LABEL_SKIPPED_MODIFIERS and t.ent_type_ != "DATE"
                 and not t.is_quote and t.pos_ != "PROPN" or (t.dep_ == "compound" and t.text[:1].isupper()
                                                             and t.ent_type_ not in ("GPE", "NORP"))]
    name = " ".join([*(t.text for t in sorted(modifiers, key=lambda t: t.i)), head.text])
    if act.title and act.title == _subject_title(head):
        return f"{act.title} {head.text}"  # "anti-human trafficking law", as written
    if act.title:
        return f"{name} {act.title}"
    if act.kind in NAMED_KINDS:
        return name[:1].upper() + name[1:]  # named "… of <Country>" once its country is known (`_finish`)
    clause = next((c for c in head.children if c.dep_ in ("relcl", "acl")
                   or (c.dep_ == "prep" and c.lower_ in ("against", "banning", "on", "for"))), None)
    if clause is None and head.i + 1 < len(doc) and doc[head.i + 1].tag_ == "VBG":
        clause = doc[head.i + 1]  # "a law depriving citizenship": a participle the parse hung elsewhere
    if clause is None:
        # A relative clause the parser lost behind a date: "a law on July 12 that raises fines".
        after = head.i + 1
        while after < head.sent.end and (doc[after].ent_type_ == "DATE" or doc[after].lower_ in ("in", "on")):
            after += 1
        if after > head.i + 1 and after + 1 < head.sent.end and doc[after].lower_ in ("that", "which"):
            clause = doc[after + 1]
    if clause is None and head.i + 1 < len(doc) and doc[head.i + 1].dep_ == "prep":
        # "passed a bill in its first reading that broadens …": the parser hangs the act's clause on the stage
        stage = next((o for o in doc[head.i + 1].children if o.dep_ == "pobj" and o.lemma_.lower() in STAGE_NOUNS),
                     None)
        clause = next((c for c in stage.children if c.dep_ == "relcl"), None) if stage is not None else None
    if clause is None and head.dep_ in ("nsubj", "nsubjpass"):
        # "A law was signed on August 8, introducing a regime …": the participle says what the law does
        clause = next((c for c in head.head.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > head.i
                       and doc[c.i - 1].text == "," and c.lemma_.lower() in CONTENT_VERBS), None)
    if clause is None and head.dep_ == "dobj":
        # "passed a law this week providing fast-track citizenship": the participle right after the act and a
        # date the parser hung on the verb
        clause = next((c for c in head.head.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > head.i
                       and c.lemma_.lower() in CONTENT_VERBS and all(
                           t.ent_type_ == "DATE" or t.dep_ in ("npadvmod", "det") for t in doc[head.i + 1: c.i])),
                      None)
    if clause is None:
        return name if modifiers else ""
    if clause.head.i == head.i:
        subtree = [t for t in clause.subtree if t.i >= clause.left_edge.i]
    elif head.dep_ == "compound" and clause.head.i == head.head.i:
        # "signed a decree stipulating terms of …": the parser ran the act into the participle's object
        subtree = [t for t in head.head.subtree if t.i >= clause.i]
    else:
        subtree = [clause, *(t for c in clause.children if c.dep_ in ("dobj", "prt") for t in c.subtree)]
        if doc[clause.i - 1].lower_ in ("that", "which"):
            subtree.append(doc[clause.i - 1])
    # where and for whom the people an act concerns do something is left out of its label when the label would
    # run out before what the act does: "allowing foreign nationals fighting [for Russia in its war in Ukraine]
    # to obtain Russian citizenship"
    unquoted = sorted((t for t in subtree if not t.is_quote), key=lambda t: t.i)
    inner: set[int] = set()
    if len(unquoted) > LABEL_CLAUSE_WORDS:
        inner = {d.i for t in unquoted if t.pos_ == "VERB" and t.i != clause.i and any(
                     c.dep_ in ("xcomp", "advcl", "ccomp") and c.i > t.i for c in t.children)
                 for c in t.children if c.dep_ == "prep" for d in c.subtree}
    words = [t for t in unquoted if t.i not in inner][:LABEL_CLAUSE_WORDS]
    while words and words[-1].pos_ not in ("NOUN", "PROPN"):
        words.pop()
    # words next to each other keep the text's spacing ("fast-track"); a gap left by a skipped word is a space
    said = "".join(t.text + (t.whitespace_ if k + 1 < len(words) and words[k + 1].i == t.i + 1 else " ")
                   for k, t in enumerate(words)).strip()
    label = f"{name} {said}".strip()
    return re.sub(r"\s+([,.’'])", r"\1", label)


def _short_number(number: str, other: str) -> bool:
    """Whether one number is the other without its series ("Federal Law № 115" for "115-FZ", as a legal text
    defines it: 'N 115-FZ … (hereinafter – “Federal Law № 115”)')."""
    short, full = sorted((number, other), key=len)
    return short.isdigit() and re.fullmatch(rf"{short}-[^\W\d_]{{1,4}}", full) is not None


def _antecedent(acts: list[LegalAct], act: LegalAct, refers_back: bool) -> LegalAct | None:
    """The earlier act this mention adds to: the same number, or the latest compatible act it refers to."""
    if act.number:
        family = KIND_FAMILIES[act.kind]
        return next((a for a in acts if a.number == act.number), None) or next(
            (a for a in acts if a.number and a.kind in family and _short_number(a.number, act.number)), None)
    if act.title:  # a title given in full once and shortened elsewhere ("Executive Order on granting … to X")
        titled = next((a for a in acts if a.title and a.kind in KIND_FAMILIES[act.kind] and not a.number
                       and _same_title(a.title, act.title)), None)
        if titled is not None:
            return titled
    if not refers_back:
        return None
    family = KIND_FAMILIES[act.kind]
    for earlier in reversed(acts):
        if earlier.kind not in family or earlier.plural != act.plural:
            continue  # "the bill" is not the "laws" passed before it
        if act.kind in (ActKind.BILL, ActKind.AMENDMENT) and earlier.title and not earlier.number \
                and earlier.kind not in (ActKind.BILL, ActKind.AMENDMENT):
            continue  # "the bill" is not the "law on citizenship" it amends
        years = (act.date.year if act.date else None, earlier.date.year if earlier.date else None)
        if None not in years and years[0] != years[1]:
            continue
        return earlier
    return None


def _same_title(one: str, other: str) -> bool:
    """Whether two titles name one act: the same words, or the one the start of the other."""
    words = [re.findall(r"\w+", t.lower()) for t in (one, other)]
    shorter, longer = sorted(words, key=len)
    return len(shorter) >= 3 and longer[:len(shorter)] == shorter


def _is_specific(act: LegalAct) -> bool:
    """A mention is an act only when something makes it one; "Russian law" alone is not."""
    return bool(
        act.number or act.title or act.stages or act.date or act.enables or act.prohibits
        or act.kind in NAMED_KINDS
    )


def _merge(into: LegalAct, new: LegalAct) -> None:
    into.date = into.date or new.date
    into.number = into.number or new.number
    into.title = into.title or new.title
    into.country = into.country or new.country
    into.label = into.label or new.label
    for stage in new.stages:
        _add_stage(into, stage)
    for name in ("enables", "prohibits", "grounds", "targets"):
        values = getattr(into, name)
        values.extend(v for v in getattr(new, name) if v not in values)
    into.evidence.extend(new.evidence)
    _settle(into)


def _finish(ctx: ExtractionContext, acts: list[LegalAct]) -> None:
    """Give every act its key and a readable label, now that all its mentions are merged."""
    taken: set[str] = set()
    for act in acts:
        key = _identity(ctx, act)
        if key in taken:
            key = ctx.fact_key("act", act.kind, act.label, act.evidence[0].start)
        taken.add(key)
        act.key = key
        if act.kind in NAMED_KINDS and act.country and ctx.entities.get(act.country):
            code = re.sub(r"s$", "", act.label.title()) if act.label else _kind_title(act.kind)
            country = ctx.entities.get(act.country).name
            if country.lower()[:5] not in code.lower():
                act.label = f"{code} of {country}"  # "Criminal Code of Kazakhstan"; "Russian Constitution" stays
        if act.number:
            act.label = f"{_kind_title(act.kind)} No. {act.number}" + (f" {act.title}" if act.title else "")
        elif not act.label:
            act.label = _kind_title(act.kind) + (f" of {act.date.lexical()[0]}" if act.date else "")


def _identity(ctx: ExtractionContext, act: LegalAct) -> str:
    """A key that two articles reporting the same act agree on.

    Its number; else the kind family, the date of its earliest dated stage (a day and month without the
    year, so that an article with a publication date and one without agree; a month or a year as given) and
    its main effect; else, for a code or constitution, its name. Otherwise the act is this article's own.
    """
    if act.number:
        number = act.number if not act.number.isdigit() else f"{act.kind.value}-{act.number}"
        return f"act/{slug(number)}"
    dated = sorted((s for s in act.stages if s.date), key=lambda s: STAGE_ORDER.index(s.status))
    when = dated[0].date if dated else act.date
    if when:
        family = "law" if act.kind in LAW_FAMILY else act.kind.value
        moment = f"{when.month:02d}-{when.day:02d}" if when.day and when.month else when.lexical()[0].lstrip("-")
        effects = [e for e in lexicon.EFFECT_CUES if e in act.enables + act.prohibits]  # in lexicon order
        return f"act/{family}/{moment}/{effects[0].value if effects else 'unspecified'}"
    if act.kind in NAMED_KINDS:
        country = act.country.split("/", 1)[1] if act.country else "unknown"
        return f"act/{act.kind.value}/{country}/{slug(act.label)}"
    if act.title:
        return f"act/{act.kind.value}/{slug(act.title)}"
    return ctx.fact_key("act", act.kind, act.label)


def _kind_title(kind: ActKind) -> str:
    return kind.value.replace("-", " ").title()


__all__ = ["read_acts", "act_kind"]
