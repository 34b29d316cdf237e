// The PO list (GET /api/v1/pos), each number a link to its page.
import { api, el, param, run, show, start_page } from "/static/app.js";

const k_columns = ["number", "status", "vendor", "team", "total", "currency", "units_received", "units_ordered"];

run(async () => {
  await start_page();
  const form = document.getElementById("filter");
  form.elements.status.value = param("status");
  const query = param("status") ? "?status=" + encodeURIComponent(param("status")) + "&limit=1000" : "?limit=1000";
  const page = await api("GET", "/api/v1/pos" + query);
  const rows = page.items || [];
  const list = document.getElementById("list");
  if (rows.length === 0) {
    list.replaceChildren(el("p", { class: "muted" }, "No purchase orders."));
    return;
  }
  list.replaceChildren(
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, k_columns.map((c) => el("th", { scope: "col" }, c.replace(/_/g, " "))))),
      el(
        "tbody",
        {},
        rows.map((po) =>
          el(
            "tr",
            {},
            el("td", {}, el("a", { href: "/static/po.html?number=" + encodeURIComponent(po.number) }, po.number)),
            k_columns.slice(1).map((c) => el("td", {}, show(po[c])))
          )
        )
      )
    )
  );
});
