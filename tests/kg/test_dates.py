"""Date expressions: absolute, partial and relative forms, with and without a publication date."""

from __future__ import annotations

import datetime

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.dates import dates_in, parse_date
from kg.model import PartialDate

PUBLISHED = datetime.date(2024, 3, 14)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on March 3, 2023", PartialDate(2023, 3, 3)),
        ("3 March 2023", PartialDate(2023, 3, 3)),
        ("Sept. 9, 2021", PartialDate(2021, 9, 9)),
        ("February 2022", PartialDate(2022, 2)),
        ("in 2019", PartialDate(2019)),
        ("late 2022", PartialDate(2022)),
        ("the summer of 2023", PartialDate(2023)),
        ("2023-11-05", PartialDate(2023, 11, 5)),
        ("05.11.2023", PartialDate(2023, 11, 5)),  # day first, as Russian legal texts write it
    ],
)
def test_dates_absolute_forms_need_no_reference(text, expected):
    assert parse_date(text, None) == expected
    assert parse_date(text, PUBLISHED) == expected


def test_dates_day_without_year_never_invents_a_year():
    assert parse_date("October 12", None) == PartialDate(None, 10, 12)
    assert parse_date("mid-October", None) == PartialDate(None, 10)


def test_dates_day_without_year_takes_the_reference_year_or_the_one_before():
    assert parse_date("March 2", PUBLISHED) == PartialDate(2024, 3, 2)
    # October 12 would fall after publication: it was last year's.
    assert parse_date("October 12", PUBLISHED) == PartialDate(2023, 10, 12)
    assert parse_date("mid-October", PUBLISHED) == PartialDate(2023, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", PartialDate(2024, 3, 13)),
        ("last month", PartialDate(2024, 2)),
        ("last year", PartialDate(2023)),
        ("on Monday", PartialDate(2024, 3, 11)),
        ("two years ago", PartialDate(2022)),
        ("three months ago", PartialDate(2023, 12)),
    ],
)
def test_dates_relative_forms_resolve_against_the_reference(text, expected):
    assert parse_date(text, PUBLISHED) == expected
    assert parse_date(text, None) is None


@pytest.mark.parametrize("text", ["30", "the 1990s", "the late 2000s", "15 years", "a week", "February 30"])
def test_dates_non_dates_are_none(text):
    assert parse_date(text, PUBLISHED) is None


def test_dates_in_resolves_only_the_date_entities():
    words = ["Police", "detained", "40", "men", "on", "June", "4", "and", "last", "week", "."]
    doc = Doc(Vocab(), words=words, ents=["O", "O", "B-CARDINAL", "O", "O", "B-DATE", "I-DATE", "O",
                                          "B-DATE", "I-DATE", "O"])
    found = dates_in(doc, PUBLISHED)
    assert [(span.text, value) for span, value in found] == [("June 4", PartialDate(2023, 6, 4))]


def test_dates_a_weekday_before_a_date_is_that_date():
    assert parse_date("Sunday, February 15", None) == PartialDate(None, 2, 15)
    assert parse_date("on Monday, 3 March 2023", None) == PartialDate(2023, 3, 3)
    assert parse_date("Sunday", None) is None  # a weekday alone needs a reference


def test_dates_a_birth_date_dates_no_event():
    words = ["After", "the", "detention", "of", "Elkhan", "Shirinov", "(", "born", "1975", ")", "on", "June", "4",
             ",", "a", "man", "born", "in", "1982", "spoke", "."]
    ents = ["O"] * len(words)
    ents[8], ents[11], ents[12], ents[18] = "B-DATE", "B-DATE", "I-DATE", "B-DATE"
    doc = Doc(Vocab(), words=words, ents=ents)
    assert [span.text for span, _ in dates_in(doc, PUBLISHED)] == ["June 4"]


def test_dates_a_month_of_last_or_this_year_keeps_its_month():
    reference = datetime.date(2023, 5, 17)
    assert parse_date("August last year", reference) == PartialDate(2022, 8)
    assert parse_date("earlier this year in March", reference) == PartialDate(2023, 3)
    assert parse_date("last year", reference) == PartialDate(2022)


def test_dates_a_year_and_a_month_read_as_two_dates_are_one():
    words = ["Last", "year", "in", "August", ",", "he", "signed", "it", "in", "2020", "in", "May", "."]
    ents = ["B-DATE", "I-DATE", "O", "B-DATE", "O", "O", "O", "O", "O", "B-DATE", "O", "B-DATE", "O"]
    doc = Doc(Vocab(), words=words, ents=ents)
    assert [value for _, value in dates_in(doc, PUBLISHED)] == [PartialDate(2023, 8), PartialDate(2023, 8),
                                                                 PartialDate(2020, 5), PartialDate(2020, 5)]


def test_dates_this_year_without_a_publication_date_keeps_its_month_only():
    assert parse_date("in May of this year", None) == PartialDate(month=5)
    assert parse_date("this year", None) is None


def test_dates_listed_months_take_the_year_the_last_one_gives():
    assert parse_date("September and October 2023", None) == PartialDate(2023, 9)
    assert parse_date("in March or April 2024", None) == PartialDate(2024, 3)
    # with no year at all, no year is invented
    assert parse_date("March and April", None) in (None, PartialDate(None, 3))


@pytest.mark.model
def test_dates_two_listed_date_entities_share_the_year_of_the_last(nlp):
    doc = nlp("In September and October 2023, passport details of 200 recruits were leaked.")
    assert [value for _, value in dates_in(doc, None)][:1] == [PartialDate(2023, 9)]
