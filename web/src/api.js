// The explorer's only way to the server: the JSON API and /sparql. Errors arrive as the API's envelope
// ({ok: false, error, status}) and are thrown as ApiError with the envelope's message.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson(path, params = {}) {
  let response;
  try {
    response = await fetch(url(path, params), { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError(`the server did not answer (${error.message}); is kg serve running?`, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the server answered ${response.status} without JSON`, response.status);
  }
  if (!response.ok || body.ok === false) {
    throw new ApiError(body.error || `the server answered ${response.status}`, response.status);
  }
  return body;
}

// A SELECT over /sparql, as SPARQL JSON results: [{var: {type, value}}].
export async function select(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
    body: query,
  });
  const body = await response.json();
  if (!response.ok) throw new ApiError(body.error || `SPARQL answered ${response.status}`, response.status);
  return body.results.bindings;
}
