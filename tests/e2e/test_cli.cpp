// End-to-end tests of the command line itself: version, help, usage errors
// (exit 2), global options, and how the database path is chosen.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

TEST(Cli, VersionPrintsTheVersionAndSchemaVersion) {
  const Result r = run_process(tally_path(), {"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(starts_with(r.out, "tally 0.1.0")) << r.out;
  EXPECT_EQ(r.out, "tally 0.1.0 (schema version " + std::to_string(k_schema_version) + ")\n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, TopLevelHelpListsCommandsAndExitCodes) {
  const Result r = run_process(tally_path(), {"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("Usage: tally [OPTIONS] SUBCOMMAND"), std::string::npos) << r.out;
  for (const char* command : {"init", "team", "person", "location", "log"}) {
    EXPECT_NE(r.out.find(std::string("\n  ") + command + " "), std::string::npos) << "missing " << command;
  }
  for (const char* option : {"--db PATH", "--actor NAME", "--format table|csv|json", "--version"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << "missing " << option;
  }
  EXPECT_NE(r.out.find("Exit codes: 0 ok, 1 refused"), std::string::npos) << r.out;
}

TEST(Cli, NounHelpListsItsVerbs) {
  const Result r = run_process(tally_path(), {"team", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("Usage: tally team [OPTIONS] SUBCOMMAND"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  list "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  show "), std::string::npos) << r.out;
}

TEST(Cli, VerbHelpHasOptionsAndAnExample) {
  const Result r = run_process(tally_path(), {"person", "add", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("Usage: tally person add [OPTIONS] username"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--name TEXT REQUIRED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--team TEXT REQUIRED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Example:\n  tally person add ana.lopez"), std::string::npos) << r.out;
}

TEST(Cli, EveryVerbHelpHasAnExample) {
  const std::vector<std::vector<std::string>> verbs = {{"init"},
                                                       {"team", "list"},
                                                       {"team", "show"},
                                                       {"person", "add"},
                                                       {"person", "list"},
                                                       {"location", "add"},
                                                       {"location", "set"},
                                                       {"location", "list"},
                                                       {"log"}};
  for (auto args : verbs) {
    std::string name;
    for (const auto& a : args) {
      name += (name.empty() ? "" : " ") + a;
    }
    args.push_back("--help");
    const Result r = run_process(tally_path(), args);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_NE(r.out.find("Usage: tally " + name), std::string::npos) << name << ":\n" << r.out;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << name << ":\n" << r.out;
    EXPECT_NE(r.out.find("\n  tally "), std::string::npos) << name << ":\n" << r.out;
  }
}

TEST(Cli, HelpNeedsNoDatabase) {
  Sandbox sb;
  const Result r = sb.tally({"team", "list", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(sb.db()));
}

TEST(Cli, UnknownTopLevelCommandIsAUsageError) {
  Sandbox sb;
  const Result r = sb.tally({"bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(starts_with(r.err, "tally: error: unknown command 'bogus'\n")) << r.err;
  EXPECT_NE(r.err.find("Usage: tally [OPTIONS] SUBCOMMAND"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(sb.db()));
}

TEST(Cli, UnknownVerbIsAUsageErrorWithTheNounsUsage) {
  Sandbox sb;
  const Result r = sb.tally({"team", "bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(starts_with(r.err, "tally: error: unknown command 'bogus'\n")) << r.err;
  EXPECT_NE(r.err.find("Usage: tally team [OPTIONS] SUBCOMMAND"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(sb.db()));
}

TEST(Cli, MissingCommandIsAUsageError) {
  Sandbox sb;
  const Result none = sb.tally({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("A subcommand is required"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("Usage: tally [OPTIONS] SUBCOMMAND"), std::string::npos) << none.err;

  const Result noun_only = sb.tally({"person"});
  EXPECT_EQ(noun_only.exit_code, 2);
  EXPECT_NE(noun_only.err.find("A subcommand is required"), std::string::npos) << noun_only.err;
  EXPECT_NE(noun_only.err.find("Usage: tally person [OPTIONS] SUBCOMMAND"), std::string::npos) << noun_only.err;
}

TEST(Cli, UnknownFlagIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const Result r = sb.tally({"team", "list", "--bad"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--bad"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Usage: tally team list [OPTIONS]"), std::string::npos) << r.err;
}

TEST(Cli, MissingRequiredOptionIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const std::string before = sb.dump();
  const Result r = sb.tally({"person", "add", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--name is required"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Usage: tally person add [OPTIONS] username"), std::string::npos) << r.err;
  EXPECT_EQ(sb.dump(), before);
}

TEST(Cli, MissingPositionalIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const Result r = sb.tally({"team", "show"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("team is required"), std::string::npos) << r.err;
}

TEST(Cli, BadFormatValueIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  for (const auto& args : std::vector<std::vector<std::string>>{{"--format", "xml", "team", "list"},
                                                                {"team", "list", "--format", "xml"}}) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("--format: xml not in {table,csv,json}"), std::string::npos) << r.err;
  }
}

TEST(Cli, BadOptionValueIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const Result limit = sb.tally({"log", "--limit", "many"});
  EXPECT_EQ(limit.exit_code, 2);
  EXPECT_NE(limit.err.find("--limit = many"), std::string::npos) << limit.err;

  const Result kind = sb.tally({"location", "add", "X", "--name", "x", "--kind", "moon"});
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_NE(kind.err.find("moon"), std::string::npos) << kind.err;
}

TEST(Cli, GlobalOptionsAreAcceptedAfterTheCommandWords) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const Result before = sb.tally({"--format", "json", "team", "list"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  const Result after = sb.tally({"team", "list", "--format", "json"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const json teams = parse_json(after);
  ASSERT_TRUE(teams.is_array());
  EXPECT_EQ(teams.size(), 82u);
  EXPECT_EQ(after.out, before.out);

  // --db, too, may follow the command words.
  const Result db_last = run_process(tally_path(), {"team", "list", "--format", "csv", "--db", sb.db()});
  ASSERT_EQ(db_last.exit_code, 0) << db_last.err;
  EXPECT_TRUE(starts_with(db_last.out, "code,name,kind,parent\n1A,")) << db_last.out;
}

TEST(Cli, TallyDbEnvironmentVariableIsUsedWithoutDb) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const Result r = run_process(tally_path(), {"team", "list", "--format", "json"}, "", {{"TALLY_DB", sb.db()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json teams = parse_json(r);
  ASSERT_TRUE(teams.is_array());
  EXPECT_EQ(teams.size(), 82u);

  // A TALLY_DB that points nowhere is reported by its path (not ./tally.db).
  const std::string missing = sb.dir().file("elsewhere.db");
  const Result gone = run_process(tally_path(), {"team", "list"}, "", {{"TALLY_DB", missing}});
  EXPECT_EQ(gone.exit_code, 3);
  EXPECT_NE(gone.err.find("no database at '" + missing + "'"), std::string::npos) << gone.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(Cli, DbOptionWinsOverTallyDb) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const std::string missing = sb.dir().file("other.db");
  const Result r = run_process(tally_path(), {"--db", missing, "team", "list"}, "", {{"TALLY_DB", sb.db()}});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no database at '" + missing + "'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(missing));

  // And the other way round: a good --db with a bad TALLY_DB works.
  const Result ok = run_process(tally_path(), {"--db", sb.db(), "team", "show", "1A"}, "", {{"TALLY_DB", missing}});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(starts_with(ok.out, "code:")) << ok.out;
}

TEST(Cli, BadTallyNowIsAUsageError) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const std::string before = sb.dump();
  const Result r =
      sb.tally({"person", "add", "zed", "--name", "Zed", "--team", "1A"}, "", {{"TALLY_NOW", "yesterday"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("TALLY_NOW='yesterday'"), std::string::npos) << r.err;
  EXPECT_EQ(sb.dump(), before);
}

// Issue 21: cairo, zxing-cpp, libjpeg and yaml-cpp are in modules that only
// the commands needing them load; the binary does not link them.
TEST(Cli, TheBinaryLinksNoneOfTheModulesLibraries) {
  const Result r = run_process("readelf", {"-d", tally_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> needed;
  for (const auto& line : lines_of(r.out)) {
    if (contains(line, "(NEEDED)")) {
      needed.push_back(line.substr(line.find('[') + 1, line.find(']') - line.find('[') - 1));
    }
  }
  EXPECT_NE(std::find(needed.begin(), needed.end(), "libsqlite3.so.0"), needed.end());
  for (const auto& lib : needed) {
    for (const char* module_only : {"libcairo", "libZXing", "libjpeg", "libyaml-cpp", "libpng", "libfontconfig"}) {
      EXPECT_FALSE(starts_with(lib, module_only)) << lib;
    }
  }
}

TEST(Cli, AMissingModuleIsAStorageErrorNamingItsPathAndOtherCommandsRun) {
  // A copy of the binary with no modules beside it nor in ../lib/tally/modules/.
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "bin");
  const std::string copy = (dir.path() / "bin" / "tally").string();
  std::filesystem::copy_file(tally_path(), copy);
  const std::string db = dir.file("t.db");
  ASSERT_EQ(run_process(copy, {"--db", db, "init"}).exit_code, 0);
  const Result team = run_process(copy, {"--db", db, "team", "show", "IT-5", "--format", "csv"});
  EXPECT_EQ(team.exit_code, 0) << team.err;
  const std::string modules = (dir.path() / "lib" / "tally" / "modules").string();

  const Result scan = run_process(copy, {"--db", db, "scan", "decode", dir.file("none.png")});
  EXPECT_EQ(scan.exit_code, 3);
  EXPECT_EQ(scan.out, "");
  EXPECT_EQ(scan.err, "tally: error: labels and barcode photos need the module " + modules +
                          "/tally_labels.so, which is missing; reinstall tally\n");

  std::filesystem::create_directories(dir.path() / "types");
  {
    std::ofstream yaml(dir.path() / "types" / "box.yaml");
    yaml << "manufacturer: Acme\nmodel: Box 1\n";
  }
  const Result models = run_process(copy, {"--db", db, "import", "models", dir.file("types")});
  EXPECT_EQ(models.exit_code, 3);
  EXPECT_EQ(models.out, "");
  EXPECT_EQ(models.err, "tally: error: NetBox YAML imports need the module " + modules +
                            "/tally_yaml.so, which is missing; reinstall tally\n");

  // A file in the module's place that is not a module.
  std::filesystem::create_directories(modules);
  {
    std::ofstream fake(modules + "/tally_labels.so");
    fake << "not an ELF file\n";
  }
  const Result broken = run_process(copy, {"--db", db, "scan", "decode", dir.file("none.png")});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_TRUE(starts_with(broken.err, "tally: error: cannot load the module " + modules +
                                          "/tally_labels.so (labels and barcode photos need it): "))
      << broken.err;
}

}  // namespace
}  // namespace tally::e2e
