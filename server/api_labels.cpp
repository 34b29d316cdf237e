// /api/v1/labels.pdf and /api/v1/pos/{number}/labels.pdf: the HTTP face of `tally label --format pdf`
// (cli/cmd_label.cpp), over src/labels.hpp (drawn by tally_labels.so), for the pages' "Labels to print" links.
#include "error.hpp"
#include "labels.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

// The PDF of `labels` at the CLI's defaults (Code 128, 50x25mm, 300 dpi; several on an avery-l7163 sheet), on
// ?template=SHEET when given.
Reply pdf_reply(Call& call, const std::vector<LabelContent>& labels) {
  const SheetTemplate* sheet = nullptr;
  if (const auto name = call.query("template")) {
    sheet = &find_sheet_template(*name);
  } else if (labels.size() > 1) {
    sheet = &find_sheet_template("avery-l7163");  // as `tally label` lays out several labels
  }
  const LabelStyle style{Symbology::code128, *parse_label_size("50x25mm"), 300};
  Reply reply;
  reply.raw = labels_pdf(labels, style, sheet);
  reply.content_type = "application/pdf";
  return reply;
}

Reply po_labels(Call& call) {
  const auto labels = labels_for_po(call.db(), call.path("number"));
  if (labels.empty()) {
    throw Error(Problem::invalid, "labels: " + call.path("number") + " has no received units to label", "number");
  }
  return pdf_reply(call, labels);
}

Reply tag_labels(Call& call) {
  std::vector<LabelContent> labels;
  const auto tags = call.query_all("tag");
  if (tags.empty()) {
    throw usage_error("labels: give the assets as query parameters, ?tag=TAG&tag=TAG...");
  }
  for (const std::string& tag : tags) {
    labels.push_back(label_for_asset(call.db(), tag));
  }
  return pdf_reply(call, labels);
}

}  // namespace

void add_label_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/labels.pdf",
                    Capability::read,
                    "Labels of the assets given as repeated ?tag= (a tag, serial or barcode each), as `tally label "
                    "--format pdf`",
                    {"tag", "template"},
                    {},
                    tag_labels});
  routes.push_back({Method::get,
                    "/api/v1/pos/{number}/labels.pdf",
                    Capability::read,
                    "Labels of every unit received on the PO, as `tally label --po --format pdf`",
                    {"template"},
                    {},
                    po_labels});
}

}  // namespace tally::server
