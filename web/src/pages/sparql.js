// The SPARQL editor (YASGUI), posting to our /sparql. It completes our prefixes, classes and properties from
// /vocabulary (never from a service on the web), offers the canned queries as examples, and links the
// entity IRIs of its result table to their pages.
import { getJson } from "../api.js";
import { entityHref, h, isOurs } from "../ui.js";

const FIRST_QUERY = `PREFIX mkg: <https://w3id.org/mkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?label ?articles WHERE {
  ?person a mkg:StateOfficial ; rdfs:label ?label ; mkg:articleCount ?articles .
} ORDER BY DESC(?articles) LIMIT 20`;

let Yasgui;

export async function render(page) {
  const [{ default: loaded }, vocabulary, { queries }] = await Promise.all([
    import("/explorer/vendor/yasgui.js"), getJson("/vocabulary"), getJson("/queries"),
  ]);
  Yasgui = loaded;
  configureCompletion(vocabulary);
  const examples = h("select", { id: "examples" }, h("option", { value: "" }, "Choose an example…"),
    queries.map((q) => h("option", { value: q.name }, q.title)));
  const editor = h("div", { id: "yasgui" });
  page.replaceChildren(
    h("h1", {}, "SPARQL"),
    h("p", { class: "lead" }, "Query the whole graph. The prefixes ", h("code", {}, Object.keys(vocabulary.prefixes).join(", ")),
      " are predeclared; Ctrl+Space completes prefixes, classes and properties. Run with Ctrl+Enter."),
    h("div", { class: "toolbar" }, h("label", { for: "examples" }, "Example queries (from queries/)"), examples),
    editor,
  );
  const yasgui = new Yasgui(editor, {
    requestConfig: { endpoint: "/sparql", method: "POST", acceptHeaderSelect: "application/sparql-results+json" },
    copyEndpointOnNewTab: false,
    showCopyEndpoint: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: "/sparql" }] },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    yasqe: { value: FIRST_QUERY, resizeable: true, editorHeight: "190px" },
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table", prefixes: vocabulary.prefixes },
  });
  const tab = yasgui.getTab();
  examples.addEventListener("change", () => {
    const chosen = queries.find((q) => q.name === examples.value);
    if (chosen) tab.getYasqe().setValue(chosen.sparql);
  });
  linkEntities(editor);
  window.kgYasgui = yasgui; // for the browser tests and the console
}

// Completion lists of our own: the defaults would ask Linked Open Vocabularies and prefix.cc on the web.
function configureCompletion(vocabulary) {
  const Yasqe = Yasgui.Yasqe;
  const prefixes = Object.entries(vocabulary.prefixes).map(([p, iri]) => `${p}: <${iri}>`);
  const terms = (list) => (yasqe, token) => {
    const typed = token?.autocompletionString || "";
    return Promise.resolve(list.map((t) => t.id).filter((iri) => iri.startsWith(typed)));
  };
  Yasqe.Autocompleters.prefixes = { ...Yasqe.Autocompleters.prefixes, get: prefixes, persistenceId: null };
  Yasqe.Autocompleters.class = { ...Yasqe.Autocompleters.class, get: terms(vocabulary.classes), persistenceId: null };
  Yasqe.Autocompleters.property = { ...Yasqe.Autocompleters.property, get: terms(vocabulary.properties), persistenceId: null };
}

// YASR links IRIs to themselves: ours go to the explorer's pages instead (the table redraws as it pages).
function linkEntities(root) {
  const rewrite = () => {
    for (const a of root.querySelectorAll(".yasr a[href^='https://w3id.org/mkg/']")) {
      const iri = a.getAttribute("href");
      if (isOurs(iri)) {
        a.setAttribute("href", entityHref(iri));
        a.removeAttribute("target");
      }
    }
  };
  new MutationObserver(rewrite).observe(root, { childList: true, subtree: true });
}
