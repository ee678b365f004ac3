"""What every fact reader gets: the Doc, the article, the offset map and the article's entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from kg import iris
from kg.annotate import DATELINE
from kg.extract.calibration import calibrated
from kg.extract.dates import parse_date
from kg.extract.quotemarks import quoted_spans
from kg.model import Article, CleanedText, EntityTable, Evidence, PartialDate


# A dateline with a date: "MOSCOW, August 2. /TASS/.", "KATHMANDU, Nov 3 (Reuters) -", "BISHKEK, March 12 —".
DATELINE_WITH_DATE = re.compile(
    r"\s*[A-Z][A-Za-z .'-]{2,40},\s+(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}(?:,? \d{4})?)[.,]?\s*"
    r"(?:/[A-Za-z-]+/\.?|\([A-Za-z /-]+\)|[-—–]+)"
)


@dataclass
class ExtractionContext:
    doc: Doc
    article: Article
    cleaned: CleanedText
    entities: EntityTable = field(default_factory=EntityTable)
    # The titles of each person's posts (person key → titles), once the posts are read: for "the spokeswoman".
    posts: dict[str, list[str]] = field(default_factory=dict)
    # Whether evidence gets the calibrated confidence of its rule's raw one (`kg.extract.calibration`).
    calibrated: bool = True
    # The Doc's text, read once: spaCy rebuilds `Doc.text` from every token at each access.
    text: str = field(init=False)

    # Offsets of the quotes in the Doc's text (`kg.extract.quotemarks.quoted_spans`).
    quoted: list[tuple[int, int]] = field(init=False)

    # The date of a wire dateline opening the text ("MOSCOW, August 2. /TASS/."), if it has one.
    dateline_date: PartialDate | None = field(init=False)
    dateline_end: int = field(init=False)

    # `kg.extract.quotes.locate_quotes`, kept for the next reader that asks (quotes, then figures) while the
    # entities it read them with are the same: (mentions, entities and posts counted, the located quotes).
    located_quotes: tuple[tuple[int, int, int], list] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = self.doc.text
        self.quoted = quoted_spans(self.text)
        dateline = DATELINE_WITH_DATE.match(self.text)
        self.dateline_date = parse_date(dateline["date"], self.article.published) if dateline else None
        self.dateline_end = dateline.end() if dateline else 0

    @cached_property
    def unquoted_sentence_starts(self) -> list[int]:
        """Where each sentence that does not open inside a quote starts, in order."""
        return [sent.start_char for sent in self.doc.sents if not self.in_quote(sent.start_char, sent.start_char + 1)]

    def in_dateline(self, tok: Token) -> bool:
        """Whether a token is in the wire dateline opening its sentence ("TASHKENT -- Moscow is …"): where the
        reporter files from, not where anything told happened."""
        dateline = DATELINE.match(self.text, tok.sent.start_char)
        return dateline is not None and tok.idx < dateline.end()

    def in_quote(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a quotation."""
        return any(q_start <= start and end <= q_end for q_start, q_end in self.quoted)

    def evidence(self, span: Span | Token, mechanism: str, confidence: float) -> Evidence:
        """Evidence for a fact read from `span`: its whole sentence, with offsets into the original text."""
        sent = span.sent
        text = self.text[sent.start_char: sent.end_char]  # `sent.text`, without rebuilding it from its tokens
        # Offsets of the stripped sentence: a trailing paragraph break would map over the dropped lines.
        first = sent.start_char + len(text) - len(text.lstrip())
        start, end = self.cleaned.to_original(first, max(first, sent.start_char + len(text.rstrip())))
        return Evidence(
            sentence=text.strip(),
            start=start,
            end=end,
            mechanism=mechanism,
            confidence=calibrated(confidence) if self.calibrated else round(confidence, 2),
        )

    def date(self, text: str) -> PartialDate | None:
        """A date expression resolved against the publication date when one is known."""
        return parse_date(text, self.article.published)

    def fact_key(self, kind: str, *parts: object) -> str:
        """A key for a fact node, stable for the same article and the same reading."""
        reading = "\x1f".join(str(p) for p in parts)
        return f"{kind}/{self.article.id}/{iris.digest(reading)}"
