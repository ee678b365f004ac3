// The explorer's shell: hash routes to pages, the current page marked in the menu, and the search box.
import { getJson } from "./api.js";
import { entityHref, h, message } from "./ui.js";

const routes = [
  [/^#\/sparql$/, () => import("./pages/sparql.js")],
  [/^#\/queries$/, () => import("./pages/queries.js"), "index"],
  [/^#\/queries\/([^?]+)/, () => import("./pages/queries.js"), "query"],
  [/^#\/entity\/(.+)$/, () => import("./pages/entity.js")],
  [/^#\/article\/([^?]+)/, () => import("./pages/article.js")],
  [/^#\/new/, () => import("./pages/new.js")],
  [/^#\/timeline/, () => import("./pages/timeline.js")],
];

const main = document.getElementById("main");
let rendering = 0;

async function route() {
  const hash = location.hash || "#/sparql";
  const run = ++rendering;
  for (const link of document.querySelectorAll("nav a")) {
    const here = hash === link.getAttribute("href") || hash.startsWith(`${link.getAttribute("href")}/`)
      || hash.startsWith(`${link.getAttribute("href")}?`);
    if (here) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const found = routes.find(([pattern]) => pattern.test(hash));
  if (!found) {
    main.replaceChildren(h("h1", {}, "Not found"), message(`No page ${hash}; use the menu above.`));
    return;
  }
  const [pattern, load, variant] = found;
  const match = hash.match(pattern);
  const params = new URLSearchParams(hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "");
  const page = h("div", { class: "page", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  main.replaceChildren(page);
  try {
    const module = await load();
    await module.render(page, { args: match.slice(1).map(decodeURIComponent), params, variant });
  } catch (error) {
    if (run === rendering) page.replaceChildren(h("h1", {}, "Something went wrong"), message(error.message));
  } finally {
    page.removeAttribute("aria-busy");
  }
  if (run === rendering) {
    const title = page.querySelector("h1");
    document.title = title ? `${title.textContent} · kg explorer` : "kg explorer";
  }
}

window.addEventListener("hashchange", () => route().then(() => main.focus({ preventScroll: true })));
route();

// Search: suggestions from /search as one types; arrows move, Enter opens, Escape closes.
const box = document.getElementById("search-box");
const list = document.getElementById("search-results");
let results = [];
let active = -1;
let pending = 0;

function close() {
  list.hidden = true;
  box.setAttribute("aria-expanded", "false");
  box.removeAttribute("aria-activedescendant");
  active = -1;
}

function open(index) {
  const chosen = results[index];
  if (!chosen) return;
  close();
  box.value = "";
  location.hash = entityHref(chosen.id);
}

function highlight(index) {
  active = index;
  [...list.children].forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
  if (index >= 0) box.setAttribute("aria-activedescendant", `search-option-${index}`);
}

box.addEventListener("input", async () => {
  const q = box.value.trim();
  const ask = ++pending;
  if (q.length < 2) return close();
  let found;
  try {
    found = await getJson("/search", { q, limit: 8 });
  } catch (error) {
    if (ask !== pending) return;
    results = [];
    list.replaceChildren(h("li", { class: "error", role: "option", "aria-disabled": "true" }, error.message));
    list.hidden = false;
    return;
  }
  if (ask !== pending) return;
  results = found.results;
  list.replaceChildren(...(results.length ? results.map((r, i) =>
    h("li", { id: `search-option-${i}`, role: "option", "aria-selected": "false", onmousedown: (e) => {
      e.preventDefault();
      open(i);
    } }, r.label || r.id, " ", h("span", { class: "types" }, r.types.map((t) => t.label).join(", "))))
    : [h("li", { role: "option", "aria-disabled": "true", class: "muted" }, `nothing named like “${q}”`)]));
  list.hidden = false;
  box.setAttribute("aria-expanded", "true");
  highlight(results.length ? 0 : -1);
});

box.addEventListener("keydown", (event) => {
  if (list.hidden) return;
  if (event.key === "ArrowDown") highlight(Math.min(active + 1, results.length - 1));
  else if (event.key === "ArrowUp") highlight(Math.max(active - 1, 0));
  else if (event.key === "Escape") close();
  else return;
  event.preventDefault();
});
box.addEventListener("blur", () => setTimeout(close, 100));
document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  open(Math.max(active, 0));
});
