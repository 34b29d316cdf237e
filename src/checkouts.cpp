#include "checkouts.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "people.hpp"
#include "text.hpp"

namespace tally {

namespace {

// The open check-out of an asset: its row id, borrower and dates.
struct OpenRow {
  std::int64_t id = 0;
  std::string person;
  std::string out_on;
  std::optional<std::string> due_on;
};

std::optional<OpenRow> open_row(Database& db, std::int64_t asset_id) {
  Statement q(db,
              "SELECT c.id, p.username, c.out_on, c.due_on FROM checkout c JOIN person p ON p.id = c.person_id "
              "WHERE c.asset_id = ? AND c.in_on IS NULL");
  q.bind(1, asset_id);
  if (!q.step()) {
    return std::nullopt;
  }
  return OpenRow{q.column(0).as_int64(), q.column(1).as_text(), q.column(2).as_text(), text_or_null(q.column(3))};
}

std::string since(const OpenRow& row) {
  return " (since " + row.out_on + (row.due_on ? ", due " + *row.due_on : std::string()) + ")";
}

}  // namespace

bool is_checked_out(Database& db, std::int64_t asset_id) {
  return open_row(db, asset_id).has_value();
}

Asset checkout_asset(Database& db, const std::string& actor, const std::string& code, const CheckoutTerms& terms,
                     const std::string& verb) {
  const std::string day = format_date(today());
  std::optional<std::string> due;
  if (terms.due) {
    const auto parsed = parse_date(trim(*terms.due));
    if (!parsed) {
      throw Error(Problem::invalid,
                  verb + ": " + field_ref("due") + " '" + *terms.due + "' is not a date like 2026-11-27", "due");
    }
    due = format_date(*parsed);
    if (*due < day) {
      throw Error(Problem::invalid, verb + ": " + field_ref("due") + " " + *due + " is before today (" + day + ")",
                  "due");
    }
  }
  std::optional<std::string> note;
  if (terms.note && !trim(*terms.note).empty()) {
    note = trim(*terms.note);
    check_text(verb + ": " + field_ref("note"), *note, TextKind::free_text);
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    const Person who = resolve_person(db, terms.person);
    check_person_active(verb, who);
    if (const auto open = open_row(db, asset.id)) {
      throw conflict(verb + ": " + asset.tag + " is already checked out to " + open->person + since(*open) +
                         "; check it in first with `" + command_ref("asset checkin " + asset.tag) + "`",
                     "asset");
    }
    if (asset.status != "in_stock" && asset.status != "staging") {
      throw conflict(
          verb + ": " + asset.tag + " is " + asset.status + "; only an asset in_stock (or in staging) is checked out",
          "asset");
    }
    if (!asset.location) {
      throw conflict(verb + ": " + asset.tag + " has no location; give it one first with `" +
                         command_ref("asset move " + asset.tag + " " + field_ref("to") + " LOCATION") + "`",
                     "asset");
    }
    Json extra = Json::object();
    extra["due_on"] = due ? Json(*due) : Json();
    if (note) {
      extra["note"] = *note;
    }
    const Asset after = change_asset(db, actor, asset, "checkout",
                                     {{"status", std::string("deployed")}, {"custodian_person_id", who.id}}, extra);
    Statement insert(db,
                     "INSERT INTO checkout (asset_id, person_id, out_on, out_by, due_on, note) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, who.id);
    insert.bind(3, day);
    insert.bind(4, actor);
    if (due) {
      insert.bind(5, *due);
    }
    if (note) {
      insert.bind(6, *note);
    }
    insert.exec();
    return after;
  });
}

Asset checkin_asset(Database& db, const std::string& actor, const std::string& code, const CheckinTerms& terms,
                    const std::string& verb) {
  std::optional<std::string> condition;
  if (terms.condition && !trim(*terms.condition).empty()) {
    condition = trim(*terms.condition);
    check_text(verb + ": " + field_ref("condition"), *condition, TextKind::free_text);
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    const auto open = open_row(db, asset.id);
    if (!open) {
      throw conflict(verb + ": " + asset.tag + " is not checked out", "asset");
    }
    std::vector<std::pair<std::string, ColumnValue>> columns = {{"status", std::string("in_stock")},
                                                                {"custodian_person_id", nullptr}};
    if (terms.to) {
      const Location to = resolve_location(db, *terms.to);
      if (!asset.location || *asset.location != to.code) {
        columns.emplace_back("location_id", to.id);
      }
    }
    Statement close(db, "UPDATE checkout SET in_on = ?, in_by = ?, condition = ? WHERE id = ?");
    close.bind(1, format_date(today()));
    close.bind(2, actor);
    if (condition) {
      close.bind(3, *condition);
    }
    close.bind(4, open->id);
    close.exec();
    Json extra = Json::object();
    extra["checked_out_on"] = open->out_on;
    extra["due_on"] = open->due_on ? Json(*open->due_on) : Json();
    if (condition) {
      extra["condition"] = *condition;
    }
    const Asset after = change_asset(db, actor, asset, "checkin", columns, extra);
    return after;
  });
}

std::vector<OpenCheckout> open_checkouts(Database& db, bool overdue_only, std::optional<std::int64_t> person_id) {
  try {
    Statement q(db,
                "SELECT a.tag, a.serial, m.label, p.username, p.name, t.code, c.out_on, c.due_on, c.note, "
                "  CASE WHEN c.due_on < :today THEN CAST(julianday(:today) - julianday(c.due_on) AS INTEGER) "
                "  ELSE 0 END AS overdue "
                "FROM checkout c JOIN asset a ON a.id = c.asset_id JOIN v_model m ON m.model_id = a.model_id "
                "JOIN person p ON p.id = c.person_id JOIN team t ON t.id = p.team_id "
                "WHERE c.in_on IS NULL AND (:overdue = 0 OR c.due_on < :today) "
                "  AND (:person IS NULL OR c.person_id = :person) "
                "ORDER BY overdue DESC, c.due_on IS NULL, c.due_on, a.tag");
    q.bind(":today", format_date(today()));
    q.bind(":overdue", static_cast<std::int64_t>(overdue_only ? 1 : 0));
    if (person_id) {
      q.bind(":person", *person_id);
    }
    std::vector<OpenCheckout> rows;
    while (q.step()) {
      OpenCheckout row;
      row.tag = q.column(0).as_text();
      row.serial = q.column(1).as_text();
      row.model = q.column(2).as_text();
      row.person = q.column(3).as_text();
      row.person_name = q.column(4).as_text();
      row.team = q.column(5).as_text();
      row.out_on = q.column(6).as_text();
      row.due_on = text_or_null(q.column(7));
      row.note = text_or_null(q.column(8));
      row.days_overdue = q.column(9).as_int64();
      rows.push_back(std::move(row));
    }
    return rows;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table checkout_report(Database& db, bool overdue_only) {
  Table table;
  table.columns = {{"asset", "asset"}, {"serial", "serial", Align::left, false},
                   {"model", "model"}, {"person", "person"},
                   {"team", "team"},   {"since", "since"},
                   {"due", "due"},     {"days_overdue", "days overdue", Align::right}};
  for (const auto& c : open_checkouts(db, overdue_only)) {
    table.rows.push_back({{"asset", c.tag},
                          {"serial", c.serial.empty() ? Json() : Json(c.serial)},
                          {"model", c.model},
                          {"person", c.person},
                          {"team", c.team},
                          {"since", c.out_on},
                          {"due", c.due_on ? Json(*c.due_on) : Json()},
                          {"days_overdue", c.days_overdue}});
  }
  return table;
}

}  // namespace tally
