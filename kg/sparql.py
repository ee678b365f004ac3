"""Reading SPARQL text without running it: what the parser does not tell us before a query runs.

pyoxigraph parses a query only to run it, so a few questions are answered from the text: whether the query
names its own dataset (FROM / FROM NAMED), which IRIs it writes relative to a base, and the keyword view the
API checks SERVICE and LOAD against. Each looks only at keywords, never inside strings, comments or IRIs.
"""

from __future__ import annotations

import re

# Strings, comments and IRIs, leftmost first, so a keyword is only seen where it is a keyword.
_TOKENS = re.compile(
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# A keyword stands alone: not part of a variable (?from), a prefixed name (ex:from, from:x, ex:a.from) or a
# longer word.
_FROM = re.compile(r"(?<![\w:?$.-])FROM(?![\w:-])", re.IGNORECASE)
_BASE = re.compile(r"(?<![\w:?$.-])BASE(?![\w:-])", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
BOM = "\ufeff"


def keywords_view(sparql: str) -> tuple[str, list[str]]:
    """The query with strings and comments blanked and each IRI replaced by `<n>`, plus the IRIs."""
    iris: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match["iri"] is None:
            return " "
        iris.append(match["iri"][1:-1])
        return f"<{len(iris) - 1}>"

    return _TOKENS.sub(replace, sparql), iris


def declares_dataset(sparql: str) -> bool:
    """Whether the query has a dataset clause (FROM or FROM NAMED), which SPARQL allows nowhere else."""
    if "from" not in sparql.lower():
        return False  # the common case, decided without tokenising
    return _FROM.search(keywords_view(sparql)[0]) is not None


def relative_iri(sparql: str) -> str | None:
    """The first IRI written relative to a base, when the query declares no BASE; else None."""
    view, iris = keywords_view(sparql)
    if _BASE.search(view):
        return None
    return next((iri for iri in iris if not _SCHEME.match(iri)), None)


def strip_bom(text: str) -> str:
    """The text without the byte-order mark that Windows editors put at the start of UTF-8 files."""
    return text.removeprefix(BOM)


def syntax_error_message(sparql: str, error: Exception, base_iri: str | None) -> str:
    """The message for a query that does not parse: the parser's, and which IRI needs a base when the query
    writes one relative without a base to resolve it against (the parser's words would not say so)."""
    relative = relative_iri(sparql) if base_iri is None else None
    if relative is not None:
        return (
            f"the SPARQL query does not parse: relative IRI <{relative}> has no base to resolve against; "
            f"add a BASE declaration (e.g. BASE <https://w3id.org/mkg/>) or write the IRI in full ({error})"
        )
    return f"the SPARQL query does not parse: {error}"
