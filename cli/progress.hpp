#pragma once

#include "export.hpp"

#include <string>

namespace tally::cli {

// A one-line progress report on stderr ("LABEL: DONE of TOTAL UNIT (P%)",
// rewritten in place) when stderr is a terminal; nullptr otherwise.
TransferProgress terminal_progress(const std::string& label, const std::string& unit);

// Clears the progress line, if `progress` printed one.
void end_progress(const TransferProgress& progress);

}  // namespace tally::cli
