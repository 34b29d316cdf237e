// Unit tests of custom fields (src/fields.cpp): value checks per type, the
// typed JSON form, definitions and their refusals, and the filter fields.

#include "fields.hpp"
#include "filter.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal;

FieldDef def(const std::string& type, std::vector<std::string> choices = {},
             std::optional<std::string> regex = std::nullopt) {
  FieldDef f;
  f.name = "f";
  f.type = type;
  f.choices = std::move(choices);
  f.regex = std::move(regex);
  return f;
}

std::string stored(const FieldDef& f, const std::string& value) {
  const FieldCheck c = check_field_value(f, value);
  return c.value ? *c.value : "refused: " + c.problem;
}

TEST(FieldValues, IntegersAreCanonical) {
  EXPECT_EQ(stored(def("integer"), "64"), "64");
  EXPECT_EQ(stored(def("integer"), " +064 "), "64");
  EXPECT_EQ(stored(def("integer"), "-5"), "-5");
  EXPECT_EQ(stored(def("integer"), "-0"), "0");
  EXPECT_EQ(stored(def("integer"), "6.4"), "refused: '6.4' is not a whole number");
  EXPECT_EQ(stored(def("integer"), "99999999999999999999"), "refused: '99999999999999999999' is not a whole number");
  EXPECT_EQ(stored(def("integer"), ""), "refused: is empty");
}

TEST(FieldValues, DecimalsDatesBooleansChoices) {
  EXPECT_EQ(stored(def("decimal"), "12.50"), "12.50");
  EXPECT_EQ(stored(def("decimal"), "-3"), "-3");
  EXPECT_EQ(stored(def("decimal"), "1."), "refused: '1.' is not a decimal number like 12.50");
  EXPECT_EQ(stored(def("decimal"), ".5"), "refused: '.5' is not a decimal number like 12.50");
  EXPECT_EQ(stored(def("decimal"), "1e3"), "refused: '1e3' is not a decimal number like 12.50");
  EXPECT_EQ(stored(def("date"), "2026-02-28"), "2026-02-28");
  EXPECT_EQ(stored(def("date"), "2026-02-30"), "refused: '2026-02-30' is not a date like 2026-11-27");
  EXPECT_EQ(stored(def("boolean"), "YES"), "true");
  EXPECT_EQ(stored(def("boolean"), "0"), "false");
  EXPECT_EQ(stored(def("boolean"), "maybe"), "refused: 'maybe' is not true or false");
  EXPECT_EQ(stored(def("choice", {"Gold", "Silver"}), "gold"), "Gold");
  EXPECT_EQ(stored(def("choice", {"Gold", "Silver"}), "bronze"), "refused: 'bronze' is not one of: Gold, Silver");
  EXPECT_EQ(stored(def("text", {}, std::string("[0-9]{3}")), "123"), "123");
  EXPECT_EQ(stored(def("text", {}, std::string("[0-9]{3}")), "1234"), "refused: '1234' does not match [0-9]{3}");
  EXPECT_EQ(stored(def("text"), std::string("a\x1b[2J")), "refused: holds the control character \\e (byte 1); only TAB and line breaks are allowed");
}

TEST(FieldValues, TypedJson) {
  EXPECT_EQ(typed_field_value("integer", "64"), Json(64));
  EXPECT_EQ(typed_field_value("boolean", "true"), Json(true));
  EXPECT_EQ(typed_field_value("decimal", "12.50"), Json("12.50"));
  EXPECT_EQ(typed_field_value("date", "2026-11-27"), Json("2026-11-27"));
  EXPECT_EQ(typed_field_value("integer", "32GB"), Json("32GB")) << "a damaged value is shown as it is";
}

TEST(FieldValues, AppliesToModelsAndCategories) {
  FieldDef all = def("text");
  EXPECT_TRUE(field_applies(all, "Dell X", "server"));
  FieldDef some = def("text");
  some.categories = {"laptop"};
  some.models = {"Dell X"};
  EXPECT_TRUE(field_applies(some, "Dell X", "server"));
  EXPECT_TRUE(field_applies(some, "HP Y", "laptop"));
  EXPECT_FALSE(field_applies(some, "HP Y", "server"));
}

class FieldDefinitions : public test::DatabaseTest {};

TEST_F(FieldDefinitions, AddListResolveRemove) {
  NewField ram;
  ram.name = "ram_gb";
  ram.type = "integer";
  ram.label = "RAM (GB)";
  ram.categories = {"server,laptop"};
  const FieldDef created = add_field(db(), "tester", ram);
  EXPECT_EQ(created.categories, (std::vector<std::string>{"laptop", "server"}));
  EXPECT_EQ(resolve_field(db(), "ram (gb)").name, "ram_gb");
  EXPECT_EQ(list_fields(db()).size(), 1u);
  EXPECT_EQ(refusal([&] { add_field(db(), "tester", ram); }),
            "field add: field 'ram_gb' already has the name or label 'ram_gb'");
  NewField bad;
  bad.name = "2x";
  bad.type = "text";
  EXPECT_EQ(refusal([&] { add_field(db(), "tester", bad); }),
            "field add: name '2x' must be 1 to 40 characters: a lower-case letter, then lower-case letters, digits "
            "or '_' (ram_gb, mac_address)");
  EXPECT_EQ(remove_field(db(), "tester", "ram_gb", false).name, "ram_gb");
  EXPECT_TRUE(list_fields(db()).empty());
  EXPECT_EQ(db().query_int("SELECT count(*) FROM event WHERE entity = 'field'"), 2);
}

TEST_F(FieldDefinitions, FilterFieldsFollowTheType) {
  NewField weight;
  weight.name = "weight_kg";
  weight.type = "decimal";
  add_field(db(), "tester", weight);
  NewField tier;
  tier.name = "tier";
  tier.type = "choice";
  tier.choices = {"gold", "silver"};
  add_field(db(), "tester", tier);
  const auto fields = field_filter_fields(db());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "field.tier");
  EXPECT_EQ(fields[0].kind, FieldKind::choice);
  EXPECT_EQ(fields[0].choices, (std::vector<std::string>{"gold", "silver"}));
  EXPECT_EQ(fields[1].name, "field.weight_kg");
  EXPECT_EQ(fields[1].kind, FieldKind::decimal);
  const CompiledFilter f = compile_filter(db(), "asset list", fields, {"field.weight_kg>=1.5"});
  EXPECT_EQ(f.sql,
            "(CAST((SELECT cf.value FROM asset_field cf WHERE cf.asset_id = a.id AND cf.field_id = 1) AS REAL) >= "
            "CAST(:f1 AS REAL))");
  EXPECT_EQ(refusal([&] { compile_filter(db(), "asset list", fields, {"field.weight_kg>=1,5"}); }),
            "asset list: term 'field.weight_kg>=1,5': not a decimal number (12.5)");
}

}  // namespace
}  // namespace tally
