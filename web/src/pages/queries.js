// Canned queries: the index, and one query's page (its form, a page of its rows, paging and downloads).
// Parameters are checked by the API; its error message is shown next to the field it names.
import { ApiError, getJson, url } from "../api.js";
import { dataTable, h, message } from "../ui.js";

const SYSTEM_FIELDS = [
  { name: "_min_confidence", label: "Minimum confidence", hint: "A decimal from 0 to 1; rows below it are left out." },
  { name: "_limit", label: "Rows per page", hint: "Default 100." },
];

export async function render(page, { args, params, variant }) {
  const { queries } = await getJson("/queries");
  if (variant === "index") return renderIndex(page, queries);
  const query = queries.find((q) => q.name === args[0]);
  if (!query) {
    page.replaceChildren(h("h1", {}, "No such query"), message(`No canned query named “${args[0]}”.`),
      h("p", {}, h("a", { href: "#/queries" }, "All canned queries")));
    return;
  }
  return renderQuery(page, query, params);
}

function renderIndex(page, queries) {
  page.replaceChildren(
    h("h1", {}, "Canned queries"),
    h("p", { class: "lead" }, "Questions the graph answers as tables. Each is a SPARQL file in queries/, served as ",
      h("code", {}, "/queries/NAME"), " in JSON or CSV."),
    h("div", { class: "cards" }, queries.map((q) => h("section", { class: "card" },
      h("h2", {}, h("a", { href: `#/queries/${q.name}` }, q.title)),
      h("p", {}, q.description),
      q.params.length ? h("p", {}, "Parameters: ", q.params.map((p) => p.name).join(", ")) : null))),
  );
}

function fieldsOf(query) {
  return [
    ...query.params.map((p) => ({
      name: p.name, label: p.name, hint: `${p.type}${p.required ? ", required" : ""} — ${p.description}`,
      required: p.required,
    })),
    ...SYSTEM_FIELDS,
  ];
}

async function renderQuery(page, query, params) {
  const fields = fieldsOf(query);
  const inputs = {};
  const errors = {};
  const form = h("form", { class: "params", novalidate: true, "aria-label": "Parameters" },
    fields.map((f) => {
      const id = `field-${f.name}`;
      inputs[f.name] = h("input", { id, name: f.name, value: params.get(f.name) ?? "", "aria-required": f.required ? "true" : null,
        "aria-describedby": `${id}-hint ${id}-error` });
      errors[f.name] = h("span", { id: `${id}-error`, class: "error", role: "alert" });
      return h("div", { class: "field" }, h("label", { for: id }, f.label), inputs[f.name],
        h("span", { id: `${id}-hint`, class: "hint" }, f.hint), errors[f.name]);
    }),
    h("button", { type: "submit" }, "Run"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of fields) if (inputs[f.name].value.trim()) next.set(f.name, inputs[f.name].value.trim());
    const target = `#/queries/${query.name}${next.toString() ? `?${next}` : ""}`;
    if (location.hash === target) renderQuery(page, query, next);
    else location.hash = target;
  });
  const results = h("section", { "aria-label": "Results", "aria-live": "polite" });
  page.replaceChildren(h("h1", {}, query.title), h("p", { class: "lead" }, query.description), form, results);

  const missing = query.params.some((p) => p.required && !params.get(p.name));
  if (missing) {
    results.replaceChildren(h("p", { class: "muted" }, "Fill in the required parameters and run the query."));
    return;
  }
  const request = Object.fromEntries(params);
  let answer;
  try {
    answer = await getJson(`/queries/${query.name}`, { ...request, _format: "json" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const named = fields.find((f) => error.message.includes(`'${f.name}'`))
      || fields.find((f) => new RegExp(`(^|\\W)${f.name}(\\W|$)`).test(error.message));
    if (named) {
      errors[named.name].textContent = error.message;
      inputs[named.name].setAttribute("aria-invalid", "true");
      results.replaceChildren();
    } else {
      results.replaceChildren(message(error.message));
    }
    return;
  }
  const pageOf = (offset) => {
    const next = new URLSearchParams(params);
    if (offset) next.set("_offset", offset); else next.delete("_offset");
    return `#/queries/${query.name}?${next}`;
  };
  const first = answer.offset + 1;
  const last = answer.offset + answer.rows.length;
  const previous = Math.max(answer.offset - answer.limit, 0);
  results.replaceChildren(
    h("div", { class: "toolbar" },
      h("span", { class: "muted", id: "row-range" }, answer.rows.length ? `Rows ${first}–${last}${answer.truncated ? ", more follow" : ""}` : "No rows"),
      h("button", { type: "button", class: "secondary", disabled: answer.offset === 0,
        onclick: () => { location.hash = pageOf(previous); } }, "Previous page"),
      h("button", { type: "button", class: "secondary", disabled: answer.next_offset === null,
        onclick: () => { location.hash = pageOf(answer.next_offset); } }, "Next page"),
      h("a", { class: "button secondary", href: url(`/queries/${query.name}`, { ...request, _format: "csv" }), download: `${query.name}.csv` }, "Download CSV"),
      h("a", { class: "button secondary", href: url(`/queries/${query.name}`, { ...request, _format: "json" }), download: `${query.name}.json` }, "Download JSON")),
    dataTable(answer.columns, answer.rows, "Select a column header to sort this page."),
  );
}
