// Racks: the list (GET /api/v1/racks) and, for ?location=L&name=N, the elevation drawn by the core
// (GET /api/v1/racks/{location}/{name}/elevation.svg) with each device a link to its asset page.
import { api, asset_href, el, param, run, show, start_page } from "/static/app.js";

const k_svg = "http://www.w3.org/2000/svg";

function rack_href(rack) {
  return "/static/racks.html?location=" + encodeURIComponent(rack.location) + "&name=" + encodeURIComponent(rack.name);
}

// Parses the core's SVG as XML (no HTML parsing of server text) and wraps each device in a link.
function elevation(svg_text) {
  const doc = new DOMParser().parseFromString(svg_text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.localName !== "svg") {
    throw new Error("racks: the elevation is not an SVG drawing");
  }
  for (const node of svg.querySelectorAll("script, foreignObject")) {
    node.remove();
  }
  for (const device of svg.querySelectorAll("g.device[data-tag]")) {
    const link = doc.createElementNS(k_svg, "a");
    link.setAttribute("href", asset_href(device.getAttribute("data-tag")));
    device.replaceWith(link);
    link.append(device);
  }
  return document.importNode(svg, true);
}

run(async () => {
  await start_page();
  const page = await api("GET", "/api/v1/racks?limit=1000");
  const racks = page.items || [];
  document.getElementById("list").replaceChildren(
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, ["rack", "location", "height", "used", "devices"].map((c) => el("th", {}, c)))),
      el(
        "tbody",
        {},
        racks.map((r) =>
          el(
            "tr",
            {},
            el("td", {}, el("a", { href: rack_href(r) }, r.name)),
            el("td", {}, show(r.location)),
            el("td", {}, show(r.height)),
            el("td", {}, show(r.utilization) + "%"),
            el("td", {}, show(r.device_count))
          )
        )
      )
    )
  );
  const location = param("location");
  const name = param("name");
  if (location === "" || name === "") {
    return;
  }
  document.getElementById("title").textContent = "Rack " + location + "/" + name;
  const svg = await api("GET", "/api/v1/racks/" + encodeURIComponent(location) + "/" + encodeURIComponent(name) +
    "/elevation.svg");
  document.getElementById("elevation").replaceChildren(elevation(svg));
});
