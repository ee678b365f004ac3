"""Date expressions → `PartialDate`, resolved against an article's publication date when one is known.

Absolute forms ("31 July 2024", "July 2024", "late 2022", "2024-08-01") need no reference. A day or month
without a year takes the reference's year (or the year before, when that would put it after the reference);
with no reference the year stays unknown. Relative forms ("yesterday", "last month", "on Monday",
"two years ago") need a reference and are None without one. Decades and durations are not dates.
"""

from __future__ import annotations

import calendar
import datetime
import re

from spacy.tokens import Doc, Span, Token

from kg.model import PartialDate

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}

# Words around a date that do not change it: prepositions, "early"/"late"/"mid" (precision is kept, the
# part of the period is not representable), articles.
_NOISE = re.compile(
    r"\b(on|in|since|by|from|until|till|of|as of|during|at|the|early|earlier|late|later|mid|middle|end|"
    r"beginning|start|around|about|before|after|spring|summer|autumn|fall|winter)\b|[-,.]",
    re.I,
)
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?$")
# "08.08.2024": the day first, as Russian texts write it
_DOTTED = re.compile(rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}$")
_FORMS = (
    re.compile(rf"^{_MONTH} {_DAY}(?: {_YEAR})?$"),  # July 31 / July 31 2024
    re.compile(rf"^{_DAY} {_MONTH}(?: {_YEAR})?$"),  # 31 July / 31 July 2024
    re.compile(rf"^{_MONTH}(?: {_YEAR})?$"),  # July / July 2024
    re.compile(rf"^{_YEAR}$"),  # 2022
)
_WEEKDAY_BEFORE = re.compile(rf"^(?:on )?(?:{'|'.join(WEEKDAYS)}),?\s+(?P<rest>.*\d.*)$")
_SPAN = re.compile(r"^(?:between|from) (?P<start>.+?) (?:and|to|until|till|through) (?P<end>.+)$")
_LISTED = re.compile(r"^(?:in |on )?(?P<first>[a-z]+(?: \d{1,2})?),? (?:and|or) (?P<last>.+)$")
_AGO = re.compile(r"^(?P<count>\d+|[a-z]+) (?P<unit>years?|months?) ago$")


def parse_date(text: str, reference: datetime.date | None) -> PartialDate | None:
    """The date `text` denotes, or None when it is not a date (or is relative and there is no reference)."""
    lowered = text.strip().lower()
    iso = _ISO.match(lowered) or _DOTTED.match(lowered)
    if iso:
        return _checked(int(iso["year"]), int(iso["month"]), int(iso["day"]) if iso["day"] else None)
    if re.search(r"\d0s\b|'\d0s\b", lowered):  # "the 2000s", "the late '90s": a decade, not a date
        return None
    weekday = _WEEKDAY_BEFORE.match(lowered)
    if weekday is not None and (dated := parse_date(weekday["rest"], reference)) is not None:
        return dated  # "Sunday, February 15": the date, whatever the reference
    span = _SPAN.match(lowered)
    if span is not None:  # "between June and November last year": its start, with the end's year if it has one
        end = parse_date(span["end"], reference)
        start = parse_date(span["start"] + (f" {end.year}" if end is not None and end.year else ""), None)
        return start if start is not None else parse_date(span["start"], reference)
    listed = _LISTED.match(lowered)
    if listed is not None and not re.search(r"\d{4}", listed["first"]):
        # "September and October 2023": the first of the listed dates, with the year the last one gives
        last = parse_date(listed["last"], None)
        if last is not None and last.year is not None:
            first = parse_date(f"{listed['first']} {last.year}", None)
            if first is not None:
                return first
    relative = _relative(lowered, reference)
    if relative is not None or _is_relative(lowered):
        return relative
    words = " ".join(_NOISE.sub(" ", lowered).split())
    for form in _FORMS:
        found = form.match(words)
        if found is None:
            continue
        parts = found.groupdict()
        month = MONTHS.get(parts["month"]) if parts.get("month") else None
        if parts.get("month") and month is None:
            continue
        year = int(parts["year"]) if parts.get("year") else None
        day = int(parts["day"]) if parts.get("day") else None
        if year is None and month is None:
            return None
        if year is None:
            year = _year_for(month, day, reference)
        return _checked(year, month, day)
    return None


MISLABELLED_DATES = frozenset({"LAW", "EVENT", "CARDINAL", "ORDINAL", "TIME"})
MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s", re.IGNORECASE)


def dates_in(span: Span | Doc, reference: datetime.date | None) -> list[tuple[Span, PartialDate]]:
    """The DATE entities inside `span` that resolve (against `reference`, the publication date), in order."""
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    # Read once per Doc and reference: the readers ask for the dates of every clause they look at, and
    # spaCy builds every entity span again at each `ents`.
    key = ("kg.dates", reference)
    if key not in doc.user_data:
        doc.user_data[key] = _resolved_dates(doc, reference)
    resolved = doc.user_data[key]
    return [(ent, value) for ent, value in resolved if start <= ent.start and ent.end <= end]


def _resolved_dates(doc: Doc, reference: datetime.date | None) -> list[tuple[Span, PartialDate]]:
    found = []
    for ent in doc.ents:
        # NER now and then calls a date something else ("on Feb 24" as a LAW): a month name makes it a date.
        if ent.label_ == "DATE" or ent.label_ in MISLABELLED_DATES and MONTH_WORD.search(ent.text):
            value = parse_date(ent.text, reference)
            if value is not None and not _birth_date(ent):
                found.append((ent, value))
    return _listed_share_the_year(_joined_year_and_month(found))


def _listed_share_the_year(found: list[tuple[Span, PartialDate]]) -> list[tuple[Span, PartialDate]]:
    """"In September and October 2023" read as two dates ("September", "October 2023"): the first is of the
    year the last one gives (as `parse_date` reads them when they come as one)."""
    for k in range(len(found) - 1, 0, -1):
        (first, a), (second, b) = found[k - 1], found[k]
        gap = [t.lower_ for t in first.doc[first.end: second.start]]
        if gap in (["and"], ["or"], [",", "and"]) and a.year is None and a.month is not None and b.year is not None \
                and b.month is not None and a.month <= b.month:
            found[k - 1] = (first, PartialDate(year=b.year, month=a.month, day=a.day))
    return found


def _joined_year_and_month(found: list[tuple[Span, PartialDate]]) -> list[tuple[Span, PartialDate]]:
    """"Last year in August" read as two dates ("Last year", "August"): both are that year's August."""
    for k in range(1, len(found)):
        (first, a), (second, b) = found[k - 1], found[k]
        gap = first.doc[first.end: second.start]
        if len(gap) > 1 or any(t.text.lower() not in ("in", "of", ",") for t in gap):
            continue
        for (year_span, year), (month_span, month) in (((first, a), (second, b)), ((second, b), (first, a))):
            if year.month is None and month.month is not None and month.day is None and \
                    not re.search(r"\d{4}", month_span.text):
                joined = PartialDate(year=year.year, month=month.month)
                found[k - 1], found[k] = (first, joined), (second, joined)
                break
    return found


def _birth_date(ent: Span) -> bool:
    """"(born 1975)", "born in 1982", "b. 2004": when someone was born dates no event of the story."""
    doc = ent.doc
    i = ent.start - 1
    if i >= 0 and doc[i].text.lower() in ("in", "on"):
        i -= 1
    return i >= 0 and doc[i].text.lower() in ("born", "b.")


# Nouns of an occasion a verb's act takes place at: "passed the bill in the first reading on May 3".
OCCASION_NOUNS = frozenset({"reading", "vote", "session", "meeting", "hearing", "sitting", "plenary", "briefing",
                            "conference", "summit", "forum", "interview", "speech", "statement", "address",
                            # parts of a day: "on the morning of November 24", "on the night of March 22"
                            "morning", "afternoon", "evening", "night", "dawn", "eve",
                            # a narrative's turn: "In a subsequent development in November 2022, Putin issued …"
                            "development"})


def attaches_to(token: Token, verb: Token) -> bool:
    """Whether a date's head token modifies `verb` itself ("in 2022", "on Tuesday", "since the spring of
    2023"), through prepositions only: not a date of another noun ("the Federal Law of April 28, 2023") or of
    another clause ("… after it sent troops in late February")."""
    node = token
    while node.head.i != node.i:
        head = node.head
        if head.i == verb.i:
            return True
        # (a compound goes on only inside the date or a name: "the February date" is the noun's)
        if head.pos_ in ("NOUN", "PROPN") and (node.dep_ not in ("compound", "nummod")
                                                or head.ent_type_ != "DATE" and head.pos_ == "NOUN") \
                and head.lemma_.lower() not in OCCASION_NOUNS \
                and not (node.dep_ == "appos" and head.ent_type_ == "DATE"):  # "on a holiday – December 25"
            return False
        if head.pos_ in ("VERB", "AUX"):
            # "a statement issued on Sunday": the date of the participle is the noun's own
            if head.dep_ == "acl" and head.head.i == verb.i:
                return True
            return False
        node = head
    return False


def _year_for(month: int | None, day: int | None, reference: datetime.date | None) -> int | None:
    """The reference's year, or the year before when the date would fall after the reference."""
    if reference is None or month is None:
        return None
    if (month, day or 1) > (reference.month, reference.day):
        return reference.year - 1
    return reference.year


def _checked(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month or 1)[1]  # 2000: leap, allows 29 Feb
        if month is None or not 1 <= day <= last:
            return None
    return PartialDate(year=year, month=month, day=day)


def _is_relative(text: str) -> bool:
    return bool(
        re.search(r"\b(yesterday|today|tonight|last|this|ago|next)\b", text)
        or any(re.search(rf"\b{day}\b", text) for day in WEEKDAYS)
    )


def _relative(text: str, reference: datetime.date | None) -> PartialDate | None:
    if reference is None:
        # "in May of this year" with no publication date: the month is known, the year is not
        month = _month_named(text) if re.search(r"\bthis year\b", text) else None
        return PartialDate(month=month) if month else None
    if re.search(r"\b(today|tonight|this morning|this evening)\b", text):
        return _day(reference)
    if re.search(r"\byesterday\b", text):
        return _day(reference - datetime.timedelta(days=1))
    for pattern, year in ((r"\b(last|past|previous) year\b", reference.year - 1), (r"\bthis year\b", reference.year)):
        if re.search(pattern, text):
            return PartialDate(year=year, month=_month_named(text))  # "August last year": that year's August
    if re.search(r"\b(last|past|previous) month\b", text):
        return _months_before(reference, 1)
    if re.search(r"\bthis month\b", text):
        return PartialDate(year=reference.year, month=reference.month)
    ago = _AGO.search(text)
    if ago:
        count = int(ago["count"]) if ago["count"].isdigit() else NUMBER_WORDS.get(ago["count"])
        if count is None:
            return None
        if ago["unit"].startswith("year"):
            return PartialDate(year=reference.year - count)
        return _months_before(reference, count)
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text):
            # News reports a weekday that has passed: the latest such day on or before publication.
            back = (reference.weekday() - weekday) % 7
            if re.search(r"\blast\b", text) and back == 0:
                back = 7
            return _day(reference - datetime.timedelta(days=back))
    return None


def _month_named(text: str) -> int | None:
    """The month a relative date names by its full name ("in March this year"), if any."""
    return next((MONTHS[word] for word in re.findall(r"[a-z]+", text) if word in MONTHS and (
        len(word) > 3 or word == "may")), None)


def _day(value: datetime.date) -> PartialDate:
    return PartialDate(year=value.year, month=value.month, day=value.day)


def _months_before(reference: datetime.date, count: int) -> PartialDate:
    index = reference.year * 12 + reference.month - 1 - count
    return PartialDate(year=index // 12, month=index % 12 + 1)
