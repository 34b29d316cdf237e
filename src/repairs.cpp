#include "repairs.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "text.hpp"

namespace tally {

namespace {

constexpr const char* k_repair_prefix = "REP-";

Repair read_repair(Statement& q) {
  Repair r;
  r.id = q.column(0).as_int64();
  r.tag = q.column(1).as_text();
  r.reason = q.column(2).as_text();
  r.opened_on = q.column(3).as_text();
  r.closed_on = text_or_null(q.column(4));
  r.outcome = text_or_null(q.column(5));
  r.notes = text_or_null(q.column(6));
  return r;
}

Repair repair_by_id(Database& db, std::int64_t id) {
  Statement q(db,
              "SELECT r.id, a.tag, r.reason, r.opened_on, r.closed_on, r.outcome, r.notes FROM repair r "
              "JOIN asset a ON a.id = r.asset_id WHERE r.id = ?");
  q.bind(1, id);
  q.step();
  return read_repair(q);
}

}  // namespace

Json repair_json(const Repair& r) {
  return {{"id", format_record_id(k_repair_prefix, r.id)},
          {"tag", r.tag},
          {"reason", r.reason},
          {"opened_on", r.opened_on},
          {"closed_on", json_or_null(r.closed_on)},
          {"outcome", json_or_null(r.outcome)},
          {"notes", json_or_null(r.notes)}};
}

Repair open_repair(Database& db, const std::string& actor, const std::string& code, const std::string& reason) {
  if (trim(reason).empty()) {
    throw Error(Problem::invalid, "repair open: " + field_ref("reason") + " must not be empty", "reason");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_transition(db, asset, "in_repair");
    const std::string today_text = format_date(today());
    Statement insert(db, "INSERT INTO repair (asset_id, reason, opened_on) VALUES (?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, trim(reason));
    insert.bind(3, today_text);
    insert.exec();
    const Repair repair = repair_by_id(db, db.last_insert_rowid());
    change_asset(db, actor, asset, "repair-open", {{"status", std::string("in_repair")}},
                 {{"repair", format_record_id(k_repair_prefix, repair.id)}, {"reason", repair.reason}});
    return repair;
  });
}

Repair close_repair(Database& db, const std::string& actor, const std::string& code, const std::string& outcome,
                    const std::optional<std::string>& notes) {
  require_one_of("repair close", "outcome", outcome, {"fixed", "unrepairable"});
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    Statement open(db, "SELECT id FROM repair WHERE asset_id = ? AND closed_on IS NULL");
    open.bind(1, asset.id);
    if (asset.status != "in_repair" || !open.step()) {
      throw refused("repair close: " + asset.tag + " has no open repair (it is " + asset.status + ")");
    }
    const std::int64_t id = open.column(0).as_int64();
    Statement close(db, "UPDATE repair SET closed_on = ?, outcome = ?, notes = ? WHERE id = ?");
    close.bind(1, format_date(today()));
    close.bind(2, outcome);
    if (notes) {
      close.bind(3, *notes);
    }
    close.bind(4, id);
    close.exec();
    const std::string status = outcome == "fixed" ? "in_stock" : "retired";
    Json extra = {{"repair", format_record_id(k_repair_prefix, id)}, {"outcome", outcome}};
    if (notes) {
      extra["notes"] = *notes;
    }
    change_asset(db, actor, asset, "repair-close", {{"status", status}}, extra);
    const Repair repair = repair_by_id(db, id);
    return repair;
  });
}

}  // namespace tally
