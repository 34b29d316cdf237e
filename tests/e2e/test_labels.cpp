// End-to-end tests of labels and barcodes: PNG labels that decode
// again to exactly their tag in every symbology, well-formed SVG, PDF sheets
// with the right page count, ZPL field by field, a photo-like image of several
// labels decoded by `scan decode` and `audit scan --image`, and the refusals.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;
using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Cairo = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Surface load_png(const std::string& path) {
  return Surface(cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy);
}

// Every barcode zxing-cpp finds in a PNG file: "FORMAT TEXT".
Strings decode_png(const std::string& path) {
  Surface png = load_png(path);
  EXPECT_EQ(cairo_surface_status(png.get()), CAIRO_STATUS_SUCCESS) << path;
  if (cairo_surface_status(png.get()) != CAIRO_STATUS_SUCCESS) {
    return {};
  }
  cairo_surface_flush(png.get());
  const ZXing::ImageView view(cairo_image_surface_get_data(png.get()), cairo_image_surface_get_width(png.get()),
                              cairo_image_surface_get_height(png.get()), ZXing::ImageFormat::BGRX,
                              cairo_image_surface_get_stride(png.get()));
  Strings found;
  for (const auto& r : ZXing::ReadBarcodes(view, ZXing::DecodeHints().setTryHarder(true))) {
    found.push_back(std::string(ZXing::ToString(r.format())) + " " + r.text());
  }
  return found;
}

// The number of page objects in a PDF (not the /Pages tree node).
int page_count(const std::string& pdf) {
  const std::regex page("/Type\\s*/Page(?![a-zA-Z])");
  return static_cast<int>(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()));
}

// Four Dell R640 servers received on the standard PO (owned by A-3), with tags.
class LabelTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ok_json({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "SN1", "--serial", "SN2", "--serial",
             "SN3", "--serial", "SN4"});
    for (const auto& a : ok_json({"asset", "list", "--po", k_po})) {
      tags.push_back(a["tag"]);
    }
    ASSERT_EQ(tags.size(), 4u);
  }

  std::string file(const std::string& name) const { return sb.dir().file(name); }

  Strings tags;
};

TEST_F(LabelTest, EveryPngLabelDecodesToExactlyItsTagInEverySymbology) {
  const std::vector<std::pair<std::string, std::string>> symbologies = {
      {"code128", "Code128"}, {"qr", "QRCode"}, {"datamatrix", "DataMatrix"}};
  for (const auto& [symbology, zxing_name] : symbologies) {
    for (const std::string dpi : {"300", "203"}) {
      for (const auto& tag : tags) {
        const std::string path = file(tag + "-" + symbology + "-" + dpi + ".png");
        const json out = ok_json({"label", tag, "--symbology", symbology, "--dpi", dpi, "--out", path});
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0]["tag"], tag);
        EXPECT_EQ(out[0]["model"], "Dell PowerEdge R640");
        EXPECT_EQ(out[0]["team"], "A-3");
        EXPECT_EQ(out[0]["file"], path);
        EXPECT_EQ(decode_png(path), Strings{zxing_name + " " + tag}) << symbology << " at " << dpi << " dpi";
        Surface png = load_png(path);
        // 50x25 mm at the resolution, rounded to whole dots.
        EXPECT_EQ(cairo_image_surface_get_width(png.get()), dpi == "300" ? 591 : 400);
        EXPECT_EQ(cairo_image_surface_get_height(png.get()), dpi == "300" ? 295 : 200);
      }
    }
  }
  // `scan decode` reads the same files and resolves each code to its asset.
  Strings args = {"scan", "decode"};
  for (const auto& tag : tags) {
    args.push_back(file(tag + "-qr-300.png"));
  }
  const json decoded = ok_json(args);
  ASSERT_EQ(decoded.size(), tags.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    EXPECT_EQ(decoded[i]["symbology"], "qr");
    EXPECT_EQ(decoded[i]["code"], tags[i]);
    EXPECT_EQ(decoded[i]["kind"], "asset");
    EXPECT_EQ(decoded[i]["tag"], tags[i]);
    EXPECT_EQ(decoded[i]["model"], "Dell PowerEdge R640");
    EXPECT_EQ(decoded[i]["serial"], "SN" + std::to_string(i + 1));
    EXPECT_EQ(decoded[i]["status"], "in_stock");
  }
}

TEST_F(LabelTest, SeveralPngLabelsGoIntoADirectoryOneFilePerTag) {
  const std::string dir = file("labels");
  const json out = ok_json({"label", "--po", k_po, "--out", dir});
  ASSERT_EQ(out.size(), 4u);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    EXPECT_EQ(out[i]["file"], dir + "/" + tags[i] + ".png");
    EXPECT_EQ(decode_png(dir + "/" + tags[i] + ".png"), Strings{"Code128 " + tags[i]});
  }
}

TEST_F(LabelTest, SvgLabelsAreWellFormedXml) {
  for (const std::string symbology : {"code128", "qr", "datamatrix"}) {
    const std::string path = file(symbology + ".svg");
    ok_json({"label", tags[0], "--format", "svg", "--symbology", symbology, "--out", path});
    const Result lint = run_process("/usr/bin/xmllint", {"--noout", path});
    EXPECT_EQ(lint.exit_code, 0) << lint.err;
    EXPECT_TRUE(contains(read_file(path), "<svg")) << symbology;
    // 50x25 mm in points.
    EXPECT_TRUE(contains(read_file(path), "width=\"141.732283pt\" height=\"70.866142pt\"")) << symbology;
  }
}

TEST_F(LabelTest, PdfSheetsOfThirtyLabelsHaveTheRightPageCount) {
  for (int i = 5; i <= 30; ++i) {
    const json a = ok_json({"asset", "add", "--model", k_server, "--serial", "SN" + std::to_string(i), "--team", "A-2",
                            "--location", "WH1"});
    tags.push_back(a["tag"]);
  }
  std::string input;
  for (const auto& tag : tags) {
    input += tag + "\n";
  }
  const std::vector<std::pair<std::string, int>> sheets = {
      {"avery-l7163", 3}, {"avery-l7160", 2}, {"avery-5163", 3}, {"avery-5160", 1}};
  for (const auto& [name, pages] : sheets) {
    const std::string path = file(name + ".pdf");
    const Result r = sb.tally({"label", "--scan", "--format", "pdf", "--template", name, "--out", path}, input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(lines_of(r.out).size(), 31u) << r.out;  // heading + 30 labels
    const std::string pdf = read_file(path);
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_EQ(page_count(pdf), pages) << name;
  }
  // Without a template several labels go on avery-l7163; one label is a page of its own size.
  const Result many = sb.tally({"label", "--scan", "--format", "pdf", "--out", file("default.pdf")}, input);
  ASSERT_EQ(many.exit_code, 0) << many.err;
  EXPECT_EQ(page_count(read_file(file("default.pdf"))), 3);
  ok_json({"label", tags[0], "--format", "pdf", "--out", file("one.pdf")});
  const std::string one = read_file(file("one.pdf"));
  EXPECT_EQ(page_count(one), 1);
  EXPECT_TRUE(contains(one, "/MediaBox [ 0 0 141.732283 70.866142 ]")) << one.substr(0, 600);
}

TEST_F(LabelTest, ZplFieldByField) {
  const std::string& tag = tags[0];
  const Result r = sb.tally({"label", tag, "--format", "zpl", "--dpi", "203"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 50x25 mm at 203 dpi: 400x200 dots; a 123-module Code 128 with 10-module
  // quiet zones at 2 dots per module, centred; 1 mm (8 dots) padding.
  EXPECT_EQ(lines_of(r.out),
            (Strings{"^XA", "^CI28", "^PW400", "^LL200", "^LH0,0", "^BY2,3,100",
                     "^FO77,8^BCN,100,N,N,N^FH^FD" + tag + "^FS", "^FO8,112^A0N,23,23^FB384,1,0,L^FH^FD" + tag + "^FS",
                     "^FO8,140^A0N,20,20^FB384,1,0,L^FH^FDDell PowerEdge R640^FS",
                     "^FO8,168^A0N,20,20^FB384,1,0,L^FH^FDS/N SN1   Team A-3^FS", "^PQ1", "^XZ"}));

  const Result qr = sb.tally({"label", tag, "--format", "zpl", "--symbology", "qr"});
  ASSERT_EQ(qr.exit_code, 0) << qr.err;
  const Strings q = lines_of(qr.out);
  ASSERT_EQ(q.size(), 12u) << qr.out;
  EXPECT_EQ(q[2], "^PW591");
  EXPECT_EQ(q[3], "^LL295");
  // 21 modules + 2x4 quiet = 29 modules in 295 dots: 10 dots per module.
  EXPECT_EQ(q[5], "^FO40,42^BQN,2,10^FH^FDMA," + tag + "^FS");
  EXPECT_EQ(q[6].substr(q[6].find("^FH")), "^FH^FD" + tag + "^FS");
  EXPECT_EQ(q[9].substr(q[9].find("^FH")), "^FH^FDTeam A-3^FS");

  const Result dm = sb.tally({"label", tag, "--format", "zpl", "--symbology", "datamatrix", "--dpi", "300"});
  ASSERT_EQ(dm.exit_code, 0) << dm.err;
  const Strings d = lines_of(dm.out);
  ASSERT_EQ(d.size(), 12u) << dm.out;
  // 14 modules + 2x1 quiet = 16 modules in 295 dots: 18 dots per module.
  EXPECT_EQ(d[5], "^FO18,21^BXN,18,200^FH^FD" + tag + "^FS");

  // Several labels: one ^XA...^XZ each, to a file with --out.
  ok_json({"label", "--po", k_po, "--format", "zpl", "--out", file("po.zpl")});
  const std::string zpl = read_file(file("po.zpl"));
  const std::regex start("\\^XA");
  EXPECT_EQ(std::distance(std::sregex_iterator(zpl.begin(), zpl.end(), start), std::sregex_iterator()), 4);
  for (const auto& t : tags) {
    EXPECT_TRUE(contains(zpl, "^BCN,100,N,N,N^FH^FD" + t + "^FS") || contains(zpl, "^FD" + t + "^FS")) << t;
  }
}

// Labels composited onto a noisy, slightly rotated background, as a photo of
// a shelf or a rack front would show them.
TEST_F(LabelTest, APhotoOfSeveralLabelsDecodesToAllOfItsTags) {
  const Strings symbologies = {"code128", "qr", "datamatrix", "code128"};
  for (std::size_t i = 0; i < tags.size(); ++i) {
    ok_json({"label", tags[i], "--symbology", symbologies[i], "--out", file("l" + std::to_string(i) + ".png")});
  }
  const int width = 1600, height = 1100;
  Surface photo(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  {
    Cairo cr(cairo_create(photo.get()), cairo_destroy);
    cairo_set_source_rgb(cr.get(), 0.55, 0.5, 0.45);
    cairo_paint(cr.get());
    cairo_translate(cr.get(), width / 2.0, height / 2.0);
    cairo_rotate(cr.get(), 3.0 * M_PI / 180.0);
    cairo_translate(cr.get(), -width / 2.0, -height / 2.0);
    for (std::size_t i = 0; i < tags.size(); ++i) {
      Surface label = load_png(file("l" + std::to_string(i) + ".png"));
      const double x = 100 + static_cast<double>(i % 2) * 750, y = 150 + static_cast<double>(i / 2) * 450;
      cairo_save(cr.get());
      cairo_translate(cr.get(), x, y);
      cairo_scale(cr.get(), 1.1, 1.1);
      cairo_set_source_surface(cr.get(), label.get(), 0, 0);
      cairo_paint(cr.get());
      cairo_restore(cr.get());
    }
  }
  // Sensor noise: every pixel moved by up to +-24 levels, the same seed each run.
  cairo_surface_flush(photo.get());
  unsigned char* data = cairo_image_surface_get_data(photo.get());
  const int stride = cairo_image_surface_get_stride(photo.get());
  std::mt19937 random(8);
  std::uniform_int_distribution<int> noise(-24, 24);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width * 4; ++x) {
      if (x % 4 == 3) {
        continue;
      }
      unsigned char& c = data[y * stride + x];
      c = static_cast<unsigned char>(std::clamp(c + noise(random), 0, 255));
    }
  }
  cairo_surface_mark_dirty(photo.get());
  const std::string path = file("photo.png");
  ASSERT_EQ(cairo_surface_write_to_png(photo.get(), path.c_str()), CAIRO_STATUS_SUCCESS);

  const json decoded = ok_json({"scan", "decode", path});
  std::map<std::string, std::string> found;  // tag -> symbology
  for (const auto& row : decoded) {
    EXPECT_EQ(row["kind"], "asset") << row.dump();
    found[row["tag"]] = row["symbology"];
  }
  ASSERT_EQ(decoded.size(), 4u) << decoded.dump();
  for (std::size_t i = 0; i < tags.size(); ++i) {
    EXPECT_EQ(found[tags[i]], symbologies[i]) << tags[i];
  }

  // One photo audits the shelf: every code found becomes a scan of the audit.
  EXPECT_EQ(ok_json({"audit", "start", "WH1"})["id"], "AUD-00001");
  // Like every scan session, the answers stream as JSON Lines, one per code.
  const Result scan = sb.tally({"--format", "json", "audit", "scan", "AUD-00001", "--image", path});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  json scans = json::array();
  for (const auto& line : lines_of(scan.out)) {
    scans.push_back(json::parse(line));
  }
  ASSERT_EQ(scans.size(), 4u);
  std::set<std::string> scanned;
  for (const auto& row : scans) {
    EXPECT_EQ(row["expected"], true) << row.dump();
    scanned.insert(row["tag"].get<std::string>());
  }
  EXPECT_EQ(scanned, std::set<std::string>(tags.begin(), tags.end()));
  const json result = ok_json({"audit", "finish", "AUD-00001"});
  EXPECT_EQ(result["found_count"], 4);
  EXPECT_EQ(result["missing_count"], 0);
}

class ReceiveLabelTest : public SandboxTest {};

TEST_F(ReceiveLabelTest, EveryReceivedUnitGetsALabelThatScansToItsTag) {
  standard_estate();
  const std::string dir = sb.dir().file("labels");
  const std::string missing = sb.dir().file("nope");
  std::filesystem::create_directory(dir);
  EXPECT_EQ(
      refused({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "SN1", "--label-out", missing}),
      "tally: error: receive: --label-out " + missing + " is not a directory; create it first\n");
  EXPECT_FALSE(std::filesystem::exists(missing));

  const json units = ok_json({"receive", k_po, "--line", "1", "--location", "WH1-BIN", "--serial", "SN1", "--serial",
                              "SN2", "--label-out", dir});
  ASSERT_EQ(units.size(), 2u);
  const Result scan = sb.tally(
      {"--format", "json", "receive", k_po, "--line", "1", "--location", "WH1-BIN", "--scan", "--label-out", dir},
      "SN3\n");
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  const auto scanned = lines_of(scan.out);
  ASSERT_EQ(scanned.size(), 1u) << scan.out;
  const Strings tags = {units[0]["tag"], units[1]["tag"], json::parse(scanned[0])["tag"]};
  for (const auto& tag : tags) {
    EXPECT_EQ(decode_png(dir + "/" + tag + ".png"), Strings{"Code128 " + tag});
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator{}), 3);
}

TEST_F(LabelTest, BadInputIsRefusedAndChangesNothing) {
  const std::string before = sb.dump();
  auto refusal = [&](const Strings& args, const std::string& input = "") {
    const std::string err = refused(args, 1, input);
    EXPECT_EQ(sb.dump(), before);
    return err;
  };
  EXPECT_EQ(refusal({"label", tags[0], "AT-NOPE", "--out", file("x.png")}),
            "tally: error: label: refused 1 of 2; no label was written:\n"
            "  argument 2: AT-NOPE: label: no asset has the tag, serial or barcode 'AT-NOPE'\n");
  EXPECT_FALSE(std::filesystem::exists(file("x.png")));
  EXPECT_EQ(refusal({"label", "--scan", "--out", file("dir")}, tags[0] + "\nNOPE\n"),
            "tally: error: label: refused 1 of 2; no label was written:\n"
            "  line 2: NOPE: label: no asset has the tag, serial or barcode 'NOPE'\n");
  EXPECT_FALSE(std::filesystem::exists(file("dir")));
  EXPECT_EQ(refusal({"label", tags[0], "--format", "pdf", "--template", "avery-9999"}),
            "tally: error: label: unknown template 'avery-9999'; expected one of avery-l7163, avery-l7160, "
            "avery-5163, avery-5160\n");
  EXPECT_EQ(refusal({"label", tags[0], "--format", "zpl", "--dpi", "600"}),
            "tally: error: label: ZPL is printed at 203 or 300 dpi (the printer's resolution), not 600; use --dpi "
            "203 or --dpi 300\n");
  EXPECT_EQ(refusal({"label", tags[0], "--size", "fifty"}),
            "tally: error: label: --size 'fifty' is not WIDTHxHEIGHT in mm or in (50x25mm, 2x1in), each side 10 to "
            "300 mm\n");
  EXPECT_EQ(refusal({"label", tags[0], "--size", "12x10mm", "--dpi", "100"}),
            "tally: error: label: " + tags[0] +
                " in Code 128 needs 143 modules across with its quiet zones; a 12x10mm label at 100 dpi is 47 dots "
                "wide; use a wider --size, a higher --dpi, or --symbology qr\n");
  EXPECT_EQ(refusal({"label", "--rack", "R99"}).rfind("tally: error: ", 0), 0u);

  // Images: missing, not an image, a truncated PNG.
  std::ofstream(file("notes.txt")) << "not an image\n";
  const std::string good = file("good.png");
  ok_json({"label", tags[0], "--out", good});
  const std::string png = read_file(good);
  std::ofstream(file("cut.png"), std::ios::binary) << png.substr(0, png.size() / 2);
  std::ofstream(file("cut.jpg"), std::ios::binary) << "\xFF\xD8\xFF\xE0garbage";
  EXPECT_EQ(refusal({"scan", "decode", good, file("missing.png")}),
            "tally: error: cannot read image " + file("missing.png") + ": No such file or directory\n");
  EXPECT_EQ(refusal({"scan", "decode", good, file("notes.txt")}),
            "tally: error: image " + file("notes.txt") + " is not a PNG or JPEG file\n");
  EXPECT_TRUE(contains(refusal({"scan", "decode", file("cut.png")}), "cannot decode image " + file("cut.png")));
  EXPECT_TRUE(contains(refusal({"scan", "decode", file("cut.jpg")}), "cannot decode image " + file("cut.jpg")));

  EXPECT_EQ(ok_json({"audit", "start", "WH1"})["id"], "AUD-00001");
  const std::string audit_before = sb.dump();
  EXPECT_EQ(refused({"audit", "scan", "AUD-00001", "--image", good, "--image", file("notes.txt")}),
            "tally: error: image " + file("notes.txt") + " is not a PNG or JPEG file\n");
  EXPECT_EQ(sb.dump(), audit_before);
  EXPECT_EQ(refused({"audit", "scan", "AUD-00001", "--image", good, "--image", file("l.png")}),
            "tally: error: cannot read image " + file("l.png") + ": No such file or directory\n");
  EXPECT_EQ(sb.dump(), audit_before);
}

}  // namespace
}  // namespace tally::e2e
