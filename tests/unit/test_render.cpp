#include "render.hpp"

#include "error.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace tally {
namespace {

Table sample() {
  Table t;
  t.columns = {{"code", "code"}, {"name", "name"}, {"count", "count", Align::right}};
  t.rows = {{{"code", "1A"}, {"name", "Facilities"}, {"count", 12}},
            {{"code", "A-1"}, {"name", "Buying, \"Vendors\""}, {"count", 3}},
            {{"code", "A-2"}, {"name", nullptr}, {"count", 100}}};
  return t;
}

TEST(RenderTable, AlignsColumnsWithoutTrailingSpaces) {
  EXPECT_EQ(render(sample(), Format::table),
            "CODE  NAME               COUNT\n"
            "1A    Facilities            12\n"
            "A-1   Buying, \"Vendors\"      3\n"
            "A-2                        100\n");
}

TEST(RenderTable, DrawsTreesInTheFirstColumn) {
  Table t;
  t.columns = {{"code", "code"}};
  for (const char* c : {"1A", "A-1", "U-1", "U-2", "A-2", "1B", "B-1"}) {
    t.rows.push_back({{"code", c}});
  }
  t.depth = {0, 1, 2, 2, 1, 0, 1};
  EXPECT_EQ(render(t, Format::table),
            "CODE\n"
            "1A\n"
            "├─ A-1\n"
            "│  ├─ U-1\n"
            "│  └─ U-2\n"
            "└─ A-2\n"
            "1B\n"
            "└─ B-1\n");
}

TEST(RenderTable, FitsTheWidthByCuttingTheWidestColumn) {
  Table t;
  t.columns = {{"code", "code"}, {"name", "name"}};
  t.rows = {{{"code", "A-1"}, {"name", "Buying & Vendor Management"}}};
  // 3 + 2 + 26 = 31 columns; fit into 20.
  EXPECT_EQ(render(t, Format::table, {20}),
            "CODE  NAME\n"
            "A-1   Buying & Vend\u2026\n");
  EXPECT_EQ(display_width("A-1   Buying & Vend\u2026"), 20u);
}

TEST(RenderTable, NeverCutsKeyColumnsAndLeavesOutOthersInTheirOrder) {
  Table t;
  t.columns = fitted({{"tag", "tag"}, {"serial", "serial"}, {"model", "model"}, {"notes", "notes"}, {"site", "site"}},
                     {"serial"}, {"notes", "site"});
  t.rows = {{{"tag", "AT-00000019"},
             {"serial", "CN7XK2Q1S0042A"},
             {"model", "Dell PowerEdge R640"},
             {"notes", "spare, top shelf"},
             {"site", "WH1"}}};
  // 11 + 14 + 19 + 16 + 4 and four gaps of 2: 72.
  EXPECT_EQ(render(t, Format::table, {72}),
            "TAG          SERIAL          MODEL                NOTES             SITE\n"
            "AT-00000019  CN7XK2Q1S0042A  Dell PowerEdge R640  spare, top shelf  WH1\n");
  // At 50 the ranked columns go whole, notes first, then the site.
  EXPECT_EQ(render(t, Format::table, {50}),
            "TAG          SERIAL          MODEL\n"
            "AT-00000019  CN7XK2Q1S0042A  Dell PowerEdge R640\n");
  // At 40 the model is shortened to what is left, 11.
  EXPECT_EQ(render(t, Format::table, {40}),
            "TAG          SERIAL          MODEL\n"
            "AT-00000019  CN7XK2Q1S0042A  Dell Power\u2026\n");
  // At 20 only the keys are left, whole, wider than asked.
  EXPECT_EQ(render(t, Format::table, {20}),
            "TAG          SERIAL\n"
            "AT-00000019  CN7XK2Q1S0042A\n");
  // No width: nothing is cut.
  EXPECT_NE(render(t, Format::table).find("Dell PowerEdge R640  spare, top shelf  WH1"), std::string::npos);
}

TEST(RenderTable, SelectsColumnsInTheirGivenOrder) {
  Table t = sample();
  t.columns[1].in_csv = false;
  const Table chosen = select_columns(t, {"count", "name"});
  EXPECT_EQ(render(chosen, Format::csv), "count,name\n12,Facilities\n3,\"Buying, \"\"Vendors\"\"\"\n100,\n");
  EXPECT_EQ(Json::parse(render(chosen, Format::json)).dump(),
            R"([{"count":12,"name":"Facilities"},{"count":3,"name":"Buying, \"Vendors\""},{"count":100,"name":null}])");
  EXPECT_EQ(render(select_columns(t, {}), Format::csv), render(t, Format::csv));
  try {
    select_columns(t, {"code", "colour"});
    FAIL() << "an unknown column was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(std::string(e.what()), "columns: no column 'colour' here; the columns are code, name, count");
  }
}

TEST(RenderTable, KeepsEveryCellOnOneLine) {
  Table t;
  t.columns = {{"note", "note"}};
  t.rows = {{{"note", "two\nlines"}}};
  EXPECT_EQ(render(t, Format::table), "NOTE\ntwo lines\n");
}

TEST(RenderCsv, QuotesPerRfc4180AndUsesKeysAsHeader) {
  EXPECT_EQ(render(sample(), Format::csv),
            "code,name,count\n"
            "1A,Facilities,12\n"
            "A-1,\"Buying, \"\"Vendors\"\"\",3\n"
            "A-2,,100\n");
  Table empty;
  empty.columns = {{"a", "A"}, {"b", "B"}};
  EXPECT_EQ(render(empty, Format::csv), "a,b\n");
}

TEST(RenderJson, KeepsKeysAndTypes) {
  EXPECT_EQ(Json::parse(render(sample(), Format::json)).dump(),
            R"([{"code":"1A","name":"Facilities","count":12},)"
            R"({"code":"A-1","name":"Buying, \"Vendors\"","count":3},)"
            R"({"code":"A-2","name":null,"count":100}])");
  Table empty;
  empty.columns = {{"a", "A"}};
  EXPECT_EQ(render(empty, Format::json), "[]\n");
}

TEST(Render, ColumnsCanBeLeftOutOfSomeFormats) {
  Table t;
  t.columns = {{"id", "id", Align::right},
               {"summary", "summary", Align::left, true, false, false},
               {"after", "after", Align::left, false}};
  t.rows = {{{"id", 1}, {"summary", "name=x"}, {"after", {{"name", "x"}}}}};
  EXPECT_EQ(render(t, Format::table), "ID  SUMMARY\n 1  name=x\n");
  EXPECT_EQ(render(t, Format::csv), "id,after\n1,\"{\"\"name\"\":\"\"x\"\"}\"\n");
  EXPECT_EQ(Json::parse(render(t, Format::json)).dump(), R"([{"id":1,"after":{"name":"x"}}])");
}

// What a TableWriter prints, adding `table`'s rows one at a time.
std::string written(const Table& table, const std::vector<std::string>& keys, Format format,
                    const RenderOptions& options = {}) {
  std::ostringstream out;
  TableWriter writer(out, table.columns, keys, format, options);
  for (const auto& row : table.rows) {
    writer.add(row);
  }
  writer.finish();
  return out.str();
}

TEST(TableWriter, PrintsTheBytesOfTheWholeTableInEveryFormat) {
  Table t = sample();
  t.columns.push_back({"tags", "tags"});
  t.columns.push_back({"before", "before", Align::left, false});
  t.columns.push_back({"note", "note", Align::left, true, false, false});
  t.rows[0]["tags"] = {"rack", "=cmd"};
  t.rows[0]["before"] = {{"name", "old"}, {"list", {1, 2}}};
  t.rows[1]["note"] = "line\none";
  t.rows[2]["name"] = "@SUM(A1)";
  for (const Format format : {Format::table, Format::csv, Format::json}) {
    for (const RenderOptions& options : {RenderOptions{}, RenderOptions{0, true}}) {
      EXPECT_EQ(written(t, {}, format, options), render(t, format, options));
      EXPECT_EQ(written(t, {"count", "before", "code"}, format, options),
                render(select_columns(t, {"count", "before", "code"}), format, options));
      Table none = t;
      none.rows.clear();
      EXPECT_EQ(written(none, {}, format, options), render(none, format, options));
    }
  }
  // The JSON is the indented array, row by row.
  Table two;
  two.columns = {{"a", "a"}};
  two.rows = {{{"a", 1}}, {{"a", {{"b", nullptr}}}}};
  EXPECT_EQ(written(two, {}, Format::json),
            "[\n  {\n    \"a\": 1\n  },\n  {\n    \"a\": {\n      \"b\": null\n    }\n  }\n]\n");
}

TEST(TableWriter, RefusesAnUnknownColumnBeforeWritingAnything) {
  std::ostringstream out;
  try {
    TableWriter writer(out, sample().columns, {"code", "bogus"}, Format::csv);
    FAIL() << "an unknown column was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "columns: no column 'bogus' here; the columns are code, name, count");
  }
  EXPECT_EQ(out.str(), "");
  // Nothing is written before the first row: a command that fails first prints nothing.
  TableWriter writer(out, sample().columns, {}, Format::csv);
  EXPECT_EQ(out.str(), "");
  writer.add(sample().rows[0]);
  EXPECT_EQ(out.str(), "code,name,count\n1A,Facilities,12\n");
}

TEST(RenderRecord, FieldsThenSections) {
  Record r;
  r.fields = {{"code", "IT-5"}, {"aliases", {"a", "b"}}, {"active", true}, {"parent", nullptr}};
  Table kids;
  kids.columns = {{"code", "code"}};
  kids.rows = {{{"code", "U-AP1"}}};
  r.sections.push_back({"children", "Children", kids});
  r.sections.push_back({"ancestors", "Parent chain", Table{{{"code", "code"}}, {}, {}}});
  EXPECT_EQ(render(r, Format::table),
            "code:     IT-5\n"
            "aliases:  a, b\n"
            "active:   yes\n"
            "parent:\n"
            "\n"
            "Children\n"
            "CODE\n"
            "U-AP1\n"
            "\n"
            "Parent chain: none\n");
  EXPECT_EQ(render(r, Format::csv), "code,aliases,active,parent\nIT-5,a;b,true,\n");
  EXPECT_EQ(Json::parse(render(r, Format::json)).dump(),
            R"({"code":"IT-5","aliases":["a","b"],"active":true,"parent":null,)"
            R"("children":[{"code":"U-AP1"}],"ancestors":[]})");
}

TEST(Render, ParseFormat) {
  EXPECT_EQ(parse_format("csv"), Format::csv);
  EXPECT_EQ(parse_format("json"), Format::json);
  EXPECT_EQ(parse_format("table"), Format::table);
  EXPECT_FALSE(parse_format("xml"));
}

}  // namespace
}  // namespace tally
