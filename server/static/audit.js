// The audit page (?audit=ID to go on with one): start an audit of a location, record each scanned code (typed,
// a USB scanner, or the phone's camera) with an answer for each at once, then finish and see the result.
import { api, el, fields, param, run, say, start_page, table } from "/static/app.js";
import { wire_camera } from "/static/camera.js";

const start_form = document.getElementById("start");
const scan_form = document.getElementById("scan");
const input = scan_form.elements.code;
const answer = document.getElementById("answer");
const scans = document.getElementById("scans");
const message = document.getElementById("message");
let audit = param("audit");
let recorded = 0;

function opened(record) {
  audit = String(record.id);
  document.getElementById("title").textContent = "Audit " + audit + " of " + record.location;
  start_form.hidden = true;
  scan_form.hidden = false;
  history.replaceState(null, "", "/static/audit.html?audit=" + encodeURIComponent(audit));
  input.focus();
}

// Records one code; the answer says what it is here (expected, unexpected, unknown).
async function record_code(code) {
  const item = el("li", {}, code + ": …");
  scans.prepend(item);
  try {
    const s = await api("POST", "/api/v1/audits/" + encodeURIComponent(audit) + "/scans", { code });
    const what = !s.known ? "unknown code" : s.expected ? "expected here" : "unexpected: recorded at " + s.location;
    const text = code + ": " + (s.tag ? s.tag + ", " : "") + what + (s.repeated ? " (scanned before)" : "");
    item.textContent = text;
    item.className = s.known && s.expected ? "ok" : "error";
    say(answer, text, item.className === "error");
    recorded += 1;
    document.getElementById("count").textContent = recorded + " scanned";
  } catch (e) {
    item.textContent = code + ": " + e.message;
    item.className = "error";
    say(answer, item.textContent, true);
  }
}

start_form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    opened(await api("POST", "/api/v1/audits", { location: start_form.elements.location.value.trim() }));
  } catch (e) {
    say(message, e.message, true);
  }
});

scan_form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = input.value.trim();
  input.value = "";
  input.focus();
  if (code !== "") {
    record_code(code);
  }
});

document.getElementById("finish").addEventListener("click", async () => {
  try {
    const r = await api("POST", "/api/v1/audits/" + encodeURIComponent(audit) + "/finish", {});
    scan_form.hidden = true;
    const parts = [fields([["status", r.status], ["found", r.found_count], ["missing", r.missing_count],
      ["unexpected", r.unexpected_count], ["unknown", r.unknown_count]])];
    for (const key of ["missing", "unexpected", "unknown"]) {
      if (Array.isArray(r[key]) && r[key].length) {
        parts.push(el("h2", {}, key), table(r[key]));
      }
    }
    document.getElementById("result").replaceChildren(...parts);
  } catch (e) {
    say(message, e.message, true);
  }
});

wire_camera(document.getElementById("camera"), document.getElementById("video"), answer, record_code);

run(async () => {
  await start_page();
  if (audit !== "") {
    opened(await api("GET", "/api/v1/audits/" + encodeURIComponent(audit)));
  }
});
