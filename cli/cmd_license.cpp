#include "context.hpp"
#include "licenses.hpp"

#include <memory>

namespace tally::cli {

namespace {

KeyDisplay key_display(bool show_keys) {
  return show_keys ? KeyDisplay::shown : KeyDisplay::masked;
}

std::vector<Column> license_columns() {
  // The key column is the license's code; the vendor and the type go first on a narrow terminal.
  return fitted({{"id", "id"},
                 {"product", "product"},
                 {"vendor", "vendor"},
                 {"type", "type"},
                 {"seats", "seats", Align::right},
                 {"used", "used", Align::right},
                 {"free", "free", Align::right},
                 {"over_allocated", "over"},
                 {"allow_overallocation", "may over", Align::left, false},
                 {"starts_on", "starts", Align::left, false},
                 {"expires_on", "expires"},
                 {"days_to_expiry", "days left", Align::right},
                 {"team", "team"},
                 {"po", "po", Align::left, false},
                 {"cost", "cost", Align::left, false},
                 {"currency", "currency", Align::left, false},
                 {"key", "key"}},
                {}, {"key", "type", "vendor", "over_allocated", "team"});
}

// --asset TAG | --person USER | --team TEAM: exactly one (CLI11 checks it).
struct AssigneeOptions {
  std::optional<std::string> asset, person, team;
};

void add_assignee_options(CLI::App* verb, AssigneeOptions& options, const std::string& what) {
  CLI::Option_group* group = verb->add_option_group("assignee", "Exactly one of these");
  group->add_option("--asset", options.asset, "Asset tag (or a serial only one asset has) that " + what);
  group->add_option("--person", options.person, "Username of the person who " + what);
  group->add_option("--team", options.team, "Team code (or a unique team name) that " + what);
  group->require_option(1);
}

Assignee assignee_of(const AssigneeOptions& options) {
  if (options.asset) {
    return {AssigneeKind::asset, *options.asset};
  }
  if (options.person) {
    return {AssigneeKind::person, *options.person};
  }
  return {AssigneeKind::team, options.team.value_or("")};
}

}  // namespace

void setup_license(CLI::App& app, Registry& registry) {
  CLI::App* noun =
      add_noun(app, "license", "Software licenses: seats bought and assigned, owning team, expiry, compliance");

  struct AddOptions {
    NewLicense license;
    bool show_keys = false;
  };
  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = add_verb(*noun, "add", "Add a license; prints it with its id (LIC-00042)",
                           "tally license add \"Visio Professional\" --vendor Microsoft --seats 25 --team IT-5 "
                           "--expires 2027-06-30 --key ABCD-EFGH-IJKL-7Q2K --cost 12500.00");
  add->add_option("product", add_options->license.product, "Product name")->required();
  add->add_option("--vendor", add_options->license.vendor, "Vendor (as in `tally vendor list`)")->required();
  add_quantity(*add, "--seats", add_options->license.seats, "Seats bought (required unless --type site)", 1);
  add->add_option("--type", add_options->license.type, "per-seat (default), per-device, per-core, site, subscription")
      ->check(CLI::IsMember(license_types()));
  add->add_option("--key", add_options->license.key, "License key (a secret: printed masked unless --show-keys)");
  add->add_option("--starts", add_options->license.starts_on, "Start date, YYYY-MM-DD");
  add->add_option("--expires", add_options->license.expires_on, "Expiry date, YYYY-MM-DD");
  add->add_option("--team", add_options->license.team, "Owning team (it pays for the license)");
  add->add_option("--po", add_options->license.po, "Purchase order it was bought on");
  add->add_option("--cost", add_options->license.cost, "Cost, e.g. 12500.00");
  add->add_option("--currency", add_options->license.currency,
                  "Currency of --cost (default: the PO's, else the setting)");
  add->add_flag("--allow-overallocation", add_options->license.allow_overallocation,
                "Accept more assigned seats than bought (and report them)");
  add->add_flag("--show-keys", add_options->show_keys, "Print the license key in clear");
  registry.add(add, [add_options](Context& ctx) {
    ctx.print(
        license_record(add_license(ctx.db(), ctx.actor(), add_options->license), key_display(add_options->show_keys)));
  });

  struct AssignOptions {
    LicenseAssignRequest request;
    AssigneeOptions to;
    bool show_keys = false;
  };
  auto assign_options = std::make_shared<AssignOptions>();
  CLI::App* assign = add_verb(*noun, "assign", "Give seats of a license to an asset, a person or a team",
                              "tally license assign LIC-00042 --person ana.lopez   (or --asset AT-00000013, "
                              "--team A-2 --qty 5)");
  assign->add_option("license", assign_options->request.license, "License id, e.g. LIC-00042")->required();
  add_assignee_options(assign, assign_options->to, "receives the seats");
  add_quantity(*assign, "--qty", assign_options->request.quantity, "Seats to give (default 1; adds to what it holds)",
               1);
  assign->add_flag("--show-keys", assign_options->show_keys, "Print the license key in clear");
  assign->add_flag("--force", assign_options->request.expired_ok, "Assign a seat of an expired license anyway");
  registry.add(assign, [assign_options](Context& ctx) {
    LicenseAssignRequest request = assign_options->request;
    request.to = assignee_of(assign_options->to);
    ctx.print(license_record(assign_license(ctx.db(), ctx.actor(), request), key_display(assign_options->show_keys)));
  });

  struct UnassignOptions {
    std::string license;
    AssigneeOptions from;
    bool show_keys = false;
  };
  auto unassign_options = std::make_shared<UnassignOptions>();
  CLI::App* unassign = add_verb(*noun, "unassign", "Take back every seat an asset, a person or a team holds",
                                "tally license unassign LIC-00042 --person ana.lopez");
  unassign->add_option("license", unassign_options->license, "License id, e.g. LIC-00042")->required();
  add_assignee_options(unassign, unassign_options->from, "gives the seats back");
  unassign->add_flag("--show-keys", unassign_options->show_keys, "Print the license key in clear");
  registry.add(unassign, [unassign_options](Context& ctx) {
    ctx.print(license_record(
        unassign_license(ctx.db(), ctx.actor(), unassign_options->license, assignee_of(unassign_options->from)),
        key_display(unassign_options->show_keys)));
  });

  struct SetOptions {
    LicenseChange change;
    bool allow = false, forbid = false, show_keys = false;
  };
  auto set_options = std::make_shared<SetOptions>();
  CLI::App* set = add_verb(*noun, "set", "Change seats, dates, owning team, key, cost or over-allocation",
                           "tally license set LIC-00042 --seats 30 --expires 2028-06-30");
  set->add_option("license", set_options->change.license, "License id, e.g. LIC-00042")->required();
  add_quantity(*set, "--seats", set_options->change.seats,
               "Seats bought (not below those assigned, unless over-allocation is allowed)", 1);
  set->add_option("--starts", set_options->change.starts_on, "Start date, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--expires", set_options->change.expires_on, "Expiry date, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--team", set_options->change.team, "Owning team (\"\" clears it)");
  set->add_option("--key", set_options->change.key, "License key (\"\" clears it)");
  set->add_option("--cost", set_options->change.cost, "Cost in the license's currency (\"\" clears it)");
  auto* allow = set->add_flag("--allow-overallocation", set_options->allow, "Accept more assigned seats than bought");
  auto* forbid = set->add_flag("--no-overallocation", set_options->forbid, "Refuse more assigned seats than bought");
  allow->excludes(forbid);
  set->add_flag("--show-keys", set_options->show_keys, "Print the license key in clear");
  registry.add(set, [set_options](Context& ctx) {
    LicenseChange change = set_options->change;
    if (set_options->allow || set_options->forbid) {
      change.allow_overallocation = set_options->allow;
    }
    ctx.print(license_record(set_license(ctx.db(), ctx.actor(), change), key_display(set_options->show_keys)));
  });

  struct ShowOptions {
    std::string license;
    bool show_keys = false;
  };
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = add_verb(*noun, "show", "Show a license with its assignments", "tally license show LIC-00042");
  show->add_option("license", show_options->license, "License id, e.g. LIC-00042")->required();
  show->add_flag("--show-keys", show_options->show_keys, "Print the license key in clear");
  registry.add(show, [show_options](Context& ctx) {
    ctx.print(license_record(show_license(ctx.db(), show_options->license), key_display(show_options->show_keys)));
  });

  struct ListOptions {
    LicenseFilter filter;
    bool show_keys = false;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = add_verb(*noun, "list", "List licenses with seats bought, used and free, and days to expiry",
                            "tally license list --team 1I --over-allocated   (or --expiring-within 30, --expired)");
  list->add_option("--team", list_options->filter.team, "Only licenses owned by this unit or the units below it");
  list->add_option("--vendor", list_options->filter.vendor, "Only this vendor's licenses");
  auto* within = add_number(*list, "--expiring-within", list_options->filter.expiring_within,
                            "Only licenses expiring between today and today + DAYS")
                     ->option_text("DAYS");
  auto* expired = list->add_flag("--expired", list_options->filter.expired, "Only licenses that expired before today");
  within->excludes(expired);
  list->add_flag("--over-allocated", list_options->filter.over_allocated,
                 "Only licenses with more seats used than bought");
  list->add_flag("--show-keys", list_options->show_keys, "Print license keys in clear");
  auto terms = add_filter_terms(*list, "product vendor type team po seats used free starts expires");
  registry.add(list, [list_options, terms](Context& ctx) {
    LicenseFilter filter = list_options->filter;
    filter.terms = *terms;
    TableWriter out = ctx.table_writer(license_columns());
    const KeyDisplay keys = key_display(list_options->show_keys);
    for_each_license(ctx.db(), filter, [&out, keys](const License& l) { out.add(license_json(l, keys)); });
    out.finish();
  });
}

}  // namespace tally::cli
