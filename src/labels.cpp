#include "labels.hpp"

#include "assets.hpp"
#include "error.hpp"
#include "modules.hpp"
#include "racks.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tally {

namespace {

constexpr double k_mm_per_inch = 25.4;

std::vector<LabelContent> contents_of(const std::vector<Asset>& assets) {
  std::vector<LabelContent> labels;
  labels.reserve(assets.size());
  for (const auto& a : assets) {
    labels.push_back({a.tag, a.manufacturer + " " + a.model, a.serial, a.owner_team.value_or("")});
  }
  return labels;
}

}  // namespace

std::string_view symbology_name(Symbology symbology) {
  switch (symbology) {
    case Symbology::code128:
      return "code128";
    case Symbology::qr:
      return "qr";
    case Symbology::datamatrix:
      return "datamatrix";
  }
  return "";
}

std::optional<Symbology> parse_symbology(std::string_view text) {
  for (const auto s : {Symbology::code128, Symbology::qr, Symbology::datamatrix}) {
    if (symbology_name(s) == text) {
      return s;
    }
  }
  return std::nullopt;
}

int quiet_zone_modules(Symbology symbology) {
  switch (symbology) {
    case Symbology::code128:
      return 10;
    case Symbology::qr:
      return 4;
    case Symbology::datamatrix:
      return 1;
  }
  return 0;
}

std::optional<LabelSize> parse_label_size(std::string_view text) {
  double factor = 1.0;
  std::string body(text);
  auto ends_with = [&](const std::string& suffix) {
    return body.size() > suffix.size() && body.compare(body.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("mm")) {
    body.resize(body.size() - 2);
  } else if (ends_with("in")) {
    body.resize(body.size() - 2);
    factor = k_mm_per_inch;
  }
  const auto x = body.find('x');
  if (x == std::string::npos) {
    return std::nullopt;
  }
  auto number = [](const std::string& s) -> std::optional<double> {
    if (s.empty() || s.find_first_not_of("0123456789.") != std::string::npos) {
      return std::nullopt;
    }
    try {
      std::size_t used = 0;
      const double v = std::stod(s, &used);
      return used == s.size() ? std::optional<double>(v) : std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  const auto w = number(body.substr(0, x));
  const auto h = number(body.substr(x + 1));
  if (!w || !h) {
    return std::nullopt;
  }
  LabelSize size{*w * factor, *h * factor};
  auto in_range = [](double mm) { return mm >= 10.0 && mm <= 300.0; };
  if (!in_range(size.width_mm) || !in_range(size.height_mm)) {
    return std::nullopt;
  }
  return size;
}

const std::vector<SheetTemplate>& sheet_templates() {
  // Avery's published layouts (millimetres; the Letter ones converted from inches).
  static const std::vector<SheetTemplate> templates = {
      {"avery-l7163", "A4", 210, 297, 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1},
      {"avery-l7160", "A4", 210, 297, 3, 7, 63.5, 38.1, 7.2, 15.15, 66.0, 38.1},
      {"avery-5163", "Letter", 215.9, 279.4, 2, 5, 101.6, 50.8, 3.97, 12.7, 106.36, 50.8},
      {"avery-5160", "Letter", 215.9, 279.4, 3, 10, 66.68, 25.4, 4.76, 12.7, 69.85, 25.4},
  };
  return templates;
}

const SheetTemplate& find_sheet_template(const std::string& name) {
  std::string names;
  for (const auto& t : sheet_templates()) {
    if (lower(t.name) == lower(name)) {
      return t;
    }
    names += (names.empty() ? "" : ", ") + t.name;
  }
  throw refused("label: unknown template '" + name + "'; expected one of " + names);
}

LabelContent label_for_asset(Database& db, const std::string& code) {
  const auto asset = asset_for_scan(db, code);
  if (!asset) {
    throw refused("label: no asset has the tag, serial or barcode '" + code + "'");
  }
  return contents_of({*asset}).front();
}

std::vector<LabelContent> labels_for_po(Database& db, const std::string& po) {
  AssetFilter filter;
  filter.po = po;
  auto labels = contents_of(list_assets(db, filter));
  if (labels.empty()) {
    throw refused("label: " + po + " has no received units to label");
  }
  return labels;
}

std::vector<LabelContent> labels_for_rack(Database& db, const std::string& rack) {
  const RackView view = show_rack(db, rack);
  std::vector<LabelContent> labels;
  for (const auto& device : view.devices) {
    labels.push_back(label_for_asset(db, device.tag));
  }
  if (labels.empty()) {
    throw refused("label: rack " + view.rack.qualified() + " has no devices installed");
  }
  return labels;
}

std::string label_png(const LabelContent& label, const LabelStyle& style) {
  return labels_module().png(label, style);
}

std::string label_svg(const LabelContent& label, const LabelStyle& style) {
  return labels_module().svg(label, style);
}

std::string labels_pdf(const std::vector<LabelContent>& labels, const LabelStyle& style, const SheetTemplate* sheet) {
  return labels_module().pdf(labels, style, sheet);
}

std::string label_zpl(const LabelContent& label, const LabelStyle& style) {
  return labels_module().zpl(label, style);
}

}  // namespace tally
