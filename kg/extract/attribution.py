"""Who says or claims something: the agent of a reporting verb, read from the parse.

A speaker or claimant is the agent of the reporting verb that governs the quote or the figure:
- its active subject ("Volk said", "the ministry reported"), climbing to the clause a participle or conjunct
  hangs from ("the ministry issued a statement saying ...", "X arrived and said ...");
- the by-agent of a passive ("This was stated by the official representative ... Irina Volk");
- an inverted subject right after the verb ('“…,” said Irina Volkova');
- the source of "according to X".
Never the medium or the addressee: "she said in the Telegram channel", "told AFP", "wrote on Facebook" name
where or to whom it was said, and prepositional objects and datives are not looked at.

The agent phrase resolves to an entity: a person or organization mentioned in the phrase (a titled name,
"the Moscow branch of the Investigative Committee", "Kenya's foreign ministry"), a pronoun ("she said") to
the person most recently named as a subject or agent, or a definite description ("the ministry", "the
spokeswoman") to the article's entity it describes. A phrase that names no entity ("one regional official",
"the document") is kept as a description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.context import ExtractionContext
from kg.model import Entity, EntityKind

PERSONAL_PRONOUNS = frozenset({"he", "she"})
# Verbs whose "it"/"they" subject is a speaker, not an expletive ("It further said: …"; not "it emerged").
QUOTING_VERBS = frozenset({"say", "add", "state", "write", "note", "tell", "announce", "declare", "report"})
# Nouns for a person already named: "the 26-year-old told AFP", "the man said".
PERSON_ANAPHOR_NOUNS = frozenset({"man", "woman", "year-old", "old", "migrant", "worker", "father", "mother",
                                  "recruit", "soldier", "student", "resident", "native", "citizen", "national"})
# Relations through which a clause takes the subject of the clause it hangs from.
# Passive verbs that raise the subject of the clause after them: "X is said / reported / believed to have
# told …" reports that X told it.
RAISING_VERBS = frozenset({"say", "report", "believe", "think", "understand", "know", "allege", "claim", "rumour",
                           "rumor", "expect"})
SUBJECT_CLIMB = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "ccomp", "relcl", "prep"})
# Subjects that are not agents: expletives and the relative pronoun of a clause on another noun.
NON_AGENT_SUBJECTS = frozenset({"it", "there", "this", "that", "which", "what"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Dependents of the agent's head that belong to its phrase (not an apposition or a clause about it).
PHRASE_DEPS = frozenset({"compound", "flat", "amod", "poss", "det", "nmod", "prep", "pobj", "case", "nummod",
                         "conj", "cc", "punct"})
# What marks a person's gender in an article: gendered nouns of posts and kin, honorifics, and the endings of
# East Slavic surnames, which agree with their bearer ("Zakharova", "Peskov"; "-ina" is too often not Slavic).
PRONOUN_GENDERS = {"she": "f", "her": "f", "he": "m", "his": "m", "him": "m"}
FEMININE_WORDS = frozenset({"woman", "mother", "wife", "sister", "daughter", "widow", "spokeswoman", "chairwoman",
                            "girl", "grandmother", "aunt", "niece", "businesswoman", "policewoman", "mrs", "ms",
                            "miss", "madam", "congresswoman", "actress"})
MASCULINE_WORDS = frozenset({"man", "father", "husband", "brother", "son", "widower", "spokesman", "chairman",
                             "boy", "grandfather", "uncle", "nephew", "businessman", "policeman", "mr", "congressman"})
FEMININE_SURNAME_ENDINGS = ("ova", "eva", "yova", "skaya", "tskaya")
MASCULINE_SURNAME_ENDINGS = ("ov", "ev", "yov", "sky", "skiy", "skii", "ovich", "evich")
# How many sentences back a pronoun or a definite description looks for what it refers to.
ANTECEDENT_WINDOW_SENTENCES = 4
# Nouns of a definite description of a person by post, and of an organization by kind.
PERSON_DESCRIPTION_NOUNS = frozenset({
    "spokesperson", "spokesman", "spokeswoman", "minister", "representative", "official", "secretary",
    "ambassador", "prosecutor", "investigator", "chairman", "chairwoman", "head", "colonel", "general",
    "governor", "mayor", "lawmaker", "deputy", "president", "commissioner", "ombudsman", "activist", "lawyer",
    "analyst", "researcher", "director", "envoy",
})
ORGANIZATION_DESCRIPTION_NOUNS = frozenset({
    "ministry", "committee", "court", "government", "service", "agency", "office", "department", "embassy",
    "consulate", "mission", "council", "police", "directorate", "commission", "prosecutor", "army", "military",
    "parliament", "duma", "administration", "authority", "branch", "division", "group", "organization",
    "organisation", "center", "centre", "foundation", "network", "statement",
})
DESCRIPTION_MAX_WORDS = 8
# What a body issues and then speaks through: "the statement said".
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "release"})
# Nouns of an unnamed speaker a "he"/"she" may go on for: "The mother of one recruit said … “…,” she said".
SPEAKER_DESCRIPTION_NOUNS = PERSON_DESCRIPTION_NOUNS | PERSON_ANAPHOR_NOUNS | frozenset({
    "wife", "husband", "brother", "sister", "son", "daughter", "widow", "relative", "parent", "source", "witness",
    "survivor", "woman", "man", "victim", "volunteer", "veteran", "officer"})
# The kind of body a generic noun describes ("the agency" is a government agency the article named).
GENERIC_BODY_KINDS = {"agency": "government-agency", "department": "government-agency", "office": "government-agency",
                      "service": "government-agency", "bureau": "government-agency", "court": "court",
                      "tribunal": "court", "parliament": "legislature", "legislature": "legislature"}
# Words that name the same kind of body ("the interior ministry" is the Ministry of Internal Affairs).
SYNONYMS = {"internal": "interior", "defence": "defense", "external": "foreign", "affair": "affairs"}


@dataclass(frozen=True)
class Agent:
    """Who performs a reporting verb: an entity when the phrase names one, else the phrase itself."""

    entity: Entity | None
    description: str | None
    mechanism: str
    penalty: float  # how much less sure than a plain named subject

    @property
    def known(self) -> bool:
        return self.entity is not None or self.description is not None


NO_AGENT = Agent(None, None, "none", 0.3)


def agent_of(ctx: ExtractionContext, verb: Token, kinds: tuple[EntityKind, ...],
             exclude: range | None = None) -> Agent:
    """The agent of `verb` among `kinds`, read from the parse (see the module docstring); never a phrase
    inside the token range `exclude` (the quote a speaker is sought for)."""
    for depth, (token, mechanism) in enumerate(_agent_tokens(verb)):
        if exclude is not None and token.i in exclude:
            continue
        entity, description = resolve_phrase(ctx, token, kinds)
        if entity is not None or description is not None:
            return Agent(entity, description, mechanism, 0.05 * min(depth, 2) + (0.1 if entity is None else 0))
    return NO_AGENT


def according_to(ctx: ExtractionContext, sent: Span, kinds: tuple[EntityKind, ...],
                 outside: range | None = None) -> Agent:
    """The source of "according to X" in the sentence (outside the token range `outside`, if given)."""
    for token in sent:
        if token.lower_ != "according" or token.i + 1 >= sent.end or token.doc[token.i + 1].lower_ != "to":
            continue
        if outside is not None and token.i in outside:
            continue
        for obj in token.doc[token.i + 1].children:
            if obj.dep_ == "pobj":
                # "according to her version", "according to his story": whose account it is
                owner = next((c for c in obj.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
                entity, description = resolve_phrase(ctx, owner if owner is not None else obj, kinds)
                if entity is not None or description is not None:
                    return Agent(entity, description, "according-to", 0.0 if entity else 0.1)
    return NO_AGENT


def _agent_tokens(verb: Token) -> list[tuple[Token, str]]:
    """Heads of the phrases that may name the agent of `verb`, nearest first."""
    found: list[tuple[Token, str]] = []
    current = verb
    raised_from: Token | None = None  # the verb an xcomp climb came from
    while True:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in current.children) or (
            current.dep_ == "acl" and current.tag_ == "VBN")
        quoting = current.lemma_.lower() in ("quote", "cite")
        raising = passive and raised_from is not None and current.lemma_.lower() in RAISING_VERBS
        for child in current.children:
            if raising and child.dep_ == "nsubjpass":
                found.append((child, "raised-subject"))  # "He is said to have noted …": he noted it
            elif quoting and passive:  # "X was quoted by the outlet as saying …": X speaks, the outlet is the medium
                if child.dep_ == "nsubjpass":
                    found.append((child, "quoted-subject"))
            elif quoting:  # "the outlet quoted him as saying …", "Reuters cited officials as saying …"
                if child.dep_ == "dobj":
                    found.append((child, "quoted-object"))
            elif child.dep_ == "agent":
                found += [(obj, "passive-agent") for obj in child.children if obj.dep_ == "pobj"]
            elif child.dep_ == "nsubj" and not passive:
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    found.append((current.head, "relative-subject"))  # "Volk, who said ..."
                elif child.lower_ in ("it", "they") and current is verb and verb.lemma_.lower() in QUOTING_VERBS:
                    found.append((child, "subject"))  # "It further said: “…”": the body named before
                elif child.lower_ not in NON_AGENT_SUBJECTS:
                    found.append((child, "subject"))
        named = _named_before_verb(current) if current is verb else None
        if named is not None and found and all(t.i < named.i for t, _ in found):
            # "Authorities “have caught 30,000” new citizens …, investigator Alexander Bastrykin said": a parse
            # may make the subject a noun before the comma; the name right before the verb says it
            found = [(named, "name-before-verb")]
        if not found and current is verb:
            # '“…,” said Irina Volkova': an inverted subject the parse made an object of the verb.
            after_quote = verb.i > 0 and verb.doc[verb.i - 1].text in '"”»'
            found += [(child, "inverted-subject") for child in verb.rights
                      if child.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and child.i - verb.i <= 3
                      and (child.pos_ == "PROPN" or after_quote and child.pos_ == "NOUN")]
        if not found and current.lemma_.lower() in QUOTING_VERBS | {"emphasize", "stress", "explain", "assure"}:
            subject = _comma_subject(current)
            if subject is not None:
                found.append((subject, "comma-subject"))
        if found or current.dep_ not in SUBJECT_CLIMB or current.head.i == current.i:
            break
        sibling = _reporting_sibling(current)
        if sibling is not None:  # "…, the representative emphasized, adding that …": the verb "adding" goes with
            current = sibling
            continue
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            if current.dep_ == "acl":
                found.append((current.head, "participle-head"))  # "officials claiming …"
            break
        raised_from = current if current.dep_ == "xcomp" else None
        current = current.head
    return found


def _comma_before(verb: Token) -> int | None:
    """The last comma before a verb, within a description's length of it in its sentence."""
    doc = verb.doc
    return next((j for j in range(verb.i - 1, max(verb.sent.start, verb.i - DESCRIPTION_MAX_WORDS - 1) - 1, -1)
                 if doc[j].text == ","), None)


def _named_before_verb(verb: Token) -> Token | None:
    """The proper name right before a reporting verb, after the sentence's last comma before it ("…, Russia's
    chief investigator Alexander Bastrykin said")."""
    doc = verb.doc
    if verb.lemma_.lower() not in QUOTING_VERBS or verb.i - 1 <= verb.sent.start:
        return None
    name = doc[verb.i - 1]
    if name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG"):
        return None
    comma = _comma_before(verb)
    if comma is None or any(t.pos_ in ("VERB", "AUX") for t in doc[comma + 1: verb.i]):
        return None
    return name


def _comma_subject(verb: Token) -> Token | None:
    """The head of a noun phrase between a comma and a reporting verb that has no subject in the parse:
    "Now they must leave, the representative of the ministry emphasized" (a parser often hangs such a
    phrase on the noun before the comma)."""
    if verb.i == verb.sent.start or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    comma = _comma_before(verb)
    if comma is None or comma == verb.i - 1:
        return None
    phrase = doc[comma + 1: verb.i]
    if any(t.pos_ in ("VERB", "AUX") for t in phrase):
        return None
    if _the_year_old(doc[verb.i - 1]):
        return doc[verb.i - 1]
    return phrase.root if phrase.root.pos_ in ("NOUN", "PROPN") else None


def _the_year_old(token: Token) -> bool:
    """Whether `token` ends "the 42-year-old" split into five words, a noun phrase the parser often leaves
    in pieces hung on the verb after it."""
    doc = token.doc
    i = token.i
    return token.lower_ == "old" and i >= 5 and doc[i - 1].text == "-" and doc[i - 3].text == "-" \
        and doc[i - 2].lower_ in ("year", "years") and doc[i - 4].like_num \
        and doc[i - 5].lower_ in ("the", "this")


def _reporting_sibling(verb: Token) -> Token | None:
    """A reporting verb coordinated with the clause a participle hangs from, between the two: the parse of
    "…, the representative emphasized, adding that …" often hangs "adding" on the clause before."""
    if verb.dep_ not in ("advcl", "xcomp") or verb.tag_ != "VBG":
        return None
    head = verb.head
    return next((c for c in head.children if c.dep_ == "conj" and head.i < c.i < verb.i
                 and c.lemma_.lower() in QUOTING_VERBS | {"emphasize", "stress", "explain", "assure"}), None)


def phrase_tokens(token: Token) -> list[Token]:
    """`token` and the words of its noun phrase, without appositions and clauses about it."""
    tokens = [token]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in PHRASE_DEPS:
                tokens.append(child)
                stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def resolve_phrase(ctx: ExtractionContext, token: Token,
                   kinds: tuple[EntityKind, ...]) -> tuple[Entity | None, str | None]:
    """(entity, description) for the noun phrase headed by `token`: what it names, else its words."""
    lowered = token.lower_
    if token.pos_ == "PRON":
        # "she said"; "according to her", "in his words"
        personal = lowered in PERSONAL_PRONOUNS or lowered in ("him", "her", "his") and token.dep_ in ("pobj", "poss")
        if personal and EntityKind.PERSON in kinds:
            person = antecedent_person(ctx, token.idx, gender=pronoun_gender(token))
            return person, (None if person is not None else _described_speaker_before(ctx, token))
        if lowered in ("it", "they") and EntityKind.ORGANIZATION in kinds:
            reporter = _last_reporter(ctx, token)
            if reporter is not None:  # "…, the report states. “…,” it adds."
                return resolve_phrase(ctx, reporter, kinds)
            return antecedent_organization(ctx, token.idx), None
        return None, None
    agents = tuple(k for k in kinds if k is not EntityKind.COUNTRY)
    head_entity = _entity_at_token(ctx, token, agents)
    if head_entity is None and EntityKind.COUNTRY in kinds and not _demonym_in_longer_name(ctx, token):
        head_entity = _entity_at_token(ctx, token, (EntityKind.COUNTRY,))
        if head_entity is not None and token.tag_ in ("NNS", "NNPS") and \
                token.lower_ not in head_entity.name.lower().split():
            head_entity = None  # "quoted some Cubans as saying": people of a country, not its state
    if head_entity is not None:
        return head_entity, None
    for appositive in (c for c in token.children if c.dep_ == "appos"):
        for kind in (k for k in kinds if k is not EntityKind.COUNTRY):  # "The Defense Minister, Rustem Umerov,"
            entity = _entity_at_token(ctx, appositive, (kind,))
            if entity is not None:
                return entity, None
    if token.lemma_.lower() in PERSON_DESCRIPTION_NOUNS and EntityKind.PERSON in kinds:
        # "the former president of the region, Anatoly Bibilov, said": the parser may hang the name in
        # apposition on the nearest noun of the title's phrase
        for appositive in (t for t in token.subtree if t.dep_ == "appos" and t.i > token.i):
            entity = _entity_at_token(ctx, appositive, (EntityKind.PERSON,))
            if entity is not None:
                return entity, None
    words = phrase_tokens(token)
    for kind in kinds:  # a titled name inside the phrase: "senior military investigator Oleg Vlasov"
        for word in words:
            entity = ctx.entities.at(word.idx, word.idx + len(word), kind)
            # A country modifying another noun is no agent ("the Russian media", "a Ukrainian website"), unless
            # it owns a body that speaks for it ("Kyrgyzstan's foreign ministry said").
            if entity is not None and kind is EntityKind.COUNTRY and not (
                    word.dep_ == "poss" and word.head.lemma_.lower() in ORGANIZATION_DESCRIPTION_NOUNS):
                continue
            if entity is not None and kind is EntityKind.ORGANIZATION and \
                    token.lemma_.lower() in SPEAKER_DESCRIPTION_NOUNS:
                # "a senior CBI officer": an unnamed person of the body, who speaks for it; the words say who
                return entity, _phrase_text(words)
            if entity is not None:
                return entity, None
    described = described_entity(ctx, token, kinds)
    if described is not None:
        return described, None
    if token.pos_ == "PROPN":
        # A bare surname of someone named before ("Sadykov told reporters"); else a name NER did not find
        # ("S.B. testified"), kept as written.
        person = _person_by_surname(ctx, token) if EntityKind.PERSON in kinds else None
        name = " ".join(t.text for t in words if t.pos_ == "PROPN")
        return person, (None if person or len(name.split()) > 4 else name or None)
    text = _phrase_text(words)
    # "one of them", "one of the students": one of a group the article spoke of
    partitive = lowered == "one" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    if text is None or not (partitive or any(t.pos_ == "NOUN" for t in words)):
        return None, None
    return None, text


def _phrase_text(words: list[Token]) -> str | None:
    """The phrase as written ("the consulate's page"), with single spaces where words of the phrase were left
    out; None when it is empty or too long to be a description."""
    kept = [t for t in words if not t.is_punct]
    text = "".join(t.text_with_ws if i + 1 < len(kept) and kept[i + 1].i == t.i + 1 else t.text + " "
                   for i, t in enumerate(kept))
    return " ".join(text.split()) if 0 < len(text.split()) <= DESCRIPTION_MAX_WORDS else None


def _demonym_in_longer_name(ctx: ExtractionContext, token: Token) -> bool:
    """"BBC News Russian": a demonym ending an organization's name is no country speaking."""
    return any(ctx.entities.at(t.idx, t.idx + len(t), EntityKind.ORGANIZATION) is not None
               for t in token.children if t.dep_ in ("compound", "nmod"))


def _person_by_surname(ctx: ExtractionContext, token: Token) -> Entity | None:
    """The person named before `token` whose surname it is, the most recently mentioned first."""
    wanted = token.lower_
    for mention in reversed(ctx.entities.mentions):
        entity = ctx.entities.entities[mention.key]
        if mention.end <= token.idx and entity.kind is EntityKind.PERSON and len(entity.name.split()) > 1 \
                and entity.name.split()[-1].lower() == wanted:
            return entity
    return None


def _entity_at_token(ctx: ExtractionContext, token: Token, kinds: tuple[EntityKind, ...]) -> Entity | None:
    for kind in kinds:
        entity = ctx.entities.at(token.idx, token.idx + len(token), kind)
        if entity is not None:
            return entity
    return None


def described_entity(ctx: ExtractionContext, token: Token, kinds: tuple[EntityKind, ...]) -> Entity | None:
    """The entity a definite description refers to: "the ministry" → the ministry the article named last,
    "the spokeswoman" → the person who holds that post, "the foreign ministry statement" → the ministry."""
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss"
                   for c in token.children)
    if not definite and not _the_year_old(token):
        return None
    nouns = [token, *(c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN")]
    if EntityKind.PERSON in kinds and (token.lemma_.lower() in PERSON_ANAPHOR_NOUNS or token.lower_.endswith("-old")):
        # "the 26-year-old told AFP"; never the one who reports what it said ("X said … that the citizen
        # responded")
        person = antecedent_person(ctx, token.idx, exclude=_reporters_above(ctx, token),
                                   gender=_word_gender(token.lemma_.lower()))
        if person is not None:
            return person
    if token.lemma_.lower() in STATEMENT_NOUNS and not any(c.dep_ == "poss" for c in token.children):
        issuer = _statement_issuer(ctx, token, kinds)
        if issuer is not None:
            return issuer
    for noun in nouns:
        lemma = noun.lemma_.lower()
        if EntityKind.PERSON in kinds and lemma in PERSON_DESCRIPTION_NOUNS:
            person = _person_with_post(ctx, lemma, token.idx)
            if person is not None:
                return person
        if EntityKind.ORGANIZATION in kinds and lemma in ORGANIZATION_DESCRIPTION_NOUNS and lemma != "statement":
            # a possessor is a qualifier too: "the prosecutor's office" is no other office named before
            modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound") or (
                c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"))} - {lemma}
            org = _organization_named(ctx, lemma, modifiers, token.idx)
            if org is not None:
                return org
    return None


def _statement_issuer(ctx: ExtractionContext, token: Token, kinds: tuple[EntityKind, ...]) -> Entity | None:
    """Who issued "the statement": the agent of the verb of the last statement named before, within the
    antecedent window ("The ministry said in a statement … “…,” the statement said")."""
    doc = token.doc
    first = doc.char_span(_window_start(ctx, token.idx), token.idx, alignment_mode="expand")
    for earlier in reversed(first if first is not None else ()):
        if earlier.i >= token.i or earlier.lemma_.lower() not in STATEMENT_NOUNS or \
                ctx.in_quote(earlier.idx, earlier.idx + 1):
            continue
        # "said in a statement", "issued a statement"
        verb = earlier.head.head if earlier.dep_ == "pobj" else earlier.head if earlier.dep_ == "dobj" else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        for agent, _ in _agent_tokens(verb):
            if agent.lemma_.lower() not in STATEMENT_NOUNS:
                entity, _ = resolve_phrase(ctx, agent, kinds)
                if entity is not None:
                    return entity
    return None


def _window_start(ctx: ExtractionContext, before: int, extra: int = 0) -> int:
    """Where the antecedent window (widened by `extra` sentences) before `before` starts."""
    # Sentences inside a quote do not count: a quote of five sentences is one statement.
    starts = [start for start in ctx.unquoted_sentence_starts if start < before]
    window = ANTECEDENT_WINDOW_SENTENCES + extra
    return starts[-window] if len(starts) >= window else 0


def _recent_mentions(ctx: ExtractionContext, before: int, extra: int = 0):
    """Mentions ending before `before`, nearest first, within the antecedent window (widened by `extra`
    sentences)."""
    window_start = _window_start(ctx, before, extra)
    for mention in reversed(ctx.entities.mentions):
        if mention.end > before:
            continue
        if mention.start < window_start:
            return
        yield mention


def _person_with_post(ctx: ExtractionContext, noun: str, before: int) -> Entity | None:
    for mention in _recent_mentions(ctx, before):
        entity = ctx.entities.entities[mention.key]
        if entity.kind is EntityKind.PERSON and any(noun in title.split() or title.startswith(noun[:6])
                                                    for title in ctx.posts.get(entity.key, ())):
            return entity
    return None


def _organization_named(ctx: ExtractionContext, noun: str, modifiers: set[str], before: int) -> Entity | None:
    """The organization named last (anywhere before `before`) whose name has `noun` and the modifiers."""
    for mention in reversed(ctx.entities.mentions):
        if mention.end > before:
            continue
        entity = ctx.entities.entities[mention.key]
        if entity.kind is not EntityKind.ORGANIZATION:
            continue
        words = _name_words(entity.name)
        if noun in words and {SYNONYMS.get(m, m) for m in modifiers} <= words:
            return entity
    if modifiers:
        return None
    # "the agency said" after "the Central Bureau of Investigation": the state body named last
    for mention in reversed(ctx.entities.mentions):
        if mention.end > before:
            continue
        entity = ctx.entities.entities[mention.key]
        if entity.kind is EntityKind.ORGANIZATION and entity.org_kind is not None and \
                entity.org_kind.value == GENERIC_BODY_KINDS.get(noun):
            return entity
    return None


def _name_words(name: str) -> set[str]:
    """The words of an organization's name, singular, with synonyms folded ("Internal Affairs" = interior)."""
    words = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in re.findall(r"[a-z]+", name.lower())}
    return {SYNONYMS.get(w, w) for w in words}


def _last_reporter(ctx: ExtractionContext, pronoun: Token) -> Token | None:
    """The noun subject of the last reporting verb before a speaking "it"/"they", in its sentence or the one
    before, outside quotes: what the pronoun refers to ("…, the report states. “…,” it adds")."""
    doc = pronoun.doc
    sent = pronoun.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for verb in reversed(doc[start: pronoun.i]):
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in QUOTING_VERBS \
                or ctx.in_quote(verb.idx, verb.idx + 1):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            return subject
        return None  # the last report's subject is a pronoun or missing: no nearer referent
    return None


def antecedent_organization(ctx: ExtractionContext, pos: int) -> Entity | None:
    """What an "it" that speaks refers to: the organization most recently named as a subject or agent."""
    for mention in _recent_mentions(ctx, pos):
        entity = ctx.entities.entities[mention.key]
        if entity.kind is not EntityKind.ORGANIZATION or ctx.in_quote(mention.start, mention.end):
            continue
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and is_agent_position(span.root):
            return entity
    return None


def _reporters_above(ctx: ExtractionContext, token: Token) -> set[str]:
    """The people who are subjects of the verbs a phrase's clause hangs from."""
    keys = set()
    for verb in token.ancestors:
        for child in verb.children:
            if child.dep_ == "nsubj" and child.i not in (token.i, *(a.i for a in token.ancestors)):
                entity = ctx.entities.at(child.idx, child.idx + len(child.text), EntityKind.PERSON)
                if entity is not None:
                    keys.add(entity.key)
    return keys


def antecedent_person(ctx: ExtractionContext, pos: int, exclude: set[str] = frozenset(),
                      gender: str | None = None) -> Entity | None:
    """Who a "he"/"she" at `pos` refers to: the person most recently named as a subject, an agent or a
    source ("according to X") in the last few sentences; else, when only one person is named there, that one.
    A person the text marks as of the other `gender` ("f" or "m") is no candidate, nor are people in
    `exclude`. A chain of such pronouns in the sentences before keeps its referent further back."""
    found = _antecedent(ctx, pos, exclude, gender, 0)
    chain = _pronoun_chain(ctx, pos, gender) if found is None else 0
    return _antecedent(ctx, pos, exclude, gender, chain) if chain else found


def _antecedent(ctx: ExtractionContext, pos: int, exclude: set[str], gender: str | None,
                extra: int) -> Entity | None:
    named: list[Entity] = []
    for mention in _recent_mentions(ctx, pos, extra):
        entity = ctx.entities.entities[mention.key]
        if entity.kind is not EntityKind.PERSON or ctx.in_quote(mention.start, mention.end) or entity.key in exclude:
            continue  # a person named inside a quote is not who speaks after it
        if gender is not None and person_gender(ctx, entity) not in (None, gender):
            continue
        if entity not in named:
            named.append(entity)
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and is_agent_position(span.root):
            return entity
    return named[0] if len(named) == 1 else None


def _pronoun_chain(ctx: ExtractionContext, pos: int, gender: str | None) -> int:
    """How many sentences right before `pos` speak of someone of `gender` by a pronoun: a chain of pronouns
    keeps its referent ("Susan Kuloba came … She said … X told her … “…,” she told RFI")."""
    if gender is None:
        return 0
    doc = ctx.doc
    token = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if token is None or token.start == 0:
        return 0
    chain = 0
    sent = doc[token.start].sent
    while sent.start > 0:
        sent = doc[sent.start - 1].sent
        if not any(t.pos_ == "PRON" and PRONOUN_GENDERS.get(t.lower_) == gender and not ctx.in_quote(t.idx, t.idx + 1)
                   for t in sent):
            break
        chain += 1
    return chain


def pronoun_gender(token: Token) -> str | None:
    return PRONOUN_GENDERS.get(token.lower_)


def person_gender(ctx: ExtractionContext, person: Entity) -> str | None:
    """"f", "m" or None: what the article marks a person as, by a gendered post ("spokeswoman"), an honorific
    before a mention ("Mrs Ivanova") or the gendered ending of an East Slavic surname ("Zakharova", "Peskov")."""
    genders = {_word_gender(word) for title in ctx.posts.get(person.key, ()) for word in title.lower().split()}
    for mention in ctx.entities.mentions:
        if mention.key == person.key:
            honorific = re.search(r"\b(mrs|ms|miss|mr|madam)\.?\s*$", ctx.text[max(0, mention.start - 8):mention.start],
                                  re.IGNORECASE)
            if honorific:
                genders.add(_word_gender(honorific.group(1).lower()))
    words = person.name.split()
    if len(words) > 1:
        surname = words[-1].lower()
        if surname.endswith(FEMININE_SURNAME_ENDINGS):
            genders.add("f")
        elif surname.endswith(MASCULINE_SURNAME_ENDINGS):
            genders.add("m")
    genders.discard(None)
    return genders.pop() if len(genders) == 1 else None


def _word_gender(word: str) -> str | None:
    return "f" if word in FEMININE_WORDS else "m" if word in MASCULINE_WORDS else None


def _described_speaker_before(ctx: ExtractionContext, pronoun: Token) -> str | None:
    """Who an unnamed "he"/"she" refers to when no person is named: the speaker the sentence before describes
    by post ("An official from the veterans' group told AFP … He said …" → "An official from the veterans'
    group"). Only the sentence right before, and only a speaker there: the subject of a speech verb."""
    # the sentence before the one the pronoun's starts in, the parse's sentence breaks inside a quote aside
    starts = [start for start in ctx.unquoted_sentence_starts if start <= pronoun.idx]
    if not starts or starts[-1] == 0:
        return None
    opening = pronoun.doc.char_span(starts[-1], starts[-1] + 1, alignment_mode="expand")
    if opening is None or opening.start == 0:
        return None
    before = pronoun.doc[opening.start - 1].sent
    gender = pronoun_gender(pronoun)
    for token in before:
        if token.dep_ == "nsubj" and token.lemma_.lower() in SPEAKER_DESCRIPTION_NOUNS and \
                token.head.lemma_.lower() in QUOTING_VERBS and not ctx.in_quote(token.idx, token.idx + 1) and \
                _word_gender(token.lemma_.lower()) in (None, gender):
            words = [t for t in phrase_tokens(token) if not t.is_punct]
            if 0 < len(words) <= DESCRIPTION_MAX_WORDS:
                return " ".join(pronoun.doc[words[0].i: words[-1].i + 1].text.split())
    return None


def is_agent_position(token: Token) -> bool:
    """Whether a name stands where an agent stands: in a subject, a by-agent or an "according to" source."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("nsubj", "nsubjpass"):
            return True
        if node.dep_ == "pobj" and (node.head.dep_ == "agent" or (
                node.head.lower_ == "to" and node.head.i > 0 and node.doc[node.head.i - 1].lower_ == "according")):
            return True
        if node.dep_ not in ("compound", "flat", "appos", "conj", "poss", "amod", "pobj", "prep", "nmod"):
            return False
        node = node.head
    return False
