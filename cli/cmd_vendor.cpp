#include "context.hpp"
#include "vendors.hpp"

#include <memory>

namespace tally::cli {

void setup_vendor(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "vendor", "Vendors: suppliers you buy from and manufacturers of models");

  struct AddOptions {
    NewVendor vendor;
    std::string email, phone, url;
  };
  auto options = std::make_shared<AddOptions>();
  CLI::App* add = add_verb(*noun, "add", "Add a vendor (a supplier, a manufacturer, or both when neither is given)",
                           "tally vendor add \"Dell\" --manufacturer --supplier --url https://www.dell.com");
  add->add_option("name", options->vendor.name, "Vendor name (unique, case-insensitive)")->required();
  add->add_flag("--supplier", options->vendor.supplier, "Sells to us");
  add->add_flag("--manufacturer", options->vendor.manufacturer, "Makes models");
  add->add_option("--email", options->email, "Contact email");
  add->add_option("--phone", options->phone, "Contact phone");
  add->add_option("--url", options->url, "Web site");
  registry.add(add, [options, add](Context& ctx) {
    NewVendor vendor = options->vendor;
    vendor.email = given(add, "--email", options->email);
    vendor.phone = given(add, "--phone", options->phone);
    vendor.url = given(add, "--url", options->url);
    ctx.print(Record{vendor_json(add_vendor(ctx.db(), ctx.actor(), vendor)), {}});
  });

  CLI::App* list = add_verb(*noun, "list", "List vendors", "tally vendor list --format csv");
  registry.add(list, [](Context& ctx) {
    Table table;
    table.columns = {{"name", "name"},   {"supplier", "supplier"}, {"manufacturer", "manufacturer"},
                     {"email", "email"}, {"phone", "phone"},       {"url", "url"}};
    for (const auto& v : list_vendors(ctx.db())) {
      table.rows.push_back(vendor_json(v));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
