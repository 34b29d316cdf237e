#include "import_dialects.hpp"

#include "clock.hpp"
#include "error.hpp"
#include "import_resolver.hpp"
#include "models.hpp"
#include "money.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>

namespace tally {

namespace {

const HeaderMap& tally_asset_map() {
  static const HeaderMap map = [] {
    HeaderMap m;
    for (const auto& h : tally_asset_headers()) {
      m[h] = h;
    }
    m["rack"] = "";
    m["rack_u"] = "";
    return m;
  }();
  return map;
}

const HeaderMap& snipeit_asset_map() {
  // The importer's names (app/Importer/AssetImporter.php and ItemImporter.php,
  // sample_csvs/), its export and the custom report's (ReportsController.php).
  static const HeaderMap map = {
      {"asset tag", "tag"},
      {"serial number", "serial"},
      {"serial", "serial"},
      {"model name", "model"},
      {"model", "model"},
      {"model no.", "model_number"},
      {"model number", "model_number"},
      {"category", "category"},
      {"manufacturer", "manufacturer"},
      {"company", "company"},
      {"location", "location"},
      {"checked out to: location", "checkout_location"},
      {"status", "status"},
      {"status label", "status"},
      {"purchase date", "received_on"},
      {"purchased", "received_on"},
      {"purchase cost", "cost"},
      {"cost", "cost"},
      {"warranty", "warranty_months"},
      {"warranty months", "warranty_months"},
      {"warranty (months)", "warranty_months"},
      {"warranty expires", "warranty_ends"},
      {"notes", "notes"},
      {"asset notes", "notes"},
      {"checked out to: username", "custodian"},
      {"username", "custodian"},
      {"checked out to: first name", "custodian_first"},
      {"first name", "custodian_first"},
      {"checked out to: last name", "custodian_last"},
      {"last name", "custodian_last"},
      {"checked out to: email", "custodian_email"},
      {"email", "custodian_email"},
      {"full name", "custodian_name"},
      {"checked out", "custodian_name"},
      {"checkout type", "checkout_type"},
      {"type", "checkout_type"},
      // Known Snipe-IT columns that Tally does not keep.
      {"name", ""},
      {"item name", ""},
      {"asset name", ""},
      {"model notes", ""},
      {"supplier", ""},
      {"order number", ""},
      {"checked out to", ""},
      {"requestable", ""},
      {"image", ""},
      {"byod", ""},
      {"eol", ""},
      {"asset eol date", ""},
      {"id", ""},
      // The custom report's columns that Tally does not keep.
      {"checkout date", ""},
      {"last checkin date", ""},
      {"expected checkin date", ""},
      {"created at", ""},
      {"updated at", ""},
      {"deleted", ""},
      {"last audit", ""},
      {"next audit date", ""},
      {"url", ""},
      {"default location", ""},
      {"address", ""},
      {"city", ""},
      {"state", ""},
      {"country", ""},
      {"zip", ""},
      {"user address", ""},
      {"user city", ""},
      {"user state", ""},
      {"user country", ""},
      {"user zip", ""},
      {"employee no.", ""},
      {"manager", ""},
      {"department", ""},
      {"title", ""},
      {"phone", ""},
      {"current value", ""},
      {"diff", ""},
      {"fully depreciated", ""},
  };
  return map;
}

const HeaderMap& tally_license_map() {
  static const HeaderMap map = [] {
    HeaderMap m;
    for (const auto& h : tally_license_headers()) {
      m[h] = h;
    }
    for (const auto* informative : {"id", "used", "free", "over_allocated", "days_to_expiry"}) {
      m[informative] = "";
    }
    return m;
  }();
  return map;
}

const HeaderMap& snipeit_license_map() {
  static const HeaderMap map = {
      {"license name", "product"},
      {"item name", "product"},
      {"name", "product"},
      {"software name", "product"},
      {"product key", "key"},
      {"serial", "key"},
      {"serial number", "key"},
      {"seats", "seats"},
      {"manufacturer", "vendor"},
      {"supplier", "supplier"},
      {"purchase date", "starts_on"},
      {"expiration date", "expires_on"},
      {"purchase cost", "cost"},
      {"company", "company"},
      {"notes", "notes"},
      {"username", "person"},
      {"email", "person_email"},
      {"full name", "person_name"},
      {"order number", ""},
      {"purchase order", ""},
      {"reassignable", ""},
      {"maintained", ""},
      {"licensed to email", ""},
      {"licensed to name", ""},
      {"category", ""},
      {"termination date", ""},
      {"id", ""},
  };
  return map;
}

}  // namespace

const HeaderMap& asset_headers(Dialect dialect) {
  return dialect == Dialect::snipeit ? snipeit_asset_map() : tally_asset_map();
}

const HeaderMap& license_headers(Dialect dialect) {
  return dialect == Dialect::snipeit ? snipeit_license_map() : tally_license_map();
}

const char* dialect_name(Dialect dialect) {
  return dialect == Dialect::snipeit ? "snipeit" : "tally";
}

std::optional<std::string> resolve_header(const std::string& written, const HeaderMap& map,
                                          const ImportOptions& options) {
  const std::string key = lower(trim(written));
  for (const auto& ignored : options.ignored_columns) {
    if (lower(trim(ignored)) == key) {
      return std::string();
    }
  }
  const auto found = map.find(key);
  if (found == map.end()) {
    return std::nullopt;
  }
  return found->second;
}

Columns::Columns(const CsvRow& header, const HeaderMap& map, const std::vector<std::string>& required,
                 const ImportOptions& options, ImportProblems& problems,
                 const std::function<bool(std::size_t, const std::string&)>& claim) {
  std::vector<std::string> known;
  for (const auto& [name, field] : map) {
    known.push_back(name);
  }
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string written = trim(header.fields[i]);
    if (written.empty()) {
      m_unnamed.push_back(i);
      continue;
    }
    const auto field = resolve_header(written, map, options);
    if (!field) {
      if (claim && claim(i, written)) {
        continue;  // a custom field's column
      }
      unknown.push_back(written);
      continue;
    }
    if (field->empty()) {
      continue;
    }
    if (m_at.count(*field) > 0) {
      m_repeated.push_back({*field, i, written});
      continue;
    }
    m_at[*field] = {i, written};
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& name : unknown) {
      names += (names.empty() ? "'" : ", '") + name + "'";
    }
    problems.add(
        header.line, unknown.front(),
        (unknown.size() == 1 ? "unknown header" : std::to_string(unknown.size()) + " unknown headers: " + names) +
            "; expected one of: " + join(known) + " or a custom field (" + command_ref("field add") +
            "); keep the columns as new custom fields with " + field_ref("create_fields") +
            ", or leave a column out with " + field_ref("ignore_column") + " NAME");
  }
  for (const auto& field : required) {
    if (m_at.count(field) == 0) {
      problems.add(header.line, field, "missing; this column is required");
    }
  }
}

void Columns::check_row(std::int64_t line, ImportProblems& problems) const {
  for (const auto& r : m_repeated) {
    const auto& first = m_at.at(r.field);
    const std::string a = trim(m_row->fields[first.first]);
    const std::string b = trim(m_row->fields[r.index]);
    if (!a.empty() && !b.empty() && a != b) {
      problems.add(line, r.written,
                   "'" + b + "' but the earlier column '" + first.second + "' says '" + a +
                       "'; the two columns must agree (or one be empty)");
    }
  }
  for (const std::size_t i : m_unnamed) {
    if (!trim(m_row->fields[i]).empty()) {
      problems.add(line, "#" + std::to_string(i + 1),
                   "'" + trim(m_row->fields[i]) + "' in a column without a header; name the column or empty it");
    }
  }
}

std::string Columns::get(const std::string& field) const {
  const auto found = m_at.find(field);
  if (found == m_at.end()) {
    return std::string();
  }
  std::string value = trim(m_row->fields[found->second.first]);
  for (std::size_t r = 0; value.empty() && r < m_repeated.size(); ++r) {
    if (m_repeated[r].field == field) {
      value = trim(m_row->fields[m_repeated[r].index]);
    }
  }
  return value;
}

std::string Columns::header(const std::string& field) const {
  const auto found = m_at.find(field);
  return found == m_at.end() ? field : found->second.second;
}

// A Tally category for a Snipe-IT category name ("Laptops" -> laptop), else "other".
std::string tally_category(const std::string& name) {
  std::string key = lower(trim(name));
  for (auto& c : key) {
    if (c == ' ' || c == '_') {
      c = '-';
    }
  }
  for (const std::string& candidate :
       {key, key.size() > 1 && key.back() == 's' ? key.substr(0, key.size() - 1) : key,
        key.size() > 2 && key.compare(key.size() - 2, 2, "es") == 0 ? key.substr(0, key.size() - 2) : key}) {
    const auto& all = model_categories();
    if (std::find(all.begin(), all.end(), candidate) != all.end()) {
      return candidate;
    }
  }
  return "other";
}

// A location code for a Snipe-IT location name: letters, digits, '.', '_'
// and '-' kept, anything else turned into '-', at most 64 characters.
std::string location_code_for(const std::string& name) {
  std::string code;
  for (unsigned char c : name) {
    const bool keep = std::isalnum(c) || c == '.' || c == '_' || c == '-';
    if (keep) {
      code.push_back(static_cast<char>(std::toupper(c)));
    } else if (!code.empty() && code.back() != '-') {
      code.push_back('-');
    }
  }
  while (!code.empty() && code.back() == '-') {
    code.pop_back();
  }
  return code.substr(0, 64);
}

const char* snipeit_status_labels() {
  return "Ready to Deploy, Deployable, Pending, Deployed, Out for Repair, Out for Diagnostics, Undeployable, Broken - "
         "Not Fixable, Archived, Lost/Stolen";
}

const std::vector<std::string>& tally_asset_headers() {
  static const std::vector<std::string> headers = {
      "tag",      "serial",      "manufacturer",  "model",    "category", "status",
      "location", "owner_team",  "custodian",     "po",       "po_line",  "cost",
      "currency", "received_on", "warranty_ends", "hostname", "rack",     "rack_u"};
  return headers;
}

const std::vector<std::string>& tally_license_headers() {
  static const std::vector<std::string> headers = {"id",
                                                   "product",
                                                   "vendor",
                                                   "type",
                                                   "seats",
                                                   "used",
                                                   "free",
                                                   "over_allocated",
                                                   "allow_overallocation",
                                                   "starts_on",
                                                   "expires_on",
                                                   "days_to_expiry",
                                                   "team",
                                                   "po",
                                                   "cost",
                                                   "currency",
                                                   "key"};
  return headers;
}

std::optional<std::int64_t> parse_loose_amount(const std::string& text, const std::string& currency) {
  std::string digits;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '$' || c == '\'') {
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      continue;  // currency signs such as € or £ in UTF-8
    }
    digits.push_back(c);
  }
  if (digits.size() >= 3 && is_currency_code(digits.substr(0, 3))) {
    digits.erase(0, 3);
  } else if (digits.size() >= 3 && is_currency_code(digits.substr(digits.size() - 3))) {
    digits.erase(digits.size() - 3);
  }
  if (digits.empty()) {
    return std::nullopt;
  }
  return parse_amount(digits, currency);
}

namespace {

bool digits_only(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// A time of day as Snipe-IT and spreadsheets write it after a date: H:MM,
// HH:MM:SS, with optional fractions of a second and AM/PM.
bool is_time_of_day(std::string text) {
  text = lower(trim(text));
  bool twelve = false;
  if (text.size() > 2 && (text.compare(text.size() - 2, 2, "am") == 0 || text.compare(text.size() - 2, 2, "pm") == 0)) {
    text = trim(text.substr(0, text.size() - 2));
    twelve = true;
  }
  if (const auto dot = text.find('.'); dot != std::string::npos) {
    if (!digits_only(text.substr(dot + 1))) {
      return false;
    }
    text.erase(dot);
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) {
      break;
    }
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return false;
  }
  const int limits[] = {twelve ? 12 : 23, 59, 59};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!digits_only(parts[i]) || parts[i].size() > 2 || (i > 0 && parts[i].size() != 2) ||
        std::stoi(parts[i]) > limits[i] || (twelve && i == 0 && parts[i] == "0")) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> parse_loose_date(const std::string& input) {
  std::string text = trim(input);
  // A time after the date (the custom report's "2023-01-23 00:00:00") is
  // dropped: Tally keeps days.
  if (const auto cut = text.find_first_of(" T"); cut != std::string::npos) {
    if (!is_time_of_day(text.substr(cut + 1))) {
      return std::nullopt;
    }
    text = text.substr(0, cut);
  }
  if (parse_date(text)) {
    return text;
  }
  // M/D/YYYY or M/D/YY (Snipe-IT's US form); one-digit month and day accepted.
  const auto first = text.find('/');
  const auto second = first == std::string::npos ? std::string::npos : text.find('/', first + 1);
  if (second == std::string::npos) {
    return std::nullopt;
  }
  std::string month = text.substr(0, first);
  std::string day = text.substr(first + 1, second - first - 1);
  std::string year = text.substr(second + 1);
  if (!digits_only(month) || !digits_only(day) || !digits_only(year) || month.size() > 2 || day.size() > 2 ||
      (year.size() != 2 && year.size() != 4)) {
    return std::nullopt;
  }
  if (year.size() == 2) {
    // POSIX strptime's %y window: 69-99 are 1969-1999, 00-68 are 2000-2068.
    year = (std::stoi(year) >= 69 ? "19" : "20") + year;
  }
  auto pad = [](std::string& part) {
    if (part.size() == 1) {
      part = "0" + part;
    }
  };
  pad(month);
  pad(day);
  const std::string iso = year + "-" + month + "-" + day;
  if (!parse_date(iso)) {
    return std::nullopt;
  }
  return iso;
}

std::optional<bool> parse_loose_bool(const std::string& text) {
  const std::string value = lower(trim(text));
  if (value == "yes" || value == "true" || value == "1" || value == "y") {
    return true;
  }
  if (value == "no" || value == "false" || value == "0" || value == "n") {
    return false;
  }
  return std::nullopt;
}

std::optional<std::string> snipeit_status(const std::string& label, const std::map<std::string, std::string>& site) {
  static const std::map<std::string, std::string> table = {
      {"ready to deploy", "in_stock"},
      {"deployable", "in_stock"},
      {"pending", "staging"},
      {"deployed", "deployed"},
      {"out for repair", "in_repair"},
      {"out for diagnostics", "in_repair"},
      {"undeployable", "in_repair"},
      {"broken - not fixable", "retired"},
      {"archived", "retired"},
      {"lost/stolen", "lost"},
      {"lost", "lost"},
      {"stolen", "lost"},
  };
  // Snipe-IT's meta statuses, as the custom report writes them in parentheses.
  static const std::map<std::string, std::string> meta = {
      {"deployable", "in_stock"}, {"deployed", "deployed"},      {"pending", "staging"},
      {"archived", "retired"},    {"undeployable", "in_repair"},
  };
  const auto known = [&](const std::string& key) -> std::optional<std::string> {
    if (const auto found = site.find(key); found != site.end()) {
      return found->second;
    }
    if (const auto found = table.find(key); found != table.end()) {
      return found->second;
    }
    return std::nullopt;
  };
  const std::string key = lower(trim(label));
  if (auto status = known(key)) {
    return status;
  }
  // "Ready to Deploy (deployable)": the label, else its meta status.
  const auto open = key.rfind('(');
  if (open == std::string::npos || open == 0 || key.back() != ')') {
    return std::nullopt;
  }
  if (auto status = known(trim(key.substr(0, open)))) {
    return status;
  }
  if (const auto found = meta.find(trim(key.substr(open + 1, key.size() - open - 2))); found != meta.end()) {
    return found->second;
  }
  return std::nullopt;
}

}  // namespace tally
