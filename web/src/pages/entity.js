// An entity: label, types, aliases, Wikidata link; its facts grouped by kind with their evidence; and a
// small graph of its neighbours (each node opens the neighbour's page; the same links are listed below it).
import { getJson } from "../api.js";
import { confidence, factLink, KINDS, legend } from "../facts.js";
import { entityHref, h, iriLink, isOurs, message, show } from "../ui.js";

const EVIDENCE_PAGE = 200;
const MENTIONS = "mentions";

export async function render(page, { args }) {
  const iri = args[0];
  const [entity, evidence] = await Promise.all([
    getJson(`/entities/${encodeURIComponent(iri)}`),
    getJson(`/entities/${encodeURIComponent(iri)}/evidence`, { _limit: EVIDENCE_PAGE }),
  ]);
  const qid = entity.properties.find((p) => p.predicate.endsWith("#qid"))?.value;
  // Its own evidence (where it is named) apart from the facts that name it.
  const groups = {};
  for (const fact of evidence.facts) (groups[fact.id === iri ? MENTIONS : fact.kind] ||= []).push(fact);
  const kinds = Object.keys(KINDS).filter((k) => groups[k]);
  const titles = { ...KINDS, [MENTIONS]: "Mentions" };
  const graph = h("div", { id: "graph", role: "img", "aria-label": `Graph of ${entity.label}'s neighbours` });
  const neighbours = neighboursOf(entity, evidence.facts);

  show(page, 
    h("h1", {}, entity.label || iri),
    h("ul", { class: "chips", "aria-label": "Types" }, entity.types.map((t) => h("li", {}, t.label || t.id))),
    entity.aliases.length ? h("p", {}, h("strong", {}, "Also called: "), entity.aliases.join(" · ")) : null,
    h("p", { class: "muted" }, h("code", {}, entity.id),
      qid ? [" · ", h("a", { href: `https://www.wikidata.org/wiki/${qid}`, rel: "noreferrer" }, `Wikidata ${qid}`)] : null,
      ` · reported in ${entity.article_count} article${entity.article_count === 1 ? "" : "s"}`,
      ` · ${entity.evidence_count} pieces of evidence`),
    h("div", { class: "entity-grid" },
      h("section", { "aria-labelledby": "facts-heading" },
        h("h2", { id: "facts-heading" }, "Facts and evidence"),
        kinds.length ? legend(kinds) : null,
        evidence.facts.length ? null : h("p", { class: "muted" }, "No fact about it has evidence."),
        [...kinds, MENTIONS].filter((k) => groups[k]).map((kind) => h("section", {},
          h("h2", {}, `${titles[kind]} (${kind === MENTIONS ? groups[kind][0].evidence.length : groups[kind].length})`),
          groups[kind].map((fact) => factCard(fact, iri)))),
        evidence.truncated ? h("p", { class: "muted" }, `The first ${EVIDENCE_PAGE} pieces of evidence are shown.`) : null),
      h("section", { "aria-labelledby": "graph-heading" },
        h("h2", { id: "graph-heading" }, "Neighbours"), graph,
        h("ul", {}, neighbours.map((n) => h("li", {}, h("span", { class: "muted" }, `${n.relation}: `), iriLink(n.id, n.label)))),
        h("h2", {}, "Properties"),
        h("table", { class: "data" }, h("tbody", {}, entity.properties.map((p) =>
          h("tr", {}, h("th", { scope: "row" }, p.predicate_label), h("td", {}, cellOf(p.value))))))),
    ),
    entity.articles.length ? h("section", {}, h("h2", {}, "Articles"), h("ul", {}, entity.articles.map((a) =>
      h("li", {}, h("a", { href: `#/article/${a.id}` }, a.title || `Article ${a.id}`), a.published ? ` (${a.published})` : "")))) : null,
  );
  if (neighbours.length) drawGraph(graph, entity, neighbours).catch((error) => graph.replaceChildren(message(error.message)));
}

function cellOf(value) {
  if (value && typeof value === "object") return iriLink(value.id, value.label);
  return value === null || value === undefined ? "" : String(value);
}

function factCard(fact, iri) {
  return h("article", { class: `fact k-${fact.kind}` },
    fact.id === iri ? h("strong", {}, "Mentioned") : factLink(fact),
    h("span", { class: "meta" }, ` · ${confidence(fact.confidence)}`),
    fact.evidence.map((ev) => h("div", {},
      h("q", {}, ev.sentence || ""),
      h("div", { class: "meta" }, h("a", { href: `#/article/${ev.article}?at=${ev.start}` }, `article ${ev.article}`),
        ` · characters ${ev.start}–${ev.end} · ${ev.mechanism || "mechanism unknown"} · ${confidence(ev.confidence)}`))));
}

function neighboursOf(entity, facts) {
  const seen = new Map();
  const add = (id, label, relation) => {
    if (id && id !== entity.id && isOurs(id) && !seen.has(id)) seen.set(id, { id, label, relation });
  };
  for (const p of entity.properties) for (const v of p.most_frequent) if (v.value && typeof v.value === "object") add(v.value.id, v.value.label, p.predicate_label);
  for (const p of entity.incoming) if (p.subject) add(p.subject.id, p.subject.label, `${p.predicate_label} of`);
  for (const fact of facts.slice(0, 20)) add(fact.id, fact.label, KINDS[fact.kind] || fact.kind);
  return [...seen.values()].slice(0, 14);
}

async function drawGraph(container, entity, neighbours) {
  const { default: cytoscape } = await import("/explorer/vendor/cytoscape.js");
  const short = (text) => (text && text.length > 28 ? `${text.slice(0, 26)}…` : text || "");
  const cy = cytoscape({
    container,
    elements: [
      { data: { id: entity.id, label: short(entity.label), centre: 1 } },
      ...neighbours.flatMap((n) => [
        { data: { id: n.id, label: short(n.label || n.id.replace(/^.*\//, "")) } },
        { data: { id: `${n.id}-edge`, source: entity.id, target: n.id, label: n.relation } },
      ]),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 110, "background-color": "#9fd3ff", width: 14, height: 14, "text-valign": "bottom", color: "#1d2330" } },
      { selector: "node[centre]", style: { "background-color": "#1f5fbf", width: 22, height: 22, "font-weight": "bold" } },
      { selector: "edge", style: { width: 1, "line-color": "#b9c0cc", "curve-style": "straight" } },
    ],
    layout: { name: "concentric", concentric: (node) => (node.data("centre") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 50, padding: 30 },
  });
  cy.on("tap", "node", (event) => {
    if (event.target.id() !== entity.id) location.hash = entityHref(event.target.id());
  });
}
