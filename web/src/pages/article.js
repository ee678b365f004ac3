// An article's original text with every fact's evidence highlighted at its character offsets, one colour per
// kind; hovering or focusing a highlight shows its facts (Enter moves to their links). Text the cleaner
// dropped (page furniture) is greyed out.
import { getJson } from "../api.js";
import { confidence, factLink, KINDS, legend } from "../facts.js";
import { h, message, show } from "../ui.js";

const PRIORITY = Object.keys(KINDS);

export async function render(page, { args, params }) {
  const id = args[0];
  const [meta, body] = await Promise.all([
    getJson(`/articles/${encodeURIComponent(id)}`),
    getJson(`/articles/${encodeURIComponent(id)}/text`),
  ]);
  const details = h("section", { class: "card", id: "fact-details", tabindex: "-1", "aria-live": "polite", "aria-labelledby": "details-heading" },
    h("h2", { id: "details-heading" }, "Facts here"), h("p", { class: "muted" }, "Hover over or focus a highlight."));
  const kinds = PRIORITY.filter((k) => body.facts.some((f) => f.kind === k));
  // Inside the page, so that it goes when the page does.
  const tip = h("div", { class: "tip", role: "tooltip", id: "fact-tip", hidden: true });
  const text = body.text === null ? message(`The text cannot be shown: ${body.text_problem}`)
    : h("div", { class: "article-text", id: "article-text" }, highlighted(body, tip, details));
  show(page, 
    h("h1", {}, meta.title || `Article ${id}`),
    h("p", { class: "muted" }, [meta.source, meta.published, meta.url && h("a", { href: meta.url, rel: "noreferrer" }, "original page"),
      `${body.facts.length} facts`, body.dropped.length && "greyed text was dropped as page furniture"]
      .filter(Boolean).flatMap((part, i) => (i ? [" · ", part] : [part]))),
    legend(kinds),
    h("div", { class: "article-layout" }, text, h("aside", {}, details, factList(body.facts))),
    tip,
  );
  const at = params.get("at");
  const target = at !== null && page.querySelector(`mark[data-start="${Number(at)}"]`);
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
}

function factList(facts) {
  return h("section", { "aria-labelledby": "all-facts" }, h("h2", { id: "all-facts" }, "All facts"),
    h("ul", {}, facts.map((f) => h("li", { class: `k-${f.kind}` }, h("span", { class: "swatch", "aria-hidden": "true" }),
      factLink(f), h("span", { class: "muted" }, ` (${f.kind})`)))));
}

// The text cut at every boundary of evidence and dropped spans; each piece knows the facts covering it.
function highlighted(body, tip, details) {
  const spans = body.facts.flatMap((fact) => fact.evidence.map((ev) => ({ start: ev.start, end: ev.end, fact })));
  const cuts = new Set([0, body.text.length]);
  for (const s of [...spans, ...body.dropped]) {
    cuts.add(Math.max(0, Math.min(s.start, body.text.length)));
    cuts.add(Math.max(0, Math.min(s.end, body.text.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const piece = body.text.slice(start, end);
    const covering = spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.fact);
    const dropped = body.dropped.some((d) => d.start <= start && d.end >= end);
    let node = document.createTextNode(piece);
    if (covering.length && piece.trim()) node = mark(node, start, [...new Set(covering)], tip, details);
    if (dropped) node = h("span", { class: "dropped", title: "dropped by the cleaner" }, node);
    nodes.push(node);
  }
  return nodes;
}

function mark(content, start, facts, tip, details) {
  const kind = PRIORITY.find((k) => facts.some((f) => f.kind === k)) || "other";
  const node = h("mark", { class: `hl k-${kind}`, tabindex: "0", "data-start": start, "aria-describedby": "fact-tip",
    "aria-label": `${content.textContent.slice(0, 60)} — ${facts.length} fact${facts.length === 1 ? "" : "s"}` }, content);
  const show = () => {
    tip.replaceChildren(h("ul", {}, facts.map((f) => h("li", {}, `${f.label || f.id} (${f.kind}, ${confidence(f.confidence)})`))));
    const box = node.getBoundingClientRect();
    tip.style.left = `${window.scrollX + box.left}px`;
    tip.style.top = `${window.scrollY + box.bottom + 6}px`;
    tip.hidden = false;
    details.replaceChildren(h("h2", { id: "details-heading" }, "Facts here"),
      h("ul", {}, facts.map((f) => h("li", { class: `k-${f.kind}` }, h("span", { class: "swatch", "aria-hidden": "true" }),
        factLink(f), h("div", { class: "muted" }, `${KINDS[f.kind] || f.kind} · ${confidence(f.confidence)}`)))));
  };
  const hide = () => { tip.hidden = true; };
  node.addEventListener("mouseenter", show);
  node.addEventListener("focus", show);
  node.addEventListener("mouseleave", hide);
  node.addEventListener("blur", hide);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      hide();
      details.querySelector("a")?.focus();
    } else if (event.key === "Escape") hide();
  });
  return node;
}
