#pragma once

#include "e2e/harness.hpp"

#include <map>
#include <string>
#include <vector>

namespace tally::e2e {

// Which of a child's outputs run_in_terminal puts on the pseudo-terminal.
enum class OnTerminal { out, out_and_err };

// Runs `program args...` as run_process does, but with stdout (and, with
// OnTerminal::out_and_err, stderr) on a pseudo-terminal of `width` columns
// (forkpty, raw mode: no echo, no CR added), stdin still a pipe fed with
// `input`. Result::out is what the terminal received; Result::err is stderr's
// pipe, empty when stderr was on the terminal.
Result run_in_terminal(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                       OnTerminal on_terminal = OnTerminal::out, int width = 80,
                       const std::map<std::string, std::string>& env = {});

}  // namespace tally::e2e
