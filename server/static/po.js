// One PO (GET /api/v1/pos/{number}): its fields, its lines with a receiving link each, Approve and Reject.
import { api, el, fields, param, run, say, show, start_page } from "/static/app.js";

const number = param("number");
const message = document.getElementById("message");
const k_fields = ["number", "status", "vendor", "team", "fiscal_year", "total", "currency", "units_ordered",
  "units_received", "received_value", "created_at", "override_reason"];

function draw(po) {
  document.getElementById("title").textContent = "Purchase order " + po.number;
  document.getElementById("po").replaceChildren(fields(k_fields.map((k) => [k.replace(/_/g, " "), po[k]])));
  const lines = po.lines || [];
  const columns = lines.length ? Object.keys(lines[0]) : [];
  const receivable = ["ordered", "partially_received"].includes(po.status);
  document.getElementById("lines").replaceChildren(
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c)), el("th", {}, ""))),
      el(
        "tbody",
        {},
        lines.map((l) =>
          el(
            "tr",
            {},
            columns.map((c) => el("td", {}, show(l[c]))),
            el(
              "td",
              {},
              receivable
                ? el("a", { href: "/static/receive.html?po=" + encodeURIComponent(po.number) + "&line=" + l.line },
                  "Receive")
                : ""
            )
          )
        )
      )
    )
  );
  document.getElementById("actions").hidden = po.status !== "submitted";
  const labels = document.getElementById("labels");
  labels.replaceChildren(po.units_received > 0
    ? el("a", { href: "/api/v1/pos/" + encodeURIComponent(po.number) + "/labels.pdf" },
      "Labels to print for the " + po.units_received + " received unit(s) (PDF)")
    : "");
}

async function act(verb, body) {
  try {
    const po = await api("POST", "/api/v1/pos/" + encodeURIComponent(number) + "/" + verb, body);
    draw(po);
    say(message, "PO " + po.number + " is now " + po.status + ".", false);
  } catch (e) {
    say(message, e.message, true);
  }
}

document.getElementById("approve").addEventListener("click", () => act("approve", {}));
document.getElementById("reject").addEventListener("click", () => {
  const reason = prompt("Why is it rejected?");
  if (reason !== null) {
    act("reject", { reason });
  }
});

run(async () => {
  await start_page();
  draw(await api("GET", "/api/v1/pos/" + encodeURIComponent(number)));
});
