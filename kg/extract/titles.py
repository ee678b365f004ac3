"""Title words of people: officials, experts and journalists (used to find people and their posts)."""

from __future__ import annotations

import functools
import re

# Multi-word titles first: the longest title in a phrase wins.
OFFICIAL_TITLES = (
    "prime minister", "foreign minister", "defense minister", "defence minister", "interior minister",
    "deputy prime minister", "deputy minister", "deputy chairman", "deputy chairwoman", "deputy head",
    "first deputy", "press secretary", "principal secretary", "permanent secretary", "cabinet secretary", "official representative", "prosecutor general", "military investigator",
    "senior investigator", "human rights commissioner", "president", "minister", "head", "chief", "chairman",
    "chairwoman", "chair", "speaker", "spokesperson", "spokesman", "spokeswoman", "representative", "lawmaker",
    "legislator", "parliamentarian", "congressman", "congresswoman", "councillor", "councilor", "deputy",
    "mp", "senator", "governor", "mayor", "prosecutor", "investigator", "general",
    "colonel", "lieutenant", "major", "commander", "officer", "ambassador", "official", "secretary",
    "ombudsman", "commissioner", "judge", "director", "member", "envoy", "adviser", "advisor", "aide",
    "attache", "consul general", "consul", "counsellor", "counselor", "superintendent", "inspector",
    "assistant superintendent", "asp", "ssp", "igp", "sheriff", "magistrate", "attorney general",
    "deputy foreign minister", "undersecretary", "inspector general", "deputy inspector general",
    "majority leader", "minority leader", "lieutenant colonel", "lieutenant general", "major general",
    "colonel general", "brigadier general", "rear admiral", "vice admiral", "admiral",
    # posts named with an "of" phrase of their own
    "chief of defence staff", "chief of defense staff", "chief of the defence staff",
    "chief of the general staff", "chief of staff", "head of state", "head of government",
    "minister of state", "secretary of state", "member of parliament",
)
# Ranks of soldiers, not officers: a sergeant is no state official ("retired Sergeant Major X").
SOLDIER_RANKS = ("sergeant major", "staff sergeant", "sergeant", "corporal")
# Officers' ranks: a retired or former officer holds no post ("a retired major").
OFFICER_RANKS = frozenset({"general", "colonel", "lieutenant", "major", "commander", "officer", "lieutenant colonel",
                           "lieutenant general", "major general", "colonel general", "brigadier general",
                           "rear admiral", "vice admiral", "admiral"})
# Abbreviated officers' ranks before a name ("Col. Mónica Milián Gómez", "Lt. Gen. X"); a sergeant or a
# private is a soldier, not an official.
RANK_ABBREVIATIONS = {"col": "colonel", "gen": "general", "lt": "lieutenant", "maj": "major", "cmdr": "commander",
                      "fm": "foreign minister"}  # "FM Saud"
EXPERT_TITLES = (
    "nonresident senior fellow", "senior fellow", "research fellow", "associate professor", "assistant professor",
    "political scientist", "human rights lawyer", "human rights activist", "rights activist",
    "human rights defender", "senior analyst", "analyst", "researcher", "fellow", "professor", "lecturer",
    "scholar", "expert", "economist", "sociologist", "historian", "demographer", "lawyer", "attorney",
    "activist", "founder", "co-founder", "rights advocate", "advocate", "legal assistant", "legal expert",
)
JOURNALIST_TITLES = ("journalist", "reporter", "correspondent", "editor", "columnist", "photographer")
ALL_TITLES = sorted(OFFICIAL_TITLES + SOLDIER_RANKS + EXPERT_TITLES + JOURNALIST_TITLES,
                    key=lambda t: -len(t.split()))
# (the words of a post before its own "of" phrase: "of", "the" and "state" are no title words)
TITLE_WORDS = frozenset(w for title in ALL_TITLES for w in title.split(" of ")[0].split())
# Each title between spaces, maybe plural: compiled once, not at every search.
_TITLE_PATTERNS = tuple((title, re.compile(rf" {re.escape(title)}s? ")) for title in ALL_TITLES)
# Nouns that describe a private person in an appositive ("Bolot, a young labor migrant").
PRIVATE_CUES = (
    "mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "migrant", "worker", "cook",
    "caterer", "student", "resident", "driver", "builder", "cleaner", "courier", "vendor", "trader", "man",
    "woman", "relative", "widow", "native", "citizen", "acquaintance", "recruit", "soldier", "veteran",
    "labourer", "laborer", "farmer", "refugee", "mechanic", "welder", "waiter", "janitor", "nurse", "teacher",
    "father-of-two", "mother-of-two", "neighbour", "neighbor", "friend", "cousin", "uncle", "nephew",
)
# Words of the field of a post, written before its title ("National Security Advisor", "External Affairs
# Minister"); NER often takes them for a body's name.
TITLE_FIELD_WORDS = frozenset({"national", "security", "foreign", "affairs", "external", "internal", "home",
                               "interior", "defence", "defense", "labour", "labor", "justice", "finance",
                               "economic", "union", "federal", "state", "public", "migration", "overseas"})
_FIRST_PREPOSITION = re.compile(r" (?:of|in|to|for|at|with|from|under) ")
# Words that qualify a title and stay with it: "deputy foreign minister", "acting head", "former ambassador".
TITLE_QUALIFIERS = frozenset({"deputy", "vice", "acting", "former", "assistant", "first", "senior", "chief",
                              "interim", "retired", "ex"})


@functools.lru_cache(maxsize=16384)  # a pure function of the phrase, asked again for the same phrases
def find_title(words: str) -> str | None:
    """The longest known title in a phrase ("a nonresident senior fellow with" → "nonresident senior fellow"),
    with the qualifiers right before it: a deputy foreign minister is not the foreign minister."""
    lowered = " " + re.sub(r"[^a-z\- ]", " ", words.lower().replace("é", "e")) + " "
    lowered = re.sub(r"(?<= )(" + "|".join(RANK_ABBREVIATIONS) + r")(?= )",
                     lambda m: RANK_ABBREVIATIONS[m.group(1)], lowered)
    # A title after a preposition is someone else's post: "adviser to the Prime Minister" is an adviser.
    preposition = _FIRST_PREPOSITION.search(lowered)
    cut = preposition.start() if preposition else len(lowered)
    best: tuple[int, str] | None = None
    for head_only in (True, False):
        for title, pattern in _TITLE_PATTERNS:
            whole = not head_only or " of " in title
            match = pattern.search(lowered) if whole else pattern.search(lowered, 0, cut + 1)
            if match and head_only and match.start() > cut:
                continue  # a post named with its own "of" phrase ("chief of defence staff") starts before it
            if match and (best is None or len(title) > len(best[1]) or (
                    len(title) == len(best[1]) and match.start() < best[0])):
                best = (match.start(), title)
        if best is not None:
            break
    if best is None:
        return None
    # "deputy mayor": a qualifier that is also a title ("deputy") qualifies the title right after it
    while best[1] in TITLE_QUALIFIERS:
        after = best[0] + 1 + len(best[1])  # the space after the title
        following = next((t for t, pattern in _TITLE_PATTERNS if pattern.match(lowered, after)), None)
        if following is None:
            break
        best = (after, following)
    before = lowered[: best[0]].split()
    qualifiers = []
    while before and before[-1] in TITLE_QUALIFIERS and not best[1].startswith(before[-1]):
        qualifiers.insert(0, before.pop())
    return " ".join([*qualifiers, best[1]])


def with_field(words: str, title: str) -> str:
    """The title with the field words written right before it: "National Security Advisor" → "national security
    advisor" (a generic title alone says less: "advisor")."""
    lowered = re.sub(r"[^a-z\- ]", " ", words.lower()).split()
    last = title.split()[-1]
    if last not in lowered:
        return title
    end = len(lowered) - 1 - lowered[::-1].index(last) - (len(title.split()) - 1)
    start = end
    while start > 0 and lowered[start - 1] in TITLE_FIELD_WORDS:
        start -= 1
    field = [w for w in lowered[start:end] if w not in title.split()]
    return " ".join([*field, title]) if field else title
