// End-to-end tests of the catalog (`vendor`, `model`) and of the settings
// (`config`): output in JSON, lookups, and refusals (exit 1 with a message
// naming the bad value, or exit 2 for a command line CLI11 rejects; nothing
// written either way).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

// A freshly initialised database for each test; standard_estate() adds the
// usual warehouse, vendors, models, budget and an ordered PO.
class Catalog : public SandboxTest {};

// ---------------------------------------------------------------- vendors

TEST_F(Catalog, VendorAddPrintsTheVendor) {
  EXPECT_EQ(ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier", "--email", "sales@dell.example",
                     "--phone", "+1 800 555 0100", "--url", "https://www.dell.com"}),
            json::parse(R"({"name":"Dell","supplier":true,"manufacturer":true,"email":"sales@dell.example",
                            "phone":"+1 800 555 0100","url":"https://www.dell.com"})"));
  // Neither flag: both. One flag: only that one.
  EXPECT_EQ(ok_json({"vendor", "add", "Acme"}),
            json::parse(R"({"name":"Acme","supplier":true,"manufacturer":true,"email":null,"phone":null,
                            "url":null})"));
  EXPECT_EQ(ok_json({"vendor", "add", "  Cables Inc  ", "--supplier"}),
            json::parse(R"({"name":"Cables Inc","supplier":true,"manufacturer":false,"email":null,"phone":null,
                            "url":null})"));
  EXPECT_EQ(ok_json({"vendor", "add", "Supermicro", "--manufacturer"})["supplier"], false);
}

TEST_F(Catalog, VendorListJsonIsSortedByName) {
  ok_json({"vendor", "add", "FS.com", "--supplier"});
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier", "--url", "https://www.dell.com"});
  ok_json({"vendor", "add", "arista", "--manufacturer"});
  EXPECT_EQ(ok_json({"vendor", "list"}), json::parse(R"([
    {"name":"arista","supplier":false,"manufacturer":true,"email":null,"phone":null,"url":null},
    {"name":"Dell","supplier":true,"manufacturer":true,"email":null,"phone":null,"url":"https://www.dell.com"},
    {"name":"FS.com","supplier":true,"manufacturer":false,"email":null,"phone":null,"url":null}])"));
}

TEST_F(Catalog, VendorListEmpty) {
  EXPECT_EQ(ok_json({"vendor", "list"}), json::array());
}

TEST_F(Catalog, VendorAddDuplicateIsRefusedCaseInsensitively) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  for (const std::string name : {"Dell", "dell", "DELL", "  dELL "}) {
    const std::string err = refused({"vendor", "add", name, "--supplier"});
    EXPECT_TRUE(contains(err, "vendor 'Dell' already exists")) << err;
  }
  EXPECT_EQ(ok_json({"vendor", "list"}).size(), 1u);
}

TEST_F(Catalog, VendorAddBadEmailIsRefused) {
  const std::string err = refused({"vendor", "add", "Dell", "--email", "sales.dell.example"});
  EXPECT_TRUE(contains(err, "--email 'sales.dell.example' is not an email address")) << err;
}

// ---------------------------------------------------------------- models

TEST_F(Catalog, ModelAddSerializedServer) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  const json m =
      ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1", "--stores-data",
               "--warranty-months", "36", "--gtin", k_server_gtin, "--part-number", "R640-SKU"});
  EXPECT_EQ(m, json::parse(R"({"manufacturer":"Dell","model":"PowerEdge R640","part_number":"R640-SKU",
                              "gtin":"09506000134352","category":"server","u_height":1,"full_depth":true,
                              "bulk":false,"stores_data":true,"warranty_months":36})"));
  ASSERT_TRUE(m["u_height"].is_number_integer()) << m.dump();
  EXPECT_EQ(m["u_height"].get<int>(), 1);
  EXPECT_EQ(ok_json({"model", "list"}), json::array({m}));
}

TEST_F(Catalog, ModelAddHalfUnitHeightIsTheNumberHalf) {
  ok_json({"vendor", "add", "Ubiquiti", "--manufacturer"});
  const json m =
      ok_json({"model", "add", "Ubiquiti", "USW-Flex", "--category", "switch", "--u-height", "0.5", "--half-depth"});
  ASSERT_TRUE(m["u_height"].is_number_float()) << m.dump();
  EXPECT_EQ(m["u_height"].get<double>(), 0.5);
  EXPECT_EQ(m["full_depth"], false);
  EXPECT_EQ(m["bulk"], false);
  EXPECT_EQ(m["gtin"], nullptr);
  EXPECT_EQ(m["warranty_months"], 0);

  const json two = ok_json({"model", "add", "Ubiquiti", "UNVR", "--category", "storage", "--u-height", "2.0"});
  ASSERT_TRUE(two["u_height"].is_number_integer()) << two.dump();
  EXPECT_EQ(two["u_height"].get<int>(), 2);
  EXPECT_EQ(two["full_depth"], true);
}

TEST_F(Catalog, ModelAddBulk) {
  ok_json({"vendor", "add", "FS.com", "--manufacturer", "--supplier"});
  EXPECT_EQ(ok_json({"model", "add", "FS.com", "SFP-10G-SR", "--category", "optic", "--bulk"}),
            json::parse(R"({"manufacturer":"FS.com","model":"SFP-10G-SR","part_number":null,"gtin":null,
                            "category":"optic","u_height":0,"full_depth":true,"bulk":true,"stores_data":false,
                            "warranty_months":0})"));
}

TEST_F(Catalog, ModelAddMarksASupplierAsManufacturer) {
  ok_json({"vendor", "add", "Cables Inc", "--supplier"});
  ok_json({"model", "add", "Cables Inc", "CAT6 2m", "--category", "cable", "--bulk"});
  EXPECT_EQ(ok_json({"vendor", "list"})[0]["manufacturer"], true);
}

TEST_F(Catalog, ModelAddUnknownManufacturerIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  const std::string err = refused({"model", "add", "Del", "PowerEdge R640", "--category", "server"});
  EXPECT_TRUE(contains(err, "unknown vendor 'Del'")) << err;
  EXPECT_TRUE(contains(err, "did you mean Dell?")) << err;
  EXPECT_EQ(ok_json({"model", "list"}), json::array());
}

TEST_F(Catalog, ModelAddBadCategoryIsAUsageError) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  const std::string err = refused({"model", "add", "Dell", "PowerEdge R640", "--category", "servers"}, 2);
  EXPECT_TRUE(contains(err, "--category: servers not in {server,switch,")) << err;
}

TEST_F(Catalog, ModelAddGtinWithWrongCheckDigitIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  for (const std::string gtin : {"09506000134353", "4006381333932", "0950600013435", "ABCDEFGHIJKLM"}) {
    const std::string err = refused({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--gtin", gtin});
    EXPECT_TRUE(contains(err, "--gtin '" + gtin + "' is not a GTIN")) << err;
    EXPECT_TRUE(contains(err, "check digit")) << err;
  }
}

TEST_F(Catalog, ModelAddDuplicateGtinIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--gtin", k_server_gtin});
  const std::string err =
      refused({"model", "add", "Dell", "PowerEdge R650", "--category", "server", "--gtin", k_server_gtin});
  EXPECT_TRUE(contains(err, "GTIN 09506000134352 already belongs to Dell PowerEdge R640")) << err;
}

// BUG: the duplicate-GTIN check compares the text as typed, so the GTIN-13
// form of a GTIN already stored in its 14-digit form (the same trade item:
// 9506000134352 == 09506000134352, which receiving and `resolve_model` treat
// as equal through gtin14()) is accepted as a second model.
TEST_F(Catalog, ModelAddSameGtinInAnotherLengthIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--gtin", k_server_gtin});
  const std::string err =
      refused({"model", "add", "Dell", "PowerEdge R650", "--category", "server", "--gtin", "9506000134352"});
  EXPECT_TRUE(contains(err, "already belongs to Dell PowerEdge R640")) << err;
}

TEST_F(Catalog, ModelAddDuplicateModelIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server"});
  const std::string err = refused({"model", "add", "dell", "poweredge r640", "--category", "server"});
  EXPECT_TRUE(contains(err, "Dell PowerEdge R640 already exists")) << err;
}

TEST_F(Catalog, ModelAddQuarterUnitHeightIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  for (const std::string height : {"0.25", "1.5.", "-1", "abc", "101"}) {
    const std::string err =
        refused({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", height});
    EXPECT_TRUE(contains(err, "--u-height '" + height + "' must be 0, 0.5, 1, 1.5, 2")) << err;
  }
}

TEST_F(Catalog, ModelAddFullAndHalfDepthIsAUsageError) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  const std::string err =
      refused({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--full-depth", "--half-depth"}, 2);
  EXPECT_TRUE(contains(err, "--full-depth excludes --half-depth")) << err;
}

TEST_F(Catalog, ModelAddWarrantyOutOfRangeIsRefused) {
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  const std::string err =
      refused({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--warranty-months", "241"});
  EXPECT_TRUE(contains(err, "--warranty-months 241 must be between 0 and 240")) << err;
}

// ---------------------------------------------------------------- config

TEST_F(Catalog, ConfigListShowsTheDefaults) {
  EXPECT_EQ(ok_json({"config", "list"}), json::parse(R"J([
    {"key":"tag.prefix","value":"AT-","default":true,
     "description":"prefix of generated asset tags (then 7 digits and a check digit)"},
    {"key":"currency","value":"USD","default":true,
     "description":"currency of new purchase orders and budgets when none is given"},
    {"key":"receiving.location","value":"","default":true,
     "description":"location received units go to when `receive` is given no --location (empty: none)"},
    {"key":"timezone","value":"UTC","default":true,
     "description":"the organisation's time zone (an IANA name): today's date for due dates, expiries and reports, and the times tables show (JSON and CSV keep UTC)"}])J"));
}

TEST_F(Catalog, ConfigSetTagPrefixGivesNewTagsThatPrefix) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  EXPECT_EQ(ok_json({"config", "set", "tag.prefix", "IT-"}),
            json::parse(R"J({"key":"tag.prefix","value":"IT-","default":false,
                             "description":"prefix of generated asset tags (then 7 digits and a check digit)"})J"));
  EXPECT_EQ(ok_json({"config", "get", "tag.prefix"})["value"], "IT-");

  const json units =
      ok_json({"receive", "PO-2026-0001", "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2"});
  ASSERT_EQ(units.size(), 2u) << units.dump();
  EXPECT_EQ(units[0]["tag"], "IT-00000013");
  EXPECT_EQ(units[1]["tag"], "IT-00000021");
  EXPECT_EQ(ok_json({"asset", "show", "IT-00000013"})["serial"], "S1");
  // A typo in a tag of the new prefix is caught by its check digit.
  const std::string err = refused({"asset", "show", "IT-00000012"});
  EXPECT_TRUE(contains(err, "'IT-00000012' has a wrong check digit")) << err;

  // The change is in the history.
  const json log = ok_json({"log", "--entity", "setting", "--key", "tag.prefix"});
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["action"], "update");
  EXPECT_EQ(log[0]["before"], json::parse(R"({"value":"AT-"})"));
  EXPECT_EQ(log[0]["after"], json::parse(R"({"value":"IT-"})"));
}

TEST_F(Catalog, ConfigSetBadTagPrefixIsRefused) {
  std::string err = refused({"config", "set", "tag.prefix", "ab1"});
  EXPECT_TRUE(contains(err, "tag.prefix 'ab1' may hold only A-Z, 0-9 and '-'")) << err;
  err = refused({"config", "set", "tag.prefix", "it-"});
  EXPECT_TRUE(contains(err, "tag.prefix 'it-' may hold only A-Z, 0-9 and '-'")) << err;
  err = refused({"config", "set", "tag.prefix", "AB1"});
  EXPECT_TRUE(contains(err, "tag.prefix 'AB1' must not end with a digit")) << err;
  err = refused({"config", "set", "tag.prefix", ""});
  EXPECT_TRUE(contains(err, "tag.prefix '' must be 1-10 characters")) << err;
  err = refused({"config", "set", "tag.prefix", "ABCDEFGHIJK"});
  EXPECT_TRUE(contains(err, "tag.prefix 'ABCDEFGHIJK' must be 1-10 characters")) << err;
  const json prefix = ok_json({"config", "get", "tag.prefix"});
  EXPECT_EQ(prefix["value"], "AT-");
  EXPECT_EQ(prefix["default"], true);
}

TEST_F(Catalog, ConfigSetBadCurrencyIsRefused) {
  const std::string err = refused({"config", "set", "currency", "eur"});
  EXPECT_TRUE(contains(err, "currency 'eur' must be an ISO 4217 code")) << err;
}

TEST_F(Catalog, ConfigUnknownKeyIsRefused) {
  std::string err = refused({"config", "set", "tag.prefixx", "IT-"});
  EXPECT_TRUE(contains(err, "unknown key 'tag.prefixx'; known keys: tag.prefix, currency, receiving.location, timezone")) << err;
  err = refused({"config", "get", "colour"});
  EXPECT_TRUE(contains(err, "unknown key 'colour'")) << err;
}

}  // namespace
}  // namespace tally::e2e
