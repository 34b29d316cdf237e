#pragma once

#include "render.hpp"
#include "stock.hpp"

#include <vector>

namespace tally {

// The table and record forms of stock that every face prints.

// Ledger rows (`stock issue`, `stock transfer`, `stock history`, ...).
Table stock_movement_table(const std::vector<StockMovement>& movements);
// Stock levels with their reorder points (`stock list`, `stock reorder`).
Table stock_level_table(const std::vector<StockLevel>& levels);
// `stock show`: the totals, with a section "On hand by location" (a tree)
// for a model, or "On hand by model" for a location.
Record stock_show_record(const StockShow& show);
// Columns and row of one model of a count (expected against counted).
std::vector<Column> count_line_columns();
Json count_line_json(const StockCountLine& line);
// A finished or previewed count with its differences and the section
// "Expected (on hand) against counted".
Record stock_count_record(const StockCountResult& result);

}  // namespace tally
