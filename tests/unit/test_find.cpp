// Unit tests of finding assets (src/find.cpp): exact before prefix before
// substring, tag before serial, hostname, barcode and notes; the limit; the
// near matches a not-found code suggests.

#include "assets.hpp"
#include "find.hpp"
#include "lifecycle.hpp"
#include "models.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

// Location WH1; vendor Dell; model Dell R640; three servers: CN7XK2Q1S
// (AT-00000013), ZZ-CN7XK2Q (AT-00000021, notes mention CN7XK2Q1S) and
// web-cn7 as hostname of S3 (AT-00000037).
class FindTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell"});
    add_model(db(), "t", test::model_of("Dell", "R640", "server"));
    intake("CN7XK2Q1S");
    intake("ZZ-CN7XK2Q");
    intake("S3");
    AssetEdit notes;
    notes.code = "AT-00000021";
    notes.notes = "spare PSU of CN7XK2Q1S";
    edit_asset(db(), "t", notes);
    AssetEdit host;
    host.code = "AT-00000037";
    host.hostname = "web-cn7";
    edit_asset(db(), "t", host);
  }

  void intake(const std::string& serial) {
    AssetIntake in;
    in.model = "Dell R640";
    in.serial = serial;
    in.location = "WH1";
    add_asset(db(), "t", in);
  }

  // "TAG match field" per found asset.
  std::vector<std::string> found(const std::string& text, std::int64_t limit = 20,
                                 FindFields fields = FindFields::all) {
    std::vector<std::string> out;
    for (const auto& f : find_assets(db(), text, limit, fields)) {
      out.push_back(f.asset.tag + " " + match_kind_name(f.match) + " " + f.field);
    }
    return out;
  }
};

TEST_F(FindTest, BestMatchesComeFirst) {
  EXPECT_EQ(found("cn7xk2q1s"), (std::vector<std::string>{"AT-00000013 exact serial", "AT-00000021 substring notes"}));
  EXPECT_EQ(found("CN7"), (std::vector<std::string>{"AT-00000013 prefix serial", "AT-00000021 substring serial",
                                                    "AT-00000037 substring hostname"}));
  EXPECT_EQ(found("web"), (std::vector<std::string>{"AT-00000037 prefix hostname"}));
  EXPECT_EQ(found("PSU"), (std::vector<std::string>{"AT-00000021 substring notes"}));
  EXPECT_EQ(found("PSU", 20, FindFields::identifiers), std::vector<std::string>{});
  EXPECT_EQ(found("AT-0000001"), (std::vector<std::string>{"AT-00000013 prefix tag"}));
}

TEST_F(FindTest, TheLimitKeepsTheBest) {
  EXPECT_EQ(found("CN7", 1), (std::vector<std::string>{"AT-00000013 prefix serial"}));
}

TEST_F(FindTest, AnEmptyTextIsRefused) {
  EXPECT_EQ(test::refusal([&] { find_assets(db(), "  ", 5); }), "asset find: give the text to look for");
}

TEST_F(FindTest, ANotFoundCodeSuggestsNearMatches) {
  EXPECT_EQ(near_matches_hint(db(), "CN7XK2Q"), "; did you mean CN7XK2Q1S (AT-00000013) or ZZ-CN7XK2Q (AT-00000021)?");
  EXPECT_EQ(near_matches_hint(db(), "CN"), "") << "too short to suggest";
  EXPECT_EQ(near_matches_hint(db(), "PSU"), "") << "notes are not suggested";
  EXPECT_EQ(test::refusal([&] { resolve_asset(db(), "XK2Q1"); }),
            "asset: no asset has tag, serial, barcode or hostname 'XK2Q1'; did you mean CN7XK2Q1S (AT-00000013)?");
  const Error e = test::caught_refusal([&] { resolve_asset(db(), "XK2Q1"); });
  EXPECT_EQ(e.problem(), Problem::not_found);
  EXPECT_EQ(e.field(), "asset");
}

}  // namespace
}  // namespace tally
