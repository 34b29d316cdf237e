#pragma once

#include "importing.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tally {

class Database;

// One thing wrong with an import file: where (the line and the column as the
// file names it) and what. A problem without a line is the CSV reader's own
// message (malformed quoting, a short record), which says its line itself.
struct ImportProblem {
  std::optional<std::int64_t> line;
  std::string column;
  std::string text;  // may hold marks (field_ref, command_ref)
  // "line N, column 'X': text", or the reader's message as it is.
  std::string message() const;
};

// Every problem of a file, in the order found.
class ImportProblems {
 public:
  // A problem of a value: the line, the column as the file writes it, what is wrong.
  void add(std::int64_t line, const std::string& column, const std::string& text) {
    m_items.push_back({line, column, text});
  }
  // The CSV reader refused the file at some point (its message names the line).
  void add_unreadable(const std::string& reader_message) { m_items.push_back({std::nullopt, {}, reader_message}); }
  bool empty() const { return m_items.empty(); }
  std::size_t size() const { return m_items.size(); }
  // Removes and returns the problems added after the first `count` (to put
  // back with restore once problems of earlier lines are in).
  std::vector<ImportProblem> take_after(std::size_t count) {
    std::vector<ImportProblem> later(m_items.begin() + static_cast<std::ptrdiff_t>(count), m_items.end());
    m_items.resize(count);
    return later;
  }
  void restore(const std::vector<ImportProblem>& later) { m_items.insert(m_items.end(), later.begin(), later.end()); }
  const std::vector<ImportProblem>& items() const { return m_items; }

 private:
  std::vector<ImportProblem> m_items;
};

// The counts of an import, one per kind of record in the order first met. A
// deque, so that a reference held by the caller stays valid when a kind is added.
class ImportCounts {
 public:
  // The counter of a kind of record, added at zero when new.
  ImportCount& of(const std::string& kind);
  const std::deque<ImportCount>& all() const { return m_counts; }

 private:
  std::deque<ImportCount> m_counts;
};

// Cost columns as the row gives them: minor units and the currency.
struct ImportCost {
  std::int64_t minor = 0;
  std::string currency;
};

// What a row's names refer to: vendors, models, locations, teams, people and
// purchase orders, each looked up once per import and kept. A Snipe-IT
// import creates a missing vendor, model or location (with its event). A
// name that resolves to nothing adds a problem and returns nullopt.
class Resolver {
 public:
  Resolver(Database& db, const std::string& actor, const ImportOptions& options, ImportProblems& problems,
           ImportCounts& counts)
      : m_db(db), m_actor(actor), m_options(options), m_problems(problems), m_counts(counts) {}

  bool snipeit() const { return m_options.dialect == Dialect::snipeit; }

  // The vendor's id (a Snipe-IT import creates a missing one, as a manufacturer or supplier).
  std::optional<std::int64_t> vendor(std::int64_t line, const std::string& column, const std::string& name,
                                     bool manufacturer);

  // What an asset import needs of a model.
  struct ModelInfo {
    std::int64_t id = 0;
    std::string category;
    bool serialized = true;
    std::string part_number;           // "" when the model has none
    std::int64_t created_at_line = 0;  // the row that created it in this import, else 0
  };
  // The model of this manufacturer (a Snipe-IT import creates a missing one,
  // with the row's part number). A row whose part number is not the model's
  // is refused: Tally keeps one part number per model.
  std::optional<ModelInfo> model(std::int64_t line, const std::string& column, std::int64_t manufacturer_id,
                                 const std::string& manufacturer, const std::string& name, const std::string& category,
                                 const std::string& part_number);
  // The location with this code (a Snipe-IT import also matches a name, and
  // creates a missing location as a site).
  std::optional<std::int64_t> location(std::int64_t line, const std::string& column, const std::string& text);
  // The team with this code.
  std::optional<std::int64_t> team(std::int64_t line, const std::string& column, const std::string& text);
  // The person with this username.
  std::optional<std::int64_t> person(std::int64_t line, const std::string& column, const std::string& text);
  // What a Snipe-IT row says of a person (a custodian or a seat holder).
  struct PersonCells {
    std::string username, first, last, full, email;
  };
  // The person a Snipe-IT row names, by username (else the email's local
  // part, else first.last of the name); nullopt when the row names nobody.
  // A person Tally does not have is created with `create_people` (team:
  // `team_id`, the row's owning team; its normal `create` event), else
  // recorded for missing_people_problem() and `missing` set. `username` is
  // set to the username looked up.
  std::optional<std::int64_t> snipeit_person(std::int64_t line, const std::string& column, const PersonCells& cells,
                                             std::optional<std::int64_t> team_id, bool& missing, std::string& username);
  // Adds one problem listing every person the rows named that Tally does
  // not have, with their rows (nothing when there is none).
  void missing_people_problem();
  // The purchase order with this number.
  std::optional<std::int64_t> purchase_order(std::int64_t line, const std::string& column, const std::string& number);
  // Line `line_no` of the purchase order `po_id` (numbered `po`).
  std::optional<std::int64_t> po_line(std::int64_t line, const std::string& column, std::int64_t po_id,
                                      const std::string& po, std::int64_t line_no);
  // The owning team of a Snipe-IT row: its Company through the company map, else the import's team.
  std::optional<std::int64_t> company_team(std::int64_t line, const std::string& column, const std::string& company);

  // A date column: strict YYYY-MM-DD, or for Snipe-IT also MM/DD/YYYY; sets `bad` when it is not one.
  std::optional<std::string> date(std::int64_t line, const std::string& column, const std::string& text, bool& bad);
  // Cost and currency columns (the currency defaults to the setting); nullopt
  // for no cost or a bad one (then `bad` is set).
  std::optional<ImportCost> cost(std::int64_t line, const std::string& cost_column, const std::string& cost_text,
                                 const std::string& currency_column, const std::string& currency_text, bool& bad);
  // How to find the decimal separator the file settles on (the first cost
  // that only one convention reads, and its line): asked once, when a cost
  // both read differently comes before any that settles it.
  void on_ambiguous_decimal(std::function<std::optional<std::pair<DecimalMark, std::int64_t>>()> find) {
    m_find_mark = std::move(find);
  }

 private:
  using Cache = std::map<std::string, std::variant<std::int64_t, std::string>>;
  // The id `resolve` finds for `text`, kept per lower-case text; a refusal is
  // kept too and added as a problem at every row that names it.
  template <typename Resolve>
  std::optional<std::int64_t> cached(Cache& cache, const std::string& text, std::int64_t line,
                                     const std::string& column, Resolve resolve);
  const std::string& default_currency();

  Database& m_db;
  const std::string& m_actor;
  const ImportOptions& m_options;
  ImportProblems& m_problems;
  ImportCounts& m_counts;
  std::map<std::string, std::int64_t> m_vendors;
  std::map<std::pair<std::int64_t, std::string>, ModelInfo> m_models;
  Cache m_locations, m_teams, m_people, m_pos;
  struct Missing {
    std::string username, column;
    std::vector<std::int64_t> lines;
  };
  std::map<std::string, std::int64_t> m_snipeit_people;  // lower-case username -> id
  std::map<std::string, Missing> m_missing_people;       // lower-case username -> rows
  std::vector<std::string> m_missing_order;
  std::string m_currency;
  std::optional<DecimalMark> m_settled;
  std::int64_t m_settled_line = 0;
  std::function<std::optional<std::pair<DecimalMark, std::int64_t>>()> m_find_mark;
};

}  // namespace tally
