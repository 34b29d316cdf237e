// The search page: one box; a tag, serial, host name or barcode opens that asset's page.
import { api, asset_href, param, run, say, start_page } from "/static/app.js";

// Wires a search form: looks the code up, then opens the asset page, or says why not.
export function wire_search(form, message) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = form.elements.code.value.trim();
    if (code === "") {
      return;
    }
    try {
      const asset = await api("GET", "/api/v1/assets/" + encodeURIComponent(code));
      location.assign(asset_href(asset.tag || code));
    } catch (e) {
      say(message, e.message, true);
      form.elements.code.select();
    }
  });
}

if (document.getElementById("title") === null) {
  // Wired at once, before the session check answers, so that an early Enter is never a plain form submission.
  const form = document.getElementById("search");
  form.elements.code.value = param("code");
  wire_search(form, document.getElementById("message"));
  run(start_page);
}
