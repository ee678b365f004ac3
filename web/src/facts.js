// How facts (from /articles/{id}/text and /entities/{id}/evidence) are named and shown.
import { entityHref, h } from "./ui.js";

export const KINDS = {
  quote: "Quotes", figure: "Figures", "legal-act": "Legal acts", event: "Events", post: "Posts",
  origin: "Origins", person: "People", organization: "Organizations", place: "Places", group: "Groups",
  other: "Other facts",
};

export function confidence(value) {
  return value === null || value === undefined ? "confidence unknown" : `confidence ${value.toFixed(2)}`;
}

export function factLink(fact) {
  return h("a", { href: entityHref(fact.id) }, fact.label || fact.id.replace(/^.*\//, ""));
}

export function legend(kinds) {
  return h("ul", { class: "legend", "aria-label": "Colours of the kinds of facts" },
    kinds.map((kind) => h("li", { class: `k-${kind}` }, h("span", { class: "swatch", "aria-hidden": "true" }), KINDS[kind] || kind)));
}
