#include "import_dialects.hpp"

#include "clock.hpp"
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
      {"status", "status"},
      {"status label", "status"},
      {"purchase date", "received_on"},
      {"purchase cost", "cost"},
      {"warranty", "warranty_months"},
      {"warranty months", "warranty_months"},
      {"warranty (months)", "warranty_months"},
      {"notes", "notes"},
      {"checked out to: username", "custodian"},
      {"username", "custodian"},
      // Known Snipe-IT columns that Tally does not keep.
      {"name", ""},
      {"item name", ""},
      {"asset name", ""},
      {"supplier", ""},
      {"order number", ""},
      {"checkout type", ""},
      {"checked out to", ""},
      {"checked out to: email", ""},
      {"email", ""},
      {"full name", ""},
      {"requestable", ""},
      {"image", ""},
      {"byod", ""},
      {"eol", ""},
      {"id", ""},
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

Columns::Columns(const CsvRow& header, const HeaderMap& map, const std::vector<std::string>& required,
                 ImportProblems& problems, const std::function<bool(std::size_t, const std::string&)>& claim) {
  std::vector<std::string> known;
  for (const auto& [name, field] : map) {
    known.push_back(name);
  }
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string written = trim(header.fields[i]);
    const auto found = map.find(lower(written));
    if (found == map.end()) {
      if (claim && claim(i, written)) {
        continue;  // a custom field's column
      }
      problems.add(header.line, written, "unknown header; expected one of: " + join(known));
      continue;
    }
    if (found->second.empty()) {
      continue;
    }
    if (m_at.count(found->second) > 0) {
      problems.add(header.line, written, "a second column for " + found->second);
      continue;
    }
    m_at[found->second] = {i, written};
  }
  for (const auto& field : required) {
    if (m_at.count(field) == 0) {
      problems.add(header.line, field, "missing; this column is required");
    }
  }
}

std::string Columns::get(const std::string& field) const {
  const auto found = m_at.find(field);
  return found == m_at.end() ? std::string() : trim(m_row->fields[found->second.first]);
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

std::optional<std::string> parse_loose_date(const std::string& text) {
  if (parse_date(text)) {
    return text;
  }
  // MM/DD/YYYY (Snipe-IT's US form); one-digit month and day accepted.
  const auto first = text.find('/');
  const auto second = first == std::string::npos ? std::string::npos : text.find('/', first + 1);
  if (second == std::string::npos) {
    return std::nullopt;
  }
  std::string month = text.substr(0, first);
  std::string day = text.substr(first + 1, second - first - 1);
  const std::string year = text.substr(second + 1);
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

std::optional<std::string> snipeit_status(const std::string& label) {
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
  const auto found = table.find(lower(trim(label)));
  if (found == table.end()) {
    return std::nullopt;
  }
  return found->second;
}

}  // namespace tally
