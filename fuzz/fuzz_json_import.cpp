// libFuzzer target: `tally import json` over arbitrary bytes, into an
// in-memory database (made again only after an input was imported, so that
// the migrations do not run for every input). A refusal (tally::Error) is the expected answer to bad
// input; anything else (a crash, a sanitizer report, another exception) is a
// bug.
#include "db.hpp"
#include "error.hpp"
#include "export.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/tally-fuzz-json-" + std::to_string(::getpid()) + ".json";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  static std::unique_ptr<tally::Database> db;
  if (!db) {
    db = tally::Database::open(":memory:", tally::OpenMode::create);
  }
  try {
    tally::import_json(*db, path, nullptr);
    db.reset();  // it holds the import now
  } catch (const tally::Error&) {
  }
  std::remove(path.c_str());
  return 0;
}
