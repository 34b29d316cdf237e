#pragma once

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
// is missing are left out.
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
  return order;
}

}  // namespace tally
