// The sign-in page: POST /api/v1/login as JSON, keep the CSRF token, go where the user was headed.
import { api, save_csrf, say } from "/static/app.js";

const form = document.querySelector("form");
const message = document.getElementById("message");

// Only a path on this server (never another origin) is followed after signing in.
function next_page() {
  const next = new URLSearchParams(location.search).get("next") || "";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/static/search.html";
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(message, "Signing in…", false);
  try {
    const answer = await api("POST", "/api/v1/login", {
      name: form.elements.name.value,
      password: form.elements.password.value,
    });
    save_csrf(answer.csrf);
    location.assign(next_page());
  } catch (e) {
    say(message, e.message, true);
    form.elements.password.select();
  }
});
