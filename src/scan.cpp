#include "scan.hpp"

#include "assets.hpp"
#include "codes.hpp"
#include "error.hpp"
#include "models.hpp"
#include "modules.hpp"
#include "stock.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace tally {

std::vector<FoundBarcode> decode_image(const std::string& path) {
  return labels_module().decode_image(path);
}

std::vector<FoundBarcode> decode_image_bytes(const std::string& bytes, const std::string& what) {
  return labels_module().decode_image_bytes(bytes, what);
}

CodeMeaning resolve_code(Database& db, const std::string& code) {
  CodeMeaning meaning;
  if (const auto asset = asset_for_scan(db, code)) {
    meaning.kind = "asset";
    meaning.tag = asset->tag;
    meaning.model = asset->manufacturer + " " + asset->model;
    meaning.serial = asset->serial;
    meaning.status = asset->status;
    return meaning;
  }
  try {
    const Model model = model_by_id(db, resolve_model_code(db, code));
    meaning.kind = "model";
    meaning.model = model.manufacturer + " " + model.name;
    return meaning;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::refused) {
      throw;
    }
  }
  meaning.kind = "unknown";
  return meaning;
}

}  // namespace tally