#include "bulk.hpp"
#include "context.hpp"
#include "error.hpp"
#include "labels.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace tally::cli {

namespace {

struct LabelOptions {
  BulkInput input;  // tags and --scan
  std::string format = "png";
  std::string symbology = "code128";
  std::string out;
  std::string size = "50x25mm";
  int dpi = 300;
  std::string po, rack, sheet;
};

// The file name of a tag's label: the tag, with path separators replaced.
std::string file_name(const std::string& tag, const std::string& extension) {
  std::string name = tag;
  for (auto& c : name) {
    if (c == '/' || c == '\\') {
      c = '_';
    }
  }
  return name + "." + extension;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) {
    throw refused("label: cannot write " + path);
  }
}

void run_label(Context& ctx, const LabelOptions& o) {
  const auto symbology = parse_symbology(o.symbology);
  const auto size = parse_label_size(o.size);
  if (!size) {
    throw refused("label: --size '" + o.size + "' is not WIDTHxHEIGHT in mm or in (50x25mm, 2x1in), each side " +
                  "10 to 300 mm");
  }
  const SheetTemplate* sheet = nullptr;
  if (!o.sheet.empty()) {
    sheet = &find_sheet_template(o.sheet);
    if (o.format != "pdf") {
      throw usage_error("label: --template lays labels out on a sheet; it needs --format pdf");
    }
  }
  if (o.dpi < 100 || o.dpi > 1200) {
    throw refused("label: --dpi " + std::to_string(o.dpi) + " is outside 100..1200");
  }
  // Tags and --scan codes through the bulk mechanism: every unknown code is listed with its place.
  std::vector<LabelContent> labels;
  std::vector<LabelContent> scanned;
  if (!o.input.codes.empty() || o.input.scan) {
    BulkAction action;
    action.command = "label";
    action.nothing = "no label was written";
    action.writes = false;
    const auto codes = given_codes(o.input, action);
    const auto found = for_each_code<LabelContent>(
        ctx, action, codes, [&](const std::string& code) { return label_for_asset(ctx.db(), code); });
    for (std::size_t i = 0; i < codes.size(); ++i) {
      (codes[i].from_scan ? scanned : labels).push_back(found[i]);
    }
  }
  if (!o.po.empty()) {
    auto more = labels_for_po(ctx.db(), o.po);
    labels.insert(labels.end(), more.begin(), more.end());
  }
  if (!o.rack.empty()) {
    auto more = labels_for_rack(ctx.db(), o.rack);
    labels.insert(labels.end(), more.begin(), more.end());
  }
  labels.insert(labels.end(), scanned.begin(), scanned.end());
  if (labels.empty()) {
    throw usage_error("label: give tags, --po PO, --rack RACK or --scan");
  }
  const LabelStyle style{*symbology, *size, o.dpi};

  // Render everything before writing anything: a refusal leaves no files.
  std::vector<std::pair<std::string, std::string>> files;  // path, bytes
  std::vector<std::string> file_of(labels.size());
  namespace fs = std::filesystem;
  if (o.format == "png" || o.format == "svg") {
    const bool many = labels.size() > 1;
    const fs::path dir =
        many || (!o.out.empty() && fs::is_directory(o.out)) ? fs::path(o.out.empty() ? "." : o.out) : fs::path();
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string bytes = o.format == "png" ? label_png(labels[i], style) : label_svg(labels[i], style);
      std::string path;
      if (!dir.empty()) {
        path = (dir / file_name(labels[i].tag, o.format)).string();
      } else {
        path = o.out.empty() ? file_name(labels[i].tag, o.format) : o.out;
      }
      file_of[i] = path;
      files.emplace_back(path, bytes);
    }
    if (!dir.empty()) {
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) {
        throw refused("label: cannot create directory " + dir.string() + ": " + ec.message());
      }
    }
  } else if (o.format == "pdf") {
    const SheetTemplate* layout = sheet;
    if (!layout && labels.size() > 1) {
      layout = &find_sheet_template("avery-l7163");
    }
    const std::string path = !o.out.empty()       ? o.out
                             : labels.size() == 1 ? file_name(labels[0].tag, "pdf")
                                                  : std::string("labels.pdf");
    files.emplace_back(path, labels_pdf(labels, style, layout));
    std::fill(file_of.begin(), file_of.end(), path);
  } else {  // zpl
    std::string zpl;
    for (const auto& label : labels) {
      zpl += label_zpl(label, style);
    }
    if (o.out.empty()) {
      std::cout << zpl;
      return;
    }
    files.emplace_back(o.out, zpl);
    std::fill(file_of.begin(), file_of.end(), o.out);
  }
  for (const auto& [path, bytes] : files) {
    write_file(path, bytes);
  }
  Table table{{{"tag", "tag"}, {"model", "model"}, {"serial", "serial"}, {"team", "team"}, {"file", "file"}}, {}, {}};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto& l = labels[i];
    table.rows.push_back({{"tag", l.tag},
                          {"model", l.model},
                          {"serial", l.serial},
                          {"team", l.team.empty() ? Json() : Json(l.team)},
                          {"file", file_of[i]}});
  }
  ctx.print(table);
}

}  // namespace

void setup_label(CLI::App& app, Registry& registry) {
  auto o = std::make_shared<LabelOptions>();
  CLI::App* label = app.add_subcommand(
      "label",
      "Print asset labels: the tag's barcode (Code 128, QR or DataMatrix) with the tag, model, serial and owning team, "
      "as PNG, SVG, PDF (sheets of labels) or ZPL for Zebra printers");
  label->footer(
      "Example: tally label AT-00000013 --symbology qr --out at13.png\n"
      "         tally label --po PO-2026-0001 --format pdf --template avery-l7163 --out po.pdf\n"
      "         tally label --rack DC1-H1/R01 --format zpl --dpi 203 > r01.zpl");
  label->add_option("tag", o->input.codes, "Tags (or serials, barcodes) of the assets to label");
  label->add_option("--format", o->format, "png (default), svg, pdf or zpl")
      ->check(CLI::IsMember({"png", "svg", "pdf", "zpl"}));
  label->add_option("--symbology", o->symbology, "code128 (default), qr or datamatrix")
      ->check(CLI::IsMember({"code128", "qr", "datamatrix"}));
  label->add_option("--out", o->out,
                    "File to write (one label, or a PDF or ZPL of several), or directory for several PNG/SVG "
                    "labels (default: TAG.png in the current directory, labels.pdf, ZPL to stdout)");
  label->add_option("--size", o->size, "Label size, WIDTHxHEIGHT in mm or in (default 50x25mm)");
  label->add_option("--dpi", o->dpi, "Print resolution in dots per inch (default 300; ZPL: 203 or 300)");
  label->add_option("--po", o->po, "Label every unit received on this PO");
  label->add_option("--rack", o->rack, "Label every device installed in this rack");
  label->add_flag("--scan", o->input.scan,
                  "Also read tags from stdin, one per line (blank lines and # comments skipped)");
  label->add_option("--template", o->sheet,
                    "PDF sheet: avery-l7163 (A4, 2x7), avery-l7160 (A4, 3x7), avery-5163 (Letter, 2x5), "
                    "avery-5160 (Letter, 3x10); several labels default to avery-l7163");
  registry.add(label, [o](Context& ctx) { run_label(ctx, *o); });
}

}  // namespace tally::cli
