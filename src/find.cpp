#include "find.hpp"

#include "db.hpp"
#include "error.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>

namespace tally {

namespace {

// Every field of every asset that holds the text, with its field's rank.
constexpr const char* k_find_query =
    "SELECT a.id, 'tag', a.tag, 0 FROM asset a WHERE instr(lower(a.tag), ?1) > 0 "
    "UNION ALL SELECT a.id, 'serial', a.serial, 1 FROM asset a WHERE instr(lower(a.serial), ?1) > 0 "
    "UNION ALL SELECT a.id, 'hostname', a.hostname, 2 FROM asset a "
    "WHERE a.hostname IS NOT NULL AND instr(lower(a.hostname), ?1) > 0 "
    "UNION ALL SELECT b.asset_id, 'barcode', b.code, 3 FROM asset_barcode b WHERE instr(lower(b.code), ?1) > 0 "
    "UNION ALL SELECT a.id, 'notes', a.notes, 4 FROM asset a "
    "WHERE ?2 AND a.notes IS NOT NULL AND instr(lower(a.notes), ?1) > 0";

constexpr std::size_t k_hint_min_length = 3;
constexpr std::int64_t k_hint_count = 3;

struct Hit {
  std::int64_t id = 0;
  std::string field;
  std::string value;
  int field_rank = 0;
  MatchKind match = MatchKind::substring;
};

MatchKind match_of(const std::string& value, const std::string& needle) {
  const std::string v = lower(value);
  if (v == needle) {
    return MatchKind::exact;
  }
  return v.compare(0, needle.size(), needle) == 0 ? MatchKind::prefix : MatchKind::substring;
}

bool better(const Hit& a, const Hit& b) {
  if (a.match != b.match) {
    return a.match < b.match;
  }
  return a.field_rank < b.field_rank;
}

}  // namespace

std::string match_kind_name(MatchKind kind) {
  switch (kind) {
    case MatchKind::exact:
      return "exact";
    case MatchKind::prefix:
      return "prefix";
    case MatchKind::substring:
      return "substring";
  }
  return "substring";
}

std::vector<FoundAsset> find_assets(Database& db, const std::string& text, std::int64_t limit, FindFields fields) {
  const std::string needle = lower(trim(text));
  if (needle.empty()) {
    throw Error(Problem::invalid, "asset find: give the text to look for", "text");
  }
  if (limit < 1) {
    throw Error(Problem::invalid, "asset find: " + field_ref("limit") + " must be 1 or more", "limit");
  }
  Statement q(db, k_find_query);
  q.bind(1, needle);
  q.bind(2, static_cast<std::int64_t>(fields == FindFields::all ? 1 : 0));
  std::map<std::int64_t, Hit> best;  // per asset
  while (q.step()) {
    Hit hit;
    hit.id = q.column(0).as_int64();
    hit.field = q.column(1).as_text();
    hit.value = q.column(2).as_text();
    hit.field_rank = q.column(3).as_int();
    hit.match = match_of(hit.value, needle);
    const auto it = best.find(hit.id);
    if (it == best.end()) {
      best.emplace(hit.id, std::move(hit));
    } else if (better(hit, it->second)) {
      it->second = std::move(hit);
    }
  }
  std::vector<FoundAsset> found;
  for (const auto& [id, hit] : best) {
    found.push_back({asset_by_id(db, id), hit.field, hit.value, hit.match});
  }
  const auto rank = [&](const FoundAsset& f) { return best.at(f.asset.id).field_rank; };
  std::sort(found.begin(), found.end(), [&](const FoundAsset& a, const FoundAsset& b) {
    if (a.match != b.match) {
      return a.match < b.match;
    }
    if (rank(a) != rank(b)) {
      return rank(a) < rank(b);
    }
    return a.asset.tag < b.asset.tag;
  });
  if (found.size() > static_cast<std::size_t>(limit)) {
    found.resize(static_cast<std::size_t>(limit));
  }
  return found;
}

Json found_asset_json(const FoundAsset& found) {
  Json row = {{"match", match_kind_name(found.match)}, {"field", found.field}, {"value", found.value}};
  row.update(asset_json(found.asset));
  return row;
}

std::vector<Column> found_asset_columns() {
  return {{"tag", "tag"},           {"match", "match"},       {"field", "field"}, {"value", "value"},
          {"serial", "serial"},     {"manufacturer", "make"}, {"model", "model"}, {"status", "status"},
          {"location", "location"}, {"hostname", "hostname"}};
}

std::string near_matches_hint(Database& db, const std::string& code) {
  if (trim(code).size() < k_hint_min_length) {
    return "";
  }
  const auto found = find_assets(db, code, k_hint_count, FindFields::identifiers);
  if (found.empty()) {
    return "";
  }
  std::string list;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const FoundAsset& f = found[i];
    list += i == 0 ? "" : (i + 1 == found.size() ? " or " : ", ");
    list += f.field == "tag" ? f.asset.tag : f.value + " (" + f.asset.tag + ")";
  }
  return "; did you mean " + list + "?";
}

}  // namespace tally
