"""An article's original text, read back from the file it was ingested from, with what the cleaner dropped.

The store keeps an article's facts and their character offsets into its original text, not the text itself:
that stays in the article's file. The records beside the store (`kg.load.FileRecords`) name the file each
article came from, so the text can be shown with its facts highlighted. The file is trusted only while it
still gives the article with the content hash the store holds: an edited or removed file has no text to
show until it is ingested again (the offsets would point into another text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.clean import clean
from kg.errors import KGError
from kg.load import FileRecords, load_file


@dataclass(frozen=True)
class SourceText:
    """The original text of an article and the spans the cleaner dropped (page furniture), or why not."""

    text: str | None
    dropped: list[tuple[int, int]]
    problem: str | None = None


def article_source(
    location: Path | str | None, article_id: str, content_hash: str | None, *, max_bytes: int
) -> SourceText:
    """The text of article `article_id` of the store at `location` (a directory or a URL, as for ingest)."""
    files = FileRecords.for_store(location).files_of(article_id)
    if not files:
        return SourceText(None, [], "the store keeps no record of this article's file: "
                          "re-ingest it with `kg ingest`")
    for file in files:
        try:
            articles = load_file(file, file.parent, max_bytes=max_bytes).articles
        except KGError as exc:
            return SourceText(None, [], f"the article's file cannot be read: {exc}")
        for article in articles:
            if article.content_hash == content_hash:
                return SourceText(article.text, dropped_spans(article.text))
    return SourceText(None, [], f"the article's file {files[0].name} changed since it was ingested: "
                      "run `kg ingest` to store what it says now")


def dropped_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that the clean stage leaves out, without their surrounding whitespace."""
    kept = sorted((start, start + length) for _, start, length in clean(text).segments)
    spans, position = [], 0
    for start, end in [*kept, (len(text), len(text))]:
        gap = text[position:start]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            spans.append((position + lead, position + len(gap.rstrip())))
        position = max(position, end)
    return spans
