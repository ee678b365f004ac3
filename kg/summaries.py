"""What the summary graph keeps per entity and legal act: the columns of the canned lists, computed when an
article is stored, so that a list costs its rows and not the facts behind them.

Oxigraph evaluates `GROUP BY` and `ORDER BY` over a query's whole input before its first row, so a list that
gathers, per agency, country, place or act, facts from every article that reports it (`agencies`,
`countries-of-origin`, `raids`, `laws`...) costs the corpus, whatever its page size. Each `Summary` is one
such column: for a resource ?r, an aggregate of a pattern over the article graphs. `kg.layout` recomputes
the summaries of the resources an article reports, before and after, in the same update that replaces the
article's graph (and of every resource after a bulk load), so a list reads one precomputed value per column
and row. Patterns name the graph of each triple: the WHERE of an update matches the default graph, not the
union of the graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg import iris
from kg.model import EntityKind
from kg.vocab import PREFIXES

# The prefixes the patterns use, declared once at the head of an update that recomputes summaries.
PROLOGUE = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("mkg", "rdf", "rdfs", "skos"))
# The resources an article graph feeds, by the kind of summary: each pattern binds ?r to the resources whose
# summaries of that kind read the graph `{graph}` (an IRI, or a variable for every graph). Writing an article
# recomputes the summaries of each kind for the resources its old or new graph feeds, and only those: an
# article that names Moscow but reports no raid there leaves Moscow's raids as they are.
_REPORTED_PREFIXES = tuple(f"{iris.ID_BASE}{kind}/" for kind in (*(k.value for k in EntityKind), "act"))
FEEDS = {
    # the entities and acts the article reports
    "reported": "GRAPH {graph} {{ ?r mkg:reportedIn ?article }} FILTER("
                + " || ".join(f'STRSTARTS(STR(?r), "{prefix}")' for prefix in _REPORTED_PREFIXES) + ")",
    "raidPlace": "GRAPH {graph} {{ ?raid a mkg:Raid ; mkg:place ?r }}",
    "originCountry": "GRAPH {graph} {{ ?claim mkg:originCountry ?r }}",
    "countedCountry": "GRAPH {graph} {{ ?figure mkg:groupCountry ?r }}",
    # the quantities of its figures, and the narrower quantities that they overlap
    "quantity": "{{ GRAPH {graph} {{ ?figure mkg:quantity ?r }} }} UNION {{ GRAPH {graph} {{ ?figure mkg:quantity ?broader }}"
                " GRAPH ?shared {{ ?r mkg:broaderQuantity ?broader }} }}",
}


def fed_by(kind: str, graph: str) -> str:
    """The pattern binding ?r to the resources whose summaries of `kind` the graph `graph` feeds."""
    return FEEDS[kind].format(graph=graph)


_AGENCY_CLASSES = "VALUES ?agencyClass { mkg:GovernmentAgency mkg:Legislature mkg:Court mkg:ArmedForce }"
_RAID = (
    "GRAPH ?g { ?raid a mkg:Raid ; mkg:place ?r ; mkg:reportedIn ?article } "
    "GRAPH ?g1 { ?article rdfs:label ?sourceName }"
)
_ORIGIN_CLAIM = (
    "GRAPH ?g { ?claim a mkg:OriginClaim ; mkg:originCountry ?r ; mkg:relation ?relation ; mkg:reportedIn ?article ;"
    " mkg:factConfidence ?claimConfidence } GRAPH ?g1 { ?relation skos:prefLabel ?relationName }"
)


def _names(predicate: str, label: str = "rdfs:label", of: str = "?r") -> str:
    """A pattern binding ?x to the names (`label`) of what `of` links to by `predicate`."""
    return f"GRAPH ?g {{ {of} {predicate} ?named }} GRAPH ?g1 {{ ?named {label} ?name }} BIND(STR(?name) AS ?x)"


# The claims about a quantity: its own figures' and those of the broader quantities that overlap it (a claim
# that leaves the place or year unstated is about every quantity it overlaps).
_CLAIM = """{ GRAPH ?g { ?figure mkg:quantity ?r } }
  UNION { GRAPH ?g0 { ?r mkg:broaderQuantity ?broader } GRAPH ?g { ?figure mkg:quantity ?broader } }
  GRAPH ?g { ?figure mkg:value ?value ; mkg:valueText ?valueText ; mkg:reportedIn ?article ;
                     mkg:factConfidence ?figureConfidence .
             ?article rdfs:label ?sourceName }"""
_CLAIMANT = """OPTIONAL { GRAPH ?g { ?figure mkg:claimant ?claimant } GRAPH ?g1 { ?claimant rdfs:label ?claimantName }
             FILTER(LANG(?claimantName) = "") }"""


@dataclass(frozen=True)
class Summary:
    """The summary property `name` of each resource ?r: `aggregate` ("list": the distinct values of ?x in
    order, `separator` between them; else an aggregate expression of ?x) over `pattern`, which binds ?r and
    ?x."""

    name: str
    aggregate: str
    pattern: str
    separator: str = "; "
    feeds: str = "reported"  # the kind of resources it is kept for (FEEDS)

    def select(self, resources: str) -> str:
        """SELECT ?r ?v: the summary of each resource that the pattern `resources` binds ?r to (and has one)."""
        if self.aggregate == "list":
            # In order, so that a store holds the same summaries whatever order its articles were written in.
            return (
                f'SELECT ?r (GROUP_CONCAT(?x; separator="{self.separator}") AS ?v) WHERE {{ {{ SELECT DISTINCT ?r ?x WHERE {{\n'
                f"  {resources}\n  {self.pattern} }} ORDER BY ?x }} }} GROUP BY ?r"
            )
        return f"SELECT ?r ({self.aggregate} AS ?v) WHERE {{\n  {resources}\n  {self.pattern} }} GROUP BY ?r"

    def insert(self, resources: str, graph: str) -> str:
        """The update step that adds this summary of the resources to `graph`."""
        return f"INSERT {{ GRAPH {graph} {{ ?r mkg:{self.name} ?v }} }} WHERE {{ {self.select(resources)} }}"


SUMMARIES = (
    # Every entity and act: how many articles report it, the highest confidence of its evidence.
    Summary("articleCount", "COUNT(DISTINCT ?x)", "GRAPH ?g { ?r mkg:reportedIn ?x }"),
    Summary("topConfidence", "MAX(?x)",
            "GRAPH ?g { ?r mkg:evidence ?evidence } GRAPH ?g1 { ?evidence mkg:confidence ?x }"),
    # Agencies: what they are reported to do.
    Summary("reportedActivities", "list", f"""GRAPH ?g {{ ?r a ?agencyClass }} {_AGENCY_CLASSES}
  VALUES ?role {{ mkg:agent mkg:signedBy mkg:adoptedBy mkg:introducedBy mkg:approvedBy }}
  GRAPH ?g1 {{ ?doing ?role ?r }} GRAPH ?g2 {{ ?doing rdfs:label ?activity }} BIND(STR(?activity) AS ?x)"""),
    # People: their posts, the organizations and countries of those posts, their affiliations.
    Summary("postTitles", "list", _names("mkg:holdsPost", "mkg:title")),
    Summary("postOrganizations", "list", """GRAPH ?g { ?r mkg:holdsPost ?post } GRAPH ?g1 { ?post mkg:postIn ?org }
  GRAPH ?g2 { ?org rdfs:label ?name } BIND(STR(?name) AS ?x)"""),
    Summary("postCountries", "list", """GRAPH ?g { ?r mkg:holdsPost ?post } GRAPH ?g1 { ?post mkg:postIn ?org }
  GRAPH ?g2 { ?org mkg:country ?country } GRAPH ?g3 { ?country rdfs:label ?name } BIND(STR(?name) AS ?x)"""),
    Summary("affiliations", "list", _names("mkg:affiliatedWith")),
    # Countries of origin: the claims that the country's citizens are recruited, fight, die... and the figures
    # that count its citizens.
    Summary("originInvolvement", "list", f"{_ORIGIN_CLAIM} BIND(STR(?relationName) AS ?x)", feeds="originCountry"),
    Summary("originArticleCount", "COUNT(DISTINCT ?x)", f"{_ORIGIN_CLAIM} BIND(?article AS ?x)", feeds="originCountry"),
    Summary("originConfidence", "MAX(?x)", f"{_ORIGIN_CLAIM} BIND(?claimConfidence AS ?x)", feeds="originCountry"),
    Summary("originFigures", "list", """GRAPH ?g { ?figure mkg:groupCountry ?r ; a mkg:QuantitativeClaim ;
                                                   rdfs:label ?text }
  BIND(STR(?text) AS ?x)""", feeds="countedCountry"),
    # Places: the raids there.
    Summary("raidSources", "list", f"{_RAID} BIND(STR(?sourceName) AS ?x)", feeds="raidPlace"),
    Summary("raidDate", "MIN(?x)", f"{_RAID} GRAPH ?g2 {{ ?raid mkg:date ?when }} BIND(STR(?when) AS ?x)", feeds="raidPlace"),
    Summary("raidAgencies", "list", f"{_RAID} GRAPH ?g2 {{ ?raid mkg:agent ?agent }} GRAPH ?g3 {{ ?agent rdfs:label ?name }}"
                                    " BIND(STR(?name) AS ?x)", feeds="raidPlace"),
    Summary("raidFigures", "list", f"{_RAID} GRAPH ?g2 {{ ?raid mkg:hasFigure ?figure }} GRAPH ?g3 {{ ?figure rdfs:label ?text }}"
                                   " BIND(STR(?text) AS ?x)", feeds="raidPlace"),
    Summary("raidConfidence", "MAX(?x)", f"{_RAID} GRAPH ?g2 {{ ?raid mkg:factConfidence ?x }}", feeds="raidPlace"),
    # Legal acts: kind, status, stages, date, actors, effects, grounds, targets, sources.
    Summary("actKinds", "list", _names("mkg:actKind", "skos:prefLabel")),
    # Articles may report the act at different stages: its status is the latest of them (the highest stage
    # order; orders are below 90, so the "1x" strings sort as the numbers do).
    Summary("latestStatus", 'STRAFTER(MAX(?x), " ")', """GRAPH ?g { ?r mkg:status ?status }
  GRAPH ?g1 { ?status mkg:stageOrder ?order } GRAPH ?g2 { ?status skos:prefLabel ?name }
  BIND(CONCAT(STR(10 + ?order), " ", STR(?name)) AS ?x)"""),
    Summary("stages", "list", """GRAPH ?g { ?r mkg:hasStage ?stage }
  OPTIONAL { GRAPH ?g1 { ?stage mkg:stageStatus ?status } GRAPH ?g2 { ?status skos:prefLabel ?name } }
  OPTIONAL { GRAPH ?g3 { ?stage mkg:date ?date } }
  BIND(IF(BOUND(?date), CONCAT(STR(?name), " ", STR(?date)), STR(?name)) AS ?x)"""),
    Summary("earliestDate", "MIN(?x)", "GRAPH ?g { ?r mkg:date ?when } BIND(STR(?when) AS ?x)"),
    Summary("actors", "list", "VALUES ?role { mkg:signedBy mkg:adoptedBy mkg:introducedBy mkg:approvedBy } "
                              + _names("?role")),
    Summary("signers", "list", _names("mkg:signedBy")),
    Summary("adopters", "list", _names("mkg:adoptedBy")),
    Summary("introducers", "list", _names("mkg:introducedBy")),
    Summary("effects", "list", _names("mkg:enables", "skos:prefLabel")),
    Summary("prohibitions", "list", _names("mkg:prohibits", "skos:prefLabel")),
    Summary("grounds", "list", _names("mkg:ground", "skos:prefLabel")),
    Summary("targetGroups", "list", _names("mkg:targets")),
    Summary("evidenceSources", "list", """GRAPH ?g0 { ?r a mkg:LegalAct }
  GRAPH ?g { ?r mkg:evidence ?evidence . ?evidence mkg:article ?article }
  GRAPH ?g1 { ?article rdfs:label ?name } BIND(STR(?name) AS ?x)"""),
    Summary("firstSentence", "MIN(?x)",
            "GRAPH ?g0 { ?r a mkg:LegalAct } GRAPH ?g { ?r mkg:evidence ?evidence . ?evidence mkg:sentence ?x }"),
    # Quantities: the range of the values claimed, the claims side by side, whether they conflict.
    Summary("lowestValue", "MIN(?x)", f"{_CLAIM} BIND(?value AS ?x)", feeds="quantity"),
    Summary("highestValue", "MAX(?x)", f"{_CLAIM} BIND(?value AS ?x)", feeds="quantity"),
    Summary("claims", "list", f"""{_CLAIM} {_CLAIMANT}
  OPTIONAL {{ GRAPH ?g {{ ?figure mkg:date ?when }} }}
  BIND(CONCAT(STR(?valueText), " (", COALESCE(STR(?claimantName), "no claimant"), ", ",
              COALESCE(STR(?when), "undated"), ", ", STR(?sourceName), ")") AS ?x)""", separator=" | ", feeds="quantity"),
    Summary("claimants", "list", f"""{_CLAIM}
  GRAPH ?g {{ ?figure mkg:claimant ?claimant }} GRAPH ?g1 {{ ?claimant rdfs:label ?claimantName }}
  FILTER(LANG(?claimantName) = "") BIND(STR(?claimantName) AS ?x)""", feeds="quantity"),
    Summary("claimSources", "list", f"{_CLAIM} BIND(STR(?sourceName) AS ?x)", feeds="quantity"),
    Summary("claimArticleCount", "COUNT(DISTINCT ?x)", f"{_CLAIM} BIND(?article AS ?x)", feeds="quantity"),
    Summary("claimConfidence", "MAX(?x)", f"{_CLAIM} BIND(?figureConfidence AS ?x)", feeds="quantity"),
    # Within one article, the extractor's reading of the sentences decides: parts, series and changes over time
    # stated side by side are no dispute.
    Summary("disputed", "MAX(?x)",
            f"{_CLAIM} BIND(IF(EXISTS {{ GRAPH ?g {{ ?figure mkg:conflictsWith ?other }} }}, 1, 0) AS ?x)", feeds="quantity"),
)
__all__ = ["PROLOGUE", "SUMMARIES", "FEEDS", "Summary", "fed_by"]
