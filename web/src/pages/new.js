// What is new: the articles published since a date, with their facts, and the articles withdrawn since then.
import { ApiError, getJson } from "../api.js";
import { h, message, show } from "../ui.js";

export async function render(page, { params }) {
  const since = params.get("since") || "";
  const input = h("input", { id: "since", name: "since", type: "date", value: since, "aria-describedby": "since-hint since-error" });
  const error = h("span", { id: "since-error", class: "error", role: "alert" });
  const form = h("form", { class: "params", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    location.hash = input.value ? `#/new?since=${input.value}` : "#/new";
  } }, h("div", { class: "field" }, h("label", { for: "since" }, "Since"), input,
    h("span", { id: "since-hint", class: "hint" }, "Articles published on or after this day; withdrawals from it on. Empty: all."), error),
  h("button", { type: "submit" }, "Show"));
  const results = h("div", { "aria-live": "polite" });
  page.replaceChildren(h("h1", {}, "What is new"),
    h("p", { class: "lead" }, "What the last ingests brought in: articles by publication date, and the articles whose files were withdrawn."),
    form, results);
  let articles, withdrawals;
  try {
    [articles, withdrawals] = await Promise.all([
      getJson("/articles", { since, _limit: 200 }), getJson("/withdrawals", { since, _limit: 200 }),
    ]);
  } catch (problem) {
    if (!(problem instanceof ApiError)) throw problem;
    error.textContent = problem.message;
    input.setAttribute("aria-invalid", "true");
    return;
  }
  show(results, 
    h("h2", {}, `Articles (${articles.articles.length}${articles.truncated ? "+" : ""})`),
    articles.articles.length ? h("table", { class: "data" },
      h("thead", {}, h("tr", {}, ["Article", "Published", "Source", "Facts", "Extracted by"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, articles.articles.map((a) => h("tr", {},
        h("td", {}, h("a", { href: `#/article/${a.id}` }, a.title || `Article ${a.id}`)),
        h("td", {}, a.published || "unknown"), h("td", {}, a.source || ""), h("td", {}, a.facts),
        h("td", { class: "muted" }, a.pipeline || ""))))) : h("p", { class: "muted" }, "No article."),
    h("h2", {}, `Withdrawn (${withdrawals.withdrawals.length}${withdrawals.truncated ? "+" : ""})`),
    withdrawals.withdrawals.length ? h("ul", {}, withdrawals.withdrawals.map((w) => h("li", {}, h("code", {}, w.id), ` withdrawn ${w.withdrawn_at}`)))
      : h("p", { class: "muted" }, "No article withdrawn."),
  );
  if (!articles.articles.length && since) results.prepend(message(`No article published since ${since}; articles without a date are not listed.`));
}
