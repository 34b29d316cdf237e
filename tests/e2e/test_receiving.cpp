// End-to-end tests of receiving (`receive --serial`, `--scan`, `--qty`), of
// the assets it creates (`asset show`, `asset list`), and of the history it
// leaves (`log`): generated tags with a check digit, GS1 scans, PO status
// changes, and refusals (exit 1, a message naming the bad value or numbers,
// nothing written).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

// The Damm checksum of a digit string, computed here independently of Tally:
// 0 for a number whose last digit is its check digit.
int damm_checksum(const std::string& digits) {
  static constexpr int table[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                                        {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                                        {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                                        {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                                        {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};
  int interim = 0;
  for (char c : digits) {
    interim = table[interim][c - '0'];
  }
  return interim;
}

class Receiving : public SandboxTest {
 protected:
  // What `asset show` prints for a server of the estate's PO line 1.
  static json server_asset(const std::string& tag, const std::string& serial, const json& location) {
    return {{"tag", tag},
            {"serial", serial},
            {"manufacturer", "Dell"},
            {"model", "PowerEdge R640"},
            {"category", "server"},
            {"status", "in_stock"},
            {"location", location},
            {"owner_team", "A-3"},
            {"custodian", nullptr},
            {"po", k_po},
            {"po_line", 1},
            {"cost", "8450.00"},
            {"currency", "USD"},
            {"received_on", "2026-11-27"},
            {"warranty_ends", "2029-11-27"}};
  }

  // What receiving that server prints: the asset and where its line stands.
  static json received_row(const std::string& tag, const std::string& serial, const json& location, int line_received,
                           const std::string& po_status) {
    json row = server_asset(tag, serial, location);
    row["line"] = 1;
    row["line_received"] = line_received;
    row["line_ordered"] = 4;
    row["po_status"] = po_status;
    return row;
  }

  // Every key of `expected` is in `actual` with exactly that value. Keys the
  // issue does not name (the asset JSON grows with later features) may follow.
  static void expect_fields(const json& actual, const json& expected) {
    ASSERT_TRUE(actual.is_object()) << actual.dump();
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(actual.contains(key)) << "no key '" << key << "' in " << actual.dump();
      EXPECT_EQ(actual[key], value) << "key '" << key << "' of " << actual.dump();
    }
  }

  // `actual` is an array of as many objects as `expected`, each with its fields.
  static void expect_rows(const json& actual, const std::vector<json>& expected) {
    ASSERT_TRUE(actual.is_array()) << actual.dump();
    ASSERT_EQ(actual.size(), expected.size()) << actual.dump();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      expect_fields(actual[i], expected[i]);
    }
  }

  std::string scalar(const std::string& sql) {
    const Result r = sb.sqlite(sql);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  std::vector<std::string> tags(const json& assets) {
    std::vector<std::string> out;
    for (const auto& a : assets) {
      out.push_back(a["tag"]);
    }
    return out;
  }
};

// ---------------------------------------------------------------- --serial

TEST_F(Receiving, SerialsCreateAssetsInStock) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const json units =
      ok_json({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "S1", "--serial", "S2"});
  expect_rows(units, {received_row("AT-00000013", "S1", "WH1-BIN", 2, "partially_received"),
                      received_row("AT-00000021", "S2", "WH1-BIN", 2, "partially_received")});

  expect_fields(ok_json({"asset", "show", "AT-00000013"}), server_asset("AT-00000013", "S1", "WH1-BIN"));
  const json po = ok_json({"po", "show", k_po});
  EXPECT_EQ(po["status"], "partially_received");
  EXPECT_EQ(po["units_received"], 2);
  EXPECT_EQ(po["received_value"], "16900.00");
  EXPECT_EQ(po["lines"][0]["received"], 2);
  EXPECT_EQ(po["lines"][0]["outstanding"], 2);
  EXPECT_EQ(po["lines"][1]["received"], 0);

  // One receipt of 2 units at WH1-BIN, and the assets' stored columns.
  EXPECT_EQ(scalar("SELECT r.quantity, l.code, r.received_by, r.received_at FROM receipt r "
                   "JOIN location l ON l.id = r.location_id"),
            "2|WH1-BIN|tester|2026-11-27T09:15:00Z\n");
  EXPECT_EQ(scalar("SELECT a.tag, a.serial, a.status, t.code, a.cost_minor, a.currency, a.received_on, "
                   "a.warranty_ends, pl.line_no FROM asset a JOIN team t ON t.id = a.owner_team_id "
                   "JOIN po_line pl ON pl.id = a.po_line_id ORDER BY a.tag"),
            "AT-00000013|S1|in_stock|A-3|845000|USD|2026-11-27|2029-11-27|1\n"
            "AT-00000021|S2|in_stock|A-3|845000|USD|2026-11-27|2029-11-27|1\n");
}

TEST_F(Receiving, SerialsWithoutALocationHaveNone) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const json units = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  expect_rows(units, {received_row("AT-00000013", "S1", "WH1", 1, "partially_received")});
}

TEST_F(Receiving, TheLastUnitMovesThePoToReceived) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  EXPECT_EQ(ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"})[0]["po_status"],
            "partially_received");
  EXPECT_EQ(ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "40"})["po_status"],
            "partially_received");
  EXPECT_EQ(ok_json({"po", "show", k_po})["status"], "partially_received");
  const json last = ok_json(
      {"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S2", "--serial", "S3", "--serial", "S4"});
  ASSERT_EQ(last.size(), 3u) << last.dump();
  for (const auto& unit : last) {
    EXPECT_EQ(unit["po_status"], "received") << unit.dump();
    EXPECT_EQ(unit["line_received"], 4) << unit.dump();
  }
  const json po = ok_json({"po", "show", k_po});
  EXPECT_EQ(po["status"], "received");
  EXPECT_EQ(po["units_received"], 44);
  EXPECT_EQ(po["received_value"], "34300.00");

  const std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S5"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is received; only an ordered (or partially received) PO")) << err;
}

TEST_F(Receiving, TagsCarryADammCheckDigit) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const json units = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2",
                              "--serial", "S3", "--serial", "S4"});
  EXPECT_EQ(tags(units), (std::vector<std::string>{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045"}));
  for (const auto& unit : units) {
    const std::string tag = unit["tag"];
    ASSERT_EQ(tag.size(), 11u) << tag;
    const std::string digits = tag.substr(3);
    EXPECT_EQ(damm_checksum(digits), 0) << tag;
    // Every single-digit change of the check digit is detected.
    for (char c = '0'; c <= '9'; ++c) {
      if (c != digits.back()) {
        EXPECT_NE(damm_checksum(digits.substr(0, 7) + c), 0) << tag << " with check digit " << c;
      }
    }
  }
}

TEST_F(Receiving, DuplicateSerialInTheListIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err =
      refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "A", "--serial", "B", "--serial", "A"});
  EXPECT_TRUE(contains(err, "serial 'A' is given twice")) << err;
  // The same serial once plain and once inside a GS1 string.
  err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "SN9", "--serial",
                 std::string("(01)") + k_server_gtin + "(21)SN9"});
  EXPECT_TRUE(contains(err, "serial 'SN9' is given twice")) << err;
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "0\n");
}

TEST_F(Receiving, SerialsMayBeGs1Strings) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const json units = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial",
                              std::string("(01)") + k_server_gtin + "(21)SN7"});
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0]["serial"], "SN7");
}

TEST_F(Receiving, DuplicateOfAnExistingSerialIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  const std::string err =
      refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S5", "--serial", "S1"});
  EXPECT_TRUE(contains(err, "serial 'S1' already exists for Dell (AT-00000013)")) << err;
  EXPECT_EQ(scalar("SELECT serial FROM asset"), "S1\n");
}

// BUG: serials are stored exactly as typed, so " S1" and "S1 " are new
// serials next to S1 of the same manufacturer: the duplicate check is beaten
// by a stray space (and `asset show " S1"` trims its argument, so such an
// asset cannot be found by its serial at all). Expected: the serial is
// trimmed (then refused as a duplicate) or refused for its spaces; either
// way exit 1 and nothing written.
TEST_F(Receiving, SerialWithSurroundingSpacesIsNotANewSerial) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", " S1"});
  refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1 "});
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "1\n");
}

// BUG: receiving looks the line's model up again by its display name
// ("MANUFACTURER MODEL") instead of by the model id the line stores. When two
// models share that name (vendor "Dell" + model "PowerEdge R640", vendor
// "Dell PowerEdge" + model "R640"), both lines are refused with "unknown model
// 'Dell PowerEdge R640'" although `po add-line` accepted them. Expected: each
// line receives its own model.
TEST_F(Receiving, ALineReceivesItsOwnModelWhenTwoModelsShareADisplayName) {
  ok_json({"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"});
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  ok_json({"vendor", "add", "Dell PowerEdge", "--manufacturer"});
  ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--warranty-months", "36"});
  ok_json({"model", "add", "Dell PowerEdge", "R640", "--category", "server", "--warranty-months", "12"});
  ok_json({"budget", "set", "A-3", "2026", "1000.00"});
  ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
  ok_json({"po", "add-line", k_po, "--model", "R640", "--qty", "1", "--unit-cost", "1.00"});
  ok_json({"po", "add-line", k_po, "--model", "PowerEdge R640", "--qty", "1", "--unit-cost", "2.00"});
  ok_json({"po", "submit", k_po});
  ok_json({"po", "approve", "--actor", "approver", k_po});
  ok_json({"po", "order", k_po});
  ASSERT_FALSE(HasFailure());

  const json first = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "A1"});
  ASSERT_EQ(first.size(), 1u) << first.dump();
  EXPECT_EQ(first[0]["manufacturer"], "Dell PowerEdge");
  EXPECT_EQ(first[0]["model"], "R640");
  EXPECT_EQ(first[0]["warranty_ends"], "2027-11-27");
  const json second = ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--serial", "A2"});
  ASSERT_EQ(second.size(), 1u) << second.dump();
  EXPECT_EQ(second[0]["manufacturer"], "Dell");
  EXPECT_EQ(second[0]["model"], "PowerEdge R640");
  EXPECT_EQ(second[0]["warranty_ends"], "2029-11-27");
}

TEST_F(Receiving, OverReceiptIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2",
                             "--serial", "S3", "--serial", "S4", "--serial", "S5"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 line 1 ordered 4, already received 0; refusing 5 more")) << err;

  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2"});
  err = refused(
      {"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S3", "--serial", "S4", "--serial", "S5"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 line 1 ordered 4, already received 2; refusing 3 more")) << err;
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "2\n");
}

TEST_F(Receiving, PoThatIsNotOrderedIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "1", "--unit-cost", "100.00"});
  std::string err = refused({"receive", po, "--line", "1", "--location", "WH1", "--serial", "X1"});
  EXPECT_TRUE(contains(err, "receive: " + po + " is draft; only an ordered (or partially received) PO")) << err;
  ok_json({"po", "submit", po});
  err = refused({"receive", po, "--line", "1", "--location", "WH1", "--serial", "X1"});
  EXPECT_TRUE(contains(err, "receive: " + po + " is submitted; only an ordered")) << err;
  ok_json({"po", "approve", "--actor", "approver", po});
  err = refused({"receive", po, "--line", "1", "--location", "WH1", "--serial", "X1"});
  EXPECT_TRUE(contains(err, "receive: " + po + " is approved; only an ordered")) << err;
}

TEST_F(Receiving, UnknownLineIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", k_po, "--line", "3", "--location", "WH1", "--serial", "S1"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 has no line 3 (its lines: 1, 2)")) << err;
}

TEST_F(Receiving, UnknownLocationIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH9", "--serial", "S1"});
  EXPECT_TRUE(contains(err, "unknown location 'WH9'")) << err;
  err = refused({"receive", k_po, "--line", "2", "--location", "WH9", "--qty", "1"});
  EXPECT_TRUE(contains(err, "unknown location 'WH9'")) << err;
}

TEST_F(Receiving, UnknownPoIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", "PO-2026-0099", "--line", "1", "--serial", "S1"});
  EXPECT_TRUE(contains(err, "unknown purchase order 'PO-2026-0099'")) << err;
}

TEST_F(Receiving, QtyOnASerializedLineIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--qty", "2"});
  EXPECT_TRUE(contains(err,
                       "PO-2026-0001 line 1 is Dell PowerEdge R640, a serialized model; receive it with "
                       "--serial or --scan"))
      << err;
}

TEST_F(Receiving, SerialOnABulkLineIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--serial", "S1"});
  EXPECT_TRUE(contains(err,
                       "PO-2026-0001 line 2 is FS.com SFP-10G-SR, a bulk (counted) model; receive it with "
                       "--qty N"))
      << err;
}

TEST_F(Receiving, NoSerialScanOrQtyIsAUsageError) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1"}, 2);
  EXPECT_TRUE(contains(err, "give --serial S (repeatable), --scan, or --qty N")) << err;
  refused({"receive", k_po, "--line", "1", "--serial", "S1", "--scan"}, 2);
  refused({"receive", k_po, "--line", "2", "--serial", "S1", "--qty", "1"}, 2);
}

// ---------------------------------------------------------------- --qty

TEST_F(Receiving, BulkQtyAddsToStock) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  EXPECT_EQ(ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "10"}),
            json::parse(R"({"po":"PO-2026-0001","line":2,"model":"FS.com SFP-10G-SR","location":"WH1",
                            "quantity":10,"line_received":10,"line_ordered":40,"on_hand":10,
                            "po_status":"partially_received"})"));
  EXPECT_EQ(ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "5"})["on_hand"], 5);
  const json third = ok_json({"receive", k_po, "--line", "2", "--location", "wh1", "--qty", "20"});
  EXPECT_EQ(third["on_hand"], 30);
  EXPECT_EQ(third["line_received"], 35);
  EXPECT_EQ(third["location"], "WH1");

  EXPECT_EQ(scalar("SELECT l.code, s.on_hand FROM stock_level s JOIN location l ON l.id = s.location_id "
                   "ORDER BY l.code"),
            "WH1|30\nWH1-BIN|5\n");
  EXPECT_EQ(scalar("SELECT delta, kind, reason FROM stock_movement ORDER BY id"),
            "10|receipt|PO-2026-0001 line 2\n5|receipt|PO-2026-0001 line 2\n20|receipt|PO-2026-0001 line 2\n");
  // No tags for counted stock.
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "0\n");
  const json po = ok_json({"po", "show", k_po});
  EXPECT_EQ(po["lines"][1]["received"], 35);
  EXPECT_EQ(po["lines"][1]["outstanding"], 5);
}

TEST_F(Receiving, BulkOverReceiptIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "41"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 line 2 ordered 40, already received 0; refusing 41 more")) << err;
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "35"});
  err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "6"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 line 2 ordered 40, already received 35; refusing 6 more")) << err;
  EXPECT_EQ(scalar("SELECT on_hand FROM stock_level"), "35\n");
}

TEST_F(Receiving, BulkNeedsALocationAndAPositiveQuantity) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"receive", k_po, "--line", "2", "--qty", "5"});
  EXPECT_TRUE(contains(err, "bulk stock needs a --location")) << err;
  err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "0"});
  EXPECT_TRUE(contains(err, "--qty 0 must be a positive whole number")) << err;
  err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "-3"});
  EXPECT_TRUE(contains(err, "--qty -3 must be a positive whole number")) << err;
}

// ---------------------------------------------------------------- --scan

class ScanSession : public Receiving {
 protected:
  // Runs a scan session into the estate's line 1 at WH1 with --format json.
  Result scan(const std::string& input, const std::string& format = "json", const std::string& po = k_po) {
    return sb.tally({"--format", format, "receive", po, "--line", "1", "--location", "WH1", "--scan"}, input);
  }

  // The one-object-per-line answers of a JSON scan session.
  std::vector<json> answers(const Result& r) {
    std::vector<json> out;
    for (const auto& line : lines_of(r.out)) {
      try {
        out.push_back(json::parse(line));
      } catch (const json::exception& e) {
        ADD_FAILURE() << "not a JSON line: " << line << ": " << e.what();
      }
    }
    return out;
  }
};

TEST_F(ScanSession, GoodLinesAreKeptAndBadLinesReported) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string input = std::string("SN1\n") +                           // 1: plain serial
                            "(01)09506000134352(21)SN2\n" +                  // 2: bracketed GS1
                            "]C1" + "0109506000134352" + "21SN3" + "\x1d" +  // 3: raw GS1 from a scanner
                            "10LOT\n" +                                      //
                            "SN1\n" +                                        // 4: duplicate of line 1
                            "(01)04006381333931(21)SN5\n" +                  // 5: another model's GTIN
                            "(01)09506000134353(21)SN6\n" +                  // 6: GTIN check digit wrong
                            "\n" +                                           // 7: the end
                            "SN8\n";                                         // ignored
  const Result r = scan(input);
  EXPECT_EQ(r.exit_code, 1) << r.err;

  const auto units = answers(r);
  ASSERT_EQ(units.size(), 3u) << r.out;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"AT-00000013", "SN1"}, {"AT-00000021", "SN2"}, {"AT-00000037", "SN3"}};
  for (std::size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(units[i]["tag"], expected[i].first) << units[i].dump();
    EXPECT_EQ(units[i]["serial"], expected[i].second) << units[i].dump();
    EXPECT_EQ(units[i]["po"], k_po) << units[i].dump();
    EXPECT_EQ(units[i]["line"], 1) << units[i].dump();
    EXPECT_EQ(units[i]["line_received"], static_cast<int>(i) + 1) << units[i].dump();
    EXPECT_EQ(units[i]["po_status"], "partially_received") << units[i].dump();
  }
  expect_fields(units[2], received_row("AT-00000037", "SN3", "WH1", 3, "partially_received"));

  for (const char* good : {"line 1:", "line 2:", "line 3:", "line 7:", "line 8:", "SN8"}) {
    EXPECT_FALSE(contains(r.err, good)) << good << "\n" << r.err;
  }
  EXPECT_TRUE(contains(r.err, "line 4: receive: serial 'SN1' already exists for Dell (AT-00000013); skipped")) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "line 5: receive: code '(01)04006381333931(21)SN5' has GTIN 04006381333931 but line 1 "
                       "is Dell PowerEdge R640 with GTIN 09506000134352; skipped"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "line 6: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "09506000134353")) << r.err;
  EXPECT_TRUE(contains(r.err, "wrong check digit; skipped")) << r.err;
  EXPECT_TRUE(contains(r.err, "receive: 3 received, 3 refused\n")) << r.err;
  EXPECT_TRUE(contains(r.err, "tally: error: receive: some scanned codes were refused")) << r.err;

  EXPECT_EQ(scalar("SELECT tag, serial FROM asset ORDER BY tag"),
            "AT-00000013|SN1\nAT-00000021|SN2\nAT-00000037|SN3\n");
  // One receipt per answered unit.
  EXPECT_EQ(scalar("SELECT count(*), sum(quantity) FROM receipt"), "3|3\n");
  EXPECT_EQ(ok_json({"po", "show", k_po})["lines"][0]["received"], 3);
}

TEST_F(ScanSession, AllGoodLinesExitZero) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan(
      "SN1\r\n]d20109506000134352\x1d"
      "21SN2\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto units = answers(r);
  ASSERT_EQ(units.size(), 2u) << r.out;
  expect_fields(units[0], received_row("AT-00000013", "SN1", "WH1", 1, "partially_received"));
  expect_fields(units[1], received_row("AT-00000021", "SN2", "WH1", 2, "partially_received"));
  EXPECT_EQ(r.err,
            "receive: scanning into PO-2026-0001 line 1; one code per line, an empty line or end of input finishes\n"
            "receive: 2 received, 0 refused\n");
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "2\n");
}

TEST_F(ScanSession, TableAnswersEachLine) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan("SN1\nSN2\n", "table");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "AT-00000013  SN1  PowerEdge R640  WH1  PO-2026-0001  1  1  4\n"
            "AT-00000021  SN2  PowerEdge R640  WH1  PO-2026-0001  1  2  4\n");
}

TEST_F(ScanSession, CsvHasOneHeader) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan("SN1\nSN2\n", "csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "tag,serial,manufacturer,model,location,po,line,line_received,line_ordered,owner_team,cost,currency,"
            "received_on,warranty_ends,po_status\n"
            "AT-00000013,SN1,Dell,PowerEdge R640,WH1,PO-2026-0001,1,1,4,A-3,8450.00,USD,2026-11-27,2029-11-27,"
            "partially_received\n"
            "AT-00000021,SN2,Dell,PowerEdge R640,WH1,PO-2026-0001,1,2,4,A-3,8450.00,USD,2026-11-27,2029-11-27,"
            "partially_received\n");
}

TEST_F(ScanSession, ALineAlreadyCompleteIsRefusedPerCode) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan("SN1\nSN2\nSN3\nSN4\nSN5\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto units = answers(r);
  ASSERT_EQ(units.size(), 4u) << r.out;
  EXPECT_EQ(units[3]["serial"], "SN4");
  EXPECT_EQ(units[3]["line_received"], 4);
  EXPECT_TRUE(contains(r.err,
                       "line 5: receive: PO-2026-0001 line 1 ordered 4, already received 4; refusing 1 more; "
                       "skipped"))
      << r.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM asset"), "4\n");
}

TEST_F(ScanSession, TheLastUnitReceivesThePo) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "40"});
  const Result r = scan("SN1\nSN2\nSN3\nSN4\nSN5\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto units = answers(r);
  ASSERT_EQ(units.size(), 4u) << r.out;
  EXPECT_EQ(units[2]["po_status"], "partially_received");
  EXPECT_EQ(units[3]["po_status"], "received");
  EXPECT_TRUE(contains(r.err, "line 5: receive: PO-2026-0001 is received; only an ordered")) << r.err;
  EXPECT_EQ(ok_json({"po", "show", k_po})["status"], "received");
}

TEST_F(ScanSession, Gs1WithoutASerialIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan("(01)09506000134352\n(01)09506000134352(10)LOT7\nSN1\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(answers(r).size(), 1u) << r.out;
  EXPECT_TRUE(contains(r.err, "line 1: receive: GS1 code '(01)09506000134352' has no serial number (AI 21)")) << r.err;
  EXPECT_TRUE(contains(r.err, "line 2: receive: GS1 code '(01)09506000134352(10)LOT7' has no serial number")) << r.err;
  EXPECT_EQ(scalar("SELECT serial FROM asset"), "SN1\n");
}

// Most scanners send no symbology identifier and no GS: the raw GS1 string
// is read as one (its GTIN checked against the line's model), spaces in the
// printed form are allowed, and the box's EAN-13/UPC-A is not a serial.
TEST_F(ScanSession, ScannerOutputWithoutPrefixesIsReadAsGs1AndProductCodesAreRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string gtin = k_server_gtin;
  const Result r = scan("01" + gtin + "21SN-A5\n(01)" + gtin + " (21) SN-A7\n0107032069804988" +
                        "21SN-A6\n4006381333931\n]E04006381333931\n036000291452\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(answers(r).size(), 2u) << r.out;
  EXPECT_TRUE(contains(r.err, "line 3: receive: code '010703206980498821SN-A6' has GTIN 07032069804988 but line 1 is "
                              "Dell PowerEdge R640 with GTIN " +
                                  gtin + "; skipped\n"))
      << r.err;
  for (const auto& [line, code] : std::vector<std::pair<int, std::string>>{
           {4, "4006381333931"}, {5, "4006381333931"}, {6, "036000291452"}}) {
    EXPECT_TRUE(contains(r.err, "line " + std::to_string(line) + ": receive: '" + code +
                                    "' is a product code (EAN-13/UPC-A), not a serial number; scan the serial (a "
                                    "serial of 12 or 13 digits is given with --serial); skipped\n"))
        << r.err;
  }
  EXPECT_EQ(scalar("SELECT group_concat(serial, ' ') FROM (SELECT serial FROM asset ORDER BY 1)"), "SN-A5 SN-A7\n");
  // Typed, a serial of 13 digits is taken as it is.
  const json typed = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "4006381333931"});
  ASSERT_EQ(typed.size(), 1u);
  EXPECT_EQ(typed[0]["serial"], "4006381333931");
}

// BUG: a code of only spaces is not caught by the library; its INSERT fails
// the schema's CHECK on the serial, and the cached prepared statement keeps
// that error: Database::statement() resets it when the next code asks for
// it, SQLite's reset returns the previous step's error, and the next (good)
// code is refused with the stale "CHECK constraint failed" message. Repro:
//   printf '   \nSN1\nSN2\n' | tally receive PO-2026-0001 --line 1 --scan
// answers SN2 only; stderr has "line 2: refused by the database schema:
// CHECK constraint failed: length(trim(serial)) > 0". Expected: line 1 is
// refused, SN1 and SN2 are received.
TEST_F(ScanSession, AGoodCodeAfterABlankCodeIsReceived) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = scan("   \nSN1\nSN2\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto units = answers(r);
  ASSERT_EQ(units.size(), 2u) << r.out << r.err;
  EXPECT_EQ(units[0]["serial"], "SN1");
  EXPECT_EQ(units[1]["serial"], "SN2");
  EXPECT_TRUE(contains(r.err, "line 1: ")) << r.err;
  EXPECT_FALSE(contains(r.err, "line 2: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "receive: 2 received, 1 refused\n")) << r.err;
  EXPECT_EQ(scalar("SELECT serial FROM asset ORDER BY tag"), "SN1\nSN2\n");
}

TEST_F(ScanSession, DraftPoIsRefusedBeforeReading) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "2", "--unit-cost", "100.00"});
  const std::string err =
      refused({"--format", "json", "receive", po, "--line", "1", "--location", "WH1", "--scan"}, 1, "SN1\nSN2\n");
  EXPECT_EQ(err, "tally: error: receive: " + po +
                     " is draft; only an ordered (or partially received) PO can be received against\n");
}

TEST_F(ScanSession, BulkLineIsRefusedBeforeReading) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"receive", k_po, "--line", "2", "--location", "WH1", "--scan"}, 1, "SN1\n");
  EXPECT_FALSE(contains(err, "scanning into")) << err;
  EXPECT_TRUE(contains(err, "a bulk (counted) model; receive it with --qty N")) << err;
}

TEST_F(ScanSession, EmptyInputReceivesNothing) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string before = sb.dump();
  const Result r = scan("\nSN1\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "receive: 0 received, 0 refused\n")) << r.err;
  EXPECT_EQ(sb.dump(), before);
}

// ---------------------------------------------------------------- assets

class ReceivingAssets : public Receiving {
 protected:
  // The estate, S1 and S2 received at WH1-BIN, S3 at WH1, S4 at WH2 (not under
  // WH1), and a PO of B-1 (outside 1A) with one unit B1-S1 received at DC1.
  void stocked_estate() {
    ASSERT_NO_FATAL_FAILURE(standard_estate());
    ok_json({"location", "add", "WH2", "--name", "Warehouse 2", "--kind", "warehouse"});
    ok_json({"location", "add", "DC1", "--name", "Data centre 1"});
    ok_json({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "S1", "--serial", "S2"});
    ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S3"});
    ok_json({"receive", k_po, "--line", "1", "--location", "WH2", "--serial", "S4"});
    const std::string b1 = ok_json({"po", "create", "--vendor", "Dell", "--team", "B-1"})["number"];
    ASSERT_EQ(b1, "PO-2026-0002");
    ok_json({"po", "add-line", b1, "--model", k_server, "--qty", "1", "--unit-cost", "9000.00"});
    ok_json({"po", "submit", b1});
    ok_json({"po", "approve", "--actor", "approver", b1, "--override", "--reason", "no budget yet"});
    ok_json({"po", "order", b1});
    ok_json({"receive", b1, "--line", "1", "--location", "DC1", "--serial", "B1-S1"});
    ASSERT_FALSE(HasFailure()) << "the stocked estate could not be set up";
  }
};

TEST_F(ReceivingAssets, ShowByTagOrSerial) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  expect_fields(ok_json({"asset", "show", "AT-00000013"}), server_asset("AT-00000013", "S1", "WH1-BIN"));
  EXPECT_EQ(ok_json({"asset", "show", "at-00000013"})["serial"], "S1");
  expect_fields(ok_json({"asset", "show", "S2"}), server_asset("AT-00000021", "S2", "WH1-BIN"));
  const json b1 = ok_json({"asset", "show", "B1-S1"});
  EXPECT_EQ(b1["tag"], "AT-00000059");
  EXPECT_EQ(b1["owner_team"], "B-1");
  EXPECT_EQ(b1["po"], "PO-2026-0002");
  EXPECT_EQ(b1["cost"], "9000.00");
}

TEST_F(ReceivingAssets, TagWithAWrongCheckDigitIsRefused) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  // The last digit of AT-00000013 changed, and its last two digits swapped.
  for (const std::string typo : {"AT-00000014", "AT-00000010", "AT-00000031"}) {
    const std::string err = refused({"asset", "show", typo});
    EXPECT_TRUE(contains(err, "asset: '" + typo + "' has a wrong check digit")) << err;
  }
}

TEST_F(ReceivingAssets, UnknownCodeIsRefused) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  std::string err = refused({"asset", "show", "NOPE"});
  EXPECT_TRUE(contains(err, "asset: no asset has tag, serial, barcode or hostname 'NOPE'")) << err;
  // A well-formed tag (check digit right) that was never issued.
  err = refused({"asset", "show", "AT-00000068"});
  EXPECT_TRUE(contains(err, "asset: no asset has tag 'AT-00000068'")) << err;
}

TEST_F(ReceivingAssets, ListFilters) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  using Tags = std::vector<std::string>;
  EXPECT_EQ(tags(ok_json({"asset", "list"})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045", "AT-00000059"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--status", "in_stock"})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045", "AT-00000059"}));
  EXPECT_EQ(ok_json({"asset", "list", "--status", "deployed"}), json::array());
  // A division includes its teams' assets.
  EXPECT_EQ(tags(ok_json({"asset", "list", "--team", "1A"})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--team", "A-3"})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--team", "1B"})), (Tags{"AT-00000059"}));
  EXPECT_EQ(ok_json({"asset", "list", "--team", "A-2"}), json::array());
  // A location includes the locations below it.
  EXPECT_EQ(tags(ok_json({"asset", "list", "--location", "WH1"})), (Tags{"AT-00000013", "AT-00000021", "AT-00000037"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--location", "WH1-BIN"})), (Tags{"AT-00000013", "AT-00000021"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--location", "DC1"})), (Tags{"AT-00000059"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--po", k_po})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037", "AT-00000045"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--po", "PO-2026-0002"})), (Tags{"AT-00000059"}));
  EXPECT_EQ(tags(ok_json({"asset", "list", "--team", "1A", "--location", "WH1"})),
            (Tags{"AT-00000013", "AT-00000021", "AT-00000037"}));
  EXPECT_EQ(ok_json({"asset", "list", "--team", "1B", "--location", "WH1"}), json::array());
  // Each row is the asset as `asset show` prints it.
  expect_rows(ok_json({"asset", "list", "--location", "WH2"}), {server_asset("AT-00000045", "S4", "WH2")});
}

TEST_F(ReceivingAssets, ListUnknownFilterValuesAreRefused) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  std::string err = refused({"asset", "list", "--team", "ZZ-9"});
  EXPECT_TRUE(contains(err, "unknown team 'ZZ-9'")) << err;
  err = refused({"asset", "list", "--location", "WH9"});
  EXPECT_TRUE(contains(err, "unknown location 'WH9'")) << err;
  err = refused({"asset", "list", "--po", "PO-2026-0099"});
  EXPECT_TRUE(contains(err, "unknown purchase order 'PO-2026-0099'")) << err;
  err = refused({"asset", "list", "--status", "shipped"}, 2);
  EXPECT_TRUE(contains(err, "--status: shipped not in {in_stock,")) << err;
}

TEST_F(ReceivingAssets, ListCsv) {
  ASSERT_NO_FATAL_FAILURE(stocked_estate());
  const Result r = sb.tally({"--format", "csv", "asset", "list", "--location", "WH1-BIN"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "tag,serial,manufacturer,model,category,status,location,owner_team,custodian,po,po_line,cost,currency,"
            "received_on,warranty_ends,hostname,rack,rack_u\n"
            "AT-00000013,S1,Dell,PowerEdge R640,server,in_stock,WH1-BIN,A-3,,PO-2026-0001,1,8450.00,USD,2026-11-27,"
            "2029-11-27,,,\n"
            "AT-00000021,S2,Dell,PowerEdge R640,server,in_stock,WH1-BIN,A-3,,PO-2026-0001,1,8450.00,USD,2026-11-27,"
            "2029-11-27,,,\n");
}

// ---------------------------------------------------------------- history

class ReceivingHistory : public Receiving {};

TEST_F(ReceivingHistory, AnAssetHasOneReceiveEvent) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "S1", "--serial", "S2"});
  const json log = ok_json({"log", "--entity", "asset", "--key", "AT-00000013"});
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["action"], "receive");
  EXPECT_EQ(log[0]["actor"], "tester");
  EXPECT_EQ(log[0]["at"], "2026-11-27T09:15:00Z");
  EXPECT_EQ(log[0]["entity"], "asset");
  EXPECT_EQ(log[0]["key"], "AT-00000013");
  EXPECT_EQ(log[0]["before"], nullptr);
  EXPECT_EQ(log[0]["after"]["serial"], "S1");
  expect_fields(log[0]["after"], server_asset("AT-00000013", "S1", "WH1-BIN"));
  EXPECT_EQ(ok_json({"log", "--entity", "asset"}).size(), 2u);
}

TEST_F(ReceivingHistory, APoShowsItsWholeLifecycle) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "40"});
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S2", "--serial", "S3", "--serial", "S4"});
  const json log = ok_json({"log", "--entity", "purchase_order", "--key", k_po});
  std::vector<std::string> actions;
  for (const auto& e : log) {
    actions.push_back(e["action"]);
    EXPECT_EQ(e["key"], k_po);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "add-line", "add-line", "submit", "approve", "order",
                                               "receive", "receive"}));
  ASSERT_EQ(log.size(), 8u);
  EXPECT_EQ(log[0]["after"], json::parse(R"({"number":"PO-2026-0001","vendor":"Dell","team":"A-3",
                                             "currency":"USD","fiscal_year":2026,"status":"draft"})"));
  EXPECT_EQ(log[1]["after"], json::parse(R"({"line":1,"model":"Dell PowerEdge R640","description":null,
                                             "quantity":4,"unit_cost":"8450.00"})"));
  EXPECT_EQ(log[2]["after"]["line"], 2);
  EXPECT_EQ(log[3]["after"], json::parse(R"({"status":"submitted"})"));
  EXPECT_EQ(log[4]["after"], json::parse(R"({"status":"approved"})"));
  EXPECT_EQ(log[5]["after"], json::parse(R"({"status":"ordered"})"));
  EXPECT_EQ(log[6]["before"], json::parse(R"({"status":"ordered"})"));
  EXPECT_EQ(log[6]["after"], json::parse(R"({"status":"partially_received"})"));
  EXPECT_EQ(log[7]["before"], json::parse(R"({"status":"partially_received"})"));
  EXPECT_EQ(log[7]["after"], json::parse(R"({"status":"received"})"));
}

}  // namespace
}  // namespace tally::e2e
