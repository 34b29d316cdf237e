// Every capability of the CLI under /api/v1 (issue 19), against a real `tally serve`: each write route
// answers exactly what the same command prints with --format json when it runs, as the same actor, on a
// copy of the database taken just before the request; each read route answers what the CLI's read
// prints; a refusal answers the status of its problem and the core's message, and writes nothing.

#include "api/api_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace tally::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class Routes : public ApiTest {
 protected:
  // The dump without the rows that authenticated requests touch (token last use, sessions).
  std::string data_dump() const {
    std::stringstream in(sb.dump());
    std::string out;
    for (std::string line; std::getline(in, line);) {
      if (line.find("INSERT INTO api_token") == std::string::npos &&
          line.find("INSERT INTO web_session") == std::string::npos &&
          line.find("INSERT INTO app_user") == std::string::npos) {
        out += line + "\n";
      }
    }
    return out;
  }

  // A copy of the database as it is now (`tally backup`, beside the server).
  std::string snapshot() {
    const std::string copy = sb.dir().file("copy-" + std::to_string(++m_copies) + ".db");
    const e2e::Result r = e2e::run_process(e2e::tally_path(), {"--db", sb.db(), "backup", copy});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return copy;
  }

  // `tally --db COPY --actor ACTOR --format json ARGS...`, which must succeed.
  json cli_on(const std::string& copy, const std::string& actor, const Strings& args, const std::string& input = "") {
    Strings full = {"--db", copy, "--actor", actor, "--format", "json"};
    full.insert(full.end(), args.begin(), args.end());
    const e2e::Result r = e2e::run_process(e2e::tally_path(), full, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return e2e::parse_json(r);
  }

  // POSTs `body` as `user` and runs `cli` as `user` on a copy taken just before: the same JSON, and the status.
  json same(const std::string& user, const std::string& path, const json& body, const Strings& cli, int status) {
    const std::string copy = snapshot();
    Client client = as(user);
    const Answer a = client.post(path, body);
    EXPECT_EQ(a.status, status) << path << ": " << a.body;
    EXPECT_EQ(a.json, cli_on(copy, user, cli)) << path;
    return a.json;
  }

  // A refused request: its status, problem and message, and nothing written.
  void refusal(const std::string& user, const std::string& method, const std::string& path, const json& body,
               int status, const std::string& problem, const std::string& message) {
    const std::string before = data_dump();
    Client client = as(user);
    const Answer a = method == "get" ? client.get(path) : client.post(path, body);
    EXPECT_EQ(a.status, status) << path << ": " << a.body;
    EXPECT_EQ(a.json["error"]["problem"], problem) << path;
    EXPECT_EQ(a.json["error"]["message"], message) << path;
    EXPECT_EQ(data_dump(), before) << path;
  }

  // Receives serials into the standard PO's line 1 at WH1.
  void receive(const Strings& serials) {
    Strings args = {"receive", e2e::k_po, "--line", "1", "--location", "WH1"};
    for (const auto& s : serials) {
      args.push_back("--serial");
      args.push_back(s);
    }
    ok_json(args);
  }

  int m_copies = 0;
};

TEST_F(Routes, TeamsAndPeople) {
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/teams", 7), ok_json({"team", "list"}));
  EXPECT_EQ(viewer.get("/api/v1/teams/A-3").json, ok_json({"team", "show", "A-3"}));

  same("admin", "/api/v1/people",
       {{"username", "ana.lopez"}, {"name", "Ana Lopez"}, {"email", "ana@example.com"}, {"team", "A-3"}},
       {"person", "add", "ana.lopez", "--name", "Ana Lopez", "--email", "ana@example.com", "--team", "A-3"}, 201);
  EXPECT_EQ(viewer.get("/api/v1/people/ana.lopez").json, ok_json({"person", "show", "ana.lopez"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/people"), ok_json({"person", "list"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/people?team=A-3"), ok_json({"person", "list", "--team", "A-3"}));
  same("admin", "/api/v1/people/ana.lopez/set", {{"team", "IT-5"}, {"email", ""}},
       {"person", "set", "ana.lopez", "--team", "IT-5", "--email", ""}, 200);
  same("admin", "/api/v1/people/ana.lopez/deactivate", {{"reason", "left"}},
       {"person", "deactivate", "ana.lopez", "--reason", "left"}, 200);
  same("admin", "/api/v1/people/ana.lopez/activate", {{"reason", "rehired"}},
       {"person", "activate", "ana.lopez", "--reason", "rehired"}, 200);

  refusal("admin", "post", "/api/v1/people", {{"username", "ana.lopez"}, {"name", "Ana"}, {"team", "A-3"}}, 422,
          "invalid", "person add: username 'ana.lopez' already exists (as 'ana.lopez')");
  refusal("admin", "post", "/api/v1/people/nobody/set", {{"name", "X"}}, 404, "not_found",
          "unknown person 'nobody' (`'person list'` shows them)");
  refusal("viewer", "get", "/api/v1/teams/ZZ-99", json(), 404, "not_found",
          "unknown team 'ZZ-99' (`'team list'` shows every code)");
}

TEST_F(Routes, Locations) {
  same("admin", "/api/v1/locations", {{"code", "DC1"}, {"name", "Data center 1"}, {"kind", "site"}},
       {"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"}, 201);
  same("admin", "/api/v1/locations/WH1-BIN/set", {{"name", "Bin A"}, {"parent", "DC1"}},
       {"location", "set", "WH1-BIN", "--name", "Bin A", "--parent", "DC1"}, 200);
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/locations"), ok_json({"location", "list"}));

  refusal("admin", "post", "/api/v1/locations", {{"code", "DC2"}, {"name", "X"}, {"parent", "NOWHERE"}}, 422, "invalid",
          "location add: parent location 'NOWHERE' does not exist; add it first or check `'location list'`");
  refusal("admin", "post", "/api/v1/locations", {{"code", "DC2"}, {"name", "X"}, {"kind", "planet"}}, 400, "usage",
          "body field kind: 'planet' is not one of site, building, room, warehouse, cage, row, bin");
}

TEST_F(Routes, VendorsModelsAndBudgets) {
  same("buyer", "/api/v1/vendors", {{"name", "Lenovo"}, {"manufacturer", true}, {"url", "https://lenovo.com"}},
       {"vendor", "add", "Lenovo", "--manufacturer", "--url", "https://lenovo.com"}, 201);
  same("buyer", "/api/v1/models",
       {{"manufacturer", "Lenovo"},
        {"model", "ThinkSystem SR630"},
        {"category", "server"},
        {"u_height", "1"},
        {"half_depth", true},
        {"stores_data", true},
        {"warranty_months", 24}},
       {"model", "add", "Lenovo", "ThinkSystem SR630", "--category", "server", "--u-height", "1", "--half-depth",
        "--stores-data", "--warranty-months", "24"},
       201);
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/vendors"), ok_json({"vendor", "list"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/models"), ok_json({"model", "list"}));

  same("buyer", "/api/v1/budgets", {{"team", "A-3"}, {"fiscal_year", 2027}, {"amount", "5000.00"}},
       {"budget", "set", "A-3", "2027", "5000.00"}, 200);
  EXPECT_EQ(all_items(viewer, "/api/v1/budgets?fy=2026", 3), ok_json({"budget", "show", "--fy", "2026"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/budgets?team=A-3&fy=2027"), ok_json({"budget", "show", "A-3", "--fy", "2027"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/budgets", 50), ok_json({"budget", "show"}));

  refusal("buyer", "post", "/api/v1/vendors", {{"name", "dell"}}, 422, "invalid",
          "vendor add: vendor 'Dell' already exists");
  refusal("buyer", "post", "/api/v1/models", {{"manufacturer", "Nobody"}, {"model", "X"}, {"category", "server"}}, 404,
          "not_found", "unknown vendor 'Nobody' (add it with `'vendor add'`)");
  refusal("buyer", "post", "/api/v1/budgets", {{"team", "A-3"}, {"fiscal_year", 2027}, {"amount", "12.345"}}, 422,
          "invalid",
          "budget set: amount '12.345' is not a non-negative USD amount with at most 2 decimals, like 250000.00");
}

TEST_F(Routes, PoLinesAreRemovedFromADraft) {
  Client buyer = as("buyer");
  const Answer created = buyer.post("/api/v1/pos", {{"vendor", "Dell"}, {"team", "A-3"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  ASSERT_EQ(buyer
                .post("/api/v1/pos/" + number + "/lines",
                      {{"model", e2e::k_server}, {"quantity", 1}, {"unit_cost", "100.00"}})
                .status,
            201);
  ASSERT_EQ(
      buyer
          .post("/api/v1/pos/" + number + "/lines", {{"description", "rails"}, {"quantity", 2}, {"unit_cost", "10.00"}})
          .status,
      201);
  const json removed = same("buyer", "/api/v1/pos/" + number + "/lines/1/remove", json::object(),
                            {"po", "remove-line", number, "1"}, 200);
  EXPECT_EQ(removed["lines"].size(), 1u);
  refusal("buyer", "post", std::string("/api/v1/pos/") + e2e::k_po + "/lines/1/remove", json::object(), 422, "invalid",
          "po remove-line: PO-2026-0001 is ordered; lines can only be removed from a draft");
}

TEST_F(Routes, AssetsAreTakenInAndCorrected) {
  const json added = same(
      "clerk", "/api/v1/assets",
      {{"model", e2e::k_server}, {"serial", "SN-ADD1"}, {"team", "A-3"}, {"location", "WH1"}},
      {"asset", "add", "--model", e2e::k_server, "--serial", "SN-ADD1", "--team", "A-3", "--location", "WH1"}, 201);
  EXPECT_EQ(added["serial"], "SN-ADD1");
  same("clerk", "/api/v1/assets/SN-ADD1/set", {{"hostname", "web01"}, {"notes", "spare"}, {"reason", "typo"}},
       {"asset", "set", "SN-ADD1", "--hostname", "web01", "--notes", "spare", "--reason", "typo"}, 200);
  refusal("clerk", "post", "/api/v1/assets/SN-ADD1/set", json::object(), 422, "invalid",
          "asset set: nothing to change; give \"hostname\", \"serial\", \"model\", \"team\", \"notes\", \"cost\", "
          "\"received\", \"warranty_ends\" or \"field\"");
  refusal("clerk", "post", "/api/v1/assets", {{"model", "Dell Nothing"}, {"serial", "X"}}, 404, "not_found",
          "unknown model 'Dell Nothing'; give \"MANUFACTURER MODEL\" as in `'model list'`");
}

TEST_F(Routes, LicensesAreChanged) {
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", "ABCD-EFGH-IJKL-7Q2K"});
  same("licman", "/api/v1/licenses/LIC-00001/set",
       {{"seats", 10}, {"expires_on", "2027-06-30"}, {"allow_overallocation", true}},
       {"license", "set", "LIC-00001", "--seats", "10", "--expires", "2027-06-30", "--allow-overallocation"}, 200);
  same("licman", "/api/v1/licenses/LIC-00001/set", {{"allow_overallocation", false}},
       {"license", "set", "LIC-00001", "--no-overallocation"}, 200);
  refusal(
      "licman", "post", "/api/v1/licenses/LIC-00001/set", {{"seats", 0}}, 422, "invalid",
      "license set: \"seats\" 0 must be a positive whole number (a site license, \"type\" site, has unlimited seats)");
  refusal("licman", "post", "/api/v1/licenses/LIC-00009/set", {{"seats", 3}}, 404, "not_found",
          "license set: no license LIC-00009 (`'license list'` shows them)");
}

TEST_F(Routes, RacksTestsAndImages) {
  ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
  receive({"SN-R1"});
  same("technician", "/api/v1/racks", {{"name", "R01"}, {"location", "DC1"}, {"height", 10}},
       {"rack", "add", "R01", "--location", "DC1", "--height", "10"}, 201);
  same("technician", "/api/v1/assets/SN-R1/tests", {{"kind", "memory"}, {"result", "pass"}, {"notes", "4 passes"}},
       {"test", "record", "SN-R1", "--kind", "memory", "--result", "pass", "--notes", "4 passes"}, 201);
  same("technician", "/api/v1/assets/SN-R1/images", {{"image", "debian-12"}, {"version", "2026.11"}},
       {"image", "record", "SN-R1", "--image", "debian-12", "--version", "2026.11"}, 201);
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/assets/SN-R1/tests"), ok_json({"test", "list", "SN-R1"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/assets/SN-R1/images"), ok_json({"image", "list", "SN-R1"}));

  same("technician", "/api/v1/racks/install", {{"asset", "SN-R1"}, {"rack", "DC1/R01"}, {"u", "1"}},
       {"rack", "install", "SN-R1", "--rack", "DC1/R01", "--u", "1"}, 200);
  same("technician", "/api/v1/racks/move", {{"asset", "SN-R1"}, {"rack", "R01"}, {"u", 3}},
       {"rack", "move", "SN-R1", "--rack", "R01", "--u", "3"}, 200);
  EXPECT_EQ(viewer.get("/api/v1/racks/DC1/R01").json, ok_json({"rack", "show", "DC1/R01"}));
  refusal("technician", "post", "/api/v1/racks/move", {{"asset", "SN-R1"}, {"rack", "R01"}, {"u", "11"}}, 422,
          "invalid", "rack move: AT-00000013 is 1U high; from U11 it would run past the top of DC1/R01 (U10)");
  same("technician", "/api/v1/racks/remove", {{"asset", "SN-R1"}, {"to", "WH1"}},
       {"rack", "remove", "SN-R1", "--to", "WH1"}, 200);

  refusal("technician", "post", "/api/v1/racks", {{"name", "R01"}, {"location", "DC1"}}, 409, "conflict",
          "rack add: DC1 already has a rack named R01");
  refusal("technician", "post", "/api/v1/assets/SN-NONE/tests", {{"kind", "memory"}, {"result", "fail"}}, 404,
          "not_found", "asset: no asset has tag, serial, barcode or hostname 'SN-NONE'");
  refusal("technician", "post", "/api/v1/assets/SN-R1/tests", {{"kind", "smoke"}, {"result", "fail"}}, 400, "usage",
          "body field kind: 'smoke' is not one of memory, disk, power, burn-in, network");
}

TEST_F(Routes, StockMovesCountsAndReorders) {
  ok_json({"receive", e2e::k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "20"});
  const std::string optic = e2e::k_optic;
  same("clerk", "/api/v1/stock/issue",
       {{"model", optic}, {"quantity", 2}, {"from", "WH1-BIN"}, {"to_team", "A-3"}, {"reason", "uplinks"}},
       {"stock", "issue", optic, "--qty", "2", "--from", "WH1-BIN", "--to-team", "A-3", "--reason", "uplinks"}, 201);
  same("clerk", "/api/v1/stock/transfer", {{"model", optic}, {"quantity", 5}, {"from", "WH1-BIN"}, {"to", "WH1"}},
       {"stock", "transfer", optic, "--qty", "5", "--from", "WH1-BIN", "--to", "WH1"}, 201);
  same("clerk", "/api/v1/stock/return", {{"model", optic}, {"quantity", 1}, {"to", "WH1"}, {"from_team", "A-3"}},
       {"stock", "return", optic, "--qty", "1", "--to", "WH1", "--from-team", "A-3"}, 201);
  same("clerk", "/api/v1/stock/write-off", {{"model", optic}, {"quantity", 1}, {"at", "WH1"}, {"reason", "cracked"}},
       {"stock", "write-off", optic, "--qty", "1", "--at", "WH1", "--reason", "cracked"}, 201);
  Client viewer = as("viewer");
  EXPECT_EQ(all_items(viewer, "/api/v1/stock/history?model=" + std::string("FS.com%20SFP-10G-SR")),
            ok_json({"stock", "history", optic}));
  EXPECT_EQ(viewer.get("/api/v1/stock/show?model=FS.com%20SFP-10G-SR").json, ok_json({"stock", "show", optic}));

  const Answer reorder_point = as("clerk").post(
      "/api/v1/stock/reorder-points", {{"model", optic}, {"location", "WH1-BIN"}, {"point", 20}, {"quantity", 30}});
  ASSERT_EQ(reorder_point.status, 200) << reorder_point.body;
  EXPECT_EQ(reorder_point.json, ok_json({"stock", "list", "--location", "WH1-BIN"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/stock/reorder"), ok_json({"stock", "reorder"}));
  same("buyer", "/api/v1/stock/reorder", {{"vendor", "FS.com"}, {"team", "A-3"}},
       {"stock", "reorder", "--create-po", "--vendor", "FS.com", "--team", "A-3"}, 201);
  same("clerk", "/api/v1/stock/barcodes", {{"model", optic}, {"code", "FS-74668"}},
       {"stock", "barcode", optic, "FS-74668"}, 201);

  same("clerk", "/api/v1/stock/counts", {{"location", "WH1-BIN"}}, {"stock", "count", "WH1-BIN"}, 201);
  {
    const std::string copy = snapshot();
    const Answer line = as("clerk").post("/api/v1/stock/counts/WH1-BIN/lines", {{"model", optic}, {"counted", 5}});
    EXPECT_EQ(line.status, 201) << line.body;
    EXPECT_EQ(line.json, cli_on(copy, "clerk", {"stock", "count", "WH1-BIN", "--model", optic, "--counted", "5"})[0]);
  }
  {
    const std::string copy = snapshot();
    const Answer scanned = as("clerk").post("/api/v1/stock/counts/WH1-BIN/lines", {{"code", "FS-74668"}});
    EXPECT_EQ(scanned.status, 201) << scanned.body;
    EXPECT_EQ(scanned.json["counted"], 6);
    EXPECT_EQ(scanned.json, cli_on(copy, "clerk", {"stock", "count", "WH1-BIN", "--scan"}, "FS-74668\n"));
  }
  EXPECT_EQ(as("clerk").get("/api/v1/stock/counts/WH1-BIN").json, ok_json({"stock", "count", "WH1-BIN", "--status"}));
  same("clerk", "/api/v1/stock/counts/WH1-BIN/finish", {{"apply", true}},
       {"stock", "count", "WH1-BIN", "--finish", "--apply"}, 200);

  refusal("clerk", "post", "/api/v1/stock/issue",
          {{"model", optic}, {"quantity", 500}, {"from", "WH1-BIN"}, {"to_team", "A-3"}}, 409, "conflict",
          "stock issue: WH1-BIN holds 6 of FS.com SFP-10G-SR; refusing to issue 500 (`'stock show \"FS.com "
          "SFP-10G-SR\"'` shows where there is stock)");
  refusal("clerk", "post", "/api/v1/stock/issue",
          {{"model", optic}, {"quantity", 1}, {"from", "WH1-BIN"}, {"to_team", "A-3"}, {"to_person", "x"}}, 400,
          "usage", "stock issue: give exactly one of the body fields to_team, to_person and to_asset");
  refusal("clerk", "post", "/api/v1/stock/counts/WH1-BIN/finish", json::object(), 409, "conflict",
          "stock count: no count is open at WH1-BIN; CNT-00001 there was already finished at 2026-11-27T09:15:00Z and "
          "applied; start a new count with `'stock count WH1-BIN'`");
}

TEST_F(Routes, ContractsAreAddedCoveredAndRenewed) {
  receive({"SN-C1", "SN-C2"});
  same("buyer", "/api/v1/contracts",
       {{"number", "SUP-1"},
        {"vendor", "Dell"},
        {"kind", "support"},
        {"starts_on", "2026-01-01"},
        {"ends_on", "2026-12-31"},
        {"notice_days", 30},
        {"sla", "NBD"},
        {"cost", "1200.00"},
        {"period", "year"}},
       {"contract", "add", "SUP-1", "--vendor", "Dell", "--kind", "support", "--starts", "2026-01-01", "--ends",
        "2026-12-31", "--notice-days", "30", "--sla", "NBD", "--cost", "1200.00", "--per", "year"},
       201);
  same("buyer", "/api/v1/contracts/SUP-1/cover", {{"assets", json::array({"SN-C1", "SN-C2"})}},
       {"contract", "cover", "SUP-1", "--asset", "SN-C1", "--asset", "SN-C2"}, 200);
  same("buyer", "/api/v1/contracts/SUP-1/uncover", {{"assets", "SN-C2"}, {"vendor", "Dell"}},
       {"contract", "uncover", "SUP-1", "--asset", "SN-C2", "--vendor", "Dell"}, 200);
  same("buyer", "/api/v1/contracts/SUP-1/cover", {{"po", e2e::k_po}}, {"contract", "cover", "SUP-1", "--po", e2e::k_po},
       200);
  same("buyer", "/api/v1/contracts/SUP-1/renew", {{"ends_on", "2027-12-31"}, {"cost", "1300.00"}},
       {"contract", "renew", "SUP-1", "--ends", "2027-12-31", "--cost", "1300.00"}, 200);

  refusal("buyer", "post", "/api/v1/contracts/SUP-1/renew", {{"ends_on", "2027-01-01"}}, 422, "invalid",
          "contract renew: \"ends_on\" 2027-01-01 is not after the current end 2027-12-31 of SUP-1 (Dell); a renewal "
          "extends the contract");
  refusal("buyer", "post", "/api/v1/contracts/SUP-9/cover", {{"assets", "SN-C1"}}, 404, "not_found",
          "contract cover: no contract 'SUP-9' (`'contract list'` shows them)");
  refusal("buyer", "post", "/api/v1/contracts/SUP-1/cover", {{"assets", "SN-C1"}, {"po", e2e::k_po}}, 400, "usage",
          "contract cover: give exactly one of the body fields assets, po and rack");
}

TEST_F(Routes, ImportTakesTheCsvAsTheBody) {
  const std::string csv =
      "serial,manufacturer,model,location\nD1,Dell,PowerEdge R640,WH1\nD2,Dell,PowerEdge R640,WH1\n";
  Client admin = as("admin");
  const std::string file = sb.dir().file("assets.csv");
  {
    std::ofstream out(file);
    out << csv;
  }
  const std::string before = data_dump();
  const Answer dry = admin.post_raw("/api/v1/import/assets?dry_run=true", csv, "text/csv");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json["rows"], 2);
  EXPECT_EQ(dry.json["dry_run"], true);
  const e2e::Result cli_dry = sb.tally({"--format", "json", "import", "assets", file, "--dry-run"});
  ASSERT_EQ(cli_dry.exit_code, 0) << cli_dry.err;
  EXPECT_EQ(dry.json["counts"], e2e::parse_json(cli_dry));
  EXPECT_EQ(data_dump(), before);

  const std::string copy = snapshot();
  const Answer done = admin.post_raw("/api/v1/import/assets", csv, "text/csv");
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json["counts"], cli_on(copy, "admin", {"import", "assets", file}));
  EXPECT_EQ(ok_json({"asset", "list"}), cli_on(copy, "admin", {"asset", "list"}));
  const json log = ok_json({"log", "--entity", "import"});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["actor"], "admin");
  EXPECT_EQ(log[0]["key"], "assets.csv");

  const std::string licenses = "product,vendor,seats\nOffice,Dell,5\n";
  const Answer lic = admin.post_raw("/api/v1/import/licenses?file=office.csv", licenses, "text/csv");
  ASSERT_EQ(lic.status, 201) << lic.body;
  EXPECT_EQ(lic.json["counts"][0]["kind"], "license");
  EXPECT_EQ(ok_json({"license", "show", "LIC-00001"})["product"], "Office");

  const std::string before_bad = data_dump();
  const Answer bad = admin.post_raw("/api/v1/import/assets?file=bad.csv",
                                    "serial,manufacturer,model\nB1,Dell,\n", "text/csv");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json["error"]["message"],
            "import assets: bad.csv has 1 problem; nothing was imported. Fix the file and run the import again:\n"
            "line 2, column 'model': empty");
  EXPECT_EQ(data_dump(), before_bad);
  EXPECT_EQ(admin.post_raw("/api/v1/import/assets?dialect=excel", csv, "text/csv").status, 400);
  EXPECT_EQ(as("clerk").post_raw("/api/v1/import/assets", csv, "text/csv").status, 403);
  EXPECT_EQ(data_dump(), before_bad);
}

TEST_F(Routes, ConfigAndDoctorAreTheAdminsOnly) {
  Client admin = as("admin");
  EXPECT_EQ(all_items(admin, "/api/v1/config"), ok_json({"config", "list"}));
  EXPECT_EQ(admin.get("/api/v1/config/currency").json, ok_json({"config", "get", "currency"}));
  same("admin", "/api/v1/config/tag.prefix", {{"value", "IT-"}}, {"config", "set", "tag.prefix", "IT-"}, 200);
  EXPECT_EQ(ok_json({"config", "get", "tag.prefix"})["value"], "IT-");
  refusal("admin", "get", "/api/v1/config/colour", json(), 422, "invalid",
          "config: unknown key 'colour'; known keys: tag.prefix, currency, receiving.location, timezone");
  refusal("admin", "post", "/api/v1/config/currency", {{"value", "euro"}}, 422, "invalid",
          "config set: currency 'euro' must be an ISO 4217 code such as USD or EUR");
  EXPECT_EQ(as("viewer").get("/api/v1/config").status, 403);

  EXPECT_EQ(all_items(admin, "/api/v1/doctor", 100), ok_json({"doctor"}));
  EXPECT_EQ(as("clerk").get("/api/v1/doctor").status, 403);
}

}  // namespace
}  // namespace tally::api
