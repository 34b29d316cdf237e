#include "vendors.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "text.hpp"

namespace tally {

namespace {

constexpr const char* k_vendor_columns =
    "SELECT id, name, is_supplier, is_manufacturer, email, phone, url FROM vendor ";

Vendor read_vendor(Statement& q) {
  Vendor v;
  v.id = q.column(0).as_int64();
  v.name = q.column(1).as_text();
  v.supplier = q.column(2).as_int() != 0;
  v.manufacturer = q.column(3).as_int() != 0;
  v.email = text_or_null(q.column(4));
  v.phone = text_or_null(q.column(5));
  v.url = text_or_null(q.column(6));
  return v;
}

std::optional<Vendor> find_vendor(Database& db, const std::string& name) {
  Statement q(db, std::string(k_vendor_columns) + "WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) {
    return std::nullopt;
  }
  return read_vendor(q);
}

}  // namespace

Json vendor_json(const Vendor& v) {
  auto opt = [](const std::optional<std::string>& s) { return s ? Json(*s) : Json(); };
  return {{"name", v.name},        {"supplier", v.supplier}, {"manufacturer", v.manufacturer},
          {"email", opt(v.email)}, {"phone", opt(v.phone)},  {"url", opt(v.url)}};
}

Vendor insert_vendor(Database& db, const std::string& actor, const NewVendor& input) {
  Vendor v;
  v.name = trim(input.name);
  if (v.name.empty()) {
    throw refused("vendor add: the name must not be empty");
  }
  if (input.email && !looks_like_email(*input.email)) {
    throw Error(
        Problem::invalid,
        "vendor add: " + field_ref("email") + " '" + *input.email + "' is not an email address like sales@example.com",
        "email");
  }
  v.supplier = input.supplier || !input.manufacturer;
  v.manufacturer = input.manufacturer || !input.supplier;
  v.email = input.email;
  v.phone = input.phone;
  v.url = input.url;
  try {
    if (auto existing = find_vendor(db, v.name)) {
      throw refused("vendor add: vendor '" + existing->name + "' already exists");
    }
    Statement insert(db,
                     "INSERT INTO vendor (name, is_supplier, is_manufacturer, email, phone, url) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, v.name);
    insert.bind(2, v.supplier ? 1 : 0);
    insert.bind(3, v.manufacturer ? 1 : 0);
    int index = 4;
    for (const auto* field : {&v.email, &v.phone, &v.url}) {
      if (*field) {
        insert.bind(index, **field);
      }
      ++index;
    }
    insert.exec();
    v.id = db.last_insert_rowid();
    append_event(db, actor, "create", "vendor", v.name, nullptr, vendor_json(v));
    return v;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Vendor add_vendor(Database& db, const std::string& actor, const NewVendor& input) {
  return write(db, [&] { return insert_vendor(db, actor, input); });
}

std::vector<Vendor> list_vendors(Database& db) {
  Statement q(db, std::string(k_vendor_columns) + "ORDER BY name");
  std::vector<Vendor> vendors;
  while (q.step()) {
    vendors.push_back(read_vendor(q));
  }
  return vendors;
}

Vendor resolve_vendor(Database& db, const std::string& name) {
  if (auto v = find_vendor(db, trim(name))) {
    return *v;
  }
  Statement like(db, "SELECT name FROM vendor WHERE instr(lower(name), lower(?)) > 0 ORDER BY name LIMIT 5");
  like.bind(1, trim(name));
  std::string suggestions;
  while (like.step()) {
    suggestions += (suggestions.empty() ? "" : ", ") + like.column(0).as_text();
  }
  throw not_found("unknown vendor '" + name + "'" + (suggestions.empty() ? "" : "; did you mean " + suggestions + "?") +
                      " (add it with `" + command_ref("vendor add") + "`)",
                  "vendor");
}

}  // namespace tally
