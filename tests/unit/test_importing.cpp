// Unit tests of the import library's value parsers (src/importing.cpp): the
// Snipe-IT forms of amounts, dates, booleans and status labels.

#include "importing.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(Importing, LooseAmounts) {
  EXPECT_EQ(parse_loose_amount("$1,234.56", "USD"), 123456);
  EXPECT_EQ(parse_loose_amount("1234.5", "USD"), 123450);
  EXPECT_EQ(parse_loose_amount("\xE2\x82\xAC 99", "EUR"), 9900);
  EXPECT_EQ(parse_loose_amount("USD 10.00", "USD"), 1000);
  EXPECT_EQ(parse_loose_amount("12.345", "USD"), std::nullopt);
  EXPECT_EQ(parse_loose_amount("-5", "USD"), std::nullopt);
  EXPECT_EQ(parse_loose_amount("$", "USD"), std::nullopt);
}

TEST(Importing, LooseDates) {
  EXPECT_EQ(parse_loose_date("2026-03-15"), "2026-03-15");
  EXPECT_EQ(parse_loose_date("03/15/2026"), "2026-03-15");
  EXPECT_EQ(parse_loose_date("3/5/2026"), "2026-03-05");
  EXPECT_EQ(parse_loose_date("15/03/2026"), std::nullopt);
  EXPECT_EQ(parse_loose_date("02/30/2026"), std::nullopt);
  EXPECT_EQ(parse_loose_date("2026-3-5"), std::nullopt);
}

TEST(Importing, LooseBooleans) {
  EXPECT_EQ(parse_loose_bool("yes"), true);
  EXPECT_EQ(parse_loose_bool("TRUE"), true);
  EXPECT_EQ(parse_loose_bool("1"), true);
  EXPECT_EQ(parse_loose_bool("FALSE"), false);
  EXPECT_EQ(parse_loose_bool("no"), false);
  EXPECT_EQ(parse_loose_bool("0"), false);
  EXPECT_EQ(parse_loose_bool("maybe"), std::nullopt);
}

TEST(Importing, SnipeItStatusTable) {
  EXPECT_EQ(snipeit_status("Ready to Deploy"), "in_stock");
  EXPECT_EQ(snipeit_status("pending"), "staging");
  EXPECT_EQ(snipeit_status("Deployed"), "deployed");
  EXPECT_EQ(snipeit_status("Out for Repair"), "in_repair");
  EXPECT_EQ(snipeit_status("Broken - Not Fixable"), "retired");
  EXPECT_EQ(snipeit_status("Archived"), "retired");
  EXPECT_EQ(snipeit_status("Lost/Stolen"), "lost");
  EXPECT_EQ(snipeit_status("Sunbathing"), std::nullopt);
}

TEST(Importing, TallyHeadersAreTheListColumns) {
  EXPECT_EQ(tally_asset_headers().size(), 18u);
  EXPECT_EQ(tally_asset_headers().front(), "tag");
  EXPECT_EQ(tally_asset_headers().back(), "rack_u");
  EXPECT_EQ(tally_license_headers().size(), 17u);
}

}  // namespace
}  // namespace tally
