#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Database;

// The barcode a label carries; all three encode the tag itself.
enum class Symbology { code128, qr, datamatrix };

// "code128", "qr", "datamatrix" and back (nullopt for anything else).
std::string_view symbology_name(Symbology symbology);
std::optional<Symbology> parse_symbology(std::string_view text);

// The quiet zone, in modules, on each side of a symbol: Code 128 10, QR 4, DataMatrix 1.
int quiet_zone_modules(Symbology symbology);

// What one label shows: the barcode of the tag and the tag, model, serial and
// owning team in human-readable text.
struct LabelContent {
  std::string tag;
  std::string model;  // "MANUFACTURER MODEL"
  std::string serial;
  std::string team;  // owning team code ("" when none)
};

// A label's size in millimetres.
struct LabelSize {
  double width_mm = 50;
  double height_mm = 25;
};

// "50x25mm", "50x25" (millimetres) or "2x1in"; nullopt for anything else or
// a side outside 10..300 mm.
std::optional<LabelSize> parse_label_size(std::string_view text);

// How a label is drawn: symbology, size and print resolution (dots per inch).
struct LabelStyle {
  Symbology symbology = Symbology::code128;
  LabelSize size;
  int dpi = 300;
};

// A sheet of labels for office printers: the page, the grid and where the
// first label's top-left corner is, all in millimetres.
struct SheetTemplate {
  std::string name;
  std::string paper;  // "A4", "Letter"
  double page_width_mm = 0, page_height_mm = 0;
  int columns = 0, rows = 0;
  double label_width_mm = 0, label_height_mm = 0;
  double left_mm = 0, top_mm = 0;         // first label's corner
  double pitch_x_mm = 0, pitch_y_mm = 0;  // from one label's corner to the next
  int per_page() const { return columns * rows; }
};

// The known sheets (avery-l7163, avery-l7160, avery-5163, avery-5160).
const std::vector<SheetTemplate>& sheet_templates();

// The template of that name (case-insensitive). Throws a refused Error
// listing the known ones.
const SheetTemplate& find_sheet_template(const std::string& name);

// The label content of the asset a code names (tag, serial or barcode).
// Throws a refused Error for an unknown code.
LabelContent label_for_asset(Database& db, const std::string& code);

// Every unit received on a PO, by tag. Throws a refused Error for an unknown
// PO or one with no units.
std::vector<LabelContent> labels_for_po(Database& db, const std::string& po);

// Every device installed in a rack, top first (0U devices last). Throws a
// refused Error for an unknown rack or an empty one.
std::vector<LabelContent> labels_for_rack(Database& db, const std::string& rack);

// One label as a PNG image (bytes) at the style's resolution. Module sizes are
// whole pixels and quiet zones follow the symbology. Throws a refused Error
// when the barcode does not fit the label at that resolution.
std::string label_png(const LabelContent& label, const LabelStyle& style);

// One label as an SVG document, drawn by the same routine as the PNG.
std::string label_svg(const LabelContent& label, const LabelStyle& style);

// Labels as a PDF: one page of the label's size per label, or, with a sheet
// template, the labels laid out on as many sheets as needed (the template's
// label size replaces the style's).
std::string labels_pdf(const std::vector<LabelContent>& labels, const LabelStyle& style, const SheetTemplate* sheet);

// One label as ZPL II for Zebra printers (^XA ... ^XZ) at 203 or 300 dpi:
// the barcode (^BC, ^BQ or ^BX) and text fields for the tag, model, serial and
// team. Throws a refused Error for another resolution or a barcode that does
// not fit.
std::string label_zpl(const LabelContent& label, const LabelStyle& style);

}  // namespace tally
