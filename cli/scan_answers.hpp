#pragma once

// The answer to each code of a scan session (receive --scan, audit scan,
// stock count --scan): a sentence for a person at a terminal, the row for a
// script (table cells, CSV, or JSON Lines with --format json).

#include "audits.hpp"
#include "context.hpp"
#include "receiving.hpp"
#include "stock.hpp"

#include <string>
#include <vector>

namespace tally::cli {

// Prints one answer: `sentence` when stdout is a terminal and the format is
// the table (the default), else `row` as render_stream_row prints it.
void answer_scan(Context& ctx, const std::vector<Column>& columns, const Json& row, const std::string& sentence,
                 bool first);

// "AT-00000037 received: Dell R650 CN7XK2Q1S, 3 of 5 on line 1".
std::string received_sentence(const ReceivedUnit& unit, int line);

// "AT-00000037 (S3): expected here, recorded at WH1", "BOGUS-1: unknown,
// kept as an unknown code", with the hint of a mistyped tag and "; scanned
// before" for a repeat.
std::string audit_sentence(const AuditScan& scan);

// "FS.com SFP-10G-SR counted at WH1: 7 so far".
std::string count_sentence(const StockCountLine& line, const std::string& location);

}  // namespace tally::cli
