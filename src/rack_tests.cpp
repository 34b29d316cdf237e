#include "rack_tests.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "text.hpp"

namespace tally {

namespace {

SetupRecord read_setup(Statement& q) {
  SetupRecord r;
  r.tag = q.column(0).as_text();
  r.kind = q.column(1).as_text();
  r.result = q.column(2).is_null() ? "" : q.column(2).as_text();
  r.notes = text_or_null(q.column(3));
  r.recorded_at = q.column(4).as_text();
  r.recorded_by = q.column(5).as_text();
  return r;
}

}  // namespace

const std::vector<std::string>& test_kinds() {
  static const std::vector<std::string> kinds = {"memory", "disk", "power", "burn-in", "network"};
  return kinds;
}

Json test_record_json(const SetupRecord& r) {
  return {{"tag", r.tag},
          {"kind", r.kind},
          {"result", r.result},
          {"notes", json_or_null(r.notes)},
          {"recorded_at", r.recorded_at},
          {"recorded_by", r.recorded_by}};
}

SetupRecord record_test(Database& db, const std::string& actor, const std::string& code, const std::string& kind,
                        const std::string& result, const std::optional<std::string>& notes) {
  require_one_of("test record", "kind", kind, test_kinds());
  require_one_of("test record", "result", result, {"pass", "fail"});
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    Statement insert(db,
                     "INSERT INTO hw_test (asset_id, kind, result, notes, recorded_at, recorded_by) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, kind);
    insert.bind(3, result);
    if (notes && !trim(*notes).empty()) {
      insert.bind(4, trim(*notes));
    }
    insert.bind(5, now_timestamp());
    insert.bind(6, actor);
    insert.exec();
    const SetupRecord record = asset_tests(db, asset.id, false).front();
    append_event(db, actor, "test", "asset", asset.tag, nullptr, test_record_json(record));
    return record;
  });
}

std::vector<SetupRecord> asset_tests(Database& db, std::int64_t asset_id, bool latest_only) {
  const std::string sql =
      latest_only ? "SELECT a.tag, t.kind, t.result, t.notes, t.recorded_at, t.recorded_by FROM hw_test t "
                    "JOIN asset a ON a.id = t.asset_id WHERE t.asset_id = ?1 AND t.id = (SELECT max(id) FROM hw_test "
                    "WHERE asset_id = ?1 AND kind = t.kind) ORDER BY t.kind"
                  : "SELECT a.tag, t.kind, t.result, t.notes, t.recorded_at, t.recorded_by FROM hw_test t "
                    "JOIN asset a ON a.id = t.asset_id WHERE t.asset_id = ?1 ORDER BY t.id DESC";
  Statement& q = db.statement(sql);
  q.bind(1, asset_id);
  std::vector<SetupRecord> records;
  while (q.step()) {
    records.push_back(read_setup(q));
  }
  q.reset();
  return records;
}

}  // namespace tally
