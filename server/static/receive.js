// The receiving page of one PO line (?po=NUMBER&line=N): a scan box that keeps focus; each Enter (a USB scanner
// types a code and Enter) POSTs one unit with its own Idempotency-Key and shows the answer for it at once.
import { api, el, param, run, say, start_page } from "/static/app.js";
import { wire_camera } from "/static/camera.js";

const po = param("po");
const line = param("line");
const count = document.getElementById("count");
const answer = document.getElementById("answer");
const scans = document.getElementById("scans");
const form = document.getElementById("scan");
const input = form.elements.code;

function show_count(received, ordered) {
  count.textContent = received + " of " + ordered + " received";
}

// A key per scan: the same scan retried after a lost answer is not received twice.
function new_key() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// Receives one code; answers true on a unit received. Used by the typed scan and by the camera.
export async function receive(code) {
  const item = el("li", {}, code + ": …");
  scans.prepend(item);
  const body = { code };
  const where = form.elements.location.value.trim();
  if (where !== "") {
    body.location = where;
  }
  try {
    const unit = await api("POST", "/api/v1/pos/" + encodeURIComponent(po) + "/lines/" + encodeURIComponent(line) +
      "/receive", body, { "Idempotency-Key": new_key() });
    const text = code + ": received as " + unit.tag;
    item.textContent = text;
    item.className = "ok";
    say(answer, text, false);
    show_count(unit.line_received, unit.line_ordered);
    return true;
  } catch (e) {
    const text = code + ": " + e.message;
    item.textContent = text;
    item.className = "error";
    say(answer, text, true);
    return false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = input.value.trim();
  input.value = "";
  input.focus();
  if (code !== "") {
    receive(code);
  }
});

wire_camera(document.getElementById("camera"), document.getElementById("video"), answer, receive);

run(async () => {
  await start_page();
  if (po === "" || line === "") {
    throw new Error("receiving: open this page from a PO's line (po and line are missing from the address)");
  }
  document.getElementById("title").textContent = "Receiving " + po + " line " + line;
  const record = await api("GET", "/api/v1/pos/" + encodeURIComponent(po));
  const row = (record.lines || []).find((l) => String(l.line) === line);
  if (!row) {
    throw new Error("receiving: " + po + " has no line " + line);
  }
  document.getElementById("line").textContent = [row.model, row.description].filter((x) => x).join(" ");
  show_count(row.received, row.ordered);
  input.focus();
});
