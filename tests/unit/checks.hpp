#pragma once

// Checks and seeds shared by the unit tests: a refusal with its kind,
// problem and field, a dump of every row of a database to compare before and
// after one, and the locations, vendors and models most fixtures start with.

#include "db.hpp"
#include "error.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace tally::test {

// What a refused Error said: its problem, field and plain text.
struct Refusal {
  Problem problem = Problem::invalid;
  std::string field;
  std::string what;
};

// Runs `f`, expects an Error of kind refused and returns what it said.
inline Refusal refusal_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused) << e.what();
    return {e.problem(), e.field(), e.what()};
  }
  ADD_FAILURE() << "expected a refusal";
  return {};
}

// Every row of every table of `sql` as text, table by table in name order,
// rows in rowid order: equal dumps mean nothing was written.
inline std::string dump_rows(store::Connection& sql) {
  std::vector<std::string> tables;
  {
    Statement q(sql,
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                "ORDER BY name");
    while (q.step()) {
      tables.push_back(q.column(0).as_text());
    }
  }
  std::string out;
  for (const auto& table : tables) {
    out += "== " + table + "\n";
    Statement q(sql, "SELECT * FROM \"" + table + "\"");
    while (q.step()) {
      for (int i = 0; i < q.column_count(); ++i) {
        const Field f = q.column(i);
        out += (i == 0 ? "" : "|") + (f.is_null() ? std::string("NULL") : "'" + f.as_text() + "'");
      }
      out += "\n";
    }
  }
  return out;
}

// The rows that differ between two dumps of dump_rows, one a line: "- TABLE:
// ROW" for a row only in `before`, "+ TABLE: ROW" for one only in `after`;
// "" when they hold the same rows. Compare it with "" to see just the change.
inline std::string row_changes(const std::string& before, const std::string& after) {
  const auto rows = [](const std::string& dump) {
    std::vector<std::string> out;
    std::istringstream in(dump);
    std::string line;
    std::string table;
    while (std::getline(in, line)) {
      if (line.rfind("== ", 0) == 0) {
        table = line.substr(3);
      } else {
        out.push_back(table + ": " + line);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> a = rows(before);
  const std::vector<std::string> b = rows(after);
  std::vector<std::string> gone;
  std::vector<std::string> added;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(gone));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(added));
  std::string out;
  for (const auto& row : gone) {
    out += "- " + row + "\n";
  }
  for (const auto& row : added) {
    out += "+ " + row + "\n";
  }
  return out;
}

// A warehouse location with this code (no parent).
inline void seed_warehouse(Database& db, const std::string& code) {
  add_location(db, "t", {code, "Warehouse", std::string("warehouse"), std::nullopt});
}

// Vendors with these names (suppliers and manufacturers alike).
inline void seed_vendors(Database& db, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    NewVendor vendor;
    vendor.name = name;
    add_vendor(db, "t", vendor);
  }
}

// A model to add (`add_model`); the caller sets what else it needs.
inline NewModel model_of(const std::string& manufacturer, const std::string& name, const std::string& category) {
  NewModel model;
  model.manufacturer = manufacturer;
  model.name = name;
  model.category = category;
  return model;
}

}  // namespace tally::test
