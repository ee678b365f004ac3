"""Quotation marks: where the quotes of a text are (see `quoted_spans`). Shared by the quote reader and by
readers that must not look inside quotes for antecedents."""

from __future__ import annotations

OPENERS = "“«"
CLOSERS = "”»"
STRAIGHT = '"'
# A straight mark opens a quote after these (or at a line start) when a word follows it.
OPEN_CONTEXT = " \t\n([{—–-/:"


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the text inside each outermost pair of double quote marks.

    Marks pair like brackets, so inner quotation marks stay inside the quote. A straight mark opens after a
    space, a bracket or a line start when a word follows it, and closes otherwise. A quote never runs over a
    paragraph break (a blank line); one still open there ends at the paragraph's end when it started the
    paragraph's line (a multi-paragraph quote), and is dropped otherwise; one still open at the end of the text
    (an excerpt cut off inside it) ends there.
    """
    spans: list[tuple[int, int]] = []
    depth_start: list[int] = []  # offsets just after each open mark, outermost first
    for i, ch in enumerate(text):
        if ch == "\n":
            if depth_start and (text.startswith("\n", i + 1) or _reopens(text, i)):
                if _starts_line(text, depth_start[0] - 1):
                    spans.append((depth_start[0], i))
                depth_start.clear()
            continue
        if ch in OPENERS or (ch == STRAIGHT and _opens(text, i)):
            depth_start.append(i + 1)
        elif ch in CLOSERS or ch == STRAIGHT:
            if depth_start:
                opened = depth_start.pop()
                if not depth_start and i > opened:
                    spans.append((opened, i))
    if depth_start:  # open at the end of the text: a text cut off inside a quote
        spans.append((depth_start[0], len(text.rstrip())))
    return sorted(spans)


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in OPEN_CONTEXT and not after.isspace()


def _starts_line(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


def _reopens(text: str, newline: int) -> bool:
    """A line that opens with a quote mark while a quote is open: the open quote ended with its line."""
    after = text[newline + 1: newline + 2]
    return after in (OPENERS + STRAIGHT) and after != ""
