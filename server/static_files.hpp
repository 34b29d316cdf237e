#pragma once

#include <string_view>
#include <vector>

namespace tally::server {

// A file of server/static/, embedded at build time (server/embed_static.cmake).
struct StaticFile {
  std::string_view name;  // "index.html"
  std::string_view content_type;
  std::string_view content;
};

// Every embedded file.
const std::vector<StaticFile>& static_files();

}  // namespace tally::server
