#include "models.hpp"

#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <algorithm>

namespace tally {

namespace {

constexpr const char* k_model_columns =
    "SELECT m.id, m.manufacturer_id, v.name, m.name, m.part_number, m.gtin, m.category, m.u_height_halves, "
    "m.full_depth, m.serialized, m.stores_data, m.warranty_months FROM model m JOIN vendor v ON v.id = "
    "m.manufacturer_id ";

Model read_model(Statement& q) {
  Model m;
  m.id = q.column(0).as_int64();
  m.manufacturer_id = q.column(1).as_int64();
  m.manufacturer = q.column(2).as_text();
  m.name = q.column(3).as_text();
  if (!q.column(4).is_null()) {
    m.part_number = q.column(4).as_text();
  }
  if (!q.column(5).is_null()) {
    m.gtin = q.column(5).as_text();
  }
  m.category = q.column(6).as_text();
  m.u_height_halves = q.column(7).as_int();
  m.full_depth = q.column(8).as_int() != 0;
  m.serialized = q.column(9).as_int() != 0;
  m.stores_data = q.column(10).as_int() != 0;
  m.warranty_months = q.column(11).as_int();
  return m;
}

// Heights as JSON numbers: 0.5 and 10.5 are exact in binary floating point.
Json u_height_json(int halves) {
  return halves % 2 == 0 ? Json(halves / 2) : Json(halves / 2.0);
}

std::vector<Model> query_models(Database& db, const std::string& where, const std::string& value) {
  Statement q(db, std::string(k_model_columns) + where + " ORDER BY v.name, m.name");
  if (!value.empty()) {
    q.bind(1, value);
  }
  std::vector<Model> models;
  while (q.step()) {
    models.push_back(read_model(q));
  }
  return models;
}

std::string join_names(const std::vector<Model>& models) {
  std::string out;
  for (const auto& m : models) {
    out += (out.empty() ? "" : ", ") + m.display_name();
  }
  return out;
}

}  // namespace

Json model_json(const Model& m) {
  auto opt = [](const std::optional<std::string>& s) { return s ? Json(*s) : Json(); };
  return {{"manufacturer", m.manufacturer},
          {"model", m.name},
          {"part_number", opt(m.part_number)},
          {"gtin", opt(m.gtin)},
          {"category", m.category},
          {"u_height", u_height_json(m.u_height_halves)},
          {"full_depth", m.full_depth},
          {"bulk", !m.serialized},
          {"stores_data", m.stores_data},
          {"warranty_months", m.warranty_months}};
}

const std::vector<std::string>& model_categories() {
  static const std::vector<std::string> categories = {"server", "switch",      "router", "firewall",  "storage",
                                                      "pdu",    "patch-panel", "laptop", "desktop",   "monitor",
                                                      "phone",  "optic",       "cable",  "component", "other"};
  return categories;
}

std::optional<int> parse_half_units(std::string_view text, int max_halves) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 3 || !std::all_of(whole.begin(), whole.end(), ::isdigit)) {
    return std::nullopt;
  }
  int halves = std::stoi(std::string(whole)) * 2;
  if (dot != std::string_view::npos) {
    if (fraction == "5") {
      ++halves;
    } else if (fraction != "0") {
      return std::nullopt;
    }
  }
  if (halves > max_halves) {
    return std::nullopt;
  }
  return halves;
}

std::optional<int> parse_u_height(std::string_view text) {
  return parse_half_units(text, 200);
}

std::string format_u_height(int halves) {
  return std::to_string(halves / 2) + (halves % 2 != 0 ? ".5" : "");
}

Model insert_model(Database& db, const std::string& actor, const NewModel& input) {
  const std::string name = trim(input.name);
  if (name.empty()) {
    throw refused("model add: the model name must not be empty");
  }
  require_one_of("model add", "category", input.category, model_categories());
  if (input.gtin && !is_valid_gtin(*input.gtin)) {
    throw Error(Problem::invalid,
                "model add: " + field_ref("gtin") + " '" + *input.gtin +
                    "' is not a GTIN (8, 12, 13 or 14 digits with a correct GS1 check digit)",
                "gtin");
  }
  int halves = 0;
  if (input.u_height) {
    const auto parsed = parse_u_height(*input.u_height);
    if (!parsed) {
      throw Error(
          Problem::invalid,
          "model add: " + field_ref("u_height") + " '" + *input.u_height + "' must be 0, 0.5, 1, 1.5, 2, ... up to 100",
          "u_height");
    }
    halves = *parsed;
  }
  if (input.warranty_months < 0 || input.warranty_months > 240) {
    throw Error(Problem::invalid,
                "model add: " + field_ref("warranty_months") + " " + std::to_string(input.warranty_months) +
                    " must be between 0 and 240",
                "warranty_months");
  }
  try {
    const Vendor maker = resolve_vendor(db, input.manufacturer);
    const auto same = query_models(
        db, "WHERE m.manufacturer_id = " + std::to_string(maker.id) + " AND m.name = ?1 COLLATE NOCASE", name);
    if (!same.empty()) {
      throw refused("model add: " + same.front().display_name() + " already exists");
    }
    if (input.gtin) {
      // 09506000134352 and 9506000134352 are the same GTIN.
      const auto with_gtin = query_models(
          db, "WHERE m.gtin IS NOT NULL AND substr('00000000000000' || m.gtin, -14) = ?1", gtin14(*input.gtin));
      if (!with_gtin.empty()) {
        throw refused("model add: GTIN " + *input.gtin + " already belongs to " + with_gtin.front().display_name());
      }
    }
    if (!maker.manufacturer) {
      Statement mark(db, "UPDATE vendor SET is_manufacturer = 1 WHERE id = ?");
      mark.bind(1, maker.id);
      mark.exec();
      append_event(db, actor, "update", "vendor", maker.name, {{"manufacturer", false}}, {{"manufacturer", true}});
    }
    Statement insert(db,
                     "INSERT INTO model (manufacturer_id, name, part_number, gtin, category, u_height_halves, "
                     "full_depth, serialized, stores_data, warranty_months) VALUES (?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, maker.id);
    insert.bind(2, name);
    if (input.part_number) {
      insert.bind(3, *input.part_number);
    }
    if (input.gtin) {
      insert.bind(4, *input.gtin);
    }
    insert.bind(5, input.category);
    insert.bind(6, halves);
    insert.bind(7, input.full_depth ? 1 : 0);
    insert.bind(8, input.bulk ? 0 : 1);
    insert.bind(9, input.stores_data ? 1 : 0);
    insert.bind(10, input.warranty_months);
    insert.exec();
    const Model created = model_by_id(db, db.last_insert_rowid());
    append_event(db, actor, "create", "model", created.display_name(), nullptr, model_json(created));
    return created;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Model add_model(Database& db, const std::string& actor, const NewModel& input) {
  return write(db, [&] { return insert_model(db, actor, input); });
}

std::vector<Model> list_models(Database& db) {
  return query_models(db, "", "");
}

Model model_by_id(Database& db, std::int64_t id) {
  const auto found = query_models(db, "WHERE m.id = " + std::to_string(id), "");
  if (found.empty()) {
    throw refused("model: no model with id " + std::to_string(id));
  }
  return found.front();
}

Model resolve_model(Database& db, const std::string& text) {
  const std::string needle = trim(text);
  // "MANUFACTURER MODEL": find the vendors whose name starts the text, then
  // their model by name, so that the (manufacturer_id, name) index serves
  // instead of a scan of every model.
  auto exact = query_models(db,
                            "WHERE m.manufacturer_id IN (SELECT id FROM vendor "
                            "WHERE substr(?1, 1, length(name) + 1) = name || ' ' COLLATE NOCASE) "
                            "AND m.name = substr(?1, length(v.name) + 2) COLLATE NOCASE",
                            needle);
  if (exact.size() == 1) {
    return exact.front();
  }
  for (const char* where : {"WHERE m.name = ?1 COLLATE NOCASE", "WHERE m.part_number = ?1 COLLATE NOCASE"}) {
    auto matches = query_models(db, where, needle);
    if (matches.size() == 1) {
      return matches.front();
    }
    if (matches.size() > 1) {
      throw refused("model '" + needle + "' is ambiguous: " + join_names(matches) + "; give \"MANUFACTURER MODEL\"");
    }
  }
  if (is_valid_gtin(needle)) {
    auto matches =
        query_models(db, "WHERE m.gtin IS NOT NULL AND substr('00000000000000' || m.gtin, -14) = ?1", gtin14(needle));
    if (matches.size() == 1) {
      return matches.front();
    }
  }
  throw not_found(
      "unknown model '" + needle + "'; give \"MANUFACTURER MODEL\" as in `" + command_ref("model list") + "`", "model");
}

}  // namespace tally
