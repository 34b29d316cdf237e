// The JSON API against a real `tally serve`: every noun's happy path answers
// the same JSON as the CLI's --format json for the same record, lists page
// with cursors, and errors carry the CLI's message with a status mapped from
// its problem.

#include "api/api_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace tally::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class Api : public ApiTest {
 protected:
  // Receives serials into the standard PO's line 1 with the CLI; returns their tags.
  Strings receive(const Strings& serials) {
    Strings args = {"receive", e2e::k_po, "--line", "1", "--location", "WH1"};
    for (const auto& s : serials) {
      args.push_back("--serial");
      args.push_back(s);
    }
    Strings tags;
    for (const auto& row : ok_json(args)) {
      tags.push_back(row["tag"]);
    }
    return tags;
  }
};

TEST_F(Api, AnAssetIsTheCliAssetShow) {
  const Strings tags = receive({"SN-A1"});
  ASSERT_EQ(tags.size(), 1u);
  Client viewer = as("viewer");
  const Answer a = viewer.get("/api/v1/assets/" + tags[0]);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json, ok_json({"asset", "show", tags[0]}));
  EXPECT_EQ(a.json["serial"], "SN-A1");
  EXPECT_EQ(a.header("Content-Type"), "application/json");
  // By serial, as the CLI resolves it.
  EXPECT_EQ(viewer.get("/api/v1/assets/SN-A1").json, a.json);
}

TEST_F(Api, AssetListPagesWithCursorsAndEqualsTheCliList) {
  receive({"SN-1", "SN-2", "SN-3", "SN-4"});
  Client viewer = as("viewer");
  const json cli = ok_json({"asset", "list"});
  ASSERT_EQ(cli.size(), 4u);
  const Answer first = viewer.get("/api/v1/assets?limit=3");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json["items"].size(), 3u);
  EXPECT_EQ(first.json["next"], cli[2]["tag"]);
  const Answer second = viewer.get("/api/v1/assets?limit=3&after=" + first.json["next"].get<std::string>());
  ASSERT_EQ(second.json["items"].size(), 1u);
  EXPECT_EQ(second.json["items"][0], cli[3]);
  EXPECT_TRUE(second.json["next"].is_null());
  EXPECT_EQ(all_items(viewer, "/api/v1/assets", 1), cli);
  // The CLI's filters as query parameters.
  EXPECT_EQ(all_items(viewer, "/api/v1/assets?q=serial:SN-2", 10), ok_json({"asset", "list", "serial:SN-2"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/assets?status=in_stock&location=WH1", 10),
            ok_json({"asset", "list", "--status", "in_stock", "--location", "WH1"}));
  // A bad cursor and a bad limit are usage errors.
  EXPECT_EQ(viewer.get("/api/v1/assets?after=AT-99999999").status, 400);
  EXPECT_EQ(viewer.get("/api/v1/assets?limit=0").status, 400);
  EXPECT_EQ(viewer.get("/api/v1/assets?limit=1001").status, 400);
  EXPECT_EQ(viewer.get("/api/v1/assets?limit=2&limit=3").status, 400);
}

TEST_F(Api, MovingAnAssetWritesTheUserAsTheActor) {
  const Strings tags = receive({"SN-M1"});
  Client clerk = as("clerk");
  const Answer moved = clerk.post("/api/v1/assets/" + tags[0] + "/move", {{"to", "WH1-BIN"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json["location"], "WH1-BIN");
  const json history = ok_json({"asset", "history", tags[0]});
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back()["actor"], "clerk");
  EXPECT_EQ(all_items(clerk, "/api/v1/assets/" + tags[0] + "/history", 2), history);
  EXPECT_EQ(all_items(clerk, "/api/v1/log?entity=asset&key=" + tags[0], 10),
            ok_json({"log", "--entity", "asset", "--key", tags[0]}));
}

TEST_F(Api, APoIsTheCliPoShowAndPosListLikeTheCli) {
  Client viewer = as("viewer");
  const Answer a = viewer.get(std::string("/api/v1/pos/") + e2e::k_po);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json, ok_json({"po", "show", e2e::k_po}));
  EXPECT_EQ(a.json["lines"].size(), 2u);
  EXPECT_EQ(all_items(viewer, "/api/v1/pos", 1), ok_json({"po", "list"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/pos?status=ordered&team=A-3", 5),
            ok_json({"po", "list", "--status", "ordered", "--team", "A-3"}));
}

TEST_F(Api, BuyerCreatesAndFillsAPoThroughTheApi) {
  Client buyer = as("buyer");
  const Answer created = buyer.post("/api/v1/pos", {{"vendor", "Dell"}, {"team", "A-3"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  EXPECT_EQ(created.json["status"], "draft");
  const Answer line = buyer.post("/api/v1/pos/" + number + "/lines",
                                 {{"model", e2e::k_server}, {"quantity", 2}, {"unit_cost", "100.00"}});
  ASSERT_EQ(line.status, 201) << line.body;
  EXPECT_EQ(line.json["total"], "200.00");
  EXPECT_EQ(line.json, ok_json({"po", "show", number}));
  const Answer submitted = buyer.post("/api/v1/pos/" + number + "/submit", json::object());
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.json["status"], "submitted");
}

TEST_F(Api, ScanReceiveAnswersTheUnitAsTheCliScanLine) {
  Client clerk = as("clerk");
  const Answer a = clerk.post(std::string("/api/v1/pos/") + e2e::k_po + "/lines/1/receive",
                              {{"code", "SN-R1"}, {"location", "WH1"}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json["serial"], "SN-R1");
  EXPECT_EQ(a.json["line_received"], 1);
  EXPECT_EQ(a.json["line_ordered"], 4);
  EXPECT_EQ(a.json["po_status"], "partially_received");
  // The same keys as one line of `tally receive --scan --format json`.
  const e2e::Result scanned =
      sb.tally({"receive", e2e::k_po, "--line", "1", "--location", "WH1", "--scan", "--format", "json"}, "SN-R2\n");
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  const json line = json::parse(e2e::lines_of(scanned.out).at(0));
  std::set<std::string> api_keys, cli_keys;
  for (const auto& [k, v] : a.json.items()) {
    api_keys.insert(k);
  }
  for (const auto& [k, v] : line.items()) {
    cli_keys.insert(k);
  }
  EXPECT_EQ(api_keys, cli_keys);
  EXPECT_EQ(ok_json({"asset", "show", a.json["tag"]})["serial"], "SN-R1");
  EXPECT_EQ(ok_json({"asset", "history", a.json["tag"]}).at(0)["actor"], "clerk");
}

TEST_F(Api, ErrorsCarryTheCliMessageAndAStatusFromTheProblem) {
  Client clerk = as("clerk");
  const e2e::Result cli = sb.tally({"asset", "show", "AT-00000013"});
  ASSERT_EQ(cli.exit_code, 1);
  const Answer missing = clerk.get("/api/v1/assets/AT-00000013");
  EXPECT_EQ(missing.status, 404) << missing.body;
  ASSERT_TRUE(missing.json.contains("error")) << missing.body;
  EXPECT_EQ("tally: error: " + missing.json["error"]["message"].get<std::string>() + "\n", cli.err);
  EXPECT_EQ(missing.json["error"]["problem"], "not_found");

  // A full line: conflict.
  receive({"F1", "F2", "F3", "F4"});
  const Answer full =
      clerk.post(std::string("/api/v1/pos/") + e2e::k_po + "/lines/1/receive", {{"code", "F5"}, {"location", "WH1"}});
  EXPECT_TRUE(full.status == 409 || full.status == 422) << full.body;
  const e2e::Result cli_full = sb.tally({"receive", e2e::k_po, "--line", "1", "--location", "WH1", "--serial", "F5"});
  ASSERT_EQ(cli_full.exit_code, 1);
  EXPECT_EQ("tally: error: " + full.json["error"]["message"].get<std::string>() + "\n", cli_full.err);

  // A body that is not JSON, a missing field, an unknown route, a method not allowed.
  EXPECT_EQ(clerk.post_raw("/api/v1/assets/F1/move", "{not json", "application/json").status, 400);
  const Answer no_to = clerk.post("/api/v1/assets/F1/move", json::object());
  EXPECT_EQ(no_to.status, 400);
  EXPECT_EQ(no_to.json["error"]["message"], "body field to is required");
  EXPECT_EQ(no_to.json["error"]["problem"], "usage");
  EXPECT_EQ(clerk.get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(clerk.request("PUT", "/api/v1/assets").status, 405);
  EXPECT_EQ(clerk.request("DELETE", "/api/v1/assets/F1").status, 405);
  EXPECT_EQ(clerk.get("/api/v1/pos/" + std::string(e2e::k_po) + "/lines/x/receive").status, 405);
}

// A code that names no asset suggests its near matches, in both faces alike.
TEST_F(Api, ANotFoundAssetSuggestsNearMatchesAsTheCliDoes) {
  receive({"CN7XK2Q1S"});
  Client clerk = as("clerk");
  const Answer missing = clerk.get("/api/v1/assets/CN7XK2Q");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.json["error"]["problem"], "not_found");
  EXPECT_EQ(missing.json["error"]["field"], "asset");
  EXPECT_EQ(missing.json["error"]["message"],
            "asset: no asset has tag, serial, barcode or hostname 'CN7XK2Q'; did you mean CN7XK2Q1S (AT-00000013)?");
  EXPECT_EQ(sb.tally({"asset", "show", "CN7XK2Q"}).err,
            "tally: error: " + missing.json["error"]["message"].get<std::string>() + "\n");
}

// The HTTP face says a refusal's field by its JSON name ("quantity", where the
// CLI says --qty), answers with the status of its problem and names the field.
TEST_F(Api, RefusalsNameTheJsonFieldAndAnswerTheStatusOfTheirProblem) {
  for (const Strings& args : std::vector<Strings>{
           {"vendor", "add", "Microsoft", "--supplier"},
           {"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "1"},
       }) {
    const e2e::Result r = sb.tally(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  Client licman = as("licman");

  // Invalid: 422.
  const Answer zero = licman.post("/api/v1/licenses/LIC-00001/assign", {{"team", "A-3"}, {"quantity", 0}});
  EXPECT_EQ(zero.status, 422) << zero.body;
  EXPECT_EQ(zero.json["error"]["problem"], "invalid");
  EXPECT_EQ(zero.json["error"]["field"], "quantity");
  EXPECT_EQ(zero.json["error"]["message"], "license assign: \"quantity\" 0 must be a positive whole number");
  EXPECT_EQ(sb.tally({"license", "assign", "LIC-00001", "--team", "A-3", "--qty", "0"}).err,
            "tally: error: license assign: --qty 0 must be a positive whole number\n");

  // Not found: 404.
  const Answer missing = licman.get("/api/v1/licenses/LIC-00099");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.json["error"]["problem"], "not_found");
  EXPECT_EQ(missing.json["error"]["field"], "license");
  EXPECT_EQ(missing.json["error"]["message"], "license show: no license LIC-00099 (`'license list'` shows them)");
  EXPECT_EQ(sb.tally({"license", "show", "LIC-00099"}).err,
            "tally: error: license show: no license LIC-00099 (`tally license list` shows them)\n");

  // Conflict: 409.
  const Answer full = licman.post("/api/v1/licenses/LIC-00001/assign", {{"team", "A-3"}, {"quantity", 2}});
  EXPECT_EQ(full.status, 409) << full.body;
  EXPECT_EQ(full.json["error"]["problem"], "conflict");
  EXPECT_EQ(full.json["error"]["field"], "quantity");
  EXPECT_EQ(full.json["error"]["message"],
            "license assign: LIC-00001 (Visio) has too few seats: bought 1, used 0, requested 2 (allow "
            "over-allocation with `'license set LIC-00001 \"allow_overallocation\"'`)");
  EXPECT_EQ(sb.tally({"license", "assign", "LIC-00001", "--team", "A-3", "--qty", "2"}).err,
            "tally: error: license assign: LIC-00001 (Visio) has too few seats: bought 1, used 0, requested 2 "
            "(allow over-allocation with `tally license set LIC-00001 --allow-overallocation`)\n");
}

TEST_F(Api, LicensesRacksStockContractsAndReportsAreTheCliJson) {
  for (const Strings& args : std::vector<Strings>{
           {"vendor", "add", "Microsoft", "--supplier"},
           {"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", "ABCD-EFGH-IJKL-7Q2K"},
           {"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"},
           {"rack", "add", "R01", "--location", "DC1", "--height", "10"},
           {"contract", "add", "SUP-1", "--vendor", "Dell", "--kind", "support", "--starts", "2026-01-01", "--ends",
            "2027-12-31"},
       }) {
    const e2e::Result r = sb.tally(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  ok_json({"receive", e2e::k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "10"});
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/licenses", 10), ok_json({"license", "list"}));
  EXPECT_EQ(viewer.get("/api/v1/licenses/LIC-00001").json, ok_json({"license", "show", "LIC-00001"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/racks", 10), ok_json({"rack", "list"}));
  EXPECT_EQ(viewer.get("/api/v1/racks/DC1/R01").json, ok_json({"rack", "show", "DC1/R01"}));
  EXPECT_EQ(viewer.get("/api/v1/racks/R01").json, ok_json({"rack", "show", "R01"}));
  const Answer svg = viewer.get("/api/v1/racks/DC1/R01/elevation.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  EXPECT_EQ(all_items(viewer, "/api/v1/stock", 1), ok_json({"stock", "list"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/contracts", 10), ok_json({"contract", "list"}));
  EXPECT_EQ(viewer.get("/api/v1/contracts/SUP-1").json, ok_json({"contract", "show", "SUP-1"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/assets?by=status", 10), ok_json({"report", "assets", "--by", "status"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/licenses", 10), ok_json({"report", "licenses"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/spend?by=vendor&fy=2026", 10),
            ok_json({"report", "spend", "--by", "vendor", "--fy", "2026"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/racks", 10), ok_json({"report", "racks"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/warranty?within=5000", 10),
            ok_json({"report", "warranty", "--within", "5000"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/rma", 10), ok_json({"report", "rma"}));
  EXPECT_EQ(viewer.get("/api/v1/reports/assets?by=colour").status, 400);
}

TEST_F(Api, RepairsRmasAuditsAndDisposalsThroughTheApi) {
  receive({"SN-X1", "SN-X2"});
  Client tech = as("technician");
  const Answer repair = tech.post("/api/v1/repairs", {{"asset", "SN-X1"}, {"reason", "fan"}});
  ASSERT_EQ(repair.status, 201) << repair.body;
  EXPECT_EQ(repair.json["tag"], ok_json({"asset", "show", "SN-X1"})["tag"]);
  EXPECT_EQ(repair.json["reason"], "fan");
  EXPECT_TRUE(repair.json["closed_on"].is_null());
  EXPECT_EQ(ok_json({"asset", "show", "SN-X1"})["status"], "in_repair");
  const Answer closed = tech.post("/api/v1/repairs/SN-X1/close", {{"outcome", "fixed"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(tech.post("/api/v1/repairs/SN-X1/close", {{"outcome", "broken"}}).status, 400);
  const Answer rma = tech.post("/api/v1/rmas", {{"asset", "SN-X2"}, {"vendor", "Dell"}, {"reason", "DIMM"}});
  ASSERT_EQ(rma.status, 201) << rma.body;
  const std::string id = rma.json["id"];
  EXPECT_EQ(tech.get("/api/v1/rmas/" + id).json, ok_json({"rma", "show", id}));
  EXPECT_EQ(all_items(tech, "/api/v1/rmas?open=true", 10), ok_json({"rma", "list", "--open"}));

  Client clerk = as("clerk");
  const Answer audit = clerk.post("/api/v1/audits", {{"location", "WH1"}});
  ASSERT_EQ(audit.status, 201) << audit.body;
  const std::string audit_id = audit.json["id"];
  EXPECT_EQ(clerk.post("/api/v1/audits/" + audit_id + "/scans", {{"code", "SN-X1"}}).status, 201);
  const Answer finished = clerk.post("/api/v1/audits/" + audit_id + "/finish", json::object());
  ASSERT_EQ(finished.status, 200) << finished.body;
  EXPECT_EQ(finished.json["found_count"], 1);
  EXPECT_EQ(clerk.get("/api/v1/audits/" + audit_id).json, ok_json({"audit", "show", audit_id}));

  const Answer disposed = tech.post(
      "/api/v1/disposals", {{"assets", json::array({"SN-X1"})}, {"method", "destroy"}, {"wipe", "physical-destroy"}});
  ASSERT_EQ(disposed.status, 201) << disposed.body;
  EXPECT_EQ(all_items(tech, "/api/v1/disposals", 10), ok_json({"disposal", "list"}));
}

TEST_F(Api, OpenApiDocumentIsTheRouteTableTheServerAnswers) {
  Client anonymous = as("");
  const Answer doc = anonymous.get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(doc.json["openapi"], "3.0.3");
  Client admin = as("admin");
  int operations = 0;
  for (const auto& [path, methods] : doc.json["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      ++operations;
      std::string concrete = path;
      for (std::size_t open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
        concrete.replace(open, concrete.find('}', open) - open + 1, "0");
      }
      const Answer a = method == "get" ? admin.get(concrete) : admin.post(concrete, json::object());
      // The route exists: whatever the record, the answer is not "no such route" nor "not allowed".
      EXPECT_NE(a.status, 405) << method << " " << path;
      EXPECT_NE(a.status, 0) << method << " " << path;
      if (a.status == 404) {
        EXPECT_EQ(a.json["error"]["message"].get<std::string>().rfind("no such route", 0), std::string::npos)
            << method << " " << path << ": " << a.body;
      }
      // And the other method of a GET-only path is not allowed (never silently routed elsewhere).
      if (method == "get" && !methods.contains("post")) {
        EXPECT_EQ(admin.post(concrete, json::object()).status, 405) << path;
      }
    }
  }
  EXPECT_GE(operations, 50);
  // A path outside the document is no route.
  const Answer none = admin.get("/api/v1/asset");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.json["error"]["message"], "no such route: /api/v1/asset (see /api/v1/openapi.json)");
}

TEST_F(Api, TheSignInPageIsServedFromTheBinary) {
  Client anonymous = as("");
  const Answer page = anonymous.get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<form method=\"post\" action=\"/api/v1/login\">"), std::string::npos);
  EXPECT_EQ(anonymous.get("/static/index.html").body, page.body);
}

TEST_F(Api, SigtermFinishesAndExitsZero) {
  Client viewer = as("viewer");
  ASSERT_EQ(viewer.get("/api/v1/me").status, 200);
  EXPECT_EQ(m_server->stop(), 0);
  EXPECT_NE(server_stderr().find("tally serve: stopped"), std::string::npos) << server_stderr();
  EXPECT_EQ(viewer.get("/api/v1/me").status, 0);
}

}  // namespace
}  // namespace tally::api
