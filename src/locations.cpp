#include "locations.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "text.hpp"
#include "tree.hpp"

namespace tally {

namespace {

void check_kind(const std::string& verb, const std::string& kind) {
  require_one_of("location " + verb, "kind", kind, location_kinds());
}

// The id, code, name, kind and parent code in columns 0-4 of a query.
Location read_location(Statement& q) {
  Location l;
  l.id = q.column(0).as_int64();
  l.code = q.column(1).as_text();
  l.name = q.column(2).as_text();
  l.kind = q.column(3).as_text();
  if (!q.column(4).is_null()) {
    l.parent = q.column(4).as_text();
  }
  return l;
}

// The location with this code, its path and depth computed by walking up.
std::optional<Location> find_location(Database& db, const std::string& code) {
  Statement q(db,
              "WITH RECURSIVE up(id, parent_id, code, depth) AS ("
              "  SELECT id, parent_id, code, 0 FROM location WHERE code = ?1"
              "  UNION ALL SELECT l.id, l.parent_id, l.code, up.depth + 1"
              "  FROM location l JOIN up ON l.id = up.parent_id WHERE up.depth < " +
                  std::to_string(k_max_tree_depth) +
                  ") "
                  "SELECT l.id, l.code, l.name, l.kind, p.code, "
                  "  (SELECT group_concat(code, '/') FROM (SELECT code FROM up ORDER BY depth DESC)), "
                  "  (SELECT max(depth) FROM up) "
                  "FROM location l LEFT JOIN location p ON p.id = l.parent_id WHERE l.code = ?1");
  q.bind(1, code);
  if (!q.step()) {
    return std::nullopt;
  }
  Location l = read_location(q);
  l.path = q.column(5).as_text();
  l.depth = q.column(6).as_int();
  if (l.depth >= k_max_tree_depth) {
    // Only a file whose triggers were bypassed gets here; stop, never loop.
    throw storage_error("location " + l.code + ": its parent chain is a cycle or deeper than " +
                        std::to_string(k_max_tree_depth) + " levels; `" + command_ref("doctor") + "` names it");
  }
  return l;
}

// What the history keeps of a location: its stored fields (not the derived path).
Json stored_fields(const Location& l) {
  Json fields = location_json(l);
  fields.erase("path");
  return fields;
}

// The path of the already ordered location `code` (searching from the end,
// where the parent of the next node usually is).
std::string ordered_path(const std::vector<Location>& ordered, const std::string& code) {
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
    if (it->code == code) {
      return it->path;
    }
  }
  return code;
}

}  // namespace

Json location_json(const Location& l) {
  return {{"code", l.code},
          {"name", l.name},
          {"kind", l.kind},
          {"parent", l.parent ? Json(*l.parent) : Json()},
          {"path", l.path}};
}

const std::vector<std::string>& location_kinds() {
  static const std::vector<std::string> kinds = {"site", "building", "room", "warehouse", "cage", "row", "bin"};
  return kinds;
}

std::string location_subtree_sql(const std::string& parameter) {
  return "(WITH RECURSIVE below(id) AS (SELECT " + parameter +
         " UNION SELECT l2.id FROM location l2 JOIN below ON l2.parent_id = below.id) SELECT id FROM below)";
}

Location resolve_location(Database& db, const std::string& code) {
  auto l = find_location(db, code);
  if (!l) {
    throw not_found("unknown location '" + code + "' (`" + command_ref("location list") + "` shows every code)",
                    "location");
  }
  return *l;
}

Location add_location(Database& db, const std::string& actor, const NewLocation& input) {
  if (!is_key_text(input.code, 64)) {
    throw refused("location add: code '" + input.code +
                  "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  }
  const std::string name = trim(input.name);
  if (name.empty()) {
    throw Error(Problem::invalid, "location add: " + field_ref("name") + " must not be empty", "name");
  }
  const std::string kind = input.kind.value_or(input.parent ? "room" : "site");
  check_kind("add", kind);
  return write(db, [&] {
    if (auto existing = find_location(db, input.code)) {
      throw refused("location add: code '" + input.code + "' already exists (" + existing->path + ", " +
                    existing->name + ")");
    }
    std::optional<std::int64_t> parent_id;
    if (input.parent) {
      if (*input.parent == input.code) {
        throw refused("location add: '" + input.code + "' cannot be its own parent (that would be a cycle)");
      }
      auto parent = find_location(db, *input.parent);
      if (!parent) {
        throw refused("location add: parent location '" + *input.parent + "' does not exist; add it first or check `" +
                      command_ref("location list") + "`");
      }
      parent_id = parent->id;
    }
    Statement insert(db, "INSERT INTO location (code, name, kind, parent_id) VALUES (?, ?, ?, ?)");
    insert.bind(1, input.code);
    insert.bind(2, name);
    insert.bind(3, kind);
    if (parent_id) {
      insert.bind(4, *parent_id);
    }
    insert.exec();
    Location created = *find_location(db, input.code);
    append_event(db, actor, "create", "location", created.code, nullptr, stored_fields(created));
    return created;
  });
}

Location set_location(Database& db, const std::string& actor, const LocationChange& change) {
  if (!change.name && !change.kind && !change.parent) {
    throw refused("location set: nothing to change; give " + field_ref("name") + ", " + field_ref("kind") + " or " +
                  field_ref("parent"));
  }
  if (change.name && trim(*change.name).empty()) {
    throw Error(Problem::invalid, "location set: " + field_ref("name") + " must not be empty", "name");
  }
  if (change.kind) {
    check_kind("set", *change.kind);
  }
  return write(db, [&] {
    const Location before = resolve_location(db, change.code);
    Location after = before;
    std::optional<std::int64_t> parent_id;
    if (change.parent && !change.parent->empty()) {
      auto parent = find_location(db, *change.parent);
      if (!parent) {
        throw refused("location set: parent location '" + *change.parent + "' does not exist");
      }
      // A parent at or below the location itself would close a loop.
      if (parent->id == before.id || (parent->path + "/").rfind(before.path + "/", 0) == 0) {
        throw refused("location set: moving '" + before.code + "' under '" + parent->code + "' (" + parent->path +
                      ") would create a cycle in the location tree");
      }
      parent_id = parent->id;
    } else if (before.parent && !change.parent) {
      parent_id = resolve_location(db, *before.parent).id;
    }
    Statement update(db, "UPDATE location SET name = ?, kind = ?, parent_id = ? WHERE id = ?");
    update.bind(1, change.name ? trim(*change.name) : before.name);
    update.bind(2, change.kind.value_or(before.kind));
    if (parent_id) {
      update.bind(3, *parent_id);
    }
    update.bind(4, before.id);
    update.exec();
    after = *find_location(db, before.code);

    const auto [old_fields, new_fields] = changed_fields(stored_fields(before), stored_fields(after));
    if (!new_fields.empty()) {
      append_event(db, actor, "update", "location", after.code, old_fields, new_fields);
    }
    return after;
  });
}

std::vector<Location> list_locations(Database& db) {
  Statement q(db,
              "SELECT l.id, l.code, l.name, l.kind, p.code FROM location l "
              "LEFT JOIN location p ON p.id = l.parent_id ORDER BY l.code");
  std::vector<Location> all;
  while (q.step()) {
    all.push_back(read_location(q));
  }
  std::vector<Location> ordered;
  ordered.reserve(all.size());
  for (const auto& [i, depth] : tree_order(
           all, [](const Location& l) { return l.code; }, [](const Location& l) { return l.parent; })) {
    Location l = all[i];
    // Parents come first, so the parent's path is already known.
    l.path = depth == 0 ? l.code : ordered_path(ordered, *l.parent) + "/" + l.code;
    l.depth = depth;
    ordered.push_back(std::move(l));
  }
  return ordered;
}

}  // namespace tally
