#include "rack_images.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "text.hpp"

namespace tally {

Json image_record_json(const SetupRecord& r) {
  return {{"tag", r.tag},
          {"image", r.kind},
          {"version", r.result.empty() ? Json() : Json(r.result)},
          {"recorded_at", r.recorded_at},
          {"recorded_by", r.recorded_by}};
}

SetupRecord record_image(Database& db, const std::string& actor, const std::string& code, const std::string& image,
                         const std::optional<std::string>& version) {
  if (trim(image).empty()) {
    throw Error(Problem::invalid, "image record: " + field_ref("image") + " must not be empty", "image");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    Statement insert(db,
                     "INSERT INTO image_record (asset_id, image, version, recorded_at, recorded_by) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, trim(image));
    if (version && !trim(*version).empty()) {
      insert.bind(3, trim(*version));
    }
    insert.bind(4, now_timestamp());
    insert.bind(5, actor);
    insert.exec();
    const SetupRecord record = asset_images(db, asset.id, true).front();
    append_event(db, actor, "image", "asset", asset.tag, nullptr, image_record_json(record));
    return record;
  });
}

std::vector<SetupRecord> asset_images(Database& db, std::int64_t asset_id, bool latest_only) {
  Statement& q = db.statement(
      "SELECT a.tag, i.image, i.version, i.recorded_at, i.recorded_by FROM image_record i "
      "JOIN asset a ON a.id = i.asset_id WHERE i.asset_id = ? ORDER BY i.id DESC");
  q.bind(1, asset_id);
  std::vector<SetupRecord> records;
  while (q.step()) {
    SetupRecord r;
    r.tag = q.column(0).as_text();
    r.kind = q.column(1).as_text();
    r.result = q.column(2).as_text();  // "" for no version
    r.recorded_at = q.column(3).as_text();
    r.recorded_by = q.column(4).as_text();
    records.push_back(std::move(r));
    if (latest_only) {
      break;
    }
  }
  q.reset();
  return records;
}

}  // namespace tally
