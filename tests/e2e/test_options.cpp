// End-to-end tests of how optional options reach the core: an option given
// as an empty string is given (it clears), an absent one is not (it changes
// nothing), and an optional number given badly is refused with the message
// and exit code it always had (exit 1 naming the option for a quantity,
// exit 2, CLI11's usage error, for a plain number), writing nothing.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {
namespace {

class OptionBinding : public SandboxTest {
 protected:
  // What `tally WORDS --help` prints (a usage error prints it after the message).
  std::string help(std::vector<std::string> words) const {
    words.push_back("--help");
    const Result r = sb.tally(words);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

TEST_F(OptionBinding, AnEmptyStringIsGivenAndAnAbsentOptionIsNot) {
  ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--email", "ana@example.com", "--team", "A-2"});

  // No field at all: nothing to change.
  EXPECT_EQ(refused({"person", "set", "ana"}),
            "tally: error: person set: nothing to change; give --name, --email or --team\n");

  // --email "" is given: it clears the email (and only the email).
  const Result cleared = sb.tally({"--format", "json", "person", "set", "ana", "--email", ""});
  EXPECT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_EQ(cleared.err, "");
  EXPECT_EQ(cleared.out,
            "{\n"
            "  \"username\": \"ana\",\n"
            "  \"name\": \"Ana Lopez\",\n"
            "  \"email\": null,\n"
            "  \"team\": \"A-2\",\n"
            "  \"team_name\": \"Inventory & Warehousing\",\n"
            "  \"active\": true\n"
            "}\n");
}

TEST_F(OptionBinding, AnOptionalNumberGivenBadlyIsRefusedAsBefore) {
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5"});

  // A quantity (add_quantity): exit 1, naming the option.
  EXPECT_EQ(refused({"license", "set", "LIC-00001", "--seats", "abc"}),
            "tally: error: --seats: 'abc' is not a whole number from 1 to 1000000000\n");
  EXPECT_EQ(refused({"license", "add", "Project", "--vendor", "Microsoft", "--seats", ""}),
            "tally: error: --seats: '' is not a whole number from 1 to 1000000000\n");

  // A plain number (add_number): CLI11's usage error, exit 2.
  const std::string before = sb.dump();
  const Result days = sb.tally({"license", "list", "--expiring-within", "abc"});
  EXPECT_EQ(days.exit_code, 2);
  EXPECT_EQ(days.out, "");
  EXPECT_EQ(days.err, "tally: error: Could not convert: --expiring-within = abc\n\n" + help({"license", "list"}));
  const Result limit = sb.tally({"log", "--limit", "1.5"});
  EXPECT_EQ(limit.exit_code, 2);
  EXPECT_EQ(limit.out, "");
  EXPECT_EQ(limit.err, "tally: error: Could not convert: --limit = 1.5\n\n" + help({"log"}));
  EXPECT_EQ(sb.dump(), before);

  // --expiring-within "" is 0 days (given), not the unfiltered list.
  const Result today = sb.tally({"--format", "json", "license", "list", "--expiring-within", ""});
  EXPECT_EQ(today.exit_code, 0) << today.err;
  EXPECT_EQ(today.out, "[]\n");
  EXPECT_EQ(ok_json({"license", "list"}).size(), 1u);
}

}  // namespace
}  // namespace tally::e2e
