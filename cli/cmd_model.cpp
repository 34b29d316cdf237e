#include "context.hpp"
#include "models.hpp"
#include "netbox.hpp"

#include <memory>

namespace tally::cli {

void setup_model(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "model", "Models: products, serialized (tagged) or bulk (counted)");

  struct AddOptions {
    NewModel model;
    bool half_depth = false;
    bool full_depth = false;
  };
  auto options = std::make_shared<AddOptions>();
  std::string categories;
  for (const auto& c : model_categories()) {
    categories += (categories.empty() ? "" : "|") + c;
  }
  CLI::App* add = add_verb(*noun, "add", "Add a model of a manufacturer (add the manufacturer with `vendor add` first)",
                           "tally model add Dell \"PowerEdge R640\" --category server --u-height 1 --stores-data "
                           "--warranty-months 36 --gtin 05397184237127");
  add->add_option("manufacturer", options->model.manufacturer, "Manufacturer (a vendor)")->required();
  add->add_option("model", options->model.name, "Model name")->required();
  add->add_option("--category", options->model.category, "Category")
      ->required()
      ->check(CLI::IsMember(model_categories()))
      ->option_text(categories);
  add->add_option("--part-number", options->model.part_number, "Manufacturer part number");
  add->add_option("--gtin", options->model.gtin, "GTIN-8/12/13/14 barcode number (check digit verified)");
  add->add_option("--u-height", options->model.u_height, "Rack height in U: 0, 0.5, 1, 2, ... (default 0)");
  auto* full = add->add_flag("--full-depth", options->full_depth, "Occupies both rack faces (the default)");
  auto* half = add->add_flag("--half-depth", options->half_depth, "Occupies one rack face only");
  full->excludes(half);
  add->add_flag("--bulk", options->model.bulk, "Counted stock (cables, optics by the box), not tagged one by one");
  add->add_flag("--stores-data", options->model.stores_data, "Holds data: disposal needs a wipe record");
  add->add_option("--warranty-months", options->model.warranty_months, "Default warranty from receipt (default 0)");
  registry.add(add, [options](Context& ctx) {
    NewModel model = options->model;
    model.full_depth = !options->half_depth;
    ctx.print(Record{model_json(add_model(ctx.db(), ctx.actor(), model)), {}});
  });

  CLI::App* list = add_verb(*noun, "list", "List models", "tally model list --format json");
  registry.add(list, [](Context& ctx) {
    Table table;
    table.columns = {{"manufacturer", "manufacturer"}, {"model", "model"},
                     {"part_number", "part number"},   {"gtin", "gtin"},
                     {"category", "category"},         {"u_height", "U", Align::right},
                     {"full_depth", "full depth"},     {"bulk", "bulk"},
                     {"stores_data", "stores data"},   {"warranty_months", "warranty months", Align::right}};
    table.columns = fitted(table.columns, {"model"}, {"full_depth", "stores_data", "warranty_months", "bulk"});
    for (const auto& m : list_models(ctx.db())) {
      table.rows.push_back(model_json(m));
    }
    ctx.print(table);
  });
}

void add_import_models(CLI::App& import, Registry& registry) {
  auto options = std::make_shared<ModelImportOptions>();
  CLI::App* verb = add_verb(import, "models", "Load models from NetBox device-type library YAML files, all or none",
                            "tally import models devicetype-library/device-types/Dell --category server");
  verb->add_option("paths", options->paths, "YAML files, or directories searched for *.yaml/*.yml")->required();
  verb->add_option("--category", options->category, "Category of every model imported (NetBox has none)")
      ->check(CLI::IsMember(model_categories()))
      ->capture_default_str();
  verb->add_flag("--update", options->update, "Change models that exist with another part number, height or depth");
  verb->add_flag("--dry-run", options->dry_run, "Check every file and print what would happen; write nothing");
  verb->add_flag("--skip-duplicates", options->skip_duplicates,
                 "Import the rest when a model is in two files: skip the later copies and list them");
  verb->footer(
      "\nReads manufacturer, model, part_number, u_height (default 1, steps of 0.5) and is_full_depth (default\n"
      "true); other keys (airflow, weight, interfaces, ...) are ignored. Missing manufacturers are created.\n"
      "A model that exists with the same values is left unchanged, so a library can be loaded again.\n"
      "Every document of a multi-document file is a device type; files under module-types/ are refused.\n"
      "Symbolic links to directories are followed (each directory once).");
  registry.add(verb, [options](Context& ctx) {
    const ModelImportReport report = import_netbox_models(ctx.db(), ctx.actor(), *options);
    Table table;
    table.columns = {{"file", "file"},
                     {"manufacturer", "manufacturer"},
                     {"model", "model"},
                     {"part_number", "part_number"},
                     {"u_height", "u_height", Align::right},
                     {"full_depth", "full_depth"},
                     {"result", "result"}};
    int created = 0;
    int updated = 0;
    for (const auto& m : report.models) {
      table.rows.push_back({{"file", m.file},
                            {"manufacturer", m.manufacturer},
                            {"model", m.model},
                            {"part_number", m.part_number ? Json(*m.part_number) : Json(nullptr)},
                            {"u_height", format_u_height(m.u_height_halves)},
                            {"full_depth", m.full_depth},
                            {"result", m.result}});
      created += m.result == "created" ? 1 : 0;
      updated += m.result == "updated" ? 1 : 0;
    }
    ctx.print(table);
    for (const auto& duplicate : report.duplicates_skipped) {
      ctx.note("skipped a duplicate: " + duplicate);
    }
    ctx.note(std::string(report.dry_run ? "dry run, nothing was written: " : "") + std::to_string(created) +
             " models created, " + std::to_string(updated) + " updated, " +
             std::to_string(report.models.size() - created - updated) + " unchanged; " +
             std::to_string(report.manufacturers_created.size()) + " manufacturers created");
  });
}

}  // namespace tally::cli
