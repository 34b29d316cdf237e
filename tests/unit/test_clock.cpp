#include "clock.hpp"
#include "error.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(ParseDate, AcceptsCanonicalDates) {
  ASSERT_TRUE(parse_date("2026-11-27"));
  EXPECT_EQ(format_date(*parse_date("2026-11-27")), "2026-11-27");
  EXPECT_TRUE(parse_date("2024-02-29"));  // leap year
}

TEST(ParseDate, RejectsWhatDateParseWouldAccept) {
  EXPECT_FALSE(parse_date("2024-1-5"));
  EXPECT_FALSE(parse_date("2024-01-05xyz"));
  EXPECT_FALSE(parse_date("2026-02-30"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("2026-00-10"));
  EXPECT_FALSE(parse_date(" 2026-11-27"));
  EXPECT_FALSE(parse_date("2026/11/27"));
  EXPECT_FALSE(parse_date(""));
}

TEST(ParseTimestamp, StrictUtc) {
  const auto t = parse_timestamp("2026-11-27T09:15:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_timestamp(*t), "2026-11-27T09:15:00Z");
  EXPECT_FALSE(parse_timestamp("2026-11-27T09:15:00"));
  EXPECT_FALSE(parse_timestamp("2026-11-27 09:15:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-27T24:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-02-30T09:15:00Z"));
}

TEST(Clock, NowAndTodayFollowTheOverrides) {
  test::ScopedEnv now("TALLY_NOW", "2026-11-27T23:59:59Z");
  test::ScopedEnv day("TALLY_TODAY", nullptr);
  EXPECT_EQ(now_timestamp(), "2026-11-27T23:59:59Z");
  EXPECT_EQ(format_date(today()), "2026-11-27");
  test::ScopedEnv fixed_day("TALLY_TODAY", "2027-01-31");
  EXPECT_EQ(format_date(today()), "2027-01-31");
}

TEST(Clock, BadOverridesAreUsageErrors) {
  test::ScopedEnv now("TALLY_NOW", "yesterday");
  try {
    now_timestamp();
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("TALLY_NOW='yesterday'"), std::string::npos);
  }
  test::ScopedEnv day("TALLY_TODAY", "2026-02-30");
  EXPECT_THROW(today(), Error);
}

TEST(Clock, RealClockIsCanonical) {
  test::ScopedEnv now("TALLY_NOW", nullptr);
  EXPECT_TRUE(parse_timestamp(now_timestamp()));
}

}  // namespace
}  // namespace tally
