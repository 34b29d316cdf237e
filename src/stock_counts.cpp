#include "stock.hpp"

#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "stock_ledger.hpp"
#include "text.hpp"

// Cycle counts of a location's stock (CNT-00001), and the scanned codes
// (GTINs, model barcodes) that counting reads.

namespace tally {

namespace {

StockCount read_count(Statement& q) {
  StockCount c;
  c.id = q.column(0).as_int64();
  c.location = q.column(1).as_text();
  c.started_at = q.column(2).as_text();
  c.started_by = q.column(3).as_text();
  c.finished_at = text_or_null(q.column(4));
  c.applied = q.column(5).as_int() == 1;
  return c;
}

constexpr const char* k_count_columns =
    "SELECT c.id, l.code, c.started_at, c.started_by, c.finished_at, c.applied FROM stock_count c "
    "JOIN location l ON l.id = c.location_id ";

std::optional<StockCount> open_count(Database& db, std::int64_t location_id) {
  Statement q(db, std::string(k_count_columns) + "WHERE c.location_id = ? AND c.finished_at IS NULL");
  q.bind(1, location_id);
  if (!q.step()) {
    return std::nullopt;
  }
  return read_count(q);
}

StockCount count_by_id(Database& db, std::int64_t id) {
  Statement q(db, std::string(k_count_columns) + "WHERE c.id = ?");
  q.bind(1, id);
  q.step();
  return read_count(q);
}

// The open count of a location; without one, a refusal that names the last
// finished count there (finishing twice lands here).
StockCount require_open_count(Database& db, const std::string& context, const Location& location) {
  if (auto count = open_count(db, location.id)) {
    return *count;
  }
  Statement last(db, std::string(k_count_columns) + "WHERE c.location_id = ? ORDER BY c.id DESC LIMIT 1");
  last.bind(1, location.id);
  std::string message = context + ": no count is open at " + location.code;
  if (last.step()) {
    const StockCount c = read_count(last);
    message += "; " + format_record_id(k_count_prefix, c.id) + " there was already finished at " + *c.finished_at +
               (c.applied ? " and applied" : " without " + field_ref("apply"));
  }
  throw conflict(message + "; start a new count with `" + command_ref("stock count " + location.code) + "`",
                 "location");
}

struct CountLineRow {
  std::int64_t model_id = 0;
  StockCountLine line;
};

std::vector<CountLineRow> count_lines(Database& db, std::int64_t count_id, std::int64_t location_id) {
  Statement q(db,
              "SELECT k.model_id, m.label, coalesce(s.on_hand, 0), c.counted FROM ("
              "  SELECT model_id FROM stock_level WHERE location_id = :location AND on_hand > 0"
              "  UNION SELECT model_id FROM stock_count_line WHERE count_id = :count) k "
              "JOIN v_model m ON m.model_id = k.model_id "
              "LEFT JOIN stock_level s ON s.model_id = k.model_id AND s.location_id = :location "
              "LEFT JOIN stock_count_line c ON c.count_id = :count AND c.model_id = k.model_id "
              "ORDER BY 2");
  q.bind(":location", location_id);
  q.bind(":count", count_id);
  std::vector<CountLineRow> rows;
  while (q.step()) {
    CountLineRow row;
    row.model_id = q.column(0).as_int64();
    row.line.model = q.column(1).as_text();
    row.line.expected = q.column(2).as_int64();
    row.line.was_counted = !q.column(3).is_null();
    row.line.counted = row.line.was_counted ? q.column(3).as_int64() : 0;
    row.line.difference = row.line.counted - row.line.expected;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Sets a model's figure in an open count (to `counted`, or one more when
// `counted` is absent) and records the event.
StockCountLine put_count_line(Database& db, const std::string& actor, const StockCount& count, std::int64_t location_id,
                              const Model& model, std::optional<std::int64_t> counted) {
  Statement old(db, "SELECT counted FROM stock_count_line WHERE count_id = ? AND model_id = ?");
  old.bind(1, count.id);
  old.bind(2, model.id);
  std::optional<std::int64_t> before;
  if (old.step()) {
    before = old.column(0).as_int64();
  }
  const std::int64_t after = counted ? *counted : before.value_or(0) + 1;
  Statement put(db,
                "INSERT INTO stock_count_line (count_id, model_id, counted) VALUES (?, ?, ?) "
                "ON CONFLICT (count_id, model_id) DO UPDATE SET counted = excluded.counted");
  put.bind(1, count.id);
  put.bind(2, model.id);
  put.bind(3, after);
  put.exec();
  append_event(db, actor, counted ? "count" : "scan", "stock_count", format_record_id(k_count_prefix, count.id),
               {{"model", model.display_name()}, {"counted", before ? Json(*before) : Json()}},
               {{"model", model.display_name()}, {"counted", after}});
  StockCountLine line;
  line.model = model.display_name();
  line.expected = on_hand(db, model.id, location_id);
  line.counted = after;
  line.was_counted = true;
  line.difference = after - line.expected;
  return line;
}

// The models a GTIN names, through model.gtin and model barcodes.
std::vector<std::int64_t> models_by_gtin(Database& db, const std::string& gtin) {
  Statement q(db,
              "SELECT id FROM model WHERE gtin IS NOT NULL AND substr('00000000000000' || gtin, -14) = ?1 "
              "UNION SELECT model_id FROM model_barcode WHERE length(code) IN (8, 12, 13, 14) "
              "AND code NOT GLOB '*[^0-9]*' AND substr('00000000000000' || code, -14) = ?1");
  q.bind(1, gtin14(gtin));
  std::vector<std::int64_t> ids;
  while (q.step()) {
    ids.push_back(q.column(0).as_int64());
  }
  return ids;
}

}  // namespace

Json stock_count_json(const StockCount& c) {
  return {{"id", format_record_id(k_count_prefix, c.id)},
          {"location", c.location},
          {"status", c.finished_at ? "finished" : "open"},
          {"started_at", c.started_at},
          {"started_by", c.started_by},
          {"finished_at", json_or_null(c.finished_at)},
          {"applied", c.applied}};
}

StockCount start_count(Database& db, const std::string& actor, const std::string& location_code) {
  const std::string context = "stock count";
  return write(db, [&] {
    const Location location = location_of(db, context, location_code);
    if (auto open = open_count(db, location.id)) {
      throw conflict(context + ": " + format_record_id(k_count_prefix, open->id) + " is already open at " +
                         location.code + " (started " + open->started_at + " by " + open->started_by +
                         "); record figures with " + field_ref("model") + " M " + field_ref("counted") + " N or " +
                         field_ref("scan") + ", or end it with " + field_ref("finish"),
                     "location");
    }
    Statement insert(db, "INSERT INTO stock_count (location_id, started_at, started_by) VALUES (?, ?, ?)");
    insert.bind(1, location.id);
    insert.bind(2, now_timestamp());
    insert.bind(3, actor);
    insert.exec();
    const StockCount count = count_by_id(db, db.last_insert_rowid());
    append_event(db, actor, "create", "stock_count", format_record_id(k_count_prefix, count.id), nullptr,
                 stock_count_json(count));
    return count;
  });
}

StockCountLine record_count(Database& db, const std::string& actor, const std::string& location_code,
                            const std::string& model_text, std::int64_t counted) {
  const std::string context = "stock count";
  if (counted < 0) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("counted") + " " + std::to_string(counted) + " must be 0 or more",
                "counted");
  }
  check_bounded(context + ": " + field_ref("counted"), counted, 0);
  return write(db, [&] {
    const Location location = location_of(db, context, location_code);
    const StockCount count = require_open_count(db, context, location);
    const Model model = bulk_model(db, context, model_text);
    StockCountLine line = put_count_line(db, actor, count, location.id, model, counted);
    return line;
  });
}

StockCountLine scan_count(Database& db, const std::string& actor, const std::string& location_code,
                          const std::string& code) {
  const std::string context = "stock count";
  return write(db, [&] {
    const Location location = location_of(db, context, location_code);
    const StockCount count = require_open_count(db, context, location);
    const std::int64_t model_id = prefixed(context, [&] { return resolve_model_code(db, code); });
    const Model model = require_bulk(context, model_by_id(db, model_id));
    StockCountLine line = put_count_line(db, actor, count, location.id, model, std::nullopt);
    return line;
  });
}

StockCountResult finish_count(Database& db, const std::string& actor, const std::string& location_code, bool apply) {
  const std::string context = "stock count";
  return write(db, [&] {
    const Location location = location_of(db, context, location_code);
    const StockCount open = require_open_count(db, context, location);
    const std::string id = format_record_id(k_count_prefix, open.id);
    const auto rows = count_lines(db, open.id, location.id);
    Statement finish(db, "UPDATE stock_count SET finished_at = ?, applied = ? WHERE id = ?");
    finish.bind(1, now_timestamp());
    finish.bind(2, apply ? 1 : 0);
    finish.bind(3, open.id);
    finish.exec();
    StockCountResult result;
    result.count = count_by_id(db, open.id);
    int differences = 0;
    for (const auto& row : rows) {
      result.lines.push_back(row.line);
      if (row.line.difference == 0) {
        continue;
      }
      ++differences;
      if (apply) {
        MovementRow adjust;
        adjust.model_id = row.model_id;
        adjust.location_id = location.id;
        adjust.delta = row.line.difference;
        adjust.kind = "adjustment";
        adjust.count_id = open.id;
        adjust.reason = "count " + id;
        write_movement(db, actor, "adjust", adjust);
      }
    }
    append_event(db, actor, "finish", "stock_count", id, {{"finished_at", nullptr}, {"applied", false}},
                 {{"finished_at", *result.count.finished_at},
                  {"applied", apply},
                  {"models", static_cast<std::int64_t>(rows.size())},
                  {"differences", differences}});
    return result;
  });
}

StockCountResult preview_count(Database& db, const std::string& location_code) {
  const std::string context = "stock count";
  try {
    const Location location = location_of(db, context, location_code);
    StockCountResult result;
    result.count = require_open_count(db, context, location);
    for (auto& row : count_lines(db, result.count.id, location.id)) {
      result.lines.push_back(std::move(row.line));
    }
    return result;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::string add_model_barcode(Database& db, const std::string& actor, const std::string& model_text,
                              const std::string& code_text) {
  const std::string context = "stock barcode";
  const std::string code = trim(code_text);
  if (code.empty() || code.size() > 64) {
    throw Error(Problem::invalid, context + ": a barcode is 1-64 characters", "barcode");
  }
  return write(db, [&] {
    const Model model = prefixed(context, [&] { return resolve_model(db, model_text); });
    Statement taken(db,
                    "SELECT m.label FROM model_barcode b JOIN v_model m ON m.model_id = b.model_id "
                    "WHERE b.code = ?1 "
                    "UNION ALL SELECT m.label FROM v_model m WHERE m.gtin = ?1");
    taken.bind(1, code);
    if (taken.step()) {
      throw conflict(context + ": '" + code + "' already names " + taken.column(0).as_text(), "barcode");
    }
    if (is_valid_gtin(code)) {
      const auto same = models_by_gtin(db, code);
      if (!same.empty()) {
        throw conflict(context + ": GTIN '" + code + "' already names " + model_by_id(db, same.front()).display_name(),
                       "barcode");
      }
    }
    Statement insert(db, "INSERT INTO model_barcode (code, model_id) VALUES (?, ?)");
    insert.bind(1, code);
    insert.bind(2, model.id);
    insert.exec();
    append_event(db, actor, "add-barcode", "model", model.display_name(), nullptr, {{"barcode", code}});
    return model.display_name();
  });
}

std::int64_t resolve_model_code(Database& db, const std::string& code) {
  const ScanParse parsed = parse_scan(code);
  if (!parsed.code) {
    throw Error(Problem::invalid, "cannot read '" + code + "': " + parsed.error, "code");
  }
  const ScannedCode& scanned = *parsed.code;
  std::optional<std::string> gtin = scanned.gtin();
  if (!scanned.gs1) {
    Statement q(db, "SELECT model_id FROM model_barcode WHERE code = ?");
    q.bind(1, trim(scanned.text));
    if (q.step()) {
      return q.column(0).as_int64();
    }
    if (is_valid_gtin(scanned.text)) {
      gtin = scanned.text;
    }
  }
  if (gtin) {
    const auto ids = models_by_gtin(db, *gtin);
    if (ids.size() == 1) {
      return ids.front();
    }
    if (ids.size() > 1) {
      throw conflict("GTIN " + *gtin + " names " + std::to_string(ids.size()) + " models", "code");
    }
  }
  throw not_found("no model has the code '" + scanned.text + "' as its GTIN or a barcode (add one with `" +
                      command_ref("stock barcode MODEL CODE") + "`)",
                  "code");
}

}  // namespace tally
