#include "money.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(Money, ParsesExactMinorUnits) {
  EXPECT_EQ(parse_amount("1234.56", "USD"), 123456);
  EXPECT_EQ(parse_amount("1234.5", "USD"), 123450);
  EXPECT_EQ(parse_amount("1234", "USD"), 123400);
  EXPECT_EQ(parse_amount("0.01", "EUR"), 1);
  EXPECT_EQ(parse_amount("0", "USD"), 0);
  EXPECT_EQ(parse_amount("1500", "JPY"), 1500);
  EXPECT_EQ(parse_amount("1.234", "KWD"), 1234);
}

TEST(Money, RefusesWhatIsNotExact) {
  for (const char* bad :
       {"12.345", "-1", "+1", "1,234.56", "1e3", "", ".5", "5.", "1.2.3", " 1", "abc", "10000000000000000"}) {
    EXPECT_FALSE(parse_amount(bad, "USD")) << bad;
  }
  EXPECT_FALSE(parse_amount("1.5", "JPY"));
  EXPECT_FALSE(parse_amount("1.2345", "KWD"));
}

TEST(Money, FormatsBack) {
  EXPECT_EQ(format_amount(123456, "USD"), "1234.56");
  EXPECT_EQ(format_amount(5, "USD"), "0.05");
  EXPECT_EQ(format_amount(0, "USD"), "0.00");
  EXPECT_EQ(format_amount(-250, "EUR"), "-2.50");
  EXPECT_EQ(format_amount(1500, "JPY"), "1500");
  EXPECT_EQ(format_amount(1234, "KWD"), "1.234");
  EXPECT_EQ(format_amount(INT64_MIN, "USD"), "-92233720368547758.08");
}

TEST(Money, CurrencyCodes) {
  EXPECT_TRUE(is_currency_code("USD"));
  EXPECT_FALSE(is_currency_code("usd"));
  EXPECT_FALSE(is_currency_code("US"));
  EXPECT_FALSE(is_currency_code("US1"));
  EXPECT_EQ(minor_digits("EUR"), 2);
  EXPECT_EQ(minor_digits("JPY"), 0);
  EXPECT_EQ(minor_digits("BHD"), 3);
}

}  // namespace
}  // namespace tally
