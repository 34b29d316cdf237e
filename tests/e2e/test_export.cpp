// End-to-end tests of whole-database copies: `tally export` to
// JSON, `tally import json` into a new database (the round trip checked table
// by table with the sqlite3 shell), `tally backup`, and their refusals.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The sqlite3 shell's view of one database: every table's `.dump`, the
// schema objects and the pragmas that mark a Tally database.
struct Snapshot {
  std::vector<std::pair<std::string, std::string>> tables;  // name, `.dump name`
  std::string schema;
  std::string pragmas;
};

Snapshot snapshot(const std::string& db) {
  Snapshot s;
  const Result names = run_process(
      "sqlite3",
      {db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"});
  EXPECT_EQ(names.exit_code, 0) << names.err;
  for (const auto& name : lines_of(names.out)) {
    s.tables.emplace_back(name, run_process("sqlite3", {db, ".dump " + name}).out);
  }
  s.schema = run_process("sqlite3", {db, "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name"}).out;
  s.pragmas = run_process("sqlite3", {db, "PRAGMA user_version; PRAGMA application_id;"}).out;
  return s;
}

// The standard estate with something in most tables: stock received and
// issued, servers received, racked, tested, licensed, under contract, in
// repair, one disposed, an audit.
class TransferTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ok_json({"person", "add", "ana", "--name", "Ana Lima", "--email", "ana@example.com", "--team", "A-3"});
    ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "40"});
    for (const char* serial : {"SN1", "SN2", "SN3", "SN4"}) {
      tags.push_back(ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", serial})[0]["tag"]
                         .get<std::string>());
    }
    ok_json({"stock", "issue", k_optic, "--qty", "4", "--from", "WH1-BIN", "--to-person", "ana"});
    ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
    ok_json({"rack", "add", "R01", "--location", "DC1", "--height", "10"});
    ok_json({"test", "record", tags[0], "--kind", "memory", "--result", "pass"});
    ok_json({"rack", "install", tags[0], "--rack", "DC1/R01", "--u", "1"});
    ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "2", "--cost", "99.95"});
    ok_json({"license", "assign", "LIC-00001", "--asset", tags[1]});
    ok_json({"contract", "add", "SUP-1", "--vendor", "Dell", "--kind", "support", "--starts", "2026-01-01", "--ends",
             "2028-12-31"});
    ok_json({"contract", "cover", "SUP-1", "--asset", tags[0]});
    ok_json({"repair", "open", tags[2], "--reason", "fan noise"});
    ok_json({"asset", "set-status", tags[3], "retired"});
    ok_json({"dispose", tags[3], "--method", "recycle", "--recycler", "GreenIT GmbH", "--certificate", "C-1", "--wipe",
             "nist-800-88-purge"});
    ok_json({"audit", "start", "WH1"});
    ASSERT_FALSE(HasFailure()) << "the transfer estate could not be set up";
  }

  // Exports the estate; returns the file.
  std::string export_estate() {
    const std::string file = sb.dir().file("estate.json");
    const Result r = sb.tally({"export", "--out", file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return file;
  }

  Result tally_on(const std::string& db, Strings args, const std::string& input = "") const {
    args.insert(args.begin(), {"--db", db});
    return run_process(tally_path(), args, input);
  }

  // `import json FILE` into `db` must be refused with exit 1 and a message
  // containing `part`; `db` must be as it was (or still absent).
  void refused_import(const std::string& db, const std::string& file, const std::string& part) {
    const bool existed = fs::exists(db);
    const std::string before = existed ? run_process("sqlite3", {db, ".dump"}).out : "";
    const Result r = tally_on(db, {"import", "json", file});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_TRUE(contains(r.err, part)) << "expected \"" << part << "\" in: " << r.err;
    if (existed) {
      EXPECT_EQ(run_process("sqlite3", {db, ".dump"}).out, before);
    } else {
      EXPECT_FALSE(fs::exists(db)) << "a refused import left " << db << " behind";
      EXPECT_FALSE(fs::exists(db + "-wal"));
    }
  }

  // The export with `edit` applied to its parsed JSON, written to a new file.
  std::string edited(const std::string& file, const std::function<void(json&)>& edit) {
    json doc = json::parse(read_file(file));
    edit(doc);
    const std::string out = sb.dir().file("edited" + std::to_string(++m_edits) + ".json");
    write_file(out, doc.dump(1));
    return out;
  }

  Strings tags;
  int m_edits = 0;
};

TEST_F(TransferTest, ExportThenImportReproducesEveryTableRowForRow) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell reads and dumps the database path itself");
  const std::string file = export_estate();
  const json doc = json::parse(read_file(file));
  EXPECT_EQ(doc["format"], "tally-export");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["schema_version"], k_schema_version);
  EXPECT_EQ(doc["exported_at"], "2026-11-27T09:15:00Z");
  ASSERT_EQ(doc["tables"]["asset"].size(), 4U);
  EXPECT_EQ(doc["tables"]["asset"][0]["serial"], "SN1");
  EXPECT_EQ(doc["tables"]["license"][0]["cost_minor"], 9995);
  EXPECT_EQ(doc["tables"]["placement"].size(), 1U);

  const std::string copy = sb.dir().file("copy.db");
  const Result r = tally_on(copy, {"import", "json", file, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "(new file)")) << r.err;
  const json counts = parse_json(r);
  const Snapshot original = snapshot(sb.db());
  const Snapshot restored = snapshot(copy);
  ASSERT_EQ(restored.tables.size(), original.tables.size());
  for (std::size_t i = 0; i < original.tables.size(); ++i) {
    EXPECT_EQ(restored.tables[i].first, original.tables[i].first);
    EXPECT_EQ(restored.tables[i].second, original.tables[i].second) << "table " << original.tables[i].first;
  }
  // Every table is in the file but the credentials (API tokens, web sessions), which an export never carries.
  std::vector<std::string> exported;
  for (const auto& table : original.tables) {
    if (table.first != "api_token" && table.first != "web_session") {
      exported.push_back(table.first);
    }
  }
  EXPECT_EQ(exported.size(), original.tables.size() - 2);
  ASSERT_EQ(counts.size(), exported.size());
  for (std::size_t i = 0; i < exported.size(); ++i) {
    EXPECT_EQ(counts[i]["table"], exported[i]);
    EXPECT_EQ(counts[i]["rows"], doc["tables"][exported[i]].size());
  }
  EXPECT_EQ(restored.schema, original.schema);
  EXPECT_EQ(restored.pragmas, original.pragmas);

  // The copy is a working Tally database: doctor passes, exporting it gives
  // the same file, and the tag sequence goes on where the original's was.
  EXPECT_EQ(tally_on(copy, {"doctor"}).exit_code, 0);
  const std::string again = sb.dir().file("again.json");
  ASSERT_EQ(tally_on(copy, {"export", "--out", again}).exit_code, 0);
  EXPECT_EQ(read_file(again), read_file(file));
  const Strings po = {"po", "create", "--vendor", "Dell", "--team", "A-3", "--format", "json"};
  const Result next = tally_on(copy, po);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(parse_json(next)["number"], "PO-2026-0002");
  EXPECT_EQ(next.out, sb.tally(po).out);
}

TEST_F(TransferTest, ImportIntoAnInitializedDatabaseAndExportToStdout) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell reads and dumps the database path itself");
  const std::string file = export_estate();
  const std::string fresh = sb.dir().file("fresh.db");
  ASSERT_EQ(tally_on(fresh, {"init"}).exit_code, 0);
  const Result r = tally_on(fresh, {"import", "json", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(contains(r.err, "(new file)"));
  EXPECT_EQ(snapshot(fresh).tables, snapshot(sb.db()).tables);
  const Result out = sb.tally({"export", "--out", "-"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, read_file(file));
}

TEST_F(TransferTest, ImportRefusesANonEmptyDatabase) {
  const std::string file = export_estate();
  refused_import(sb.db(), file, "is not empty (asset 4 rows, ");
  const std::string other = sb.dir().file("other.db");
  ASSERT_EQ(tally_on(other, {"init"}).exit_code, 0);
  ASSERT_EQ(tally_on(other, {"location", "add", "X1", "--name", "X"}).exit_code, 0);
  refused_import(other, file, "is not empty (event 111 rows, location 1 rows)");
}

TEST_F(TransferTest, ImportRefusesMalformedFilesAndLeavesNothingBehind) {
  const std::string file = export_estate();
  const std::string text = read_file(file);
  const std::string target = sb.dir().file("target.db");
  const std::string truncated = sb.dir().file("truncated.json");
  write_file(truncated, text.substr(0, text.size() / 2));
  refused_import(target, truncated, "is not valid JSON at byte");
  refused_import(target, sb.dir().file("missing.json"), "cannot read '");

  const std::string array = sb.dir().file("array.json");
  write_file(array, "[1, 2]");
  refused_import(target, array, "its top level is not an object");

  refused_import(target, edited(file, [](json& d) { d["format"] = "netbox"; }), "not a Tally export");
  refused_import(target, edited(file, [](json& d) { d["schema_version"] = 1; }),
                 "an export of schema version 1 and this tally has schema version " + std::to_string(k_schema_version));
  refused_import(target, edited(file, [](json& d) { d["tables"]["gadget"] = json::array(); }),
                 "unknown table \"gadget\"");
  refused_import(target, edited(file, [](json& d) { d["tables"].erase("rack"); }),
                 "table rack is missing from the file");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][1]["colour"] = "red"; }),
                 "table asset row 2: unknown column \"colour\"");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][2].erase("serial"); }),
                 "table asset row 3: column \"serial\" is missing");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][0]["model_id"] = true; }),
                 "table asset row 1, column \"model_id\": boolean is not a value Tally stores");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][0]["cost_minor"] = "a lot"; }),
                 "table asset row 1: cannot store TEXT value in INTEGER column asset.cost_minor");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][3]["tag"] = d["tables"]["asset"][0]["tag"]; }),
                 "table asset row 4: UNIQUE constraint failed: asset.tag");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][0]["model_id"] = 999; }),
                 "the rows break checks of `tally doctor`; nothing was imported:\n  foreign_keys: asset");
  refused_import(target, edited(file, [](json& d) { d["tables"]["license"][0]["seats"] = 0; }),
                 "table license row 1: CHECK constraint failed: seats > 0");
  refused_import(target, edited(file, [](json& d) { d["tables"]["asset"][0]["location_id"] = nullptr; }),
                 "the rows break checks of `tally doctor`; nothing was imported:\n  deployed_location: asset ");
}

TEST_F(TransferTest, ExportRefusesAnExistingFileUnlessForced) {
  const std::string file = export_estate();
  write_file(file, "keep me");
  const Result r = sb.tally({"export", "--out", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "export: '" + file + "' already exists; choose a new name or add --force")) << r.err;
  EXPECT_EQ(read_file(file), "keep me");
  const Result forced = sb.tally({"export", "--out", file, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(json::parse(read_file(file))["format"], "tally-export");
  const Result nodir = sb.tally({"export", "--out", sb.dir().file("no/such/dir.json")});
  EXPECT_EQ(nodir.exit_code, 1);
  EXPECT_TRUE(contains(nodir.err, "/no/such' does not exist; create it first")) << nodir.err;
  EXPECT_EQ(fs::directory_iterator(sb.dir().path()) == fs::directory_iterator(), false);
  for (const auto& entry : fs::directory_iterator(sb.dir().path())) {
    EXPECT_FALSE(contains(entry.path().filename().string(), ".partial-")) << entry.path();
  }
}

TEST_F(TransferTest, BackupIsAConsistentCopyAndRefusesToOverwrite) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell reads and dumps the database path itself");
  const std::string copy = sb.dir().file("backup.db");
  const json record = ok_json({"backup", copy});
  EXPECT_EQ(record["file"], copy);
  EXPECT_EQ(record["check"], "ok");
  EXPECT_GT(record["pages"].get<int>(), 10);
  EXPECT_EQ(record["bytes"].get<std::int64_t>(), static_cast<std::int64_t>(fs::file_size(copy)));
  const Snapshot original = snapshot(sb.db());
  const Snapshot backup = snapshot(copy);
  EXPECT_EQ(backup.tables, original.tables);
  EXPECT_EQ(backup.schema, original.schema);
  EXPECT_EQ(backup.pragmas, original.pragmas);
  EXPECT_EQ(tally_on(copy, {"doctor"}).exit_code, 0);

  // Changed since: a second backup to the same file is refused, then forced.
  ok_json({"location", "add", "DC2", "--name", "Data center 2"});
  const std::string before = read_file(copy);
  EXPECT_TRUE(contains(refused({"backup", copy}), "backup: '" + copy + "' already exists"));
  EXPECT_EQ(read_file(copy), before);
  ok_json({"backup", copy, "--force"});
  EXPECT_EQ(lines_of(run_process("sqlite3", {copy, "SELECT code FROM location WHERE code = 'DC2'"}).out),
            Strings{"DC2"});
  EXPECT_TRUE(contains(refused({"backup", sb.dir().path().string()}), "is a directory; give a file name"));
}

// NetBox device-type files: written into a directory tree like the library's.
class ModelImportTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    fs::create_directories(library() + "/Dell");
    fs::create_directories(library() + "/Juniper");
    write("Dell/PowerEdge-R640.yaml",
          "---\nmanufacturer: Dell\nmodel: PowerEdge R640\nslug: dell-poweredge-r640\npart_number: 210-AKWU\n"
          "u_height: 1\nis_full_depth: true\nairflow: front-to-rear\nweight: 21.9\nweight_unit: kg\n"
          "interfaces:\n  - name: iDRAC\n    type: 1000base-t\n    mgmt_only: true\n");
    write("Dell/PowerEdge-R740xd.yml",
          "manufacturer: Dell\nmodel: PowerEdge R740xd\nu_height: 2.0\nis_full_depth: true\n");
    write("Juniper/EX2300-C-12P.yaml",
          "manufacturer: Juniper\nmodel: EX2300-C-12P\npart_number: 12345\nu_height: 0.5\nis_full_depth: false\n"
          "comments: '[Datasheet](https://example.com)'\n");
    write("README.md", "not a device type");
  }

  // Runs `import models args... --format json`, which must succeed; its
  // summary line (stderr) goes to `note`.
  json models(Strings args, std::string* note = nullptr) const {
    args.insert(args.begin(), {"import", "models"});
    args.insert(args.end(), {"--format", "json"});
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (note != nullptr) {
      *note = r.err;
    }
    return parse_json(r);
  }

  std::string library() const { return sb.dir().file("device-types"); }
  void write(const std::string& name, const std::string& text) const { write_file(library() + "/" + name, text); }
};

TEST_F(ModelImportTest, LoadsADirectoryOfDeviceTypesAndIsIdempotent) {
  std::string note;
  const json rows = models({library(), "--category", "server"}, &note);
  EXPECT_EQ(note, "3 models created, 0 updated, 0 unchanged; 2 manufacturers created\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0]["file"], library() + "/Dell/PowerEdge-R640.yaml");
  EXPECT_EQ(rows[0]["model"], "PowerEdge R640");
  EXPECT_EQ(rows[0]["part_number"], "210-AKWU");
  EXPECT_EQ(rows[0]["u_height"], "1");
  EXPECT_EQ(rows[0]["result"], "created");
  EXPECT_EQ(rows[1]["model"], "PowerEdge R740xd");
  EXPECT_EQ(rows[1]["u_height"], "2");
  EXPECT_EQ(rows[1]["part_number"], nullptr);
  EXPECT_EQ(rows[2]["manufacturer"], "Juniper");
  EXPECT_EQ(rows[2]["part_number"], "12345");
  EXPECT_EQ(rows[2]["u_height"], "0.5");
  EXPECT_EQ(rows[2]["full_depth"], false);
  EXPECT_EQ(
      sb.sqlite("SELECT v.name, v.is_manufacturer, m.name, m.category, m.u_height_halves, m.full_depth, "
                "coalesce(m.part_number, '-') FROM model m JOIN vendor v ON v.id = m.manufacturer_id ORDER BY m.id")
          .out,
      "Dell|1|PowerEdge R640|server|2|1|210-AKWU\n"
      "Dell|1|PowerEdge R740xd|server|4|1|-\n"
      "Juniper|1|EX2300-C-12P|server|1|0|12345\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM event WHERE entity IN ('model', 'vendor') AND action = 'create'").out,
            "5\n");

  const std::string before = sb.dump();
  const json again = models({library()}, &note);
  EXPECT_EQ(note, "0 models created, 0 updated, 3 unchanged; 0 manufacturers created\n");
  ASSERT_EQ(again.size(), 3U);
  for (const auto& row : again) {
    EXPECT_EQ(row["result"], "unchanged");
  }
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(ModelImportTest, ChangedDeviceTypeNeedsUpdateAndDryRunWritesNothing) {
  models({library()});
  write("Dell/PowerEdge-R740xd.yml", "manufacturer: dell\nmodel: PowerEdge R740XD\nu_height: 2\npart_number: X1\n");
  const std::string file = library() + "/Dell/PowerEdge-R740xd.yml";
  const std::string err = refused({"import", "models", file});
  EXPECT_TRUE(contains(err, "import models: 1 problem; nothing was imported:\n  " + file +
                                ": Dell PowerEdge R740XD exists with {\"part_number\":null,\"u_height\":\"2\","
                                "\"full_depth\":true}; the file says {\"part_number\":\"X1\",\"u_height\":\"2\","
                                "\"full_depth\":true}; add --update to change it"))
      << err;
  const std::string before = sb.dump();
  const Result dry = sb.tally({"import", "models", file, "--update", "--dry-run", "--format", "json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(parse_json(dry)[0]["result"], "updated");
  EXPECT_TRUE(contains(dry.err, "dry run, nothing was written: 0 models created, 1 updated")) << dry.err;
  EXPECT_EQ(sb.dump(), before);
  EXPECT_EQ(models({file, "--update"})[0]["result"], "updated");
  EXPECT_EQ(sb.sqlite("SELECT part_number FROM model WHERE name = 'PowerEdge R740xd'").out, "X1\n");
  EXPECT_EQ(sb.sqlite("SELECT action, before, after FROM event WHERE entity = 'model' ORDER BY id DESC LIMIT 1").out,
            "update|{\"part_number\":null,\"u_height\":\"2\",\"full_depth\":true}|"
            "{\"part_number\":\"X1\",\"u_height\":\"2\",\"full_depth\":true}\n");
}

TEST_F(ModelImportTest, EveryProblemOfEveryFileIsListedAndNothingIsWritten) {
  write("Dell/broken.yaml", "manufacturer: Dell\nmodel: [unclosed\n");
  write("Dell/no-model.yaml", "manufacturer: Dell\nu_height: 1\n");
  write("Dell/third-u.yaml", "manufacturer: Dell\nmodel: Odd\nu_height: 0.3\nis_full_depth: maybe\n");
  write("Juniper/copy.yaml", "manufacturer: juniper\nmodel: ex2300-c-12p\n");
  write("Juniper/list.yaml", "- manufacturer: Juniper\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "models", library(), sb.dir().file("nowhere.yaml")});
  const std::string d = library() + "/Dell/";
  const std::string j = library() + "/Juniper/";
  EXPECT_TRUE(contains(err, "import models: 7 problems; nothing was imported:\n")) << err;
  EXPECT_TRUE(contains(err, "\n  " + d + "broken.yaml: line 3, column 1: not valid YAML: ")) << err;
  EXPECT_TRUE(contains(err, "\n  " + d + "no-model.yaml: field \"model\": missing")) << err;
  EXPECT_TRUE(contains(err, "\n  " + d + "third-u.yaml: field \"u_height\": '0.3' must be a number of rack units"))
      << err;
  EXPECT_TRUE(contains(err, "\n  " + d + "third-u.yaml: field \"is_full_depth\": must be true or false")) << err;
  EXPECT_TRUE(contains(err, "\n  " + j + "copy.yaml: juniper ex2300-c-12p is also in " + j + "EX2300-C-12P.yaml"))
      << err;
  EXPECT_TRUE(contains(err, "\n  " + j + "list.yaml: not a NetBox device type")) << err;
  EXPECT_TRUE(contains(err, "\n  " + sb.dir().file("nowhere.yaml") + ": no such file or directory")) << err;
  EXPECT_EQ(sb.dump(), before);
  EXPECT_TRUE(contains(refused({"import", "models", library(), "--category", "toaster"}, 2),
                       "--category: toaster not in {server,switch,"));
}

TEST_F(ModelImportTest, HeightOfARackedModelCannotChange) {
  models({library() + "/Dell", "--category", "server"});
  ok_json({"vendor", "add", "Acme"});
  ok_json({"budget", "set", "A-3", "2026", "100.00"});
  ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
  ok_json({"rack", "add", "R01", "--location", "DC1", "--height", "10"});
  ok_json({"po", "create", "--vendor", "Acme", "--team", "A-3"});
  ok_json({"po", "add-line", k_po, "--model", "Dell PowerEdge R640", "--qty", "1", "--unit-cost", "1.00"});
  for (const char* step : {"submit", "approve", "order"}) {
    ok_json({"po", step, k_po, "--actor", std::string(step) == "approve" ? "approver" : "tester"});
  }
  const std::string tag = ok_json({"receive", k_po, "--line", "1", "--location", "DC1", "--serial", "S1"})[0]["tag"];
  ok_json({"rack", "install", tag, "--rack", "R01", "--u", "1"});
  write("Dell/PowerEdge-R640.yaml", "manufacturer: Dell\nmodel: PowerEdge R640\nu_height: 2\npart_number: 210-AKWU\n");
  const std::string err = refused({"import", "models", library() + "/Dell", "--update"});
  EXPECT_TRUE(contains(err, "Dell PowerEdge R640 has 1 units installed in racks; its height and depth cannot change"))
      << err;
}

// Issue 17: a multi-document file imports every document; a file under
// module-types/ is refused; a duplicate blocks all unless --skip-duplicates,
// which lists it; a symbolic link to a directory is followed, once.
TEST_F(ModelImportTest, MultiDocumentFileImportsEveryDocument) {
  write("Dell/two.yaml",
        "---\nmanufacturer: Dell\nmodel: PowerEdge R650\nu_height: 1\n---\nmanufacturer: Dell\n"
        "model: PowerEdge R750\nu_height: 2\nis_full_depth: false\n---\n");
  const std::string file = library() + "/Dell/two.yaml";
  const json rows = models({file});
  ASSERT_EQ(rows.size(), 2U) << rows;
  EXPECT_EQ(rows[0]["file"], file + ", document 1");
  EXPECT_EQ(rows[0]["model"], "PowerEdge R650");
  EXPECT_EQ(rows[0]["u_height"], "1");
  EXPECT_EQ(rows[0]["full_depth"], true);
  EXPECT_EQ(rows[1]["file"], file + ", document 2");
  EXPECT_EQ(rows[1]["model"], "PowerEdge R750");
  EXPECT_EQ(rows[1]["u_height"], "2");
  EXPECT_EQ(rows[1]["full_depth"], false);
  EXPECT_EQ(sb.sqlite("SELECT name, u_height_halves, full_depth FROM model ORDER BY name").out,
            "PowerEdge R650|2|1\nPowerEdge R750|4|0\n");
  // A bad second document refuses the whole file, naming the document.
  write("Dell/bad-second.yaml", "manufacturer: Dell\nmodel: R6\n---\nmanufacturer: Dell\nu_height: 1\n");
  const std::string bad = library() + "/Dell/bad-second.yaml";
  EXPECT_EQ(refused({"import", "models", bad}),
            "tally: error: import models: 1 problem; nothing was imported:\n  " + bad +
                ", document 2: field \"model\": missing; every device type names its model\n");
}

TEST_F(ModelImportTest, ModuleTypesAreRefused) {
  const std::string modules = sb.dir().file("module-types") + "/Juniper";
  fs::create_directories(modules);
  write_file(modules + "/MIC-3D-20GE-SFP.yaml", "manufacturer: Juniper\nmodel: MIC-3D-20GE-SFP\npart_number: X\n");
  const std::string before = sb.dump();
  EXPECT_EQ(refused({"import", "models", sb.dir().file("module-types")}),
            "tally: error: import models: 1 problem; nothing was imported:\n  " + modules +
                "/MIC-3D-20GE-SFP.yaml: a NetBox module type (it is under module-types/), not a device type; Tally "
                "imports device types only (name the device-types directory)\n");
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(ModelImportTest, SkipDuplicatesImportsTheRestAndListsThem) {
  write("Juniper/MX304.yaml", "manufacturer: Juniper\nmodel: MX304\nu_height: 2\n");
  write("Juniper/MX304-BASE.yaml", "manufacturer: Juniper\nmodel: MX304\nu_height: 2\n");
  const std::string j = library() + "/Juniper/";
  const std::string before = sb.dump();
  EXPECT_EQ(refused({"import", "models", library()}),
            "tally: error: import models: 1 problem; nothing was imported:\n  " + j + "MX304.yaml: Juniper MX304 is "
            "also in " + j + "MX304-BASE.yaml\n");
  EXPECT_EQ(sb.dump(), before);
  std::string note;
  const json rows = models({library(), "--skip-duplicates"}, &note);
  EXPECT_EQ(rows.size(), 4U);
  EXPECT_EQ(note, "skipped a duplicate: " + j + "MX304.yaml: Juniper MX304 is also in " + j +
                      "MX304-BASE.yaml\n4 models created, 0 updated, 0 unchanged; 2 manufacturers created\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM model WHERE name = 'MX304'").out, "1\n");
}

TEST_F(ModelImportTest, SymlinkedDirectoryIsFollowedOnce) {
  const std::string outside = sb.dir().file("elsewhere") + "/Arista";
  fs::create_directories(outside);
  write_file(outside + "/DCS-7050SX3-48YC8.yaml", "manufacturer: Arista\nmodel: DCS-7050SX3-48YC8\nu_height: 1\n");
  fs::create_directory_symlink(outside, library() + "/Arista");
  // A link back up the tree (a loop) ends there.
  fs::create_directory_symlink(library(), library() + "/Dell/loop");
  const json rows = models({library()});
  ASSERT_EQ(rows.size(), 4U) << rows;
  EXPECT_EQ(rows[0]["file"], library() + "/Arista/DCS-7050SX3-48YC8.yaml");
  EXPECT_EQ(sb.sqlite("SELECT u_height_halves, full_depth FROM model WHERE name = 'DCS-7050SX3-48YC8'").out, "2|1\n");
}

}  // namespace
}  // namespace tally::e2e
