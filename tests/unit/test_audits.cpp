// Unit tests of audits (src/audits.cpp): starting an audit of a location,
// scans by tag, serial and GS1 code (repeats noted, unknown codes kept), the
// four-way outcome of a finish with and without applying it (moves, lost
// marks, and the notes of what could not change), the recorded result, and
// every refusal with the database unchanged.

#include "assets.hpp"
#include "audits.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "racks.hpp"
#include "repairs.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tally {
namespace {

using test::dump_rows;
using test::refusal_of;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Locations WH1 > WH1-A and DC1; vendor Dell and a Dell R640; assets S1 and S2
// in WH1-A, S3 in WH1, S4 in DC1.
class AuditTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    add_location(db(), "t", {"WH1-A", "Bin A", std::string("bin"), std::string("WH1")});
    add_location(db(), "t", {"DC1", "DC", std::nullopt, std::nullopt});
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    add_model(db(), "t", server);
    m_s1 = intake("S1", "WH1-A");
    m_s2 = intake("S2", "WH1-A");
    m_s3 = intake("S3", "WH1");
    m_s4 = intake("S4", "DC1");
  }

  std::string intake(const std::string& serial, const std::string& location) {
    AssetIntake in;
    in.model = "Dell R640";
    in.serial = serial;
    in.location = location;
    return add_asset(db(), "clerk", in).tag;
  }

  AuditScan scan(const std::string& code) { return scan_audit(db(), "auditor", "AUD-00001", code); }
  std::string dump() { return dump_rows(db().connection()); }

  std::vector<std::string> tags(const std::vector<AuditFinding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
      out.push_back(f.tag.value_or("-"));
    }
    return out;
  }

  std::string m_s1, m_s2, m_s3, m_s4;
};

TEST_F(AuditTest, StartRecordsTheAuditAndItsEvent) {
  const Audit audit = start_audit(db(), "auditor", "wh1");
  EXPECT_EQ(audit_json(audit), (Json{{"id", "AUD-00001"},
                                     {"location", "WH1"},
                                     {"status", "open"},
                                     {"started_at", "2026-11-27T09:15:00Z"},
                                     {"started_by", "auditor"},
                                     {"finished_at", nullptr},
                                     {"applied", false},
                                     {"scans", 0}}));
  EventFilter f;
  f.entity = "audit";
  const auto events = list_events(db(), f);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "start");
  EXPECT_EQ(events[0].entity_key, "AUD-00001");
  EXPECT_EQ(events[0].after, audit_json(audit));

  const std::string before = dump();
  // The problem is resolve_location's (invalid today, not_found once locations say so).
  const test::Refusal r = refusal_of([&] { start_audit(db(), "auditor", "WH9"); });
  EXPECT_THAT(r.what, StartsWith("unknown location 'WH9'"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(AuditTest, ScansNameTheAssetWhereItIsAndWhetherItWasSeen) {
  start_audit(db(), "auditor", "WH1");
  const AuditScan by_tag = scan(m_s1 + "\r\n");
  EXPECT_EQ(audit_scan_json(by_tag), (Json{{"code", m_s1},
                                           {"tag", m_s1},
                                           {"location", "WH1-A"},
                                           {"known", true},
                                           {"expected", true},
                                           {"repeated", false}}));
  EXPECT_TRUE(scan("S1").repeated) << "the same asset by its serial";
  EXPECT_TRUE(scan("(01)09506000134352(21)S3").expected) << "a GS1 code's serial (AI 21)";
  const AuditScan stray = scan("S4");
  EXPECT_EQ(stray.tag, std::optional<std::string>(m_s4));
  EXPECT_EQ(stray.location, std::optional<std::string>("DC1"));
  EXPECT_FALSE(stray.expected);
  const AuditScan mystery = scan("MYSTERY");
  EXPECT_EQ(audit_scan_json(mystery), (Json{{"code", "MYSTERY"},
                                            {"tag", nullptr},
                                            {"location", nullptr},
                                            {"known", false},
                                            {"expected", false},
                                            {"repeated", false}}));
  EXPECT_TRUE(scan("MYSTERY").repeated);
  EXPECT_EQ(query_text(db().connection(),
                       "SELECT group_concat(code || ':' || coalesce(asset_id, '-') || ':' || scanned_by, ' ') "
                       "FROM audit_scan"),
            m_s1 +
                ":1:auditor S1:1:auditor (01)09506000134352(21)S3:3:auditor S4:4:auditor MYSTERY:-:auditor "
                "MYSTERY:-:auditor");
  EXPECT_EQ(show_audit(db(), "AUD-00001").audit.scans, 6);
}

TEST_F(AuditTest, ScanRefusalsWriteNothing) {
  start_audit(db(), "auditor", "WH1");
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { scan(" \r\n"); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.what, "audit scan: an empty code");
  EXPECT_EQ(refusal_of([&] { scan_audit(db(), "auditor", "AUDIT-1", "S1"); }).what,
            "'AUDIT-1' is not an audit id like AUD-00001");
  EXPECT_EQ(refusal_of([&] { scan_audit(db(), "auditor", "AUD-00002", "S1"); }).what, "unknown audit 'AUD-00002'");
  EXPECT_EQ(test::row_changes(before, dump()), "");
  finish_audit(db(), "auditor", "AUD-00001", false);
  const std::string finished = dump();
  EXPECT_EQ(refusal_of([&] { scan("S1"); }).what,
            "audit scan: AUD-00001 was finished at 2026-11-27T09:15:00Z; start a new audit");
  EXPECT_EQ(test::row_changes(finished, dump()), "");
}

TEST_F(AuditTest, AFinishWithoutApplySortsAndRecordsButChangesNoAsset) {
  start_audit(db(), "auditor", "WH1");
  scan("S1");
  scan("S3");
  scan("S4");
  scan("NOPE");
  scan("NOPE");
  const std::string assets_before =
      query_text(db().connection(), "SELECT group_concat(tag || ' ' || status || ' ' || location_id, ', ') FROM asset");
  const AuditResult result = finish_audit(db(), "auditor", "AUD-00001", false);
  EXPECT_EQ(tags(result.found), (std::vector<std::string>{m_s1, m_s3}));
  EXPECT_EQ(tags(result.missing), (std::vector<std::string>{m_s2}));
  EXPECT_EQ(result.missing[0].location, std::optional<std::string>("WH1-A"));
  EXPECT_EQ(result.missing[0].status, std::optional<std::string>("in_stock"));
  EXPECT_FALSE(result.missing[0].note);
  EXPECT_EQ(tags(result.unexpected), (std::vector<std::string>{m_s4}));
  EXPECT_EQ(result.unexpected[0].code, std::optional<std::string>("S4"));
  ASSERT_EQ(result.unknown.size(), 1u) << "an unknown code scanned twice is one finding";
  EXPECT_EQ(result.unknown[0].code, std::optional<std::string>("NOPE"));
  EXPECT_TRUE(result.audit.finished_at);
  EXPECT_FALSE(result.audit.applied);
  EXPECT_EQ(audit_json(result.audit)["status"], "finished");
  EXPECT_EQ(
      query_text(db().connection(), "SELECT group_concat(tag || ' ' || status || ' ' || location_id, ', ') FROM asset"),
      assets_before);
  EXPECT_EQ(count("audit_finding"), 5);

  EventFilter f;
  f.entity = "audit";
  const Event finish = list_events(db(), f).back();
  EXPECT_EQ(finish.action, "finish");
  EXPECT_TRUE(finish.before.is_null());
  EXPECT_EQ(finish.after, (Json{{"applied", false}, {"found", 2}, {"missing", 1}, {"unexpected", 1}, {"unknown", 1}}));
}

TEST_F(AuditTest, ApplyingMovesTheUnexpectedAndMarksTheMissingLost) {
  set_asset_status(db(), "t", m_s4, "lost", std::nullopt);
  start_audit(db(), "auditor", "WH1");
  scan("S1");
  scan("S3");
  scan("S4");
  const AuditResult result = finish_audit(db(), "auditor", "AUD-00001", true);
  EXPECT_TRUE(result.audit.applied);
  ASSERT_EQ(result.missing.size(), 1u);
  EXPECT_EQ(result.missing[0].note, std::optional<std::string>("marked lost"));
  ASSERT_EQ(result.unexpected.size(), 1u);
  EXPECT_EQ(result.unexpected[0].note, std::optional<std::string>("moved here and back in stock"));
  EXPECT_EQ(result.unexpected[0].status, std::optional<std::string>("lost")) << "as it was recorded";

  const Asset gone = resolve_asset(db(), m_s2);
  EXPECT_EQ(gone.status, "lost");
  const Event lost = asset_history(db(), m_s2).back();
  EXPECT_EQ(lost.action, "audit-missing");
  EXPECT_EQ(lost.after["status"], "lost");
  EXPECT_EQ(lost.after["audit"], "AUD-00001");
  const Asset found = resolve_asset(db(), m_s4);
  EXPECT_EQ(found.status, "in_stock");
  EXPECT_EQ(found.location, std::optional<std::string>("WH1"));
  const Event moved = asset_history(db(), m_s4).back();
  EXPECT_EQ(moved.action, "audit-found");
  EXPECT_EQ(moved.after["audit"], "AUD-00001");
  EXPECT_EQ(moved.after["status"], "in_stock");

  const AuditResult shown = show_audit(db(), "aud-1");
  EXPECT_EQ(shown.unexpected[0].location, std::optional<std::string>("DC1")) << "where it was recorded";
  EXPECT_EQ(shown.unexpected[0].note, result.unexpected[0].note);
  EXPECT_EQ(tags(shown.found), tags(result.found));
}

TEST_F(AuditTest, ApplyingNotesWhatItCouldNotChange) {
  add_rack(db(), "t", {"R1", "WH1-A", std::nullopt, std::nullopt, std::nullopt});
  add_rack(db(), "t", {"R2", "DC1", std::nullopt, std::nullopt, std::nullopt});
  Installation at;
  at.asset = m_s1;
  at.rack = "WH1-A/R1";
  install_asset(db(), "t", at);
  at.asset = m_s4;
  at.rack = "DC1/R2";
  install_asset(db(), "t", at);
  open_repair(db(), "t", m_s2, "fans");
  test::insert_asset_as(db().connection(), "GONE", 1, 1, "disposed", 3);
  start_audit(db(), "auditor", "WH1");
  scan("S4");
  scan("GONE");
  const AuditResult result = finish_audit(db(), "auditor", "AUD-00001", true);
  ASSERT_EQ(result.missing.size(), 3u);
  EXPECT_EQ(result.missing[0].tag, std::optional<std::string>(m_s1));
  EXPECT_EQ(result.missing[0].note, std::optional<std::string>("not marked lost: it is installed in rack WH1-A/R1"));
  EXPECT_EQ(result.missing[1].note, std::optional<std::string>("not marked lost: it is in_repair"));
  EXPECT_EQ(result.missing[2].note, std::optional<std::string>("marked lost"));
  ASSERT_EQ(result.unexpected.size(), 2u);
  EXPECT_EQ(result.unexpected[0].note, std::optional<std::string>("not moved: it is installed in rack DC1/R2"));
  EXPECT_EQ(result.unexpected[1].tag, std::optional<std::string>("GONE"));
  EXPECT_EQ(result.unexpected[1].note, std::optional<std::string>("not changed: it is disposed"));
  EXPECT_EQ(resolve_asset(db(), m_s1).status, "deployed");
  EXPECT_EQ(resolve_asset(db(), m_s2).status, "in_repair");
  EXPECT_EQ(resolve_asset(db(), m_s4).location, std::optional<std::string>("DC1"));
}

TEST_F(AuditTest, AnOpenAuditShowsTheOutcomeSoFarWithoutWriting) {
  start_audit(db(), "auditor", "WH1-A");
  scan("S1");
  scan("S3");
  const std::string before = dump();
  const AuditResult so_far = show_audit(db(), "AUD-00001");
  EXPECT_FALSE(so_far.audit.finished_at);
  EXPECT_EQ(so_far.audit.scans, 2);
  EXPECT_EQ(tags(so_far.found), (std::vector<std::string>{m_s1}));
  EXPECT_EQ(tags(so_far.missing), (std::vector<std::string>{m_s2}));
  EXPECT_EQ(tags(so_far.unexpected), (std::vector<std::string>{m_s3})) << "WH1 is above WH1-A, not below it";
  EXPECT_TRUE(so_far.unknown.empty());
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(AuditTest, FinishingTwiceOrAnUnknownAuditIsRefused) {
  start_audit(db(), "auditor", "WH1");
  finish_audit(db(), "auditor", "AUD-00001", false);
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { finish_audit(db(), "auditor", "AUD-00001", true); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("audit finish: AUD-00001 was already finished at 2026-11-27T09:15:00Z; "));
  EXPECT_THAT(r.what, HasSubstr("audit show AUD-00001"));
  EXPECT_EQ(refusal_of([&] { finish_audit(db(), "auditor", "AUD-00007", false); }).what, "unknown audit 'AUD-00007'");
  EXPECT_EQ(refusal_of([&] { finish_audit(db(), "auditor", "7", false); }).what, "unknown audit 'AUD-00007'")
      << "a bare number is an audit id";
  EXPECT_EQ(refusal_of([&] { finish_audit(db(), "auditor", "RMA-00001", false); }).what,
            "'RMA-00001' is not an audit id like AUD-00001");
  EXPECT_EQ(refusal_of([&] { show_audit(db(), "AUD-00007"); }).what, "unknown audit 'AUD-00007'");
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

}  // namespace
}  // namespace tally
