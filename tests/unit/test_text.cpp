// The text boundary: the one UTF-8 check, control characters in
// identifiers and free text, terminal-safe rendering, the CSV formula guard,
// strict bounded numbers and `tally sql`'s blob text.
#include "csv.hpp"
#include "error.hpp"
#include "render.hpp"
#include "sql.hpp"
#include "text.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace tally {
namespace {

TEST(Utf8, FindsTheFirstBadByte) {
  EXPECT_EQ(invalid_utf8_offset("Ana L\xC3\xB3pez"), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("\xF0\x9F\x93\xA6 box"), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("K\xFF"), std::optional<std::size_t>(1));
  EXPECT_EQ(invalid_utf8_offset("ab\xC3"), std::optional<std::size_t>(2));            // cut short
  EXPECT_EQ(invalid_utf8_offset("\xC0\xAF"), std::optional<std::size_t>(0));          // overlong '/'
  EXPECT_EQ(invalid_utf8_offset("\xE0\x80\xAF"), std::optional<std::size_t>(0));      // overlong, 3 bytes
  EXPECT_EQ(invalid_utf8_offset("x\xED\xA0\x80"), std::optional<std::size_t>(1));     // a surrogate
  EXPECT_EQ(invalid_utf8_offset("\xF4\x90\x80\x80"), std::optional<std::size_t>(0));  // above U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("\xF4\x8F\xBF\xBF"), std::nullopt);                   // U+10FFFF
}

TEST(TextProblem, NamesWhatAndWhere) {
  EXPECT_EQ(text_problem("Ana\tLopez\nline 2", TextKind::free_text), std::nullopt);
  EXPECT_EQ(text_problem("K\xFF", TextKind::free_text), std::optional<std::string>("is not valid UTF-8 (byte 1)"));
  EXPECT_EQ(
      text_problem(std::string("a\0b", 3), TextKind::free_text),
      std::optional<std::string>("holds the control character \\x00 (byte 1); only TAB and line breaks are allowed"));
  EXPECT_EQ(
      text_problem("x\x1B[2J", TextKind::free_text),
      std::optional<std::string>("holds the control character \\e (byte 1); only TAB and line breaks are allowed"));
  EXPECT_EQ(text_problem("SN\t1", TextKind::identifier),
            std::optional<std::string>("holds the control character \\x09 (byte 2)"));
  EXPECT_EQ(text_problem("ab\xC2\x9B"
                         "c",
                         TextKind::identifier),
            std::optional<std::string>("holds the control character \\x9b (byte 2)"));
  EXPECT_EQ(text_problem("x\x7F", TextKind::identifier),
            std::optional<std::string>("holds the control character \\x7f (byte 1)"));
  EXPECT_EQ(text_problem("(01)09506000134352\x1D"
                         "21SN1",
                         TextKind::scan),
            std::nullopt);
  EXPECT_NE(text_problem("01\x1D", TextKind::identifier), std::nullopt);
}

TEST(TextProblem, CheckTextThrowsARefusalNamingTheField) {
  try {
    check_text("--name", "K\xFF", TextKind::free_text);
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    EXPECT_STREQ(e.what(), "--name is not valid UTF-8 (byte 1); nothing was written");
  }
}

TEST(VisibleText, ShowsControlsAndBadBytes) {
  EXPECT_EQ(visible_text("plain \xC3\xB3"), "plain \xC3\xB3");
  EXPECT_EQ(visible_text("\x1B[2J\x1B]0;t\x07"), "\\e[2J\\e]0;t\\x07");
  EXPECT_EQ(visible_text("a\xC2\x9B"
                         "b\xFF"),
            "a\\x9bb\\xff");
  EXPECT_EQ(visible_lines("one\ntwo\tx\x1B"), "one\ntwo\tx\\e");
}

TEST(RenderEscaping, TableAndShowNeverPrintARawControl) {
  Table t;
  t.columns = {{"name", "name"}, {"serial", "serial"}};
  t.rows = {{{"name", "\x1B[2Jx"}, {"serial", "S\x1B]0;owned\x07"}}};
  EXPECT_EQ(render(t, Format::table),
            "NAME    SERIAL\n"
            "\\e[2Jx  S\\e]0;owned\\x07\n");
  Record r;
  r.fields = {{"name", "a\x1B[31mb"}};
  EXPECT_EQ(render(r, Format::table), "name:  a\\e[31mb\n");
  // Widths count the rendered text and cuts fall between whole characters.
  RenderOptions narrow;
  narrow.width = 8;
  EXPECT_EQ(render(r, Format::table, narrow), "name:  \xE2\x80\xA6\n");
  Table cut;
  cut.columns = {{"name", "name"}};
  cut.rows = {{{"name", "\xC3\xB3\xC3\xB3\xC3\xB3\xC3\xB3\xC3\xB3\x1B"}}};
  narrow.width = 4;
  // A table's first column is its key: never cut, even past the width, and still escaped.
  EXPECT_EQ(render(cut, Format::table, narrow), "NAME\n\xC3\xB3\xC3\xB3\xC3\xB3\xC3\xB3\xC3\xB3\\e\n");
  // JSON stays JSON-escaped.
  EXPECT_EQ(render(r, Format::json), "{\n  \"name\": \"a\\u001b[31mb\"\n}\n");
}

TEST(CsvGuard, NeutralisesFormulasButNotNumbers) {
  EXPECT_EQ(guard_csv_cell("=1+2"), "'=1+2");
  EXPECT_EQ(guard_csv_cell("+cmd"), "'+cmd");
  EXPECT_EQ(guard_csv_cell("-x"), "'-x");
  EXPECT_EQ(guard_csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(guard_csv_cell("\tx"), "'\tx");
  EXPECT_EQ(guard_csv_cell("\rx"), "'\rx");
  EXPECT_EQ(guard_csv_cell("-12"), "-12");
  EXPECT_EQ(guard_csv_cell("+3.50"), "+3.50");
  EXPECT_EQ(guard_csv_cell("-0.5"), "-0.5");
  EXPECT_EQ(guard_csv_cell("-"), "'-");
  EXPECT_EQ(guard_csv_cell("'=x"), "''=x");
  EXPECT_EQ(guard_csv_cell("'plain"), "'plain");
  EXPECT_EQ(guard_csv_cell("A-1"), "A-1");
  for (const char* cell : {"=1+2", "'=x", "''=x", "-12", "'plain", "", "'", "-", "@"}) {
    EXPECT_EQ(unguard_csv_cell(guard_csv_cell(cell)), cell) << cell;
  }
  Table t;
  t.columns = {{"a", "a"}, {"b", "b"}};
  t.rows = {{{"a", "=HYPERLINK(\"http://x\")"}, {"b", -12}}};
  EXPECT_EQ(render(t, Format::csv), "a,b\n\"'=HYPERLINK(\"\"http://x\"\")\",-12\n");
  RenderOptions raw;
  raw.csv_raw = true;
  EXPECT_EQ(render(t, Format::csv, raw), "a,b\n\"=HYPERLINK(\"\"http://x\"\")\",-12\n");
  // Tally's CSV reader undoes the guard.
  const auto rows = parse_csv("a,b\n'=x,''=y\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"=x", "'=y"}));
}

TEST(CsvReaderText, RefusesBadBytesNamingLineColumnAndOffset) {
  try {
    parse_csv("tag,serial\nAT-1,S\xFF\n");
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "line 2, field 2 (\"serial\") is not valid UTF-8 (byte 1)");
  }
  EXPECT_NO_THROW(parse_csv("a,b\r\n\"x\r\ny\",z\r\n"));
}

TEST(CsvReaderText, ALoneCrEndsALine) {
  // Old Mac line ends, as in Snipe-IT's assets-sample-BAD.csv.
  const auto rows = parse_csv("a,b\rx,y\r\"p\rq\",z\rlast,1");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 3);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"p\rq", "z"}));
  EXPECT_EQ(rows[3].line, 5);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"last", "1"}));
}

TEST(Bounded, ParsesStrictlyWithoutClamping) {
  EXPECT_EQ(parse_bounded("12", 1, k_max_quantity), std::optional<std::int64_t>(12));
  EXPECT_EQ(parse_bounded("+12", 1, k_max_quantity), std::optional<std::int64_t>(12));
  EXPECT_EQ(parse_bounded("1000000000", 1, k_max_quantity), std::optional<std::int64_t>(1000000000));
  EXPECT_EQ(parse_bounded("1000000001", 1, k_max_quantity), std::nullopt);
  EXPECT_EQ(parse_bounded("9223372036854775807", 0, k_max_quantity), std::nullopt);
  EXPECT_EQ(parse_bounded("9223372036854775808", 0, k_max_quantity), std::nullopt);
  EXPECT_EQ(parse_bounded("0", 1, k_max_quantity), std::nullopt);
  EXPECT_EQ(parse_bounded("0", 0, k_max_quantity), std::optional<std::int64_t>(0));
  EXPECT_EQ(parse_bounded("-1", 0, k_max_quantity), std::nullopt);
  for (const char* bad : {"", " 1", "1 ", "1.0", "1e3", "0x10", "+", "-", "+-1", "١"}) {
    EXPECT_EQ(parse_bounded(bad, 0, k_max_quantity), std::nullopt) << bad;
  }
  try {
    parse_quantity("--qty", "9223372036854775808", 1);
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--qty: '9223372036854775808' is not a whole number from 1 to 1000000000");
  }
}

TEST(BlobText, IsAnSqlLiteral) {
  const unsigned char bytes[] = {0x0A, 0x1B, 0xFF};
  EXPECT_EQ(blob_text(bytes, 3), "x'0A1BFF'");
  EXPECT_EQ(blob_text(bytes, 0), "x''");
  const std::string big(70, 'A');
  std::string hex;
  for (int i = 0; i < 64; ++i) {
    hex += "41";
  }
  EXPECT_EQ(blob_text(reinterpret_cast<const unsigned char*>(big.data()), big.size()),
            "x'" + hex + "\xE2\x80\xA6' (70 bytes)");
}

}  // namespace
}  // namespace tally
