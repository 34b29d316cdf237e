#include "context.hpp"
#include "vendors.hpp"

#include <memory>

namespace tally::cli {

void setup_vendor(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "vendor", "Vendors: suppliers you buy from and manufacturers of models");

  auto vendor = std::make_shared<NewVendor>();
  CLI::App* add = add_verb(*noun, "add", "Add a vendor (a supplier, a manufacturer, or both when neither is given)",
                           "tally vendor add \"Dell\" --manufacturer --supplier --url https://www.dell.com");
  add->add_option("name", vendor->name, "Vendor name (unique, case-insensitive)")->required();
  add->add_flag("--supplier", vendor->supplier, "Sells to us");
  add->add_flag("--manufacturer", vendor->manufacturer, "Makes models");
  add->add_option("--email", vendor->email, "Contact email");
  add->add_option("--phone", vendor->phone, "Contact phone");
  add->add_option("--url", vendor->url, "Web site");
  registry.add(add, [vendor](Context& ctx) {
    ctx.print(Record{vendor_json(add_vendor(ctx.db(), ctx.actor(), *vendor)), {}});
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
