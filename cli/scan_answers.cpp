#include "scan_answers.hpp"

#include "text.hpp"

#include <unistd.h>

#include <iostream>

namespace tally::cli {

void answer_scan(Context& ctx, const std::vector<Column>& columns, const Json& row, const std::string& sentence,
                 bool first) {
  if (ctx.format() == Format::table && isatty(STDOUT_FILENO) != 0) {
    std::cout << visible_text(sentence) << "\n" << std::flush;
    return;
  }
  ctx.print_row(columns, row, first);
}

std::string received_sentence(const ReceivedUnit& unit, int line) {
  const Asset& a = unit.asset;
  return a.tag + " received: " + a.manufacturer + " " + a.model + " " + a.serial + ", " +
         std::to_string(unit.line_received) + " of " + std::to_string(unit.line_ordered) + " on line " +
         std::to_string(line);
}

std::string audit_sentence(const AuditScan& scan) {
  std::string sentence;
  if (scan.tag) {
    sentence = *scan.tag + (scan.code == *scan.tag ? "" : " (" + scan.code + ")") + ": " +
               (scan.expected ? "expected here" : "not expected here") + ", " +
               (scan.location ? "recorded at " + *scan.location : "recorded at no location");
  } else {
    sentence = scan.code + ": unknown, " + (scan.hint ? *scan.hint : "kept as an unknown code");
  }
  return sentence + (scan.repeated ? "; scanned before" : "");
}

std::string count_sentence(const StockCountLine& line, const std::string& location) {
  return line.model + " counted at " + location + ": " + std::to_string(line.counted) + " so far";
}

}  // namespace tally::cli
