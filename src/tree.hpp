#pragma once

#include "error.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally {

// The deepest a location or team tree walk goes. The schema refuses cycles
// (migrations/0006_trust.sql); a walk that reaches this depth in a file whose
// triggers were bypassed stops with an error instead of running forever. The
// tree views stop at the same depth.
constexpr int k_max_tree_depth = 64;

// Orders the nodes of a forest depth-first: each node is followed by its
// descendants; roots and siblings keep their order in `nodes`. Returns
// (index into nodes, depth) pairs. `key_of(node)` is a node's key and
// `parent_of(node)` its parent's key (nullopt for a root); nodes whose parent
// is missing are left out. Throws a storage Error naming a node of a cycle
// (parent chains that never reach a root), which only a file whose triggers
// were bypassed can hold: never a silently shorter tree.
template <class Node, class KeyOf, class ParentOf>
std::vector<std::pair<std::size_t, int>> tree_order(const std::vector<Node>& nodes, KeyOf key_of, ParentOf parent_of) {
  std::map<std::optional<std::string>, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    children[parent_of(nodes[i])].push_back(i);
  }
  std::vector<std::pair<std::size_t, int>> order;
  order.reserve(nodes.size());
  // Explicit stack instead of recursion: (parent key, depth, next child position).
  struct Frame {
    const std::vector<std::size_t>* kids;
    std::size_t next;
    int depth;
  };
  std::vector<Frame> stack;
  if (auto roots = children.find(std::nullopt); roots != children.end()) {
    stack.push_back({&roots->second, 0, 0});
  }
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.kids->size()) {
      stack.pop_back();
      continue;
    }
    const std::size_t i = (*top.kids)[top.next++];
    const int depth = top.depth;
    order.emplace_back(i, depth);
    if (auto kids = children.find(std::optional<std::string>(key_of(nodes[i]))); kids != children.end()) {
      stack.push_back({&kids->second, 0, depth + 1});
    }
  }
  if (order.size() < nodes.size()) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      index.emplace(key_of(nodes[i]), i);
    }
    std::vector<bool> placed(nodes.size(), false);
    for (const auto& entry : order) {
      placed[entry.first] = true;
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (placed[i]) {
        continue;
      }
      // Walk up at most nodes.size() steps: a missing parent ends the walk
      // (the node is left out, as documented); a walk that does not end is a cycle.
      std::optional<std::string> up = parent_of(nodes[i]);
      std::size_t steps = 0;
      while (up && steps <= nodes.size()) {
        const auto found = index.find(*up);
        if (found == index.end()) {
          break;
        }
        up = parent_of(nodes[found->second]);
        ++steps;
      }
      if (steps > nodes.size()) {
        throw storage_error(key_of(nodes[i]) + ": its parent chain is a cycle or runs into one; `" +
                            command_ref("doctor") + "` names it");
      }
    }
  }
  return order;
}

}  // namespace tally
