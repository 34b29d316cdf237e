#include "context.hpp"
#include "error.hpp"
#include "racks.hpp"

#include <fstream>
#include <memory>

namespace tally::cli {

namespace {

std::vector<Column> rack_columns() {
  return {{"rack", "rack"},
          {"name", "name", Align::left, false},
          {"location", "location", Align::left, false},
          {"height", "U", Align::right},
          {"starting_unit", "first U", Align::right, false},
          {"team", "team"},
          {"used_u", "used", Align::right},
          {"free_u", "free", Align::right},
          {"utilization", "used %", Align::right},
          {"devices", "devices", Align::right}};
}

std::optional<Face> face_of(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  return text == "rear" ? Face::rear : Face::front;
}

// The options install and move share.
struct PlaceOptions {
  Installation installation;
  std::string face;
};

void add_place_options(CLI::App* verb, PlaceOptions& options, bool with_force) {
  verb->add_option("asset", options.installation.asset, "Tag, serial or external barcode")->required();
  verb->add_option("--rack", options.installation.rack, "Rack: NAME, or LOCATION/NAME when the name is not unique")
      ->required();
  verb->add_option("--u", options.installation.u,
                   "Lowest unit the device occupies, e.g. 10 or 10.5 (half units for half-U models); "
                   "none for a 0U device");
  verb->add_option("--face", options.face, "front or rear: required for half-depth devices")
      ->check(CLI::IsMember({"front", "rear"}));
  if (with_force) {
    verb->add_flag("--force", options.installation.force, "Install despite a failed hardware test (needs --reason)");
    verb->add_option("--reason", options.installation.reason, "Why --force is right (kept in the history)");
  }
}

Installation installation_of(const PlaceOptions& options) {
  Installation in = options.installation;
  in.face = face_of(options.face);
  return in;
}

Record placed_asset_record(const Asset& asset) {
  return Record{asset_json(asset), {}};
}

}  // namespace

void setup_rack(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "rack", "Racks: install servers at U positions, elevations, utilization");

  auto add_options = std::make_shared<NewRack>();
  CLI::App* add = add_verb(*noun, "add", "Add a rack to a location; its name is unique within the location",
                           "tally rack add R01 --location DC1-H1 --height 42 --team A-3");
  add->add_option("name", add_options->name, "Rack name (no '/')")->required();
  add->add_option("--location", add_options->location, "Location code (room, cage, row)")->required();
  add_number(*add, "--height", add_options->height_u, "Height in units, 1-100 (default 42)");
  add_number(*add, "--starting-unit", add_options->starting_unit, "Number of the lowest unit (default 1)");
  add->add_option("--team", add_options->team, "Owning team");
  registry.add(add, [add_options](Context& ctx) {
    const Rack added = add_rack(ctx.db(), ctx.actor(), *add_options);
    ctx.print(Record{rack_json(RackView{added, {}, 0, 0}), {}});
  });

  auto list_location = std::make_shared<std::optional<std::string>>();
  CLI::App* list = add_verb(*noun, "list", "Racks with units used and free, utilization and device count",
                            "tally rack list --location DC1");
  list->add_option("--location", *list_location, "Only racks at this location and below it");
  registry.add(list, [list_location](Context& ctx) {
    Table table{rack_columns(), {}, {}};
    for (const auto& view : list_racks(ctx.db(), *list_location)) {
      table.rows.push_back(rack_json(view));
    }
    ctx.print(table);
  });

  struct ShowOptions {
    std::string rack, svg;
  };
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = add_verb(*noun, "show",
                            "Show a rack: its elevation (both faces, top to bottom) and its devices; "
                            "--svg also writes the elevation as an SVG drawing",
                            "tally rack show DC1-H1/R01 --svg r01.svg");
  show->add_option("rack", show_options->rack, "NAME, or LOCATION/NAME")->required();
  show->add_option("--svg", show_options->svg, "Write the elevation as SVG to this file");
  registry.add(show, [show_options](Context& ctx) {
    const RackView view = show_rack(ctx.db(), show_options->rack);
    if (!show_options->svg.empty()) {
      std::ofstream out(show_options->svg, std::ios::binary | std::ios::trunc);
      out << elevation_svg(view);
      out.close();
      if (!out) {
        throw usage_error("rack show: cannot write --svg " + show_options->svg);
      }
      ctx.note("wrote " + show_options->svg);
    }
    ctx.print(rack_record(view));
  });

  auto install_options = std::make_shared<PlaceOptions>();
  CLI::App* install =
      add_verb(*noun, "install",
               "Install an asset in a rack at --u (its lowest unit); it becomes deployed at the rack's location",
               "tally rack install AT-00000017 --rack DC1-H1/R01 --u 10 --face front");
  add_place_options(install, *install_options, true);
  registry.add(install, [install_options](Context& ctx) {
    ctx.print(placed_asset_record(install_asset(ctx.db(), ctx.actor(), installation_of(*install_options))));
  });

  auto move_options = std::make_shared<PlaceOptions>();
  CLI::App* move =
      add_verb(*noun, "move", "Move an installed asset to another rack or position in one step (it stays deployed)",
               "tally rack move AT-00000017 --rack DC1-H1/R02 --u 20");
  add_place_options(move, *move_options, true);
  registry.add(move, [move_options](Context& ctx) {
    ctx.print(placed_asset_record(move_in_rack(ctx.db(), ctx.actor(), installation_of(*move_options))));
  });

  struct RemoveOptions {
    std::string asset;
    std::optional<std::string> to;
  };
  auto remove_options = std::make_shared<RemoveOptions>();
  CLI::App* remove =
      add_verb(*noun, "remove", "Take an asset out of its rack: its units are freed and it goes back to in_stock",
               "tally rack remove AT-00000017 --to WH1");
  remove->add_option("asset", remove_options->asset, "Tag, serial or external barcode")->required();
  remove->add_option("--to", remove_options->to, "Location it goes to (default: the rack's location)");
  registry.add(remove, [remove_options](Context& ctx) {
    ctx.print(placed_asset_record(remove_from_rack(ctx.db(), ctx.actor(), remove_options->asset, remove_options->to)));
  });
}

}  // namespace tally::cli
