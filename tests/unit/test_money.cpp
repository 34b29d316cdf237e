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

// The minor units of `number` read with `mark` in `currency`, or -1.
std::int64_t minor_of(const std::string& number, DecimalMark mark, const std::string& currency = "USD") {
  const auto reading = read_decimal(number, mark);
  if (!reading) {
    return -1;
  }
  return to_minor(*reading, currency).value_or(-1);
}

TEST(MoneyConventions, ReadsTheDecimalPoint) {
  EXPECT_EQ(minor_of("1,234.56", DecimalMark::point), 123456);
  EXPECT_EQ(minor_of("1,234,567.8", DecimalMark::point), 123456780);
  EXPECT_EQ(minor_of("1234.56", DecimalMark::point), 123456);
  EXPECT_EQ(minor_of("1 234.56", DecimalMark::point), 123456);
  EXPECT_EQ(minor_of("99", DecimalMark::point), 9900);
  EXPECT_EQ(minor_of("0.5", DecimalMark::point), 50);
  EXPECT_EQ(minor_of("007.50", DecimalMark::point), 750);
}

TEST(MoneyConventions, ReadsTheDecimalComma) {
  EXPECT_EQ(minor_of("1.234,56", DecimalMark::comma), 123456);
  EXPECT_EQ(minor_of("99,50", DecimalMark::comma), 9950);
  EXPECT_EQ(minor_of("1234,56", DecimalMark::comma), 123456);
  EXPECT_EQ(minor_of("1 234,56", DecimalMark::comma), 123456);
  EXPECT_EQ(minor_of("1\xc2\xa0" "234,56", DecimalMark::comma), 123456);  // no-break space
  EXPECT_EQ(minor_of("1\xe2\x80\xaf" "234\xe2\x80\xaf" "567", DecimalMark::comma), 123456700);  // narrow no-break space
  EXPECT_EQ(minor_of("12.345.678", DecimalMark::comma), 1234567800);
}

TEST(MoneyConventions, GroupsMustBeOfThreeDigits) {
  for (const char* bad : {"1,23.45", "12,3456.00", "1,2345", ",123", "1,,234", "1,234,", "1234,567.00", "1,234 567"}) {
    EXPECT_EQ(minor_of(bad, DecimalMark::point), -1) << bad;
  }
  for (const char* bad : {"1.23,45", "99.50", "1.2345", "1.234.", "1.234 567,00", "1,5,0"}) {
    EXPECT_EQ(minor_of(bad, DecimalMark::comma), -1) << bad;
  }
}

TEST(MoneyConventions, RefusesWhatIsNotANumber) {
  for (const char* bad : {"", "-5", "+5", "1e3", "1.2.3", ".5", "5.", "abc", "1_000", "1234567890123456"}) {
    EXPECT_EQ(minor_of(bad, DecimalMark::point), -1) << bad;
  }
  EXPECT_EQ(minor_of("12.345", DecimalMark::point), -1);      // three decimals in USD
  EXPECT_EQ(minor_of("1.5", DecimalMark::point, "JPY"), -1);  // JPY has none
  EXPECT_EQ(minor_of("1,234", DecimalMark::point, "JPY"), 1234);
  EXPECT_EQ(minor_of("1,234", DecimalMark::comma, "BHD"), 1234);
}

TEST(MoneyConventions, EvidenceOfOneValue) {
  EXPECT_EQ(mark_evidence("1,234.56"), MarkEvidence::point);
  EXPECT_EQ(mark_evidence("12.5"), MarkEvidence::point);
  EXPECT_EQ(mark_evidence("1.234,56"), MarkEvidence::comma);
  EXPECT_EQ(mark_evidence("99,50"), MarkEvidence::comma);
  EXPECT_EQ(mark_evidence("1234,56"), MarkEvidence::comma);
  EXPECT_EQ(mark_evidence("1,234"), MarkEvidence::ambiguous);
  EXPECT_EQ(mark_evidence("1.234"), MarkEvidence::ambiguous);
  EXPECT_EQ(mark_evidence("1234"), MarkEvidence::same);
  EXPECT_EQ(mark_evidence("1 234"), MarkEvidence::same);
  EXPECT_EQ(mark_evidence("1,2"), MarkEvidence::comma);
  EXPECT_EQ(mark_evidence("x"), MarkEvidence::neither);
}

StatedAmount split(const std::string& text, const std::string& default_currency, std::string* why_out = nullptr) {
  std::string why;
  const auto s = split_currency(text, default_currency, why);
  if (why_out != nullptr) {
    *why_out = why;
  }
  return s ? *s : StatedAmount{"<refused>", ""};
}

TEST(MoneyCurrency, CodesBeforeOrAfter) {
  EXPECT_EQ(split("EUR 10.00", "USD").currency, "EUR");
  EXPECT_EQ(split("EUR 10.00", "USD").number, "10.00");
  EXPECT_EQ(split("10.00 EUR", "USD").currency, "EUR");
  EXPECT_EQ(split("10.00EUR", "USD").number, "10.00");
  EXPECT_EQ(split("GBP1,234.50", "USD").currency, "GBP");
  EXPECT_EQ(split("1234", "USD").currency, "");
  EXPECT_EQ(split(" 1234 ", "USD").number, "1234");
}

TEST(MoneyCurrency, Signs) {
  EXPECT_EQ(split("\xe2\x82\xac 1.234,56", "USD").currency, "EUR");
  EXPECT_EQ(split("1.234,56 \xe2\x82\xac", "USD").number, "1.234,56");
  EXPECT_EQ(split("\xc2\xa3" "99", "USD").currency, "GBP");
  EXPECT_EQ(split("\xc2\xa5" "1500", "USD").currency, "JPY");
  EXPECT_EQ(split("$1,234.56", "USD").currency, "USD");
  EXPECT_EQ(split("$ 20", "CAD").currency, "CAD");
  EXPECT_EQ(split("20$", "AUD").currency, "AUD");
  std::string why;
  EXPECT_EQ(split("$20", "EUR", &why).number, "<refused>");
  EXPECT_EQ(why, "'$' is ambiguous when the default currency is EUR; write the currency code, e.g. USD 10.00");
}

TEST(MoneyCurrency, RefusesOtherWords) {
  std::string why;
  EXPECT_EQ(split("10 dollars", "USD", &why).number, "<refused>");
  EXPECT_EQ(why, "'10 dollars' is not an amount");
  EXPECT_EQ(split("EUR 10 USD", "USD").number, "<refused>");
  EXPECT_EQ(split("usd 10", "USD").number, "<refused>");
  EXPECT_TRUE(is_dollar_currency("NZD"));
  EXPECT_FALSE(is_dollar_currency("EUR"));
}

}  // namespace
}  // namespace tally
