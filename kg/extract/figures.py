"""Quantitative claims: how many of what, by whose count, when and where — and which claims disagree.

Numbers: digits ("20,000", "3.5 million"), number words ("ten", "two hundred"), ranges ("200 to 300",
"between 75,000 and 200,000") and vague plurals. Vague plurals are valued by their honest lower bound with
qualifier AT_LEAST: "dozens of" ≥ 24, "hundreds of" ≥ 200, "thousands of" ≥ 2,000, "tens of thousands of"
≥ 20,000. Not claims, so skipped: dates and years, times, ordinals, ages and durations ("15 years"),
footnote markers ("[2]"), percentages, a lone "one", amounts in parentheses after another amount (currency
conversions), and numbers below ten that count nothing the measure lexicon knows ("two sons").
Money is kept as Measure.MONEY.

Attribution (mechanism → confidence): the subject of a reporting verb governing the number, through
ccomp/conj chains (figure:reporting-verb-subject, 0.8); "according to X" in the sentence
(figure:according-to, 0.85); "X's estimates", "data from X" (figure:estimate-by, 0.7); the speaker of the
quote the number sits in (figure:quote-speaker, 0.75); else no claimant (figure:unattributed, 0.6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.context import ExtractionContext
from kg.extract.dates import dates_in
from kg.extract.quotes import LocatedQuote, locate_quotes, resolve_speaker, speaker_of
from kg.model import PLACE_KINDS, Entity, EntityKind, Figure, Measure, PartialDate, Qualifier

UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6,
          "bn": 1e9, "m": 1e6, "k": 1e3}
# Vague plurals and their lower bounds; "tens"/"hundreds" multiply a following "of thousands"/"of millions".
VAGUE = {"dozens": 24, "scores": 40, "tens": 20, "hundreds": 200, "thousands": 2e3, "millions": 2e6}
VAGUE_SCALES = {"thousands": 1e3, "millions": 1e6}
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")

# Modifiers before a number, longest first within each entry's length.
QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("no fewer than", Qualifier.AT_LEAST), ("no less than", Qualifier.AT_LEAST),
    ("a minimum of", Qualifier.AT_LEAST), ("at least", Qualifier.AT_LEAST),
    ("more than", Qualifier.MORE_THAN), ("in excess of", Qualifier.MORE_THAN),
    ("upwards of", Qualifier.MORE_THAN), ("over", Qualifier.MORE_THAN), ("above", Qualifier.MORE_THAN),
    ("as many as", Qualifier.UP_TO), ("as much as", Qualifier.UP_TO), ("a maximum of", Qualifier.UP_TO),
    ("up to", Qualifier.UP_TO),
    ("fewer than", Qualifier.LESS_THAN), ("less than", Qualifier.LESS_THAN), ("under", Qualifier.LESS_THAN),
    ("below", Qualifier.LESS_THAN),
    ("an estimated", Qualifier.APPROXIMATELY), ("close to", Qualifier.APPROXIMATELY),
    ("approximately", Qualifier.APPROXIMATELY), ("around", Qualifier.APPROXIMATELY),
    ("about", Qualifier.APPROXIMATELY), ("roughly", Qualifier.APPROXIMATELY), ("some", Qualifier.APPROXIMATELY),
    ("almost", Qualifier.APPROXIMATELY), ("nearly", Qualifier.APPROXIMATELY), ("estimated", Qualifier.APPROXIMATELY),
    ("circa", Qualifier.APPROXIMATELY), ("approx.", Qualifier.APPROXIMATELY),
)
RANGE_JOINERS = {"to", "-", "–", "—", "or"}

CURRENCY_SYMBOLS = {"$", "€", "£", "₽", "¥"}
CURRENCIES = {"ruble", "rouble", "dollar", "euro", "pound", "hryvnia", "rupee", "som", "somoni", "tenge", "yuan",
              "manat", "rubles", "roubles", "dollars", "euros", "rupees", "usd", "rub"}
TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time", "percent",
              "%", "per", "cent", "kilometer", "kilometre", "km", "mile", "meter", "metre", "kg", "ton", "tonne"}
NOT_CLAIM_ENTS = {"DATE", "TIME", "ORDINAL", "PERCENT"}

# Governing verbs (lemma) → measure; phrasal ones need their particle or object.
VERB_MEASURES: dict[str, Measure] = {
    "send": Measure.DEPLOYED, "deploy": Measure.DEPLOYED, "dispatch": Measure.DEPLOYED,
    "fight": Measure.DEPLOYED, "transfer": Measure.DEPLOYED, "station": Measure.DEPLOYED,
    "serve": Measure.DEPLOYED,
    "recruit": Measure.RECRUITED, "enlist": Measure.RECRUITED, "hire": Measure.RECRUITED,
    "lure": Measure.RECRUITED, "join": Measure.RECRUITED,
    "detain": Measure.DETAINED, "arrest": Measure.DETAINED, "apprehend": Measure.DETAINED,
    "jail": Measure.DETAINED, "imprison": Measure.DETAINED,
    "check": Measure.CHECKED, "inspect": Measure.CHECKED, "screen": Measure.CHECKED, "question": Measure.CHECKED,
    "interrogate": Measure.CHECKED,
    "summon": Measure.SUMMONED,
    "kill": Measure.KILLED, "die": Measure.KILLED, "perish": Measure.KILLED, "dead": Measure.KILLED,
    "wound": Measure.CASUALTIES, "injure": Measure.CASUALTIES,
    "mobilize": Measure.MOBILIZED, "mobilise": Measure.MOBILIZED, "conscript": Measure.MOBILIZED,
    "draft": Measure.MOBILIZED,
    "naturalize": Measure.NATURALIZED, "naturalise": Measure.NATURALIZED,
    "prosecute": Measure.CASES, "charge": Measure.CASES, "convict": Measure.CASES,
    "deport": Measure.DEPORTED, "expel": Measure.DEPORTED, "extradite": Measure.DEPORTED,
}
PHRASAL_MEASURES: dict[tuple[str, str], Measure] = {
    ("call", "up"): Measure.MOBILIZED, ("round", "up"): Measure.DETAINED, ("sign", "up"): Measure.RECRUITED,
    ("sign", "contract"): Measure.RECRUITED, ("lose", "life"): Measure.KILLED,
    # the tagger lemmatises "summonses" to "summons" and "a summons" to "summon"
    **{(verb, summons): Measure.SUMMONED for verb in ("hand", "serve", "issue", "receive", "give", "get")
       for summons in ("summons", "summon")},
}
CITIZENSHIP_NOUNS = {"citizenship", "passport", "nationality"}
ACQUIRE_VERBS = {"acquire", "receive", "obtain", "gain", "get", "grant", "give", "issue", "award"}
FRONT_WORDS = {"front", "frontline", "frontlines", "battlefield", "trench", "trenches", "battle", "combat"}
NOUN_MEASURES: dict[str, Measure] = {
    "case": Measure.CASES, "prosecution": Measure.CASES, "casualty": Measure.CASUALTIES,
    "loss": Measure.CASUALTIES, "death": Measure.KILLED, "fatality": Measure.KILLED, "dead": Measure.KILLED,
    "recruit": Measure.RECRUITED, "enlistee": Measure.RECRUITED, "conscript": Measure.MOBILIZED,
    "mobilize": Measure.MOBILIZED, "detainee": Measure.DETAINED, "arrest": Measure.DETAINED,
    "migrant": Measure.MIGRANTS, "deportation": Measure.DEPORTED, "deportee": Measure.DEPORTED,
    "expulsion": Measure.DEPORTED, "summons": Measure.SUMMONED, "summon": Measure.SUMMONED,
}
MIGRANT_MODIFIERS = {"migrant", "guest", "labor", "labour"}

REPORTING_VERBS = frozenset({
    "say", "tell", "state", "claim", "report", "estimate", "announce", "reveal", "note", "add", "write",
    "confirm", "suggest", "show", "indicate", "warn", "acknowledge", "admit", "insist", "explain", "testify",
    "declare", "allege", "assert", "cite", "publish", "find", "count", "calculate", "document", "record",
    "tally", "put", "disclose", "boast", "brag", "specify", "mention", "stress",
})
SOURCE_NOUNS = frozenset({"estimate", "data", "figure", "statistic", "statistics", "count", "tally", "assessment",
                          "report", "investigation", "calculation", "survey", "analysis", "research", "study"})
PEOPLE_NOUNS = frozenset({
    "man", "woman", "citizen", "migrant", "soldier", "detainee", "recruit", "fighter", "mercenary", "national",
    "worker", "troop", "person", "people", "individual", "serviceman", "servicemen", "personnel", "conscript",
    "volunteer", "prisoner", "inmate", "foreigner", "resident", "native", "immigrant", "refugee", "convict",
    "contractor", "reservist", "draftee", "newcomer", "guy", "boy", "youth", "civilian", "member", "deserter",
    "deportee", "detainee",
})
LOSS_NOUNS = frozenset({"casualty", "loss", "death", "fatality", "dead", "killed"})
# A government speaks for its country: "Kazakhstan said …", "India has documented …".
CLAIMANT_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY)
# Where a number without its own noun still counts something (nummod: a misparse across "and").
ELLIPSIS_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "appos", "conj", "attr", "nummod"})
QUOTE_MARKS = frozenset("‘’“”\"'«»")
# Words after a counted phrase's head noun: relative pronouns, prepositions, coordination.
COUNTED_HEAD_END = re.compile(
    r"\s+(?:who|whom|whose|which|that|of|from|in|into|to|with|without|for|at|on|by|since|against|about|among|"
    r"near|under|over|after|before|during|across|through|than|as|and|or|but|were|was|are|is|have|had|has)\b"
)
CONFLICT_TOLERANCE = 0.05  # values within 5% are the same figure rounded differently

CONFIDENCE = {
    "figure:reporting-verb-subject": 0.8,
    "figure:according-to": 0.85,
    "figure:estimate-by": 0.7,
    "figure:quote-speaker": 0.75,
    "figure:unattributed": 0.6,
}


@dataclass(frozen=True)
class _Number:
    """A number phrase in the Doc: tokens [start, end), the qualifier's first token and the value(s)."""

    start: int
    end: int
    qualifier_start: int
    value: float
    upper: float | None
    qualifier: Qualifier
    vague: bool


def read_figures(ctx: ExtractionContext) -> list[Figure]:
    """Every quantitative claim in the article, in text order."""
    quotes = [q for q in locate_quotes(ctx) if q.quote.speaker]
    figures: list[Figure] = []
    for sent in ctx.doc.sents:
        previous_counted: str | None = None
        for number in _numbers(sent):
            figure = _figure(ctx, number, previous_counted, quotes)
            if figure is not None:
                figures.append(figure)
                previous_counted = figure.counted
    return figures


def find_conflicts(figures: Sequence[Figure]) -> list[tuple[str, str]]:
    """Pairs (key_a, key_b), key_a < key_b, of figures about the same quantity that disagree.

    Same quantity: same measure (not OTHER or MONEY), counted nouns of one class (people nouns are one class),
    no two different places, and: the same claimant; or two claimants giving the same date ("4,100 deported in
    September, according to X, while Y put the number at 3,200"); or no claimant on either side and the same
    place. One claimant's figures in one sentence are a breakdown or a series ("93 dead: 19 from …, 34 from …"),
    not a dispute. They disagree when the ranges their qualifiers allow ("at least 20,000" is [20,000, ∞)) do
    not meet even when widened by 5%.
    """
    pairs: set[tuple[str, str]] = set()
    comparable = [f for f in figures if f.measure not in (Measure.OTHER, Measure.MONEY)]
    for i, a in enumerate(comparable):
        for b in comparable[i + 1:]:
            if a.key == b.key or a.measure != b.measure or counted_class(a.counted) != counted_class(b.counted):
                continue
            if a.place and b.place and a.place != b.place:
                continue
            if a.claimant == b.claimant:
                if a.claimant is None and (a.place is None or a.place != b.place):
                    continue
                if a.evidence is not None and b.evidence is not None and (
                        (a.evidence.sentence, a.evidence.start) == (b.evidence.sentence, b.evidence.start)):
                    continue
            elif a.claimant is None or b.claimant is None or a.date is None or a.date != b.date:
                continue
            if _disagree(a, b):
                pairs.add((min(a.key, b.key), max(a.key, b.key)))
    return sorted(pairs)


def counted_class(counted: str) -> str:
    """The class of a counted phrase's head noun: "people" for people nouns, "losses", else the head's lemma."""
    words = re.split(COUNTED_HEAD_END, counted.lower())[0]
    tokens = re.findall(r"[a-z]+", words)
    if not tokens:
        return ""
    head = _singular(tokens[-1])
    if head in PEOPLE_NOUNS or head in {"kyrgyz", "tajik", "uzbek", "kazakh"} or head.endswith(("ian", "ese", "i")):
        return "people"
    if head in LOSS_NOUNS:
        return "losses"
    return head


def _singular(word: str) -> str:
    irregular = {"men": "man", "women": "woman", "people": "people", "personnel": "personnel",
                 "casualties": "casualty", "fatalities": "fatality", "servicemen": "serviceman"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _interval(figure: Figure) -> tuple[float, float]:
    if figure.qualifier == Qualifier.RANGE and figure.upper is not None:
        return figure.value, figure.upper
    if figure.qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return figure.value, float("inf")
    if figure.qualifier in (Qualifier.UP_TO, Qualifier.LESS_THAN):
        return 0.0, figure.value
    return figure.value, figure.value


def _disagree(a: Figure, b: Figure) -> bool:
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    widen = 1 + CONFLICT_TOLERANCE
    return a_high * widen < b_low or b_high * widen < a_low


# --- numbers ---


def _numbers(sent: Span) -> Iterable[_Number]:
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        number = _vague_at(doc, i, sent.end) or _number_at(doc, i, sent.end)
        if number is None:
            i += 1
            continue
        i = number.end
        if not _is_claim(doc, number):
            continue
        yield number


def _number_at(doc, i: int, limit: int) -> _Number | None:
    first = _plain_number(doc, i, limit)
    if first is None:
        return None
    end, value = first
    upper = None
    qualifier_start, qualifier = _qualifier_before(doc, i)
    joiner = doc[end].lower_ if end < limit else ""
    between = qualifier_start == i and i > 0 and doc[i - 1].lower_ == "between"
    from_change = i > 0 and doc[i - 1].lower_ == "from"  # "rose from 5,000 to 10,000" is a change, not a range
    if (joiner in RANGE_JOINERS and not from_change) or (joiner == "and" and between):
        second = _plain_number(doc, end + 1, limit)
        if second is not None and second[1] > value:
            end, upper = second[0], second[1]
            if between:
                qualifier_start = i - 1
            qualifier = Qualifier.RANGE
    return _Number(i, end, qualifier_start, value, upper, qualifier, vague=False)


def _plain_number(doc, i: int, limit: int) -> tuple[int, float] | None:
    """(end, value) of the digits or number words starting at token i ("3.5 million", "two hundred")."""
    j = i
    if j < limit and doc[j].text in CURRENCY_SYMBOLS:
        j += 1
    if j >= limit:
        return None
    text = doc[j].lower_
    if DIGITS.match(text):
        value = float(text.replace(",", ""))
    elif text in UNITS:
        value = float(UNITS[text])
    elif text in ("a", "an") and j + 1 < limit and doc[j + 1].lower_ in ("hundred", "thousand", "million", "billion"):
        value = 1.0  # "a million"
    else:
        return None
    j += 1
    while j < limit:
        word = doc[j].lower_
        if word in SCALES and (word not in ("m", "k") or doc[j].idx == doc[j - 1].idx + len(doc[j - 1])):
            value *= SCALES[word]
        elif word in UNITS and value >= 20 and value % 10 == 0 and UNITS[word] < 10:  # "twenty five"
            value += UNITS[word]
        elif word == "-" and j + 1 < limit and doc[j + 1].lower_ in UNITS and doc[j - 1].lower_ in UNITS:
            j += 1
            value += UNITS[doc[j].lower_]
        else:
            break
        j += 1
    return j, value


def _vague_at(doc, i: int, limit: int) -> _Number | None:
    """"hundreds of", "tens of thousands of": the lower bound, AT_LEAST."""
    word = doc[i].lower_
    if word not in VAGUE or i + 1 >= limit or doc[i + 1].lower_ != "of":
        return None
    value, end = float(VAGUE[word]), i + 1
    if word in ("tens", "hundreds") and i + 3 < limit and doc[i + 2].lower_ in VAGUE_SCALES \
            and doc[i + 3].lower_ == "of":
        value *= VAGUE_SCALES[doc[i + 2].lower_]
        end = i + 3
    elif word == "tens":
        return None  # "tens of" alone is no quantity
    return _Number(i, end, i, value, None, Qualifier.AT_LEAST, vague=True)


def _qualifier_before(doc, i: int) -> tuple[int, Qualifier]:
    for phrase, qualifier in QUALIFIERS:
        words = phrase.split()
        start = i - len(words)
        if start >= 0 and [t.lower_ for t in doc[start:i]] == words:
            return start, qualifier
    return i, Qualifier.EXACT


def _is_claim(doc, number: _Number) -> bool:
    tokens = doc[number.start:number.end]
    if any(t.ent_type_ in NOT_CLAIM_ENTS for t in tokens):
        return False
    first = tokens[0]
    text = first.text
    if number.value <= 1 and not number.vague:
        return False
    if re.fullmatch(r"(18|19|20)\d\d", text) and number.end - number.start == 1 and not (
            first.dep_ == "nummod" and first.head.tag_ == "NNS"):
        return False  # a year
    before = doc[number.start - 1] if number.start > 0 else None
    after = doc[number.end] if number.end < len(doc) else None
    if before is not None and after is not None and before.text == "[" and after.text == "]":
        return False  # a footnote marker
    if before is not None and before.lower_ in ("aged", "age", "ages"):
        return False
    if after is not None and (after.lower_.startswith(("-year", "year-old")) or after.text in ("%", "-")):
        return False
    return True


# --- one figure ---


def _figure(ctx: ExtractionContext, number: _Number, previous_counted: str | None,
            quotes: Sequence[LocatedQuote]) -> Figure | None:
    doc = ctx.doc
    span = doc[number.start:number.end]
    root = _root(span)
    noun, partitive = _counted_noun(root, number.end)
    money = _is_money(doc, number, noun)
    if money and _in_parentheses(doc, number.start):
        return None
    ellipsis = False
    counted_span = None
    if noun is not None:
        if noun.lemma_.lower() in TIME_UNITS:
            return None
        counted_span = _counted_span(noun, number, partitive)
        counted = _phrase_text(counted_span)
    else:
        # An elided noun ("… and as many as 2,000 enlisted", "with 200 to 300 killed") is what the sentence
        # counts; a bare number elsewhere ("raised the age to 30") counts nothing.
        # "put the number of dead at 3,000": a number after "at" counts the sentence's "number of" phrase.
        at_number = root.dep_ == "pobj" and root.head.lower_ == "at" and _number_of_phrase(span.sent)
        if not (root.dep_ in ELLIPSIS_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "with") or at_number):
            return None
        counted = _number_of_phrase(span.sent) or previous_counted
        ellipsis = True
        if not counted:
            return None
    anchor = noun if noun is not None and not partitive else root
    verb = _governing_verb(anchor)
    measure = Measure.MONEY if money else _measure(anchor, noun, verb)
    if measure is Measure.OTHER and ellipsis:  # "the number of dead at 3,000": the measure of the phrase
        measure = NOUN_MEASURES.get(_singular(counted.split()[-1].lower()), Measure.OTHER)
    if number.value < 10 and measure == Measure.OTHER and not number.vague:
        return None
    claimant, mechanism, penalty, reporting_verb = _claimant(ctx, root, quotes)
    confidence = CONFIDENCE[mechanism] - penalty - (0.15 if ellipsis else 0) - (0.1 if number.vague else 0)
    qualifier_char = doc[number.qualifier_start].idx
    end_char = doc[number.end - 1].idx + len(doc[number.end - 1])
    return Figure(
        key=ctx.fact_key("figure", number.value, span.start_char),
        value=number.value,
        value_text=ctx.text[qualifier_char:end_char],
        counted=counted,
        qualifier=number.qualifier,
        upper=number.upper,
        measure=measure,
        claimant=claimant.key if claimant else None,
        date=_date(ctx, span, reporting_verb, verb),
        place=_place(ctx, span, root, noun, counted_span, verb, claimant),
        evidence=ctx.evidence(span, mechanism, confidence),
    )


def _root(span: Span) -> Token:
    inside = range(span.start, span.end)
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    return roots[-1] if roots else span[-1]


def _counted_noun(root: Token, end: int) -> tuple[Token | None, bool]:
    """The noun a number counts, and whether it came through a partitive "of" ("20,000 of these detainees")."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            # "of these detainees", and "of those detained": a pronoun with a clause on it
            objects = [c for c in child.children if c.dep_ == "pobj" and (
                c.pos_ in ("NOUN", "PROPN")
                or (c.pos_ == "PRON" and any(g.dep_ in ("acl", "relcl") for g in c.children))
            )]
            if objects:
                return objects[0], True
    between = root.doc[end: root.head.i]  # from the end of the number phrase to its noun
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i > root.i and not any(t.pos_ == "CCONJ" or t.text == "," for t in between):
        head = root.head
        if head.lower_ in VAGUE_SCALES or head.lower_ in SCALES:
            return _counted_noun(head, head.i + 1)
        return head, False
    return None, False


def _counted_span(noun: Token, number: _Number, partitive: bool) -> Span:
    """The noun phrase counted: modifiers after the number, the noun, and its restrictive complements."""
    doc = noun.doc
    start = noun.left_edge.i if partitive else max(noun.left_edge.i, number.end)
    while start < noun.i and (doc[start].pos_ in ("DET", "PRON", "PART", "PUNCT") or doc[start].dep_ == "poss"
                              or doc[start].dep_ == "case"):
        start += 1
    end = start
    limit = min(noun.right_edge.i + 1, noun.i + 12)
    while end < limit:
        token = doc[end]
        if end > noun.i and (token.text in {"(", ",", ";", ":", "—", "–", "["} or token.is_space
                             or (token.text == "-" and token.whitespace_)
                             or (token.pos_ == "CCONJ" and end + 1 < limit and doc[end + 1].pos_ in ("VERB", "AUX"))):
            break
        end += 1
    while end - 1 > noun.i and (doc[end - 1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT", "SCONJ", "PART")
                                or doc[end - 1].dep_ == "mark"):
        end -= 1
    return doc[start:end]


def _phrase_text(span: Span) -> str:
    text = "".join(t.whitespace_ if t.text in QUOTE_MARKS else t.text_with_ws for t in span)
    return " ".join(text.split())


def _number_of_phrase(sent: Span) -> str | None:
    """The X of "the number of X" in the sentence: what an elided figure counts."""
    for token in sent:
        if token.lemma_.lower() in ("number", "total", "count") and token.i + 1 < sent.end:
            of = token.doc[token.i + 1]
            objects = [c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")] \
                if of.lower_ == "of" else []
            if objects:
                obj = objects[0]
                words = [t for t in obj.subtree if t.i >= obj.left_edge.i and t.pos_ not in ("DET",)]
                text = " ".join(t.text for t in words if t.i <= obj.i)
                return text or None
    return None


def _is_money(doc, number: _Number, noun: Token | None) -> bool:
    if doc[number.start].text in CURRENCY_SYMBOLS:
        return True
    if any(t.ent_type_ == "MONEY" for t in doc[number.start:number.end]):
        return True
    return noun is not None and noun.lemma_.lower() in CURRENCIES


def _in_parentheses(doc, i: int) -> bool:
    for token in reversed(doc[doc[i].sent.start:i]):
        if token.text == ")":
            return False
        if token.text == "(":
            return True
    return False


# --- measure ---


def _governing_verb(anchor: Token) -> Token | None:
    token = anchor
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head  # "174,000 Tajiks, 23,000 Kyrgyz … acquired": the first conjunct's verb
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") or (ancestor.pos_ == "ADJ" and ancestor.lemma_.lower() == "dead"):
            return ancestor
    return None


def _measure(anchor: Token, noun: Token | None, verb: Token | None) -> Measure:
    for child in anchor.children:  # "200 killed", "migrants detained in raids"
        if child.dep_ == "acl" and (found := _verb_measure(child)):
            return found
    if verb is not None:
        if found := _verb_measure(verb):
            return found
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl", "oprd", "acomp") and (found := _verb_measure(child)):
                return found
    for token in ([noun] if noun is not None else []) + list(_between(anchor, verb)):
        if found := _noun_measure(token):
            return found
    if noun is not None:
        for child in noun.children:
            if child.dep_ in ("relcl", "acl") and (found := _verb_measure(child)):
                return found
            if child.dep_ == "amod" and (found := VERB_MEASURES.get(child.lemma_.lower())) in (
                    Measure.NATURALIZED, Measure.MOBILIZED):
                return found
    return Measure.OTHER


def _between(anchor: Token, verb: Token | None) -> Iterable[Token]:
    """Nouns on the path from the counted noun up to its verb ("the deaths of 300 soldiers")."""
    for ancestor in anchor.ancestors:
        if verb is not None and ancestor.i == verb.i:
            return
        if ancestor.pos_ in ("NOUN", "PROPN"):
            yield ancestor


def _verb_measure(verb: Token) -> Measure | None:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        other = child.lemma_.lower()
        if child.dep_ == "prt" and (lemma, other) in PHRASAL_MEASURES:
            return PHRASAL_MEASURES[(lemma, other)]
        if child.dep_ in ("dobj", "pobj", "attr", "oprd"):
            if (lemma, other) in PHRASAL_MEASURES:
                return PHRASAL_MEASURES[(lemma, other)]
            if lemma in ACQUIRE_VERBS and other in CITIZENSHIP_NOUNS:
                return Measure.NATURALIZED
        if child.dep_ in ("oprd", "acomp") and other == "dead":
            return Measure.KILLED
        if child.dep_ == "prep" and any(t.lower_ in FRONT_WORDS for t in child.subtree):
            return Measure.DEPLOYED
    if lemma in ("sign", "call", "round", "lose"):  # only as the phrases above
        return None
    return VERB_MEASURES.get(lemma)


def _noun_measure(noun: Token) -> Measure | None:
    lemma = noun.lemma_.lower()
    if lemma == "worker" and any(c.lemma_.lower() in MIGRANT_MODIFIERS for c in noun.children):
        return Measure.MIGRANTS
    return NOUN_MEASURES.get(lemma)


# --- claimant, date, place ---


def _claimant(ctx: ExtractionContext, root: Token,
              quotes: Sequence[LocatedQuote]) -> tuple[Entity | None, str, float, Token | None]:
    """(claimant, mechanism, confidence penalty, the reporting verb if one attributed the figure)."""
    for verb in _reporting_verbs(root):
        speaker, penalty = _reporter(ctx, verb, root.idx)
        if speaker is not None:
            return speaker, "figure:reporting-verb-subject", penalty, verb
    sent = root.sent
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and token.doc[token.i + 1].lower_ == "to":
            source = _source_entity(ctx, token.doc[token.i + 1])
            if source is not None:
                return source, "figure:according-to", 0.0, None
    for token in sent:
        if token.lemma_.lower() in SOURCE_NOUNS and token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("by", "from", "of")):
                    source = _source_entity(ctx, child)
                    if source is not None:
                        return source, "figure:estimate-by", 0.0, None
    for located in quotes:
        if located.start <= root.idx < located.end:
            return ctx.entities.get(located.quote.speaker), "figure:quote-speaker", 0.0, None
    return None, "figure:unattributed", 0.0, None


def _reporting_verbs(root: Token) -> list[Token]:
    """Reporting verbs over the number, nearest first, then a trailing attribution the parse hung on one of
    them as a conjunct ("… were summoned, Asia-Plus reported")."""
    ancestors = [a for a in root.ancestors if a.pos_ in ("VERB", "AUX")]
    governing = [a for a in ancestors if a.lemma_.lower() in REPORTING_VERBS]
    trailing = [
        child for a in ancestors for child in a.children
        if child.dep_ == "conj" and child.i > root.i and child.pos_ == "VERB"
        and child.lemma_.lower() in REPORTING_VERBS and child.doc[child.left_edge.i - 1].text == ","
    ]
    return governing + trailing


def _reporter(ctx: ExtractionContext, verb: Token, before: int) -> tuple[Entity | None, float]:
    """Who reports through `verb`: its speaker, never whom it was told to ("officials told Reuters"); a subject
    that names no entity itself may name one as its owner ("Kenya's foreign ministry said")."""
    speaker, penalty = speaker_of(ctx, verb, before, CLAIMANT_KINDS)
    told = [t for child in verb.children if child.dep_ in ("dobj", "dative") for t in child.subtree]
    if speaker is not None and not any(ctx.entities.at(t.idx, t.idx + len(t)) is speaker for t in told):
        return speaker, penalty
    for subject in (child for child in verb.children if child.dep_ == "nsubj"):
        owner = _source_entity(ctx, subject)
        if owner is not None:
            return owner, 0.1
    return None, 0.0


def _source_entity(ctx: ExtractionContext, token: Token) -> Entity | None:
    """The person or organization named in a source phrase ("to Alex Smith", "by the Interior Ministry")."""
    for candidate in token.subtree:
        if candidate.pos_ in ("PROPN", "PRON"):
            entity = resolve_speaker(ctx, candidate, candidate.idx + 1, CLAIMANT_KINDS)
            if entity is not None and entity.kind is EntityKind.COUNTRY and candidate.dep_ == "compound" \
                    and candidate.head.pos_ == "PROPN":
                continue  # a country in a longer name ("the Nepal Recruiters Forum") is not the source
            if entity is not None:
                return entity
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    found = ctx.entities.within(start, end, EntityKind.ORGANIZATION) or ctx.entities.within(start, end,
                                                                                          EntityKind.PERSON)
    return found[0] if found else None


def _date(ctx: ExtractionContext, span: Span, reporting_verb: Token | None, verb: Token | None) -> PartialDate | None:
    found = dates_in(span.sent, ctx.article.published)
    if not found:
        return None
    for wanted in (reporting_verb, verb):
        if wanted is None:
            continue
        for ent, value in found:
            attached_to = _first_verb(ent.root)
            if attached_to is not None and attached_to.i == wanted.i:
                return value
    nearest = min(found, key=lambda pair: abs(pair[0].start - span.start))
    return nearest[1]


def _first_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _place(ctx: ExtractionContext, span: Span, root: Token, noun: Token | None, counted: Span | None,
           verb: Token | None, claimant: Entity | None) -> str | None:
    """The country, region or city the figure is about: named in the counted phrase or on the number
    ("19 from Kyrgyzstan"), else a dependent of the verb ("in Ukraine", "Kazakhstan opened …", "Nepal, where
    …"), else the country of a demonym on the counted noun ("Nepali recruits")."""
    doc = ctx.doc
    sent = span.sent
    clauses = _clause_chain(verb) if verb is not None else []
    coordinated = _coordinated(noun) if noun is not None else set()
    on_counted: list[Entity] = []
    on_verb: list[Entity] = []
    for mention in ctx.entities.mentions:
        if not (sent.start_char <= mention.start and mention.end <= sent.end_char):
            continue
        entity = ctx.entities.entities[mention.key]
        if entity.kind not in PLACE_KINDS:
            continue
        place = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if place is None or (place.start < span.end and span.start < place.end):
            continue
        token = place.root
        if token.i in coordinated:
            continue  # the counted noun or one listed with it ("174,000 Tajiks, 23,000 Kyrgyz"): demonyms below
        via_prep = token.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else None
        in_counted = (  # a place in a relative clause on the counted noun is not its place: "who fought for X"
            counted is not None and counted.start <= token.i < counted.end and token.dep_ != "amod"
            and not any(a.dep_ == "relcl" and counted.start <= a.i < counted.end for a in token.ancestors)
        )
        if in_counted or (via_prep is not None and via_prep.head.i == root.i):
            on_counted.append(entity)
        elif claimant is not None and entity.key == claimant.key:
            continue  # "Kazakhstan said 50 …": the claimant, not the place (unless it is in what is counted)
        elif any(token.head.i == c.i and token.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod") for c in clauses) \
                or (via_prep is not None and any(via_prep.head.i == c.i for c in clauses)) \
                or (verb is not None and _relative_head(verb) == token.i):
            on_verb.append(entity)
    if on_counted:
        return on_counted[0].key
    if noun is not None:
        # A demonym on what is counted ("42 Nepali citizens killed in Ukraine") says whose figure it is, before
        # where it happened; it does even when that country also claims the figure.
        for token in [noun, *(c for c in noun.children if c.dep_ in ("amod", "compound"))]:
            entity = ctx.entities.at(token.idx, token.idx + len(token), EntityKind.COUNTRY)
            if entity is not None:
                return entity.key
    return on_verb[0].key if on_verb else None


def _relative_head(verb: Token) -> int | None:
    """The noun whose relative clause the verb is in, through the clauses it is coordinated with or reported
    in: "Nepal, where 14 are dead and estimates suggest 2,000 may have enlisted" → Nepal."""
    node = verb
    while node.dep_ in ("conj", "ccomp", "xcomp") and node.head.i != node.i:
        node = node.head
    return node.head.i if node.dep_ == "relcl" else None


def _coordinated(noun: Token) -> set[int]:
    """The noun and the nouns listed with it (a parse may attach list items as appositions)."""
    first = noun
    while first.dep_ in ("conj", "appos") and first.head.i != first.i:
        first = first.head
    found = {first.i}
    stack = [first]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in ("conj", "appos"):
                found.add(child.i)
                stack.append(child)
    return found


def _clause_chain(verb: Token) -> list[Token]:
    """The verb, the verbs it controls ("sent … to fight") and those controlling it ("is estimated to send")."""
    chain = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX"))]
    current = verb
    while current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
        current = current.head
        chain.append(current)
    return chain
