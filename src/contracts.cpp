#include "contracts.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "money.hpp"
#include "teams.hpp"
#include "purchasing.hpp"
#include "racks.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <set>

namespace tally {

namespace {

constexpr const char* k_contract_query =
    "SELECT c.id, c.number, v.name, c.kind, c.starts_on, c.ends_on, c.notice_days, c.auto_renew, c.sla, "
    "c.cost_minor, c.currency, c.period, t.code, po.number, c.notes, "
    "(SELECT count(*) FROM contract_asset ca WHERE ca.contract_id = c.id) "
    "FROM contract c JOIN vendor v ON v.id = c.vendor_id LEFT JOIN team t ON t.id = c.owner_team_id "
    "LEFT JOIN purchase_order po ON po.id = c.po_id ";

std::optional<std::int64_t> int_or_null(const Field& c) {
  return c.is_null() ? std::nullopt : std::optional<std::int64_t>(c.as_int64());
}

date::sys_days day_of(const std::string& text) {
  // The schema stores only canonical dates.
  return date::sys_days{*parse_date(text)};
}

std::string date_text(date::sys_days day) {
  return format_date(date::year_month_day{day});
}

Contract read_contract(Statement& q, date::sys_days today) {
  Contract c;
  c.id = q.column(0).as_int64();
  c.number = q.column(1).as_text();
  c.vendor = q.column(2).as_text();
  c.kind = q.column(3).as_text();
  c.starts_on = q.column(4).as_text();
  c.ends_on = q.column(5).as_text();
  c.notice_days = q.column(6).as_int64();
  c.auto_renew = q.column(7).as_int() != 0;
  c.sla = text_or_null(q.column(8));
  c.cost_minor = int_or_null(q.column(9));
  c.currency = text_or_null(q.column(10));
  c.period = text_or_null(q.column(11));
  c.team = text_or_null(q.column(12));
  c.po = text_or_null(q.column(13));
  c.notes = text_or_null(q.column(14));
  c.assets = q.column(15).as_int64();
  const date::sys_days ends = day_of(c.ends_on);
  c.status = ends < today ? "ended" : day_of(c.starts_on) > today ? "future" : "active";
  c.days_to_end = (ends - today).count();
  c.notice_by = date_text(ends - date::days{c.notice_days});
  c.notice_overdue = ends >= today && ends - date::days{c.notice_days} < today;
  return c;
}

// "SUP-1 (Dell)": how messages name a contract.
std::string described(const Contract& c) {
  return c.number + " (" + c.vendor + ")";
}

// The vendors that have a contract with this number, by name.
std::vector<std::string> vendors_with_number(Database& db, const std::string& number) {
  Statement q(db,
              "SELECT v.name FROM contract c JOIN vendor v ON v.id = c.vendor_id WHERE c.number = ? "
              "ORDER BY v.name");
  q.bind(1, number);
  std::vector<std::string> names;
  while (q.step()) {
    names.push_back(q.column(0).as_text());
  }
  return names;
}

Contract require_contract(Database& db, const std::string& context, const ContractRef& ref) {
  const std::string number = trim(ref.number);
  const date::sys_days today_day{today()};
  if (ref.vendor) {
    const Vendor vendor = resolve_vendor(db, *ref.vendor);
    Statement q(db, std::string(k_contract_query) + "WHERE c.number = ? AND c.vendor_id = ?");
    q.bind(1, number);
    q.bind(2, vendor.id);
    if (q.step()) {
      return read_contract(q, today_day);
    }
    const auto others = vendors_with_number(db, number);
    throw not_found(
        context + ": vendor " + vendor.name + " has no contract '" + number + "'" +
            (others.empty() ? " (`" + command_ref("contract list " + field_ref("vendor") + " " + vendor.name) +
                                  "` shows its contracts)"
                            : "; it exists for: " + join(others)),
        "contract");
  }
  Statement q(db, std::string(k_contract_query) + "WHERE c.number = ? ORDER BY v.name");
  q.bind(1, number);
  std::vector<Contract> found;
  while (q.step()) {
    found.push_back(read_contract(q, today_day));
  }
  if (found.empty()) {
    throw not_found(context + ": no contract '" + number + "' (`" + command_ref("contract list") + "` shows them)",
                    "contract");
  }
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const auto& c : found) {
      names.push_back(c.vendor);
    }
    throw Error(Problem::invalid,
                context + ": contract number '" + number + "' exists for " + std::to_string(found.size()) +
                    " vendors: " + join(names) + "; add " + field_ref("vendor") + " to say which",
                "vendor");
  }
  return found.front();
}

ContractDetail detail_of(Database& db, const Contract& contract) {
  ContractDetail detail;
  detail.contract = contract;
  Statement terms(db,
                  "SELECT starts_on, ends_on, cost_minor, recorded_at FROM contract_term "
                  "WHERE contract_id = ? ORDER BY starts_on, id");
  terms.bind(1, contract.id);
  while (terms.step()) {
    detail.terms.push_back({terms.column(0).as_text(), terms.column(1).as_text(), int_or_null(terms.column(2)),
                            terms.column(3).as_text()});
  }
  Statement assets(db,
                   "SELECT a.tag, a.serial, m.label, a.status FROM contract_asset ca "
                   "JOIN asset a ON a.id = ca.asset_id JOIN v_model m ON m.model_id = a.model_id "
                   "WHERE ca.contract_id = ? ORDER BY a.tag");
  assets.bind(1, contract.id);
  while (assets.step()) {
    detail.covered.push_back({assets.column(0).as_text(), assets.column(1).as_text(), assets.column(2).as_text(),
                              assets.column(3).as_text()});
  }
  return detail;
}

// The contract re-read (after a change), with its terms and assets.
ContractDetail reread(Database& db, const Contract& contract) {
  return detail_of(db, require_contract(db, "contract", {contract.number, contract.vendor}));
}

std::string checked_date(const std::string& context, const std::string& field, const std::string& text) {
  if (!parse_date(text)) {
    throw Error(Problem::invalid, context + ": " + field_ref(field) + " '" + text + "' is not a date like 2026-11-27",
                field);
  }
  return text;
}

std::int64_t checked_cost(const std::string& context, const std::string& cost, const std::string& currency) {
  const auto minor = parse_amount(cost, currency);
  if (!minor) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("cost") + " '" + cost + "' is not a non-negative " + currency +
                    " amount with at most " + std::to_string(minor_digits(currency)) + " decimals, like 1234.56",
                "cost");
  }
  return *minor;
}

// The fields the history keeps: the stored ones.
Json stored_fields(const Contract& c) {
  Json fields = contract_json(c);
  for (const char* derived : {"status", "days_to_end", "notice_by", "assets"}) {
    fields.erase(derived);
  }
  return fields;
}

bool is_final(const std::string& status) {
  return status == "disposed" || status == "returned_to_vendor";
}

void refuse_if_ended(const std::string& context, const Contract& contract) {
  if (contract.status == "ended") {
    throw refused(context + ": contract " + described(contract) + " ended on " + contract.ends_on + ", before today " +
                  format_date(today()) + "; renew it first (`" +
                  command_ref("contract renew " + contract.number + " " + field_ref("ends_on") + " DATE") + "`)");
  }
}

// Covers one asset that is not disposed or returned; "covered" or "already covered".
std::string cover_one(Database& db, const std::string& actor, const Contract& contract, const Asset& asset) {
  Statement exists(db, "SELECT 1 FROM contract_asset WHERE contract_id = ? AND asset_id = ?");
  exists.bind(1, contract.id);
  exists.bind(2, asset.id);
  if (exists.step()) {
    return "already covered";
  }
  Statement insert(db, "INSERT INTO contract_asset (contract_id, asset_id) VALUES (?, ?)");
  insert.bind(1, contract.id);
  insert.bind(2, asset.id);
  insert.exec();
  append_event(db, actor, "cover", "asset", asset.tag, nullptr,
               {{"contract", contract.number}, {"vendor", contract.vendor}});
  return "covered";
}

}  // namespace

Json contract_json(const Contract& c) {
  return {{"number", c.number},
          {"vendor", c.vendor},
          {"kind", c.kind},
          {"status", c.status},
          {"starts_on", c.starts_on},
          {"ends_on", c.ends_on},
          {"days_to_end", c.days_to_end},
          {"notice_days", c.notice_days},
          {"notice_by", c.notice_by},
          {"notice_overdue", c.notice_overdue},
          {"auto_renew", c.auto_renew},
          {"sla", json_or_null(c.sla)},
          {"cost", c.cost_minor && c.currency ? Json(format_amount(*c.cost_minor, *c.currency)) : Json()},
          {"currency", json_or_null(c.currency)},
          {"period", json_or_null(c.period)},
          {"team", json_or_null(c.team)},
          {"po", json_or_null(c.po)},
          {"assets", c.assets},
          {"notes", json_or_null(c.notes)}};
}

Json contract_term_json(const ContractTerm& t, const std::optional<std::string>& currency) {
  return {{"starts_on", t.starts_on},
          {"ends_on", t.ends_on},
          {"cost", t.cost_minor && currency ? Json(format_amount(*t.cost_minor, *currency)) : Json()},
          {"recorded_at", t.recorded_at}};
}

const std::vector<std::string>& contract_kinds() {
  static const std::vector<std::string> kinds = {"support", "maintenance",  "warranty-extension",
                                                 "lease",   "subscription", "other"};
  return kinds;
}

const std::vector<std::string>& contract_periods() {
  static const std::vector<std::string> periods = {"month", "year", "once"};
  return periods;
}

ContractDetail add_contract(Database& db, const std::string& actor, const NewContract& input) {
  const std::string context = "contract add";
  const std::string number = trim(input.number);
  if (number.empty()) {
    throw refused(context + ": the contract number must not be empty");
  }
  require_one_of(context, "kind", input.kind, contract_kinds());
  const std::string starts = checked_date(context, "starts_on", input.starts_on);
  const std::string ends = checked_date(context, "ends_on", input.ends_on);
  if (ends < starts) {
    throw Error(
        Problem::invalid,
        context + ": " + field_ref("ends_on") + " " + ends + " is before " + field_ref("starts_on") + " " + starts,
        "ends_on");
  }
  if (input.notice_days < 0) {
    throw Error(
        Problem::invalid,
        context + ": " + field_ref("notice_days") + " " + std::to_string(input.notice_days) + " must be 0 or more",
        "notice_days");
  }
  if (input.cost && !input.period) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("cost") + " " + *input.cost + " needs " + field_ref("period") +
                    " month, year or once",
                "cost");
  }
  if (input.period && !input.cost) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("period") + " " + *input.period + " needs " + field_ref("cost") + " AMOUNT",
                "period");
  }
  if (input.period) {
    require_one_of(context, "period", *input.period, contract_periods());
  }
  if (input.currency && !input.cost) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("currency") + " " + *input.currency + " needs " + field_ref("cost"),
                "currency");
  }
  std::optional<std::string> sla;
  if (input.sla && !trim(*input.sla).empty()) {
    sla = trim(*input.sla);
  }
  return write(db, [&] {
    const Vendor vendor = resolve_vendor(db, input.vendor);
    Statement duplicate(db, "SELECT ends_on FROM contract WHERE vendor_id = ? AND number = ?");
    duplicate.bind(1, vendor.id);
    duplicate.bind(2, number);
    if (duplicate.step()) {
      throw conflict(context + ": vendor " + vendor.name + " already has contract " + number + " (ending " +
                         duplicate.column(0).as_text() + "); a number is unique per vendor (to extend it: `" +
                         command_ref("contract renew " + number + " " + field_ref("ends_on") + " DATE") + "`)",
                     "number");
    }
    std::optional<Team> team;
    if (input.team) {
      team = resolve_team(db, *input.team);
    }
    std::optional<PurchaseOrder> po;
    if (input.po) {
      po = show_po(db, *input.po);
    }
    std::optional<std::int64_t> cost;
    std::string currency;
    if (input.cost) {
      currency = input.currency ? *input.currency : po ? po->currency : get_setting(db, "currency");
      if (!is_currency_code(currency)) {
        throw Error(
            Problem::invalid,
            context + ": " + field_ref("currency") + " '" + currency + "' must be an ISO 4217 code such as USD or EUR",
            "currency");
      }
      cost = checked_cost(context, *input.cost, currency);
    }
    Statement insert(db,
                     "INSERT INTO contract (vendor_id, number, kind, starts_on, ends_on, notice_days, "
                     "auto_renew, sla, cost_minor, currency, period, owner_team_id, po_id, notes) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, vendor.id);
    insert.bind(2, number);
    insert.bind(3, input.kind);
    insert.bind(4, starts);
    insert.bind(5, ends);
    insert.bind(6, input.notice_days);
    insert.bind(7, input.auto_renew ? 1 : 0);
    if (sla) {
      insert.bind(8, *sla);
    }
    if (cost) {
      insert.bind(9, *cost);
      insert.bind(10, currency);
      insert.bind(11, *input.period);
    }
    if (team) {
      insert.bind(12, team->id);
    }
    if (po) {
      insert.bind(13, po->id);
    }
    if (input.notes && !trim(*input.notes).empty()) {
      insert.bind(14, trim(*input.notes));
    }
    insert.exec();
    const std::int64_t id = db.last_insert_rowid();
    Statement term(db,
                   "INSERT INTO contract_term (contract_id, starts_on, ends_on, cost_minor, recorded_at) "
                   "VALUES (?, ?, ?, ?, ?)");
    term.bind(1, id);
    term.bind(2, starts);
    term.bind(3, ends);
    if (cost) {
      term.bind(4, *cost);
    }
    term.bind(5, now_timestamp());
    term.exec();
    ContractDetail detail = detail_of(db, require_contract(db, context, {number, vendor.name}));
    append_event(db, actor, "create", "contract", number, nullptr, stored_fields(detail.contract));
    return detail;
  });
}

ContractDetail show_contract(Database& db, const ContractRef& ref) {
  try {
    return detail_of(db, require_contract(db, "contract show", ref));
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<Contract> list_contracts(Database& db, const ContractFilter& filter) {
  for (const auto& [field, days] : {std::make_pair("ending_within", filter.ending_within),
                                    std::make_pair("notice_due_within", filter.notice_due_within)}) {
    if (days && *days < 0) {
      throw Error(Problem::invalid,
                  "contract list: " + field_ref(field) + " " + std::to_string(*days) + " must be 0 or more days",
                  field);
    }
  }
  try {
    const date::sys_days day{today()};
    std::string where = "WHERE 1";
    std::optional<Vendor> vendor;
    if (filter.vendor) {
      vendor = resolve_vendor(db, *filter.vendor);
      where += " AND c.vendor_id = :vendor";
    }
    std::optional<Team> team;
    if (filter.team) {
      team = resolve_team(db, *filter.team);
      where += " AND c.owner_team_id IN " + team_subtree_sql(":team");
    }
    if (filter.ending_within) {
      where += " AND c.ends_on BETWEEN :today AND :ending";
    }
    if (filter.notice_due_within) {
      // A deadline already passed while the contract runs is the one most
      // worth seeing: it is listed too, marked notice_overdue.
      where += " AND c.ends_on >= :today AND date(c.ends_on, '-' || c.notice_days || ' days') <= :notice";
    }
    Statement q(db, std::string(k_contract_query) + where + " ORDER BY c.ends_on, v.name, c.number");
    if (vendor) {
      q.bind(":vendor", vendor->id);
    }
    if (team) {
      q.bind(":team", team->id);
    }
    if (filter.ending_within || filter.notice_due_within) {
      q.bind(":today", date_text(day));
    }
    if (filter.ending_within) {
      q.bind(":ending", date_text(day + date::days{*filter.ending_within}));
    }
    if (filter.notice_due_within) {
      q.bind(":notice", date_text(day + date::days{*filter.notice_due_within}));
    }
    std::vector<Contract> contracts;
    while (q.step()) {
      contracts.push_back(read_contract(q, day));
    }
    return contracts;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<CoverResult> cover_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                      const std::vector<std::string>& codes) {
  const std::string context = "contract cover";
  if (codes.empty()) {
    throw refused(context + ": no assets given; name them with " + field_ref("asset") + " TAG, " + field_ref("scan") +
                  " or " + field_ref("po") + " PO");
  }
  return write(db, [&] {
    const Contract contract = require_contract(db, context, ref);
    refuse_if_ended(context, contract);
    std::vector<Asset> assets;
    std::vector<std::string> problems;
    std::set<std::int64_t> seen;
    for (const auto& code : codes) {
      const Asset asset = resolve_asset(db, code);
      if (is_final(asset.status)) {
        problems.push_back("asset " + asset.tag + " is " + asset.status);
      } else if (seen.insert(asset.id).second) {
        assets.push_back(asset);
      }
    }
    if (!problems.empty()) {
      throw refused(context + ": " + join(problems, "; ") + "; a disposed or returned asset cannot be covered");
    }
    std::vector<CoverResult> results;
    for (const auto& asset : assets) {
      results.push_back({contract.number, contract.vendor, asset.tag, cover_one(db, actor, contract, asset)});
    }
    return results;
  });
}

std::vector<CoverResult> cover_po_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                         const std::string& po_number) {
  const std::string context = "contract cover";
  return write(db, [&] {
    const Contract contract = require_contract(db, context, ref);
    refuse_if_ended(context, contract);
    const PurchaseOrder po = show_po(db, po_number);
    Statement q(db,
                "SELECT a.id FROM asset a JOIN po_line pl ON pl.id = a.po_line_id WHERE pl.po_id = ? "
                "ORDER BY a.tag");
    q.bind(1, po.id);
    std::vector<std::int64_t> ids;
    while (q.step()) {
      ids.push_back(q.column(0).as_int64());
    }
    if (ids.empty()) {
      throw refused(context + ": " + po.number + " has no received assets to cover");
    }
    std::vector<CoverResult> results;
    for (const auto id : ids) {
      const Asset asset = asset_by_id(db, id);
      results.push_back(
          {contract.number, contract.vendor, asset.tag,
           is_final(asset.status) ? "skipped (" + asset.status + ")" : cover_one(db, actor, contract, asset)});
    }
    return results;
  });
}

std::vector<CoverResult> cover_rack_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                           const std::string& rack) {
  const RackView view = show_rack(db, rack);
  if (view.devices.empty()) {
    throw refused("contract cover: rack " + view.rack.qualified() + " has no installed devices to cover");
  }
  std::vector<std::string> tags;
  for (const auto& device : view.devices) {
    tags.push_back(device.tag);
  }
  return cover_assets(db, actor, ref, tags);
}

ContractDetail uncover_assets(Database& db, const std::string& actor, const ContractRef& ref,
                              const std::vector<std::string>& codes) {
  const std::string context = "contract uncover";
  if (codes.empty()) {
    throw refused(context + ": no assets given; name them with " + field_ref("asset") + " TAG");
  }
  return write(db, [&] {
    const Contract contract = require_contract(db, context, ref);
    std::vector<std::string> problems;
    std::set<std::int64_t> seen;
    for (const auto& code : codes) {
      const Asset asset = resolve_asset(db, code);
      if (!seen.insert(asset.id).second) {
        continue;
      }
      Statement del(db, "DELETE FROM contract_asset WHERE contract_id = ? AND asset_id = ?");
      del.bind(1, contract.id);
      del.bind(2, asset.id);
      if (del.exec() == 0) {
        problems.push_back(asset.tag);
        continue;
      }
      append_event(db, actor, "uncover", "asset", asset.tag,
                   {{"contract", contract.number}, {"vendor", contract.vendor}}, nullptr);
    }
    if (!problems.empty()) {
      throw refused(context + ": contract " + described(contract) + " does not cover " + join(problems) + " (`" +
                    command_ref("contract show " + contract.number) + "` lists what it covers)");
    }
    ContractDetail detail = reread(db, contract);
    return detail;
  });
}

ContractDetail renew_contract(Database& db, const std::string& actor, const ContractRenewal& renewal) {
  const std::string context = "contract renew";
  const std::string ends = checked_date(context, "ends_on", renewal.ends_on);
  return write(db, [&] {
    const Contract before = require_contract(db, context, renewal.contract);
    if (ends <= before.ends_on) {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("ends_on") + " " + ends + " is not after the current end " +
                      before.ends_on + " of " + described(before) + "; a renewal extends the contract",
                  "ends_on");
    }
    std::optional<std::int64_t> cost = before.cost_minor;
    if (renewal.cost) {
      if (!before.currency) {
        throw refused(context + ": " + described(before) + " has no cost per period to renew at; drop " +
                      field_ref("cost") + " (or record a new contract with " + field_ref("cost") + " and " +
                      field_ref("period") + ")");
      }
      cost = checked_cost(context, *renewal.cost, *before.currency);
    }
    const std::string starts = date_text(day_of(before.ends_on) + date::days{1});
    Statement term(db,
                   "INSERT INTO contract_term (contract_id, starts_on, ends_on, cost_minor, recorded_at) "
                   "VALUES (?, ?, ?, ?, ?)");
    term.bind(1, before.id);
    term.bind(2, starts);
    term.bind(3, ends);
    if (cost) {
      term.bind(4, *cost);
    }
    term.bind(5, now_timestamp());
    term.exec();
    Statement update(db, "UPDATE contract SET ends_on = ?, cost_minor = ? WHERE id = ?");
    update.bind(1, ends);
    if (cost) {
      update.bind(2, *cost);
    }
    update.bind(3, before.id);
    update.exec();
    ContractDetail after = reread(db, before);
    const auto money = [](const Contract& c) {
      return c.cost_minor && c.currency ? Json(format_amount(*c.cost_minor, *c.currency)) : Json();
    };
    append_event(
        db, actor, "renew", "contract", before.number,
        {{"vendor", before.vendor}, {"ends_on", before.ends_on}, {"cost", money(before)}},
        {{"vendor", before.vendor}, {"term_starts_on", starts}, {"ends_on", ends}, {"cost", money(after.contract)}});
    return after;
  });
}

std::optional<std::string> Coverage::covered_by() const {
  if (sources.empty()) {
    return std::nullopt;
  }
  const CoverageSource& s = sources.front();
  if (s.source == "warranty") {
    return std::string("warranty");
  }
  return "contract " + s.contract.value_or("") + " (" + s.vendor.value_or("") + ")";
}

std::optional<std::string> Coverage::covered_until() const {
  return sources.empty() ? std::nullopt : std::optional<std::string>(sources.front().ends_on);
}

std::optional<std::string> Coverage::sla() const {
  return sources.empty() ? std::nullopt : sources.front().sla;
}

Coverage coverage_on(Database& db, std::int64_t asset_id, date::year_month_day day) {
  try {
    Coverage coverage;
    coverage.on = format_date(day);
    // 'contract' sorts before 'warranty': on the same end date the contract, with its SLA, comes first.
    Statement& q = db.statement(
        "SELECT 'warranty', NULL, NULL, NULL, NULL, a.warranty_ends FROM asset a WHERE a.id = :asset "
        "AND a.warranty_ends >= :day AND (a.received_on IS NULL OR (a.received_on <= :day AND a.warranty_ends > "
        "a.received_on)) "
        "UNION ALL "
        "SELECT 'contract', c.number, v.name, c.kind, c.sla, c.ends_on FROM contract_asset ca "
        "JOIN contract c ON c.id = ca.contract_id JOIN vendor v ON v.id = c.vendor_id "
        "WHERE ca.asset_id = :asset AND c.starts_on <= :day AND c.ends_on >= :day "
        "ORDER BY 6 DESC, 1, 3, 2");
    q.bind(":asset", asset_id);
    q.bind(":day", coverage.on);
    while (q.step()) {
      coverage.sources.push_back({q.column(0).as_text(), text_or_null(q.column(1)), text_or_null(q.column(2)),
                                  text_or_null(q.column(3)), text_or_null(q.column(4)), q.column(5).as_text()});
    }
    q.reset();
    return coverage;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Json coverage_summary_json(const Coverage& coverage) {
  return {{"covered", coverage.covered()},
          {"covered_by", json_or_null(coverage.covered_by())},
          {"covered_until", json_or_null(coverage.covered_until())},
          {"coverage_sla", json_or_null(coverage.sla())}};
}

Json coverage_source_json(const CoverageSource& s) {
  return {{"source", s.source},           {"contract", json_or_null(s.contract)}, {"vendor", json_or_null(s.vendor)},
          {"kind", json_or_null(s.kind)}, {"sla", json_or_null(s.sla)},           {"ends_on", s.ends_on}};
}

}  // namespace tally
