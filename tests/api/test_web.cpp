// What the web pages need beyond the JSON API's nouns: a camera frame decoded by the core's photo decoder
// (the same answer as `tally scan decode`), and the rack elevation naming each device's tag for its link.

#include "api/api_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace tally::api {
namespace {

using nlohmann::json;

class Web : public ApiTest {
 protected:
  // Receives one serial into the standard PO's line 1 with the CLI; returns its tag.
  std::string receive(const std::string& serial) {
    const json rows = ok_json({"receive", e2e::k_po, "--line", "1", "--location", "WH1", "--serial", serial});
    return rows.size() == 1 ? rows[0]["tag"].get<std::string>() : "";
  }

  // The pages of a PDF cairo wrote: its "/Type /Page" objects (not "/Type /Pages").
  static int pdf_pages(const std::string& pdf) {
    int pages = 0;
    const std::string key = "/Type /Page";
    for (auto at = pdf.find(key); at != std::string::npos; at = pdf.find(key, at + 1)) {
      pages += at + key.size() < pdf.size() && pdf[at + key.size()] != 's' ? 1 : 0;
    }
    return pages;
  }

  static std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

TEST_F(Web, APhotoOfALabelIsDecodedAsTallyScanDecode) {
  const std::string tag = receive("SN-PHOTO-1");
  ASSERT_FALSE(tag.empty());
  const std::string png = sb.dir().file("label.png");
  ASSERT_EQ(sb.tally({"label", tag, "--out", png}).exit_code, 0);
  const std::string bytes = read_bytes(png);
  ASSERT_GT(bytes.size(), 100u);
  Client viewer = as("viewer");
  const Answer a = viewer.post_raw("/api/v1/scans/photo", bytes, "image/png");
  ASSERT_EQ(a.status, 200) << a.body;
  json expected = ok_json({"scan", "decode", png});
  for (auto& row : expected) {
    row.erase("image");
  }
  EXPECT_EQ(a.json["codes"], expected);
  ASSERT_FALSE(a.json["codes"].empty());
  EXPECT_EQ(a.json["codes"][0]["kind"], "asset");
  EXPECT_EQ(a.json["codes"][0]["tag"], tag);
  EXPECT_EQ(a.json["codes"][0]["serial"], "SN-PHOTO-1");
}

TEST_F(Web, APhotoThatIsNoImageIsRefusedAndAnEmptyOneIsUsage) {
  Client viewer = as("viewer");
  const Answer junk = viewer.post_raw("/api/v1/scans/photo", "GIF89a not a photo", "image/jpeg");
  EXPECT_EQ(junk.status, 422) << junk.body;
  EXPECT_EQ(junk.json["error"]["message"], "the photo is not a PNG or JPEG file");
  const Answer broken =
      viewer.post_raw("/api/v1/scans/photo", std::string("\xFF\xD8\xFF\xE0 truncated", 15), "image/jpeg");
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(broken.json["error"]["message"].get<std::string>().rfind("cannot decode the photo: ", 0), 0u)
      << broken.body;
  const Answer empty = viewer.post_raw("/api/v1/scans/photo", "", "image/jpeg");
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(empty.json["error"]["message"],
            "body: the photo (a JPEG or PNG image, Content-Type image/jpeg) is missing");
  EXPECT_EQ(as("").post_raw("/api/v1/scans/photo", "x", "image/jpeg").status, 401);
}

TEST_F(Web, TheElevationNamesEachDevicesTagForItsLink) {
  const std::string tag = receive("SN-RACK-1");
  ASSERT_FALSE(tag.empty());
  ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
  ok_json({"rack", "add", "R01", "--location", "DC1", "--height", "12"});
  ok_json({"rack", "install", tag, "--rack", "DC1/R01", "--u", "5", "--face", "front"});
  const Answer a = as("viewer").get("/api/v1/racks/DC1/R01/elevation.svg");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.header("Content-Type"), "image/svg+xml");
  EXPECT_NE(a.body.find("<g class=\"device\" data-tag=\"" + tag + "\"><title>"), std::string::npos) << a.body;
}

TEST_F(Web, LabelsToPrintAreTheCliPdfForAPoAndForTags) {
  const std::string first = receive("SN-LABEL-1");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(receive("SN-LABEL-2").empty());
  Client viewer = as("viewer");
  const Answer po = viewer.get(std::string("/api/v1/pos/") + e2e::k_po + "/labels.pdf");
  ASSERT_EQ(po.status, 200) << po.body;
  EXPECT_EQ(po.header("Content-Type"), "application/pdf");
  const std::string cli_pdf = sb.dir().file("po.pdf");
  ASSERT_EQ(sb.tally({"label", "--po", e2e::k_po, "--format", "pdf", "--out", cli_pdf}).exit_code, 0);
  EXPECT_EQ(po.body.rfind("%PDF-", 0), 0u);
  // The same labels as the CLI's file: two on one avery-l7163 sheet (cairo stamps the time, so not the same bytes).
  EXPECT_EQ(pdf_pages(po.body), 1);
  EXPECT_EQ(pdf_pages(read_bytes(cli_pdf)), 1);
  EXPECT_EQ(po.body.size(), read_bytes(cli_pdf).size());
  const Answer tags = viewer.get("/api/v1/labels.pdf?tag=" + first + "&tag=SN-LABEL-2");
  ASSERT_EQ(tags.status, 200) << tags.body;
  EXPECT_EQ(tags.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf_pages(tags.body), 1);
  const Answer one = viewer.get("/api/v1/labels.pdf?tag=" + first);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(pdf_pages(one.body), 1);
  const Answer none = viewer.get("/api/v1/labels.pdf");
  EXPECT_EQ(none.status, 400) << none.body;
  EXPECT_EQ(none.json["error"]["message"], "labels: give the assets as query parameters, ?tag=TAG&tag=TAG...");
  // The core's refusals, as the CLI says them (the core calls them invalid: 422).
  const Answer unknown = viewer.get("/api/v1/labels.pdf?tag=" + first + "&tag=NO-SUCH-TAG");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.json["error"]["message"], "label: no asset has the tag, serial or barcode 'NO-SUCH-TAG'");
  const Answer no_po = viewer.get("/api/v1/pos/NO-SUCH-PO/labels.pdf");
  EXPECT_EQ(no_po.status, 422) << no_po.body;
  EXPECT_EQ(no_po.json["error"]["message"], "asset list: unknown purchase order 'NO-SUCH-PO'");
}

}  // namespace
}  // namespace tally::api
