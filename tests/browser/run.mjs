// Tally's browser tests: the real binary makes a temporary database and serves it on 127.0.0.1 (an ephemeral
// port); Debian's chromium, driven by playwright-core, goes through the pages as a person would and checks what
// the page shows (and, after receiving, what the database holds, through `tally asset list --format json`).
//   usage: node tests/browser/run.mjs PATH/TO/tally [SCENARIO...]
// Exits 0 when every scenario passed, 1 otherwise; a failed scenario leaves FAILED-NAME.png in the current
// directory (ctest runs it in the build tree); with TALLY_BROWSER_SHOTS=1 a passed one leaves PASSED-NAME.png. Every wait is bounded; the server and chromium are stopped on
// every way out.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import bwipjs from "bwip-js";
import { read_png_grey, write_y4m } from "./video.mjs";

const k_chromium = process.env.TALLY_CHROMIUM || "/usr/bin/chromium";
const k_password = "correct horse battery staple";
const k_wait_ms = 10000; // any one wait on the page
const k_total_ms = 240000; // the whole run
const k_po = "PO-2026-0001"; // ordered: 5 servers on line 1, one received by the CLI, three in the browser
const k_po2 = "PO-2026-0002"; // submitted by alice: refused to her, approved by bob
const k_serials = ["WEB-SN-0001", "WEB-SN-0002", "WEB-SN-0003"];
const k_camera_serial = "WEB-SN-CAM"; // received by the CLI; its label is what the fake camera films
const k_filmed_serial = "WEB-SN-FILMED"; // the serial on a unit's box, filmed by the camera of the receiving page

const tally_bin = process.argv[2];
const only = process.argv.slice(3);
if (!tally_bin || !existsSync(tally_bin)) {
  console.error("usage: node tests/browser/run.mjs PATH/TO/tally [SCENARIO...]");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "tally-browser-"));
const db = join(dir, "tally.db");
const video = join(dir, "label.y4m");
const serial_video = join(dir, "serial.y4m"); // the fake camera of the scenarios in k_own_camera
let camera_tag = "";
let server = null;
let browser = null;

// Runs the real binary on the test database; throws unless it exits 0. Answers stdout.
function tally(args, { actor = "setup", input = "", env = {} } = {}) {
  const r = spawnSync(tally_bin, ["--db", db, ...args], {
    input,
    encoding: "utf8",
    timeout: 30000,
    env: { ...process.env, TALLY_ACTOR: actor, ...env },
  });
  if (r.status !== 0) {
    throw new Error("tally " + args.join(" ") + " exited " + r.status + ": " + r.stderr);
  }
  return r.stdout;
}

function tally_json(args, options) {
  return JSON.parse(tally([...args, "--format", "json"], options));
}

// Today (UTC) plus `days`, YYYY-MM-DD.
function in_days(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// The estate the scenarios use: a warehouse, a data-center room with a rack, a server model with a GTIN,
// an ordered PO to receive and a submitted PO to approve; alice (buyer and approver) raised both.
function set_up() {
  tally(["init"]);
  for (const [name, roles] of [["alice", ["buyer", "approver"]], ["bob", ["approver"]], ["carol", ["clerk"]]]) {
    tally(["user", "add", name, "--password-stdin", ...roles.flatMap((r) => ["--role", r])], { input: k_password + "\n" });
  }
  tally(["location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"]);
  tally(["location", "add", "DC1", "--name", "Data center 1", "--kind", "site"]);
  tally(["location", "add", "DC1-H1", "--name", "Hall 1", "--parent", "DC1"]);
  // Where scanned units go when the receiving page names no location (serialized units need one).
  tally(["config", "set", "receiving.location", "WH1"]);
  tally(["vendor", "add", "Dell", "--manufacturer", "--supplier"]);
  tally(["model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1", "--stores-data",
    "--warranty-months", "36", "--gtin", "09506000134352"]);
  tally(["budget", "set", "A-3", "2026", "100000.00"]);
  tally(["rack", "add", "R01", "--location", "DC1-H1", "--height", "12"]);
  tally(["po", "create", "--vendor", "Dell", "--team", "A-3"], { actor: "alice" });
  tally(["po", "add-line", k_po, "--model", "Dell PowerEdge R640", "--qty", "5", "--unit-cost", "8450.00"],
    { actor: "alice" });
  tally(["po", "submit", k_po], { actor: "alice" });
  tally(["po", "approve", k_po], { actor: "bob" });
  tally(["po", "order", k_po], { actor: "alice" });
  // The camera's unit: received at WH1 and labelled; the label becomes the fake camera's video.
  const [unit] = tally_json(["receive", k_po, "--line", "1", "--location", "WH1", "--serial", k_camera_serial]);
  camera_tag = unit.tag;
  const png = join(dir, "label.png");
  tally(["label", camera_tag, "--out", png]);
  write_y4m(video, read_png_grey(png));
  tally(["po", "create", "--vendor", "Dell", "--team", "A-3"], { actor: "alice" });
  tally(["po", "add-line", k_po2, "--model", "Dell PowerEdge R640", "--qty", "2", "--unit-cost", "8450.00"],
    { actor: "alice" });
  tally(["po", "submit", k_po2], { actor: "alice" });
}

// The box label of a unit still to receive: its serial as Code 128 (drawn by bwip-js, not by Tally, as a
// vendor's label would be), white behind it, filmed by the receiving page's fake camera.
async function film_serial() {
  const png = join(dir, "serial.png");
  const image = await bwipjs.toBuffer({ bcid: "code128", text: k_filmed_serial, scale: 3, height: 15,
    paddingwidth: 10, paddingheight: 10, backgroundcolor: "FFFFFF" });
  writeFileSync(png, image);
  write_y4m(serial_video, read_png_grey(png));
}

// Starts `tally serve --listen 127.0.0.1:0` and answers its base URL, read from its first line.
function start_server() {
  return new Promise((resolve, reject) => {
    server = spawn(tally_bin, ["--db", db, "serve", "--listen", "127.0.0.1:0", "--threads", "4"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error("tally serve printed no address within 10 s: " + err)), 10000);
    server.stderr.on("data", (d) => {
      err += d;
    });
    server.stdout.on("data", (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code, signal) => {
      clearTimeout(timer);
      const said = "tally serve exited " + (signal || code) + ": " + err;
      if (signal || code !== 0) {
        console.log(said); // after the start, the pages then fail to fetch: this says why
      }
      reject(new Error(said));
    });
  });
}

// Stops the server with SIGTERM (SIGKILL after 5 s) and waits for it.
async function stop_server() {
  if (!server || server.exitCode !== null || server.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const killer = setTimeout(() => server.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(killer);
}

async function clean_up() {
  if (browser) {
    await browser.close().catch(() => {});
    browser = null;
  }
  await stop_server();
  rmSync(dir, { recursive: true, force: true });
}

function check(condition, what) {
  if (!condition) {
    throw new Error(what);
  }
}

function check_equal(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(what + ": expected " + JSON.stringify(expected) + ", got " + JSON.stringify(actual));
  }
}

// The text of the element, once it is visible.
async function text_of(page, selector) {
  const node = page.locator(selector);
  await node.first().waitFor({ state: "visible" });
  return (await node.first().textContent()).trim();
}

// Waits until the element's text is exactly `expected` (bounded), then answers it.
async function wait_text(page, selector, expected) {
  const deadline = Date.now() + k_wait_ms;
  let seen = "";
  while (Date.now() < deadline) {
    seen = ((await page.locator(selector).first().textContent().catch(() => "")) || "").trim();
    if (seen === expected) {
      return seen;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(selector + ": expected the text " + JSON.stringify(expected) + ", saw " + JSON.stringify(seen));
}

let base = "";

// Signs in through the form as `name` and waits for the search page.
async function sign_in(page, name, password = k_password, next = "") {
  await page.goto(base + "/" + next);
  await page.fill("#name", name);
  await page.fill("#password", password);
  await page.press("#password", "Enter");
}

const scenarios = {
  // A wrong password is refused with the server's message; the right one lands on the search page, signed in;
  // signing out goes back to the sign-in page, and a page opened then sends the browser to sign in.
  async log_in(page) {
    await page.goto(base + "/static/search.html");
    await page.waitForURL(base + "/?next=%2Fstatic%2Fsearch.html");
    await sign_in(page, "carol", "wrong password");
    await wait_text(page, "#message", "login: wrong user name or password, or the user is disabled");
    check(page.url().startsWith(base + "/"), "a refused sign-in stays on the sign-in page");
    await sign_in(page, "carol");
    await page.waitForURL(base + "/static/search.html");
    await wait_text(page, "#who", "carol (clerk)");
    check_equal(await page.evaluate(() => document.activeElement.id), "code", "the search box has the focus");
    await page.click("#sign-out");
    await page.waitForURL(base + "/");
    await page.goto(base + "/static/pos.html");
    await page.waitForURL(base + "/?next=%2Fstatic%2Fpos.html");
  },

  // Three scans typed into the receiving page (each ended by Enter, as a USB scanner does): an answer for each
  // at once, a duplicate refused in red, the count; then the database holds exactly those three units.
  async receive_three_units(page) {
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/receive.html?po=" + k_po + "&line=1"));
    await page.waitForURL(/\/static\/receive\.html/);
    await wait_text(page, "#count", "1 of 5 received");
    const tags = [];
    for (let i = 0; i < k_serials.length; ++i) {
      check_equal(await page.evaluate(() => document.activeElement.id), "code", "the scan box keeps the focus");
      await page.keyboard.type(k_serials[i]);
      await page.keyboard.press("Enter");
      await wait_text(page, "#count", i + 2 + " of 5 received");
      const answer = await text_of(page, "#answer");
      const m = new RegExp("^" + k_serials[i] + ": received as (AT-\\d+)$").exec(answer);
      check(m, "the answer names the new tag: " + answer);
      check_equal(await page.getAttribute("#answer", "class"), "ok", "a received unit's answer class");
      tags.push(m[1]);
    }
    await page.keyboard.type(k_serials[0]);
    await page.keyboard.press("Enter");
    const said = await refusal_for("carol", "POST", "/api/v1/pos/" + k_po + "/lines/1/receive", { code: k_serials[0] });
    check(said.includes(k_serials[0]), "the duplicate's refusal names the serial: " + said);
    await wait_text(page, "#scans li.error", k_serials[0] + ": " + said);
    await wait_text(page, "#answer", k_serials[0] + ": " + said);
    check_equal(await page.evaluate(() => getComputedStyle(document.querySelector("#answer")).color),
      "rgb(176, 0, 32)", "the refusal is shown in red");
    await wait_text(page, "#count", "4 of 5 received");
    check_equal(await page.locator("#scans li.ok").count(), 3, "three received rows on the page");
    const assets = tally_json(["asset", "list", "--po", k_po]).filter((a) => a.serial !== k_camera_serial);
    check_equal(assets.map((a) => [a.tag, a.serial, a.status]).sort(),
      tags.map((t, i) => [t, k_serials[i], "in_stock"]).sort(), "the units in the database");
    const log = tally_json(["log", "--entity", "asset", "--key", tags[0]]);
    check(log.length > 0 && log.every((e) => e.actor === "carol"), "the receipt's events name carol: " +
      JSON.stringify(log));
  },

  // The search box finds a received unit by serial and opens its page, showing its tag, status and history.
  async find_asset(page) {
    const [unit] = tally_json(["asset", "list", "--po", k_po]).filter((a) => a.serial === k_serials[1]);
    check(unit, "the receiving scenario stored " + k_serials[1]);
    await sign_in(page, "carol");
    await page.waitForURL(base + "/static/search.html");
    await page.fill("#code", "NO-SUCH-THING");
    await page.press("#code", "Enter");
    await wait_text(page, "#message", await refusal_for("carol", "GET", "/api/v1/assets/NO-SUCH-THING"));
    await page.fill("#code", k_serials[1]);
    await page.press("#code", "Enter");
    await page.waitForURL(base + "/static/asset.html?code=" + unit.tag);
    await wait_text(page, "#title", "Asset " + unit.tag);
    await wait_text(page, 'dd[data-field="status"]', "in_stock");
    await wait_text(page, 'dd[data-field="serial"]', k_serials[1]);
    const history = page.locator("#history tbody tr");
    await history.first().waitFor({ state: "visible" });
    check((await history.count()) >= 1, "the asset page shows its history");
    check((await page.locator("#history").textContent()).includes("carol"), "the history names who received it");
  },

  // alice raised and submitted the PO: her Approve is refused with the library's message; bob's is accepted.
  async approve_as_second_user(page) {
    await sign_in(page, "alice", k_password, "?next=" + encodeURIComponent("/static/po.html?number=" + k_po2));
    await page.waitForURL(/\/static\/po\.html/);
    await wait_text(page, 'dd[data-field="status"]', "submitted");
    await page.click("#approve");
    const said = await refusal_for("alice", "POST", "/api/v1/pos/" + k_po2 + "/approve", {});
    check(said.includes("alice"), "the refusal names the requester: " + said);
    await wait_text(page, "#message.error", said);
    await wait_text(page, 'dd[data-field="status"]', "submitted");
    check_equal(tally_json(["po", "show", k_po2]).status, "submitted", "alice's refused approval changed nothing");
    await page.click("#sign-out");
    await page.waitForURL(base + "/");
    await sign_in(page, "bob", k_password, "?next=" + encodeURIComponent("/static/po.html?number=" + k_po2));
    await page.waitForURL(/\/static\/po\.html/);
    await wait_text(page, 'dd[data-field="status"]', "submitted");
    await page.click("#approve");
    await wait_text(page, "#message", "PO " + k_po2 + " is now approved.");
    await wait_text(page, 'dd[data-field="status"]', "approved");
    check(await page.locator("#approve").isHidden(), "an approved PO offers no Approve button");
    check_equal(tally_json(["po", "show", k_po2]).status, "approved", "bob's approval is in the database");
  },

  // A received server installed at U5 shows in the rack's elevation; its device is a link to its asset page.
  async rack_elevation(page) {
    const [unit] = tally_json(["asset", "list", "--po", k_po]).filter((a) => a.serial === k_serials[2]);
    check(unit, "the receiving scenario stored " + k_serials[2]);
    tally(["rack", "install", unit.tag, "--rack", "DC1-H1/R01", "--u", "5", "--face", "front"]);
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/racks.html"));
    await page.waitForURL(/\/static\/racks\.html/);
    await page.click("text=R01");
    await page.waitForURL(/location=DC1-H1&name=R01/);
    await wait_text(page, "#title", "Rack DC1-H1/R01");
    const device = page.locator('#elevation svg a[href="/static/asset.html?code=' + unit.tag + '"]');
    await device.first().waitFor({ state: "attached" });
    // A full-depth server shows on both faces: a link on each.
    check_equal(await device.count(), 2, "a link for the installed device on the front and on the rear");
    check_equal(await page.locator("#elevation svg g.device").count(), 2, "the rack holds only that device");
    await device.first().click();
    await page.waitForURL(base + "/static/asset.html?code=" + unit.tag);
    await wait_text(page, "#title", "Asset " + unit.tag);
  },

  // The received PO's page links its labels to print: the PDF the core draws, for the signed-in user.
  async labels_link(page) {
    const received = tally_json(["asset", "list", "--po", k_po]).length;
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/po.html?number=" + k_po));
    await page.waitForURL(/\/static\/po\.html/);
    const link = page.locator("#labels a");
    await wait_text(page, "#labels a", "Labels to print for the " + received + " received unit(s) (PDF)");
    const href = await link.getAttribute("href");
    check_equal(href, "/api/v1/pos/" + k_po + "/labels.pdf", "the labels link");
    const pdf = await page.request.get(base + href);
    check_equal(pdf.status(), 200, "the labels PDF answers");
    check_equal(pdf.headers()["content-type"], "application/pdf", "the labels' content type");
    check_equal((await pdf.body()).subarray(0, 5).toString("latin1"), "%PDF-", "the labels are a PDF");
  },

  // License compliance: a license over its one seat and one expiring in 30 days are flagged, in words; one in
  // order says so.
  async license_compliance(page) {
    const units = tally_json(["asset", "list", "--po", k_po]);
    check(units.length >= 2, "two received units to assign seats to");
    const soon = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    const over = tally_json(["license", "add", "Office", "--vendor", "Dell", "--seats", "1", "--allow-overallocation"]);
    tally(["license", "assign", over.id, "--asset", units[0].tag]);
    tally(["license", "assign", over.id, "--asset", units[1].tag]);
    const expiring = tally_json(["license", "add", "Visio", "--vendor", "Dell", "--seats", "5", "--expires", soon]);
    const fine = tally_json(["license", "add", "Acrobat", "--vendor", "Dell", "--seats", "5", "--expires", "2099-12-31"]);
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/licenses.html"));
    await page.waitForURL(/\/static\/licenses\.html/);
    await wait_text(page, "#summary", "3 license(s), 2 needing attention");
    const days = tally_json(["license", "show", expiring.id]).days_to_expiry;
    await wait_text(page, 'tr[data-license="' + over.id + '"] td:last-child', "over-allocated by 1");
    await wait_text(page, 'tr[data-license="' + expiring.id + '"] td:last-child', "expires in " + days + " day(s)");
    await wait_text(page, 'tr[data-license="' + fine.id + '"] td:last-child', "in compliance");
    check_equal(await page.getAttribute('tr[data-license="' + over.id + '"]', "class"), "flagged", "highlighted");
    check_equal(await page.getAttribute('tr[data-license="' + fine.id + '"]', "class"), null, "not highlighted");
  },

  // The audit page from a phone: the fake camera films the label of a unit at WH1; the page records its tag
  // as found there, as a typed scan would, and the audit in the database holds the scan.
  async camera_audit(page) {
    await page.context().grantPermissions(["camera"], { origin: base });
    await page.setViewportSize({ width: 390, height: 844 }); // a phone
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/audit.html"));
    await page.waitForURL(/\/static\/audit\.html/);
    await page.fill("#location", "WH1");
    await page.press("#location", "Enter");
    await page.waitForURL(/\/static\/audit\.html\?audit=AUD-\d+$/);
    const audit = new URL(page.url()).searchParams.get("audit");
    await wait_text(page, "#title", "Audit " + audit + " of WH1");
    await page.click("#camera");
    await wait_text(page, "#scans li", camera_tag + ": " + camera_tag + ", expected here");
    await wait_text(page, "#count", "1 scanned");
    const shown = tally_json(["audit", "show", audit]);
    check(JSON.stringify(shown).includes(camera_tag), "the audit in the database holds the scan: " +
      JSON.stringify(shown));
    check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "the page fits a phone's width");
    await page.click("#camera");
    check_equal(await page.locator("#video video").count(), 0, "stopping the camera removes the video");
  },

  // The dashboard, reached from the navigation: every figure in its tables is the API's, and the fixture's own
  // (a PO of IT-5 received in February and March 2026, a license expiring in 10 days, a contract whose notice is
  // overdue) are exact; each bar takes the keyboard's focus and says its figures; at 375 px nothing scrolls sideways.
  async dashboard(page) {
    tally(["budget", "set", "IT-5", "2026", "10000.00"]);
    const po = tally_json(["po", "create", "--vendor", "Dell", "--team", "IT-5", "--fy", "2026"], { actor: "alice" })
      .number;
    tally(["po", "add-line", po, "--model", "Dell PowerEdge R640", "--qty", "3", "--unit-cost", "1200.00"],
      { actor: "alice" });
    tally(["po", "submit", po], { actor: "alice" });
    tally(["po", "approve", po], { actor: "bob" });
    tally(["po", "order", po], { actor: "alice" });
    const line = ["receive", po, "--line", "1", "--location", "WH1"];
    tally([...line, "--serial", "DASH-1"], { env: { TALLY_NOW: "2026-02-10T09:00:00Z" } });
    tally([...line, "--serial", "DASH-2", "--serial", "DASH-3"], { env: { TALLY_NOW: "2026-03-05T09:00:00Z" } });
    tally(["asset", "set-status", "DASH-3", "deployed"]);
    const license = tally_json(["license", "add", "Project", "--vendor", "Dell", "--seats", "2", "--expires",
      in_days(10)]);
    tally(["contract", "add", "DASH-SUP", "--vendor", "Dell", "--kind", "support", "--starts", in_days(-300),
      "--ends", in_days(40), "--notice-days", "60"]);

    await sign_in(page, "carol");
    await page.waitForURL(base + "/static/search.html");
    await page.click("header nav >> text=Dashboard");
    await page.waitForURL(base + "/static/dashboard.html");
    await page.goto(base + "/static/dashboard.html?fy=2026&within=90");
    await page.locator("body[data-ready=true]").waitFor({ state: "attached" });
    const cell = async (row, key) => (await page.locator(row + ' td[data-key="' + key + '"]').first().textContent()).trim();

    const teams = (await api_as("carol", "GET", "/api/v1/reports/team-status?limit=1000")).json.items;
    check_equal(await page.locator("#assets-table tbody tr").count(), teams.length, "a table row per team");
    for (const t of teams) {
      const row = '#assets-table tr[data-team="' + (t.team === null ? "" : t.team) + '"]';
      for (const key of ["in_stock", "staging", "deployed", "in_repair", "rma", "retired", "lost", "total"]) {
        check_equal(await cell(row, key), String(t[key]), "assets of " + t.team + ", " + key);
      }
    }
    const it5 = teams.find((t) => t.team === "IT-5");
    check(it5 && it5.in_stock === 2 && it5.deployed === 1 && it5.total === 3, "IT-5's assets: " + JSON.stringify(it5));
    check_equal(await page.getAttribute('#assets-chart g.bar[data-team="IT-5"]', "aria-label"),
      "IT-5 Asset & Procurement: 2 in stock, 1 deployed; 3 in all", "IT-5's bar in words");

    const months = (await api_as("carol", "GET", "/api/v1/reports/spend?by=month&fy=2026&limit=1000")).json.items;
    check_equal(await page.locator("#spend-table tbody tr").count(), months.length, "a table row per month");
    for (const m of months) {
      const row = '#spend-table tr[data-month="' + m.month + '"][data-currency="' + m.currency + '"]';
      for (const key of ["pos", "units", "received"]) {
        check_equal(await cell(row, key), String(m[key]), "spend of " + m.month + ", " + key);
      }
    }
    check_equal(months.filter((m) => m.month < "2026-04"), [
      { month: "2026-02", currency: "USD", pos: 1, units: 1, received: "1200.00" },
      { month: "2026-03", currency: "USD", pos: 1, units: 2, received: "2400.00" },
    ], "the API's months of the fixture");
    check_equal(await page.getAttribute('#spend-chart g.bar[data-month="2026-02"]', "aria-label"),
      "2026-02: 1200.00 USD received, 1 unit(s)", "February's bar in words");
    check_equal(await page.getAttribute('#spend-chart g.bar[data-month="2026-04"]', "aria-label"),
      "2026-04: 0.00 USD received", "a month without receipts has a bar of 0");
    await wait_text(page, "#spend-title", "Spend by month, POs of fiscal year 2026");

    const licenses = (await api_as("carol", "GET", "/api/v1/licenses?expiring_within=90&limit=1000")).json.items;
    check_equal(await page.locator("#licenses-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.license)),
      licenses.map((l) => l.id), "the licenses near expiry are the API's");
    const lrow = '#licenses-table tr[data-license="' + license.id + '"]';
    check_equal(await cell(lrow, "attention"), "expires in 10 day(s)", "the license's warning in words");
    check_equal(await page.getAttribute(lrow, "class"), "flagged", "the license row is highlighted");
    const contracts = (await api_as("carol", "GET", "/api/v1/contracts?notice_due_within=90&limit=1000")).json.items;
    check_equal(await page.locator("#contracts-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.contract)),
      contracts.map((c) => c.number), "the contracts with notice due are the API's");
    check_equal(await cell('#contracts-table tr[data-contract="DASH-SUP"]', "attention"),
      "notice overdue since " + in_days(-20) + "; ends in 40 day(s)", "the overdue notice in words");

    // Keyboard only: Tab from the top reaches the first bar, which says its figures.
    await page.locator("body").focus();
    let focused = null;
    for (let i = 0; i < 40 && !focused; ++i) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() =>
        document.activeElement && document.activeElement.classList.contains("bar")
          ? document.activeElement.getAttribute("aria-label") : null);
    }
    check(focused !== null && focused.startsWith((teams[0].team === null ? "(none)" : teams[0].team) + " "),
      "Tab reaches the first team's bar: " + focused);

    await page.setViewportSize({ width: 375, height: 800 }); // a phone
    await page.waitForTimeout(100);
    check(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
      "the dashboard fits 375 px: scrollWidth " + (await page.evaluate(() => document.documentElement.scrollWidth)));
    check(await page.locator("#assets-chart svg").isVisible(), "the chart shows at 375 px");
  },

  // The receiving page from a phone: the fake camera films a serial on a unit's box; the page receives it
  // once (the camera keeps filming it), answers with the new tag, and the database holds the unit, received by
  // carol. Runs in its own browser (k_own_camera): chromium's fake camera plays one file per launch.
  async camera_receive(page) {
    await page.context().grantPermissions(["camera"], { origin: base });
    await page.setViewportSize({ width: 390, height: 844 });
    const before = tally_json(["asset", "list", "--po", k_po]).length;
    await sign_in(page, "carol", k_password, "?next=" + encodeURIComponent("/static/receive.html?po=" + k_po + "&line=1"));
    await page.waitForURL(/\/static\/receive\.html/);
    await wait_text(page, "#count", before + " of 5 received");
    await page.click("#camera");
    await wait_text(page, "#count", before + 1 + " of 5 received");
    const answer = await text_of(page, "#answer");
    const m = new RegExp("^" + k_filmed_serial + ": received as (AT-\\d+)$").exec(answer);
    check(m, "the answer names the new tag: " + answer);
    await page.waitForTimeout(1500); // the camera goes on filming the same box: about five more frames
    await page.click("#camera");
    check_equal(await page.locator("#scans li").count(), 1, "one scan on the page for one box filmed");
    const units = tally_json(["asset", "list", "--po", k_po]).filter((a) => a.serial === k_filmed_serial);
    check_equal(units.map((a) => [a.tag, a.status, a.location]), [[m[1], "in_stock", "WH1"]],
      "the filmed unit in the database, once, where receiving.location puts it");
    const log = tally_json(["log", "--entity", "asset", "--key", m[1]]);
    check(log.length > 0 && log.every((e) => e.actor === "carol"), "its events name carol: " + JSON.stringify(log));
    check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "the page fits a phone's width");
  },
};

// What the API answers `name` for a request, through its own sign-in: the page must show the same message.
async function api_as(name, method, path, body) {
  const login = await fetch(base + "/api/v1/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password: k_password }),
  });
  const session = await login.json();
  const cookie = (login.headers.get("set-cookie") || "").split(";")[0];
  const headers = { Cookie: cookie, "X-CSRF-Token": session.csrf, "Content-Type": "application/json" };
  const init = method === "GET" ? { headers } : { method, headers, body: JSON.stringify(body || {}) };
  const answer = await fetch(base + path, init);
  return { status: answer.status, json: await answer.json() };
}

// The error message the API answers `name` for a refused request (a refusal stores nothing).
async function refusal_for(name, method, path, body) {
  const a = await api_as(name, method, path, body);
  check(a.status >= 400 && a.json.error, method + " " + path + " as " + name + " was not refused: " + a.status);
  return a.json.error.message;
}

// The scenarios whose fake camera films something else than the label of `camera_tag`, run after the others.
const k_own_camera = { camera_receive: serial_video };

// Debian's chromium, headless, whose fake camera plays `film` (a Y4M file).
function launch_browser(film) {
  return chromium.launch({
    executablePath: k_chromium,
    headless: true,
    chromiumSandbox: false,
    timeout: 30000,
    args: ["--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + film,
      "--use-fake-ui-for-media-stream", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

async function main() {
  set_up();
  base = await start_server();
  await film_serial();
  let failed = 0;
  let filming = "";
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only.length && !only.includes(name)) {
      continue;
    }
    const wanted = k_own_camera[name] || video;
    if (wanted !== filming) {
      if (browser) {
        await browser.close();
      }
      browser = await launch_browser(wanted);
      filming = wanted;
    }
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(k_wait_ms);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => console.log("  " + name + ": " + r.method() + " " + r.url() + " failed: " +
      r.failure().errorText));
    try {
      await scenario(page);
      check_equal(errors, [], "errors in the page's scripts");
      if (process.env.TALLY_BROWSER_SHOTS) {
        await page.screenshot({ path: "PASSED-" + name + ".png", fullPage: true });
      }
      console.log("PASS " + name);
    } catch (e) {
      ++failed;
      const shot = "FAILED-" + name + ".png";
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.log("FAIL " + name + ": " + e.message + " (screenshot " + shot + ", page " + page.url() + ")");
    }
    await context.close();
  }
  return failed;
}

const watchdog = setTimeout(async () => {
  console.log("FAIL: the browser tests took over " + k_total_ms / 1000 + " s");
  await clean_up();
  process.exit(1);
}, k_total_ms);

let status = 1;
try {
  const failed = await main();
  console.log(failed === 0 ? "all scenarios passed" : failed + " scenario(s) failed");
  status = failed === 0 ? 0 : 1;
} catch (e) {
  console.log("FAIL: " + e.message);
} finally {
  await clean_up();
  clearTimeout(watchdog);
}
process.exit(status);
