// Unit tests of the CSV reader (src/csv.cpp over libcsv): the cases real
// exports contain, each with the exact fields and line numbers.

#include "csv.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, PlainRowsCarryTheirLineNumbers) {
  const auto rows = parse_csv("a,b,c\n1,2,3\n4,5,6\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rows[2].fields, (Fields{"4", "5", "6"}));
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 3);
}

TEST(Csv, QuotedFieldsKeepCommasDoubledQuotesAndNewlines) {
  const auto rows = parse_csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].fields, (Fields{"x, y", "say \"hi\""}));
  EXPECT_EQ(rows[2].fields, (Fields{"two\nlines", "z"}));
  EXPECT_EQ(rows[2].line, 3);
  EXPECT_EQ(rows[3].line, 5);  // the record before it spans lines 3 and 4
}

TEST(Csv, BomAndCrlfAreHandled) {
  const auto rows = parse_csv("\xEF\xBB\xBFtag,serial\r\nAT-1,\"S\r\n2\"\r\nAT-3,S3\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (Fields{"tag", "serial"}));
  EXPECT_EQ(rows[1].fields, (Fields{"AT-1", "S\r\n2"}));
  EXPECT_EQ(rows[2].fields, (Fields{"AT-3", "S3"}));
  EXPECT_EQ(rows[2].line, 4);
}

TEST(Csv, EmptyFieldsAndNoFinalNewline) {
  const auto rows = parse_csv("a,b,c\n,,\n\"\",x,\n1,2,3");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].fields, (Fields{"", "", ""}));
  EXPECT_EQ(rows[2].fields, (Fields{"", "x", ""}));
  EXPECT_EQ(rows[3].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(rows[3].line, 4);
}

TEST(Csv, SpacesAreKept) {
  const auto rows = parse_csv("a,b\n  x , y\n");
  EXPECT_EQ(rows[1].fields, (Fields{"  x ", " y"}));
}

TEST(Csv, BlankLinesAreSkippedButCounted) {
  const auto rows = parse_csv("a\n\n1\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].line, 3);
}

TEST(Csv, RaggedRowIsRefusedWithItsLine) {
  EXPECT_EQ(test::refusal([] { parse_csv("a,b\n1,2\n3\n4,5\n"); }), "line 3: 1 fields where the header has 2");
}

TEST(Csv, StrayQuoteIsRefusedWithItsLine) {
  const std::string message = test::refusal([] { parse_csv("a,b\n1,2\n\"x\"y,3\n"); });
  EXPECT_EQ(message.rfind("line 3: malformed quoting", 0), 0u) << message;
}

TEST(Csv, UnclosedQuoteIsRefusedWithTheLineItOpened) {
  EXPECT_EQ(test::refusal([] { parse_csv("a,b\n1,\"open\n2,3\n"); }), "line 2: a quoted field is never closed");
}

}  // namespace
}  // namespace tally
