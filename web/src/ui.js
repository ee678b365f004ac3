// Small DOM helpers and the pieces shared by pages: links to entity and article pages, and tables.

export const ID_BASE = "https://w3id.org/mkg/id/";
export const ARTICLE_BASE = "https://w3id.org/mkg/article/";

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...present(children));
  return node;
}

// Children as the DOM takes them: nested lists flattened, absent ones (null, undefined, false) left out.
function present(children) {
  return children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false)
    .map((c) => (c instanceof Node ? c : String(c)));
}

// Replace what `node` shows by `children` (absent ones left out).
export function show(node, ...children) {
  node.replaceChildren(...present(children));
}

export function entityHref(iri) {
  if (iri.startsWith(ARTICLE_BASE)) return `#/article/${encodeURIComponent(iri.slice(ARTICLE_BASE.length))}`;
  return `#/entity/${encodeURIComponent(iri)}`;
}

// Whether an IRI names something the explorer has a page for (our entities, facts and articles).
export function isOurs(iri) {
  return iri.startsWith(ID_BASE) || iri.startsWith(ARTICLE_BASE);
}

export function iriLink(iri, label) {
  const text = label || iri.replace(/^.*[/#]/, "");
  return isOurs(iri) ? h("a", { href: entityHref(iri) }, text) : h("a", { href: iri, rel: "noreferrer" }, text);
}

// A cell of the API's tables: {id, label} for a resource, else a plain value.
export function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "id" in value) {
    return value.id.startsWith("_:") ? value.id : iriLink(value.id, value.label);
  }
  return String(value);
}

export function message(text) {
  return h("p", { class: "message", role: "alert" }, text);
}

export function sortKey(value) {
  if (value && typeof value === "object") return (value.label || value.id || "").toLowerCase();
  if (typeof value === "number") return value;
  return value === null || value === undefined ? "" : String(value).toLowerCase();
}

// A table of rows ({column: cell}) whose headers sort the rows shown (by click or keyboard).
export function dataTable(columns, rows, caption) {
  let order = { column: null, ascending: true };
  const body = h("tbody");
  const heads = columns.map((column) =>
    h("th", { scope: "col" }, h("button", { type: "button", onclick: () => sortBy(column) }, column)));
  const table = h("table", { class: "data" }, caption ? h("caption", { class: "muted" }, caption) : null,
    h("thead", {}, h("tr", {}, heads)), body);

  function draw() {
    let shown = rows;
    if (order.column !== null) {
      const sign = order.ascending ? 1 : -1;
      shown = [...rows].sort((a, b) => {
        const x = sortKey(a[order.column]), y = sortKey(b[order.column]);
        return x < y ? -sign : x > y ? sign : 0;
      });
    }
    body.replaceChildren(...shown.map((row) => h("tr", {}, columns.map((c) => h("td", {}, cell(row[c]))))));
    heads.forEach((th, i) => {
      if (columns[i] === order.column) th.setAttribute("aria-sort", order.ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }
  function sortBy(column) {
    order = { column, ascending: order.column === column ? !order.ascending : true };
    draw();
  }
  draw();
  return table;
}
