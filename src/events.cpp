#include "events.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "text.hpp"

#include <algorithm>

namespace tally {

namespace {

std::optional<std::string> json_text(const Json& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return value.dump();
}

Json parse_json_column(const Field& column) {
  if (column.is_null()) {
    return nullptr;
  }
  return Json::parse(column.as_text());
}

}  // namespace

void append_event(Database& db, const std::string& actor, const std::string& action, const std::string& entity,
                  const std::string& entity_key, const Json& before, const Json& after) {
  append_event_text(db, now_timestamp(), actor, action, entity, entity_key, json_text(before), json_text(after));
}

void append_event_text(Database& db, const std::string& at, const std::string& actor, const std::string& action,
                       const std::string& entity, const std::string& entity_key,
                       const std::optional<std::string>& before, const std::optional<std::string>& after) {
  Statement& insert = db.statement(
      "INSERT INTO event (at, actor, action, entity, entity_key, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, at);
  insert.bind(2, actor);
  insert.bind(3, action);
  insert.bind(4, entity);
  insert.bind(5, entity_key);
  if (before) {
    insert.bind(6, *before);
  }
  if (after) {
    insert.bind(7, *after);
  }
  insert.exec();
}

namespace {

constexpr int k_event_parameters = 7;

// One INSERT of events[first, first + count).
void insert_events(Database& db, const std::vector<EventText>& events, std::size_t first, std::size_t count) {
  Statement& insert = db.statement("INSERT INTO event (at, actor, action, entity, entity_key, before, after) VALUES " +
                                   placeholder_rows(k_event_parameters, count));
  insert.clear_bindings();
  int p = 1;
  for (std::size_t i = first; i < first + count; ++i) {
    const EventText& e = events[i];
    insert.bind(p++, e.at);
    insert.bind(p++, e.actor);
    insert.bind(p++, e.action);
    insert.bind(p++, e.entity);
    insert.bind(p++, e.entity_key);
    if (e.before) {
      insert.bind(p, *e.before);
    }
    ++p;
    if (e.after) {
      insert.bind(p, *e.after);
    }
    ++p;
  }
  insert.exec_and_reset();
}

}  // namespace

void append_events_text(Database& db, const std::vector<EventText>& events) {
  const std::size_t per_insert =
      std::max<std::size_t>(1, static_cast<std::size_t>(db.connection().max_parameters() / k_event_parameters));
  for (std::size_t first = 0; first < events.size(); first += per_insert) {
    insert_events(db, events, first, std::min(per_insert, events.size() - first));
  }
}

std::pair<Json, Json> changed_fields(const Json& before, const Json& after) {
  Json old_fields = Json::object();
  Json new_fields = Json::object();
  for (const auto& [key, value] : after.items()) {
    const Json previous = before.contains(key) ? before[key] : Json();
    if (previous != value) {
      old_fields[key] = previous;
      new_fields[key] = value;
    }
  }
  return {old_fields, new_fields};
}

const std::vector<std::string>& event_entities() {
  static const std::vector<std::string> kinds = {
      "asset",    "audit", "field",       "budget",    "contract",       "disposal", "import", "license",
      "location", "model", "person",      "placement", "purchase_order", "rack",     "repair", "rma",
      "setting",  "stock", "stock_count", "team",      "token",          "user",     "vendor"};
  return kinds;
}

std::vector<Event> list_events(Database& db, const EventFilter& filter) {
  std::string where = " WHERE 1";
  if (filter.entity) {
    require_one_of("log", "entity kind", *filter.entity, event_entities());
    where += " AND entity = :entity";
  }
  if (filter.entity_key) {
    where += " AND entity_key = :key COLLATE NOCASE";
  }
  if (filter.since) {
    if (!parse_date(*filter.since)) {
      throw Error(Problem::invalid,
                  "log: " + field_ref("since") + " '" + *filter.since + "' is not a date like 2026-11-27", "since");
    }
    where += " AND at >= :since";
  }
  std::string until;
  if (filter.until) {
    if (parse_date(*filter.until)) {
      until = *filter.until + "T23:59:59Z";
    } else if (parse_timestamp(*filter.until)) {
      until = *filter.until;
    } else {
      throw Error(Problem::invalid,
                  "log: " + field_ref("until") + " '" + *filter.until +
                      "' is not a date like 2026-11-27 or a UTC time like 2026-11-27T09:15:00Z",
                  "until");
    }
    where += " AND at <= :until";
  }
  if (filter.actor) {
    where += " AND actor = :actor";
  }
  if (filter.limit && *filter.limit < 1) {
    throw Error(Problem::invalid,
                "log: " + field_ref("limit") + " must be at least 1, got " + std::to_string(*filter.limit), "limit");
  }
  // The newest N, then back into oldest-first order.
  std::string sql =
      "SELECT id, at, actor, action, entity, entity_key, before, after FROM event" + where + " ORDER BY id DESC";
  if (filter.limit) {
    sql += " LIMIT :limit";
  }
  Statement query(db, "SELECT * FROM (" + sql + ") ORDER BY id");
  if (filter.entity) {
    query.bind(":entity", *filter.entity);
  }
  if (filter.entity_key) {
    query.bind(":key", *filter.entity_key);
  }
  if (filter.since) {
    query.bind(":since", *filter.since + "T00:00:00Z");
  }
  if (filter.until) {
    query.bind(":until", until);
  }
  if (filter.actor) {
    query.bind(":actor", *filter.actor);
  }
  if (filter.limit) {
    query.bind(":limit", *filter.limit);
  }
  std::vector<Event> events;
  while (query.step()) {
    Event e;
    e.id = query.column(0).as_int64();
    e.at = query.column(1).as_text();
    e.actor = query.column(2).as_text();
    e.action = query.column(3).as_text();
    e.entity = query.column(4).as_text();
    e.entity_key = query.column(5).as_text();
    e.before = parse_json_column(query.column(6));
    e.after = parse_json_column(query.column(7));
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace tally
