// Dated events on a time axis (the `timeline` canned query). Partial dates stay partial: a day and month
// without a year, a month or a year are shown as such, never completed.
import { getJson } from "../api.js";
import { h, iriLink, show } from "../ui.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function readable(date) {
  let m;
  if ((m = date.match(/^(\d{4})-(\d{2})-(\d{2})/))) return { text: `${+m[3]} ${MONTHS[m[2] - 1]} ${m[1]}`, partial: false };
  if ((m = date.match(/^(\d{4})-(\d{2})$/))) return { text: `${MONTHS[m[2] - 1]} ${m[1]}`, partial: true };
  if ((m = date.match(/^--(\d{2})-(\d{2})/))) return { text: `${+m[2]} ${MONTHS[m[1] - 1]}, year unknown`, partial: true };
  if ((m = date.match(/^--(\d{2})$/))) return { text: `${MONTHS[m[1] - 1]}, year unknown`, partial: true };
  if ((m = date.match(/^(\d{4})$/))) return { text: m[1], partial: true };
  return { text: date, partial: true };
}

export async function render(page) {
  const answer = await getJson("/queries/timeline", { _limit: 1000, _format: "json" });
  const byEvent = new Map();
  for (const row of answer.rows) {
    const key = row.event.id;
    if (!byEvent.has(key)) byEvent.set(key, { ...row, agents: [] });
    if (row.agent) byEvent.get(key).agents.push(row.agent);
  }
  const events = [...byEvent.values()];
  show(page, 
    h("h1", {}, "Timeline"),
    h("p", { class: "lead" }, `${events.length} dated events, in date order. Dates in italics are partial (a month, a year, or a day with no known year).`),
    h("ol", { class: "timeline" }, events.map((e) => {
      const when = readable(e.date);
      return h("li", { class: "tick" },
        h("span", { class: `when${when.partial ? " partial" : ""}` }, when.text),
        h("div", {}, iriLink(e.event.id, e.event.label), e.kind ? h("span", { class: "muted" }, ` · ${e.kind}`) : null),
        h("div", { class: "muted" }, e.agents.length ? ["by ", ...e.agents.flatMap((a, i) => [i ? ", " : "", iriLink(a.id, a.label)])] : null,
          e.dateText ? ` · “${e.dateText}”` : null, " · ", iriLink(e.source.id, e.source.label || "article")));
    })),
    answer.truncated ? h("p", { class: "muted" }, "Only the first 1000 rows are shown.") : null,
  );
}
