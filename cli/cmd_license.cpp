#include "context.hpp"
#include "licenses.hpp"

#include <memory>

namespace tally::cli {

namespace {

KeyDisplay key_display(bool show_keys) {
  return show_keys ? KeyDisplay::shown : KeyDisplay::masked;
}

std::vector<Column> license_columns() {
  return {{"id", "id"},
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
          {"key", "key"}};
}

// --asset TAG | --person USER | --team TEAM: exactly one (CLI11 checks it).
struct AssigneeOptions {
  std::string asset, person, team;
};

void add_assignee_options(CLI::App* verb, AssigneeOptions& options, const std::string& what) {
  CLI::Option_group* group = verb->add_option_group("assignee", "Exactly one of these");
  group->add_option("--asset", options.asset, "Asset tag (or a serial only one asset has) that " + what);
  group->add_option("--person", options.person, "Username of the person who " + what);
  group->add_option("--team", options.team, "Team code (or a unique team name) that " + what);
  group->require_option(1);
}

Assignee assignee_of(const CLI::App* verb, const AssigneeOptions& options) {
  if (verb->count("--asset") > 0) {
    return {AssigneeKind::asset, options.asset};
  }
  if (verb->count("--person") > 0) {
    return {AssigneeKind::person, options.person};
  }
  return {AssigneeKind::team, options.team};
}

}  // namespace

void setup_license(CLI::App& app, Registry& registry) {
  CLI::App* noun =
      add_noun(app, "license", "Software licenses: seats bought and assigned, owning team, expiry, compliance");

  struct AddOptions {
    NewLicense license;
    std::int64_t seats = 0;
    std::string key, starts, expires, team, po, cost, currency;
    bool show_keys = false;
  };
  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = add_verb(*noun, "add", "Add a license; prints it with its id (LIC-00042)",
                           "tally license add \"Visio Professional\" --vendor Microsoft --seats 25 --team IT-5 "
                           "--expires 2027-06-30 --key ABCD-EFGH-IJKL-7Q2K --cost 12500.00");
  add->add_option("product", add_options->license.product, "Product name")->required();
  add->add_option("--vendor", add_options->license.vendor, "Vendor (as in `tally vendor list`)")->required();
  add_quantity(*add, "--seats", add_options->seats, "Seats bought (required unless --type site)", 1);
  add->add_option("--type", add_options->license.type, "per-seat (default), per-device, per-core, site, subscription")
      ->check(CLI::IsMember(license_types()));
  add->add_option("--key", add_options->key, "License key (a secret: printed masked unless --show-keys)");
  add->add_option("--starts", add_options->starts, "Start date, YYYY-MM-DD");
  add->add_option("--expires", add_options->expires, "Expiry date, YYYY-MM-DD");
  add->add_option("--team", add_options->team, "Owning team (it pays for the license)");
  add->add_option("--po", add_options->po, "Purchase order it was bought on");
  add->add_option("--cost", add_options->cost, "Cost, e.g. 12500.00");
  add->add_option("--currency", add_options->currency, "Currency of --cost (default: the PO's, else the setting)");
  add->add_flag("--allow-overallocation", add_options->license.allow_overallocation,
                "Accept more assigned seats than bought (and report them)");
  add->add_flag("--show-keys", add_options->show_keys, "Print the license key in clear");
  registry.add(add, [add_options, add](Context& ctx) {
    NewLicense license = add_options->license;
    if (add->count("--seats") > 0) {
      license.seats = add_options->seats;
    }
    license.key = given(add, "--key", add_options->key);
    license.starts_on = given(add, "--starts", add_options->starts);
    license.expires_on = given(add, "--expires", add_options->expires);
    license.team = given(add, "--team", add_options->team);
    license.po = given(add, "--po", add_options->po);
    license.cost = given(add, "--cost", add_options->cost);
    license.currency = given(add, "--currency", add_options->currency);
    ctx.print(license_record(add_license(ctx.db(), ctx.actor(), license), key_display(add_options->show_keys)));
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
  registry.add(assign, [assign_options, assign](Context& ctx) {
    LicenseAssignRequest request = assign_options->request;
    request.to = assignee_of(assign, assign_options->to);
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
  registry.add(unassign, [unassign_options, unassign](Context& ctx) {
    ctx.print(license_record(unassign_license(ctx.db(), ctx.actor(), unassign_options->license,
                                              assignee_of(unassign, unassign_options->from)),
                             key_display(unassign_options->show_keys)));
  });

  struct SetOptions {
    std::string license;
    std::int64_t seats = 0;
    std::string starts, expires, team, key, cost;
    bool allow = false, forbid = false, show_keys = false;
  };
  auto set_options = std::make_shared<SetOptions>();
  CLI::App* set = add_verb(*noun, "set", "Change seats, dates, owning team, key, cost or over-allocation",
                           "tally license set LIC-00042 --seats 30 --expires 2028-06-30");
  set->add_option("license", set_options->license, "License id, e.g. LIC-00042")->required();
  add_quantity(*set, "--seats", set_options->seats,
               "Seats bought (not below those assigned, unless over-allocation is allowed)", 1);
  set->add_option("--starts", set_options->starts, "Start date, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--expires", set_options->expires, "Expiry date, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--team", set_options->team, "Owning team (\"\" clears it)");
  set->add_option("--key", set_options->key, "License key (\"\" clears it)");
  set->add_option("--cost", set_options->cost, "Cost in the license's currency (\"\" clears it)");
  auto* allow = set->add_flag("--allow-overallocation", set_options->allow, "Accept more assigned seats than bought");
  auto* forbid = set->add_flag("--no-overallocation", set_options->forbid, "Refuse more assigned seats than bought");
  allow->excludes(forbid);
  set->add_flag("--show-keys", set_options->show_keys, "Print the license key in clear");
  registry.add(set, [set_options, set](Context& ctx) {
    LicenseChange change;
    change.license = set_options->license;
    if (set->count("--seats") > 0) {
      change.seats = set_options->seats;
    }
    change.starts_on = given(set, "--starts", set_options->starts);
    change.expires_on = given(set, "--expires", set_options->expires);
    change.team = given(set, "--team", set_options->team);
    change.key = given(set, "--key", set_options->key);
    change.cost = given(set, "--cost", set_options->cost);
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
    std::string team, vendor;
    int days = 0;
    bool show_keys = false;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = add_verb(*noun, "list", "List licenses with seats bought, used and free, and days to expiry",
                            "tally license list --team 1I --over-allocated   (or --expiring-within 30, --expired)");
  list->add_option("--team", list_options->team, "Only licenses owned by this unit or the units below it");
  list->add_option("--vendor", list_options->vendor, "Only this vendor's licenses");
  auto* within =
      list->add_option("--expiring-within", list_options->days, "Only licenses expiring between today and today + DAYS")
          ->option_text("DAYS");
  auto* expired = list->add_flag("--expired", list_options->filter.expired, "Only licenses that expired before today");
  within->excludes(expired);
  list->add_flag("--over-allocated", list_options->filter.over_allocated,
                 "Only licenses with more seats used than bought");
  list->add_flag("--show-keys", list_options->show_keys, "Print license keys in clear");
  auto terms = add_filter_terms(*list, "product vendor type team po seats used free starts expires");
  registry.add(list, [list_options, list, terms](Context& ctx) {
    LicenseFilter filter = list_options->filter;
    filter.terms = *terms;
    filter.team = given(list, "--team", list_options->team);
    filter.vendor = given(list, "--vendor", list_options->vendor);
    if (list->count("--expiring-within") > 0) {
      filter.expiring_within = list_options->days;
    }
    Table table;
    table.columns = license_columns();
    const auto licenses = list_licenses(ctx.db(), filter);
    table.rows.reserve(licenses.size());
    for (const auto& l : licenses) {
      table.rows.push_back(license_json(l, key_display(list_options->show_keys)));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
