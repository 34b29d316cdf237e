#pragma once

namespace tally::cli {

// Parses the command line, runs the chosen command and maps failures to the
// documented exit codes: 0 ok, 1 refused, 2 usage, 3 storage, 4 internal bug.
int run(int argc, char** argv);

}  // namespace tally::cli
