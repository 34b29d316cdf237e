// End-to-end tests of what `tally import assets|licenses` reads in a cost
// and a file: decimal conventions and stated currencies (--decimal), and
// character encodings (--encoding, byte order marks, invalid UTF-8 refused
// with its row, column and byte, the database unchanged).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

const std::string k_head = "serial,manufacturer,model,location,cost\n";

class ImportParsers : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"},
          std::vector<std::string>{"vendor", "add", "Dell", "--manufacturer"},
          std::vector<std::string>{"model", "add", "Dell", "R640", "--category", "server"}}) {
      const Result r = sb.tally(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  std::string file(const std::string& name, const std::string& bytes) const {
    const std::string path = sb.dir().file(name);
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
  }

  // The rows of the asset table as serial|cost_minor|currency|location|notes.
  std::string stored() const {
    return sb
        .sqlite("SELECT serial || '|' || coalesce(cost_minor, '') || '|' || coalesce(currency, '') || '|' || "
                "coalesce((SELECT code FROM location WHERE id = location_id), '') || '|' || coalesce(notes, '') "
                "FROM asset ORDER BY id")
        .out;
  }

  // Imports `path` (with `extra` options), which must succeed.
  void imports(const std::string& path, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"import", "assets", path};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = sb.tally(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Imports `path`, which must be refused with exit 1 and nothing written; the problem lines.
  std::vector<std::string> refusal(const std::string& path, std::vector<std::string> extra = {}) const {
    const std::string before = sb.dump();
    std::vector<std::string> args = {"import", "assets", path};
    args.insert(args.end(), extra.begin(), extra.end());
    const std::string err = refused(args);
    EXPECT_EQ(sb.dump(), before);
    std::vector<std::string> lines = lines_of(err);
    if (!lines.empty()) {
      lines.erase(lines.begin());
    }
    return lines;
  }
};

TEST_F(ImportParsers, AutoReadsTheCommaTheFileShows) {
  const std::string path = file("comma.csv", k_head + "S1,Dell,R640,WH1,\"99,50\"\nS2,Dell,R640,WH1,\"1.234,56\"\n"
                                                      "S3,Dell,R640,WH1,1.234\nS4,Dell,R640,WH1,\"1 234,5\"\n");
  imports(path);
  EXPECT_EQ(stored(), "S1|9950|USD|WH1|\nS2|123456|USD|WH1|\nS3|123400|USD|WH1|\nS4|123450|USD|WH1|\n");
}

TEST_F(ImportParsers, AutoReadsThePointTheFileShows) {
  imports(file("point.csv", k_head + "S1,Dell,R640,WH1,\"1,234\"\nS2,Dell,R640,WH1,\"1,234.56\"\n"));
  EXPECT_EQ(stored(), "S1|123400|USD|WH1|\nS2|123456|USD|WH1|\n");
}

TEST_F(ImportParsers, AnAmbiguousValueTheFileDoesNotSettleIsRefused) {
  const auto lines = refusal(file("amb.csv", k_head + "S1,Dell,R640,WH1,\"1,234\"\nS2,Dell,R640,WH1,1234\n"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "line 2, column 'cost': '1,234' is 1234 with a decimal point but 1.234 with a decimal comma, and no other "
            "cost of the file settles which; give --decimal point or comma");
  imports(file("amb2.csv", k_head + "S1,Dell,R640,WH1,\"1,234\"\n"), {"--decimal", "point"});
  EXPECT_EQ(stored(), "S1|123400|USD|WH1|\n");
}

TEST_F(ImportParsers, ContradictingConventionsAreRefused) {
  // The first cost that only one convention reads settles the file; a later
  // one that only the other reads is refused, naming the line that settled.
  const auto lines =
      refusal(file("mixed.csv", k_head + "S1,Dell,R640,WH1,\"99,50\"\nS2,Dell,R640,WH1,\"1,234.50\"\n"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "line 3, column 'cost': '1,234.50' reads only with a decimal point but line 2 reads only with a decimal "
            "comma; give --decimal point or comma");
}

TEST_F(ImportParsers, AnExplicitConventionRefusesWhatItCannotRead) {
  const auto lines = refusal(file("bad.csv", k_head + "S1,Dell,R640,WH1,\"99,50\"\nS2,Dell,R640,WH1,\"1,23.00\"\n"),
                             {"--decimal", "point"});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "line 2, column 'cost': '99,50' is not an amount written with a decimal point, like 1,234.56");
  EXPECT_EQ(lines[1], "line 3, column 'cost': '1,23.00' is not an amount written with a decimal point, like 1,234.56");
}

TEST_F(ImportParsers, StatedCurrenciesAreKept) {
  imports(file("cur.csv", k_head + "S1,Dell,R640,WH1,EUR 10.00\nS2,Dell,R640,WH1,\xc2\xa3" "99\n"
                                    "S3,Dell,R640,WH1,1500 JPY\nS4,Dell,R640,WH1,\"$1,200.00\"\n"
                                    "S5,Dell,R640,WH1,\xe2\x82\xac" "5.5\n"));
  EXPECT_EQ(stored(), "S1|1000|EUR|WH1|\nS2|9900|GBP|WH1|\nS3|1500|JPY|WH1|\nS4|120000|USD|WH1|\nS5|550|EUR|WH1|\n");
}

TEST_F(ImportParsers, DollarBesideANonDollarDefaultIsRefused) {
  ok_json({"config", "set", "currency", "EUR"});
  const auto lines = refusal(file("usd.csv", k_head + "S1,Dell,R640,WH1,$20\n"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "line 2, column 'cost': '$' is ambiguous when the default currency is EUR; write the currency code, e.g. "
            "USD 10.00");
}

TEST_F(ImportParsers, Latin1AndCp1252AreTranscoded) {
  imports(file("latin1.csv", k_head + "Caf\xe9-M\xfc,Dell,R640,WH1,\n"), {"--encoding", "latin1"});
  imports(file("cp1252.csv", k_head + "\x80-\x93q\x94,Dell,R640,WH1,\n"), {"--encoding", "cp1252"});
  EXPECT_EQ(stored(), "Caf\xc3\xa9-M\xc3\xbc|||WH1|\n\xe2\x82\xac-\xe2\x80\x9cq\xe2\x80\x9d|||WH1|\n");
  const json shown = ok_json({"asset", "list"});
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0]["serial"], "Caf\xc3\xa9-M\xc3\xbc");
}

TEST_F(ImportParsers, ByteOrderMarksAreHonoured) {
  imports(file("bom8.csv", "\xEF\xBB\xBF" + k_head + "caf\xc3\xa9-1,Dell,R640,WH1,\n"));
  std::string utf16 = "\xFF\xFE";
  for (char c : k_head + "caf\xe9-2,Dell,R640,WH1,\n") {  // Latin-1 bytes are their own UTF-16LE code units
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  imports(file("bom16.csv", utf16));
  EXPECT_EQ(stored(), "caf\xc3\xa9-1|||WH1|\ncaf\xc3\xa9-2|||WH1|\n");
}

TEST_F(ImportParsers, InvalidUtf8IsRefusedWithRowColumnAndByte) {
  // The rows after them are read and checked (S3 is good: nothing else).
  const auto lines = refusal(file("bad8.csv", k_head + "Caf\xe9,Dell,R640,WH1,\nS2,Dell,R640,W\xff,\nS3,Dell,R640,WH1,\n"));
  ASSERT_EQ(lines.size(), 2u) << lines.back();
  EXPECT_EQ(lines[0],
            "line 2, column 'serial': is not valid UTF-8 (byte 3); give the file's encoding with "
            "--encoding (latin1, cp1252, mac-roman, utf-16)");
  EXPECT_EQ(lines[1],
            "line 3, column 'location': is not valid UTF-8 (byte 1); give the file's encoding with "
            "--encoding (latin1, cp1252, mac-roman, utf-16)");
}

TEST_F(ImportParsers, InvalidUtf8InSnipeItNotesIsRefused) {
  const std::string before = sb.dump();
  const std::string err =
      refused({"import", "assets",
               file("notes.csv", "Serial Number,Model Name,Manufacturer,Notes\nX1,R640,Dell,Caf\xe9 au lait\n"),
               "--dialect", "snipeit", "--team", "A-2"});
  EXPECT_TRUE(contains(err, "line 2, column 'Notes': is not valid UTF-8 (byte 3); give the file")) << err;
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(ImportParsers, BytesCp1252DoesNotDefineAreRefused) {
  const std::string before = sb.dump();
  const std::string err =
      refused({"import", "assets", file("undef.csv", k_head + "\x81,Dell,R640,WH1,\n"), "--encoding", "cp1252"});
  EXPECT_TRUE(contains(err, ": byte 40 is not a character of CP1252; give the file's encoding with --encoding "
                            "(utf-8, latin1, cp1252, mac-roman, utf-16)"))
      << err;
  EXPECT_EQ(sb.dump(), before);
}

}  // namespace
}  // namespace tally::e2e
