"""Quantitative claims: how many of what, by whose count, when and where — and which claims disagree.

Numbers: digits ("20,000", "3.5 million"), number words ("ten", "two hundred"), ranges ("200 to 300",
"between 75,000 and 200,000", "three or four") and vague plurals. Vague plurals are valued by their honest
lower bound with qualifier AT_LEAST: "dozens of" and "several dozen" ≥ 24, "hundreds of" ≥ 200, "thousands
of" ≥ 2,000, "tens of thousands of" ≥ 20,000; "a dozen" is about 12. Not claims, so skipped: dates and years,
times, ordinals ("57th"), ages ("a 32-year-old"), the numbers of laws and articles ("No. 138-FZ", "Article
328", and the later items of "Articles 120.2 (…), 309.2 (…) and 293.3"), footnote markers, a lone "one",
periods that only date something ("two years ago", "in the past three months"), numbers in a subheading, and
amounts in parentheses after another amount (currency conversions). Durations that are facts ("sentenced to
10 years", "have two weeks to register") are kept as Measure.DURATION, money as Measure.MONEY (with what it
pays: "monthly pay", "a salary"), shares and changes in per cent as Measure.PERCENTAGE (of what they
measure: "remittances … declined by 22.1%", "45% of GDP").

What a figure counts is its noun phrase ("700 criminal cases"); its measure comes first from the predicate
("100 Nepalis serving in the army are missing" counts missing people, "20 Uzbeks fighting for Russia have
been confirmed killed" killed ones), then from a noun governing it ("the deaths of 34 Uzbeks"), then from the
counted noun and its own modifiers ("detainees", "Nepalis serving in the army").

Attribution (mechanism → confidence): the agent of a reporting verb whose content clause holds the number
(`kg.extract.attribution`: never a medium or an addressee; not across an adverbial or relative clause:
"X warned citizens after it emerged that hundreds …" is not X's figure) (figure:reporting-verb-subject,
0.8); "according to X" in the sentence (figure:according-to, 0.85); "X's estimates", "data from X"
(figure:estimate-by, 0.75); the speaker of the quote the number sits in (figure:quote-speaker, 0.75); else
no claimant (figure:unattributed, 0.6).

Date: a date in the figure's own clause (on its verb or its reporting verb), not one inside another noun
phrase ("since the Federal Law of April 28, 2023"). Place: a place in the counted phrase ("19 from
Kyrgyzstan"), else where the event happened (the verb's "in X", the subject's "police in X"), else the
country of a demonym or possessor on the counted noun ("Nepali recruits", "their nationals").

The same figure restated (headline, lead, body: same value, measure and counted class) is one figure with
each restatement as evidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from kg.extract.attribution import according_to, agent_of, resolve_phrase
from kg.annotate import TIME_PREPOSITIONS
from kg.clean import is_heading
from kg.extract.context import ExtractionContext
from kg.extract.dates import MONTHS, attaches_to, dates_in
from kg.extract.quotes import LocatedQuote, locate_quotes
from kg.model import PLACE_KINDS, Entity, EntityKind, Figure, Measure, OrgKind, PartialDate, Qualifier

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
# "several dozen", "a few hundred": a vague multiple of the scale word.
VAGUE_MULTIPLIERS = {"several": 2, "a few": 2, "many": 2, "some": 2}
VAGUE_STARTS = frozenset({m.split()[0] for m in VAGUE_MULTIPLIERS} | set(VAGUE) | {"a"})
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")
# Thousands set off by periods, as translations from languages that write them so do: "$2.390", "14.000".
PERIOD_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# Verbs whose object is a bound the number is above: "may exceed one million", "topped 10,000".
EXCEED_VERBS = frozenset({"exceed", "surpass", "top", "pass", "outnumber"})
# The group after a thousands separator that a page spaced out ("2, 000"): a count never starts with a zero.
SPACED_THOUSANDS = re.compile(r"^0\d\d$")
# "300–400", "4,300–$14,000": the tokenizer keeps a range between digits in one token
DIGIT_RANGE = re.compile(r"^(\d[\d,.]*)[–—-][$€£₽¥₹]?(\d[\d,.]*)$")

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
# Nouns of a change a percentage can measure on its own ("a 16% rise").
CHANGE_NOUNS = {"rise", "increase", "growth", "jump", "surge", "drop", "decline", "fall", "decrease", "reduction",
                "cut", "dip", "slump", "gain"}
# Nouns of a part a percentage can measure ("a 20 percent share of the market"): the share is what is counted,
# not the subject that holds it.
SHARE_NOUNS = {"share", "stake", "portion", "proportion", "fraction", "part"}
# "22,000 of them", "10,000 of which": a part of what an earlier figure counted
PARTITIVE_PRONOUNS = {"them", "these", "those", "whom", "which"}

CURRENCY_SYMBOLS = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "₽": "rubles", "¥": "yuan",
                    "₹": "rupees"}
# Currency codes and abbreviations written before an amount: "Rs 600,000", "USD 800".
CURRENCY_CODES = {"rs": "rupees", "inr": "rupees", "npr": "rupees", "usd": "dollars", "us$": "dollars",
                  "eur": "euros", "rub": "rubles", "gbp": "pounds", "kzt": "tenge", "kgs": "som", "uzs": "sum",
                  "tjs": "somoni", "ksh": "shillings", "kes": "shillings"}
PREDICATE_MAX_WORDS = 8
PHRASE_MAX_WORDS = 6  # of the one phrase or object a predicate keeps
CURRENCIES = {"ruble", "rouble", "dollar", "euro", "pound", "hryvnia", "rupee", "som", "somoni", "tenge", "yuan",
              "manat", "rubles", "roubles", "dollars", "euros", "rupees", "usd", "rub", "naira", "shilling",
              "peso", "lari", "lira", "taka", "cedi", "rand"}
# Where a prison term is served ("ten years in prison"), and the nouns a term is the length of.
CUSTODY_NOUNS = frozenset({"prison", "jail", "colony", "custody", "detention", "penitentiary"})
PENALTY_NOUNS = frozenset({"penalty", "sentence", "term", "punishment", "imprisonment", "jail", "prison"})
DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade", "century"}
# Words of a sentence that make a length of time a fact to count: a prison term, a penalty, a deadline.
LEGAL_DURATION_WORDS = {"sentence", "prison", "jail", "imprisonment", "imprison", "term", "colony", "penalty",
                        "punishable", "face", "ban", "deadline", "register", "registration", "suspend", "probation"}
# Verbs that do to their object what the graph counts, so that their active subject is not what is counted
# (unlike "joined the army", "signed contracts": their subject is who is counted).
DONE_TO_VERBS = frozenset({"recruit", "detain", "arrest", "deport", "expel", "kill", "mobilize", "mobilise", "send",
                           "summon", "check", "conscript", "draft", "lure", "traffic", "round", "capture"})
# Verbs whose "for N days" is how long people were held, a fact rather than a date.
DETENTION_VERBS = frozenset({"detain", "hold", "arrest", "jail", "imprison", "keep", "lock"})
# Units that make a number no count of anything the graph tracks.
NON_COUNT_UNITS = {"time", "percent", "%", "per", "cent", "degree", "second", "point"}
# People a report names as its informants ("two people familiar with the matter said", "three sources told
# Reuters"): a few of them, the subject of a verb of telling, count the report's sources, not a fact.
INFORMANT_NOUNS = frozenset({"person", "people", "source", "official", "diplomat", "insider", "witness"})
INFORMANT_VERBS = frozenset({"say", "tell", "speak", "confirm"})
MOST_INFORMANTS = 10
# Nouns of discourse, not of anything the graph tracks: "two patterns", "three reasons", "two ways".
DISCOURSE_NOUNS = {"pattern", "reason", "way", "question", "thing", "aspect", "type", "kind", "option", "factor",
                   "example", "lesson", "scenario", "theme", "argument", "explanation"}
# Units of length and weight: "7,500 km of border", "33 million tons of grain" are figures, "thousands of miles" is
# a manner of speaking.
PHYSICAL_UNITS = {"kilometer", "kilometre", "km", "mile", "meter", "metre", "kg", "ton", "tonne", "kilogram",
                  "gram", "litre", "liter"}
# Words of a duty, which make "within 60 days" a deadline rather than a date.
OBLIGATION_WORDS = frozenset({"must", "oblige", "obligate", "obligated", "obliged", "require", "required", "shall",
                              "deadline", "register", "leave"})
# The service a length of time earns something by: "after six months of service".
SERVICE_NOUNS = frozenset({"service", "contract", "duty", "deployment", "combat", "fighting"})
# A period that only dates something: "two years ago", "in the past three months", "last two weeks".
DATING_WORDS = {"ago", "past", "last", "next", "previous", "recent", "coming", "later", "earlier", "first"}
# Operations whose length is a fact of their own ("the raid lasted two days").
OPERATION_NOUNS = frozenset({"raid", "operation", "sweep", "round-up", "roundup", "crackdown", "inspection", "search"})
NUMBER_LABELS = {"no", "nos", "number", "article", "art", "part", "paragraph", "clause", "section", "decree",
                 "resolution", "order", "law", "code", "item", "chapter", "page", "p", "pp", "vol", "volume",
                 "articles", "parts", "paragraphs", "clauses", "sections", "decrees", "items", "chapters", "pages",
                 "tier", "phase", "stage", "level", "category", "round", "grade"}  # "Tier 3", "Phase 2"

# Governing verbs (lemma) → measure; phrasal ones need their particle or object.
VERB_MEASURES: dict[str, Measure] = {
    "deploy": Measure.DEPLOYED, "dispatch": Measure.DEPLOYED, "fight": Measure.DEPLOYED,
    "station": Measure.DEPLOYED, "battle": Measure.DEPLOYED,
    "recruit": Measure.RECRUITED, "enlist": Measure.RECRUITED, "hire": Measure.RECRUITED,
    "lure": Measure.RECRUITED, "join": Measure.RECRUITED, "dupe": Measure.RECRUITED, "trick": Measure.RECRUITED,
    "traffic": Measure.RECRUITED, "enroll": Measure.RECRUITED, "enrol": Measure.RECRUITED,
    "detain": Measure.DETAINED, "arrest": Measure.DETAINED, "apprehend": Measure.DETAINED,
    "catch": Measure.DETAINED, "remand": Measure.DETAINED,
    "jail": Measure.DETAINED, "imprison": Measure.DETAINED, "capture": Measure.DETAINED, "hold": Measure.DETAINED,
    "check": Measure.CHECKED, "inspect": Measure.CHECKED, "screen": Measure.CHECKED, "question": Measure.CHECKED,
    "interrogate": Measure.CHECKED,
    "summon": Measure.SUMMONED,
    "kill": Measure.KILLED, "die": Measure.KILLED, "perish": Measure.KILLED, "dead": Measure.KILLED,
    "wound": Measure.CASUALTIES, "injure": Measure.CASUALTIES, "hospitalize": Measure.CASUALTIES,
    "hospitalise": Measure.CASUALTIES,
    "miss": Measure.MISSING, "disappear": Measure.MISSING, "vanish": Measure.MISSING,
    "mobilize": Measure.MOBILIZED, "mobilise": Measure.MOBILIZED, "conscript": Measure.MOBILIZED,
    "draft": Measure.MOBILIZED,
    "naturalize": Measure.NATURALIZED, "naturalise": Measure.NATURALIZED,
    "prosecute": Measure.CASES, "charge": Measure.CASES, "convict": Measure.CASES, "sentence": Measure.CASES,
    "deport": Measure.DEPORTED, "expel": Measure.DEPORTED, "extradite": Measure.DEPORTED,
}
# "send" and "serve" count deployed people only with a destination at war: "sent to the front".
WAR_DESTINATIONS = {"front", "frontline", "frontlines", "war", "ukraine", "battlefield", "combat", "army",
                    "military", "forces", "troops", "zone", "trenches", "fight", "unit", "units", "donbas"}
CONDITIONAL_DEPLOYMENT_VERBS = {"send", "serve", "transfer"}
# Where people at war are ("89 on the front line"): the destinations that are the front itself.
FRONT_WORDS = WAR_DESTINATIONS & {"front", "frontline", "frontlines", "trenches"}
# Predicate adjectives: "are missing", "were found dead".
ADJECTIVE_MEASURES: dict[str, Measure] = {
    "missing": Measure.MISSING, "dead": Measure.KILLED, "killed": Measure.KILLED, "injured": Measure.CASUALTIES,
    "wounded": Measure.CASUALTIES, "captive": Measure.DETAINED,
}
PHRASAL_MEASURES: dict[tuple[str, str], Measure] = {
    ("call", "up"): Measure.MOBILIZED, ("round", "up"): Measure.DETAINED, ("sign", "up"): Measure.RECRUITED,
    ("sign", "contract"): Measure.RECRUITED, ("lose", "life"): Measure.KILLED,
    # the tagger lemmatises "summonses" to "summons" and "a summons" to "summon"
    **{(verb, summons): Measure.SUMMONED for verb in ("hand", "serve", "issue", "receive", "give", "get")
       for summons in ("summons", "summon")},
}
# Adverbs that finish a phrasal verb when they follow it: "bring back", "sent home", "shipped off".
ADVERB_PARTICLES = frozenset({"back", "home", "away", "off", "out"})
CAPTIVITY_NOUNS = {"captivity", "custody", "detention", "prison", "jail", "prisoner", "captive", "hostage"}
# Verbs that restate a tally: "… while others put the number at 5,000"
ESTIMATE_VERBS = {"put", "number", "total", "reach", "stand", "place"}
CITIZENSHIP_NOUNS = {"citizenship", "passport", "nationality"}
ACQUIRE_VERBS = {"acquire", "receive", "obtain", "gain", "get", "grant", "give", "issue", "award"}
REVOKE_WORDS = {"strip", "deprive", "revoke", "revocation", "terminate", "termination", "deprivation", "annul",
                "cancel", "withdraw", "lose", "denaturalize", "denaturalise", "denaturalization"}
NOUN_MEASURES: dict[str, Measure] = {
    "case": Measure.CASES, "prosecution": Measure.CASES, "verdict": Measure.CASES, "conviction": Measure.CASES,
    "sentence": Measure.CASES, "casualty": Measure.CASUALTIES, "loss": Measure.CASUALTIES,
    "death": Measure.KILLED, "fatality": Measure.KILLED, "dead": Measure.KILLED, "body": Measure.KILLED,
    "recruit": Measure.RECRUITED, "enlistee": Measure.RECRUITED, "recruitment": Measure.RECRUITED,
    "conscript": Measure.MOBILIZED, "mobilize": Measure.MOBILIZED, "detainee": Measure.DETAINED,
    "arrest": Measure.DETAINED, "prisoner": Measure.DETAINED, "pow": Measure.DETAINED,
    "migrant": Measure.MIGRANTS, "deportation": Measure.DEPORTED, "deportee": Measure.DEPORTED,
    "expulsion": Measure.DEPORTED, "summons": Measure.SUMMONED, "summon": Measure.SUMMONED,
    "mercenary": Measure.DEPLOYED, "fighter": Measure.DEPLOYED,
}
MIGRANT_MODIFIERS = {"migrant", "guest", "labor", "labour"}

REPORTING_VERBS = frozenset({
    "say", "tell", "state", "claim", "report", "estimate", "announce", "reveal", "note", "add", "write",
    "confirm", "suggest", "show", "indicate", "warn", "acknowledge", "admit", "insist", "explain", "testify",
    "declare", "allege", "assert", "cite", "publish", "find", "count", "calculate", "document", "record",
    "tally", "put", "disclose", "boast", "brag", "specify", "mention", "stress", "believe", "know",
})
SOURCE_NOUNS = frozenset({"estimate", "data", "figure", "statistic", "statistics", "count", "tally", "assessment",
                          "report", "investigation", "calculation", "survey", "analysis", "research", "study"})
TALLY_NOUNS = frozenset({"number", "total", "count", "tally", "toll", "figure"})
PEOPLE_NOUNS = frozenset({
    "man", "woman", "citizen", "migrant", "soldier", "detainee", "recruit", "fighter", "mercenary", "national",
    "worker", "troop", "person", "people", "individual", "serviceman", "servicemen", "personnel", "conscript",
    "volunteer", "prisoner", "inmate", "foreigner", "resident", "native", "immigrant", "refugee", "convict",
    "contractor", "reservist", "draftee", "newcomer", "guy", "boy", "youth", "civilian", "member", "deserter",
    "deportee", "other", "victim", "family", "relative",
})
# People a definite first count may count ("the five suspects").
COUNTED_PEOPLE_NOUNS = PEOPLE_NOUNS | {"suspect", "defendant", "accused"}
LOSS_NOUNS = frozenset({"casualty", "loss", "death", "fatality", "dead", "killed"})
# A government speaks for its country: "Kazakhstan said …", "India has documented …".
CLAIMANT_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY)
# Words that set one claim against another in a sentence.
CONTRAST = re.compile(r"\b(?:while|whereas|but|however|although|though|other estimates|put the (?:number|figure))\b",
                      re.IGNORECASE)
# Words by which a sentence says that the figures of its article disagree ("there are conflicting reports on
# the number of detainees, with the media reporting 300"): its figure disputes the others of its measure.
DISPUTE_CUES = re.compile(r"\b(?:conflicting|contradictory|differing|disputed)\s+(?:reports?|figures?|numbers?|"
                          r"estimates?|accounts?|data|counts?|tallies|claims?)\b", re.IGNORECASE)
BREAKDOWN_BEFORE = re.compile(r"\b(?:with|including|and|of whom|of them|among them)\s*$", re.IGNORECASE)
# Nouns of places: a count of them measures no people.
PLACE_NOUNS = frozenset({"country", "nation", "region", "city", "town", "village", "province", "state",
                         "location", "site", "district", "territory"})
# Nouns of what an amount of money is.
PAYMENT_NOUNS = frozenset({"pay", "salary", "wage", "wages", "bonus", "compensation", "payment", "fee", "allowance",
                           "reward", "fine", "sum", "payout", "benefit", "stipend", "remuneration", "income",
                           "earnings", "award", "deposit", "advance", "loan", "debt"})
# Where a number without its own noun still counts something (nummod: a misparse across "and").
ELLIPSIS_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "appos", "conj", "attr", "nummod"})
# Clauses a reporting verb does not report: "X warned … after it emerged that hundreds …".
NON_REPORTED_CLAUSES = frozenset({"advcl", "relcl", "acl"})
# Marks of an adverbial clause that is part of the same report: "45 died, while 12 are held, the ministry said".
CONTRASTING_MARKS = frozenset({"with", "while", "whereas", "whilst"})
# Verbs whose "to X" is where the people end up: "sent to Ukraine".
MOTION_VERBS = frozenset({"send", "deploy", "dispatch", "transfer", "take", "bring", "move", "return"})
# Prepositions that place an event ("detained in Moscow"); not "for Russia", nor "to Ukraine" but after motion.
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "across", "outside", "around", "within"})
QUOTE_MARKS = frozenset("‘’“”\"'«»")
# Words after a counted phrase's head noun: relative pronouns, prepositions, coordination.
COUNTED_HEAD_END = re.compile(
    r"\s+(?:who|whom|whose|which|that|of|from|in|into|to|with|without|for|at|on|by|since|against|about|among|"
    r"near|under|over|after|before|during|across|through|than|as|and|or|but|were|was|are|is|have|had|has)\b",
    re.IGNORECASE,
)
COUNTED_MAX_WORDS = 10
CONFLICT_TOLERANCE = 0.05  # values within 5% are the same figure rounded differently

CONFIDENCE = {
    "figure:reporting-verb-subject": 0.8,
    "figure:according-to": 0.85,
    "figure:estimate-by": 0.75,
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
    """Every quantitative claim in the article, in text order, restatements merged."""
    quotes = [q for q in locate_quotes(ctx) if q.quote.speaker]
    figures: list[Figure] = []
    for sent in ctx.doc.sents:
        previous: Figure | None = None
        if _is_subheading(ctx, sent):
            continue  # "Two Men at War": the title of a section or of a teaser, no claim
        for number in _numbers(sent, {f.value for f in figures}):
            figure = _figure(ctx, number, previous, quotes, figures[-1] if figures else None)
            if figure is not None:
                figures.append(figure)
                previous = figure
    return merge_restatements(figures, ctx.article.title)


def _is_subheading(ctx: ExtractionContext, sent: Span) -> bool:
    """A line of its own that reads as a heading and is not the article's headline."""
    text = ctx.text
    own_line = (sent.start_char == 0 or text[sent.start_char - 1] == "\n") and (
        sent.end_char >= len(text) or "\n" in text[sent.end_char - 1: sent.end_char + 1] or
        text[sent.end_char:].startswith("\n"))
    return own_line and is_heading(sent.text.strip()) and sent.text.strip() != ctx.article.title


def merge_restatements(figures: Sequence[Figure], headline: str | None = None) -> list[Figure]:
    """One figure for each claim an article restates: same value and qualifier, same measure, counted nouns
    of one class, no two different claimants or places. The kept figure is the best attributed one; every
    restatement adds its evidence. A headline's figure is the body's figure of the same value and counted
    noun whatever its measure and claimant: a headline's telegraphic grammar parses badly ("Three more Nepalis
    serving in Russian army die", "16 Cameroonians Reported Dead")."""
    kept: list[Figure] = []
    in_headline = [f for f in figures if headline and all(e.sentence == headline for e in f.evidence)]
    for figure in sorted(figures, key=lambda f: f in in_headline):
        same = next((k for k in kept if _restates(k, figure) or (
            figure in in_headline and _restates(k, replace(figure, measure=k.measure, place=k.place,
                                                           claimant=k.claimant)))), None)
        if same is None:
            kept.append(figure)
            continue
        index = kept.index(same)
        best, other = (figure, same) if _attribution_rank(figure) > _attribution_rank(same) else (same, figure)
        if figure in in_headline:
            best, other = same, figure
        kept[index] = replace(best, claimant=best.claimant or other.claimant, place=best.place or other.place,
                              date=best.date or other.date, origin=best.origin or other.origin,
                              evidence=sorted({*best.evidence, *other.evidence}, key=lambda e: e.start))
    return kept


def _restates(a: Figure, b: Figure) -> bool:
    if a.value != b.value or a.upper != b.upper or a.measure != b.measure or a.measure is Measure.MONEY:
        return False
    if counted_class(a.counted) != counted_class(b.counted):
        return False
    if a.origin and b.origin and a.origin != b.origin:
        return False  # "two Togolese nationals" and "two Chinese nationals" are two claims
    if a.claimant and b.claimant and a.claimant != b.claimant:
        return False
    return not (a.place and b.place and a.place != b.place)


def _attribution_rank(figure: Figure) -> tuple[int, float]:
    return (figure.claimant is not None, max(e.confidence for e in figure.evidence))


def find_conflicts(figures: Sequence[Figure]) -> list[tuple[str, str]]:
    """Pairs (key_a, key_b), key_a < key_b, of figures about the same quantity that disagree.

    Same quantity: same measure (not OTHER or MONEY), counted nouns of one class (people nouns are one class),
    no two different places, and: the same claimant; or two claimants giving the same date ("4,100 deported in
    September, according to X, while Y put the number at 3,200"); or no claimant on either side and the same
    place; or one source's count of a country's citizens against the article's own unattributed count of
    them; or a figure that tells the number of the one before again ("the actual figure may exceed one
    million"). One claimant's figures in one sentence are a breakdown or a series ("93 dead: 19 from …, 34
    from …"), not a dispute, nor is the value a change started from ("fell from 650,000 to 350,000"). They
    disagree when the ranges their qualifiers allow ("at least 20,000" is [20,000, ∞)) do not meet even when
    widened by 5%.
    """
    pairs: set[tuple[str, str]] = set()
    # (not the value a change started from, "fell from 650,000 to 350,000": the value before)
    comparable = [f for f in figures if f.measure not in (Measure.OTHER, Measure.MONEY, Measure.PERCENTAGE)
                  and not f.superseded]
    for i, a in enumerate(comparable):
        for b in comparable[i + 1:]:
            if a.key == b.key or a.measure != b.measure or counted_class(a.counted) != counted_class(b.counted):
                continue
            if a.place and b.place and a.place != b.place or a.origin and b.origin and a.origin != b.origin:
                continue
            if a.counts_others or b.counts_others:
                continue  # "two other Sri Lankans … confirmed dead": another group than the six before
            # "… 350,000. The actual figure may exceed one million": the text sets one against the other
            retold = a.retells == b.key or b.retells == a.key
            if not retold and a.claimant == b.claimant:
                if a.claimant is None and (a.place is None or a.place != b.place) and not _contrasted(a, b):
                    continue
                if a.evidence and b.evidence and a.evidence[0].start == b.evidence[0].start and not _contrasted(a, b):
                    continue  # one claimant's figures in one sentence: a breakdown or a series
            elif not retold and not (_contrasted(a, b) or _attributed_against_unattributed(a, b)
                                     or _declared_disputed(a, b)) and (
                    a.claimant is None or b.claimant is None or not (
                        (a.date is not None and a.date == b.date)
                        or (a.evidence and b.evidence and a.evidence[0].start == b.evidence[0].start))):
                continue  # two claimants disagree when they speak of the same date, or in one sentence
            if _disagree(a, b):
                pairs.add((min(a.key, b.key), max(a.key, b.key)))
    return sorted(pairs)


def _attributed_against_unattributed(a: Figure, b: Figure) -> bool:
    """One source's count of one country's citizens against the article's own, in another sentence, for no
    other date: "at least 20 Uzbek citizens have been killed … the BBC counted at least 34 Uzbeks"."""
    if (a.claimant is None) == (b.claimant is None) or a.origin is None or a.origin != b.origin:
        return False
    if a.date is not None and b.date is not None and a.date != b.date:
        return False
    return bool(a.evidence and b.evidence and a.evidence[0].start != b.evidence[0].start)


def _contrasted(a: Figure, b: Figure) -> bool:
    """Two figures one sentence sets against each other: "media reports said some 50,000 Iraqis have joined,
    while unofficial figures put the number at around 5,000" (in any sentence of a restated figure)."""
    shared = {e.start for e in a.evidence} & {e.start for e in b.evidence}
    for sentence in {e.sentence for e in a.evidence if e.start in shared}:
        (first, first_at), (second, second_at) = sorted(((f, sentence.find(f.value_text)) for f in (a, b)),
                                                        key=lambda pair: pair[1])
        if first_at < 0 or second_at < 0:
            continue
        between = sentence[first_at + len(first.value_text): second_at]
        # "…, with 3,000 fighting for Russia and 2,000 for Ukraine": a breakdown, not a second estimate
        if CONTRAST.search(between) is not None and BREAKDOWN_BEFORE.search(sentence[:second_at]) is None:
            return True
    return False


def _declared_disputed(a: Figure, b: Figure) -> bool:
    """One of the two figures is in a sentence that says the article's figures disagree."""
    return any(DISPUTE_CUES.search(e.sentence) for e in (*a.evidence, *b.evidence))


def counted_class(counted: str) -> str:
    """The class of a counted phrase's head noun: "people" for people nouns, "losses", else the head's lemma."""
    words = COUNTED_HEAD_END.split(counted)[0]
    tokens = re.findall(r"[A-Za-z]+", words)
    while len(tokens) > 1 and tokens[-1].endswith(("ing", "ed", "ly")):
        tokens.pop()  # "Nepalis serving", "people allegedly linked": a participle after the head noun
    if not tokens:
        return ""
    written, head = tokens[-1], _singular(tokens[-1].lower())
    # a demonym as a plural noun is people too: "Sri Lankans", "Kenyans", "Cubans"
    demonym = written[:1].isupper() and written.endswith("ans") or head.endswith(("ian", "ese", "i"))
    if head in PEOPLE_NOUNS or head in {"kyrgyz", "tajik", "uzbek", "kazakh"} or demonym:
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


def _interval(figure: Figure, estimate: bool = False) -> tuple[float, float]:
    """The values a figure's qualifier allows; as one source's `estimate` against another's, "up to 50,000"
    ("as many as") puts the number at 50,000."""
    if figure.qualifier == Qualifier.RANGE and figure.upper is not None:
        return figure.value, figure.upper
    if figure.qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return figure.value, float("inf")
    if figure.qualifier is Qualifier.UP_TO and estimate:
        return figure.value, figure.value
    if figure.qualifier in (Qualifier.UP_TO, Qualifier.LESS_THAN):
        return 0.0, figure.value
    return figure.value, figure.value


LOWER_BOUNDS = (Qualifier.AT_LEAST, Qualifier.MORE_THAN)


def _disagree(a: Figure, b: Figure) -> bool:
    if a.claimant != b.claimant and a.qualifier in LOWER_BOUNDS and b.qualifier in LOWER_BOUNDS:
        # two sources' counts so far ("at least 20" against "at least 34"): each is what its source counted
        return abs(a.value - b.value) > CONFLICT_TOLERANCE * max(a.value, b.value)
    estimates = a.claimant != b.claimant
    (a_low, a_high), (b_low, b_high) = _interval(a, estimates), _interval(b, estimates)
    widen = 1 + CONFLICT_TOLERANCE
    return a_high * widen < b_low or b_high * widen < a_low


# --- numbers ---


def _numbers(sent: Span, counted_before: Collection[float] = ()) -> Iterable[_Number]:
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if not _may_start_number(token.text, token.lower_):
            i += 1
            continue
        number = _vague_at(doc, i, sent.end) or _number_at(doc, i, sent.end)
        if number is None:
            i += 1
            continue
        i = number.end
        if not _is_claim(doc, number, counted_before):
            continue
        yield number


def _may_start_number(text: str, lower: str) -> bool:
    """Whether `_vague_at` or `_number_at` can read a number from this token: a digit, a number or vague word,
    "a"/"an"/"one" or a currency symbol. Most tokens are none of these, and the readers cost more than this test."""
    return (text[:1].isdigit() or lower[:1].isdigit() or lower in VAGUE_STARTS or lower in UNITS
            or lower in ("a", "an", "one") or text in CURRENCY_SYMBOLS)


def _number_at(doc, i: int, limit: int) -> _Number | None:
    one_token = _range_token(doc, i, limit)
    if one_token is not None:
        return one_token
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


def _range_token(doc, i: int, limit: int) -> _Number | None:
    j = i + 1 if doc[i].text in CURRENCY_SYMBOLS else i
    match = DIGIT_RANGE.match(doc[j].text) if j < limit else None
    if match is None:
        return None
    low, high = (_digits_value(group) for group in match.groups())
    if low is None or high is None or high <= low:
        return None
    qualifier_start, _ = _qualifier_before(doc, i)
    return _Number(i, j + 1, qualifier_start, low, high, Qualifier.RANGE, vague=False)


def _digits_value(text: str) -> float | None:
    if DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))  # "₽60,7 billion": a comma before one or two digits is a decimal one
    if DIGITS.match(text):
        return float(text.replace(",", ""))
    return None


def _plain_number(doc, i: int, limit: int) -> tuple[int, float] | None:
    """(end, value) of the digits or number words starting at token i ("3.5 million", "two hundred")."""
    j = i
    if j < limit and doc[j].text in CURRENCY_SYMBOLS:
        j += 1
    if j >= limit:
        return None
    text = doc[j].lower_
    value = _digits_value(text)
    if value is None and text in UNITS:
        value = float(UNITS[text])
    elif value is None and text in ("a", "an", "one") and j + 1 < limit and doc[j + 1].lower_ in (
            "hundred", "thousand", "million", "billion"):
        value = 1.0  # "a million", "one million" (a lone "one" counts nothing)
    if value is None:
        return None
    scaled = j + 1 < limit and (doc[j + 1].lower_ in SCALES or doc[j + 1].lower_ in ("%", "percent", "per"))
    if PERIOD_THOUSANDS.match(text) and not scaled:
        value = float(text.replace(".", ""))  # "$2.390 for joining", "over 14.000" (not "$1.250 billion")
    while DIGITS.match(text) and j + 2 < limit and doc[j + 1].text == "," and not doc[j].whitespace_ \
            and SPACED_THOUSANDS.match(doc[j + 2].text):
        j += 2
        value = value * 1000 + float(doc[j].text)
    # Number words compose as spoken: "four hundred and thirty-two" is 432, "two thousand five hundred" 2,500.
    # `done` holds what the thousands, millions… already counted, `group` the part below the last of them.
    done, group, words = 0.0, value, not DIGITS.match(text)
    j += 1
    while j < limit:
        word = doc[j].lower_
        after_scale = doc[j - 1].lower_ in SCALES
        if word in SCALES and (word not in ("m", "k") or doc[j].idx == doc[j - 1].idx + len(doc[j - 1])):
            if SCALES[word] >= 1e3:
                done, group = done + (group or 1) * SCALES[word], 0.0
            else:
                group *= SCALES[word]
        elif word == "dozen" and group < 100 and not done:  # "two dozen" is 24
            group *= 12
        elif word == "and" and words and after_scale and j + 1 < limit and UNITS.get(doc[j + 1].lower_, 100) < 100:
            pass  # "four hundred and thirty-two"
        elif words and word in UNITS and word != "dozen" and (
                (after_scale or doc[j - 1].lower_ == "and") and group % 100 == 0
                or group >= 20 and group % 10 == 0 and UNITS[word] < 10 and doc[j - 1].lower_ in UNITS):
            group += UNITS[word]  # "twenty five", "two thousand five hundred", "hundred and thirty"
        elif word == "-" and j + 1 < limit and doc[j + 1].lower_ in UNITS and doc[j - 1].lower_ in UNITS:
            j += 1
            group += UNITS[doc[j].lower_]
        else:
            break
        j += 1
    if doc[j - 1].lower_ == "and":
        j -= 1
    return j, done + group


def _vague_at(doc, i: int, limit: int) -> _Number | None:
    """"hundreds of", "tens of thousands of", "several dozen": the lower bound, AT_LEAST; "a dozen": about 12."""
    word = doc[i].lower_
    if word not in VAGUE_STARTS:
        return None  # most tokens: the loop below is the figure reader's costliest step otherwise
    for multiplier in VAGUE_MULTIPLIERS:
        words = multiplier.split()
        scale = i + len(words)
        if scale < limit and [t.lower_ for t in doc[i:scale]] == words and doc[scale].lower_ in ("dozen", "hundred",
                                                                                                "thousand"):
            unit = 12 if doc[scale].lower_ == "dozen" else SCALES[doc[scale].lower_]
            end = scale + (2 if scale + 1 < limit and doc[scale + 1].lower_ == "of" else 1)
            return _Number(i, end, i, unit * VAGUE_MULTIPLIERS[multiplier], None, Qualifier.AT_LEAST, vague=True)
    if word == "a" and i + 1 < limit and doc[i + 1].lower_ == "dozen":
        end = i + (3 if i + 2 < limit and doc[i + 2].lower_ == "of" else 2)
        return _Number(i, end, i, 12.0, None, Qualifier.APPROXIMATELY, vague=True)
    if word in VAGUE and i + 1 < limit and doc[i + 1].lower_ == "more" and word != "tens":
        return _Number(i, i + 2, i, float(VAGUE[word]), None, Qualifier.AT_LEAST, vague=True)  # "hundreds more"
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


def _first_count_of_people(doc, number: _Number, counted_before: Collection[float]) -> bool:
    """"The five suspects" in an article that counted no five before: the first count of those people."""
    noun = doc[number.start].head  # "the three Azerbaijani nationals": the noun the number counts
    # (words between only modify it: "the 14 confirmed dead Nepalese citizens")
    if noun.i < number.end or any(noun.i not in {a.i for a in t.ancestors} for t in doc[number.end: noun.i]):
        return False
    people = noun.lemma_.lower() in COUNTED_PEOPLE_NOUNS or (  # also "the 91 Indians"
        noun.ent_type_ == "NORP" and noun.tag_ in ("NNS", "NNPS"))
    return people and number.value not in counted_before


def _is_claim(doc, number: _Number, counted_before: Collection[float] = ()) -> bool:
    tokens = doc[number.start:number.end]
    if any(t.ent_type_ in ("TIME", "ORDINAL") for t in tokens):
        return False
    if any(t.ent_type_ == "DATE" for t in tokens) and not _is_duration(doc, number) \
            and not _count_inside_a_date(doc, number):
        return False
    first = tokens[0]
    text = first.text
    if number.value <= 1 and not number.vague:
        return False
    if number.qualifier_start == number.start and number.start > 0 and doc[number.start - 1].lower_ in (
            "the", "these", "those", "both", "its", "their", "his", "her", "our", "your", "my") \
            and not _first_count_of_people(
            doc, number, counted_before):
        return False  # "the two sides", "the two deceased": a reference back, not a count
    if re.fullmatch(r"\d+(st|nd|rd|th)", text.lower()):
        return False  # an ordinal NER missed ("57th")
    if re.fullmatch(r"(18|19|20)\d\d", text) and number.end - number.start == 1 and not (
            first.dep_ == "nummod" and first.head.tag_ == "NNS"):
        return False  # a year
    before = doc[number.start - 1] if number.start > 0 else None
    after = doc[number.end] if number.end < len(doc) else None
    if before is not None and after is not None and before.text == "[" and after.text == "]":
        return False  # a footnote marker
    if before is not None and before.text in ("=", "≈"):
        return False  # "1 RUB = 121.79": a rate in a widget or a formula, no claim
    # a month in lower case after a date's preposition, as translations write it: "a bill on may 19 adopted"
    lower_month = before is not None and number.start >= 2 and doc[number.start - 2].lower_ in TIME_PREPOSITIONS
    if number.end - number.start == 1 and text.isdigit() and int(text) <= 31 and any(
            t is not None and (t.text[:1].isupper() or t is before and lower_month) and t.lower_.rstrip(".") in MONTHS
            for t in (before, after)):
        return False  # a day of a month the recognizer missed ("Kyrgyzstan 14 June 11:48", "June 14")
    if before is not None and (before.lower_ in ("aged", "age", "ages") or _labels_a_number(doc, number.start)):
        return False  # an age, or the number of a law, an article, a decree ("No. 138-FZ", "Article 328")
    if after is not None and after.lower_ == "of" and _cites_an_act(doc, number):
        return False  # "the Foreign Military Assistance Act, 15 of 1998": an act's number and year
    if after is not None and (after.lower_.startswith("year-old") or (
            after.text == "-" and number.end + 1 < len(doc) and not doc[number.end + 1].lower_.rstrip("s") in
            DURATION_UNITS)):
        return False  # "138-FZ", "5-4": a code or a score
    if after is not None and after.text == "-" and number.end + 2 < len(doc) and doc[number.end + 2].text == "-" \
            and number.end + 3 < len(doc) and doc[number.end + 3].lower_ == "old":
        return False  # "a 32-year-old"
    return True


def _count_inside_a_date(doc, number: _Number) -> bool:
    """A count that the recognizer swept into the date before it ("said last week two of its citizens had
    died"): the number is a clause's subject or object, or is partitive, and no time word follows it."""
    after = doc[number.end] if number.end < len(doc) else None
    if after is not None and (after.lemma_.lower() in DURATION_UNITS or after.ent_iob_ == "I"):
        return False
    root = doc[number.end - 1]
    if re.fullmatch(r"(18|19|20)\d\d", root.text):
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "dobj") and root.pos_ == "NUM" or any(
        c.dep_ == "prep" and c.lower_ == "of" for c in root.children if root.pos_ == "NUM")


def _cites_an_act(doc, number: _Number) -> bool:
    """"Act 15 of 1998", "Act, 15 of 1998": a number, "of" and a year that ends the phrase is how acts are cited
    (a count "of" a year would go on: "15 of 1998's recruits")."""
    year = number.end + 1
    if year >= len(doc) or not re.fullmatch(r"(18|19|20)\d\d", doc[year].text) or number.upper is not None:
        return False
    return year + 1 == len(doc) or doc[year + 1].is_punct and doc[year + 1].text not in ("'s", "’s")


def _labels_a_number(doc, i: int) -> bool:
    """Whether the words before token i make it a label, not a count: "No. 138", "Article 328", "Decree 757"."""
    before = doc[i - 1]
    if before.text == "." and i >= 2:
        before = doc[i - 2]
    if before.lower_.rstrip(".") in NUMBER_LABELS and before.text[:1].isupper():
        return True
    # Later items of a list of labelled numbers: "Articles 120.2 (murder), 309.2 (abuse of power) and 293.3".
    depth, j = 0, i - 1
    while j >= max(0, i - 60):
        tok = doc[j]
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            depth -= 1
        elif depth == 0:
            if tok.lower_.rstrip(".") in NUMBER_LABELS and tok.text[:1].isupper():
                return j < i - 1 and any(doc[k].text in (",", "and", "or") for k in range(j + 1, i))
            if not (tok.like_num or tok.text in (",", "-", "–", "and", "or", "&") or tok.is_space):
                return False
        j -= 1
    return False


def _is_percentage(doc, number: _Number) -> bool:
    after = doc[number.end: number.end + 2]
    return any(t.text == "%" or t.lower_ in ("percent", "pct") for t in after[:1]) or (
        len(after) == 2 and after[0].lower_ == "per" and after[1].lower_ == "cent")


def _is_duration(doc, number: _Number) -> bool:
    """A length of time stated as a fact ("sentenced to 10 years", "have two weeks to register"), not a period
    that dates something ("two years ago", "in the past three months", "last week")."""
    unit_at = number.end + (1 if number.end < len(doc) and doc[number.end].text == "-" else 0)
    if unit_at >= len(doc) or doc[unit_at].lemma_.lower() not in DURATION_UNITS:
        return False
    window = {t.lower_ for t in doc[max(number.start - 3, 0): min(unit_at + 3, len(doc))]}
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    clause = {t.lemma_.lower() for t in doc[number.start].sent}
    if before == "within" and clause & OBLIGATION_WORDS:
        return True  # "obligated to report within 60 days": a deadline
    if before in ("in", "within") and clause & {"force", "effect"}:
        return True  # "the law will come into force in 180 days": when it takes effect
    if before == "after" and unit_at + 2 < len(doc) and doc[unit_at + 1].lower_ == "of" \
            and doc[unit_at + 2].lemma_.lower() in SERVICE_NOUNS:
        return True  # "citizenship after six months of service": the service a right is earned by
    sent = doc[number.start].sent
    if not window & DATING_WORDS and clause & OPERATION_NOUNS and any(
            t.pos_ == "VERB" and (t.lemma_ == "last" or t.lemma_ == "take" and t.i + 1 < len(doc) and
                                  doc[t.i + 1].lower_ == "place") for t in sent):
        return True  # "the raid lasted two days", "took place over the course of two days": how long it went on
    words_before = [t.lower_ for t in doc[max(number.start - 4, 0): number.start]]
    for_at = number.start - 1 if before == "for" else number.start - 4 if words_before == ["for", "a", "total", "of"] \
        else None
    if for_at is not None and doc[for_at].head.lemma_.lower() in DETENTION_VERBS:
        return True  # "were detained for a total of four days": how long they were held
    ranging = before == "from" and number.start > 1 and doc[number.start - 2].lemma_.lower() in ("range", "vary")
    if window & DATING_WORDS or (before in ("in", "within", "since", "by", "from", "until", "over", "during", "for")
                                 and not ranging):  # "sentences ranging from 30 years in prison": a term
        return False
    return bool(clause & LEGAL_DURATION_WORDS)  # a sentence, a penalty, a deadline: not "spent 15 years abroad"


# --- one figure ---


def _figure(ctx: ExtractionContext, number: _Number, previous: Figure | None,
            quotes: Sequence[LocatedQuote], earlier: Figure | None = None) -> Figure | None:
    """The figure a number states; `previous` is the sentence's figure before it, whose counted noun (and
    measure) an elided one takes ("50,000 Iraqis have joined, while others put the number at 5,000");
    `earlier` the article's last figure, which "of them" refers to ("had approved 22,000 of them")."""
    doc = ctx.doc
    span = doc[number.start:number.end]
    root = _root(span)
    duration = _is_duration(doc, number)
    if _is_percentage(doc, number):
        return _percentage(ctx, number, root, quotes)
    noun, partitive = _counted_noun(root, number)
    exceeded = root.dep_ == "dobj" and root.head.lemma_.lower() in EXCEED_VERBS
    if number.qualifier is Qualifier.EXACT and exceeded:
        number = replace(number, qualifier=Qualifier.MORE_THAN)  # "the actual figure may exceed one million"
    gerund = None
    if noun is not None and noun.lower_.endswith("ing") and noun.tag_ in ("NN", "VBG") and number.value > 1:
        gerund, noun = noun, None  # "with 3,000 fighting for Russia": people who do it, not a thing counted
    money = _is_money(doc, number, noun)
    if money and _in_parentheses(doc, number.start):
        return None  # a conversion: "180,000 rubles ($2,250)"
    ellipsis = False
    restated: Figure | None = None  # the article's last figure, when this one tells its number again
    origin = None  # an elided figure's, when its own words name none: its predecessor's
    counted_span = None
    tally = None
    origin_noun = noun
    if noun is not None:
        lemma = noun.lemma_.lower()
        if lemma in NON_COUNT_UNITS or lemma in DISCOURSE_NOUNS or (lemma in DURATION_UNITS and not duration) or (
                lemma in PHYSICAL_UNITS and number.vague):
            return None
        if _counts_informants(noun, number):
            return None
        counted_span = _counted_span(noun, number, partitive)
        counted = _phrase_text(counted_span)
        if noun.lemma_.lower() in ("people", "person") and noun.dep_ in ("dobj", "attr") and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in TALLY_NOUNS for c in noun.head.children) \
                and (tally := _tally_phrase(span.sent)) is not None:
            # "the number of refugees fleeing mobilization has reached 1.3 million people": the tally's people
            counted_span, counted = tally, _phrase_text(tally)
        if duration and noun.dep_ in ("amod", "compound", "nmod") and noun.head.pos_ == "NOUN" and \
                noun.i == number.end + 1:
            # "a nine-year jail sentence": the term counts years of the noun it modifies
            counted_span = doc[noun.i + 1: noun.head.i + 1]
            counted = f"{noun.text} {_phrase_text(counted_span)}"
            number = replace(number, end=noun.i + 1)
    elif money:
        counted = _currency_name(doc, number)  # "$9,000 per person": the currency is what is counted
    else:
        # An elided noun ("… and as many as 2,000 enlisted", "with 200 to 300 killed") is what the sentence
        # counts; a bare number elsewhere ("raised the age to 30") counts nothing. "put the number of dead at
        # 3,000", "takes the tally of Nepalis killed to ten": the sentence's tally phrase. A number that is
        # a clause's subject counts what its predicate says ("Of them, four are held prisoner").
        tally = _tally_phrase(span.sent)
        # "put the number at around 5,000": the sentence's tally, or (a bare "the number") what was counted last
        put_at = root.dep_ == "pobj" and root.head.lower_ in ("at", "to") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in TALLY_NOUNS for c in root.head.head.children)
        # "the number of X fell from 650,000 to 350,000": both ends are values of the tally
        at_tally = root.dep_ == "pobj" and (root.head.lower_ in ("at", "to") and (tally is not None or put_at)
                                            or root.head.lower_ == "from" and tally is not None)
        # "… ten people who had gone to Russia, including three who died": a part of the count before it
        part = root.dep_ == "pobj" and root.head.lower_ == "including" and previous is not None
        if not (root.dep_ in ELLIPSIS_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "with") or at_tally
                or gerund is not None or part):
            return None
        counted = tally.text if tally is not None else None
        if not counted and previous is not None:
            counted = previous.counted
            if root.dep_ in ("nsubj", "nsubjpass"):  # "45 Sri Lankans have died, while 12 are held": theirs
                origin = previous.origin
        fronted = _fronted_partitive(root)
        if fronted is not None:  # "Of the 49 Indians recruited, 12 have died": what the 49 count
            group = _counted_span(fronted, number, True)
            counted = _phrase_text(group[next((k for k, t in enumerate(group) if not t.like_num), 0):])
            origin_noun, origin = fronted, None
        of_them = any(_of_a_pronoun(c) for c in root.children)
        if not counted and of_them and earlier is not None and earlier.measure is not Measure.MONEY:
            counted = earlier.counted  # "40,000 Syrians have registered. … had approved 22,000 of them"
        if not counted and earlier is not None and earlier.measure is not Measure.MONEY and _restates_a_tally(root):
            counted = earlier.counted  # "… around 350,000 in 2025. The actual figure may exceed one million."
            restated = earlier if _told_in_the_sentence_before(span.sent, earlier) else None
        ellipsis = True
        if not counted and root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        counted = counted or ""
    anchor = noun if noun is not None and not partitive else root
    governing = _governing_verb(anchor) if gerund is None else gerund
    verb = _predicate_after_participle(governing) or governing
    if money:
        measure = Measure.MONEY
    elif duration:
        measure = Measure.DURATION
    else:
        # "…, with 89 on the front line, 39 hospitalised": the number of a "with" phrase has its own predicate
        absolute = ellipsis and root.dep_ == "pobj" and root.head.lower_ == "with"
        measure = _measure(anchor, noun, None if absolute else verb, counted_span)
        if measure is Measure.OTHER and ellipsis and any(_at_the_front(c) for c in root.children if c.dep_ == "prep"):
            measure = Measure.DEPLOYED
        elif measure is Measure.OTHER and ellipsis and tally is not None:
            measure = _phrase_measure(tally) or Measure.OTHER
        elif measure is Measure.OTHER and ellipsis and previous is not None and previous.measure is not Measure.MONEY \
                and (verb is None or verb.lemma_.lower() in REPORTING_VERBS or verb.lemma_.lower() in ESTIMATE_VERBS):
            # "…, while others put the number at 5,000" restates the measure; "…, while four are held" has its own
            measure = previous.measure
        elif measure is Measure.OTHER and earlier is not None \
                and earlier.measure not in (Measure.OTHER, Measure.MONEY) \
                and (restated is not None or noun is not None and noun.lemma_.lower() in ("people", "person")
                     and _restates_a_tally(noun) and _told_in_the_sentence_before(span.sent, earlier)):
            # "5,000 Iraqis have signed contracts. … the number could be ten times higher – up to 50,000
            # people", "… around 350,000 in 2025. The actual figure may exceed one million": the last
            # count's quantity
            measure, origin, restated = earlier.measure, earlier.origin, earlier
        elif measure is Measure.OTHER and noun is not None and noun.lemma_.lower() in ("people", "person") \
                and verb is not None and verb.lemma_.lower() in REPORTING_VERBS \
                and (topic := _tally_phrase(span.sent)) is not None:
            # "reports on the number of detainees, with the media reporting 300 people": the people of that number
            measure = _phrase_measure(topic) or Measure.OTHER
    claimant, mechanism, penalty, reporting_verb = _claimant(ctx, root, quotes)
    # "10,000 of which were sent to the front": the partitive names whom it counts, not what happened to them
    own_phrases = [c for c in root.children if c.dep_ == "prep" and c.i > root.i and not _of_a_pronoun(c)]
    if ellipsis and gerund is None and own_phrases:
        # "… with 3,000 fighting for Russia and 2,000 for Ukraine": the elided figure's own phrase
        clauses = _clause_tokens(own_phrases)
        predicate = " ".join(t.text for c in own_phrases for t in list(c.subtree)[:PREDICATE_MAX_WORDS]
                             if not t.is_punct and t.i not in clauses)  # "against natives (born in 2004)"
    elif money and (payment := _payment_phrase(root, number)) is not None:
        predicate = payment  # "offering monthly pay between $2,500 and $3,000": what the money is
    elif gerund is None:
        predicate = _predicate_text(anchor, governing)
        if verb is not governing:  # "recruited in the Russian army have died", "detained had valid permits"
            group = {t.i: t for t in [*_verb_words(anchor, verb), *(c for c in verb.children
                                                                     if c.dep_ in ("aux", "auxpass", "neg"))]}
            predicate = " ".join([predicate, *(group[k].text for k in sorted(group)
                                               if group[k].text not in QUOTE_MARKS and not group[k].is_punct)]).strip()
    else:  # the gerund and its own phrases, not what is coordinated with it ("… and 2,000 for Ukraine")
        others = {t.i for c in gerund.children if c.dep_ in ("conj", "cc") for t in c.subtree}
        predicate = " ".join(t.text for t in list(gerund.subtree)[:PREDICATE_MAX_WORDS]
                             if not t.is_punct and t.i > root.i and t.i not in others)
    clause = next((c for c in root.children if c.dep_ == "relcl"), None) if ellipsis else None
    if clause is not None and root.head.lower_ == "including":  # "including three who died": what the part did
        predicate = " ".join(t.text for t in list(clause.subtree)[:PREDICATE_MAX_WORDS]
                             if not t.is_punct and t.lower_ not in ("who", "that", "which"))
    if duration and noun is not None and noun.lemma_.lower() in DURATION_UNITS:
        # "penalties of up to 10 years in prison": a term of the penalty it is, served where the text says
        after = doc[noun.i + 1: noun.i + 3]  # the parser may hang "in prison" on the penalty or the verb
        if len(after) == 2 and after[0].lower_ == "in" and after[1].lemma_.lower() in CUSTODY_NOUNS \
                and after[1].text not in counted:
            counted = f"{counted} in {after[1].text}"
        sentenced = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if sentenced is not None and sentenced.lemma_.lower() in PENALTY_NOUNS:
            predicate = " ".join(t.text for t in [*(t for t in sentenced.lefts if t.dep_ in ("amod", "compound")),
                                                   sentenced])
    if not counted and not predicate:
        return None
    if measure is Measure.OTHER and counted.lower() in ("others", "other people") and verb is not None \
            and _does_it_to_others(anchor, verb):
        return None  # "her sister and two others had recruited 17": who did it, not a count the graph tracks
    confidence = (CONFIDENCE[mechanism] - penalty - (0.15 if ellipsis else 0) - (0.1 if number.vague else 0)
                  - (0.05 if measure is Measure.OTHER else 0))
    qualifier_char = doc[number.qualifier_start].idx
    last = number.end if number.vague and number.end < len(doc) and doc[number.end].lower_ == "of" else number.end - 1
    end_char = doc[last].idx + len(doc[last])  # "thousands of", as written, before what it counts
    return Figure(
        key=ctx.fact_key("figure", number.value, span.start_char),
        value=number.value,
        value_text=ctx.text[qualifier_char:end_char],
        counted=counted,
        predicate=predicate,
        qualifier=number.qualifier,
        upper=number.upper,
        measure=measure,
        claimant=claimant.key if claimant else None,
        date=_date(ctx, span, reporting_verb, verb),
        place=_place(ctx, span, root, noun, counted_span, verb, claimant),
        origin=_origin(ctx, origin_noun if origin_noun is not None else tally.root if tally is not None else root,
                       counted_span) or origin,
        evidence=[ctx.evidence(span, mechanism, confidence)],
        vague=number.vague,
        retells=restated.key if restated is not None and restated.measure is measure else None,
    )


def _root(span: Span) -> Token:
    inside = range(span.start, span.end)
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    return roots[-1] if roots else span[-1]


def _of_a_pronoun(token: Token) -> bool:
    """A partitive "of them" / "of which" phrase."""
    return token.dep_ == "prep" and token.lower_ == "of" and any(o.lower_ in PARTITIVE_PRONOUNS for o in token.children)


def _fronted_partitive(root: Token) -> Token | None:
    """The group a subject number is part of when the clause opens with it: "Of the 49 Indians recruited, 12
    have died and 16 are missing" (for the 16, through the coordinated clause)."""
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = root.head
    while True:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i < root.i:
                # its object, or the counted noun inside it when the parse hangs a clause there ("Of the 30
                # Kenyans recruited" read as "of [Kenyans recruited]")
                return next((o for o in child.subtree if o.pos_ in ("NOUN", "PROPN") and (
                    o.dep_ == "pobj" and o.head.i == child.i or any(c.dep_ == "nummod" for c in o.children))), None)
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head


def _counts_informants(noun: Token, number: _Number) -> bool:
    """"two people say", "three officials told AFP": a few people, the subject of a verb of telling."""
    return (noun.lemma_.lower() in INFORMANT_NOUNS and noun.dep_ == "nsubj"
            and noun.head.lemma_.lower() in INFORMANT_VERBS and number.value <= MOST_INFORMANTS)


def _counted_noun(root: Token, number: _Number) -> tuple[Token | None, bool]:
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
    doc = root.doc
    between = doc[number.end: root.head.i]  # from the end of the number phrase to its noun
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i > root.i and not any(t.pos_ == "CCONJ" or t.text == "," for t in between):
        head = root.head
        if head.lower_ in VAGUE_SCALES or head.lower_ in SCALES:
            return _counted_noun(head, _Number(head.i, head.i + 1, head.i, 0, None, Qualifier.EXACT, False))
        return head, False
    if number.end < len(doc) and doc[number.end].lower_ in NOMINAL_ADJECTIVES and (
            number.end + 1 == len(doc) or doc[number.end + 1].pos_ not in ("NOUN", "PROPN")):
        return doc[number.end], False  # "left more than 140 dead": the dead are what is counted
    if root.dep_ == "quantmod" and number.end < len(doc) and doc[number.end].lower_ in RANGE_JOINERS:
        # "from 120 thousand to 50 thousand people": the first value counts what the second one does
        second = root.head
        while second.dep_ in ("quantmod", "nummod", "compound") and second.head.pos_ == "NUM":
            second = second.head
        if second.dep_ == "nummod" and second.head.pos_ in ("NOUN", "PROPN") and second.head.i > second.i:
            return second.head, False
    return _noun_after(doc, number.end), False


# Adjectives that stand for people after a number ("140 dead", "12 wounded").
NOMINAL_ADJECTIVES = frozenset({"dead", "wounded", "injured", "missing"})


def _noun_after(doc, i: int) -> Token | None:
    """The head of a noun phrase right after a number the parse did not attach to it ("a record 700 criminal
    cases", "10-year sentence"): modifiers, then the last noun of the run."""
    if i < len(doc) and doc[i].text == "-":
        i += 1
    noun = None
    for tok in doc[i: i + 5]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.text[:1].isalpha():
            noun = tok
        elif tok.pos_ in ("ADJ", "VERB") and tok.tag_ in ("JJ", "VBN", "VBG") and noun is None:
            continue
        elif tok.text == "-" and noun is not None:
            continue
        else:
            break
    return noun


def _counted_span(noun: Token, number: _Number, partitive: bool) -> Span:
    """The noun phrase counted: modifiers after the number, the noun, and its restrictive complements (up to
    `COUNTED_MAX_WORDS` words, ending at a noun, a participle or a name)."""
    doc = noun.doc
    start = noun.left_edge.i if partitive else max(noun.left_edge.i, number.end)
    while start < noun.i and (doc[start].pos_ in ("DET", "PRON", "PART", "PUNCT") or doc[start].dep_ == "poss"
                              or doc[start].dep_ == "case"):
        start += 1
    if any(t.lower_ in RANGE_JOINERS for t in doc[number.end: start + 1]):
        # "from 300 to 500 people": the first value's noun comes after the second value
        while start < noun.i and (doc[start].like_num or doc[start].lower_ in SCALES or doc[start].pos_ == "NUM"
                                  or doc[start].lower_ in RANGE_JOINERS):
            start += 1
    end = start
    limit = min(noun.right_edge.i + 1, noun.i + COUNTED_MAX_WORDS, start + COUNTED_MAX_WORDS + 2)
    relative = False
    while end < limit:
        token = doc[end]
        relative = relative or token.lower_ in ("who", "whom", "whose", "which", "that")
        if end > noun.i and token.tag_ in ("VBD", "VBZ", "VBP") and not relative:
            break  # "1 thousand rubles turned into …": the clause's own verb, not a part of what is counted
        if end > noun.i and not noun.is_ancestor(token):
            break  # "deported 80,000 migrants this year": the verb's date, inside the noun's span but not its phrase
        if end > noun.i and token.tag_ == "WRB":
            break  # "800 people near X, where one in four is unemployed": about the place, not the count
        if end > noun.i and (token.text in {"(", ",", ";", ":", "—", "–", "["} or token.is_space
                             or (token.text == "-" and token.whitespace_)
                             or (token.pos_ == "CCONJ" and end + 1 < limit and doc[end + 1].pos_ in ("VERB", "AUX"))):
            break
        end += 1
    while end - 1 > noun.i and doc[end - 1].pos_ not in ("NOUN", "PROPN", "NUM") and not (
            doc[end - 1].pos_ == "VERB" and doc[end - 1].tag_ in ("VBN", "VBG") and end - 1 == noun.i + 1):
        end -= 1
    return doc[start:end]


def _phrase_text(span: Span) -> str:
    text = "".join(t.whitespace_ if t.text in QUOTE_MARKS else t.text_with_ws for t in span)
    return " ".join(text.split())


def _told_in_the_sentence_before(sent: Span, figure: Figure) -> bool:
    """Whether `figure` is stated in the sentence right before `sent`: what a bare "the number" there retells
    (not a count three sentences back, when the sentence before spoke of other people)."""
    if sent.start == 0 or not figure.evidence:
        return False
    before = sent.doc[sent.start - 1].sent
    return figure.evidence[-1].sentence.strip() == before.text.strip()


def _restates_a_tally(root: Token) -> bool:
    """Whether a bare number is the value of a bare "the figure"/"the number" that its clause is about ("the
    actual figure may exceed one million", "the figure so far is 288"): the last count, told again."""
    verb = root.head
    return root.dep_ in ("dobj", "attr") and verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in TALLY_NOUNS and not any(p.lower_ == "of" for p in c.children)
        and any(d.lower_ in ("the", "this", "that") for d in c.children) for c in verb.children)


def _tally_phrase(sent: Span) -> Span | None:
    """The X of "the number/tally/toll of X" in the sentence: what an elided figure counts."""
    for token in sent:
        if token.lemma_.lower() in TALLY_NOUNS and token.pos_ == "NOUN" and token.i + 1 < sent.end:
            of = token.doc[token.i + 1]
            objects = [c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")] \
                if of.lower_ == "of" else []
            # not "a total of 45 Sri Lankans", which is a count itself
            if objects and not any(c.dep_ == "nummod" for c in objects[0].children):
                obj = objects[0]
                end = obj.i + 1
                for child in obj.rights:  # "Nepalis killed in the war": the participle says what is counted
                    if child.dep_ in ("acl", "amod") and child.pos_ in ("VERB", "ADJ"):
                        end = child.i + 1
                        break
                return token.doc[obj.left_edge.i if obj.left_edge.pos_ != "DET" else obj.left_edge.i + 1: end]
    return None


def _is_money(doc, number: _Number, noun: Token | None) -> bool:
    if doc[number.start].text in CURRENCY_SYMBOLS:
        return True
    if _currency_code_before(doc, number.start) is not None:
        return True  # "Rs 600,000", "USD 800", "Rs. 3 million"
    if any(t.ent_type_ == "MONEY" for t in doc[number.start:number.end]):
        return True
    return noun is not None and noun.lemma_.lower() in CURRENCIES


def _currency_code(token: Token) -> str | None:
    """The currency code a word is ("Rs.", "USD"), lower-cased, if it is one."""
    code = token.text.rstrip(".").lower()
    return code if code in CURRENCY_CODES else None


def _currency_code_before(doc, i: int) -> str | None:
    """The currency code right before token i, past the period of an abbreviation ("Rs. 3 million")."""
    if i >= 2 and doc[i - 1].text == "." and doc[i - 2].is_alpha:
        return _currency_code(doc[i - 2])
    return _currency_code(doc[i - 1]) if i > 0 else None


def _currency_name(doc, number: _Number) -> str:
    """What an amount without a currency noun counts: its symbol's or code's currency, and "per X"."""
    first = doc[number.start]
    before = doc[number.start - 1] if number.start > 0 else None
    if first.text in CURRENCY_SYMBOLS:
        name = CURRENCY_SYMBOLS[first.text]
    elif before is not None and before.text in CURRENCY_SYMBOLS:
        name = CURRENCY_SYMBOLS[before.text]
    elif (code := _currency_code_before(doc, number.start)) is not None:
        name = CURRENCY_CODES[code]
    else:
        name = "money"
    end = number.end
    if end + 1 < len(doc) and doc[end].lower_ in ("per", "a", "each") and doc[end].lower_ != "each":
        return f"{name} {doc[end].text} {doc[end + 1].text}"  # "dollars per person", "rubles a month"
    return name


def _predicate_text(anchor: Token, verb: Token | None) -> str:
    """What the text says happened to what is counted, in its words: the verb with its particle, negation,
    complement and first place or destination phrase ("sent to the front", "caught in Russia", "confirmed
    killed in action", "missing and injured"), when the counted phrase is the verb's subject or object."""
    if verb is None or not _is_argument(anchor, verb):
        return ""
    if verb.lemma_.lower() in REPORTING_VERBS:
        # "are reported to be missing", "are believed to have died": what is reported of them
        then = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if then is None or not _is_subject_of(anchor, verb):
            return ""
        words = [verb, *(t for t in then.subtree if t.i > verb.i)][:PREDICATE_MAX_WORDS]
        return " ".join(t.text for t in words if t.text not in QUOTE_MARKS and not t.is_punct)
    if verb.lemma_.lower() == "have" and not (_is_subject_of(anchor, verb) and any(
            c.dep_ == "dobj" for c in verb.children)):
        return ""  # "Russia has 200 soldiers there" says nothing of them; "172 did not have the right to work" does
    return " ".join(t.text for t in _verb_words(anchor, verb) if t.text not in QUOTE_MARKS and not t.is_punct)


def _clause_tokens(phrases: Iterable[Token]) -> set[int]:
    """The tokens of the relative clauses and reduced relatives inside the phrases: "natives born in 2004", "a
    camp that the army runs" (not an infinitive: "the right to stay")."""
    return {t.i for phrase in phrases for c in phrase.subtree
            if c.dep_ == "relcl" or c.dep_ == "acl" and c.tag_ in ("VBN", "VBG") for t in c.subtree}


def _is_subject_of(anchor: Token, verb: Token) -> bool:
    node = anchor
    while node.head.i not in (verb.i, node.i):
        node = node.head
    return node.head.i == verb.i and node.dep_ in ("nsubj", "nsubjpass")


def _verb_words(anchor: Token, verb: Token) -> list[Token]:
    """The verb with its particle, negation, complement and first phrase or object, in text order."""
    doc = anchor.doc
    words: list[Token] = []
    if verb.lemma_.lower() == "be":
        # "are missing and injured", "are on the front": the complement is the predicate
        words = [c for c in verb.children if c.dep_ in ("acomp", "attr", "prep") and c.i > verb.i][:1]
        if not words or anchor in words[0].subtree:
            return []  # "the number of refugees is now at 1.5 million": the complement is the figure itself
        head = words[0]
        words = [t for t in head.subtree if t.i >= head.i][:PREDICATE_MAX_WORDS]
    else:
        words = [verb]
        for child in verb.children:
            if child.i < verb.i and child.dep_ == "neg":
                words.append(child)
            if child.i > verb.i and child.dep_ in ("prt", "acomp", "oprd", "xcomp", "neg"):
                words += [t for t in child.subtree if t.i >= child.i][:4]
            elif child.i == verb.i + 1 and child.dep_ == "advmod" and child.lower_ in ADVERB_PARTICLES:
                words.append(child)  # "bring back", "sent home": a particle the parser took for an adverb
            elif child.i > verb.i and child.dep_ in ("prep", "dobj", "dative") and anchor not in child.subtree \
                    and not any(w.dep_ in ("prep", "dobj") for w in words[1:]) \
                    and not any(t.like_num for t in child.subtree) \
                    and _currency_code(child) is None:
                # (not "with 2,500 serving …", another figure, nor the "Rs." of "earning Rs. 3 million")
                # the phrase up to a comma or a clause on its noun: "sent to the special military operation zone"
                clauses = _clause_tokens([child])
                phrase = []
                for t in child.subtree:
                    # a hyphen inside a word ("the Russia-Ukraine war") does not end the phrase
                    infix = t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_
                    if t.is_punct and not infix or t.i in clauses or len(phrase) == PHRASE_MAX_WORDS:
                        break
                    phrase.append(t)
                words += phrase
        if any(c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ") for c in verb.children) and verb.dep_ != "conj":
            conj = next(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ"))
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                words += [t for t in doc[conj.i - 1: conj.i + 1] if t.pos_ in ("CCONJ", "VERB", "ADJ")]
    words = sorted({t.i: t for t in words}.values(), key=lambda t: t.i)[:PREDICATE_MAX_WORDS]
    while words and words[-1].pos_ in ("ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT"):
        words.pop()  # "died fighting for Russia in": the cut ends at a word of its own
    return words


def _percentage(ctx: ExtractionContext, number: _Number, root: Token,
                quotes: Sequence[LocatedQuote]) -> Figure | None:
    """A share or a change in per cent: what it is of ("45% of GDP") or the subject of the verb it measures
    ("remittance flows … have declined by 22.1%", "the number of migrant workers dropped by nearly 8%")."""
    doc = ctx.doc
    sign = doc[number.end]  # "%" or "percent" ("per cent" is two words)
    sign_end = number.end + (2 if sign.lower_ == "per" else 1)
    head = sign if sign.pos_ in ("NOUN", "PROPN", "SYM") and sign.head.i != number.start else root
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = ""
    change = head.head if head.dep_ in ("compound", "amod", "nmod", "nummod") else None
    if change is not None and (change.lemma_.lower() in CHANGE_NOUNS or change.lemma_.lower() in SHARE_NOUNS):
        # "a 16% rise in remittances", "a 14% drop", "a 20% share of the market": the change or the part is
        # what the percentage measures
        what = next((c for c in change.children if c.dep_ == "prep" and c.lower_ in ("in", "of")), None)
        counted = change.text + (f" {_phrase_text(doc[what.i: what.right_edge.i + 1])}" if what is not None else "")
    verb = _governing_verb(head)
    by_verb = head.dep_ == "pobj" and head.head.lower_ == "by" and verb is not None and head.head.head.i == verb.i
    changed = next((c for c in verb.children if c.dep_ == "dobj"), None) if by_verb and not counted else None
    if changed is not None:
        # "reversed food prices by 20 percent": a transitive verb of change changes its object, not its subject
        counted = _phrase_text(doc[changed.left_edge.i: changed.right_edge.i + 1])
    if verb is not None and not counted:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i not in range(number.start, sign_end):
            left = min([subject.i] + [c.left_edge.i for c in subject.lefts
                                      if c.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "nsubj")])
            counted = _phrase_text(doc[left: subject.right_edge.i + 1])
    if not counted and of is not None:
        counted = _phrase_text(doc[of.i + 1: of.right_edge.i + 1])  # "45% of the migrants"
    predicate = verb.text if verb is not None and verb.lemma_.lower() not in REPORTING_VERBS else ""
    if of is not None and verb is not None and counted and not counted.startswith(_phrase_text(
            doc[of.i + 1: of.right_edge.i + 1])):
        predicate += f" … of {_phrase_text(doc[of.i + 1: of.right_edge.i + 1])}"  # "accounted … of GDP"
    if not counted:
        return None  # "by 8%" of nothing named: no claim an analyst can read
    claimant, mechanism, penalty, reporting_verb = _claimant(ctx, root, quotes)
    span = doc[number.start:number.end]
    end_char = doc[sign_end - 1].idx + len(doc[sign_end - 1])
    return Figure(
        key=ctx.fact_key("figure", number.value, span.start_char),
        value=number.value,
        value_text=ctx.text[doc[number.qualifier_start].idx:end_char],
        counted=" ".join(counted.split()[:COUNTED_MAX_WORDS]),
        predicate=predicate,
        qualifier=number.qualifier,
        upper=number.upper,
        measure=Measure.PERCENTAGE,
        claimant=claimant.key if claimant else None,
        date=_date(ctx, span, reporting_verb, verb),
        evidence=[ctx.evidence(span, mechanism, CONFIDENCE[mechanism] - penalty - 0.05)],
    )


def _payment_phrase(root: Token, number: _Number) -> str | None:
    """What an amount of money is, when a payment noun holds it: "monthly pay between $2,500 and $3,000", "a
    salary of $1,100", "$7,700 in compensation for injuries", "$2,000 monthly"."""
    doc = root.doc
    worth = _worth_of(root)
    if worth is not None:
        return worth
    # (the parse may hang the phrase on the verb the amount is the object of: "offer $3,150 for joining …")
    holders = [root, root.head] if root.dep_ == "dobj" else [root]
    for prep in (c for holder in holders for c in holder.children
                 if c.dep_ == "prep" and c.lower_ == "for" and c.i > root.i):
        deed = next((c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        if deed is not None:  # "$2,390 for joining the army (and monthly salaries …)": what it pays for
            others = {t.i for x in prep.subtree if x.dep_ in ("conj", "cc") for t in x.subtree}
            words = itertools.takewhile(lambda t: t.i not in others, list(prep.subtree)[:PREDICATE_MAX_WORDS])
            return " ".join(t.text for t in words if not t.is_punct)
    node = root
    while node.dep_ in ("pobj", "prep", "conj", "appos", "quantmod", "nmod", "nummod") and node.head.i != node.i:
        node = node.head
        if node.pos_ == "NOUN" and node.lemma_.lower() in PAYMENT_NOUNS:
            words = [t for t in node.lefts if t.dep_ in ("amod", "compound")] + [node]
            return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        if node.pos_ in ("VERB", "AUX"):
            break
    after = doc[number.end: number.end + 5]
    for tok in after:
        if tok.dep_ == "prep" and tok.lower_ == "in":  # "$7,700 in compensation for injuries"
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in PAYMENT_NOUNS:
                return " ".join(t.text for t in list(obj.subtree)[:PREDICATE_MAX_WORDS] if not t.is_punct)
        if tok.lower_ in ("monthly", "annually", "yearly", "weekly", "daily"):  # "$2,000 monthly"
            return tok.lower_
    return None


def _worth_of(root: Token) -> str | None:
    """What "worth $200 million" is the value of: the noun "worth" follows ("security assistance to Ukraine
    worth US$200 million"), above a place that the parser hung it on."""
    worth = root.head if root.dep_ in ("npadvmod", "pobj", "dobj") else None
    if worth is None or worth.lower_ != "worth":
        return None
    noun = worth.head
    while noun.ent_type_ in ("GPE", "LOC") and noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "assistance to Ukraine worth …"
    if noun.pos_ != "NOUN" or noun.i > worth.i:
        return None
    start = min([noun.i, *(t.i for t in noun.lefts if t.dep_ in ("amod", "compound"))])
    words = [t for t in root.doc[start:worth.i] if not t.is_punct][:PREDICATE_MAX_WORDS]
    return " ".join(t.text for t in words)


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
        if ancestor.lemma_.lower() == "accord":
            continue  # "according to X, 200 …": a source phrase, whatever the parse makes of it
        if ancestor.pos_ in ("VERB", "AUX") or (ancestor.pos_ == "ADJ" and ancestor.lemma_.lower() == "dead"):
            if token.dep_ == "nsubj" and token.head.i == ancestor.i and _controlled_infinitive(ancestor):
                return ancestor.head  # "recruited 15,000 Nepalis to fight": the object of "recruited"
            return ancestor
    return None


def _controlled_infinitive(verb: Token) -> bool:
    """An infinitive whose subject the parse gives it but is the object of the verb above ("recruited 15,000
    Nepalis to fight its war", "forced 40 men to sign contracts")."""
    return verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ == "VERB" and verb.i > verb.head.i and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ == "dobj" for c in verb.head.children)


def _measure(anchor: Token, noun: Token | None, verb: Token | None, counted: Span | None) -> Measure:
    """The predicate first, then a noun governing the number, then the counted noun and its modifiers. A count
    of countries or places ("mercenaries from 48 countries") measures no people."""
    if noun is not None and noun.lemma_.lower() in PLACE_NOUNS:
        return Measure.OTHER
    if noun is not None and noun.lemma_.lower() == "life":
        return Measure.KILLED  # "the loss of seven lives", "claimed 12 lives"
    if verb is not None and _does_it_to_others(anchor, verb):
        verb = None  # "two others had recruited 17 people": the recruiters, whom the verb says nothing happened to
    if verb is not None and _is_argument(anchor, verb):
        found = _predicate_measure(verb)
        if found is not None:
            return found
    for token in _between(anchor, verb):
        if found := _noun_measure(token):
            return found
    if counted is not None and (found := _phrase_measure(counted)):
        return found
    for child in anchor.children:  # "200 killed", "migrants detained in raids"
        if child.dep_ in ("acl", "relcl") and (found := _verb_measure(child)):
            return found
    if noun is not None:
        if found := _noun_measure(noun):
            return found
        for child in noun.children:
            if child.dep_ in ("relcl", "acl") and (found := _verb_measure(child)):
                return found
            if child.dep_ == "amod" and (found := VERB_MEASURES.get(child.lemma_.lower())) in (
                    Measure.NATURALIZED, Measure.MOBILIZED, Measure.DETAINED, Measure.RECRUITED):
                return found
    if verb is not None and (found := _verb_measure(verb)):
        return found  # the number in a phrase of the verb's ("were sent to the front in groups of 20")
    return Measure.OTHER


def _does_it_to_others(anchor: Token, verb: Token) -> bool:
    """Whether the counted phrase is the active subject of a verb that does to an object of its own what the
    graph counts ("two others had recruited 17 people"; not "have died fighting", "lost their lives")."""
    node = anchor
    while node.head.i not in (verb.i, node.i):
        node = node.head
    return node.head.i == verb.i and node.dep_ == "nsubj" and not any(
        c.dep_ == "auxpass" for c in verb.children) and verb.lemma_.lower() in DONE_TO_VERBS and any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and not c.lower_.endswith("ing")
        for c in verb.children)


def _at_the_front(prep: Token) -> bool:
    """"on the front line", "at the front", "in the trenches": a place at war the people are at."""
    return prep.lower_ in ("on", "at", "in") and any(t.lower_ in FRONT_WORDS for t in prep.subtree)


def _predicate_after_participle(verb: Token | None) -> Token | None:
    """The real predicate when the parser took a reduced relative for the clause's verb: in "six Sri Lankans
    sent to Russia by traffickers have been killed" the bare participle "sent" (no auxiliary) got the subject,
    and "have been killed", the next verb with an auxiliary and no subject of its own, says what happened."""
    # (the tagger may call the participle a past tense: "seven Nepalis recruited in the army have died")
    if verb is None or verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
            or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    for token in verb.doc[verb.right_edge.i + 1: verb.sent.end]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            has_aux = any(c.dep_ in ("aux", "auxpass") for c in token.children)
            # "28 of the people detained had valid permits": a finite verb right after the participle's phrase
            finite_next = token.tag_ in ("VBD", "VBZ", "VBP") and token.i == verb.right_edge.i + 1 \
                and verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("NOUN", "PROPN")
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
            coordinated = any(c.dep_ == "cc" for c in token.children) or \
                token.doc[token.left_edge.i - 1].lower_ in ("and", "or", "but", ",")
            return token if (has_aux or finite_next) and not has_subject and not coordinated else None
    return None


def _is_argument(anchor: Token, verb: Token) -> bool:
    """Whether the counted phrase is the verb's subject or object (not in a clause or phrase of its own)."""
    node = anchor
    while node.head.i != node.i and node.head.i != verb.i:
        if node.dep_ == "nsubj" and node.head.head.i == verb.i and _controlled_infinitive(node.head):
            return True  # "recruited 15,000 men to fight": the object the parse made the infinitive's subject
        if node.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return False
        node = node.head
    return node.head.i == verb.i and node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj", "appos", "pobj",
                                                   "dative", "oprd", "npadvmod", "prep")


def _predicate_measure(verb: Token) -> Measure | None:
    """What the predicate says happened to the counted people: the verb, its adjective ("are missing and
    injured", "found dead") or the verb it leads to ("have been confirmed killed")."""
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd") and child.lower_ in ADJECTIVE_MEASURES:
            return ADJECTIVE_MEASURES[child.lower_]
    found = _verb_measure(verb)
    if found is not None:
        return found
    if verb.lower_ in ADJECTIVE_MEASURES:  # "are missing" parsed as the verb itself
        return ADJECTIVE_MEASURES[verb.lower_]
    for child in verb.children:
        if (child.dep_ == "xcomp" and child.lemma_ == "be") or child.dep_ == "attr":
            # "are reported to be prisoners of war", "are prisoners": what the predicate noun says they are
            for noun in [child] if child.dep_ == "attr" else [c for c in child.children if c.dep_ == "attr"]:
                if (found := _noun_measure(noun)) is not None:
                    return found
            if child.dep_ == "xcomp":  # "are reported to be missing"
                for adjective in (c for c in child.children if c.dep_ == "acomp"):
                    if adjective.lower_ in ADJECTIVE_MEASURES:
                        return ADJECTIVE_MEASURES[adjective.lower_]
        if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue  # "counted 5,200 migrants, and 900 of these men were conscripted": another clause
        if child.dep_ in ("xcomp", "oprd", "acomp", "conj", "ccomp") and child.pos_ in ("VERB", "ADJ"):
            if child.lower_ in ADJECTIVE_MEASURES:
                return ADJECTIVE_MEASURES[child.lower_]
            if child.dep_ != "ccomp" and (found := _verb_measure(child)):
                return found
    return None


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
    if lemma in REVOKE_WORDS and any(t.lemma_.lower() in CITIZENSHIP_NOUNS for t in verb.subtree):
        return Measure.REVOKED  # "stripped of their citizenship"
    if lemma in CONDITIONAL_DEPLOYMENT_VERBS:
        # "sent to the front", "serving in the Russian army"; not "sent to police stations"
        destinations = {t.lower_ for child in verb.children if child.dep_ in ("prep", "dative", "advmod", "xcomp")
                        for t in child.subtree}
        return Measure.DEPLOYED if destinations & WAR_DESTINATIONS else None
    if lemma == "hold" and any(c.lemma_.lower() in CAPTIVITY_NOUNS for child in verb.children if child.dep_ in (
            "prep", "oprd", "dobj") for c in (child, *child.children)):
        return Measure.DETAINED  # "held in captivity", "held prisoner"
    if lemma in ("sign", "call", "round", "lose", "hold"):  # only as the phrases above (or "held captive")
        return None
    return VERB_MEASURES.get(lemma)


def _noun_measure(noun: Token) -> Measure | None:
    lemma = noun.lemma_.lower()
    if lemma == "worker" and any(c.lemma_.lower() in MIGRANT_MODIFIERS for c in noun.children):
        return Measure.MIGRANTS
    if lemma in ("decision", "case", "ruling") and any(
            t.lemma_.lower() in REVOKE_WORDS for t in noun.subtree if t.i > noun.i):
        return Measure.REVOKED  # "2,875 decisions on the termination of citizenship"
    return NOUN_MEASURES.get(lemma)


def _phrase_measure(phrase: Span) -> Measure | None:
    """A measure the counted phrase itself states: revocations of citizenship, or its head noun's."""
    lemmas = {t.lemma_.lower() for t in phrase}
    if lemmas & REVOKE_WORDS and lemmas & CITIZENSHIP_NOUNS:
        return Measure.REVOKED
    head = phrase.root
    head_measure = _noun_measure(head) if head.pos_ in ("NOUN", "PROPN") else None
    participles = [t for t in phrase if t.dep_ == "acl" and t.pos_ in ("VERB", "ADJ")]
    adjectives = [t for t in phrase if t.dep_ == "amod" and t.pos_ in ("VERB", "ADJ")]
    # What happened to them before what they are: "30 recruits killed in a strike" counts the killed.
    for modifier in participles + ([] if head_measure else adjectives):
        if found := ADJECTIVE_MEASURES.get(modifier.lower_) or VERB_MEASURES.get(modifier.lemma_.lower()):
            return found
    return head_measure


# --- claimant, date, place ---


def _claimant(ctx: ExtractionContext, root: Token,
              quotes: Sequence[LocatedQuote]) -> tuple[Entity | None, str, float, Token | None]:
    """(claimant, mechanism, confidence penalty, the reporting verb if one attributed the figure)."""
    for verb in _reporting_verbs(root):
        agent = agent_of(ctx, verb, CLAIMANT_KINDS)
        if agent.entity is not None:
            return agent.entity, "figure:reporting-verb-subject", agent.penalty, verb
        city = _speaking_city(ctx, verb)
        if city is not None:
            return city, "figure:reporting-verb-subject", 0.05, verb
    source = according_to(ctx, root.sent, CLAIMANT_KINDS)
    if source.entity is not None:
        return source.entity, "figure:according-to", 0.0, None
    for token in root.sent:
        if token.lemma_.lower() in SOURCE_NOUNS and token.pos_ == "NOUN":
            for child in token.children:
                owner = child if child.dep_ == "poss" else next(
                    (o for o in child.children if o.dep_ == "pobj"), None) if (
                    child.dep_ == "prep" and child.lower_ in ("by", "from", "of")) else None
                if owner is not None:
                    # "the tally of Nepalis" names what is counted; "data of the ministry" who counted
                    kinds = CLAIMANT_KINDS if child.dep_ == "poss" or child.lower_ != "of" else (
                        EntityKind.PERSON, EntityKind.ORGANIZATION)
                    entity, _ = resolve_phrase(ctx, owner, kinds)
                    if entity is not None:
                        return entity, "figure:estimate-by", 0.0, None
    for located in quotes:
        if located.start <= root.idx < located.end:
            return ctx.entities.get(located.quote.speaker), "figure:quote-speaker", 0.0, None
    return None, "figure:unattributed", 0.0, None


def _speaking_city(ctx: ExtractionContext, verb: Token) -> Entity | None:
    """A city that is the whole subject of a reporting verb speaks for its government: "Havana announced it
    had arrested 17 people", "Moscow claims …"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    city = ctx.entities.at(start, end, EntityKind.CITY)
    return city if city is not None and any(m.key == city.key and m.start <= start and end <= m.end
                                            for m in ctx.entities.mentions) else None


def _reporting_verbs(root: Token) -> list[Token]:
    """Reporting verbs whose content holds the number, nearest first: up the parse from the number, not out
    of an adverbial or relative clause; then a trailing attribution the parse hung on one of them as a
    conjunct ("… were summoned, Asia-Plus reported")."""
    governing: list[Token] = []
    climbed: list[Token] = []
    node = root
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ in NON_REPORTED_CLAUSES and (
                node.dep_ != "advcl" or any(c.dep_ == "mark" and c.lower_ not in CONTRASTING_MARKS
                                            for c in node.children)):
            break  # "… after it emerged that hundreds …"; not "…, with 20 to 30 killed", "…, while 12 are held"
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            climbed.append(node)
            if node.lemma_.lower() in REPORTING_VERBS:
                governing.append(node)
    trailing = [
        child for a in climbed for child in a.children
        if child.dep_ == "conj" and child.i > root.i and child.pos_ == "VERB"
        and child.lemma_.lower() in REPORTING_VERBS and child.doc[child.left_edge.i - 1].text == ","
    ]
    return governing + trailing


def _date(ctx: ExtractionContext, span: Span, reporting_verb: Token | None, verb: Token | None) -> PartialDate | None:
    """A date of the figure's own clause: on its verb (or the number's noun), else on its reporting verb; not
    a date inside another noun phrase ("since the Federal Law of April 28, 2023")."""
    found = dates_in(span.sent, ctx.article.published)
    relative = _relative_antecedent(verb) if verb is not None else None
    for wanted in (verb, reporting_verb, relative):
        if wanted is None:
            continue
        for ent, value in found:
            if attaches_to(ent.root, wanted):
                return value
    return None


def _place(ctx: ExtractionContext, span: Span, root: Token, noun: Token | None, counted: Span | None,
           verb: Token | None, claimant: Entity | None) -> str | None:
    """The region, city or country where what the figure counts happened: a place the counted phrase locates
    ("500 migrants in Moscow"), else the event's own place (the verb's "in X", the subject's "police in X",
    the "at X" of the noun a relative clause hangs on: "one at a St. Petersburg warehouse in which 100 …
    were detained", "sent to Ukraine"), else the country of the body that acts ("Indian police arrested
    four"). Where the counted people come from is their origin (`_origin`), not a place."""
    doc = ctx.doc
    sent = span.sent
    listed = _listed_place(ctx, span)
    if listed is not None:
        return listed.key
    clauses = _clause_chain(verb) if verb is not None else []
    there = _there_place(ctx, span, noun, clauses)
    if there is not None:
        return there.key
    subject_places = _subject_locations(clauses)
    relative = _relative_antecedent(verb) if verb is not None else None
    on_counted: list[Entity] = []
    on_verb: list[Entity] = []
    claimant_names = [(m.start, m.end) for m in ctx.entities.mentions if claimant is not None and m.key == claimant.key]
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
        if _is_demonym(token, entity):
            continue  # a demonym ("Nepali citizens", "new Russians") says who, not where
        via_prep = _locating_preposition(token)
        if verb is not None and _relative_head(verb) == token.i:
            on_verb.append(entity)  # "Tajikistan, where at least 14 citizens are confirmed dead …"
            continue
        if via_prep is None and not (relative is not None and token.head.i == relative.i
                                     and token.dep_ in ("compound", "nmod")):
            continue
        if claimant is not None and (entity.key == claimant.key or any(
                start <= mention.start and mention.end <= end for start, end in claimant_names)):
            continue  # "Kazakhstan said 50 …", "the Embassy in Moscow reports 185 …": the claimant, not the place
        in_relative_clause = counted is not None and any(
            a.dep_ == "relcl" and counted.start <= a.i < counted.end for a in token.ancestors)
        if counted is not None and counted.start <= token.i < counted.end and not in_relative_clause:
            on_counted.append(entity)
        elif via_prep is not None and (any(via_prep.head.i == c.i for c in clauses) or via_prep.i in subject_places
                                       or (relative is not None and via_prep.head.i == relative.i)
                                       or via_prep.head.i == root.i or _in_occasion_of(via_prep, clauses)):
            on_verb.append(entity)
        elif relative is not None and token.head.i == relative.i:
            on_verb.append(entity)
    if on_counted:
        return on_counted[0].key
    if on_verb:
        return on_verb[0].key
    for clause in clauses:  # "Indian police arrested four people": where the country's police act
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            body = ctx.entities.at(subject.idx, subject.idx + len(subject), EntityKind.ORGANIZATION)
            if body is not None and claimant is not None and body.key == claimant.key:
                continue  # "Kyrgyz authorities confirmed the deaths of ten": who tells it, not where it happened
            if body is not None and body.country and body.org_kind is not None and body.country in ctx.entities.entities:
                return body.country
    return None


def _listed_place(ctx: ExtractionContext, span: Span) -> Entity | None:
    """The place a number in parentheses stands for, in a list of places and counts: "Cyprus (700)"."""
    doc = span.doc
    if span.start < 2 or span.end >= len(doc) or doc[span.start - 1].text != "(" or doc[span.end].text != ")":
        return None
    named = doc[span.start - 2]
    place = ctx.entities.at(named.idx, named.idx + len(named))
    return place if place is not None and place.kind in PLACE_KINDS else None


def _there_place(ctx: ExtractionContext, span: Span, noun: Token | None, clauses: Sequence[Token]) -> Entity | None:
    """The place "there" refers to, when the figure's clause or its counted noun's participle goes "there":
    "The UAE emerged as the top destination, with 17,541 Nepalis traveling there", "the number traveling to
    Malaysia …, with only 1,344 workers heading there". It is the last place named before "there" in its
    sentence, else in the sentence before (not a demonym, which says who, not where)."""
    holders = [*clauses, *(c for c in (noun.children if noun is not None else ()) if c.dep_ == "acl")]
    there = next((c for h in holders for c in h.children if c.lower_ == "there" and c.dep_ == "advmod"), None)
    if there is None:
        return None
    sent = span.sent
    # Only a sentence that names no place of its own before "there" looks back to the one before.
    named = any(t.pos_ == "PROPN" for t in ctx.doc[sent.start: there.i])
    previous = ctx.doc[sent.start - 1].sent if sent.start > 0 and not named else None
    for start, end in ((sent.start_char, there.idx), *(((previous.start_char, previous.end_char),) if previous else ())):
        for mention in reversed(ctx.entities.mentions):
            entity = ctx.entities.entities[mention.key]
            if not (start <= mention.start and mention.end <= end) or entity.kind not in PLACE_KINDS:
                continue
            place = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if place is not None and not _is_demonym(place.root, entity):
                return entity
    return None


# Nouns of an occasion whose place is where what a figure counts happened ("detained 600 migrants during
# the raid on a market in Moscow").
OCCASION_NOUNS = frozenset({"raid", "operation", "round-up", "roundup", "sweep", "check", "inspection",
                            "crackdown", "search"})


def _in_occasion_of(via_prep: Token, clauses: Sequence[Token]) -> bool:
    """Whether a locative phrase sits inside an occasion phrase of the figure's clause: "during the raid on
    the Sadovod market in Moscow" (through nouns and prepositions only)."""
    node, occasion = via_prep.head, False
    while node.pos_ in ("NOUN", "PROPN", "ADP"):
        occasion = occasion or node.lemma_.lower() in OCCASION_NOUNS
        if node.pos_ == "ADP" and any(node.head.i == c.i for c in clauses):
            return occasion
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _origin(ctx: ExtractionContext, noun: Token | None, counted: Span | None) -> str | None:
    """The country whose citizens or natives the figure counts: a demonym or a possessor on the counted noun
    ("42 Nepali citizens", "Kyrgyz recruits", "their nationals"), the demonym counted itself ("34 Uzbeks"),
    or "from X" / "citizens of X" on it ("19 from Kyrgyzstan", "natives of Kazakhstan")."""
    if noun is None:
        return None
    for token in [noun, *(c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod"))]:
        entity = ctx.entities.at(token.idx, token.idx + len(token), EntityKind.COUNTRY)
        if entity is not None:
            return entity.key
        if token.dep_ == "poss" and token.lower_ in ("their", "its"):
            owner = _subject_country(ctx, token)
            if owner is not None:
                return owner.key
    heads = {noun.i} if noun.pos_ == "NUM" else _coordinated(noun)  # an elided figure's own "19 from Kyrgyzstan"
    for prep in (c for n in heads for c in noun.doc[n].children if c.dep_ == "prep"):
        if prep.lower_ == "from" or (prep.lower_ == "of" and noun.lemma_.lower() in PEOPLE_NOUNS):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                entity = ctx.entities.at(obj.idx, obj.idx + len(obj), EntityKind.COUNTRY)
                if entity is not None:
                    return entity.key
    return None


def _is_demonym(token: Token, entity: Entity) -> bool:
    """A token that names a country's people, not the country ("Nepalis", "Russians", "Kyrgyz"); an acronym
    ("the UAE emerged") names the country, unless it modifies a noun ("US citizens")."""
    return entity.kind is EntityKind.COUNTRY and token.lower_ not in {
        w.lower() for w in entity.name.split()} and token.pos_ in ("PROPN", "NOUN", "ADJ") and not token.text.endswith("'s") \
        and not (token.is_upper and len(token.text) > 1 and token.dep_ not in ("amod", "compound", "nmod"))


def _locating_preposition(token: Token) -> Token | None:
    """The locative preposition a place name hangs from, through "the city of X" and "a X warehouse"; "to" of
    a verb of motion ("sent to Ukraine") locates where the people are."""
    node = token
    for _ in range(4):
        if node.dep_ == "pobj" and (node.head.lower_ in LOCATIVE_PREPOSITIONS or (
                node.head.lower_ in ("to", "into") and node.head.head.lemma_.lower() in MOTION_VERBS)):
            return node.head
        if node.dep_ in ("pobj", "compound", "nmod", "amod", "appos") and node.head.i != node.i and (
                node.dep_ != "pobj" or node.head.lower_ == "of"):
            node = node.head if node.dep_ != "pobj" else node.head.head
            continue
        return None
    return None


def _subject_locations(clauses: list[Token]) -> set[int]:
    """Prepositions locating a clause's subject: "police in Nizhny Novgorod rounded up 20"."""
    found = set()
    for clause in clauses:
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            found |= {c.i for c in subject.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPOSITIONS}
    return found


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause "in which …" hangs on: "one at a St. Petersburg warehouse in which …"."""
    node = verb
    while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head
    if node.dep_ != "relcl":
        return None
    return node.head


def _subject_country(ctx: ExtractionContext, token: Token) -> Entity | None:
    """The country "their" or "its" refers to: the subject of its clause ("Nepal and Sri Lanka have warned their
    citizens", "after it emerged that hundreds of their nationals …"), or the country of a government or
    ministry that is ("the Tajik government estimates that one million of its citizens …")."""
    node = token
    while node.head.i != node.i:
        node = node.head
        for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")):
            entity = ctx.entities.at(subject.idx, subject.idx + len(subject), EntityKind.COUNTRY)
            body = ctx.entities.at(subject.idx, subject.idx + len(subject), EntityKind.ORGANIZATION)
            if entity is None and body is not None and body.org_kind is OrgKind.GOVERNMENT_AGENCY and body.country:
                entity = ctx.entities.get(body.country)
            if entity is not None:
                return entity
    return None


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
            if child.dep_ in ("conj", "appos") and child.pos_ != "NUM":  # not "(19 from Kyrgyzstan, …)"
                found.add(child.i)
                stack.append(child)
    return found


def _clause_chain(verb: Token) -> list[Token]:
    """The verb, the verbs it controls ("sent … to fight") and those controlling it ("is estimated to send")."""
    # not a contrasting clause ("…, while the ministry told us there were 200"): that is another claim
    chain = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                     and not any(m.dep_ == "mark" and m.lower_ in CONTRASTING_MARKS for m in c.children))]
    current = verb
    while current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
        current = current.head
        chain.append(current)
    return chain
