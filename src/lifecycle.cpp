#include "lifecycle.hpp"

#include "checkouts.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "fields.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "people.hpp"
#include "racks.hpp"
#include "settings.hpp"
#include "teams.hpp"
#include "text.hpp"

#include <algorithm>

namespace tally {

namespace {

bool is_final(const std::string& status) {
  return status == "disposed" || status == "returned_to_vendor";
}

void bind_value(Statement& statement, int index, const ColumnValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    statement.bind(index, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    statement.bind(index, *text);
  }
}

// Statuses that belong to a workflow with its own record and command.
std::optional<std::string> workflow_command(const std::string& from, const std::string& to) {
  if (to == "in_repair") {
    return command_ref("repair open");
  }
  if (to == "rma") {
    return command_ref("rma open");
  }
  if (to == "disposed") {
    return command_ref("dispose");
  }
  if (to == "returned_to_vendor") {
    return command_ref("rma resolve");
  }
  if (from == "in_repair") {
    return command_ref("repair close");
  }
  if (from == "rma") {
    return command_ref("rma resolve");
  }
  return std::nullopt;
}

// `text` as minor units of `currency`, or a refused Error naming `verb`'s
// --currency or --cost option.
std::int64_t checked_cost(const std::string& verb, const std::string& text, const std::string& currency) {
  if (!is_currency_code(currency)) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("currency") + " '" + currency + "' must be an ISO 4217 code such as USD",
                "currency");
  }
  const auto minor = parse_amount(text, currency);
  if (!minor) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("cost") + " '" + text + "' is not a non-negative " + currency +
                    " amount with at most " + std::to_string(minor_digits(currency)) + " decimals",
                "cost");
  }
  return *minor;
}

}  // namespace

std::vector<std::string> next_statuses(Database& db, const std::string& from) {
  return allowed_moves(db, "asset_status_transition", from, asset_statuses());
}

void check_not_final(const Asset& asset) {
  if (is_final(asset.status)) {
    throw refused("asset " + asset.tag + " is " + asset.status + ", which is final: it cannot change any more");
  }
}

void check_transition(Database& db, const Asset& asset, const std::string& to) {
  check_not_final(asset);
  require_one_of("asset " + asset.tag, "status", to, asset_statuses());
  if (to == asset.status) {
    throw refused("asset " + asset.tag + " is already " + to);
  }
  if (asset.rack) {
    throw refused("asset " + asset.tag + " is installed in rack " + *asset.rack +
                  (asset.rack_u ? " at U" + *asset.rack_u : std::string()) + "; take it out first with `" +
                  command_ref("rack remove " + asset.tag) + "`");
  }
  const auto next = next_statuses(db, asset.status);
  if (std::find(next.begin(), next.end(), to) == next.end()) {
    throw refused("asset " + asset.tag + " is " + asset.status + "; it cannot move to " + to +
                  "; it may move to: " + join(next));
  }
}

Asset change_asset(Database& db, const std::string& actor, const Asset& asset, const std::string& action,
                   const std::vector<std::pair<std::string, ColumnValue>>& columns, const Json& extra,
                   const Json& field_before) {
  check_not_final(asset);
  const bool custody = std::any_of(columns.begin(), columns.end(), [](const auto& column) {
    return column.first == "status" || column.first == "custodian_person_id";
  });
  if (custody && action != "checkin" && asset.custodian && is_checked_out(db, asset.id)) {
    // The schema refuses it too (asset_checked_out); this says what to do.
    throw conflict("asset " + asset.tag + " is checked out to " + *asset.custodian + "; check it in first with `" +
                       command_ref("asset checkin " + asset.tag) + "`",
                   "asset");
  }
  std::string sql = "UPDATE asset SET ";
  for (const auto& [column, value] : columns) {
    if (column == "status") {
      check_transition(db, asset, std::get<std::string>(value));
    }
    sql += column + " = ?, ";
  }
  sql += "updated_at = ? WHERE id = ?";
  Statement& update = db.statement(sql);
  int index = 1;
  for (const auto& [column, value] : columns) {
    bind_value(update, index++, value);
  }
  update.bind(index++, now_timestamp());
  update.bind(index, asset.id);
  update.exec();
  const Asset after = asset_by_id(db, asset.id);
  auto [old_fields, new_fields] = changed_fields(asset_json(asset), asset_json(after));
  for (const auto& [key, value] : extra.items()) {
    new_fields[key] = value;
  }
  for (const auto& [key, value] : field_before.items()) {
    old_fields[key] = value;
  }
  append_event(db, actor, action, "asset", after.tag, old_fields, new_fields);
  return after;
}

std::string next_asset_tag(Database& db) {
  const std::string prefix = get_setting(db, "tag.prefix");
  for (;;) {
    // No RETURNING: a dqlite 1.11 node fails its next write after one
    // (README, "The cluster"); the SELECT is in the same transaction.
    db.statement(
          "INSERT INTO sequence (name, value) VALUES ('asset.tag', 1) "
          "ON CONFLICT (name) DO UPDATE SET value = value + 1")
        .exec();
    Statement& value = db.statement("SELECT value FROM sequence WHERE name = 'asset.tag'");
    value.step();
    const std::string tag = make_tag(prefix, value.column(0).as_int64());
    value.reset();
    Statement& taken = db.statement("SELECT 1 FROM asset WHERE tag = ?");
    taken.bind(1, tag);
    const bool used = taken.step();
    taken.reset();
    if (!used) {
      return tag;
    }
  }
}

Asset insert_asset(Database& db, const std::string& actor, const NewAssetRow& row, const std::string& action,
                   const Json& extra) {
  Statement& maker = db.statement("SELECT manufacturer_id, serialized FROM model WHERE id = ?");
  maker.bind(1, row.model_id);
  maker.step();
  const std::int64_t manufacturer_id = maker.column(0).as_int64();
  const bool serialized = maker.column(1).as_int() != 0;
  maker.reset();
  if (!serialized) {
    throw refused("asset: a bulk (counted) model has no tagged assets; use the stock commands");
  }
  Statement& dup = db.statement(
      "SELECT a.tag, v.name FROM asset a JOIN vendor v ON v.id = a.manufacturer_id "
      "WHERE a.manufacturer_id = ? AND a.serial = ?");
  dup.bind(1, manufacturer_id);
  dup.bind(2, row.serial);
  if (!row.serial.empty() && dup.step()) {
    const std::string message = "serial '" + row.serial + "' already exists for " + dup.column(1).as_text() + " (" +
                                dup.column(0).as_text() + ")";
    dup.reset();
    throw refused(message);
  }
  const std::string now = now_timestamp();
  Statement& insert = db.statement(
      "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, po_line_id, "
      "cost_minor, currency, received_on, warranty_ends, replaces_asset_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, 'in_stock', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, next_asset_tag(db));
  if (!row.serial.empty()) {
    insert.bind(2, row.serial);
  }
  insert.bind(3, row.model_id);
  insert.bind(4, manufacturer_id);
  auto bind_optional = [&](int index, const auto& value) {
    if (value) {
      insert.bind(index, *value);
    }
  };
  bind_optional(5, row.location_id);
  bind_optional(6, row.owner_team_id);
  bind_optional(7, row.po_line_id);
  bind_optional(8, row.cost_minor);
  bind_optional(9, row.currency);
  bind_optional(10, row.received_on);
  bind_optional(11, row.warranty_ends);
  bind_optional(12, row.replaces_asset_id);
  insert.bind(13, now);
  insert.bind(14, now);
  insert.exec();
  const Asset created = asset_by_id(db, db.last_insert_rowid());
  Json after = asset_json(created);
  for (const auto& [key, value] : extra.items()) {
    after[key] = value;
  }
  append_event(db, actor, action, "asset", created.tag, nullptr, after);
  return created;
}

std::string add_months(const std::string& day, int months) {
  const date::year_month_day start = *parse_date(day);
  date::year_month_day result = start + date::months{months};
  if (!result.ok()) {
    result = date::year_month_day_last{result.year(), date::month_day_last{result.month()}};
  }
  return format_date(result);
}

Asset add_asset(Database& db, const std::string& actor, const AssetIntake& intake) {
  // The serial is optional at intake; one that is given is never blank.
  const std::string serial = intake.serial ? trim(*intake.serial) : std::string();
  if (intake.serial && serial.empty()) {
    throw Error(Problem::invalid,
                "asset add: " + field_ref("serial") + " must not be empty; leave it out when the unit has none",
                "serial");
  }
  if (!serial.empty()) {
    check_text("asset add: " + field_ref("serial"), serial, TextKind::identifier);
  }
  if (intake.received && !parse_date(*intake.received)) {
    throw Error(Problem::invalid,
                "asset add: " + field_ref("received") + " '" + *intake.received + "' is not a date like 2026-11-27",
                "received");
  }
  return write(db, [&] {
    const Model model = resolve_model(db, intake.model);
    if (!model.serialized) {
      throw refused("asset add: " + model.display_name() + " is a bulk (counted) model; it has no tagged assets");
    }
    NewAssetRow row;
    row.model_id = model.id;
    row.serial = serial;
    if (intake.team) {
      row.owner_team_id = resolve_team(db, *intake.team).id;
    }
    if (intake.location) {
      row.location_id = resolve_location(db, *intake.location).id;
    }
    if (intake.cost) {
      const std::string currency = intake.currency.value_or(get_setting(db, "currency"));
      row.cost_minor = checked_cost("asset add", *intake.cost, currency);
      row.currency = currency;
    }
    row.received_on = intake.received.value_or(format_date(today()));
    row.warranty_ends = add_months(*row.received_on, model.warranty_months);
    Asset created;
    try {
      created = insert_asset(db, actor, row, "create");
    } catch (const Error& e) {
      throw with_prefix("asset add: ", e);
    }
    if (!intake.fields.empty()) {
      const FieldChanges changes = apply_asset_fields(db, "asset add", created, intake.fields);
      if (!changes.empty()) {
        append_event(db, actor, "set", "asset", created.tag, changes.before, changes.after);
      }
    }
    return created;
  });
}

Asset move_asset(Database& db, const std::string& actor, const std::string& code, const std::string& location) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    const Location to = resolve_location(db, location);
    if (asset.location && *asset.location == to.code) {
      throw refused("asset move: " + asset.tag + " is already at " + to.code);
    }
    if (asset.rack) {
      throw refused("asset move: " + asset.tag + " is installed in rack " + *asset.rack + "; use `" +
                    command_ref("rack move") + "`, or `" +
                    command_ref("rack remove " + asset.tag + " " + field_ref("to") + " " + to.code) + "`");
    }
    const Asset after = change_asset(db, actor, asset, "move", {{"location_id", to.id}});
    return after;
  });
}

Asset assign_asset(Database& db, const std::string& actor, const std::string& code,
                   const std::optional<std::string>& person, const std::optional<std::string>& team) {
  if (person.has_value() == team.has_value()) {
    throw refused("asset assign: give either " + field_ref("person") + " USER or " + field_ref("team") + " TEAM");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    Asset after;
    if (person) {
      const Person who = resolve_person(db, *person);
      check_person_active("asset assign", who);
      if (asset.custodian && *asset.custodian == who.username) {
        throw refused("asset assign: " + asset.tag + " is already assigned to " + who.username);
      }
      if (asset.status == "in_stock" || asset.status == "staging" || is_checked_out(db, asset.id)) {
        // A person taking a unit from stock is a check-out (without a due date).
        CheckoutTerms terms;
        terms.person = who.username;
        after = checkout_asset(db, actor, asset.tag, terms, "asset assign");
        return after;
      }
      after = change_asset(db, actor, asset, "assign", {{"custodian_person_id", who.id}});
    } else {
      const Team owner = resolve_team(db, *team);
      if (asset.owner_team && *asset.owner_team == owner.code) {
        throw refused("asset assign: " + asset.tag + " is already owned by " + owner.code);
      }
      after = change_asset(db, actor, asset, "assign", {{"owner_team_id", owner.id}});
    }
    return after;
  });
}

Asset unassign_asset(Database& db, const std::string& actor, const std::string& code) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    if (!asset.custodian) {
      throw refused("asset unassign: " + asset.tag + " is not assigned to anyone");
    }
    if (is_checked_out(db, asset.id)) {
      // Taking a checked-out unit back is its check-in.
      return checkin_asset(db, actor, asset.tag, {}, "asset unassign");
    }
    const Asset after = change_asset(db, actor, asset, "unassign", {{"custodian_person_id", nullptr}});
    return after;
  });
}

Asset set_asset_status(Database& db, const std::string& actor, const std::string& code, const std::string& status,
                       const std::optional<std::string>& reason) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_transition(db, asset, status);
    if (const auto command = workflow_command(asset.status, status)) {
      throw refused("asset set-status: " + asset.tag + " " + asset.status + " -> " + status +
                    " goes through its own record; use `" + *command + "`");
    }
    Json extra = Json::object();
    if (reason) {
      extra["reason"] = *reason;
    }
    const Asset after = change_asset(db, actor, asset, "set-status", {{"status", status}}, extra);
    return after;
  });
}

Asset edit_asset(Database& db, const std::string& actor, const AssetEdit& edit) {
  const std::string verb = "asset set";
  if (!edit.hostname && !edit.serial && !edit.model && !edit.team && !edit.notes && !edit.cost && !edit.currency &&
      !edit.received && !edit.warranty && edit.fields.empty()) {
    throw refused(verb + ": nothing to change; give " + field_ref("hostname") + ", " + field_ref("serial") + ", " +
                  field_ref("model") + ", " + field_ref("team") + ", " + field_ref("notes") + ", " + field_ref("cost") +
                  ", " + field_ref("received") + ", " + field_ref("warranty_ends") + " or " + field_ref("field"));
  }
  if (edit.currency && !edit.cost) {
    throw Error(Problem::invalid, verb + ": " + field_ref("currency") + " goes with " + field_ref("cost"), "currency");
  }
  const auto checked_date = [&](const std::string& field, const std::string& text) -> ColumnValue {
    if (trim(text).empty()) {
      return nullptr;
    }
    const auto day = parse_date(trim(text));
    if (!day) {
      throw Error(Problem::invalid, verb + ": " + field_ref(field) + " '" + text + "' is not a date like 2026-11-27",
                  field);
    }
    return format_date(*day);
  };
  return write(db, [&] {
    const Asset asset = resolve_asset(db, edit.code);
    check_not_final(asset);
    std::vector<std::pair<std::string, ColumnValue>> columns;
    std::int64_t manufacturer_id = asset.manufacturer_id;
    std::string manufacturer = asset.manufacturer;
    if (edit.model) {
      const Model model = resolve_model(db, *edit.model);
      if (!model.serialized) {
        throw refused(verb + ": " + model.display_name() + " is a bulk (counted) model; it has no tagged assets");
      }
      if (model.category != asset.category) {
        throw refused(verb + ": " + model.display_name() + " is a " + model.category + ", but " + asset.tag + " is a " +
                      asset.category + "; a model is corrected within its category");
      }
      if (asset.rack) {
        throw refused(verb + ": " + asset.tag + " is installed in rack " + *asset.rack +
                      "; its model changes only out of the rack (the units it takes depend on it)");
      }
      if (model.id != asset.model_id) {
        columns.emplace_back("model_id", model.id);
        Statement maker(db,
                        "SELECT manufacturer_id, v.name FROM model m JOIN vendor v "
                        "ON v.id = m.manufacturer_id WHERE m.id = ?");
        maker.bind(1, model.id);
        maker.step();
        manufacturer_id = maker.column(0).as_int64();
        manufacturer = maker.column(1).as_text();
        if (manufacturer_id != asset.manufacturer_id) {
          columns.emplace_back("manufacturer_id", manufacturer_id);
        }
      }
    }
    const std::string serial = edit.serial ? trim(*edit.serial) : asset.serial;
    if (edit.serial) {
      if (serial.empty()) {
        throw Error(Problem::invalid, verb + ": " + field_ref("serial") + " must not be empty", "serial");
      }
      check_text(field_ref("serial"), serial, TextKind::identifier);
      if (serial != asset.serial) {
        columns.emplace_back("serial", serial);
      }
    }
    if (!serial.empty() && (serial != asset.serial || manufacturer_id != asset.manufacturer_id)) {
      Statement dup(db, "SELECT tag FROM asset WHERE manufacturer_id = ? AND serial = ? AND id <> ?");
      dup.bind(1, manufacturer_id);
      dup.bind(2, serial);
      dup.bind(3, asset.id);
      if (dup.step()) {
        throw refused(verb + ": serial '" + serial + "' already exists for " + manufacturer + " (" +
                      dup.column(0).as_text() + ")");
      }
    }
    if (edit.hostname) {
      columns.emplace_back("hostname", checked_hostname(db, verb, asset, *edit.hostname));
    }
    if (edit.team) {
      columns.emplace_back("owner_team_id", resolve_team(db, *edit.team).id);
    }
    if (edit.notes) {
      const std::string notes = trim(*edit.notes);
      columns.emplace_back("notes", notes.empty() ? ColumnValue(nullptr) : ColumnValue(notes));
    }
    if (edit.cost) {
      if (trim(*edit.cost).empty()) {
        columns.emplace_back("cost_minor", nullptr);
        columns.emplace_back("currency", nullptr);
      } else {
        const std::string currency = edit.currency.value_or(asset.currency.value_or(get_setting(db, "currency")));
        columns.emplace_back("cost_minor", checked_cost(verb, trim(*edit.cost), currency));
        columns.emplace_back("currency", currency);
      }
    }
    if (edit.received) {
      columns.emplace_back("received_on", checked_date("received", *edit.received));
    }
    if (edit.warranty) {
      columns.emplace_back("warranty_ends", checked_date("warranty_ends", *edit.warranty));
    }
    Json extra = Json::object();
    if (edit.reason && !trim(*edit.reason).empty()) {
      extra["reason"] = trim(*edit.reason);
    }
    // Custom fields are checked against the model the asset has after the edit.
    const FieldChanges fields =
        edit.fields.empty() ? FieldChanges{} : apply_asset_fields(db, verb, columns.empty() ? asset : [&] {
          Asset changed = asset;
          if (edit.model) {
            const Model model = resolve_model(db, *edit.model);
            changed.model = model.name;
            changed.manufacturer = manufacturer;
          }
          return changed;
        }(), edit.fields);
    for (const auto& [key, value] : fields.after.items()) {
      extra[key] = value;
    }
    if (columns.empty()) {
      if (fields.empty()) {
        return asset;  // the model given is the one it has: nothing to write
      }
      Json after_fields = extra;
      append_event(db, actor, "set", "asset", asset.tag, fields.before, after_fields);
      return asset;
    }
    const Asset after = change_asset(db, actor, asset, "set", columns, extra, fields.before);
    return after;
  });
}

Asset note_asset(Database& db, const std::string& actor, const std::string& code, const std::string& text) {
  const std::string note = trim(text);
  if (note.empty()) {
    throw refused("asset note: the note must not be empty");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    const Asset after = change_asset(db, actor, asset, "note", {{"notes", note}});
    return after;
  });
}

std::vector<Event> asset_history(Database& db, const std::string& code) {
  const Asset asset = resolve_asset(db, code);
  EventFilter filter;
  filter.entity = "asset";
  filter.entity_key = asset.tag;
  return list_events(db, filter);
}

}  // namespace tally
