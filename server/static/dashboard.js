// The dashboard: assets by team and status (GET /api/v1/reports/team-status), spend by month
// (GET /api/v1/reports/spend?by=month), licenses expiring and contracts whose notice is due
// (GET /api/v1/licenses?expiring_within=N, /api/v1/contracts?notice_due_within=N).
// Charts are inline SVG drawn here; each bar is focusable and says its figures in words (aria-label), and
// a table under each chart holds the same figures as text. Server text goes in with textContent only.
import { api, el, param, run, show, start_page } from "/static/app.js";

const k_svg = "http://www.w3.org/2000/svg";
const k_chart_width = 640;
const k_statuses = ["in_stock", "staging", "deployed", "in_repair", "rma", "retired", "lost", "disposed",
  "returned_to_vendor"];
const k_colours = {
  in_stock: "#2b6cb0", staging: "#c05621", deployed: "#2f855a", in_repair: "#c53030", rma: "#6b46c1",
  retired: "#718096", lost: "#975a16", disposed: "#285e61", returned_to_vendor: "#b83280",
};

// An SVG element with attributes and children (strings become text nodes).
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(k_svg, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) {
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
  }
  return node;
}

// Every item of a list route, following `next` (at most 100 pages).
async function all_items(path) {
  const items = [];
  const sep = path.includes("?") ? "&" : "?";
  let after = "";
  for (let page = 0; page < 100; ++page) {
    const answer = await api("GET", path + sep + "limit=1000" + (after ? "&after=" + encodeURIComponent(after) : ""));
    items.push(...answer.items);
    if (answer.next === null) {
      return items;
    }
    after = String(answer.next);
  }
  throw new Error(path + ": more than 100 pages");
}

function words(status) {
  return status.replace(/_/g, " ");
}

// A table whose cells carry their column's name (data-label: the phone layout shows it beside the value).
function card_table(caption, columns, rows) {
  return el(
    "table",
    { class: "cards" },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c.label)))),
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          row.attrs || {},
          columns.map((c) => el("td", { "data-label": c.label, "data-key": c.key, class: c.cls }, show(row.cells[c.key])))
        )
      )
    )
  );
}

// The statuses the report has columns for, in lifecycle order.
function statuses_of(rows) {
  return rows.length === 0 ? k_statuses.slice(0, 7) : k_statuses.filter((s) => s in rows[0]);
}

function team_label(row) {
  return row.team === null ? "(none)" : row.team;
}

// One horizontal bar per team, stacked by status, with the total at its end.
function assets_chart(rows, statuses) {
  const label_width = 80;
  const bar_area = k_chart_width - label_width - 50;
  const row_height = 26;
  const legend_top = rows.length * row_height + 12;
  const legend_rows = Math.ceil(statuses.length / 4);
  const height = legend_top + legend_rows * 22 + 4;
  const most = Math.max(1, ...rows.map((r) => r.total));
  const bars = rows.map((row, i) => {
    const y = i * row_height;
    const parts = statuses.filter((s) => row[s] > 0).map((s) => row[s] + " " + words(s));
    let x = label_width;
    const rects = [];
    for (const s of statuses) {
      if (row[s] > 0) {
        const w = (row[s] / most) * bar_area;
        rects.push(svg("rect", { x, y: y + 4, width: w, height: row_height - 8, fill: k_colours[s] },
          svg("title", {}, row[s] + " " + words(s))));
        x += w;
      }
    }
    return svg(
      "g",
      {
        class: "bar",
        tabindex: 0,
        role: "img",
        "data-team": row.team === null ? "" : row.team,
        "aria-label": team_label(row) + " " + row.name + ": " + (parts.length ? parts.join(", ") : "none") +
          "; " + row.total + " in all",
      },
      svg("rect", { class: "focus", x: 0, y, width: k_chart_width, height: row_height, fill: "transparent" }),
      svg("text", { x: label_width - 6, y: y + row_height / 2 + 5, "text-anchor": "end" }, team_label(row)),
      rects,
      svg("text", { x: x + 6, y: y + row_height / 2 + 5 }, String(row.total))
    );
  });
  const legend = statuses.map((s, i) => {
    const x = (i % 4) * (k_chart_width / 4);
    const y = legend_top + Math.floor(i / 4) * 22;
    return svg("g", { "aria-hidden": "true" }, svg("rect", { x, y, width: 14, height: 14, fill: k_colours[s] }),
      svg("text", { x: x + 20, y: y + 12 }, words(s)));
  });
  return svg(
    "svg",
    {
      viewBox: "0 0 " + k_chart_width + " " + height,
      width: "100%",
      role: "group",
      "aria-label": "Bar chart of assets by team, stacked by status; the table below has the same figures",
    },
    bars,
    legend
  );
}

function month_after(month) {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? y + 1 + "-01" : y + "-" + String(m + 1).padStart(2, "0");
}

// Every month from the first to the last one that has rows (months without receipts show as 0).
function months_between(rows) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  if (months.length === 0) {
    return [];
  }
  const all = [months[0]];
  for (let i = 0; i < 120 && all[all.length - 1] < months[months.length - 1]; ++i) {
    all.push(month_after(all[all.length - 1]));
  }
  return all;
}

// Vertical bars of one currency's money received per month.
function spend_chart(currency, rows, months) {
  const top = 24;
  const plot = 160;
  const height = top + plot + 40;
  const slot = k_chart_width / Math.max(months.length, 1);
  const of = new Map(rows.filter((r) => r.currency === currency).map((r) => [r.month, r]));
  const most = Math.max(1, ...[...of.values()].map((r) => Number(r.received)));
  const bars = months.map((month, i) => {
    const row = of.get(month);
    const amount = row ? row.received : "0.00";
    const h = (Number(amount) / most) * plot;
    const x = i * slot;
    const centre = x + slot / 2;
    return svg(
      "g",
      {
        class: "bar",
        tabindex: 0,
        role: "img",
        "data-month": month,
        "aria-label": month + ": " + amount + " " + currency + " received" + (row ? ", " + row.units + " unit(s)" : ""),
      },
      svg("rect", { class: "focus", x, y: 0, width: slot, height, fill: "transparent" }),
      svg("rect", { x: x + slot * 0.15, y: top + plot - h, width: slot * 0.7, height: h, fill: "#2b6cb0" },
        svg("title", {}, month + ": " + amount + " " + currency)),
      svg("text", { x: centre, y: top + plot - h - 6, "text-anchor": "middle", class: "value" }, amount),
      svg("text", { x: centre, y: top + plot + 18, "text-anchor": "middle" }, month)
    );
  });
  return svg(
    "svg",
    {
      viewBox: "0 0 " + k_chart_width + " " + height,
      width: "100%",
      role: "group",
      "aria-label": "Bar chart of " + currency + " received per month; the table below has the same figures",
    },
    svg("line", { x1: 0, y1: top + plot, x2: k_chart_width, y2: top + plot, stroke: "#666" }),
    bars
  );
}

async function draw_assets() {
  const rows = await all_items("/api/v1/reports/team-status");
  const statuses = statuses_of(rows);
  const chart = document.getElementById("assets-chart");
  const table = document.getElementById("assets-table");
  if (rows.length === 0) {
    chart.replaceChildren(el("p", { class: "muted" }, "No assets yet."));
    table.replaceChildren();
    return;
  }
  chart.replaceChildren(assets_chart(rows, statuses));
  const columns = [{ key: "team", label: "team" }, { key: "name", label: "name" }]
    .concat(statuses.map((s) => ({ key: s, label: words(s), cls: "number" })))
    .concat([{ key: "total", label: "total", cls: "number" }]);
  table.replaceChildren(
    card_table("Assets by team and status", columns,
      rows.map((r) => ({ attrs: { "data-team": r.team === null ? "" : r.team }, cells: { ...r, team: team_label(r) } })))
  );
}

async function draw_spend(query, title) {
  const rows = await all_items("/api/v1/reports/spend?by=month&" + query);
  document.getElementById("spend-title").textContent = "Spend by month, " + title;
  const chart = document.getElementById("spend-chart");
  const months = months_between(rows);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  if (rows.length === 0) {
    chart.replaceChildren(el("p", { class: "muted" }, "Nothing received in " + title + "."));
  } else {
    chart.replaceChildren(...currencies.map((c) =>
      el("figure", { "data-currency": c }, el("figcaption", {}, c), spend_chart(c, rows, months))));
  }
  const columns = [
    { key: "month", label: "month" },
    { key: "currency", label: "currency" },
    { key: "pos", label: "POs", cls: "number" },
    { key: "units", label: "units", cls: "number" },
    { key: "received", label: "received", cls: "number" },
  ];
  document.getElementById("spend-table").replaceChildren(
    card_table("Spend by month, " + title, columns,
      rows.map((r) => ({ attrs: { "data-month": r.month, "data-currency": r.currency }, cells: r })))
  );
}

function expiry_words(days) {
  if (days === 0) {
    return "expires today";
  }
  return "expires in " + days + " day(s)";
}

async function draw_licenses(within) {
  const rows = await all_items("/api/v1/licenses?expiring_within=" + within);
  document.getElementById("licenses-title").textContent = "Licenses expiring within " + within + " days";
  const node = document.getElementById("licenses-table");
  if (rows.length === 0) {
    node.replaceChildren(el("p", { class: "muted", id: "licenses-none" }, "No license expires within " + within + " days."));
    return;
  }
  const columns = [
    { key: "id", label: "license" },
    { key: "product", label: "product" },
    { key: "vendor", label: "vendor" },
    { key: "team", label: "team" },
    { key: "seats", label: "seats", cls: "number" },
    { key: "used", label: "used", cls: "number" },
    { key: "expires_on", label: "expires" },
    { key: "attention", label: "attention", cls: "error" },
  ];
  node.replaceChildren(
    card_table("Licenses expiring within " + within + " days", columns,
      rows.map((l) => ({
        attrs: { class: "flagged", "data-license": l.id },
        cells: { ...l, attention: expiry_words(l.days_to_expiry) },
      })))
  );
}

async function draw_contracts(within) {
  const rows = await all_items("/api/v1/contracts?notice_due_within=" + within);
  document.getElementById("contracts-title").textContent = "Contracts with notice due within " + within + " days";
  const node = document.getElementById("contracts-table");
  if (rows.length === 0) {
    node.replaceChildren(el("p", { class: "muted", id: "contracts-none" }, "No contract's notice is due within " + within + " days."));
    return;
  }
  const columns = [
    { key: "number", label: "contract" },
    { key: "vendor", label: "vendor" },
    { key: "kind", label: "kind" },
    { key: "ends_on", label: "ends" },
    { key: "notice_by", label: "notice by" },
    { key: "attention", label: "attention", cls: "error" },
  ];
  node.replaceChildren(
    card_table("Contracts with notice due within " + within + " days", columns,
      rows.map((c) => ({
        attrs: { class: "flagged", "data-contract": c.number },
        cells: {
          ...c,
          attention: (c.notice_overdue ? "notice overdue since " + c.notice_by : "give notice by " + c.notice_by) +
            "; ends in " + c.days_to_end + " day(s)" + (c.auto_renew ? ", renews itself" : ""),
        },
      })))
  );
}

run(async () => {
  await start_page();
  const form = document.getElementById("filter");
  const quarter = param("quarter").trim();
  const fy = param("fy") || String(new Date().getUTCFullYear());
  const within = param("within") === "" ? "90" : param("within");
  form.elements.fy.value = fy;
  form.elements.quarter.value = quarter;
  form.elements.within.value = within;
  if (!/^\d{1,6}$/.test(within)) {
    throw new Error("Near expiry: '" + within + "' is not a number of days");
  }
  // One request at a time: the server gives each connection a thread while it is kept alive, and a page that
  // opens more connections than it has threads waits for one of them to time out.
  await draw_assets();
  if (quarter) {
    await draw_spend("quarter=" + encodeURIComponent(quarter), "received in " + quarter.toUpperCase());
  } else {
    await draw_spend("fy=" + encodeURIComponent(fy), "POs of fiscal year " + fy);
  }
  await draw_licenses(within);
  await draw_contracts(within);
  document.body.dataset.ready = "true";
});
