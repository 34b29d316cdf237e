#pragma once

#include <string_view>
#include <vector>

namespace tally::embedded {

// A file carried inside the binary: its base name and its text.
struct File {
  std::string_view name;
  std::string_view text;
};

// The SQL files of migrations/, sorted by name.
const std::vector<File>& migration_files();

// fixtures/org-chart.json, the org chart that `tally init` loads.
std::string_view org_chart_json();

// The project version from CMakeLists.txt.
std::string_view version();

}  // namespace tally::embedded
