#include "codes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace tally {
namespace {

TEST(Damm, KnownValues) {
  // The worked example of the Damm algorithm: 572 -> check digit 4.
  EXPECT_EQ(damm_check_digit("572"), '4');
  EXPECT_EQ(damm_check_digit("5724"), '0');
  EXPECT_EQ(damm_check_digit(""), '0');
}

TEST(Tags, MadeWithPaddingAndCheckDigit) {
  EXPECT_EQ(make_tag("AT-", 1), "AT-00000013");
  EXPECT_EQ(check_tag("AT-00000013", "AT-"), TagCheck::ok);
  EXPECT_EQ(check_tag("at-00000013", "AT-"), TagCheck::ok);
  EXPECT_EQ(make_tag("IT-", 12345678), "IT-12345678" + std::string(1, damm_check_digit("12345678")));
}

TEST(Tags, CorrectionsOfAMistypedTagAreOneMistakeAway) {
  // The check digit mistyped comes first: the number as typed with its right check digit.
  const auto corrections = tag_corrections("at-00000014", "AT-");
  ASSERT_FALSE(corrections.empty());
  EXPECT_EQ(corrections.front(), "AT-00000013");
  for (const auto& tag : corrections) {
    EXPECT_EQ(check_tag(tag, "AT-"), TagCheck::ok) << tag;
    int differences = 0;
    for (std::size_t i = 0; i < tag.size(); ++i) {
      differences += tag[i] != std::string("AT-00000014")[i] ? 1 : 0;
    }
    EXPECT_LE(differences, 2) << tag;
  }
  // A swap of two neighbours is among them: 0000031 typed as 0000013.
  const std::string tag = make_tag("AT-", 31);  // AT-0000031C
  std::string swapped = tag;
  std::swap(swapped[9], swapped[10]);
  ASSERT_EQ(check_tag(swapped, "AT-"), TagCheck::bad_check) << swapped;
  const auto back = tag_corrections(swapped, "AT-");
  EXPECT_NE(std::find(back.begin(), back.end(), tag), back.end()) << swapped;
  // Nothing for a good tag or a code that is not shaped like one.
  EXPECT_TRUE(tag_corrections("AT-00000013", "AT-").empty());
  EXPECT_TRUE(tag_corrections("SN-1234", "AT-").empty());
}

TEST(Tags, EverySingleDigitMistakeAndNeighbourSwapIsCaught) {
  for (std::int64_t sequence : {1, 42, 999, 123456, 9876543}) {
    const std::string tag = make_tag("AT-", sequence);
    ASSERT_EQ(check_tag(tag, "AT-"), TagCheck::ok) << tag;
    for (std::size_t i = 3; i < tag.size(); ++i) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == tag[i]) {
          continue;
        }
        std::string typo = tag;
        typo[i] = d;
        EXPECT_EQ(check_tag(typo, "AT-"), TagCheck::bad_check) << typo;
      }
      if (i + 1 < tag.size() && tag[i] != tag[i + 1]) {
        std::string swapped = tag;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_EQ(check_tag(swapped, "AT-"), TagCheck::bad_check) << swapped;
      }
    }
  }
}

TEST(Tags, OtherShapesAreNotTags) {
  EXPECT_EQ(check_tag("SN12345", "AT-"), TagCheck::not_a_tag);
  EXPECT_EQ(check_tag("AT-", "AT-"), TagCheck::not_a_tag);
  EXPECT_EQ(check_tag("AT-12A4", "AT-"), TagCheck::not_a_tag);
}

TEST(Gtin, CheckDigits) {
  EXPECT_TRUE(is_valid_gtin("09506000134352"));
  EXPECT_TRUE(is_valid_gtin("4006381333931"));  // EAN-13
  EXPECT_TRUE(is_valid_gtin("036000291452"));   // UPC-A
  EXPECT_TRUE(is_valid_gtin("96385074"));       // EAN-8
  EXPECT_FALSE(is_valid_gtin("09506000134353"));
  EXPECT_FALSE(is_valid_gtin("4006381333932"));
  EXPECT_FALSE(is_valid_gtin("123"));
  EXPECT_FALSE(is_valid_gtin("40063813339x1"));
  EXPECT_EQ(gtin14("4006381333931"), "04006381333931");
}

TEST(Scan, PlainCodes) {
  const ScanParse p = parse_scan("SN-123\r\n");
  ASSERT_TRUE(p.code) << p.error;
  EXPECT_FALSE(p.code->gs1);
  EXPECT_EQ(p.code->serial(), "SN-123");
  EXPECT_FALSE(p.code->gtin());
  EXPECT_FALSE(parse_scan("").code);
}

TEST(Scan, BracketedGs1) {
  const ScanParse p = parse_scan("(01)09506000134352(21)SN123(10)LOT7");
  ASSERT_TRUE(p.code) << p.error;
  EXPECT_TRUE(p.code->gs1);
  EXPECT_EQ(p.code->gtin(), "09506000134352");
  EXPECT_EQ(p.code->serial(), "SN123");
  EXPECT_EQ(p.code->ais.at("10"), "LOT7");
}

TEST(Scan, RawGs1WithSymbologyIdentifiersAndGroupSeparators) {
  for (const std::string prefix : {"]C1", "]d2", "]Q3", ""}) {
    const std::string raw = prefix + "0109506000134352" + "21SN123\x1d" + "10LOT7";
    const ScanParse p = parse_scan(raw);
    ASSERT_TRUE(p.code) << prefix << ": " << p.error;
    EXPECT_EQ(p.code->gtin(), "09506000134352") << prefix;
    EXPECT_EQ(p.code->serial(), "SN123") << prefix;
    EXPECT_EQ(p.code->ais.at("10"), "LOT7") << prefix;
  }
  // Fixed-length AIs need no separator: GTIN, then an expiry date, then the serial.
  const ScanParse p = parse_scan(
      "]C1010950600013435217271231"
      "21ABC");
  ASSERT_TRUE(p.code) << p.error;
  EXPECT_EQ(p.code->ais.at("17"), "271231");
  EXPECT_EQ(p.code->serial(), "ABC");
  // A symbology identifier of a non-GS1 symbol leaves a plain code.
  const ScanParse plain = parse_scan("]C0SN555");
  ASSERT_TRUE(plain.code);
  EXPECT_FALSE(plain.code->gs1);
  EXPECT_EQ(plain.code->serial(), "SN555");
}

TEST(Scan, BrokenGs1IsReportedNotGuessed) {
  EXPECT_FALSE(parse_scan("(01)09506000134353(21)X").code) << "GTIN check digit";
  EXPECT_FALSE(parse_scan("(01").code);
  EXPECT_FALSE(parse_scan("(0A)123").code);
  EXPECT_FALSE(parse_scan("]C101095060").code) << "GTIN too short";
  EXPECT_FALSE(parse_scan("]C1ZZ").code);
  const ScanParse no_serial = parse_scan("(01)09506000134352");
  ASSERT_TRUE(no_serial.code);
  EXPECT_FALSE(no_serial.code->serial());
}

TEST(Scan, UnprefixedGs1FromAScannerThatSendsNoIdentifierAndNoSeparator) {
  const ScanParse p = parse_scan("010703206980498821SN-A5\r\n");
  ASSERT_TRUE(p.code) << p.error;
  EXPECT_TRUE(p.code->gs1);
  EXPECT_EQ(p.code->gtin(), "07032069804988");
  EXPECT_EQ(p.code->serial(), "SN-A5");
  EXPECT_FALSE(p.code->product_code);
  // A wrong GTIN check digit, or no known AI after the GTIN: a plain serial.
  for (const std::string serial : {"010703206980498721SN-A5", "0107032069804988ZZSN-A5", "0107032069804988"}) {
    const ScanParse plain = parse_scan(serial);
    ASSERT_TRUE(plain.code) << serial;
    EXPECT_FALSE(plain.code->gs1) << serial;
    EXPECT_EQ(plain.code->serial(), serial);
  }
}

TEST(Scan, BracketedGs1WithSpacesBetweenTheElements) {
  const ScanParse p = parse_scan("(01)07032069804988 (21) SN-A7");
  ASSERT_TRUE(p.code) << p.error;
  EXPECT_EQ(p.code->gtin(), "07032069804988");
  EXPECT_EQ(p.code->serial(), "SN-A7");
  EXPECT_FALSE(parse_scan("(01) 07032069804987 (21)SN-A7").code) << "still a wrong check digit";
  EXPECT_FALSE(parse_scan("(01)07032069804988 (21) ").code) << "an AI with only spaces has no value";
}

TEST(Scan, RetailProductCodesAreMarked) {
  for (const std::string code : {"4006381333931", "036000291452", "]E04006381333931"}) {
    const ScanParse p = parse_scan(code);
    ASSERT_TRUE(p.code) << code;
    EXPECT_TRUE(p.code->product_code) << code;
    EXPECT_FALSE(p.code->gs1) << code;
  }
  EXPECT_EQ(parse_scan("]E04006381333931").code->text, "4006381333931");
  // A wrong check digit, another length, letters: a serial.
  for (const std::string code : {"4006381333932", "40063813339", "SN4006381333931"}) {
    EXPECT_FALSE(parse_scan(code).code->product_code) << code;
  }
}

}  // namespace
}  // namespace tally
