"""Countries of origin: whose citizens or natives are recruited into, fight for, die for, or are targeted by
Russia's forces.

Patterns (all need a war or recruitment cue in the sentence, except a demonym on a recruit noun):
- a demonym on a people noun: "Nepali recruits", "Tajik migrants"; a demonym as a noun: "Uzbeks and Tajiks
  serving as soldiers", "12 Nepalis were killed";
- "from X" on a people noun or a number: "migrants from X", "19 from X";
- "citizens/nationals/natives of X", "X nationals", "X's citizens";
- a country as the subject of a clause about "its/their citizens": "X has urged Russia not to recruit its
  citizens", "X opened criminal cases against citizens who joined Russian formations", "X, where 14 citizens
  are confirmed dead".
The belligerents themselves (Russia, Ukraine) are never countries of origin of Russia's foreign recruits.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span, Token

from kg.extract.context import ExtractionContext
from kg.extract.titles import PRIVATE_CUES
from kg.model import PLACE_KINDS, Entity, EntityKind, OriginClaim, OriginRelation

BELLIGERENTS = {"country/russia", "country/ukraine"}
PEOPLE_NOUNS = {
    "migrant", "recruit", "soldier", "citizen", "national", "worker", "fighter", "mercenary", "man", "men",
    "volunteer", "conscript", "native", "immigrant", "laborer", "labourer", "student", "prisoner", "resident",
    "people", "troop", "serviceman", "contractor", "guest", "detainee", "passport", "candidate", "applicant",
    "foreigner",
}
# Words of a phrase about something besides the clause's own matter ("Apart from the forced recruitment of
# migrants, the report mentions the exploitation of workers from X").
ASIDE_WORDS = frozenset({"apart", "aside", "besides", "except", "unlike", "beyond"})
# Dependents that start a clause of their own (the xcomp of "urged Russia not to recruit" does not).
OTHER_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "parataxis", "conj", "relcl"})
# Which side foreigners are on: Ukraine's ("fought for Ukraine", "a contract with the Armed Forces of Ukraine")
# or Russia's. (Not "in Ukraine": where the war is.)
UKRAINE_SIDE = re.compile(
    r"\b(?:for|on behalf of) (?:the )?Ukraine\b(?!['’]s? war| war)|\b(?:for|with|in|into|join(?:ed|ing|s)?) (?:the )?"
    r"(?:Ukrainian (?:side|army|armed forces|forces|military|ranks)|Armed Forces of Ukraine|International Legion)|"
    r"\bUkraine['’]s (?:armed forces|army|military|side)|\bon (?:the )?Ukrainian side"
    r"|\bon the side of (?:the )?(?:Ukraine\b|Ukrainian (?:army|armed forces|forces))"
    r"|\bagainst (?:the )?Russian (?:army|armed forces|forces|troops)"
    r"|\bfight(?:s|ing)? (?:the )?Russian (?:army|armed forces|forces|troops)",
    re.IGNORECASE)
# Combat between sides: "three days of heavy fighting with Russian forces" is fighting against them.
COMBAT_WITH = re.compile(r"\b(?:heavy|fierce|intense|bloody|days of|weeks of) fighting with\b", re.IGNORECASE)
RUSSIA_SIDE = re.compile(
    r"\b(?:for|on behalf of|into|join(?:ed|ing|s)?) (?:the )?Russia\b|\b(?:for|with|in|into|join(?:ed|ing|s)?) "
    r"(?:the )?Russian (?:side|army|armed forces|forces|military|ranks|ministry of defen[cs]e)|\bon (?:the )?Russian "
    r"side|\bon the side of (?:the )?(?:Russia\b|Russian (?:army|armed forces|forces))"
    r"|\bagainst (?:the )?(?:Ukraine|Ukrainian (?:army|armed forces|forces|troops))\b"
    r"|\bRussia['’]s (?:army|war|forces|military)|\bWagner\b", re.IGNORECASE)
COMBAT_WORDS = re.compile(r"\b(?:fight|fought|serv|join|contract|volunteer|legion|mercenar|enlist|battalion|recruit)",
                          re.IGNORECASE)
CITIZEN_NOUNS = {"citizen", "national", "native", "passport"}
RECRUITING_NOUNS = frozenset({"recruitment", "recruiting", "enlistment"})
# People named by where they live or were born: "a resident of the Naryn region" is of the region's country.
RESIDENT_NOUNS = frozenset({"resident", "native"})
TROOP_SENDING_VERBS = frozenset({"send", "deploy", "dispatch"})
SENT_PEOPLE = frozenset({"troop", "soldier", "fighter", "serviceman", "personnel", "unit", "force"})
# Verbs of recruiting whose object may be the countries recruited from ("targeting nations like X").
LISTING_VERBS = frozenset({"target", "recruit", "lure", "approach", "tap"})
HELPING_VERBS = frozenset({"help", "support", "assist", "aid", "bolster", "reinforce", "fight"})
RUSSIA_KEY_NAMES = frozenset({"russia", "russia's", "russia’s", "kursk", "moscow"})
# A sentence that lists where people come from.
ORIGIN_LISTS = re.compile(r"\bcountr(?:y|ies) of origin\b|\bnationalit(?:y|ies)\b", re.I)
CUES: tuple[tuple[OriginRelation, re.Pattern[str]], ...] = (
    (OriginRelation.KILLED, re.compile(r"\b(killed|dead|died|die|death|bodies|fallen|casualt)", re.I)),
    (OriginRelation.PROSECUTED, re.compile(r"\b(criminal cases?|prosecut|convicted|sentenced|charged)", re.I)),
    (OriginRelation.PROTESTED, re.compile(r"\b(urged|warned|called on|demanded|asked russia|protested)", re.I)),
    (OriginRelation.FIGHTING, re.compile(r"\b(fight|fighting|fought|front|combat|battle|war zone|serv(e|ing) (in|with) "
                                         r"the|assault|deployed)", re.I)),
    (OriginRelation.RECRUITED, re.compile(r"\b(recruit|enlist|conscript|mobili[sz]|sign(ed|ing)? (up|on|contracts?)"
                                          r"|military service|army|armed forces|mercenar|draft|formations|lured|"
                                          r"tricked|duped|trafficked|entic)", re.I)),
    (OriginRelation.TARGETED, re.compile(r"\b(raids?|round(ed)?[- ]up|detain|document checks|summons|enlistment "
                                         r"office|coerc|forced|deport)", re.I)),
)


@functools.lru_cache(maxsize=4096)  # every token of a clause asks for the same clause's words
def _relation(sentence: str) -> OriginRelation | None:
    for relation, pattern in CUES:
        if pattern.search(sentence):
            return relation
    return None


def _clause_relation(token: Token, sentence_relation: OriginRelation | None) -> OriginRelation | None:
    """The relation cued in the clause of `token` ("Kyrgyzstan has urged Russia not to recruit its
    citizens, ..., after 14 Kyrgyz nationals were killed": protested for the first clause, killed for the
    second), else the sentence's. A clause on the people noun itself says it first: "the family of a Syrian
    man who died fighting for Russia demanded compensation" (killed, not protested)."""
    noun = token.head if token.dep_ in ("amod", "compound", "nmod") else token
    for described in (c for c in noun.children if c.dep_ in ("relcl", "acl") and _is_people_noun(noun)):
        relation = _relation(" ".join(t.text for t in described.subtree))
        if relation is not None:
            return relation
    clause = token
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    words = []
    stack = [clause]
    while stack:  # the clause's own words: not those of clauses hanging from it ("…, after X were killed")
        current = stack.pop()
        words.append(current)
        # nor those of "apart from …", "besides …": about something else
        stack.extend(c for c in current.children if (c.dep_ not in OTHER_CLAUSE_DEPS or c.i == token.i)
                     and not (c.lower_ in ASIDE_WORDS and token not in c.subtree))
    own = _relation(" ".join(t.text for t in sorted(words, key=lambda t: t.i)))
    if own is not None or sentence_relation is None:
        return own or sentence_relation
    aside = {t.i for a in token.sent if a.lower_ in ASIDE_WORDS and token not in a.subtree for t in a.subtree}
    if not aside:
        return sentence_relation
    return _relation(" ".join(t.text for t in token.sent if t.i not in aside))  # the cue was in the aside only


# What a named person of a nationality does in the war that makes the nationality an origin ("a Kenyan
# athlete, Evans Kibet, was captured fighting for Russia"; not "the Latvian writer … facing prosecution").
WAR_RELATIONS = (OriginRelation.RECRUITED, OriginRelation.FIGHTING, OriginRelation.KILLED)
# Words of the war and of recruiting into it: an article with none of them is about something else.
# Words of Russia or of its war in Ukraine: an article with none of them that names another war is about
# that one.
RUSSIAS_WAR = re.compile(
    r"\b(?:russia|russian|moscow|kremlin|putin|ukrain|donbas|donetsk|luhansk|kursk|wagner)", re.IGNORECASE)
WAR_TOPIC = re.compile(r"\b(?:war|wars|military|army|armed forces|front ?line|front|mobili[sz]|recruit|enlist|"
                       r"conscript|soldiers?|troops|combat|Ukrain|mercenar|summons|draft (?:notice|office|board))",
                       re.IGNORECASE)


def _tells_of_another_war(ctx: ExtractionContext) -> bool:
    """Whether the article names a war in a country other than the belligerents ("the conflict in Sudan")."""
    for token in ctx.doc:
        if token.lemma_.lower() in ("war", "conflict") and token.pos_ == "NOUN":
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
                for place in (c for c in prep.children if c.dep_ == "pobj"):
                    if _countries_in(ctx, place):
                        return True
    return False


def _lists_what_came_before(sent: Span) -> bool:
    """"This included citizens of X and Y", "They include …": a sentence that lists members of what the
    sentence before told of."""
    root = sent.root
    return root.lemma_.lower() == "include" and any(
        c.dep_ == "nsubj" and c.lower_ in ("this", "these", "they", "those", "it") for c in root.children)


def _is_people_noun(token: Token) -> bool:
    return _noun_lemma(token) in PEOPLE_NOUNS or token.lower_ in PEOPLE_NOUNS


def _recruiting_noun(token: Token) -> bool:
    """"recruitment", "recruiting drives", "foreign recruitment efforts": the recruiting itself."""
    return any(t.lemma_.lower() in RECRUITING_NOUNS for t in (token, *(
        c for c in token.children if c.dep_ in ("compound", "amod"))))


def _noun_lemma(token: Token) -> str:
    """The lemma, also of a capitalised plural the tagger took for a name ("Citizens of Zambia")."""
    lemma = token.lemma_.lower()
    return lemma[:-1] if token.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in PEOPLE_NOUNS else lemma


def _names_a_person(ctx: ExtractionContext, token: Token) -> bool:
    """A noun set in apposition with a person's name: "a Kenyan athlete, Evans Kibet, was captured …"."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "appos" and ctx.entities.at(c.idx, c.idx + len(c), EntityKind.PERSON) is not None
        for c in token.children)


def _describes_a_private_person(ctx: ExtractionContext, token: Token) -> bool:
    """A private person's description set in apposition with their name: "Malik Diop, a 25-year-old from
    Senegal, …", "X, a father of three from Y" (not "X, a researcher from Y": an expert is no recruit)."""
    return token.dep_ == "appos" and (token.lower_ == "old" or token.lemma_.lower() in PRIVATE_CUES) and \
        ctx.entities.at(token.head.idx, token.head.idx + len(token.head), EntityKind.PERSON) is not None


def _is_demonym_noun(token: Token, country: Entity) -> bool:
    """A demonym used as a noun for people: "Uzbeks", "mostly Uzbeks and Tajiks", "12 Nepalis were killed",
    "978,000 Kyrgyz" (not the country's own name, and not a modifier of another noun)."""
    # A word of the country's own name ("the United States accused") is no demonym, plural as it may look.
    if token.lower_ in country.name.lower().split() or token.dep_ in ("amod", "compound", "nmod", "poss"):
        return False
    counted = any(c.dep_ == "nummod" or c.like_num for c in token.children)
    plural = token.tag_ in ("NNPS", "NNS") or (token.lower_.endswith("s") and token.pos_ in ("PROPN", "NOUN"))
    return plural or counted


def _listed_countries(ctx: ExtractionContext, noun: Token) -> list[Entity]:
    """The countries listed after "countries including / such as / like": "from countries including X, Y"."""
    found: list[Entity] = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("including", "like", "as"):
            found += _countries_in(ctx, noun.doc[prep.i + 1: prep.right_edge.i + 1])
    return found


def _countries_in(ctx: ExtractionContext, span: Span | Token, through_places: bool = False) -> list[Entity]:
    """Non-belligerent countries mentioned in a span, or by a mention overlapping a token; with
    `through_places`, also the countries of the places it names ("fighters from Abkhazia" → Georgia)."""
    if isinstance(span, Token):
        entity = ctx.entities.at(span.idx, span.idx + len(span.text), EntityKind.COUNTRY)
        found = [entity] if entity is not None else []
    else:
        found = ctx.entities.within(span.start_char, span.end_char, EntityKind.COUNTRY)
        if through_places:
            for place in ctx.entities.within(span.start_char, span.end_char):
                country = ctx.entities.get(place.country) if place.kind in PLACE_KINDS and place.country else None
                if country is not None and country not in found:
                    found.append(country)
    return [e for e in found if e.key not in BELLIGERENTS]


# Nouns and verbs of fighting whose "in" phrase says where it was ("citizens returning from combat in Syria").
FIGHTING_WORDS = frozenset({"combat", "war", "conflict", "fighting", "fight", "battle", "hostilities", "front",
                            "frontline", "zone", "operation"})


def _where_fighting_was(token: Token) -> bool:
    """Whether a country is where a fight named just before it took place ("combat in Syria"), not whose citizens
    the sentence is about."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ("in", "into", "at"):
        return False
    fought = prep.head  # "combat in Syria", or "returning from combat in Syria" as the parser may hang it
    return fought.lemma_.lower() in FIGHTING_WORDS or fought.pos_ == "VERB" and any(
        c.dep_ == "prep" and c.lower_ == "from" and any(o.lemma_.lower() in FIGHTING_WORDS for o in c.children)
        for c in fought.children)


def _sends_troops_to_russia(ctx: ExtractionContext, token: Token) -> bool:
    """Whether a country is the subject of sending its soldiers to Russia or to help it ("North Korea has sent
    thousands of troops to help Russia", "Pyongyang deployed soldiers to Russia's Kursk region")."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_.lower() not in TROOP_SENDING_VERBS:
        return False
    sent_people = any(t.lemma_.lower() in SENT_PEOPLE for c in verb.children if c.dep_ == "dobj"
                      for t in (c, *(x for x in c.subtree if x.dep_ in ("pobj", "conj"))))
    def names_russia(node: Token) -> bool:
        return bool(RUSSIA_KEY_NAMES & {t.lower_ for t in node.subtree})

    # sent to Russia, or to help / fight for Russia: not "to Estonia to deter Russia"
    to_russia = any(c.dep_ == "prep" and c.lower_ in ("to", "into") and names_russia(c) for c in verb.children) or any(
        c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in HELPING_VERBS and any(
            names_russia(o) for o in c.children if o.dep_ in ("dobj", "prep")) for c in verb.children)
    return sent_people and to_russia


def _on_ukraines_side(sentence: str) -> bool:
    """A sentence about fighting on Ukraine's side and not on Russia's."""
    return bool(UKRAINE_SIDE.search(sentence) and COMBAT_WORDS.search(sentence) and not RUSSIA_SIDE.search(sentence))


def read_origins(ctx: ExtractionContext) -> list[OriginClaim]:
    claims: dict[tuple[str, str], OriginClaim] = {}

    def add(country: Entity, relation: OriginRelation, span: Span | Token, mechanism: str, confidence: float):
        key = (country.key, relation.value)
        if key not in claims:
            claims[key] = OriginClaim(country.key, relation, ctx.evidence(span, mechanism, confidence))

    previous: Span | None = None
    sentences = list(ctx.doc.sents)
    texts = [ctx.text[sent.start_char: sent.end_char] for sent in sentences]  # each `sent.text`, read once
    ukraine_side = [_on_ukraines_side(text) for text in texts]
    if any(ukraine_side) and not RUSSIA_SIDE.search(COMBAT_WITH.sub(" ", ctx.text)):
        return []  # an article only about foreigners on Ukraine's side names no origin of Russia's recruits
    # The characters of the text a country's mention covers: a token outside them names no country, and
    # skips the lookup (every token of the article is asked).
    country_chars = bytearray(len(ctx.text) + 1)
    for mention in ctx.entities.mentions:
        if ctx.entities.entities[mention.key].kind == EntityKind.COUNTRY:
            end = max(mention.end, mention.start + 1)
            country_chars[mention.start: end] = b"\x01" * (end - mention.start)
    for sent, text, on_ukraines_side in zip(sentences, texts, ukraine_side):
        if on_ukraines_side:
            continue  # "a Georgian citizen who fought for Ukraine"
        sentence_relation = _relation(text)
        if sentence_relation is None and previous is not None and _lists_what_came_before(sent):
            # "… pressuring migrants to join the army. This included …"
            sentence_relation = _relation(previous.text)
        for token in sent:
            named = country_chars.find(1, token.idx, token.idx + len(token.text)) >= 0
            country_here = _countries_in(ctx, token) if named else []
            # The clause's relation matters only to a country or a "from"/"of": only those pay for it.
            wanted = sentence_relation is not None and (bool(country_here) or token.lower_ in ("from", "of"))
            relation = _clause_relation(token, sentence_relation) if wanted else None
            # 1. a demonym or country name on a people noun ("Nepali recruits"), or a demonym noun ("Tajiks").
            if country_here:
                modifier = token  # "Tajik, Uzbek, and Kyrgyz prisoners": the first of the listed demonyms modifies
                while modifier.dep_ == "conj" and modifier.head.i != modifier.i:
                    modifier = modifier.head
                head = modifier.head
                if modifier.dep_ in ("amod", "compound", "nmod") and (
                        _is_people_noun(head) or relation in WAR_RELATIONS and _names_a_person(ctx, head)) and (
                        relation or head.lemma_ in ("recruit", "fighter", "mercenary", "soldier")):
                    add(country_here[0], relation or OriginRelation.RECRUITED, token, "origin:demonym-modifier", 0.8)
                elif _is_demonym_noun(token, country_here[0]) and relation not in (None, OriginRelation.PROTESTED):
                    add(country_here[0], relation, token, "origin:demonym-noun", 0.7)
            # 2. "from X" / "of X" on a people noun or a number ("19 from Kyrgyzstan, 34 from Uzbekistan": a
            # parse may hang the second "from" on the first, so the number right before counts too).
            if token.lower_ in ("from", "of") and relation is not None:
                before = token.doc[token.i - 1] if token.i > sent.start else token
                governor = before if before.like_num and token.lower_ == "from" else token.head
                objects = [c for c in token.children if c.dep_ == "pobj"] or [  # "from as far away as Cuba"
                    o for c in token.children if c.dep_ == "pcomp" for p in c.children
                    if p.dep_ == "prep" and p.lower_ == "as" for o in p.children if o.dep_ == "pobj"]
                # "fighters from X", "19 from X", "fighters have been drawn from X"
                people_verb = governor.pos_ == "VERB" and any(  # also "captured soldiers from X"
                    c.dep_ in ("nsubj", "nsubjpass", "dobj") and (_is_people_noun(c) or _recruiting_noun(c))
                    for c in governor.children)  # "recruitment efforts draw heavily from X"
                # "hundreds of Central Asian nationals, principally from X, Y and Z": a vague number noun
                vague_number = governor.lemma_.lower() in ("dozen", "score", "hundred", "thousand", "million")
                if objects and (_is_people_noun(governor) or governor.like_num or governor.pos_ == "NUM"
                                or vague_number or people_verb
                                or relation in WAR_RELATIONS and _describes_a_private_person(ctx, governor)):
                    for obj in objects:
                        if obj.lemma_.lower() in ("country", "nation") and token.lower_ == "from":
                            # "drawn from countries including Nepal, Cuba, and South Africa"
                            for country in _listed_countries(ctx, obj):
                                add(country, relation, token, "origin:from-listed-countries", 0.75)
                            continue
                        # "from Abkhazia", "a resident of the Naryn region": the country of the place
                        through_places = token.lower_ == "from" or _noun_lemma(governor) in RESIDENT_NOUNS
                        for country in _countries_in(ctx, obj.doc[obj.left_edge.i: obj.right_edge.i + 1],
                                                     through_places=through_places):
                            if token.lower_ == "of" and _noun_lemma(governor) not in CITIZEN_NOUNS | RESIDENT_NOUNS:
                                continue
                            add(country, relation, token, f"origin:{token.lower_}-country", 0.8)
            # 7. "targeting economically challenged nations like Nepal": the countries a recruiting clause lists
            if token.lemma_.lower() in ("country", "nation") and token.dep_ == "dobj" and sentence_relation in (
                    OriginRelation.RECRUITED, OriginRelation.TARGETED) and token.head.lemma_.lower() in LISTING_VERBS:
                for country in _listed_countries(ctx, token):
                    add(country, sentence_relation, token, "origin:targeted-countries", 0.7)
            # 6. "North Korea has sent thousands of troops to help Russia": a state that sends its soldiers.
            if country_here and _sends_troops_to_russia(ctx, token):
                add(country_here[0], OriginRelation.FIGHTING, token, "origin:sends-troops", 0.7)
            # 3. "X's citizens" (a possessive country).
            if country_here and token.dep_ == "poss" and token.head.lemma_.lower() in CITIZEN_NOUNS and relation:
                add(country_here[0], relation, token, "origin:country-citizens", 0.75)
        # 4. "Egypt, Cameroon and Ghana were the top countries of origin", "Among the top nationalities are
        # Nepalese, Sri Lankan …": the countries a sentence about origins lists.
        if ORIGIN_LISTS.search(text) and any(t.lemma_ in ("be", "include") for t in sent):
            listed_relation = sentence_relation
            if listed_relation is None and "origin" in text.lower():
                listed_relation = OriginRelation.RECRUITED  # the countries recruits come from
            elif listed_relation is None and previous is not None:
                listed_relation = _relation(previous.text)  # "… 1,500 mercenaries. Among the top nationalities …"
            if listed_relation is not None:
                for country in _countries_in(ctx, sent):
                    add(country, listed_relation, sent, "origin:listed-origins", 0.65)
        previous = sent
        # 5. A country in a clause about bare "citizens"/"nationals"/"its citizens" with a war cue.
        if sentence_relation is None:
            continue
        citizens = [t for t in sent if t.lemma_.lower() in ("citizen", "national") and t.tag_ == "NNS"
                    and not any(c.lower_ == "of" for c in t.children)
                    and not any(c.ent_type_ == "NORP" for c in t.children)]
        if not citizens:
            continue
        countries = _countries_in(ctx, sent)
        if len(countries) > 2:
            continue  # a list of countries is not about whose citizens these are
        for country in countries:
            token = next((t for t in sent if ctx.entities.at(t.idx, t.idx + len(t.text)) is country), sent[0])
            if _where_fighting_was(token):
                continue
            add(country, _clause_relation(token, sentence_relation), sent, "origin:country-with-citizens", 0.6)
    if RUSSIAS_WAR.search(ctx.text) is None and _tells_of_another_war(ctx):
        return []  # "The conflict in Sudan has drawn in fighters from across the globe": that war's fighters
    if WAR_TOPIC.search(ctx.text) is None:
        # a migration raid in an article with no word of the war: whom it targets is no origin of recruits
        return [claim for claim in claims.values() if claim.relation is not OriginRelation.TARGETED]
    return list(claims.values())
