// License compliance (GET /api/v1/licenses): every license with seats used of bought; over-allocated rows and
// those expired or expiring within N days are highlighted, and say so in words (not by colour alone).
import { api, el, param, run, show, start_page } from "/static/app.js";

const k_columns = ["id", "product", "vendor", "type", "team", "seats", "used", "free", "expires_on"];

// Every item of a list route, following `next` (at most 100 pages).
async function all_items(path) {
  const items = [];
  let after = "";
  for (let page = 0; page < 100; ++page) {
    const answer = await api("GET", path + "?limit=1000" + (after ? "&after=" + encodeURIComponent(after) : ""));
    items.push(...answer.items);
    if (answer.next === null) {
      return items;
    }
    after = String(answer.next);
  }
  throw new Error("licenses: more than 100 pages");
}

// The problems of one license, in words.
function problems(license, within) {
  const out = [];
  if (license.over_allocated) {
    out.push("over-allocated by " + (license.used - license.seats));
  }
  if (license.days_to_expiry !== null && license.days_to_expiry < 0) {
    out.push("expired " + -license.days_to_expiry + " day(s) ago");
  } else if (license.days_to_expiry !== null && license.days_to_expiry <= within) {
    out.push("expires in " + license.days_to_expiry + " day(s)");
  }
  return out;
}

run(async () => {
  await start_page();
  const form = document.getElementById("filter");
  if (param("expiring_within") !== "") {
    form.elements.expiring_within.value = param("expiring_within");
  }
  const within = Number(form.elements.expiring_within.value) || 0;
  const licenses = await all_items("/api/v1/licenses");
  let flagged = 0;
  const rows = licenses.map((l) => {
    const found = problems(l, within);
    flagged += found.length ? 1 : 0;
    return el(
      "tr",
      { class: found.length ? "flagged" : undefined, "data-license": l.id },
      k_columns.map((c) => el("td", {}, show(l[c]))),
      el("td", { class: found.length ? "error" : "ok" }, found.length ? found.join("; ") : "in compliance")
    );
  });
  document.getElementById("summary").textContent =
    licenses.length + " license(s), " + flagged + " needing attention";
  document.getElementById("list").replaceChildren(
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, k_columns.concat(["compliance"]).map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, rows)
    )
  );
});
