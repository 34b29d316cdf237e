#include "error.hpp"
#include "labels.hpp"
#include "modules.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

// Part of tally_labels.so: drawing labels with zxing-cpp and cairo, reached
// through LabelsModule (modules.hpp) by label_png, label_svg, labels_pdf and label_zpl.
namespace tally {

namespace {

constexpr double k_mm_per_inch = 25.4;
constexpr double k_points_per_inch = 72.0;

ZXing::BarcodeFormat zxing_format(Symbology symbology) {
  switch (symbology) {
    case Symbology::code128:
      return ZXing::BarcodeFormat::Code128;
    case Symbology::qr:
      return ZXing::BarcodeFormat::QRCode;
    case Symbology::datamatrix:
      return ZXing::BarcodeFormat::DataMatrix;
  }
  return ZXing::BarcodeFormat::None;
}

// The symbol one module per cell, without quiet zone (a Code 128 symbol is one row).
ZXing::BitMatrix encode(const std::string& tag, Symbology symbology) {
  try {
    return ZXing::MultiFormatWriter(zxing_format(symbology)).setMargin(0).encode(tag, 0, 0);
  } catch (const std::exception& e) {
    throw refused("label: cannot encode '" + tag + "' as " + std::string(symbology_name(symbology)) + ": " + e.what());
  }
}

int to_dots(double mm, int dpi) {
  return static_cast<int>(std::lround(mm / k_mm_per_inch * dpi));
}

// Where things go on a label, in dots (printer pixels) at the style's resolution.
struct Layout {
  int width = 0, height = 0;
  int module = 0;                  // dots per module, a whole number
  int symbol_x = 0, symbol_y = 0;  // the symbol's first module (the quiet zone is outside it)
  int symbol_height = 0;           // bar height for Code 128; modules x module for 2D
  int text_x = 0, text_y = 0, text_width = 0, text_height = 0;
};

std::string fit_hint(Symbology symbology) {
  return symbology == Symbology::code128 ? "use a wider " + field_ref("size") + ", a higher " + field_ref("dpi") +
                                               ", or " + field_ref("symbology") + " qr"
                                         : "use a larger " + field_ref("size") + " or a higher " + field_ref("dpi");
}

Layout layout_label(const std::string& tag, const ZXing::BitMatrix& symbol, Symbology symbology, LabelSize size,
                    int dpi) {
  Layout l;
  l.width = to_dots(size.width_mm, dpi);
  l.height = to_dots(size.height_mm, dpi);
  const int pad = std::max(1, to_dots(1.0, dpi));
  const int quiet = quiet_zone_modules(symbology);
  const int modules = symbol.width();
  std::ostringstream size_text;
  size_text << size.width_mm << "x" << size.height_mm << "mm";
  if (symbology == Symbology::code128) {
    const int across = modules + 2 * quiet;
    l.module = l.width / across;
    if (l.module < 1) {
      throw refused("label: " + tag + " in Code 128 needs " + std::to_string(across) +
                    " modules across with its quiet zones; a " + size_text.str() + " label at " + std::to_string(dpi) +
                    " dpi is " + std::to_string(l.width) + " dots wide; " + fit_hint(symbology));
    }
    l.symbol_x = (l.width - modules * l.module) / 2;
    l.symbol_y = pad;
    l.symbol_height = l.height / 2;
    l.text_x = pad;
    l.text_y = l.symbol_y + l.symbol_height + pad / 2;
    l.text_width = l.width - 2 * pad;
    l.text_height = l.height - l.text_y - pad / 2;
  } else {
    const int across = modules + 2 * quiet;
    const int side = std::min(l.height, l.width / 2);
    l.module = side / across;
    if (l.module < 1) {
      throw refused("label: " + tag + " in " + std::string(symbology_name(symbology)) + " needs " +
                    std::to_string(across) + " modules with its quiet zones; a " + size_text.str() + " label at " +
                    std::to_string(dpi) + " dpi leaves " + std::to_string(side) + " dots; " + fit_hint(symbology));
    }
    l.symbol_x = quiet * l.module;
    l.symbol_y = (l.height - modules * l.module) / 2;
    l.symbol_height = symbol.height() * l.module;
    l.text_x = l.symbol_x + modules * l.module + quiet * l.module + pad;
    l.text_y = pad;
    l.text_width = l.width - l.text_x - pad;
    l.text_height = l.height - 2 * pad;
  }
  return l;
}

// The text lines of a label, the tag first.
std::vector<std::string> text_lines(const LabelContent& label, Symbology symbology) {
  std::vector<std::string> lines = {label.tag, label.model};
  // A unit without a serial (issue 17) prints no S/N line.
  const std::string serial = label.serial.empty() ? "" : "S/N " + label.serial;
  const std::string team = label.team.empty() ? "" : "Team " + label.team;
  if (symbology == Symbology::code128) {
    const std::string line = serial.empty() ? team : team.empty() ? serial : serial + "   " + team;
    if (!line.empty()) {
      lines.push_back(line);
    }
  } else {
    if (!serial.empty()) {
      lines.push_back(serial);
    }
    if (!team.empty()) {
      lines.push_back(team);
    }
  }
  return lines;
}

// Draws one label in dots: the caller has scaled the context so that one user
// unit is one dot at the style's resolution.
void draw_label(cairo_t* cr, const LabelContent& label, const ZXing::BitMatrix& symbol, Symbology symbology,
                const Layout& l) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, l.width, l.height);
  cairo_fill(cr);

  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  const int rows = symbology == Symbology::code128 ? 1 : symbol.height();
  const int row_height = symbology == Symbology::code128 ? l.symbol_height : l.module;
  for (int y = 0; y < rows; ++y) {
    int x = 0;
    while (x < symbol.width()) {
      if (!symbol.get(x, y)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < symbol.width() && symbol.get(end, y)) {
        ++end;
      }
      cairo_rectangle(cr, l.symbol_x + x * l.module, l.symbol_y + y * row_height, (end - x) * l.module, row_height);
      x = end;
    }
  }
  cairo_fill(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);

  const auto lines = text_lines(label, symbology);
  const double line_height = static_cast<double>(l.text_height) / static_cast<double>(lines.size());
  double y = l.text_y;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           i == 0 ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    double font = line_height * (i == 0 ? 0.85 : 0.72);
    cairo_set_font_size(cr, font);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, lines[i].c_str(), &extents);
    if (extents.x_advance > l.text_width && extents.x_advance > 0) {
      font *= l.text_width / extents.x_advance;
      cairo_set_font_size(cr, font);
    }
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    cairo_move_to(cr, l.text_x, y + (line_height + fe.ascent - fe.descent) / 2);
    cairo_show_text(cr, lines[i].c_str());
    y += line_height;
  }
  cairo_restore(cr);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check(cairo_surface_t* surface, const char* what) {
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("label: cairo could not write ") + what + ": " +
                             cairo_status_to_string(cairo_surface_status(surface)));
  }
}

// Draws one label on a vector surface whose unit is the point.
void draw_scaled(cairo_t* cr, const LabelContent& label, const LabelStyle& style, LabelSize size) {
  const auto symbol = encode(label.tag, style.symbology);
  const Layout layout = layout_label(label.tag, symbol, style.symbology, size, style.dpi);
  cairo_save(cr);
  cairo_scale(cr, k_points_per_inch / style.dpi, k_points_per_inch / style.dpi);
  draw_label(cr, label, symbol, style.symbology, layout);
  cairo_restore(cr);
}

double mm_to_points(double mm) {
  return mm / k_mm_per_inch * k_points_per_inch;
}

// ZPL field data with ^FH: the characters ZPL treats as commands, as _XX.
std::string zpl_field(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '^' || c == '~' || c == '_') {
      static const char* hex = "0123456789ABCDEF";
      out += '_';
      out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string draw_png(const LabelContent& label, const LabelStyle& style) {
  const auto symbol = encode(label.tag, style.symbology);
  const Layout layout = layout_label(label.tag, symbol, style.symbology, style.size, style.dpi);
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, layout.width, layout.height), cairo_surface_destroy);
  check(surface.get(), "PNG");
  {
    Context cr(cairo_create(surface.get()), cairo_destroy);
    draw_label(cr.get(), label, symbol, style.symbology, layout);
  }
  std::string bytes;
  cairo_surface_write_to_png_stream(surface.get(), append_bytes, &bytes);
  check(surface.get(), "PNG");
  return bytes;
}

std::string draw_svg(const LabelContent& label, const LabelStyle& style) {
  std::string bytes;
  {
    Surface surface(cairo_svg_surface_create_for_stream(append_bytes, &bytes, mm_to_points(style.size.width_mm),
                                                        mm_to_points(style.size.height_mm)),
                    cairo_surface_destroy);
    check(surface.get(), "SVG");
    Context cr(cairo_create(surface.get()), cairo_destroy);
    draw_scaled(cr.get(), label, style, style.size);
    cr.reset();
    cairo_surface_finish(surface.get());
    check(surface.get(), "SVG");
  }
  return bytes;
}

std::string draw_pdf(const std::vector<LabelContent>& labels, const LabelStyle& style, const SheetTemplate* sheet) {
  const LabelSize size = sheet ? LabelSize{sheet->label_width_mm, sheet->label_height_mm} : style.size;
  const double page_w = mm_to_points(sheet ? sheet->page_width_mm : size.width_mm);
  const double page_h = mm_to_points(sheet ? sheet->page_height_mm : size.height_mm);
  // Lay out (and refuse what does not fit) before drawing anything.
  for (const auto& label : labels) {
    layout_label(label.tag, encode(label.tag, style.symbology), style.symbology, size, style.dpi);
  }
  std::string bytes;
  Surface surface(cairo_pdf_surface_create_for_stream(append_bytes, &bytes, page_w, page_h), cairo_surface_destroy);
  check(surface.get(), "PDF");
  Context cr(cairo_create(surface.get()), cairo_destroy);
  const int per_page = sheet ? sheet->per_page() : 1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int slot = static_cast<int>(i % static_cast<std::size_t>(per_page));
    cairo_save(cr.get());
    if (sheet) {
      const int column = slot % sheet->columns;
      const int row = slot / sheet->columns;
      cairo_translate(cr.get(), mm_to_points(sheet->left_mm + column * sheet->pitch_x_mm),
                      mm_to_points(sheet->top_mm + row * sheet->pitch_y_mm));
    }
    draw_scaled(cr.get(), labels[i], style, size);
    cairo_restore(cr.get());
    if (slot == per_page - 1 || i + 1 == labels.size()) {
      cairo_show_page(cr.get());
    }
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  check(surface.get(), "PDF");
  surface.reset();
  return bytes;
}

std::string draw_zpl(const LabelContent& label, const LabelStyle& style) {
  if (style.dpi != 203 && style.dpi != 300) {
    throw refused("label: ZPL is printed at 203 or 300 dpi (the printer's resolution), not " +
                  std::to_string(style.dpi) + "; use " + field_ref("dpi") + " 203 or " + field_ref("dpi") + " 300");
  }
  const auto symbol = encode(label.tag, style.symbology);
  const Layout l = layout_label(label.tag, symbol, style.symbology, style.size, style.dpi);
  std::ostringstream z;
  z << "^XA\n^CI28\n^PW" << l.width << "\n^LL" << l.height << "\n^LH0,0\n";
  const std::string data = zpl_field(label.tag);
  switch (style.symbology) {
    case Symbology::code128:
      z << "^BY" << l.module << ",3," << l.symbol_height << "\n";
      z << "^FO" << l.symbol_x << "," << l.symbol_y << "^BCN," << l.symbol_height << ",N,N,N^FH^FD" << data << "^FS\n";
      break;
    case Symbology::qr:
      z << "^FO" << l.symbol_x << "," << l.symbol_y << "^BQN,2," << std::min(l.module, 10) << "^FH^FDMA," << data
        << "^FS\n";
      break;
    case Symbology::datamatrix:
      z << "^FO" << l.symbol_x << "," << l.symbol_y << "^BXN," << l.module << ",200^FH^FD" << data << "^FS\n";
      break;
  }
  const auto lines = text_lines(label, style.symbology);
  const int line_height = l.text_height / static_cast<int>(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int font = line_height * (i == 0 ? 85 : 72) / 100;
    z << "^FO" << l.text_x << "," << l.text_y + static_cast<int>(i) * line_height << "^A0N," << font << "," << font
      << "^FB" << l.text_width << ",1,0,L^FH^FD" << zpl_field(lines[i]) << "^FS\n";
  }
  z << "^PQ1\n^XZ\n";
  return z.str();
}

}  // namespace

}  // namespace tally

extern "C" __attribute__((visibility("default"))) const tally::LabelsModule* tally_labels_module() {
  static const tally::LabelsModule module{tally::draw_png,
                                          tally::draw_svg,
                                          tally::draw_pdf,
                                          tally::draw_zpl,
                                          tally::photo::decode_image,
                                          tally::photo::decode_image_bytes};
  return &module;
}
