"""What the summary graph keeps per entity, legal act, place, country and quantity: the columns of the canned
lists, kept up to date when an article is stored, so that a list costs its rows and not the facts behind
them, and a write costs its article, not the corpus.

Oxigraph evaluates `GROUP BY` and `ORDER BY` over a query's whole input before its first row, so a list that
gathers, per agency, country, place or act, facts from every article that reports it (`agencies`,
`countries-of-origin`, `raids`, `laws`...) costs the corpus, whatever its page size. Each `Summary` is one
such column: for a resource ?r, an aggregate of the values ?x of a pattern. How a column is kept depends on
where its facts are:

  * `entries`: the facts are an article's own (its raids, figures, evidence...). Each article graph keeps
    its contributions, one *entry* `?r <entry#NAME> ?x` per distinct value, written with the article; the
    entry graph holds each entry once while some article still holds it. A write adds the article's new
    entries, removes those no other article holds, and recomputes the column only of the resources whose
    set of entries changed, from the entry graph (the distinct values, not the facts behind them). Russia,
    named by most articles, gains no entry when one more article gives its evidence a confidence it already
    had, so the write does not touch its column.
  * `count`: how many articles report ?r; each article counts once, so a write adds or subtracts one.
  * `direct`: the column reads statements about ?r itself (its posts, an act's stages and actors), stored
    once in the entity graph: recomputed for the resources the article reports, before and after.

A quantity's claims are its own figures' and those of the broader quantities that overlap it (`overlap`):
its column reads its own entries and those of its broader quantities, and a change to the entries of a
broad quantity recomputes the columns of the narrower ones too.

An entry pattern reads the article's own facts (`$SOURCE`, the graph of the article whose contribution it is)
and, for the names and types of the shared resources they link to, the store as it is when the article is
written; rewriting the reference data computes every entry afresh. Patterns name the graph of each triple
(the WHERE of an update matches the default graph, not the union of the graphs).

A pattern over a set of graphs (`VALUES ?source {...} GRAPH ?source {...}`) makes Oxigraph read every graph
(measured: 63 s for 20 articles of the 10k store, 7-46 ms for one article named by its IRI). So a bulk load
computes the entries of each batch of articles in a store of that batch alone, one pass per column over its
graphs (`entry_steps`, from `kg.layout.BulkLayout`), the columns once the load is in (`column_steps`), and the
property summaries in Python as it lays the articles out (`PropertySummaries`). (Passes over the whole
store, 12 ms an article at 2k and 5k articles, took 39 min at 100k without finishing: each pass holds all
its solutions before it writes them, and looks up labels and types across a store larger than memory.)
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg import iris
from kg.model import EntityKind
from kg.vocab import BASE, MKG, PREFIXES, REFERENCE_GRAPH, XSD

# The prefixes the patterns use, declared once at the head of an update that recomputes summaries.
PROLOGUE = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("mkg", "rdf", "rdfs", "skos"))
ENTRY_BASE = BASE + "entry#"  # the predicates of the entries: <entry#NAME> for the summary NAME
ENTRY_GRAPH = f"<{BASE}graph/summary-entries>"  # every entry once
SUMMARY_GRAPH = f"<{BASE}graph/summaries>"
STATEMENT_GRAPH = f"<{BASE}graph/statements>"
SOURCE = "$SOURCE"
# The resources an article graph feeds, for `direct` summaries: the entities and acts it reports.
_REPORTED_PREFIXES = tuple(f"{iris.ID_BASE}{kind}/" for kind in (*(k.value for k in EntityKind), "act"))
REPORTED = ("GRAPH {graph} {{ ?r mkg:reportedIn ?article }} FILTER("
            + " || ".join(f'STRSTARTS(STR(?r), "{prefix}")' for prefix in _REPORTED_PREFIXES) + ")")
# In the summaries of every source at once, the graphs that are sources (articles, the reference data).
_IS_SOURCE = f'FILTER(STRSTARTS(STR(?source), "{iris.ARTICLE_GRAPH_BASE}") || ?source = <{REFERENCE_GRAPH.value}>)'


def reported_by(graph: str) -> str:
    """The pattern binding ?r to the entities and acts that the graph `graph` reports."""
    return REPORTED.format(graph=graph)


def _in_source(subject: str, predicate: str, obj: str) -> str:
    """A triple of the source's logical graph: in its own graph, or a shared statement that it asserts."""
    return (
        f"{{ GRAPH {SOURCE} {{ {subject} {predicate} {obj} }} }} UNION {{ GRAPH {SOURCE} {{ ?sourceNode mkg:asserts ?st }}"
        f" GRAPH {STATEMENT_GRAPH} {{ ?st rdf:subject {subject} ; rdf:predicate {predicate} ; rdf:object {obj} }} }}"
    )


_AGENCY_CLASSES = "mkg:GovernmentAgency, mkg:Legislature, mkg:Court, mkg:ArmedForce"
_RAID = (
    f"GRAPH {SOURCE} {{ ?raid a mkg:Raid ; mkg:place ?r ; mkg:reportedIn ?article }} "
    "GRAPH ?g1 { ?article rdfs:label ?sourceName }"
)
_ORIGIN_CLAIM = (
    f"GRAPH {SOURCE} {{ ?claim a mkg:OriginClaim ; mkg:originCountry ?r ; mkg:relation ?relation ; mkg:reportedIn ?article ;"
    " mkg:factConfidence ?claimConfidence } GRAPH ?g1 { ?relation skos:prefLabel ?relationName }"
)


def _names(predicate: str, label: str = "rdfs:label", of: str = "?r") -> str:
    """A pattern binding ?x to the names (`label`) of what `of` links to by `predicate`."""
    return f"GRAPH ?g {{ {of} {predicate} ?named }} GRAPH ?g1 {{ ?named {label} ?name }} BIND(STR(?name) AS ?x)"


# A figure of the source, about the quantity ?r (whose column also reads the broader quantities' entries).
_CLAIM = f"""GRAPH {SOURCE} {{ ?figure mkg:quantity ?r ; mkg:value ?value ; mkg:valueText ?valueText ; mkg:reportedIn ?article ;
                     mkg:factConfidence ?figureConfidence .
             ?article rdfs:label ?sourceName }}"""
_CLAIMANT = f"""OPTIONAL {{ GRAPH {SOURCE} {{ ?figure mkg:claimant ?claimant }} GRAPH ?g1 {{ ?claimant rdfs:label ?claimantName }}
             FILTER(LANG(?claimantName) = "") }}"""


@dataclass(frozen=True)
class Summary:
    """The summary property `name` of each resource ?r: `aggregate` ("list": the distinct values of ?x in
    order, `separator` between them; else an aggregate expression of ?x) over `pattern`, which binds ?r and
    ?x. `kept` says how a write keeps it (the module docstring); `overlap`, that a quantity's column also
    reads the entries of its broader quantities."""

    name: str
    aggregate: str
    pattern: str
    separator: str = "; "
    kept: str = "entries"  # or "count", "direct"
    overlap: bool = False

    @property
    def entry(self) -> str:
        """The predicate of this summary's entries."""
        return f"<{ENTRY_BASE}{self.name}>"

    def contributions(self, source: str) -> str:
        """SELECT DISTINCT ?r ?x (and ?source): the values that the source graph `source` (an IRI, or ?source
        for every source) gives this summary."""
        where = self.pattern.replace(SOURCE, source)
        if source == "?source":
            return f"SELECT DISTINCT ?source ?r ?x WHERE {{ {where} {_IS_SOURCE} }}"
        return f"SELECT DISTINCT ?r ?x WHERE {{ {where} }}"

    def aggregated(self, values: str, of: str = "?r") -> str:
        """SELECT `of` ?v: the aggregate of the distinct (`of`, ?x) that the pattern `values` binds."""
        if self.aggregate == "list":
            # In order, so that a store holds the same summaries whatever order its articles were written in.
            return (
                f'SELECT {of} (GROUP_CONCAT(?x; separator="{self.separator}") AS ?v) WHERE {{ {{ SELECT DISTINCT {of} ?x WHERE {{\n'
                f"  {values} }} ORDER BY ?x }} }} GROUP BY {of}"
            )
        return f"SELECT {of} ({self.aggregate} AS ?v) WHERE {{ {{ SELECT DISTINCT {of} ?x WHERE {{\n  {values} }} }} }} GROUP BY {of}"

    def from_entries(self, targets: str) -> str:
        """SELECT ?r ?v: this column of the resources that `targets` binds ?r to, read from the entry graph."""
        own = f"GRAPH {ENTRY_GRAPH} {{ ?r {self.entry} ?x }}"
        if self.overlap:
            own = (f"{{ {own} }} UNION {{ GRAPH ?gq {{ ?r mkg:broaderQuantity ?broader }} "
                   f"GRAPH {ENTRY_GRAPH} {{ ?broader {self.entry} ?x }} }}")
        return self.aggregated(f"{targets}\n  {own}")

    def from_scratch(self) -> str:
        """SELECT ?r ?v: this column of every resource, computed from the source graphs (no entry, no
        earlier summary): what the kept column must equal."""
        if self.kept == "direct":
            return self.aggregated(f"{{ SELECT DISTINCT ?r WHERE {{ {reported_by('?source')} }} }}\n  {self.pattern}")
        values = f"{{ {self.contributions('?source')} }}"
        if not self.overlap:
            return self.aggregated(values)
        overlapped = (f"{{ {values} BIND(?r AS ?target) }} UNION "
                      f"{{ {values} GRAPH ?gq {{ ?target mkg:broaderQuantity ?r }} }}")
        return f"SELECT ?r ?v WHERE {{ {{ {self.aggregated(overlapped, '?target')} }} BIND(?target AS ?r) }}"


# Of a resource the articles report (an entity or an act, not a fact of one article).
_IS_REPORTED = "FILTER(" + " || ".join(f'STRSTARTS(STR(?r), "{prefix}")' for prefix in _REPORTED_PREFIXES) + ")"

SUMMARIES = (
    # Every entity and act: how many articles report it, the highest confidence of its evidence.
    Summary("articleCount", "COUNT(DISTINCT ?x)", f"{reported_by(SOURCE)} BIND(?article AS ?x)", kept="count"),
    Summary("topConfidence", "MAX(?x)",
            f"GRAPH {SOURCE} {{ ?r mkg:evidence ?evidence . ?evidence mkg:confidence ?x }} {_IS_REPORTED}"),
    # Agencies: what they are reported to do.
    Summary("reportedActivities", "list", f"""VALUES ?role {{ mkg:agent mkg:signedBy mkg:adoptedBy mkg:introducedBy mkg:approvedBy }}
  {_in_source("?doing", "?role", "?r")} {_IS_REPORTED}
  FILTER EXISTS {{ GRAPH ?g {{ ?r a ?agencyClass }} FILTER(?agencyClass IN ({_AGENCY_CLASSES})) }}
  GRAPH ?g2 {{ ?doing rdfs:label ?activity }} BIND(STR(?activity) AS ?x)"""),
    # People: their posts, the organizations and countries of those posts, their affiliations.
    Summary("postTitles", "list", _names("mkg:holdsPost", "mkg:title"), kept="direct"),
    Summary("postOrganizations", "list", """GRAPH ?g { ?r mkg:holdsPost ?post } GRAPH ?g1 { ?post mkg:postIn ?org }
  GRAPH ?g2 { ?org rdfs:label ?name } BIND(STR(?name) AS ?x)""", kept="direct"),
    Summary("postCountries", "list", """GRAPH ?g { ?r mkg:holdsPost ?post } GRAPH ?g1 { ?post mkg:postIn ?org }
  GRAPH ?g2 { ?org mkg:country ?country } GRAPH ?g3 { ?country rdfs:label ?name } BIND(STR(?name) AS ?x)""", kept="direct"),
    Summary("affiliations", "list", _names("mkg:affiliatedWith"), kept="direct"),
    # Countries of origin: the claims that the country's citizens are recruited, fight, die... and the figures
    # that count its citizens.
    Summary("originInvolvement", "list", f"{_ORIGIN_CLAIM} BIND(STR(?relationName) AS ?x)"),
    Summary("originArticleCount", "COUNT(DISTINCT ?x)", f"{_ORIGIN_CLAIM} BIND(?article AS ?x)", kept="count"),
    Summary("originConfidence", "MAX(?x)", f"{_ORIGIN_CLAIM} BIND(?claimConfidence AS ?x)"),
    Summary("originFigures", "list", f"""GRAPH {SOURCE} {{ ?figure mkg:groupCountry ?r ; a mkg:QuantitativeClaim ;
                                                   rdfs:label ?text }}
  BIND(STR(?text) AS ?x)"""),
    # Places: the raids there.
    Summary("raidSources", "list", f"{_RAID} BIND(STR(?sourceName) AS ?x)"),
    Summary("raidDate", "MIN(?x)", f"{_RAID} GRAPH {SOURCE} {{ ?raid mkg:date ?when }} BIND(STR(?when) AS ?x)"),
    Summary("raidAgencies", "list", f"{_RAID} GRAPH {SOURCE} {{ ?raid mkg:agent ?agent }} GRAPH ?g3 {{ ?agent rdfs:label ?name }}"
                                    " BIND(STR(?name) AS ?x)"),
    Summary("raidFigures", "list", f"{_RAID} GRAPH {SOURCE} {{ ?raid mkg:hasFigure ?figure }} GRAPH ?g3 {{ ?figure rdfs:label ?text }}"
                                   " BIND(STR(?text) AS ?x)"),
    Summary("raidConfidence", "MAX(?x)", f"{_RAID} GRAPH {SOURCE} {{ ?raid mkg:factConfidence ?x }}"),
    # Legal acts: kind, status, stages, date, actors, effects, grounds, targets, sources.
    Summary("actKinds", "list", _names("mkg:actKind", "skos:prefLabel"), kept="direct"),
    # Articles may report the act at different stages: its status is the latest of them (the highest stage
    # order; orders are below 90, so the "1x" strings sort as the numbers do).
    Summary("latestStatus", 'STRAFTER(MAX(?x), " ")', """GRAPH ?g { ?r mkg:status ?status }
  GRAPH ?g1 { ?status mkg:stageOrder ?order } GRAPH ?g2 { ?status skos:prefLabel ?name }
  BIND(CONCAT(STR(10 + ?order), " ", STR(?name)) AS ?x)""", kept="direct"),
    Summary("stages", "list", """GRAPH ?g { ?r mkg:hasStage ?stage }
  OPTIONAL { GRAPH ?g1 { ?stage mkg:stageStatus ?status } GRAPH ?g2 { ?status skos:prefLabel ?name } }
  OPTIONAL { GRAPH ?g3 { ?stage mkg:date ?date } }
  BIND(IF(BOUND(?date), CONCAT(STR(?name), " ", STR(?date)), STR(?name)) AS ?x)""", kept="direct"),
    Summary("earliestDate", "MIN(?x)", "GRAPH ?g { ?r mkg:date ?when } BIND(STR(?when) AS ?x)", kept="direct"),
    Summary("actors", "list", "VALUES ?role { mkg:signedBy mkg:adoptedBy mkg:introducedBy mkg:approvedBy } "
                              + _names("?role"), kept="direct"),
    Summary("signers", "list", _names("mkg:signedBy"), kept="direct"),
    Summary("adopters", "list", _names("mkg:adoptedBy"), kept="direct"),
    Summary("introducers", "list", _names("mkg:introducedBy"), kept="direct"),
    Summary("effects", "list", _names("mkg:enables", "skos:prefLabel"), kept="direct"),
    Summary("prohibitions", "list", _names("mkg:prohibits", "skos:prefLabel"), kept="direct"),
    Summary("grounds", "list", _names("mkg:ground", "skos:prefLabel"), kept="direct"),
    Summary("targetGroups", "list", _names("mkg:targets"), kept="direct"),
    Summary("evidenceSources", "list", f"""GRAPH {SOURCE} {{ ?r mkg:evidence ?evidence . ?evidence mkg:article ?article }}
  {_IS_REPORTED} FILTER EXISTS {{ GRAPH ?g0 {{ ?r a mkg:LegalAct }} }} GRAPH ?g1 {{ ?article rdfs:label ?name }} BIND(STR(?name) AS ?x)"""),
    Summary("firstSentence", "MIN(?x)", f"""GRAPH {SOURCE} {{ ?r mkg:evidence ?evidence . ?evidence mkg:sentence ?x }}
  {_IS_REPORTED} FILTER EXISTS {{ GRAPH ?g0 {{ ?r a mkg:LegalAct }} }}"""),
    # Quantities: the range of the values claimed, the claims side by side, whether they conflict.
    Summary("lowestValue", "MIN(?x)", f"{_CLAIM} BIND(?value AS ?x)", overlap=True),
    Summary("highestValue", "MAX(?x)", f"{_CLAIM} BIND(?value AS ?x)", overlap=True),
    Summary("claims", "list", f"""{_CLAIM} {_CLAIMANT}
  OPTIONAL {{ GRAPH {SOURCE} {{ ?figure mkg:date ?when }} }}
  BIND(CONCAT(STR(?valueText), " (", COALESCE(STR(?claimantName), "no claimant"), ", ",
              COALESCE(STR(?when), "undated"), ", ", STR(?sourceName), ")") AS ?x)""", separator=" | ", overlap=True),
    Summary("claimants", "list", f"""{_CLAIM}
  GRAPH {SOURCE} {{ ?figure mkg:claimant ?claimant }} GRAPH ?g1 {{ ?claimant rdfs:label ?claimantName }}
  FILTER(LANG(?claimantName) = "") BIND(STR(?claimantName) AS ?x)""", overlap=True),
    Summary("claimSources", "list", f"{_CLAIM} BIND(STR(?sourceName) AS ?x)", overlap=True),
    Summary("claimArticleCount", "COUNT(DISTINCT ?x)", f"{_CLAIM} BIND(?article AS ?x)", overlap=True),
    Summary("claimConfidence", "MAX(?x)", f"{_CLAIM} BIND(?figureConfidence AS ?x)", overlap=True),
    # Within one article, the extractor's reading of the sentences decides: parts, series and changes over time
    # stated side by side are no dispute.
    Summary("disputed", "MAX(?x)",
            f"{_CLAIM} BIND(IF(EXISTS {{ GRAPH {SOURCE} {{ ?figure mkg:conflictsWith ?other }} }}, 1, 0) AS ?x)", overlap=True),
)
_BY_KEPT = {kept: [s for s in SUMMARIES if s.kept == kept] for kept in ("entries", "count", "direct")}
_ENTRIES = " ".join(s.entry for s in _BY_KEPT["entries"])
ENTRY_PREDICATES = tuple(ox.NamedNode(s.entry[1:-1]) for s in _BY_KEPT["entries"])


def _scratch_note(name: str) -> str:
    return f"<{BASE}graph/scratch#{name}>"


_CHANGED, _BEFORE, _AFTER, _DIRECT = (_scratch_note(n) for n in ("changedEntries", "countedBefore", "countedAfter", "direct"))


def _note_direct(graph: str, scratch: str) -> str:
    """The step that notes in the scratch graph the resources whose `direct` columns `graph` feeds."""
    return f"INSERT {{ GRAPH {scratch} {{ ?r a {_DIRECT} }} }} WHERE {{ {reported_by(graph)} }}"


def before_drop(graph: str, article_id: str, scratch: str) -> list[str]:
    """The steps, run before the article graph `graph` is replaced or dropped, that note in `scratch` what its
    old content gave the summaries: its entries, the resources it counts, those whose direct columns it feeds,
    its mentions of entities."""
    return [
        _note_mentions(graph, article_id, scratch, "old"),
        f"INSERT {{ GRAPH {scratch} {{ ?r ?p ?x }} }} WHERE {{ VALUES ?p {{ {_ENTRIES} }} GRAPH {graph} {{ ?r ?p ?x }} }}",
        *(f"INSERT {{ GRAPH {scratch} {{ ?r {_BEFORE} {s.entry} }} }} WHERE {{ {s.contributions(graph)} }}"
          for s in _BY_KEPT["count"]),
        _note_direct(graph, scratch),
    ]


def after_insert(graph: str, article_id: str, scratch: str) -> list[str]:
    """The steps, run once the new content of `graph` is in (or none, when it was dropped), that write its
    entries and bring the summaries up to date, then drop `scratch`."""
    steps = [f"INSERT {{ GRAPH {graph} {{ ?r {s.entry} ?x }} }} WHERE {{ {s.contributions(graph)} }}"
             for s in _BY_KEPT["entries"]]
    steps += [f"INSERT {{ GRAPH {scratch} {{ ?r {_AFTER} {s.entry} }} }} WHERE {{ {s.contributions(graph)} }}"
              for s in _BY_KEPT["count"]]
    steps += [
        _note_direct(graph, scratch),
        # Its entries that no article held before, and those of its old ones that no article holds now.
        f"INSERT {{ GRAPH {ENTRY_GRAPH} {{ ?r ?p ?x }} GRAPH {scratch} {{ ?r {_CHANGED} ?p }} }} WHERE {{ "
        f"VALUES ?p {{ {_ENTRIES} }} GRAPH {graph} {{ ?r ?p ?x }} FILTER NOT EXISTS {{ GRAPH {ENTRY_GRAPH} {{ ?r ?p ?x }} }} }}",
        f"DELETE {{ GRAPH {ENTRY_GRAPH} {{ ?r ?p ?x }} }} INSERT {{ GRAPH {scratch} {{ ?r {_CHANGED} ?p }} }} WHERE {{ "
        f"VALUES ?p {{ {_ENTRIES} }} GRAPH {scratch} {{ ?r ?p ?x }} "
        f"FILTER NOT EXISTS {{ GRAPH ?holder {{ ?r ?p ?x }} FILTER(?holder != {ENTRY_GRAPH} && ?holder != {scratch}) }} }}",
    ]
    for s in _BY_KEPT["entries"]:
        targets = f"GRAPH {scratch} {{ ?r {_CHANGED} {s.entry} }}"
        if s.overlap:  # and the narrower quantities, which read these entries too
            targets = (f"{{ SELECT DISTINCT ?r WHERE {{ {{ {targets} }} UNION {{ GRAPH {scratch} {{ ?broad {_CHANGED} {s.entry} }}"
                       f" GRAPH ?gq {{ ?r mkg:broaderQuantity ?broad }} }} }} }}")
        steps += _recompute(s, targets, s.from_entries(targets))
    for s in _BY_KEPT["count"]:
        before, after = f"GRAPH {scratch} {{ ?r {_BEFORE} {s.entry} }}", f"GRAPH {scratch} {{ ?r {_AFTER} {s.entry} }}"
        steps.append(
            f"DELETE {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?old }} }} INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?new }} }}"
            f" WHERE {{ {{ {before} FILTER NOT EXISTS {{ {after} }} BIND(-1 AS ?change) }} UNION"
            f" {{ {after} FILTER NOT EXISTS {{ {before} }} BIND(1 AS ?change) }}"
            f" OPTIONAL {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?old }} }}"
            f" BIND(COALESCE(?old, 0) + ?change AS ?count) BIND(IF(?count > 0, ?count, ?none) AS ?new) }}"
        )
    steps += _direct_steps(f"GRAPH {scratch} {{ ?r a {_DIRECT} }}")
    steps += [_note_mentions(graph, article_id, scratch, "new"), *_merge_mentions(scratch)]
    return [*steps, f"DROP SILENT GRAPH {scratch}"]


def _recompute(summary: Summary, targets: str, select: str) -> list[str]:
    """The steps that replace the column of the resources `targets` binds ?r to by the answer of `select`."""
    return [
        f"DELETE {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{summary.name} ?old }} }} WHERE {{ {targets} "
        f"GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{summary.name} ?old }} }}",
        f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{summary.name} ?v }} }} WHERE {{ {select} }}",
    ]


def _direct_steps(targets: str) -> list[str]:
    """The steps that recompute the direct columns of the resources `targets` binds ?r to; a resource that no
    article reports any more keeps none (its posts may still be in the reference data)."""
    reported = f"{targets} FILTER EXISTS {{ GRAPH ?reporting {{ ?r mkg:reportedIn ?by }} }}"
    return [step for s in _BY_KEPT["direct"] for step in _recompute(s, targets, s.aggregated(f"{reported}\n  {s.pattern}"))]


def summarise_all() -> list[str]:
    """The steps that compute every entry and every summary afresh from the source graphs: when the
    reference data (whose names the summaries read) is rewritten."""
    return [*summarise_columns(), *_all_mentions()]


def summarise_columns() -> list[str]:
    """The steps that compute every entry and every column afresh from the source graphs, into an empty
    summary graph: all but the property summaries (which a bulk load computes as it lays articles out)."""
    steps = [
        f"DROP SILENT GRAPH {ENTRY_GRAPH}",
        f"DROP SILENT GRAPH {SUMMARY_GRAPH}",
        f"DELETE {{ GRAPH ?g {{ ?r ?p ?x }} }} WHERE {{ VALUES ?p {{ {_ENTRIES} }} GRAPH ?g {{ ?r ?p ?x }} }}",
    ]
    return [*steps, *entry_steps(), *column_steps()]


def entry_steps(sources: Iterable[str] | None = None) -> list[str]:
    """The steps that write the entries of the source graphs `sources` (IRIs, each on its own: a pattern over
    a set of graphs would read every graph; None: every source graph at once) into them and into the entry
    graph."""
    if sources is None:
        return [f"INSERT {{ GRAPH ?source {{ ?r {s.entry} ?x }} GRAPH {ENTRY_GRAPH} {{ ?r {s.entry} ?x }} }} "
                f"WHERE {{ {s.contributions('?source')} }}" for s in _BY_KEPT["entries"]]
    return [f"INSERT {{ GRAPH {source} {{ ?r {s.entry} ?x }} GRAPH {ENTRY_GRAPH} {{ ?r {s.entry} ?x }} }} "
            f"WHERE {{ {s.contributions(source)} }}" for source in sources for s in _BY_KEPT["entries"]]


def column_steps() -> list[str]:
    """The steps that compute every column (into an empty summary graph, or one of property summaries only):
    from the entry graph, the counts and the statements."""
    steps = []
    for s in _BY_KEPT["entries"]:
        targets = f"{{ SELECT DISTINCT ?r WHERE {{ GRAPH {ENTRY_GRAPH} {{ ?r {s.entry} ?any }} }} }}"
        if s.overlap:
            targets = (f"{{ SELECT DISTINCT ?r WHERE {{ {{ GRAPH {ENTRY_GRAPH} {{ ?r {s.entry} ?any }} }} UNION "
                       f"{{ GRAPH {ENTRY_GRAPH} {{ ?broad {s.entry} ?any }} GRAPH ?gq {{ ?r mkg:broaderQuantity ?broad }} }} }} }}")
        steps.append(f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?v }} }} WHERE {{ {s.from_entries(targets)} }}")
    steps += [f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?v }} }} WHERE {{ {s.from_scratch()} }}"
              for s in _BY_KEPT["count"]]
    # The resources some article reports are those just counted (one lookup, not a pass over the articles).
    reported = f"GRAPH {SUMMARY_GRAPH} {{ ?r mkg:articleCount ?reports }}"
    steps += [f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?r mkg:{s.name} ?v }} }} WHERE {{ {s.aggregated(reported + ' ' + s.pattern)} }}"
              for s in _BY_KEPT["direct"]]
    return steps


# --- entity pages ---------------------------------------------------------------------------------------
# Per entity and property, outgoing or incoming, what its mentions in the articles add up to (the `entity`
# query): how many values, the latest (from the most recently published article), its date and the highest
# confidence of the readings. A mention is a fact of one article, so a write adds the article's share and
# takes off its old one; the latest value, its date and the confidence are maxima, with the number of articles
# that hold each (`*Holders`), looked for again over every article only when no article holds one any more.
# The summary node of an entity's property, in the summary graph, is `summary/<digest of the entity>#in-<digest
# of the property>` (or out-; an ontology term's IRI has a fragment already). Kept for the resources that
# articles share (entities, acts, quantities), concepts and the ontology's terms (a class's instances among the
# facts of the articles), not for the facts of one article, whose own graph holds their mentions.
_PROPERTY_NODE_BASE = BASE + "summary/"
_PROPERTY_NODE = f'IRI(CONCAT("{_PROPERTY_NODE_BASE}", SHA1(STR(?entity)), "#", ?direction, "-", SHA1(STR(?property))))'
_SHARED_BASES = (iris.ID_BASE, PREFIXES["concept"], MKG.base)
# The maxima a summary node keeps: (what the summary graph calls it, what a mention binds, what an article notes).
_MAXIMA = (("latestKey", "?key", "Key"), ("latestDate", "?when", "Date"), ("topConfidence", "?confidence", "Confidence"))
_NOTES = {name: _scratch_note(name) for name in (
    "of", "direction", "property", "stale",
    *(f"{age}{what}" for age in ("old", "new") for what in ("Count", "Key", "Date", "Confidence")))}


def _is_shared(variable: str, article_id: str) -> str:
    """An expression: the resource `variable` is shared (an entity, an act, a concept, a term of the ontology),
    not minted for the article (`article_id`: an id, or an expression giving it)."""
    own = f'"/{article_id}/"' if not article_id.startswith("STR") else f'CONCAT("/", {article_id}, "/")'
    bases = " || ".join(f'STRSTARTS(STR({variable}), "{base}")' for base in _SHARED_BASES)
    return f"isIRI({variable}) && ({bases}) && !CONTAINS(STR({variable}), {own})"


def mentions(graph: str, article_id: str) -> str:
    """The pattern binding ?entity, ?direction, ?property, ?value, ?key (the value after its date, so that the
    greatest is the latest), ?when and ?confidence for each mention of a shared resource in the article graph
    `graph` (`article_id`: its id, or an expression giving it)."""
    kept = f'?property != mkg:asserts && !STRSTARTS(STR(?property), "{ENTRY_BASE}")'
    shared = _is_shared("?entity", article_id)
    return f"""{{ GRAPH {graph} {{ ?entity ?property ?value }} FILTER({shared} && {kept}) BIND("out" AS ?direction)
    OPTIONAL {{ GRAPH {graph} {{ ?value mkg:datePublished ?published }} }}
    OPTIONAL {{ GRAPH {graph} {{ ?value mkg:confidence ?readingConfidence }} }} }}
  UNION {{ GRAPH {graph} {{ ?value ?property ?entity }} FILTER({shared} && {kept}) BIND("in" AS ?direction)
    OPTIONAL {{ GRAPH {graph} {{ ?value mkg:evidence ?evidence }}
      OPTIONAL {{ GRAPH {graph} {{ ?evidence mkg:confidence ?factConfidence }} }}
      OPTIONAL {{ GRAPH {graph} {{ ?evidence mkg:article ?factArticle . ?factArticle mkg:datePublished ?factPublished }} }} }} }}
  BIND(COALESCE(?published, ?factPublished) AS ?when)
  BIND(COALESCE(?readingConfidence, ?factConfidence) AS ?confidence)
  BIND(CONCAT(COALESCE(STR(?when), ""), "|", STR(?value)) AS ?key)"""


def _note_mentions(graph: str, article_id: str, scratch: str, age: str) -> str:
    """The step that notes in `scratch`, per entity and property, what the mentions of `graph` add up to."""
    n = _NOTES
    return (
        f"INSERT {{ GRAPH {scratch} {{ ?node {n['of']} ?entity ; {n['direction']} ?direction ; {n['property']} ?property ;"
        f" {n[age + 'Count']} ?count ; {n[age + 'Key']} ?key ; {n[age + 'Date']} ?when ; {n[age + 'Confidence']} ?confidence }} }}"
        f" WHERE {{ {{ SELECT ?entity ?direction ?property (COUNT(DISTINCT ?value) AS ?count) (MAX(?key) AS ?latestKey)"
        f" (MAX(?when) AS ?latestDate) (MAX(?confidence) AS ?topConfidence) WHERE {{ {mentions(graph, article_id)} }}"
        f" GROUP BY ?entity ?direction ?property }}"
        f" BIND({_PROPERTY_NODE} AS ?node) BIND(?latestKey AS ?key) BIND(?latestDate AS ?when) BIND(?topConfidence AS ?confidence) }}"
    )


def _merge_mentions(scratch: str) -> list[str]:
    """The steps that add to the summary nodes what the scratch notes say an article added and took off, then
    look again over every article for the maxima that no article holds any more."""
    n, summary = _NOTES, SUMMARY_GRAPH
    where = [f"{{ SELECT DISTINCT ?node ?entity ?direction ?property WHERE {{ GRAPH {scratch} {{ ?node {n['of']} ?entity ;"
             f" {n['direction']} ?direction ; {n['property']} ?property }} }} }}",
             f"OPTIONAL {{ GRAPH {scratch} {{ ?node {n['oldCount']} ?oldCount }} }}",
             f"OPTIONAL {{ GRAPH {scratch} {{ ?node {n['newCount']} ?newCount }} }}",
             f"OPTIONAL {{ GRAPH {summary} {{ ?node mkg:valueCount ?count }} }}",
             "BIND(COALESCE(?count, 0) - COALESCE(?oldCount, 0) + COALESCE(?newCount, 0) AS ?total)",
             "BIND(?total > 0 AS ?kept)"]
    delete = ["?node mkg:valueCount ?count . ?entity mkg:propertySummary ?node . "
              "?node mkg:summaryDirection ?direction ; mkg:summaryProperty ?property ."]
    insert = ["?node mkg:valueCount ?keptTotal . ?keptEntity mkg:propertySummary ?node . "
              "?keptNode mkg:summaryDirection ?direction ; mkg:summaryProperty ?property ."]
    where += ["BIND(IF(?kept, ?total, ?none) AS ?keptTotal)", "BIND(IF(?kept, ?entity, ?none) AS ?keptEntity)",
              "BIND(IF(?kept, ?node, ?none) AS ?keptNode)"]
    stale = []
    for name, _, note in _MAXIMA:
        cur, holders, old, new = f"?{name}", f"?{name}Holders", f"?old{note}", f"?new{note}"
        where += [
            f"OPTIONAL {{ GRAPH {summary} {{ ?node mkg:{name} {cur} }} }}",
            f"OPTIONAL {{ GRAPH {summary} {{ ?node mkg:{name}Holders {holders} }} }}",
            f"OPTIONAL {{ GRAPH {scratch} {{ ?node {n['old' + note]} {old} }} }}",
            f"OPTIONAL {{ GRAPH {scratch} {{ ?node {n['new' + note]} {new} }} }}",
            # the greatest of the current one and the article's new one, and how many articles hold it
            f"BIND(IF(!BOUND({cur}), {new}, IF(!BOUND({new}) || {new} <= {cur}, {cur}, {new})) AS ?{name}Best)",
            f"BIND(COALESCE(IF(BOUND({cur}) && sameTerm(?{name}Best, {cur}), {holders}, 0), 0)"
            f" - IF(BOUND({old}) && sameTerm({old}, ?{name}Best), 1, 0) + IF(BOUND({new}) && sameTerm({new}, ?{name}Best), 1, 0)"
            f" AS ?{name}Count)",
            f"BIND(?kept && BOUND(?{name}Best) && ?{name}Count < 1 AS ?{name}Stale)",
            f"BIND(IF(?kept && !?{name}Stale, ?{name}Best, ?none) AS ?{name}Kept)",
            f"BIND(IF(?kept && BOUND(?{name}Best) && !?{name}Stale, ?{name}Count, ?none) AS ?{name}KeptHolders)",
        ]
        delete.append(f"?node mkg:{name} {cur} . ?node mkg:{name}Holders {holders} .")
        insert.append(f"?node mkg:{name} ?{name}Kept . ?node mkg:{name}Holders ?{name}KeptHolders .")
        stale.append(f"?{name}Stale")
    where.append(f"BIND(IF({' || '.join(stale)}, ?node, ?none) AS ?staleNode)")
    merge = (f"DELETE {{ GRAPH {summary} {{ {' '.join(delete)} }} }}\n"
             f"INSERT {{ GRAPH {summary} {{ {' '.join(insert)} }} GRAPH {scratch} {{ ?staleNode a {n['stale']} }} }}\n"
             f"WHERE {{ {' '.join(where)} }}")
    return [merge, *_recount_maxima(f"GRAPH {scratch} {{ ?node a {n['stale']} ; {n['of']} ?entity ; "
                                    f"{n['direction']} ?direction ; {n['property']} ?property }}")]


def _recount_maxima(nodes: str) -> list[str]:
    """The steps that compute afresh, over every article, the maxima of the summary nodes that `nodes` binds
    (with ?entity, ?direction and ?property), and how many articles hold each. (An article that gives none
    does not count: Oxigraph's MAX of a group with an unbound value is unbound.)"""
    article = 'STRAFTER(STR(?source), "/graph/article/")'
    per_article = (
        f"{{ SELECT ?node ?source {' '.join(f'(MAX({bound}) AS ?{name}Here)' for name, bound, _ in _MAXIMA)} WHERE {{ "
        f"{nodes} {mentions('?source', article)} FILTER(STRSTARTS(STR(?source), \"{iris.ARTICLE_GRAPH_BASE}\")) }}"
        " GROUP BY ?node ?source }"
    )
    kept = ", ".join(f"mkg:{name}, mkg:{name}Holders" for name, _, _ in _MAXIMA)
    steps = [f"DELETE {{ GRAPH {SUMMARY_GRAPH} {{ ?node ?p ?o }} }} WHERE {{ {nodes} "
             f"GRAPH {SUMMARY_GRAPH} {{ ?node ?p ?o }} FILTER(?p IN ({kept})) }}"]
    for name, _, _ in _MAXIMA:
        steps += [
            f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?node mkg:{name} ?best }} }} WHERE {{ SELECT ?node (MAX(?here) AS ?best) "
            f"WHERE {{ {per_article} FILTER(BOUND(?{name}Here)) BIND(?{name}Here AS ?here) }} GROUP BY ?node }}",
            f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?node mkg:{name}Holders ?holders }} }} WHERE {{ "
            f"SELECT ?node (SUM(IF(sameTerm(?{name}Here, ?best), 1, 0)) AS ?holders) WHERE {{ {per_article} "
            f"GRAPH {SUMMARY_GRAPH} {{ ?node mkg:{name} ?best }} FILTER(BOUND(?{name}Here)) }} GROUP BY ?node }}",
        ]
    return steps


def _all_mentions() -> list[str]:
    """The steps that compute every summary node afresh from every article graph (into an empty summary graph)."""
    article = 'STRAFTER(STR(?source), "/graph/article/")'
    counted = (
        f"INSERT {{ GRAPH {SUMMARY_GRAPH} {{ ?entity mkg:propertySummary ?node . ?node mkg:summaryDirection ?direction ;"
        f" mkg:summaryProperty ?property ; mkg:valueCount ?count }} }} WHERE {{ "
        f"{{ SELECT ?entity ?direction ?property (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {mentions('?source', article)}"
        f" FILTER(STRSTARTS(STR(?source), \"{iris.ARTICLE_GRAPH_BASE}\")) }} GROUP BY ?entity ?direction ?property }}"
        f" BIND({_PROPERTY_NODE} AS ?node) }}"
    )
    nodes = (f"GRAPH {SUMMARY_GRAPH} {{ ?entity mkg:propertySummary ?node . ?node mkg:summaryDirection ?direction ;"
             " mkg:summaryProperty ?property }")
    return [counted, *_recount_maxima(nodes)]


# A bulk load computes the property summaries in Python, as it lays the articles out (`kg.layout.BulkLayout`):
# a mention is a triple of the article's own graph, so each article's share is known from its quads alone,
# where the same computation in SPARQL would read every article graph several times (minutes at 10k
# articles). What follows is `mentions` and `_note_mentions` (one article's share) and the sum and maxima of
# `_merge_mentions` (all articles), term for term; the layout check compares the two.
_NO_TERM = (None,)  # the rows of an OPTIONAL that matched nothing: the variable unbound


def _lexical(term: object) -> str | None:
    """STR(term): an IRI's or a literal's text; None (an error) for a blank node."""
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else None


def _greatest(values: list, rank) -> object:
    """MAX as Oxigraph computes it: unbound when one of the group's values is."""
    if not values or any(v is None for v in values):
        return None
    return max(values, key=rank)


def _confidence_rank(term: ox.Literal) -> float:
    return float(term.value)


def _text_rank(term: ox.Literal) -> str:
    return term.value


_RANKS = {"latestKey": _text_rank, "latestDate": _text_rank, "topConfidence": _confidence_rank}


def article_mentions(article_id: str, quads: Iterable[ox.Quad]) -> dict[tuple, dict[str, object]]:
    """Per (entity, direction, property), what the mentions in one article's own graph (`quads`, as laid
    out) add up to: `count` (distinct values), and the maxima `latestKey`, `latestDate`, `topConfidence`
    (None when unbound), as `_note_mentions` notes them."""
    quads = list(quads)
    objects: dict[tuple, list] = {}
    for q in quads:
        objects.setdefault((q.subject, q.predicate), []).append(q.object)
    own_part = f"/{article_id}/"

    def shared(term: object) -> bool:
        return (isinstance(term, ox.NamedNode) and term.value.startswith(_SHARED_BASES)
                and own_part not in term.value)

    def of(subject: object, predicate: ox.NamedNode) -> list:
        return objects.get((subject, predicate), [])

    rows: dict[tuple, list[tuple]] = {}  # (entity, direction, property) → (value, when, confidence)
    for q in quads:
        if q.predicate == MKG.asserts or q.predicate.value.startswith(ENTRY_BASE):
            continue
        if shared(q.subject):
            whens, confidences = of(q.object, MKG.datePublished) or _NO_TERM, of(q.object, MKG.confidence) or _NO_TERM
            rows.setdefault((q.subject, "out", q.predicate), []).extend(
                (q.object, when, confidence) for when, confidence in itertools.product(whens, confidences))
        if shared(q.object):
            readings = []
            for evidence in of(q.subject, MKG.evidence) or _NO_TERM:
                confidences = (of(evidence, MKG.confidence) or _NO_TERM) if evidence is not None else _NO_TERM
                dates = [d for a in of(evidence, MKG.article) for d in of(a, MKG.datePublished)] if evidence is not None else []
                readings += itertools.product(dates or _NO_TERM, confidences)
            rows.setdefault((q.object, "in", q.predicate), []).extend(
                (q.subject, when, confidence) for when, confidence in readings)
    shares = {}
    for key, found in rows.items():
        keys = []
        for value, when, _ in found:
            text = _lexical(value)
            keys.append(None if text is None else ox.Literal(f"{_lexical(when) or ''}|{text}"))
        shares[key] = {
            "count": len({value for value, _, _ in found}),
            "latestKey": _greatest(keys, _text_rank),
            "latestDate": _greatest([when for _, when, _ in found], _text_rank),
            "topConfidence": _greatest([confidence for _, _, confidence in found], _confidence_rank),
        }
    return shares


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class PropertySummaries:
    """The property summaries of many articles (a bulk load): `add` each article's own quads, then `quads`
    gives the summary nodes, as the writes keep them: the count summed, each maximum with the number of
    articles that give it."""

    def __init__(self) -> None:
        self._counts: dict[tuple, int] = {}
        self._maxima: dict[tuple, dict[str, tuple[object, int]]] = {}

    def add(self, article_id: str, quads: Iterable[ox.Quad]) -> None:
        for key, share in article_mentions(article_id, quads).items():
            self._counts[key] = self._counts.get(key, 0) + share["count"]
            maxima = self._maxima.setdefault(key, {})
            for name, rank in _RANKS.items():
                value = share[name]
                if value is None:
                    continue
                best = maxima.get(name)
                if best is None or rank(value) > rank(best[0]):
                    maxima[name] = (value, 1)
                elif value == best[0]:
                    maxima[name] = (best[0], best[1] + 1)

    def quads(self) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(SUMMARY_GRAPH[1:-1])

        def integer(n: int) -> ox.Literal:
            return ox.Literal(str(n), datatype=XSD.integer)

        for (entity, direction, prop), count in self._counts.items():
            if count < 1:
                continue
            node = ox.NamedNode(f"{_PROPERTY_NODE_BASE}{_sha1(entity.value)}#{direction}-{_sha1(prop.value)}")
            yield from (
                ox.Quad(entity, MKG.propertySummary, node, graph),
                ox.Quad(node, MKG.summaryDirection, ox.Literal(direction), graph),
                ox.Quad(node, MKG.summaryProperty, prop, graph),
                ox.Quad(node, MKG.valueCount, integer(count), graph),
            )
            for name, (value, holders) in self._maxima[(entity, direction, prop)].items():
                yield ox.Quad(node, MKG.term(name), value, graph)
                yield ox.Quad(node, MKG.term(name + "Holders"), integer(holders), graph)


__all__ = ["PROLOGUE", "SUMMARIES", "ENTRY_BASE", "ENTRY_GRAPH", "ENTRY_PREDICATES", "Summary", "before_drop", "after_insert",
           "summarise_all", "summarise_columns", "entry_steps", "column_steps", "mentions", "reported_by",
           "article_mentions", "PropertySummaries"]
