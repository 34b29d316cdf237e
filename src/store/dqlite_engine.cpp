// The module tally_dqlite.so: libdqlite's node API behind the table of
// src/modules.hpp, so that only `tally node start` loads libdqlite, libraft,
// libuv and liblz4. The node's logic is the core's (store/dqlite_node.cpp).
#include "modules.hpp"

// dqlite.h declares C functions without extern "C" of its own.
extern "C" {
#include <dqlite.h>
}

extern "C" __attribute__((visibility("default"))) const tally::DqliteModule* tally_dqlite_module() {
  static const tally::DqliteModule module{
      [](std::uint64_t id, const char* address, const char* dir, ::dqlite_node** node) {
        return dqlite_node_create(id, address, dir, node);
      },
      dqlite_node_set_bind_address,
      dqlite_node_start,
      dqlite_node_errmsg,
      dqlite_node_stop,
      dqlite_node_destroy};
  return &module;
}
