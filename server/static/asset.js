// The asset page: status, model, location, custody, coverage and history, from GET /api/v1/assets/{code}.
import { api, el, fields, param, run, show, start_page, table } from "/static/app.js";
import { wire_search } from "/static/search.js";

const k_first = ["tag", "status", "model", "manufacturer", "category", "serial", "hostname", "location", "rack",
  "rack_u", "team", "person", "owner", "custody", "po"];

// The record's scalar fields, the important ones first; nested objects become their own lists.
function record_view(record) {
  const keys = Object.keys(record);
  const ordered = k_first.filter((k) => keys.includes(k)).concat(keys.filter((k) => !k_first.includes(k)));
  const scalars = [];
  const nested = [];
  for (const key of ordered) {
    const value = record[key];
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      nested.push(el("h3", {}, key.replace(/_/g, " ")), fields(Object.entries(value)));
    } else if (Array.isArray(value) && value.length > 0 && typeof value[0] === "object") {
      nested.push(el("h3", {}, key.replace(/_/g, " ")), table(value));
    } else {
      scalars.push([key, Array.isArray(value) ? value.map(show).join(", ") : value]);
    }
  }
  return [fields(scalars), ...nested];
}

const form = document.getElementById("search");
wire_search(form, document.getElementById("message"));

run(async () => {
  await start_page();
  const code = param("code");
  form.elements.code.focus();
  if (code === "") {
    return;
  }
  const asset = await api("GET", "/api/v1/assets/" + encodeURIComponent(code));
  document.getElementById("title").textContent = "Asset " + asset.tag;
  document.title = "Tally: " + asset.tag;
  document.getElementById("asset").replaceChildren(
    el("p", {}, el("a", { id: "label", href: "/api/v1/labels.pdf?tag=" + encodeURIComponent(asset.tag) }, "Label to print (PDF)")),
    ...record_view(asset));
  const history = await api("GET", "/api/v1/assets/" + encodeURIComponent(code) + "/history?limit=1000");
  const rows = history.items || [];
  document.getElementById("history").replaceChildren(rows.length ? table(rows) : el("p", { class: "muted" }, "No history."));
});
