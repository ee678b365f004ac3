"""Direct quotes and who said them.

A quote is a statement attributed to someone. Its span is the text between an opening and a closing double
quote mark (straight, curly or « »): marks are paired as brackets, so a quote with a title or term in inner
quotation marks ('“… the Federal Law "On Citizenship" …,” she said') is one quote. A quote may run over a
line break inside a paragraph, never over a paragraph break; a paragraph opening with a new mark while a
quote is open ends the open one there (the convention for quotes of several paragraphs).

Attribution, in order:
1. a speech verb outside the quote that the quote hangs from in the parse ('X said: “…”', '“…,” X said',
   'X argued that the rules would “turn …”'), or that hangs from the quote ('“…,” he said' as parataxis);
2. a speech verb just after the closing mark or just before the opening one in the same sentence;
3. "according to X" in the sentence, outside the quote;
4. a quote right after an attributed quote in the same paragraph continues it ('“A,” she said. “B.”');
5. a quote standing alone: the person named right after it and nothing else ('“…,” Kirill Petrov', a caption
   or a cut excerpt), or the speaker of the sentence just before it when that sentence reports speech
   ('One of them said that officers came at dawn. “We were insulted …”').
The speaker is the agent of that verb (`kg.extract.attribution`): never the medium ("in the Telegram
channel") or the addressee ("told AFP"). A quote with no attribution is no quote, and neither is a term or
euphemism in scare quotes (“undesirable”, “migration raids”): a quote of fewer than four words is dropped,
and so is a fragment inside a sentence unless a speech verb takes it as what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.attribution import NO_AGENT, Agent, according_to, agent_of, resolve_phrase
from kg.extract.context import ExtractionContext
from kg.extract.quotemarks import CLOSERS, OPENERS, STRAIGHT, quoted_spans
from kg.model import EntityKind, Quote

SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "claim", "write", "note", "explain", "recall", "continue", "warn",
    "insist", "argue", "ask", "reply", "answer", "declare", "announce", "stress", "emphasize", "emphasise",
    "underscore", "caution", "suggest", "describe", "characterize", "characterise", "admit",
    "acknowledge", "complain", "recount", "remark", "conclude", "observe", "confirm", "deny", "agree",
    "predict", "promise", "vow", "threaten", "urge", "demand", "quip", "joke", "whisper", "shout", "post",
    "tweet", "report", "allege", "assert", "contend", "maintain", "concede", "point", "reveal", "narrate",
    "recount", "testify", "plead", "appeal", "request", "call", "respond", "comment", "assure", "reiterate",
    "clarify", "specify", "lament", "recommend", "read", "quote", "cite", "share", "recollect", "believe",
    "express", "counter", "retort", "rebut", "object",
})
# Speech verbs that with an object of their own (not a SPEECH_NOUN) say what someone did, not said.
DOING_TOO_VERBS = frozenset({"conclude", "post", "observe"})  # not "answered questions: “…”"
SPEAKER_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY)
# Objects that make a verb one of saying: "gave a reply", "issued a statement".
SPEECH_NOUNS = frozenset({"reply", "statement", "response", "message", "warning", "answer", "comment", "remark",
                          "attention"})  # "drew attention to the fact that “…”"
MIN_QUOTE_WORDS = 4
# How many sentences of the paragraph before a quote may tell whose account it is ("According to X, …").
PARAGRAPH_SOURCE_SENTENCES = 3
MIN_SENTENCE_WORDS = 2  # "“We were betrayed,” he said."
# A fragment quoted inside a sentence is a statement only when it is this long and has a verb of its own.
MIN_FRAGMENT_WORDS = 3
MIN_VERBLESS_FRAGMENT_WORDS = 6
MIN_CUT_QUOTE_WORDS = 8
# How far past the closing mark (or before the opening one) an attribution may sit, in tokens.
ATTRIBUTION_WINDOW = 6
# Longest text between an attributed quote and a quote that continues it, in characters.
CONTINUATION_GAP = 200
# A sentence end, then words: the gap between two quotes holds a sentence besides the first one's attribution.
_NARRATION_AFTER_SENTENCE = re.compile(r"[.!?]\s+[^\W\d_]")
# Names in quote marks are short, and their small words stay lower-case.
TITLE_CASE_MAX_WORDS = 8
# Nouns of texts whose title may follow them in quote marks: the law “On …”, the report “Hunted”.
TEXT_NOUNS = frozenset({"law", "decree", "bill", "act", "order", "resolution", "code", "ordinance", "regulation",
                        "book", "report", "film", "documentary", "article", "programme", "program", "campaign"})
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "at", "by", "with"})
CONFIDENCE = {
    "quote:governing-verb": 0.9,
    "quote:parataxis-verb": 0.85,
    "quote:verb-after": 0.75,
    "quote:verb-before": 0.75,
    "quote:according-to": 0.8,
    "quote:continuation": 0.7,
    "quote:name-after": 0.65,
    "quote:introduced-before": 0.6,
    "quote:in-words-of": 0.8,
    "quote:colon-speaker": 0.7,
}


@dataclass(frozen=True)
class LocatedQuote:
    """A quote and the offsets [start, end) of its text in the Doc (inside the quote marks)."""

    start: int
    end: int
    quote: Quote


@dataclass(frozen=True)
class _Attribution:
    verb: Token | None
    agent: Agent
    mechanism: str


def read_quotes(ctx: ExtractionContext) -> list[Quote]:
    """Every quote in the article, in text order, with its speaker."""
    return [located.quote for located in locate_quotes(ctx)]


def locate_quotes(ctx: ExtractionContext) -> list[LocatedQuote]:
    """Like `read_quotes`, keeping where each quote sits in the Doc (for readers that look inside quotes).
    Read once while the article's entities stay as they were: the quote and the figure readers both ask."""
    entities = (len(ctx.entities.mentions), len(ctx.entities.entities), len(ctx.posts))
    if ctx.located_quotes is not None and ctx.located_quotes[0] == entities:
        return ctx.located_quotes[1]
    doc = ctx.doc
    located: list[LocatedQuote] = []
    previous: tuple[int, _Attribution] | None = None  # end of the last attributed quote and its attribution
    seen: set[str] = set()
    for start, end in ctx.quoted:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.is_alpha for t in span):
            continue
        attribution = _attribute(ctx, span)
        if attribution is None and previous is not None and _continues(ctx, previous[0], span):
            attribution = _Attribution(None, previous[1].agent, "quote:continuation")
        if attribution is None and _stands_alone(span):
            attribution = _name_after(ctx, span) or _introduced_before(ctx, span)
        if attribution is None or not attribution.agent.known:
            continue
        if not _is_statement(span, attribution):
            if attribution.agent.entity is not None:
                previous = (end, attribution)  # "X calls it “a trap”." / “…”: X's words may go on
            continue
        if end >= len(ctx.text.rstrip()) and sum(t.is_alpha for t in span) < MIN_CUT_QUOTE_WORDS:
            continue  # a quote the excerpt cuts off after a few words says too little to stand
        text = ctx.text[start:end].strip().rstrip(",").strip()
        if text.lower() in seen:  # the same words quoted again (headline, lead, body) are one quote
            continue
        seen.add(text.lower())
        agent = attribution.agent
        quote = Quote(
            key=ctx.fact_key("quote", start),
            text=text,
            speaker=agent.entity.key if agent.entity else None,
            attribution=agent.description,
            evidence=ctx.evidence(span[0], attribution.mechanism,
                                  CONFIDENCE[attribution.mechanism] - agent.penalty),
        )
        located.append(LocatedQuote(start, end, quote))
        previous = (end, attribution)
    ctx.located_quotes = (entities, located)
    return located


def _attribute(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    inside = range(quote.start, quote.end)
    roots = [t for t in quote if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        # "A break threatens “billions in losses,” the press service emphasized": when the nearest speech verb
        # has no named speaker, the verb that reports its whole clause gives who speaks
        found = (_from_verb(ctx, ancestor, quote, "quote:governing-verb") for ancestor in root.ancestors
                 if ancestor.i not in inside and _is_speech_verb(ancestor))
        nearest = next(found, None)
        if nearest is not None:
            return nearest if nearest.agent.known else next((f for f in found if f.agent.known), nearest)
    sentence = quote.doc[quote[0].sent.start: quote[-1].sent.end]
    for token in sentence:
        if token.i not in inside and _is_speech_verb(token) and any(a.i in inside for a in token.ancestors):
            return _from_verb(ctx, token, quote, "quote:parataxis-verb")
    nearby = _nearby_verb(ctx, quote)
    if nearby is not None:
        return nearby
    source = according_to(ctx, sentence, SPEAKER_KINDS, outside=inside)
    if source.known:
        return _Attribution(None, source, "quote:according-to")
    return _in_words_of(ctx, sentence, inside) or _colon_speaker(ctx, quote)


def _in_words_of(ctx: ExtractionContext, sentence: Span, inside: range) -> _Attribution | None:
    """"In his words, “…”", "in the words of X": whose words the sentence says they are."""
    for token in sentence:
        if token.i in inside or token.lemma_.lower() != "word" or token.dep_ != "pobj" or token.head.lower_ != "in":
            continue
        owners = [c for c in token.children if c.dep_ == "poss"]
        owners += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                   if o.dep_ == "pobj"]
        for owner in owners:
            entity, description = resolve_phrase(ctx, owner, SPEAKER_KINDS)
            if entity is not None or description is not None:
                return _Attribution(None, Agent(entity, description, "in-words-of", 0.0 if entity else 0.1),
                                    "quote:in-words-of")
    return None


def _colon_speaker(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    """'Volodin: “…”', 'Speaker of the State Duma Vyacheslav Volodin: «…»': a name, with no verb, then a colon
    and the quote (the style of live blogs and translated wires)."""
    doc = quote.doc
    colon = quote.start - 2  # the colon, then the opening mark
    if colon < 1 or doc[colon].text != ":" or doc[colon + 1].text not in OPENERS + STRAIGHT:
        return None
    sent_start = doc[colon].sent.start
    line_start = max([sent_start, *(t.i + 1 for t in doc[sent_start: colon] if "\n" in t.text_with_ws)])
    prefix = doc[line_start: colon]
    if not prefix or len(prefix) > 12 or any(t.pos_ in ("VERB", "AUX") for t in prefix):
        return None
    last = doc[colon - 1]
    for kind in SPEAKER_KINDS:
        entity = ctx.entities.at(last.idx, last.idx + len(last), kind)
        if entity is not None:
            return _Attribution(None, Agent(entity, None, "colon", 0.0), "quote:colon-speaker")
    return None


def _nearby_verb(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    doc = quote.doc
    sent_end = quote[-1].sent.end
    after = doc[min(quote.end + 1, sent_end): min(quote.end + 1 + ATTRIBUTION_WINDOW, sent_end)]
    for token in after:
        if token.text in OPENERS or token.text == STRAIGHT or "\n" in token.text:
            break
        if _is_speech_verb(token):
            return _from_verb(ctx, token, quote, "quote:verb-after")
    sent_start = quote[0].sent.start
    before = doc[max(quote.start - 1 - ATTRIBUTION_WINDOW, sent_start): max(quote.start - 1, sent_start)]
    for token in reversed(before):
        if token.text in CLOSERS or token.text == STRAIGHT or "\n" in token.text:
            break
        if _is_speech_verb(token):
            return _from_verb(ctx, token, quote, "quote:verb-before")
    return None


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS
                                            for c in token.children):
        return True  # "offered a stark reply: “…”", "issued a statement: “…”"
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    if token.lemma_.lower() in DOING_TOO_VERBS and any(c.dep_ == "dobj" for c in token.children):
        return False  # "concluded a contract", "posted a video": a thing done, not words said
    # A bare participle ("when asked", "so-called", "euphemistically called") speaks for no one; a passive
    # one with its auxiliary does ("…,” the minister was quoted as saying": its subject speaks).
    return not (token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent")
                                                for c in token.children))


def _from_verb(ctx: ExtractionContext, verb: Token, quote: Span, mechanism: str) -> _Attribution:
    agent = agent_of(ctx, verb, SPEAKER_KINDS, exclude=range(quote.start, quote.end))
    if not agent.known:
        agent = according_to(ctx, verb.sent, SPEAKER_KINDS)
    return _Attribution(verb, agent if agent.known else NO_AGENT, mechanism)


def _continues(ctx: ExtractionContext, previous_end: int, quote: Span) -> bool:
    """Whether a quote continues the attributed quote that ended at `previous_end`: in the same paragraph,
    close after it, and standing as sentences of its own (not a phrase inside another sentence)."""
    gap = ctx.text[previous_end: quote.start_char]
    if gap.count("\n\n") == 1 and len(gap) <= CONTINUATION_GAP:
        # a paragraph that is the quote alone, right after the paragraph of the attributed quote (wire style)
        paragraph_end = ctx.text.find("\n\n", quote.end_char)
        rest = ctx.text[quote.end_char: paragraph_end if paragraph_end >= 0 else len(ctx.text)]
        opening = gap[gap.index("\n\n") + 2:]
        # the paragraph may go on in lines that each reopen the quote (one quote over several paragraphs)
        same_line, *later_lines = rest.split("\n")
        reopened = all(line.lstrip().startswith(tuple(OPENERS + STRAIGHT)) for line in later_lines if line.strip())
        return not opening.strip(" " + OPENERS + STRAIGHT) and not same_line.strip(" ." + CLOSERS + STRAIGHT) \
            and reopened
    # The quote opens its sentence, maybe after a conjunction: 'But “we don't want to lose …”'; no sentence
    # of narration stands between ('… the committee said. X accuses the government … “This is …”').
    return "\n\n" not in gap and len(gap) <= CONTINUATION_GAP and _stands_alone(quote) \
        and not _NARRATION_AFTER_SENTENCE.search(gap)


def _stands_alone(quote: Span) -> bool:
    """Whether the quote opens its sentence (maybe after a conjunction): sentences of its own, not a phrase."""
    first = quote[0]
    mark = quote.doc[first.i - 1] if first.i > 0 else None
    opener = mark.i if mark is not None and mark.text in OPENERS + STRAIGHT else first.i
    return all(t.pos_ in ("CCONJ", "ADV", "PUNCT") for t in quote.doc[first.sent.start: opener])


def _name_after(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    """'“…,” Kirill Petrov' with nothing after the name (a caption, or an excerpt cut after it), or only a
    speech verb the parser did not read as one ('“…,” Memorial notes.'): the one named right after the
    closing mark said it."""
    doc = quote.doc
    sent_end = quote[-1].sent.end
    rest = [t for t in doc[quote.end: sent_end] if not (t.is_punct or t.is_space)]
    kinds: tuple[EntityKind, ...] = (EntityKind.PERSON,)
    if len(rest) >= 2 and _speech_verb_form(rest[-1].lower_):
        rest, kinds = rest[:-1], (EntityKind.PERSON, EntityKind.ORGANIZATION)
    if not rest or len(rest) > 4:
        return None
    for kind in kinds:
        named = ctx.entities.at(rest[0].idx, rest[-1].idx + len(rest[-1]), kind)
        if named is not None and all(ctx.entities.at(t.idx, t.idx + len(t), kind) is named for t in rest):
            return _Attribution(None, Agent(named, None, "name-after", 0.0), "quote:name-after")
    return None


def _speech_verb_form(word: str) -> bool:
    """"notes", "said", "added": a finite form of a speech verb, by its spelling."""
    if word in ("said", "told", "wrote"):
        return True
    stems = [word[:-1]] if word.endswith("s") else [word[:-2], word[:-1]] if word.endswith("ed") else []
    return any(stem in SPEECH_VERBS for stem in stems)


def _introduced_before(ctx: ExtractionContext, quote: Span) -> _Attribution | None:
    """A quote standing alone right after a sentence that reports what someone said ("One of them said that
    officers came at dawn." / “We were insulted…”): the speaker of that sentence goes on in their own words."""
    doc = quote.doc
    start = quote[0].sent.start
    while start > 0 and (doc[start - 1].is_space or doc[start - 1].text in OPENERS + CLOSERS + STRAIGHT):
        start -= 1
    if start == 0:
        return None
    verb = _reported_speech(doc[start - 1].sent)
    if verb is None and _tells_of_no_one(ctx, before := doc[start - 1].sent) and before.start > 0:
        # "…, lawyer X told DW. This included workers from several regions." / “…”: a sentence that
        # names no one else goes on with what X told
        earlier = doc[before.start - 1].sent
        same_paragraph = "\n\n" not in ctx.text[earlier.end_char: before.start_char]
        verb = _reported_speech(earlier) if same_paragraph else None
    if verb is None:
        # "According to the group, the student was conscripted … But once there, he was sent to the front."
        # / “…”: the source of the paragraph before goes on in its own words
        sent = doc[start - 1].sent
        for _ in range(PARAGRAPH_SOURCE_SENTENCES):
            source = according_to(ctx, sent, SPEAKER_KINDS)
            if source.entity is not None:
                return _Attribution(None, source, "quote:introduced-before")
            if sent.start == 0 or "\n" in ctx.text[doc[sent.start - 1].idx: sent.start_char]:
                break
            sent = doc[sent.start - 1].sent
        return None
    agent = agent_of(ctx, verb, SPEAKER_KINDS)
    if not agent.known or agent.entity is not None and agent.entity.kind is not EntityKind.PERSON:
        return None
    return _Attribution(None, agent, "quote:introduced-before")


def _reported_speech(sent: Span) -> Token | None:
    """The verb of saying a sentence reports what was said with (its root or a verb joined to it)."""
    verbs = [sent.root, *(c for c in sent.root.children if c.dep_ == "conj")]
    # what was said may hang lower than the verb: "She said as she demonstrated … that she had sold …", or
    # come first: "Reports started pouring in about …, lawyer X told DW."
    def reports_a_clause(v: Token) -> bool:
        return any(t.dep_ == "ccomp" or t.dep_ in ("advcl", "parataxis") and t.head.i == v.i and t.i < v.i
                   for t in v.subtree)

    return next((v for v in verbs if _is_speech_verb(v) and reports_a_clause(v)), None)


def _tells_of_no_one(ctx: ExtractionContext, sent: Span) -> bool:
    """A sentence of narration that names no person or organization, has no verb of saying and quotes
    nothing."""
    if any(t.text in OPENERS + CLOSERS + STRAIGHT or _is_speech_verb(t) for t in sent):
        return False
    return not any(ctx.entities.within(sent.start_char, sent.end_char, kind)
                   for kind in (EntityKind.PERSON, EntityKind.ORGANIZATION))


def _is_statement(quote: Span, attribution: _Attribution) -> bool:
    """A statement, not a term in scare quotes: a whole sentence of two words or more, or a phrase of three
    words or more with a verb of its own (or of six words or more) that a speech verb reports ('suggested the
    army should “take them by force”'); not a term ("undesirable", "migration raids", "crimes against the state")."""
    words = [t for t in quote if t.is_alpha]
    if _title_cased(words):
        return False  # a name in quote marks: the scheme “I Want to Live”, the film “Our Home”
    if _names_a_text(quote):
        return False  # the law “On amendments and additions to some legislative acts …”: its title
    has_verb = any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" or t.tag_ == "VBN" and t.dep_ in ("ROOT", "ccomp")
                   for t in quote)
    sent = quote[0].sent
    # A noun phrase the sentence around it takes as an argument is the sentence's, wherever it ends: 'declared
    # as allegedly “citizens of Russia who renounced Ukrainian citizenship”' quotes a term, not a statement.
    if _embedded_noun_phrase(quote) or _argument_of_a_plain_verb(quote, attribution):
        return False
    whole = quote[0].i <= sent.start + 1 or quote[-1].i >= sent.end - 2 or len(words) >= 12
    if whole:
        return len(words) >= MIN_SENTENCE_WORDS and has_verb or len(words) >= MIN_QUOTE_WORDS
    # A long phrase a speech verb takes is a statement even without a verb of its own ('called the rules
    # “important for the protection of national security”'); a term in scare quotes is short.
    return attribution.verb is not None and (len(words) >= MIN_FRAGMENT_WORDS and (has_verb or _says_what_it_is(
        quote, attribution.verb)) or len(words) >= MIN_VERBLESS_FRAGMENT_WORDS)


def _names_a_text(quote: Span) -> bool:
    """A quote that is the title of the document named right before it: 'the law “On amendments …”' (a Russian
    act's title starts "On"), 'the report “Hunted”'."""
    doc = quote.doc
    before = _index_before_marks(quote)
    if before < 0 or doc[before].lemma_.lower() not in TEXT_NOUNS:
        return False
    # (not 'calling the new regulations “important for …”': what the regulations are called)
    inside = range(quote.start, quote.end)
    return quote[0].text in ("On", "About") or any(t.head.i == before for t in quote if t.head.i not in inside)


def _embedded_noun_phrase(quote: Span) -> bool:
    """Whether the quote is one noun phrase that a preposition outside it takes as its object ("declared as
    “…”", "for their “…”"): a term the sentence uses. (A quoted object of a verb may be what someone says: 'a
    break threatens “billions in losses”, the press service said'.)"""
    root = _phrase_root(quote)
    # (not "to": the parser takes a quoted infinitive, "there to “complete tasks …”", for a phrase with "to")
    return root is not None and root.pos_ in ("NOUN", "PROPN") and root.dep_ == "pobj" and root.head.lower_ != "to"


def _argument_of_a_plain_verb(quote: Span, attribution: _Attribution) -> bool:
    """Whether the quote, begun inside its sentence, is one phrase that a verb other than one of saying takes,
    with no speech verb reporting it: 'according to the agency, the case concerned “committing war crimes …”'
    quotes the charge the sentence speaks of, not a statement of the agency."""
    if attribution.verb is not None:
        return False
    before = _index_before_marks(quote)
    if before < quote[0].sent.start or quote.doc[before].text in (":", ",", "."):
        return False  # a quote that opens its sentence or clause says something itself
    root = _phrase_root(quote)
    # (a noun phrase or a gerund, "committing …": not a clause of purpose, 'targets migrants “to delay …”', which
    # gives the source's reading of why)
    return root is not None and root.head.pos_ == "VERB" and root.tag_ in ("VBG", "NN", "NNS", "NNP", "NNPS") \
        and not _is_speech_verb(root.head)


def _index_before_marks(quote: Span) -> int:
    """The index of the token before the quote's opening marks (-1 when the text starts with them)."""
    before = quote.start - 1
    while before >= 0 and quote.doc[before].is_quote:
        before -= 1
    return before


def _phrase_root(quote: Span) -> Token | None:
    """The quote's head word when the quote is one phrase that a word outside it governs, else None."""
    inside = range(quote.start, quote.end)
    roots = [t for t in quote if (t.head.i not in inside or t.head.i == t.i) and not (t.is_punct or t.is_quote)]
    return roots[0] if len(roots) == 1 and roots[0].head.i not in inside else None


def _says_what_it_is(quote: Span, speech_verb: Token) -> bool:
    """A quote that is the whole complement of a copula the speech verb reports: 'said his brother was “not a
    terrorist”' says what someone is, in the speaker's words; 'said it was a “special military operation”' keeps
    a term."""
    inside = range(quote.start, quote.end)
    for tok in quote:
        if tok.dep_ in ("attr", "acomp") and tok.head.lemma_ == "be" and tok.head.i not in inside \
                and tok.head.dep_ == "ccomp" and tok.head.head.i == speech_verb.i:
            return all(t.i in inside for t in tok.subtree)
    return False


def _title_cased(words: list[Token]) -> bool:
    """Whether a short phrase is written as a name: every word capitalised but the small ones, and two or more
    capitalised words ("I Want to Live"), as no one's speech is written."""
    if not 2 <= len(words) <= TITLE_CASE_MAX_WORDS:
        return False
    content = [t for t in words if t.lower_ not in TITLE_SMALL_WORDS]
    return len(content) >= 2 and all(t.text[:1].isupper() for t in content)


__all__ = ["read_quotes", "locate_quotes", "quoted_spans", "LocatedQuote", "SPEECH_VERBS"]
