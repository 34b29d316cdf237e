#include "bulk.hpp"

#include "db.hpp"
#include "error.hpp"
#include "progress.hpp"
#include "text.hpp"

#include <algorithm>
#include <iostream>
#include <set>

namespace tally::cli {

namespace {

// The progress line is rewritten at most this many times.
constexpr std::int64_t k_progress_steps = 100;

bool skipped_line(const std::string& line) {
  const std::string text = trim(line);
  return text.empty() || text[0] == '#';
}

}  // namespace

CLI::Option* add_bulk_input(CLI::App& verb, BulkInput& input, const std::string& what) {
  CLI::Option* codes = verb.add_option("asset", input.codes, what);
  verb.add_flag("--scan", input.scan,
                "Also read codes from stdin, one per line (blank lines and # comments skipped); all or nothing");
  return codes;
}

std::vector<GivenCode> given_codes(const BulkInput& input, const BulkAction& action) {
  std::vector<GivenCode> codes;
  for (std::size_t i = 0; i < input.codes.size(); ++i) {
    codes.push_back({input.codes[i], "argument " + std::to_string(i + 1), false});
  }
  if (input.scan) {
    std::string line;
    for (int number = 1; std::getline(std::cin, line); ++number) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (!skipped_line(line)) {
        codes.push_back({trim(line), "line " + std::to_string(number), true});
      }
    }
  }
  if (codes.empty() && !action.missing.empty()) {
    throw usage_error(action.missing);
  }
  return codes;
}

bool is_bulk(const BulkInput& input, const std::vector<GivenCode>& codes) {
  return input.scan || codes.size() > 1;
}

void run_bulk(Context& ctx, const BulkAction& action, const std::vector<GivenCode>& codes,
              const std::function<void(const std::string& code)>& fn) {
  const bool single = codes.size() == 1 && !codes.front().from_scan;
  if (single && action.single_plain) {
    fn(codes.front().code);
    return;
  }
  const auto total = static_cast<std::int64_t>(codes.size());
  const TransferProgress progress = total > 1 ? terminal_progress(action.command, "assets") : nullptr;
  const auto all = [&] {
    std::vector<std::string> problems;
    std::set<std::string> seen;
    std::int64_t done = 0;
    for (const auto& given : codes) {
      const std::string place = single ? "" : given.place + ": ";
      try {
        check_text("the code", given.code, TextKind::scan);
        if (action.key && !seen.insert(action.key(given.code)).second) {
          problems.push_back(place + visible_text(given.code) + ": given twice");
        } else {
          fn(given.code);
        }
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::refused) {
          end_progress(progress);
          throw;
        }
        problems.push_back(place + visible_text(given.code) + ": " + e.raw());
      }
      ++done;
      if (progress && (done == total || done % std::max<std::int64_t>(1, total / k_progress_steps) == 0)) {
        progress(done, total);
      }
    }
    end_progress(progress);
    if (!problems.empty()) {
      throw refused(action.command + ": refused " + std::to_string(problems.size()) + " of " + std::to_string(total) +
                    (total == 1 ? "" : "; " + action.nothing) + ":\n  " + join(problems, "\n  "));
    }
  };
  if (action.writes) {
    write(ctx.db(), all);
  } else {
    read(ctx.db(), all);
  }
}

}  // namespace tally::cli
