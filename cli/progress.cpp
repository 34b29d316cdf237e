#include "progress.hpp"

#include <unistd.h>

#include <iostream>

namespace tally::cli {

TransferProgress terminal_progress(const std::string& label, const std::string& unit) {
  if (isatty(STDERR_FILENO) == 0) {
    return nullptr;
  }
  return [label, unit](std::int64_t done, std::int64_t total) {
    std::cerr << "\r" << label << ": " << done;
    if (total > 0) {
      std::cerr << " of " << total << " " << unit << " (" << done * 100 / total << "%)";
    } else {
      std::cerr << " " << unit;
    }
    std::cerr << std::flush;
  };
}

void end_progress(const TransferProgress& progress) {
  if (progress) {
    std::cerr << "\r\033[K" << std::flush;
  }
}

}  // namespace tally::cli
