// End-to-end tests of the query layer and reports (issue 7).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

namespace tally::e2e {
namespace {}  // namespace
}  // namespace tally::e2e
