#include "tree.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

struct Node {
  std::string key;
  std::optional<std::string> parent;
};

TEST(TreeOrder, DepthFirstKeepingSiblingOrder) {
  const std::vector<Node> nodes = {{"b", std::nullopt}, {"b1", "b"}, {"a", std::nullopt},  {"a1", "a"},
                                   {"a1x", "a1"},       {"a2", "a"}, {"orphan", "missing"}};
  const auto order = tree_order(
      nodes, [](const Node& n) { return n.key; }, [](const Node& n) { return n.parent; });
  std::vector<std::pair<std::string, int>> got;
  for (const auto& [i, depth] : order) {
    got.emplace_back(nodes[i].key, depth);
  }
  const std::vector<std::pair<std::string, int>> want = {{"b", 0},  {"b1", 1},  {"a", 0},
                                                         {"a1", 1}, {"a1x", 2}, {"a2", 1}};
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace tally
