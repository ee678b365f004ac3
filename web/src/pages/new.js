// What is new: the articles that ingests stored (added or updated) since a date, with their facts, and the
// articles withdrawn since then.
import { ApiError, getJson } from "../api.js";
import { h, message, show } from "../ui.js";

// "2026-12-01T06:00:12.3Z" as "2026-12-01 06:00 UTC"; anything else as given.
function when(time) {
  if (!time) return "";
  const utc = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})[\d:.]*Z$/.exec(time);
  return utc ? `${utc[1]} ${utc[2]} UTC` : time;
}

export async function render(page, { params }) {
  const since = params.get("since") || "";
  const input = h("input", { id: "since", name: "since", type: "date", value: since.slice(0, 10), "aria-describedby": "since-hint since-error" });
  const error = h("span", { id: "since-error", class: "error", role: "alert" });
  const form = h("form", { class: "params", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    location.hash = input.value ? `#/new?since=${input.value}` : "#/new";
  } }, h("div", { class: "field" }, h("label", { for: "since" }, "Since"), input,
    h("span", { id: "since-hint", class: "hint" }, "Articles added or updated by an ingest on or after this day (UTC), and withdrawals from it on. Empty: every article, newest published first."), error),
  h("button", { type: "submit" }, "Show"));
  const results = h("div", { "aria-live": "polite" });
  page.replaceChildren(h("h1", {}, "What is new"),
    h("p", { class: "lead" }, "What the ingests (the cron job's kg ingest) brought in: articles added or updated since a day, each with its facts, and the articles whose files were withdrawn."),
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
  const listed = articles.articles;
  const more = articles.truncated ? "+" : "";
  const counts = since
    ? h("p", { class: "counts" }, ["added", "updated"].map((change) => `${listed.filter((a) => a.change === change).length}${more} ${change}`).join(", "))
    : null;
  const columns = [...(since ? ["Change"] : []), "Article", "Stored", "Published", "Source", "Facts", "Extracted by"];
  show(results,
    h("h2", {}, `Articles (${listed.length}${more})`),
    counts,
    listed.length ? h("table", { class: "data" },
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, listed.map((a) => h("tr", {},
        since ? h("td", {}, h("span", { class: `change ${a.change}` }, a.change)) : null,
        h("td", {}, h("a", { href: `#/article/${a.id}` }, a.title || `Article ${a.id}`)),
        h("td", { class: "nowrap" }, a.ingested_at ? when(a.ingested_at) : h("span", { class: "muted" }, "before ingest times were kept")),
        h("td", {}, a.published || "unknown"), h("td", {}, a.source || ""),
        h("td", { class: "nowrap" }, h("a", { href: `#/article/${a.id}`, "aria-label": `${a.facts} facts of ${a.title || a.id}, highlighted in its text` }, `${a.facts} facts`)),
        h("td", { class: "muted" }, a.pipeline || ""))))) : h("p", { class: "muted" }, "No article."),
    h("h2", {}, `Withdrawn (${withdrawals.withdrawals.length}${withdrawals.truncated ? "+" : ""})`),
    withdrawals.withdrawals.length ? h("ul", {}, withdrawals.withdrawals.map((w) => h("li", {}, h("code", {}, w.id), ` withdrawn ${when(w.withdrawn_at)}`)))
      : h("p", { class: "muted" }, "No article withdrawn."),
  );
  if (!listed.length && since) results.prepend(message(`No article was added or updated by an ingest since ${since}.`));
}
