#pragma once

// Commands that act on many assets at once (`asset move A B C --to X`,
// `dispose --scan`): one shared way to take the codes, run the core call on
// each in ONE transaction, and refuse them all, every refusal listed with its
// place, when any is refused.

#include "context.hpp"

#include <functional>
#include <string>
#include <vector>

namespace tally::cli {

// The codes a bulk command was given: arguments and, with --scan, stdin.
struct BulkInput {
  std::vector<std::string> codes;
  bool scan = false;
};

// One code and where it came from ("line 37" of stdin, "argument 2").
struct GivenCode {
  std::string code;
  std::string place;
  bool from_scan = false;
};

// How a bulk command runs.
struct BulkAction {
  std::string command;  // "asset move": the refusal's first words and the progress label
  std::string nothing;  // "nothing was moved": said when several codes are refused together
  std::string missing;  // the usage message when no code is given; empty: none is fine
  // One code given as an argument (no --scan) runs on its own: its refusal is
  // the core's message as it is. Off: it is listed like any other (dispose).
  bool single_plain = true;
  // The key of the asset a code names (its tag), to refuse a second code for
  // the same asset ("given twice"); a refusal of the key is the code's refusal
  // and its action is not run. Empty: codes may repeat.
  std::function<std::string(const std::string& code)> key;
  bool writes = true;  // false: run in one read transaction (labels)
};

// Adds the positional codes (described by `what`) and --scan to a verb; a
// verb may still require other options of its own.
CLI::Option* add_bulk_input(CLI::App& verb, BulkInput& input, const std::string& what);

// The codes of `input`: the arguments ("argument N"), then with --scan the
// lines of stdin ("line N"; CR stripped, blank lines and lines starting with
// '#' skipped). Throws a usage Error with `action.missing` when there are none
// (unless it is empty).
std::vector<GivenCode> given_codes(const BulkInput& input, const BulkAction& action);

// Whether the command acts on several codes (more than one, or --scan), so
// that its output is the list of what it did rather than one record.
bool is_bulk(const BulkInput& input, const std::vector<GivenCode>& codes);

// Runs `fn` on each code, in order, inside one write transaction (a read one
// when !action.writes); a code's refusal (a refused Error, a code that is not
// text) is kept and the next code runs. If any code was refused, the whole
// transaction is rolled back and a refused Error lists every one:
//   "asset move: refused 2 of 500; nothing was moved:\n  line 37: CODE: why"
// (a code's place is said when there are several codes or --scan). Other
// errors end it at once, changing nothing. A progress line is shown on stderr
// when it is a terminal.
void run_bulk(Context& ctx, const BulkAction& action, const std::vector<GivenCode>& codes,
              const std::function<void(const std::string& code)>& fn);

// run_bulk over the codes of `input`, returning what `fn` returned for each.
template <typename T>
std::vector<T> for_each_code(Context& ctx, const BulkAction& action, const std::vector<GivenCode>& codes,
                             const std::function<T(const std::string& code)>& fn) {
  std::vector<T> results;
  results.reserve(codes.size());
  run_bulk(ctx, action, codes, [&](const std::string& code) { results.push_back(fn(code)); });
  return results;
}

}  // namespace tally::cli
