// End-to-end tests of acting on many assets at once (`asset move A B --to X`,
// `--scan` from stdin: all or nothing in one transaction, every refusal with
// its line), of `asset find` and the near matches of a not-found code, and of
// scan sessions answering a person at a terminal with a sentence.

#include "e2e/harness.hpp"
#include "e2e/terminal.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

namespace tally::e2e {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

// The standard estate with its four servers received at WH1 (S1..S4) and a
// person to assign them to.
class Bulk : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    for (const auto& unit : ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "CN7XK2Q1S",
                                     "--serial", "S2", "--serial", "S3", "--serial", "S4"})) {
      tags.push_back(unit["tag"]);
    }
    ASSERT_EQ(tags, Strings({"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045"}));
    ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
    ASSERT_FALSE(HasFailure());
  }

  std::string location_of(const std::string& tag) const {
    const json shown = ok_json({"asset", "show", tag});
    return shown["location"].is_null() ? "" : shown["location"].get<std::string>();
  }

  Strings tags;
};

// ------------------------------------------------------------ several codes

TEST_F(Bulk, MoveTakesSeveralCodesAndPrintsOneRecordPerAsset) {
  // A tag, a serial and a tag again: each is resolved as `asset show` does.
  const json moved = ok_json({"asset", "move", tags[0], "S2", tags[2], "--to", "WH1-BIN"});
  ASSERT_TRUE(moved.is_array()) << moved;
  ASSERT_EQ(moved.size(), 3u);
  const json listed = ok_json({"asset", "list"});  // by tag
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(moved[i], listed[i]) << "the record `asset list` prints, after the move";
    EXPECT_EQ(moved[i]["location"], "WH1-BIN");
  }
  EXPECT_EQ(location_of(tags[3]), "WH1");
  // One move event per asset.
  EXPECT_EQ(sb.sqlite("SELECT entity_key FROM event WHERE action = 'move' ORDER BY id").out,
            "AT-00000013\nAT-00000021\nAT-00000037\n");
  // CSV: one row per asset under the asset list's header.
  const Result csv = sb.tally({"asset", "move", tags[0], tags[1], "--to", "WH1", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(lines_of(csv.out).size(), 3u) << csv.out;
  EXPECT_EQ(lines_of(csv.out)[0], lines_of(sb.tally({"asset", "list", "--format", "csv"}).out)[0]);
  // One code as an argument still prints the asset's record.
  EXPECT_EQ(ok_json({"asset", "move", tags[0], "--to", "WH1-BIN"})["location"], "WH1-BIN");
}

TEST_F(Bulk, AssignSetStatusDisposeAndLabelTakeSeveralCodes) {
  const json assigned = ok_json({"asset", "assign", tags[0], tags[1], "--person", "ana"});
  ASSERT_EQ(assigned.size(), 2u);
  EXPECT_EQ(assigned[0]["custodian"], "ana");
  EXPECT_EQ(assigned[1]["custodian"], "ana");

  const json retired = ok_json({"asset", "set-status", tags[2], tags[3], "retired", "--reason", "end of life"});
  ASSERT_EQ(retired.size(), 2u);
  EXPECT_EQ(retired[0]["status"], "retired");
  EXPECT_EQ(retired[1]["status"], "retired");
  // Assigning a person to assets in stock checked them out; the second comes back first.
  EXPECT_EQ(assigned[1]["status"], "deployed");
  EXPECT_EQ(ok_json({"asset", "checkin", tags[1]})["status"], "in_stock");
  // The old form, one tag and the status, still prints the record.
  EXPECT_EQ(ok_json({"asset", "set-status", tags[1], "staging"})["status"], "staging");

  const json disposed = ok_json({"dispose", tags[2], tags[3], "--method", "recycle", "--wipe", "nist-800-88-purge"});
  ASSERT_EQ(disposed.size(), 2u);
  EXPECT_EQ(disposed[0]["tag"], tags[2]);
  EXPECT_EQ(disposed[1]["tag"], tags[3]);

  TempDir dir;
  const json labelled = ok_json({"label", tags[0], "S2", "--format", "svg", "--out", dir.path().string()});
  ASSERT_EQ(labelled.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir.file(tags[0] + ".svg")));
  EXPECT_TRUE(std::filesystem::exists(dir.file(tags[1] + ".svg")));
}

TEST_F(Bulk, ARefusedCodeRefusesThemAllNamingItsPlace) {
  EXPECT_EQ(refused({"asset", "move", tags[0], "NOPE-1", tags[1], tags[0], "--to", "WH1-BIN"}),
            "tally: error: asset move: refused 2 of 4; nothing was moved:\n"
            "  argument 2: NOPE-1: asset: no asset has tag, serial, barcode or hostname 'NOPE-1'\n"
            "  argument 4: AT-00000013: given twice\n");
  EXPECT_EQ(location_of(tags[0]), "WH1");
  // One code as an argument is refused with the core's message as it is.
  EXPECT_EQ(refused({"asset", "move", "NOPE-1", "--to", "WH1-BIN"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname 'NOPE-1'\n");
  EXPECT_EQ(sb.tally({"asset", "move", "--to", "WH1-BIN"}).exit_code, 2) << "no code at all is a usage error";
}

TEST_F(Bulk, SetStatusWantsTheStatusLast) {
  const Result r = sb.tally({"asset", "set-status", tags[0], tags[1]});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines_of(r.err)[0],
            "tally: error: asset set-status: the last word must be the new status, one of in_stock, staging, "
            "deployed, in_repair, rma, retired, lost, disposed, returned_to_vendor; got 'AT-00000021'");
}

TEST_F(Bulk, DisposeListsEveryRefusalWithItsLine) {
  ok_json({"asset", "assign", tags[1], "--person", "ana"});
  const std::string err = refused({"dispose", "--scan", "--method", "destroy", "--wipe", "physical-destroy"}, 1,
                                  "# pallet 7\n" + tags[0] + "\n\nNOPE\r\n" + tags[0] + "\n" + tags[1] + "\n");
  EXPECT_EQ(err,
            "tally: error: dispose: refused 3 of 4; nothing was disposed:\n"
            "  line 4: NOPE: asset: no asset has tag, serial, barcode or hostname 'NOPE'\n"
            "  line 5: AT-00000013: given twice\n"
            "  line 6: AT-00000021: it is assigned to ana; unassign it first\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM disposal").out, "0\n");
}

TEST_F(Bulk, ScanSkipsBlankLinesAndCommentsAndTakesArgumentsToo) {
  const Result r = sb.tally({"--format", "json", "asset", "assign", tags[3], "--scan", "--team", "A-2"},
                            "# shelf 3\n\n  " + tags[0] + "  \n\n#" + tags[1] + "\nS3\r\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json assigned = parse_json(r);
  ASSERT_EQ(assigned.size(), 3u);
  EXPECT_EQ(assigned[0]["tag"], tags[3]);
  EXPECT_EQ(assigned[1]["tag"], tags[0]);
  EXPECT_EQ(assigned[2]["tag"], tags[2]);
  for (const auto& a : assigned) {
    EXPECT_EQ(a["owner_team"], "A-2");
  }
  EXPECT_EQ(ok_json({"asset", "show", tags[1]})["owner_team"], "A-3");
  // One code from --scan is still a list of one.
  const Result one = sb.tally({"--format", "json", "asset", "move", "--scan", "--to", "WH1-BIN"}, tags[1] + "\n");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(parse_json(one).size(), 1u);
}

// ------------------------------------------------------------ 500 by --scan

// The standard estate with a second PO of 500 servers, all received at WH1.
class BulkScan : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ASSERT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"], "PO-2026-0002");
    ok_json({"po", "add-line", "PO-2026-0002", "--model", k_server, "--qty", "500", "--unit-cost", "1.00"});
    ok_json({"po", "submit", "PO-2026-0002"});
    ok_json({"po", "approve", "--actor", "approver", "PO-2026-0002"});
    ok_json({"po", "order", "PO-2026-0002"});
    Strings args = {"receive", "PO-2026-0002", "--line", "1", "--location", "WH1"};
    for (int i = 1; i <= 500; ++i) {
      args.push_back("--serial");
      args.push_back("BULK-" + std::to_string(i));
    }
    for (const auto& unit : ok_json(args)) {
      tags.push_back(unit["tag"]);
    }
    ASSERT_EQ(tags.size(), 500u);
  }

  // The tags, one per line.
  std::string tag_lines() const {
    std::string lines;
    for (const auto& tag : tags) {
      lines += tag + "\n";
    }
    return lines;
  }

  std::string at_location(const std::string& code) const {
    return sb
        .sqlite("SELECT count(*) FROM asset a JOIN location l ON l.id = a.location_id WHERE l.code = '" + code + "'")
        .out;
  }

  Strings tags;
};

TEST_F(BulkScan, FiveHundredCodesMoveInOneTransaction) {
  const auto start = std::chrono::steady_clock::now();
  const Result r = sb.tally({"--format", "json", "asset", "move", "--scan", "--to", "WH1-BIN"}, tag_lines());
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "500-code --scan move: " << seconds << " s\n";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "no progress line when stderr is not a terminal";
  const json moved = parse_json(r);
  ASSERT_EQ(moved.size(), 500u);
  for (std::size_t i = 0; i < moved.size(); ++i) {
    EXPECT_EQ(moved[i]["tag"], tags[i]);
    EXPECT_EQ(moved[i]["location"], "WH1-BIN");
  }
  EXPECT_EQ(at_location("WH1-BIN"), "500\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM event WHERE action = 'move'").out, "500\n");
  // A shell loop of 500 processes took seconds; one transaction takes well under that.
  EXPECT_LT(seconds, 10.0);
}

TEST_F(BulkScan, OneRefusedCodeOnLine250LeavesAllFiveHundredUnchanged) {
  std::string input;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    input += (i == 249 ? std::string("NO-SUCH-UNIT") : tags[i]) + "\n";
  }
  EXPECT_EQ(refused({"asset", "move", "--scan", "--to", "WH1-BIN"}, 1, input),
            "tally: error: asset move: refused 1 of 500; nothing was moved:\n"
            "  line 250: NO-SUCH-UNIT: asset: no asset has tag, serial, barcode or hostname 'NO-SUCH-UNIT'\n");
  EXPECT_EQ(at_location("WH1-BIN"), "0\n");
  EXPECT_EQ(at_location("WH1"), "500\n");
}

TEST_F(BulkScan, AProgressLineIsShownWhenStderrIsATerminal) {
  const Result r = run_in_terminal(tally_path(), {"--db", sb.db(), "asset", "move", "--scan", "--to", "WH1-BIN"},
                                   tag_lines(), OnTerminal::out_and_err, 200);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "\rasset move: 5 of 500 assets (1%)")) << r.out.substr(0, 400);
  EXPECT_TRUE(contains(r.out, "\rasset move: 500 of 500 assets (100%)\r\033[K")) << r.out.substr(0, 400);
  EXPECT_EQ(at_location("WH1-BIN"), "500\n");
}

// ------------------------------------------------------------ asset find

TEST_F(Bulk, FindRanksExactThenPrefixThenSubstring) {
  ok_json({"asset", "set", tags[1], "--hostname", "cn7-web01", "--reason", "named"});
  ok_json({"asset", "set", tags[2], "--notes", "swapped PSU with CN7XK2Q1S's spare", "--reason", "note"});
  ok_json({"asset", "set", tags[3], "--serial", "X-CN7XK2Q", "--reason", "typo"});
  const json found = ok_json({"asset", "find", "cn7xk2q"});
  ASSERT_EQ(found.size(), 3u) << found;
  EXPECT_EQ(found[0]["tag"], tags[0]);
  EXPECT_EQ(found[0]["match"], "prefix");
  EXPECT_EQ(found[0]["field"], "serial");
  EXPECT_EQ(found[0]["value"], "CN7XK2Q1S");
  EXPECT_EQ(found[1]["tag"], tags[3]);
  EXPECT_EQ(found[1]["match"], "substring");
  EXPECT_EQ(found[1]["field"], "serial");
  EXPECT_EQ(found[2]["tag"], tags[2]);
  EXPECT_EQ(found[2]["match"], "substring");
  EXPECT_EQ(found[2]["field"], "notes");
  // An exact serial comes first; a hostname's start is a prefix match.
  const json exact = ok_json({"asset", "find", "X-CN7XK2Q"});
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0]["match"], "exact");
  const json cn7 = ok_json({"asset", "find", "CN7", "--limit", "2"});
  ASSERT_EQ(cn7.size(), 2u);
  EXPECT_EQ(cn7[0]["tag"], tags[0]);  // serial prefix
  EXPECT_EQ(cn7[1]["tag"], tags[1]);  // hostname prefix
  EXPECT_EQ(cn7[1]["field"], "hostname");
  // CSV like the other lists.
  const Result csv = sb.tally({"asset", "find", "web01", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, "tag,match,field,value,serial,manufacturer,model,status,location,hostname\n" + tags[1] +
                         ",substring,hostname,cn7-web01,S2,Dell,PowerEdge R640,in_stock,WH1,cn7-web01\n");
  EXPECT_EQ(ok_json({"asset", "find", "nothing-like-it"}), json::array());
  EXPECT_EQ(refused({"asset", "find", " "}), "tally: error: asset find: give the text to look for\n");
  EXPECT_EQ(refused({"asset", "find", "CN7", "--limit", "0"}), "tally: error: asset find: --limit must be 1 or more\n");
}

TEST_F(Bulk, ANotFoundCodeSuggestsNearMatches) {
  EXPECT_EQ(refused({"asset", "show", "CN7XK2Q"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname 'CN7XK2Q'; did you mean CN7XK2Q1S "
            "(AT-00000013)?\n");
  EXPECT_EQ(refused({"asset", "move", "S", "--to", "WH1-BIN"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname 'S'\n")
      << "fewer than three characters suggest nothing";
  EXPECT_EQ(refused({"asset", "show", "0000003"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname '0000003'; did you mean "
            "AT-00000037?\n");
}

// ------------------------------------------------------------ scan answers

TEST_F(SandboxTest, ReceiveScanAnswersASentenceOnATerminal) {
  standard_estate();
  const Strings args = {"--db", sb.db(), "receive", k_po, "--line", "1", "--location", "WH1", "--scan"};
  const Result r = run_in_terminal(tally_path(), args, "CN7XK2Q1S\nS2\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "AT-00000013 received: Dell PowerEdge R640 CN7XK2Q1S, 1 of 4 on line 1\n"
            "AT-00000021 received: Dell PowerEdge R640 S2, 2 of 4 on line 1\n");
  // Not a terminal: the rows as before; --format json on a terminal: JSON Lines.
  const Result piped =
      sb.tally({"--format", "json", "receive", k_po, "--line", "1", "--location", "WH1", "--scan"}, "S3\n");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(json::parse(piped.out)["tag"], "AT-00000037");
  Strings as_json = args;
  as_json.insert(as_json.begin() + 2, {"--format", "json"});
  const Result lines = run_in_terminal(tally_path(), as_json, "S4\n");
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  EXPECT_EQ(json::parse(lines.out)["tag"], "AT-00000045");
}

TEST_F(Bulk, AuditScanAnswersASentenceAndHintsAtAMistypedTag) {
  ok_json({"audit", "start", "WH1-BIN"});
  const Strings args = {"--db", sb.db(), "audit", "scan", "AUD-00001", "--scan"};
  // AT-00000014 is AT-00000013 with its check digit mistyped.
  const Result r = run_in_terminal(tally_path(), args, "S2\nAT-00000014\nBOGUS-1\nAT-00000021\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "AT-00000021 (S2): not expected here, recorded at WH1\n"
            "AT-00000014: unknown, looks like a mistyped tag (its check digit is wrong); it may be AT-00000013\n"
            "BOGUS-1: unknown, kept as an unknown code\n"
            "AT-00000021: not expected here, recorded at WH1; scanned before\n");
  // Scripts get the hint in the JSON line.
  const Result piped = sb.tally({"--format", "json", "audit", "scan", "AUD-00001", "AT-00000031"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(json::parse(piped.out),
            json::parse(R"({"code":"AT-00000031","tag":null,"location":null,"known":false,"expected":false,
                            "repeated":false,"hint":"looks like a mistyped tag (its check digit is wrong); it may be AT-00000037, AT-00000021 or AT-00000013"})"));
}

}  // namespace
}  // namespace tally::e2e
