// Starts GraphiQL from the vendored bundles (no CDN): queries over POST to this address,
// subscriptions over graphql-transport-ws on the same path. A link may carry the document
// and variables as ?q=...&variables=... (the explorer's pages link theirs this way).
"use strict";

(function () {
  const EXAMPLE = [
    "# Talent Ledger: who works where, according to whom.",
    "# Ctrl-Enter runs the document; Ctrl-Space completes.",
    "# Writes need an API key: in Headers below, add",
    '# { "Authorization": "Bearer <key>" }',
    "",
    "{",
    '  person(id: "ruoming-pang") {',
    "    name",
    '    employer(at: "2025-08-15", knownAt: "2025-08-01T00:00:00Z") {',
    "      organization { id name parent { id } }",
    "      start { value precision }",
    "      certainty status",
    "      sources { publisher publishedAt }",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  const parameters = new URLSearchParams(window.location.search);
  const url = window.location.origin + window.location.pathname;
  const socket = new URL(url);
  socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";

  function remember(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    const query = parameters.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  const fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: socket.toString() });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Page() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: EXAMPLE,
      query: parameters.get("q") || undefined,
      variables: parameters.get("variables") || undefined,
      onEditQuery: function (value) { remember("q", value); },
      onEditVariables: function (value) { remember("variables", value); },
      defaultEditorToolsVisibility: parameters.has("variables"),
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Page));
})();
