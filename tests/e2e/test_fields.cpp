// Custom fields end to end: definitions, values on assets, the history, the
// filter terms, export and import json, and the schema's refusals through the
// sqlite3 shell.

#include "harness.hpp"

#include <filesystem>
#include <fstream>

namespace tally::e2e {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

class Fields : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ok_json({"model", "add", "Dell", "Latitude 7440", "--category", "laptop"});
    ok_json({"field", "add", "ram_gb", "--type", "integer", "--label", "RAM (GB)", "--category", "server",
             "--category", "laptop"});
    ok_json({"field", "add", "mac", "--type", "text", "--regex", "([0-9A-F]{2}:){5}[0-9A-F]{2}", "--unique"});
    ok_json({"field", "add", "tier", "--type", "choice", "--choices", "gold,silver", "--model", k_server});
    ok_json({"field", "add", "weight_kg", "--type", "decimal"});
    ok_json({"field", "add", "leased", "--type", "boolean"});
    ok_json({"field", "add", "audited", "--type", "date", "--category", "laptop"});
    s1 = ok_json({"asset", "add", "--model", k_server, "--serial", "S1", "--field", "ram_gb=32", "--field",
                  "mac=00:1A:2B:3C:4D:5E"})["tag"];
    s2 = ok_json({"asset", "add", "--model", k_server, "--serial", "S2", "--field", "ram_gb=128", "--field",
                  "tier=gold", "--field", "weight_kg=18.5"})["tag"];
    l1 = ok_json({"asset", "add", "--model", "Dell Latitude 7440", "--serial", "L1", "--field", "ram_gb=16",
                  "--field", "leased=yes", "--field", "audited=2026-11-02"})["tag"];
    ASSERT_FALSE(HasFailure()) << "the field estate could not be set up";
  }

  Strings tags(const Strings& terms) const {
    Strings args = {"asset", "list"};
    args.insert(args.end(), terms.begin(), terms.end());
    Strings out;
    for (const auto& a : ok_json(args)) {
      out.push_back(a["tag"]);
    }
    return out;
  }

  std::string s1, s2, l1;
};

TEST_F(Fields, ReportAssetsByAFieldGroupsByItsValuesTheAssetsWithoutOneLast) {
  const json ram = ok_json({"report", "assets", "--by", "field.ram_gb"});
  ASSERT_EQ(ram.size(), 3u) << ram.dump();
  Strings keys;
  for (const auto& row : ram) {
    keys.push_back(row["field.ram_gb"]);
    EXPECT_EQ(row["count"], 1) << row.dump();
  }
  // Stored text order: "128" < "16" < "32".
  EXPECT_EQ(keys, (Strings{"128", "16", "32"}));
  const json tier = ok_json({"report", "assets", "--by", "field.tier"});
  ASSERT_EQ(tier.size(), 2u) << tier.dump();
  EXPECT_EQ(tier[0]["field.tier"], "gold");
  EXPECT_EQ(tier[0]["count"], 1);
  EXPECT_EQ(tier[1]["field.tier"], nullptr);  // the assets without a value
  EXPECT_EQ(tier[1]["count"], 2);
  EXPECT_EQ(refused({"report", "assets", "--by", "field.colour"}),
            "tally: error: no custom field 'colour' (`tally field list` shows them)\n");
}

TEST_F(Fields, DefinitionsAreListedAndShown) {
  const json shown = ok_json({"field", "show", "RAM (GB)"});
  EXPECT_EQ(shown, json::parse(R"j({"name":"ram_gb","label":"RAM (GB)","type":"integer","choices":null,"regex":null,
      "unique":false,"categories":["laptop","server"],"models":[],"values":3,
      "created_at":"2026-11-27T09:15:00Z"})j"));
  const json tier = ok_json({"field", "show", "tier"});
  EXPECT_EQ(tier["choices"], json::parse(R"(["gold","silver"])"));
  EXPECT_EQ(tier["models"], json::parse(R"(["Dell PowerEdge R640"])"));
  EXPECT_EQ(ok_json({"field", "show", "mac"})["regex"], "([0-9A-F]{2}:){5}[0-9A-F]{2}");
  EXPECT_EQ(ok_json({"field", "show", "mac"})["unique"], true);
  Strings names;
  for (const auto& f : ok_json({"field", "list"})) {
    names.push_back(f["name"]);
  }
  EXPECT_EQ(names, (Strings{"audited", "leased", "mac", "ram_gb", "tier", "weight_kg"}));
  const Result csv = sb.tally({"field", "list", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(lines_of(csv.out).at(0), "name,label,type,choices,regex,unique,categories,models,values,created_at");
  EXPECT_EQ(lines_of(csv.out).at(4), "ram_gb,RAM (GB),integer,,,false,laptop;server,,3,2026-11-27T09:15:00Z");
}

TEST_F(Fields, DefinitionRefusals) {
  EXPECT_EQ(refused({"field", "add", "RAM", "--type", "integer"}),
            "tally: error: field add: name 'RAM' must be 1 to 40 characters: a lower-case letter, then lower-case "
            "letters, digits or '_' (ram_gb, mac_address)\n");
  EXPECT_EQ(refused({"field", "add", "ram_gb", "--type", "text"}),
            "tally: error: field add: field 'ram_gb' already has the name or label 'ram_gb'\n");
  EXPECT_EQ(refused({"field", "add", "ram", "--type", "integer", "--label", "ram (gb)"}),
            "tally: error: field add: field 'ram_gb' already has the name or label 'ram (gb)'\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "choice"}),
            "tally: error: field add: a choice field needs --choices a,b,c\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "text", "--choices", "a,b"}),
            "tally: error: field add: --choices go only with type choice\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "choice", "--choices", "a,b,a"}),
            "tally: error: field add: choice 'a' is given twice\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "text", "--regex", "([a-z"}),
            "tally: error: field add: --regex '([a-z' is not a regular expression\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "text", "--category", "toaster"}),
            "tally: error: field add: unknown category 'toaster'; expected one of: server, switch, router, "
            "firewall, storage, pdu, patch-panel, laptop, desktop, monitor, phone, optic, cable, component, other\n");
  EXPECT_EQ(refused({"field", "add", "cpu", "--type", "text", "--model", "Dell Nothing"}),
            "tally: error: field add: unknown model 'Dell Nothing'; give \"MANUFACTURER MODEL\" as in `tally model "
            "list`\n");
  EXPECT_EQ(refused({"field", "show", "cpu"}),
            "tally: error: no custom field 'cpu' (`tally field list` shows them)\n");
  EXPECT_TRUE(contains(refused({"field", "add", "cpu", "--type", "float"}, 2), "float"));
}

TEST_F(Fields, ValuesAreShownTypedAndKeptInTheHistory) {
  EXPECT_EQ(ok_json({"asset", "show", s1})["fields"], json::parse(R"({"mac":"00:1A:2B:3C:4D:5E","ram_gb":32})"));
  EXPECT_EQ(ok_json({"asset", "show", s2})["fields"],
            json::parse(R"({"ram_gb":128,"tier":"gold","weight_kg":"18.5"})"));
  EXPECT_EQ(ok_json({"asset", "show", l1})["fields"],
            json::parse(R"({"audited":"2026-11-02","leased":true,"ram_gb":16})"));
  const json set = ok_json({"asset", "set", s1, "--field", "ram_gb=64", "--field", "mac=", "--reason", "upgrade"});
  EXPECT_EQ(set["fields"], json::parse(R"({"ram_gb":64})"));
  const json history = ok_json({"asset", "history", s1});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1]["action"], "set");
  EXPECT_EQ(history[1]["after"], json::parse(R"({"field mac":"00:1A:2B:3C:4D:5E","field ram_gb":32})"));
  EXPECT_EQ(history[2]["before"], json::parse(R"({"field mac":"00:1A:2B:3C:4D:5E","field ram_gb":32})"));
  EXPECT_EQ(history[2]["after"], json::parse(R"({"field mac":null,"field ram_gb":64,"reason":"upgrade"})"));
  const Result table = sb.tally({"asset", "history", s1});
  EXPECT_TRUE(contains(table.out, "field ram_gb: 32 \u2192 64")) << table.out;
  const Result shown = sb.tally({"asset", "show", s1});
  EXPECT_TRUE(contains(shown.out, "\nFields\nFIELD   LABEL     TYPE     VALUE")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "\nram_gb  RAM (GB)  integer  64")) << shown.out;
  EXPECT_FALSE(contains(shown.out, "fields:")) << shown.out;
  // A field set with another change: one event.
  ok_json({"asset", "set", s2, "--notes", "rack 4", "--field", "tier=silver"});
  const json h2 = ok_json({"asset", "history", s2});
  EXPECT_EQ(h2.back()["before"], json::parse(R"({"field tier":"gold","notes":null})"));
  EXPECT_EQ(h2.back()["after"], json::parse(R"({"field tier":"silver","notes":"rack 4"})"));
  // Setting the value it has changes nothing and writes no event.
  const std::string before = sb.dump();
  ok_json({"asset", "set", s2, "--field", "tier=silver"});
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(Fields, ValueRefusalsChangeNothing) {
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "ram_gb=lots"}),
            "tally: error: asset set: field ram_gb: 'lots' is not a whole number\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "weight_kg=1,5"}),
            "tally: error: asset set: field weight_kg: '1,5' is not a decimal number like 12.50\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "leased=maybe"}),
            "tally: error: asset set: field leased: 'maybe' is not true or false\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "tier=bronze"}),
            "tally: error: asset set: field tier: 'bronze' is not one of: gold, silver\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "mac=00-1A-2B-3C-4D-5E"}),
            "tally: error: asset set: field mac: '00-1A-2B-3C-4D-5E' does not match ([0-9A-F]{2}:){5}[0-9A-F]{2}\n");
  EXPECT_EQ(refused({"asset", "set", s2, "--field", "mac=00:1A:2B:3C:4D:5E"}),
            "tally: error: asset set: field mac: '00:1A:2B:3C:4D:5E' is already the value of " + s1 +
                " (the field is unique)\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "audited=2026-11-02"}),
            "tally: error: asset set: field audited: does not apply to " + s1 +
                " (Dell PowerEdge R640, server); it applies to laptop\n");
  EXPECT_EQ(refused({"asset", "set", l1, "--field", "tier=gold"}),
            "tally: error: asset set: field tier: does not apply to " + l1 +
                " (Dell Latitude 7440, laptop); it applies to Dell PowerEdge R640\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "cpu=x"}),
            "tally: error: asset set: no custom field 'cpu' (`tally field list` shows them)\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "ram_gb"}),
            "tally: error: asset set: --field 'ram_gb' is not NAME=VALUE (NAME= clears it)\n");
  EXPECT_EQ(refused({"asset", "set", s1, "--field", "ram_gb=1", "--field", "ram_gb=2"}),
            "tally: error: asset set: field ram_gb: given twice\n");
  EXPECT_EQ(refused({"asset", "add", "--model", k_server, "--serial", "S9", "--field", "ram_gb=x"}),
            "tally: error: asset add: field ram_gb: 'x' is not a whole number\n");
}

TEST_F(Fields, FilterTerms) {
  EXPECT_EQ(tags({"field.ram_gb>=32"}), (Strings{s1, s2}));
  EXPECT_EQ(tags({"field.ram_gb<32"}), (Strings{l1}));
  EXPECT_EQ(tags({"field.ram_gb:128"}), (Strings{s2}));
  EXPECT_EQ(tags({"field.mac~1a:2b"}), (Strings{s1}));
  EXPECT_EQ(tags({"-field.mac~1a:2b"}), (Strings{s2, l1}));
  EXPECT_EQ(tags({"field.tier:gold"}), (Strings{s2}));
  EXPECT_EQ(tags({"field.weight_kg>18.25"}), (Strings{s2}));
  EXPECT_EQ(tags({"field.leased:true"}), (Strings{l1}));
  EXPECT_EQ(tags({"field.audited<2026-12-01", "model~latitude"}), (Strings{l1}));
  EXPECT_EQ(refused({"asset", "list", "field.tier:bronze"}),
            "tally: error: asset list: term 'field.tier:bronze': unknown field.tier 'bronze'; expected one of: "
            "gold, silver\n");
  EXPECT_EQ(refused({"asset", "list", "field.weight_kg>heavy"}),
            "tally: error: asset list: term 'field.weight_kg>heavy': not a decimal number (12.5)\n");
  EXPECT_TRUE(contains(refused({"asset", "list", "field.cpu:x"}),
                       "asset list: term 'field.cpu:x': unknown field 'field.cpu'; expected one of: tag, serial"));
}

TEST_F(Fields, RemoveIsRefusedWhileValuesExistUnlessForced) {
  EXPECT_EQ(refused({"field", "remove", "ram_gb"}),
            "tally: error: field remove: 3 assets have a value for 'ram_gb'; clear them, or give --force to remove "
            "the values with the field\n");
  const json removed = ok_json({"field", "remove", "ram_gb", "--force"});
  EXPECT_EQ(removed["values"], 3);
  EXPECT_EQ(ok_json({"asset", "show", s1})["fields"], json::parse(R"({"mac":"00:1A:2B:3C:4D:5E"})"));
  const json log = ok_json({"log", "--entity", "field", "--limit", "1"});
  EXPECT_EQ(log[0]["action"], "remove");
  EXPECT_EQ(log[0]["before"]["name"], "ram_gb");
  EXPECT_EQ(log[0]["before"]["values"], 3);
  ok_json({"field", "remove", "audited", "--force"});
  ok_json({"field", "add", "audited", "--type", "text"});
  EXPECT_EQ(ok_json({"field", "show", "audited"})["type"], "text");
}

TEST_F(Fields, TheShellIsRefusedTooAndDoctorCatchesBypassedTriggers) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell writes to the database file");
  const auto shell_refused = [&](const std::string& sql, const std::string& message) {
    SCOPED_TRACE(sql);
    const std::string before = sb.dump();
    const Result r = sb.sqlite("BEGIN; " + sql + "; COMMIT;");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.err, message)) << r.err;
    EXPECT_TRUE(sb.dump() == before) << "the change went through";
  };
  const std::string asset = "(SELECT id FROM asset WHERE tag = '" + s1 + "')";
  const auto field = [](const std::string& name) { return "(SELECT id FROM field WHERE name = '" + name + "')"; };
  shell_refused("UPDATE asset_field SET value = '32GB' WHERE field_id = " + field("ram_gb"),
                "asset_field: not an integer");
  shell_refused("INSERT OR REPLACE INTO asset_field VALUES (" + asset + ", " + field("ram_gb") + ", '064')",
                "asset_field: not an integer");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("weight_kg") + ", '1.2.3')",
                "asset_field: not a decimal number");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("leased") + ", 'yes')",
                "asset_field: a boolean is true or false");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("tier") + ", 'bronze')",
                "asset_field: not one of the field's choices");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("audited") + ", '2026-11-02')",
                "asset_field: the field does not apply");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("weight_kg") + ", '2026-02-30')",
                "asset_field: not a decimal number");
  shell_refused("INSERT INTO asset_field (asset_id, field_id, value) SELECT a.id, " + field("mac") +
                    ", '00:1A:2B:3C:4D:5E' FROM asset a WHERE a.tag = '" + s2 + "'",
                "asset_field: the field is unique");
  shell_refused("INSERT INTO asset_field VALUES (" + asset + ", " + field("ram_gb") +
                    ", '64') ON CONFLICT DO UPDATE SET value = 'x'",
                "asset_field: not an integer");
  shell_refused("UPDATE field SET type = 'text' WHERE name = 'ram_gb'", "field: a definition changes only its label");
  shell_refused("INSERT INTO field (name, label, type, choices, created_at) VALUES ('x', 'x', 'choice', '[\"a\",\"a\"]', "
                "'2026-11-27T09:15:00Z')",
                "field: every choice is a distinct non-empty string");
  shell_refused("DELETE FROM field WHERE name = 'ram_gb'", "field: the field still has values or attachments");
  shell_refused("INSERT OR REPLACE INTO field (id, name, label, type, created_at) SELECT id, name, label, 'text', "
                "created_at FROM field WHERE name = 'ram_gb'",
                "field: a field is never replaced");

  // With the triggers dropped the shell gets bad values in; doctor names each.
  const std::string copy = sb.dir().file("damaged.db");
  ASSERT_EQ(sb.sqlite("VACUUM INTO '" + copy + "'").exit_code, 0);
  const Result damage = run_process(
      "sqlite3", {copy, "DROP TRIGGER asset_field_update; DROP TRIGGER asset_field_insert; "
                        "UPDATE asset_field SET value = '32GB' WHERE field_id = " + field("ram_gb") + " AND asset_id = " +
                        asset + "; INSERT INTO asset_field SELECT id, " + field("audited") +
                        ", '2026-11-02' FROM asset WHERE tag = '" + s2 + "'; UPDATE asset_field SET value = 'silver-ish' "
                        "WHERE field_id = " + field("tier") + ";"});
  ASSERT_EQ(damage.exit_code, 0) << damage.err;
  const Result doctor = run_process(tally_path(), {"--db", copy, "doctor", "--format", "json"});
  EXPECT_NE(doctor.exit_code, 0);
  json problems = json::array();
  for (const auto& row : parse_json(doctor)) {
    if (row["result"] != "ok" && (row["check"] == "field_values" || row["check"] == "triggers")) {
      problems.push_back({row["check"], row["row"], row["detail"]});
    }
  }
  EXPECT_EQ(problems.size(), 5u) << problems.dump(1);
  const std::string text = problems.dump();
  EXPECT_TRUE(contains(text, "\"" + s1 + " ram_gb\",\"'32GB' is not a whole number\"")) << text;
  EXPECT_TRUE(contains(text, "\"" + s2 + " audited\",\"the field does not apply to its model Dell PowerEdge R640\""))
      << text;
  EXPECT_TRUE(contains(text, "\"" + s2 + " tier\",\"'silver-ish' is not one of: gold, silver\"")) << text;
}

TEST_F(Fields, CsvColumnsMapToFieldsByNameOrLabel) {
  const std::string file = sb.dir().file("assets.csv");
  std::ofstream(file) << "serial,manufacturer,model,RAM (GB),tier,leased\n"
                         "S10,Dell,PowerEdge R640,256,silver,no\n"
                         "S11,Dell,PowerEdge R640,,gold,\n";
  const Result imported = sb.tally({"import", "assets", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "2 rows imported\n");
  const json listed = ok_json({"asset", "list", "serial:S10"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(ok_json({"asset", "show", listed[0]["tag"]})["fields"],
            json::parse(R"({"leased":false,"ram_gb":256,"tier":"silver"})"));
  const json s11 = ok_json({"asset", "list", "serial:S11"});
  EXPECT_EQ(ok_json({"asset", "show", s11[0]["tag"]})["fields"], json::parse(R"({"tier":"gold"})"));
}

TEST_F(Fields, CsvValuesAreCheckedPerRowAndUnknownColumnsRefused) {
  const std::string bad = sb.dir().file("bad.csv");
  std::ofstream(bad) << "serial,manufacturer,model,ram_gb,tier\n"
                        "S10,Dell,PowerEdge R640,lots,gold\n"
                        "S11,Dell,Latitude 7440,8,gold\n";
  const std::string err = refused({"import", "assets", bad});
  EXPECT_TRUE(contains(err, "line 2, column 'ram_gb': 'lots' is not a whole number")) << err;
  EXPECT_TRUE(contains(err, "line 3, column 'tier': field tier does not apply to Dell Latitude 7440 (laptop)")) << err;
  const std::string unknown = sb.dir().file("unknown.csv");
  std::ofstream(unknown) << "serial,manufacturer,model,IMEI\nS10,Dell,PowerEdge R640,356938035643809\n";
  EXPECT_TRUE(contains(refused({"import", "assets", unknown}), "line 1, column 'IMEI': unknown header"));
}

// Rows with field values are written in batches (one INSERT of the assets,
// one of their values); a unique value taken by an earlier row of the file
// or by an asset already there is refused by its line and column, and
// nothing is written.
TEST_F(Fields, CsvUniqueValuesTakenInTheFileOrBeforeAreRefusedByLineAndColumn) {
  const std::string bad = sb.dir().file("dup.csv");
  std::ofstream(bad) << "serial,manufacturer,model,mac,RAM (GB)\n"
                        "S10,Dell,PowerEdge R640,00:00:00:00:00:01,8\n"
                        "S11,Dell,PowerEdge R640,,16\n"
                        "S12,Dell,PowerEdge R640,00:00:00:00:00:01,32\n"
                        "S13,Dell,PowerEdge R640,00:1A:2B:3C:4D:5E,64\n"
                        "S14,Dell,PowerEdge R640,00:00:00:00:00:02,\n";
  const std::string before = sb.dump();
  EXPECT_EQ(refused({"import", "assets", bad}),
            "tally: error: import assets: " + bad + " has 2 problems; nothing was imported. Fix the file and run the "
            "import again:\n"
            "line 4, column 'mac': '00:00:00:00:00:01' is already the value of line 2 of this file (the field is "
            "unique)\n"
            "line 5, column 'mac': '00:1A:2B:3C:4D:5E' is already the value of " +
                s1 + " (the field is unique)\n");
  EXPECT_EQ(sb.dump(), before);

  const std::string good = sb.dir().file("good.csv");
  std::ofstream(good) << "serial,manufacturer,model,mac,RAM (GB)\n"
                         "S10,Dell,PowerEdge R640,00:00:00:00:00:01,8\n"
                         "S11,Dell,PowerEdge R640,,16\n"
                         "S12,Dell,PowerEdge R640,00:00:00:00:00:03,\n";
  const Result imported = sb.tally({"import", "assets", good});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "3 rows imported\n");
  EXPECT_EQ(sb.sqlite("SELECT a.serial, f.name, af.value FROM asset_field af JOIN asset a ON a.id = af.asset_id "
                      "JOIN field f ON f.id = af.field_id WHERE a.serial GLOB 'S1?' ORDER BY a.serial, f.name")
                .out,
            "S10|mac|00:00:00:00:00:01\nS10|ram_gb|8\nS11|ram_gb|16\nS12|mac|00:00:00:00:00:03\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM event WHERE action = 'import' AND entity = 'asset'").out, "3\n");
}

TEST_F(Fields, CreateFieldsInfersTypesFromEveryValue) {
  const std::string file = sb.dir().file("new.csv");
  std::ofstream(file) << "serial,manufacturer,model,IMEI,CPU Cores,Screen (in),Bought,On Lease,Cost Centre\n"
                         "S10,Dell,PowerEdge R640,356938035643809,16,15.6,2026-01-02,yes,CC-1\n"
                         "S11,Dell,PowerEdge R640,356938035643817,8,14,2026-02-03,no,42\n"
                         "S12,Dell,PowerEdge R640,,,,,,\n";
  const Result imported = sb.tally({"import", "assets", file, "--create-fields"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "3 rows imported\n");
  json types = json::object();
  for (const auto& f : ok_json({"field", "list"})) {
    types[f["name"].get<std::string>()] = {f["type"], f["label"], f["values"]};
  }
  EXPECT_EQ(types["imei"], json::parse(R"(["integer","IMEI",2])"));
  EXPECT_EQ(types["cpu_cores"], json::parse(R"(["integer","CPU Cores",2])"));
  EXPECT_EQ(types["screen_in"], json::parse(R"j(["decimal","Screen (in)",2])j"));
  EXPECT_EQ(types["bought"], json::parse(R"(["date","Bought",2])"));
  EXPECT_EQ(types["on_lease"], json::parse(R"(["boolean","On Lease",2])"));
  EXPECT_EQ(types["cost_centre"], json::parse(R"(["text","Cost Centre",2])"));
  const json s10 = ok_json({"asset", "list", "serial:S10"});
  EXPECT_EQ(ok_json({"asset", "show", s10[0]["tag"]})["fields"],
            json::parse(R"({"bought":"2026-01-02","cost_centre":"CC-1","cpu_cores":16,"imei":356938035643809,
                            "on_lease":true,"screen_in":"15.6"})"));
  const json s12 = ok_json({"asset", "list", "serial:S12"});
  EXPECT_EQ(ok_json({"asset", "show", s12[0]["tag"]})["fields"], json::object());
  EXPECT_EQ(ok_json({"asset", "list", "field.cpu_cores>=16"}).size(), 1u);
}

TEST_F(Fields, ExportAndImportJsonRoundTrip) {
  TALLY_SKIP_ON_CLUSTER("import json makes a database file");
  ok_json({"asset", "set", s1, "--field", "ram_gb=64"});
  const std::string file = sb.dir().file("estate.json");
  ASSERT_EQ(sb.tally({"export", "--out", file}).exit_code, 0);
  const std::string fresh = sb.dir().file("fresh.db");
  const Result load = run_process(tally_path(), {"--db", fresh, "import", "json", file});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const auto on_fresh = [&](Strings args) {
    args.insert(args.begin(), {"--db", fresh});
    args.insert(args.end(), {"--format", "json"});
    const Result r = run_process(tally_path(), args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return parse_json(r);
  };
  EXPECT_EQ(on_fresh({"field", "list"}), ok_json({"field", "list"}));
  EXPECT_EQ(on_fresh({"asset", "show", s1})["fields"], json::parse(R"({"mac":"00:1A:2B:3C:4D:5E","ram_gb":64})"));
  EXPECT_EQ(on_fresh({"asset", "show", l1})["fields"], ok_json({"asset", "show", l1})["fields"]);
  EXPECT_EQ(on_fresh({"asset", "list", "field.ram_gb>=64"}).size(), 2u);
  const std::string again = sb.dir().file("again.json");
  ASSERT_EQ(run_process(tally_path(), {"--db", fresh, "export", "--out", again}).exit_code, 0);
}

TEST_F(Fields, TheSqlViewsShowTheValues) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell reads the database file");
  const Result r = sb.sqlite("SELECT tag, field, value FROM v_asset_field ORDER BY tag, field");
  EXPECT_EQ(r.out, s1 + "|mac|00:1A:2B:3C:4D:5E\n" + s1 + "|ram_gb|32\n" + s2 + "|ram_gb|128\n" + s2 + "|tier|gold\n" +
                       s2 + "|weight_kg|18.5\n" + l1 + "|audited|2026-11-02\n" + l1 + "|leased|true\n" + l1 +
                       "|ram_gb|16\n");
  EXPECT_EQ(sb.sqlite("SELECT field, categories, models FROM v_field WHERE field IN ('ram_gb', 'tier') ORDER BY 1").out,
            "ram_gb|laptop,server|\ntier||Dell PowerEdge R640\n");
}

}  // namespace
}  // namespace tally::e2e
