// /api/v1/scans/photo: the HTTP face of `tally scan decode` (cli/cmd_scan.cpp) for one camera frame, over
// src/scan.hpp (the same photo decoder, in tally_labels.so).
#include "scan.hpp"
#include "error.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Json optional_json(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json();
}

// The body is the image itself (Content-Type image/jpeg or image/png): every barcode found, with what it is.
Reply decode_photo(Call& call) {
  const std::string& bytes = call.http().body;
  if (bytes.empty()) {
    throw usage_error("body: the photo (a JPEG or PNG image, Content-Type image/jpeg) is missing");
  }
  Json codes = Json::array();
  for (const FoundBarcode& barcode : decode_image_bytes(bytes, "the photo")) {
    const CodeMeaning meaning = resolve_code(call.db(), barcode.code);
    codes.push_back({{"symbology", barcode.symbology},
                     {"code", barcode.code},
                     {"kind", meaning.kind},
                     {"tag", optional_json(meaning.tag)},
                     {"model", optional_json(meaning.model)},
                     {"serial", optional_json(meaning.serial)},
                     {"status", optional_json(meaning.status)}});
  }
  Reply reply;
  reply.body = {{"codes", codes}};
  return reply;
}

}  // namespace

void add_scan_routes(std::vector<Route>& routes) {
  routes.push_back({Method::post,
                    "/api/v1/scans/photo",
                    Capability::read,
                    "Every barcode in one photo or camera frame (the body: a JPEG or PNG image), as `tally scan "
                    "decode`; changes nothing",
                    {},
                    {},
                    decode_photo});
}

}  // namespace tally::server
