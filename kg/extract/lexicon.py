"""Cue lexicons shared by the legal-act, event and entity readers. Data only: the readers decide how to use them.

Phrase cues are regular expressions matched, case-insensitively, against the lower-cased text of one clause;
word cues are lemmas (lower case) compared with spaCy tokens.
"""

from __future__ import annotations

from kg.model import ActKind, ActStatus, Effect, EventKind, Ground, PopulationGroup

# --- legal acts ---

# Head nouns of a legal-act mention (lemma → kind).
ACT_HEADS: dict[str, ActKind] = {
    "law": ActKind.LAW,
    "legislation": ActKind.LAW,
    "bill": ActKind.BILL,
    "decree": ActKind.DECREE,
    "ukase": ActKind.DECREE,
    "amendment": ActKind.AMENDMENT,
    "code": ActKind.CODE,
    "constitution": ActKind.CONSTITUTION,
    "proposal": ActKind.BILL,
    "order": ActKind.DECREE,
}
# "order" names an act only as an executive or presidential order ("Executive Order On Granting …").
ORDER_MODIFIERS = frozenset({"executive", "presidential", "president", "government"})
# Words that start the part of an act's name after its head: "Law on Russian Citizenship", «On Citizenship».
TITLE_PREPOSITIONS = frozenset({"on", "about", "regarding", "concerning"})
# Anaphoric nouns that take up an act's requirement in a later sentence: "Failure to comply with this requirement
# became the basis for deprivation of citizenship".
ACT_ANAPHORS = frozenset({"requirement", "measure", "rule", "provision", "norm", "obligation", "law", "document",
                          "amendment", "bill", "decree"})

# A modifier that makes a "law" another kind of act ("draft law" is a bill).
LAW_MODIFIERS: dict[str, ActKind] = {
    "draft": ActKind.BILL,
    "federal": ActKind.FEDERAL_LAW,
}

# "code" is an act only as a named code ("the Criminal Code"); "a dress code" is not.
CODE_MODIFIERS = frozenset(
    {"criminal", "administrative", "civil", "tax", "labour", "labor", "family", "land", "penal", "urban"}
)

# Modifiers that make "law" a body of law, not one act ("international humanitarian law", "martial law").
GENERIC_LAW_MODIFIERS = frozenset(
    {"international", "humanitarian", "martial", "customary", "common", "case", "current", "existing", "specific",
     "relevant", "applicable", "domestic", "local"}
)
# Quantifiers left out of an act's label ("several laws" → "laws").
LABEL_SKIPPED_MODIFIERS = frozenset({"several", "many", "various", "some", "other", "numerous"})

# Determiners that refer back to an act already mentioned ("the law", "these laws").
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "these", "that", "those", "such", "its"})

# Governing verbs of an act (lemma → stage). Multi-word stages are matched by the phrases below.
STATUS_VERBS: dict[str, ActStatus] = {
    "propose": ActStatus.PROPOSED,
    "suggest": ActStatus.PROPOSED,
    "draft": ActStatus.DRAFTED,
    "prepare": ActStatus.DRAFTED,
    "introduce": ActStatus.INTRODUCED,
    "submit": ActStatus.INTRODUCED,
    "table": ActStatus.INTRODUCED,
    "file": ActStatus.INTRODUCED,
    "adopt": ActStatus.ADOPTED,
    "pass": ActStatus.ADOPTED,
    "approve": ActStatus.APPROVED,
    "endorse": ActStatus.APPROVED,
    "ratify": ActStatus.APPROVED,
    "sign": ActStatus.SIGNED,
    "enact": ActStatus.SIGNED,
}

# Verbs whose active voice signs an act: "Putin issued another decree" (while "a decree issued by Putin" is
# how the text names the act, not a stage it tells).
ISSUING_VERBS = frozenset({"issue"})
# Auxiliaries of a stage not reached: "will come into force", "could sign".
UNREALIZED_AUX = frozenset({"will", "would", "shall", "should", "may", "might", "could", "can", "must", "'ll"})
# Verbs whose infinitive is only intended: "is expected to sign", "plans to adopt".
INTENT_LEMMAS = frozenset({"expect", "plan", "intend", "want", "seek", "hope", "aim", "set", "promise", "vow",
                           "pledge", "threaten", "try", "propose", "need", "have"})

# "came into force", "entered into effect", "took effect".
IN_FORCE_VERBS = frozenset({"come", "enter", "take"})
FORCE_NOUNS = frozenset({"force", "effect"})

# Longest readable act label, in words.
LABEL_MAX_WORDS = 16

# Which actor list of a LegalAct a stage fills.
STATUS_ROLES: dict[ActStatus, str] = {
    ActStatus.PROPOSED: "introduced_by",
    ActStatus.DRAFTED: "introduced_by",
    ActStatus.INTRODUCED: "introduced_by",
    ActStatus.PASSED_READING: "adopted_by",
    ActStatus.ADOPTED: "adopted_by",
    ActStatus.APPROVED: "approved_by",
    ActStatus.SIGNED: "signed_by",
}

# What an act does, read from its relative clause or complement.
EFFECT_CUES: dict[Effect, tuple[str, ...]] = {
    Effect.CITIZENSHIP_REVOCATION: (
        r"\b(revok\w*|revocation|strip\w*|depriv\w*|annul\w*|withdraw\w*|cancel\w*|terminat\w*|los(?:e|s|ing)\w*)\b"
        r"[^.;]{0,80}\b(citizenship|passports?)\b",
        r"\bcitizenship\b[^.;]{0,40}\b(revoked|revocation|stripped|annulled|withdrawn|cancelled|canceled|"
        r"terminated)\b",
        r"\bcitizenship\s+deprivation\b",  # "grounds for citizenship deprivation" (not "deprivation of liberty")
        r"\bdenaturali[sz]\w*",
    ),
    Effect.MANDATORY_MILITARY_REGISTRATION: (
        r"\bregist\w*\s+(for|with)\s+(the\s+)?(military|army|draft|conscription)",
        r"\bmilitary\s+registration\b",
        r"\bmilitary\s+(register|records)\b",
    ),
    Effect.EXPEDITED_CITIZENSHIP_FOR_SERVICE: (
        r"\b(fast[- ]track\w*|expedit\w*|simplif\w*|accelerat\w*|quick\w*|easier)\b[^.;]{0,40}"
        r"\b(citizenship|naturali[sz]ation|passports?)\b",
    ),
    Effect.FINES: (r"\bfines?\b", r"\bfined\b", r"\bpenalt(y|ies)\b"),
    Effect.FOREIGN_CONTRACT_SERVICE: (
        r"\bforeign\w*\b[^.;]{0,60}\bcontracts?\b[^.;]{0,40}\b(military|army|armed forces|defen[cs]e)\b",
        r"\bforeign\s+contract\s+soldiers?\b",
        r"\bforeign\w*\b[^.;]{0,40}\b(serve|service|enlist\w*)\b[^.;]{0,30}\b(military|army|armed forces)\b",
    ),
    Effect.DEPORTATION: (r"\bdeport\w*", r"\bexpul\w*", r"\bexpel\w*"),
    Effect.CONSCRIPTION_AGE_CHANGE: (
        r"\b(conscription|draft|call-up|military service)\s+age\b",
        r"\bage\s+of\s+(conscription|call-up)\b",
    ),
}

# Words that turn a following effect into a prohibition ("prohibits denaturalization").
PROHIBITION_LEMMAS = frozenset({"prohibit", "ban", "forbid", "bar", "outlaw", "preclude", "disallow"})
# Verbs that, negated, prohibit ("does not allow").
PERMISSION_LEMMAS = frozenset({"allow", "permit", "let", "enable", "provide", "authorize", "authorise"})

# Offences for which an act punishes.
GROUND_CUES: dict[Ground, tuple[str, ...]] = {
    Ground.EXTREMISM: (r"\bextremis\w*",),
    Ground.TERRORISM: (r"\bterror\w*",),
    Ground.DISCREDITING_THE_ARMY: (
        r"\bdiscredit\w*[^.;]{0,60}\b(army|military|armed forces|special military operation)",
    ),
    Ground.UNDESIRABLE_ORGANIZATION: (r"\bundesirable\W{0,3}\s+organi[sz]ation",),
    Ground.FAILURE_TO_REGISTER: (
        r"\b(fail\w*|refus\w*|neglect\w*)\s+(to\s+)?(register|undergo|complete)\w*",
        r"\b(do|does|did|have|has|had)\s*(not|n't)\s+(register|registered|complete[d]?)\b",
        r"\b(miss\w*|avoid\w*|evad\w*|skip\w*|ignor\w*)\b[^.;]{0,40}\bregist\w*",
        r"\bevad\w*\s+(military\s+)?registration\b",
    ),
    Ground.DRAFT_EVASION: (
        r"\b(evad\w*|evasion|dodg\w*)\s+(of\s+)?(the\s+)?(military\s+)?"
        r"(draft|mobili[sz]ation|service|conscription)",
        r"\bdraft\s+(evasion|dodging)\b",
    ),
    Ground.UNLAWFUL_INFLUENCE: (r"\bunlawful\W+influence\b", r"\billegal\W+influence\b"),
    Ground.FALSE_INFORMATION: (r"\bfalse\s+information\b", r"\bfakes?\b", r"\bdisinformation\b"),
    Ground.DRUG_TRAFFICKING: (r"\bdrug\s+(traffick\w*|smuggl\w*|deal\w*)", r"\bnarcotics?\s+traffick\w*"),
}

# Who an act (or a raid) singles out.
TARGET_CUES: dict[PopulationGroup, tuple[str, ...]] = {
    PopulationGroup.NATURALIZED_CITIZENS: (
        r"\bnaturali[sz]ed\b",
        r"\bnew(ly)?[- ](minted\s+)?(russian\s+)?citizens\b",
        r"\b(acquired|obtained|received|gained)\s+(russian\s+)?citizenship\b",
        r"\bwho\s+(have|has|had)\s+(recently\s+)?(received|acquired|obtained)\s+"
        r"(russian\s+)?(citizenship|passports?)",
    ),
    PopulationGroup.LABOUR_MIGRANTS: (
        r"\b(labou?r|migrant)\s+(migrants?|workers?)\b",
        r"\bguest\s+workers?\b",
        r"\bmigrants?\b",
    ),
    PopulationGroup.FOREIGN_NATIONALS: (
        r"\bforeign\s+(nationals?|citizens?|workers?)\b",
        r"\bforeigners\b",
        r"\bnon-citizens\b",
        r"\bstateless\b",
    ),
    PopulationGroup.PRISONERS: (r"\bprisoners?\b", r"\binmates?\b", r"\bconvicts?\b"),
}

# --- events ---

# Trigger lemmas (any part of speech) → event kind.
EVENT_TRIGGERS: dict[str, EventKind] = {
    "raid": EventKind.RAID,
    "sweep": EventKind.RAID,
    "round-up": EventKind.RAID,
    "roundup": EventKind.RAID,
    "crackdown": EventKind.RAID,
    "inspection": EventKind.RAID,
    "deploy": EventKind.DEPLOYMENT,
    "deployment": EventKind.DEPLOYMENT,
    "recruit": EventKind.RECRUITMENT,
    "recruitment": EventKind.RECRUITMENT,
    "enlist": EventKind.RECRUITMENT,
    "mobilization": EventKind.MOBILIZATION,
    "mobilisation": EventKind.MOBILIZATION,
    "mobilize": EventKind.MOBILIZATION,
    "mobilise": EventKind.MOBILIZATION,
    "detain": EventKind.DETENTION,
    "detention": EventKind.DETENTION,
    "arrest": EventKind.DETENTION,
    "apprehend": EventKind.DETENTION,
    "deport": EventKind.DEPORTATION,
    "deportation": EventKind.DEPORTATION,
    "expel": EventKind.DEPORTATION,
    "expulsion": EventKind.DEPORTATION,
    "prosecute": EventKind.PROSECUTION,
    "prosecution": EventKind.PROSECUTION,
    "convict": EventKind.PROSECUTION,
    "sentence": EventKind.PROSECUTION,
    "die": EventKind.DEATH,
    "dead": EventKind.DEATH,
    "death": EventKind.DEATH,
    "kill": EventKind.DEATH,
    "attack": EventKind.ATTACK,
    "bombing": EventKind.ATTACK,
    "shooting": EventKind.ATTACK,
    "ambush": EventKind.ATTACK,
    "invasion": EventKind.ATTACK,
    "aggression": EventKind.ATTACK,
    "offensive": EventKind.ATTACK,
}

# Trigger lemmas that name a person as nouns ("foreign recruits"): events only as verbs.
VERB_ONLY_TRIGGERS = frozenset({"recruit", "convict", "kill", "sentence"})
# How an act's stage reads as an event.
STATUS_EVENTS: dict[ActStatus, tuple[EventKind, str]] = {
    ActStatus.PROPOSED: (EventKind.INTRODUCTION, "proposed"),
    ActStatus.DRAFTED: (EventKind.INTRODUCTION, "drafted"),
    ActStatus.INTRODUCED: (EventKind.INTRODUCTION, "introduced"),
    ActStatus.PASSED_READING: (EventKind.VOTE, "passed in a reading"),
    ActStatus.ADOPTED: (EventKind.VOTE, "adopted"),
    ActStatus.APPROVED: (EventKind.VOTE, "approved"),
    ActStatus.SIGNED: (EventKind.SIGNING, "signed"),
    ActStatus.IN_FORCE: (EventKind.ENTRY_INTO_FORCE, "entered into force"),
}

# Two-word triggers: (verb lemma, particle) and (modifier lemma, noun lemma).
# Nouns of an activity that a trigger noun before them names: "recruitment efforts", "a deportation campaign".
ACTIVITY_NOUNS = frozenset({"effort", "drive", "campaign", "operation", "push", "sweep", "blitz", "wave", "spree",
                            "scheme"})
PHRASAL_TRIGGERS: dict[tuple[str, str], EventKind] = {
    ("round", "up"): EventKind.RAID,
    ("document", "check"): EventKind.RAID,
    ("identity", "check"): EventKind.RAID,
    ("passport", "check"): EventKind.RAID,
    ("criminal", "case"): EventKind.PROSECUTION,
    ("criminal", "proceeding"): EventKind.PROSECUTION,
}

# Verbs of saying (a STATEMENT when their subject is a known speaker) and of reporting (a REPORT).
STATEMENT_VERBS = frozenset(
    {"say", "state", "announce", "declare", "reveal", "claim", "tell", "note", "warn", "caution", "confirm",
     "stress", "emphasize", "emphasise"}
)
STATEMENT_NOUNS = frozenset({"speech", "statement", "announcement", "address", "remarks", "remark", "comments",
                             "interview", "briefing"})
REPORT_VERBS = frozenset({"report", "publish"})
# Nouns of a published finding, dated by a date before them ("an April 23 investigation").
REPORT_NOUNS = frozenset({"report", "investigation", "study", "survey", "analysis", "poll", "publication"})
# A country's missions abroad: the place they sit in locates them, not what they report.
MISSION_NOUNS = frozenset({"embassy", "consulate", "mission", "legation"})
# Heads of a venue phrase ("at the Legal Forum", "during a briefing").
VENUE_NOUNS = frozenset(
    {"forum", "conference", "summit", "congress", "meeting", "session", "briefing", "assembly", "council",
     "hearing", "interview", "speech", "address", "press"}
)

# Nouns whose "from"/"of" phrase names where people come from, not where something happened.
ORIGIN_HOLDER_NOUNS = frozenset(
    {"migrant", "worker", "citizen", "national", "native", "man", "woman", "people", "cook", "laborer",
     "labourer", "immigrant", "recruit", "mercenary", "fighter", "student", "family", "resident", "refugee",
     "soldier", "troop", "serviceman", "volunteer", "prisoner", "conscript", "contractor"}
)

# A raid told without the word: a coercive act of the police or the enlistment office on migrants ("students
# were beaten by OMON officers in their dormitory", "migrants were given call-up papers at the market",
# "police delivered 100 migrants to enlistment offices").
COERCION_VERBS = frozenset({"detain", "beat", "deliver", "round", "hand", "give", "serve", "search", "escort",
                            "take", "bring", "force", "drag", "check", "stop", "seize", "catch", "haul"})
# Of those, the verbs that hand something over: a raid only when what is handed is a summons or a paper.
HANDING_VERBS = frozenset({"hand", "give", "serve"})
COERCED_NOUNS = frozenset({"migrant", "foreigner", "worker", "student", "immigrant", "laborer", "labourer",
                           "citizen", "man", "men", "people", "resident", "newcomer", "national"})
ENFORCER_NOUNS = frozenset({"police", "officer", "policeman", "omon", "guard", "rosgvardia", "agent", "official",
                            "investigator", "recruiter", "serviceman", "soldier", "commissar"})
COERCION_CUES = (r"\b(summons(es)?|call-up papers?|draft notices?|enlistment offices?|military registration"
                 r"|commissariats?|documents?|passports?)\b")

# Subordinators of a condition (no event happened) and of a contrasting clause (another event's places).
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})

# Modifiers that make a mobilization a specific event, not a topic ("partial mobilization").
MOBILIZATION_MODIFIERS = frozenset({"partial", "mass", "general", "full", "nationwide", "second", "new"})

# --- place names ---

# First words of Russian place names, which NER often takes for a given name ("Nizhnyaya Salda",
# "Velikiye Luki", "Staraya Kupavna"): "lower", "upper", "new", "old", "great", "big", "small", "red",
# "Soviet", "embankment", each in its transliteration variants and genders.
TOPONYM_FIRST_WORDS = frozenset(
    {"nizhny", "nizhni", "nizhniy", "nizhnii", "nizhnyaya", "nizhneye", "nizhnee", "nizhniye", "nizhnie",
     "verkhny", "verkhni", "verkhniy", "verkhnyaya", "verkhneye", "verkhnee", "verkhniye", "verkhnie",
     "novy", "novyy", "novyi", "novaya", "novoye", "novoe", "novyye", "novye",
     "stary", "staryy", "stariy", "staraya", "staroye", "staroe", "staryye", "starye",
     "veliky", "velikiy", "velikii", "velikaya", "velikoye", "velikoe", "velikiye", "velikie",
     "bolshoy", "bolshaya", "bolshoye", "bolshoe", "bolshiye", "bolshie",
     "maly", "malyy", "malaya", "maloye", "maloe", "malye",
     "krasny", "krasnyy", "krasnaya", "krasnoye", "krasnoe", "krasnye",
     "sovetsky", "sovetskiy", "sovetskaya", "sovetskoye", "sovetskoe",
     "naberezhnye", "naberezhnyye"}
)
# Hyphenated first parts of place names: "Ust-Kut" ("river mouth"), "Yuzhno-Kurilsk", "Severo-Zadonsk".
TOPONYM_PREFIXES = ("ust-", "yuzhno-", "severo-")
# Endings of one-word town names ("Kamensk", "Orenburg", "Kaliningrad", "Stavropol", "Jalal-Abad",
# "Tashkent"). Surname endings (-sky, -skaya, -ov, -ev, -in) are not among them.
TOPONYM_ENDINGS = ("sk", "burg", "grad", "pol", "abad", "kent")
# Shortest one-word name read as a town by its ending alone: "Tusk" and "Musk" are surnames.
TOPONYM_MIN_LENGTH = 6
# Endings of East Slavic, Caucasian and Central Asian surnames: a word so shaped right after a capitalised given
# name is a surname, whatever label the recognizer gave the two ("Tatyana" GPE + "Dmitrieva" ORG).
SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "yov", "yova", "sky", "skiy", "skaya", "enko", "yuk", "chuk", "yan",
                   "dze", "shvili", "zoda", "zade", "ovich", "evich", "ovna", "evna")
