"""Quotation marks: where the quotes of a text are (see `quoted_spans`). Shared by the quote reader and by
readers that must not look inside quotes for antecedents."""

from __future__ import annotations

import re

OPENERS = "“«"
CLOSERS = "”»"
STRAIGHT = '"'
# Single marks, the primary quotation marks of some outlets (‘…,’ she said): read outside double-quoted text
# only, and only where an apostrophe cannot be meant: a closing mark after the statement's punctuation, or a
# curly one after a word and before punctuation ("‘turn every migrant into a suspect’.").
SINGLE_OPENERS = "‘'"
SINGLE_CLOSERS = "’'"
STATEMENT_END = ",.?!…"
MIN_STRAIGHT_SINGLE_SPACES = 4  # words - 1 of the shortest statement a straight single mark closes after a word
# A paragraph that lost its opening mark is a quote when it is long and says who spoke right after its closer.
MIN_UNOPENED_WORDS = 8
ATTRIBUTED_AFTER = re.compile(r"[,.]?\s+[^.\n“”\"]{0,50}?\b(?:said|says|stated|states|added|adds|noted|notes|"
                              r"wrote|writes|told|explained|reported|warned|emphasi[sz]ed)\b")
# A straight mark opens a quote after these (or at a line start) when a word follows it.
OPEN_CONTEXT = " \t\n([{—–-/:"


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the text inside each outermost pair of double quote marks.

    Marks pair like brackets, so inner quotation marks stay inside the quote. A straight mark opens after a
    space, a bracket or a line start when a word follows it, and closes otherwise. A quote never runs over a
    paragraph break (a blank line); one still open there ends at the paragraph's end when it started the
    paragraph's line or followed its introduction's colon (a multi-paragraph quote), and is dropped otherwise;
    one still open at the end of the text
    (an excerpt cut off inside it) ends there, unless it opened on an earlier line: that mark was a stray one,
    which would swallow every quote after it, and the marks after it pair anew. Quotes in single marks are added
    (see SINGLE_OPENERS).
    """
    double = _double_quoted(text, 0)
    return sorted(double + _single_quoted(text, double))


def _double_quoted(text: str, begin: int) -> list[tuple[int, int]]:
    """The double-quoted spans of `text` from offset `begin` on (see `quoted_spans`)."""
    spans: list[tuple[int, int]] = []
    depth_start: list[int] = []  # offsets just after each open mark, outermost first
    inner_close: int | None = None  # the last closer of an inner quote, while the outer one is open
    for i in range(begin, len(text)):
        ch = text[i]
        if ch == "\n":
            if len(depth_start) == 1 and inner_close is not None and _closes_both(text, depth_start[0],
                                                                                   inner_close):
                # '“We stayed … They were told: “We ask you to leave,” X says.': the inner and the outer quote
                # end together, with one mark, and the speaker follows it
                spans.append((depth_start.pop(), inner_close))
            inner_close = None
            if depth_start and (text.startswith("\n", i + 1) or _reopens(text, i)):
                if _starts_line(text, depth_start[0] - 1) or _after_colon(text, depth_start[0] - 1):
                    spans.append((depth_start[0], i))
                depth_start.clear()
            continue
        if ch in OPENERS or (ch == STRAIGHT and _opens(text, i)) or (
                ch in CLOSERS and not depth_start and _misused_opener(text, i)):
            depth_start.append(i + 1)
        elif ch in CLOSERS or ch == STRAIGHT:
            if depth_start:
                opened = depth_start.pop()
                if not depth_start and i > opened:
                    spans.append((opened, i))
                inner_close = i if depth_start else None
            elif ch in CLOSERS and (resumed := _resumed_after_dash(text, i, spans)
                                    or _unopened_paragraph(text, i)) is not None:
                spans = [span for span in spans if span[0] < resumed]  # inner quotes stay inside it
                spans.append((resumed, i))
    if depth_start and "\n" in text[depth_start[0]:].rstrip():  # '"Interfax reported that …' and no closer
        stray = depth_start[0] - 1
        return [span for span in spans if span[1] < stray] + _double_quoted(text, stray + 1)
    if depth_start:  # open at the end of the text: a text cut off inside a quote
        spans.append((depth_start[0], len(text.rstrip())))
    return spans


def _closes_both(text: str, opened: int, close: int) -> bool:
    """Whether an inner quote's closer on the outer quote's line, right before its speaker, also closes the
    outer quote (opened at `opened`)."""
    return "\n" not in text[opened:close] and ATTRIBUTED_AFTER.match(text, close + 1) is not None


def _resumed_after_dash(text: str, close: int, spans: list[tuple[int, int]]) -> int | None:
    """Where a quote resumes after its speaker, with a dash and no opening mark, as translations from Russian
    write it: '“We have not caught them,” he said. – And 20 thousand are at the front.”' (the start offset)."""
    line_start = text.rfind("\n", 0, close) + 1
    for start, end in reversed(spans):  # the quote's first part, on the same line
        if end < line_start:
            return None
        for dash in (" – ", " — "):
            at = text.find(dash, end, close)
            if at > end and text[at - 1] in ".,:" and "”" not in text[end + 1: at]:
                return at + len(dash)
    return None


def _misused_opener(text: str, i: int) -> bool:
    """A closing mark that opens a line, before a word, with another closer later on that line: a page that
    opens its quotes with the closer ('” What we ask is …”, said X')."""
    line_end = text.find("\n", i)
    rest = text[i + 1: line_end if line_end >= 0 else len(text)]
    return _starts_line(text, i) and rest.lstrip()[:1].isalnum() and any(mark in rest for mark in CLOSERS)


def _unopened_paragraph(text: str, close: int) -> int | None:
    """The start of a paragraph that is a quote whose opening mark the page lost, closed and attributed at its
    end: 'The occupiers constantly exert pressure … ,” the Center stated.'"""
    start = text.rfind("\n", 0, close) + 1
    inside = text[start:close]
    if any(mark in inside for mark in OPENERS + CLOSERS + STRAIGHT) or len(inside.split()) < MIN_UNOPENED_WORDS:
        return None
    return start if ATTRIBUTED_AFTER.match(text, close + 1) else None


def _single_quoted(text: str, double: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotes in single marks, outside the double-quoted spans; they do not nest, and never span a line."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    inside = iter(double)
    current = next(inside, None)
    for i, ch in enumerate(text):
        while current is not None and current[1] < i:
            current = next(inside, None)
        if current is not None and current[0] - 1 <= i <= current[1]:
            opened = None
            continue
        if ch == "\n":
            opened = None
        elif ch in SINGLE_CLOSERS and opened is not None and i > opened and _closes_single(text, i, opened):
            spans.append((opened, i))
            opened = None
        elif ch in SINGLE_OPENERS and _opens(text, i) and (text[i + 1: i + 2].isalnum() or text[i + 1: i + 2] == "["):
            # (a word or an editor's insertion follows it: "'[The prosecutors] were not able …'"); a new opener
            # while one is open: the first was an apostrophe or a scare mark
            opened = i + 1
    return spans


def _closes_single(text: str, i: int, opened: int) -> bool:
    before = text[i - 1]
    after = text[i + 1: i + 2] or " "
    if before in STATEMENT_END:
        return not after.isalnum()
    if not (before.isalpha() and (after in ".,;:?!)—–" or after == "\n" or i + 1 == len(text))):
        return False
    # a straight mark after a word is a plural's apostrophe ("the migrants', ") unless it ends a statement of
    # some words that opened its line or sentence ("'… I'll do it', said César")
    if text[i] == "’":
        return True
    line_start = text.rfind("\n", 0, opened - 1) + 1
    before_quote = text[line_start: opened - 1].rstrip()
    return (not before_quote or before_quote[-1] in ".!?:") and "'" not in text[opened:i] \
        and text.count(" ", opened, i) >= MIN_STRAIGHT_SINGLE_SPACES


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in OPEN_CONTEXT and not after.isspace()


def _starts_line(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


def _after_colon(text: str, i: int) -> bool:
    """A mark that opens a quote after its introduction's colon ('Zelensky said: "Our military …'), which may run
    over several paragraphs, each reopened and only the last closed."""
    return text[max(i - 2, 0):i] == ": "


def _reopens(text: str, newline: int) -> bool:
    """A line that opens with a quote mark while a quote is open: the open quote ended with its line."""
    after = text[newline + 1: newline + 2]
    return after in (OPENERS + STRAIGHT) and after != ""
