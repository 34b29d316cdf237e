#pragma once

#include "json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// One barcode found in an image.
struct FoundBarcode {
  std::string symbology;  // code128, qr, datamatrix, ean13, ...
  std::string code;       // what it says, as parse_scan reads it (GS1 in the bracketed form)
};

// Every barcode zxing-cpp finds in a PNG or JPEG file (rotated and photographed
// codes too), in the order found. Throws a refused Error naming the file for a
// file that cannot be read or is not a PNG or JPEG image.
std::vector<FoundBarcode> decode_image(const std::string& path);

// The same for a PNG or JPEG held in memory (a camera frame sent to the server);
// `what` names it in the refusal for bytes that are not a decodable image.
std::vector<FoundBarcode> decode_image_bytes(const std::string& bytes, const std::string& what);

// What a scanned code is in Tally: an asset (by tag, serial, barcode or GS1
// AI 21), else a model (by GTIN or model barcode), else unknown.
struct CodeMeaning {
  std::string kind;  // asset, model, unknown
  std::optional<std::string> tag;
  std::optional<std::string> model;  // "MANUFACTURER MODEL"
  std::optional<std::string> serial;
  std::optional<std::string> status;
};

// Resolves one code; never throws for an unknown code.
CodeMeaning resolve_code(Database& db, const std::string& code);

}  // namespace tally
