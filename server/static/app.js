// Shared by every page: the API client, the sign-in check, the page header and small DOM helpers.
// Server text is always put on the page with textContent, never as HTML.

const k_csrf_key = "tally.csrf";

// An answer the API refused: the HTTP status and the server's message.
export class ApiError extends Error {
  constructor(status, message, problem, field) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.field = field;
  }
}

// Remembers the CSRF token the login answered, for later writes.
export function save_csrf(token) {
  sessionStorage.setItem(k_csrf_key, token);
}

// The sign-in page, coming back to the current page afterwards.
export function sign_in_url() {
  return "/?next=" + encodeURIComponent(location.pathname + location.search);
}

// Calls the API: GET without body, POST with a JSON body or a Blob (an image), and the CSRF header. Answers the parsed JSON,
// or throws ApiError; a 401 sends the browser to the sign-in page.
export async function api(method, path, body, extra_headers = {}) {
  const headers = { Accept: "application/json", ...extra_headers };
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET") {
    headers["X-CSRF-Token"] = sessionStorage.getItem(k_csrf_key) || "";
    if (body instanceof Blob) {
      headers["Content-Type"] = body.type;
      init.body = body;
    } else {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body || {});
    }
  }
  const answer = await fetch(path, init);
  const text = await answer.text();
  if (answer.status === 401 && path !== "/api/v1/login") {
    location.assign(sign_in_url());
    throw new ApiError(401, "not signed in", "unauthenticated");
  }
  const type = answer.headers.get("Content-Type") || "";
  let json = null;
  if (type.startsWith("application/json") && text !== "") {
    json = JSON.parse(text);
  }
  if (!answer.ok) {
    const e = (json && json.error) || {};
    throw new ApiError(answer.status, e.message || answer.status + " " + answer.statusText, e.problem, e.field);
  }
  return json === null ? text : json;
}

// An element with attributes (on* keys are listeners) and children (strings become text nodes).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith("on")) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) {
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
  }
  return node;
}

// A query parameter of the page's address ("" when absent).
export function param(name) {
  return new URLSearchParams(location.search).get(name) || "";
}

// The asset page of a tag, serial, host name or barcode.
export function asset_href(code) {
  return "/static/asset.html?code=" + encodeURIComponent(code);
}

// Shows a message in the element (red for an error).
export function say(node, text, is_error) {
  node.textContent = text;
  node.className = is_error ? "error" : "ok";
}

// A value for display: "" for null/undefined, objects as their JSON.
export function show(value) {
  if (value === null || value === undefined) {
    return "";
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// Definition list of [label, value] pairs, leaving out empty values.
export function fields(pairs) {
  const dl = el("dl", { class: "fields" });
  for (const [label, value] of pairs) {
    const text = show(value);
    if (text !== "") {
      dl.append(el("dt", {}, label), el("dd", { "data-field": label }, text));
    }
  }
  return dl;
}

// Rows of objects as a table whose columns are the union of their keys.
export function table(rows) {
  const columns = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!columns.includes(key)) {
        columns.push(key);
      }
    }
  }
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map((c) => el("td", {}, show(row[c]))))))
  );
}

// Checks the session (GET /api/v1/me, which redirects to sign-in on 401) and draws the page header.
export async function start_page() {
  const me = await api("GET", "/api/v1/me");
  const header = el(
    "header",
    {},
    el("strong", {}, "Tally"),
    el(
      "nav",
      {},
      el("a", { href: "/static/search.html" }, "Search"),
      el("a", { href: "/static/dashboard.html" }, "Dashboard"),
      el("a", { href: "/static/pos.html" }, "Purchase orders"),
      el("a", { href: "/static/racks.html" }, "Racks"),
      el("a", { href: "/static/audit.html" }, "Audit"),
      el("a", { href: "/static/licenses.html" }, "Licenses")
    ),
    el("span", { class: "who", id: "who" }, me.name + " (" + me.roles.join(", ") + ")"),
    el("button", { type: "button", id: "sign-out", onclick: sign_out }, "Sign out")
  );
  document.body.prepend(header);
  return me;
}

async function sign_out() {
  try {
    await api("POST", "/api/v1/logout", {});
  } finally {
    sessionStorage.removeItem(k_csrf_key);
    location.assign("/");
  }
}

// Runs a page's main function, showing any failure as text in #message.
export function run(main) {
  main().catch((e) => {
    if (e instanceof ApiError && e.status === 401) {
      return;
    }
    const node = document.getElementById("message");
    if (node) {
      say(node, e.message, true);
    }
  });
}
