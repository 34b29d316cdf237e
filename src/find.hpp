#pragma once

#include "assets.hpp"
#include "render.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tally {

class Database;

// How well a text matched a field of an asset, best first.
enum class MatchKind { exact, prefix, substring };

// One asset that `tally asset find` found, with the field that matched best.
struct FoundAsset {
  Asset asset;
  std::string field;  // tag, serial, hostname, barcode or notes
  std::string value;  // that field's value
  MatchKind match = MatchKind::substring;
};

// Which fields find_assets looks in.
enum class FindFields { all, identifiers };

// The assets whose tag, serial, hostname, external barcodes or notes hold
// `text` (case-insensitive), best matches first: an exact match before a
// prefix before a substring; among equals, a tag before a serial, a
// hostname, a barcode and the notes, then by tag. At most `limit` assets.
// FindFields::identifiers leaves the notes out. Throws a refused Error for
// an empty text (field "text") or a limit below 1 (field "limit").
std::vector<FoundAsset> find_assets(Database& db, const std::string& text, std::int64_t limit,
                                    FindFields fields = FindFields::all);

// A found asset as a row: match, field, value, then the asset's own fields.
Json found_asset_json(const FoundAsset& found);
// The columns of `tally asset find`.
std::vector<Column> found_asset_columns();

// "exact", "prefix" or "substring".
std::string match_kind_name(MatchKind kind);

// The near matches of a code that named no asset, for a not-found message:
// "; did you mean CN7XK2Q1S (AT-00000037)?" (up to three, identifiers only,
// for codes of three characters or more), or "" when there are none.
std::string near_matches_hint(Database& db, const std::string& code);

}  // namespace tally
