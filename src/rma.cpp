#include "rma.hpp"

#include "repairs.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "money.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "vendors.hpp"

namespace tally {

namespace {

constexpr const char* k_rma_prefix = "RMA-";

// A date option: today when absent, else a strict ISO date.
std::string date_or_today(const std::string& context, const std::optional<std::string>& date) {
  if (!date) {
    return format_date(today());
  }
  if (!parse_date(*date)) {
    throw Error(Problem::invalid, context + ": " + field_ref("date") + " '" + *date + "' is not a date like 2026-11-27",
                "date");
  }
  return *date;
}

std::int64_t days_between(const std::string& from, const std::string& to) {
  return (date::sys_days{*parse_date(to)} - date::sys_days{*parse_date(from)}).count();
}

constexpr const char* k_rma_query =
    "SELECT r.id, a.tag, a.serial, m.label, v.name, r.vendor_rma, r.reason, r.opened_on, "
    "r.shipped_on, r.tracking, r.resolved_on, r.outcome, n.tag, r.refund_minor, r.refund_currency "
    "FROM rma r JOIN asset a ON a.id = r.asset_id JOIN v_model m ON m.model_id = a.model_id "
    "JOIN vendor v ON v.id = r.vendor_id "
    "LEFT JOIN asset n ON n.id = r.replacement_asset_id ";

Rma read_rma(Statement& q) {
  Rma r;
  r.id = q.column(0).as_int64();
  r.tag = q.column(1).as_text();
  r.serial = q.column(2).as_text();
  r.model = q.column(3).as_text();
  r.vendor = q.column(4).as_text();
  r.vendor_rma = text_or_null(q.column(5));
  r.reason = q.column(6).as_text();
  r.opened_on = q.column(7).as_text();
  r.shipped_on = text_or_null(q.column(8));
  r.tracking = text_or_null(q.column(9));
  r.resolved_on = text_or_null(q.column(10));
  r.outcome = text_or_null(q.column(11));
  r.replacement = text_or_null(q.column(12));
  if (!q.column(13).is_null()) {
    r.refund_minor = q.column(13).as_int64();
  }
  r.refund_currency = text_or_null(q.column(14));
  r.days_open = days_between(r.opened_on, r.resolved_on.value_or(format_date(today())));
  return r;
}

Rma rma_by_id(Database& db, std::int64_t id) {
  Statement q(db, std::string(k_rma_query) + "WHERE r.id = ?");
  q.bind(1, id);
  if (!q.step()) {
    throw not_found(
        "unknown RMA '" + format_record_id(k_rma_prefix, id) + "' (`" + command_ref("rma list") + "` shows them)",
        "rma");
  }
  return read_rma(q);
}

Rma require_rma(Database& db, const std::string& text) {
  const auto id = parse_record_id(k_rma_prefix, trim(text));
  if (!id) {
    throw refused("'" + text + "' is not an RMA id like RMA-00001");
  }
  return rma_by_id(db, *id);
}

}  // namespace

Json rma_json(const Rma& r) {
  return {{"id", format_record_id(k_rma_prefix, r.id)},
          {"tag", r.tag},
          {"serial", r.serial.empty() ? Json() : Json(r.serial)},
          {"model", r.model},
          {"vendor", r.vendor},
          {"vendor_rma", json_or_null(r.vendor_rma)},
          {"reason", r.reason},
          {"status", r.resolved_on ? "resolved" : (r.shipped_on ? "shipped" : "open")},
          {"opened_on", r.opened_on},
          {"shipped_on", json_or_null(r.shipped_on)},
          {"tracking", json_or_null(r.tracking)},
          {"resolved_on", json_or_null(r.resolved_on)},
          {"outcome", json_or_null(r.outcome)},
          {"replacement", json_or_null(r.replacement)},
          {"refund",
           r.refund_minor && r.refund_currency ? Json(format_amount(*r.refund_minor, *r.refund_currency)) : Json()},
          {"refund_currency", json_or_null(r.refund_currency)},
          {"days_open", r.days_open}};
}

Rma open_rma(Database& db, const std::string& actor, const std::string& code, const std::string& vendor,
             const std::string& reason, const std::optional<std::string>& vendor_rma) {
  if (trim(reason).empty()) {
    throw Error(Problem::invalid, "rma open: " + field_ref("reason") + " must not be empty", "reason");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    if (asset.rack) {
      throw refused("rma open: " + asset.tag + " is installed in rack " + *asset.rack + "; remove it with `" +
                    command_ref("rack remove " + asset.tag) + "` first");
    }
    if (asset.custodian) {
      throw refused("rma open: " + asset.tag + " is assigned to " + *asset.custodian + "; unassign it with `" +
                    command_ref("asset unassign " + asset.tag) + "` first");
    }
    check_transition(db, asset, "rma");
    const Vendor v = resolve_vendor(db, vendor);
    Statement insert(db, "INSERT INTO rma (asset_id, vendor_id, vendor_rma, reason, opened_on) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, v.id);
    if (vendor_rma) {
      insert.bind(3, *vendor_rma);
    }
    insert.bind(4, trim(reason));
    insert.bind(5, format_date(today()));
    insert.exec();
    const Rma rma = rma_by_id(db, db.last_insert_rowid());
    const std::string id = format_record_id(k_rma_prefix, rma.id);
    // A repair that becomes an RMA ends there.
    Statement escalate(db,
                       "UPDATE repair SET closed_on = ?, outcome = 'escalated', notes = ? "
                       "WHERE asset_id = ? AND closed_on IS NULL");
    escalate.bind(1, format_date(today()));
    escalate.bind(2, "escalated to " + id);
    escalate.bind(3, asset.id);
    escalate.exec();
    change_asset(db, actor, asset, "rma-open", {{"status", std::string("rma")}}, {{"rma", id}, {"reason", rma.reason}});
    append_event(db, actor, "create", "rma", id, nullptr, rma_json(rma));
    return rma;
  });
}

Rma ship_rma(Database& db, const std::string& actor, const std::string& text,
             const std::optional<std::string>& tracking, const std::optional<std::string>& date) {
  return write(db, [&] {
    const Rma before = require_rma(db, text);
    const std::string id = format_record_id(k_rma_prefix, before.id);
    if (before.resolved_on) {
      throw refused("rma ship: " + id + " was resolved on " + *before.resolved_on + " (" + *before.outcome + ")");
    }
    if (before.shipped_on) {
      throw refused("rma ship: " + id + " was already shipped on " + *before.shipped_on);
    }
    const std::string shipped = date_or_today("rma ship", date);
    if (shipped < before.opened_on) {
      throw Error(
          Problem::invalid,
          "rma ship: " + field_ref("date") + " " + shipped + " is before the RMA was opened (" + before.opened_on + ")",
          "date");
    }
    Statement update(db, "UPDATE rma SET shipped_on = ?, tracking = ? WHERE id = ?");
    update.bind(1, shipped);
    if (tracking) {
      update.bind(2, *tracking);
    }
    update.bind(3, before.id);
    update.exec();
    const Rma after = rma_by_id(db, before.id);
    const auto [old_fields, new_fields] = changed_fields(rma_json(before), rma_json(after));
    append_event(db, actor, "ship", "rma", id, old_fields, new_fields);
    // The shipment is a step in the asset's life too.
    Json shipped_fields = {{"rma", id}, {"shipped_on", shipped}};
    if (tracking) {
      shipped_fields["tracking"] = *tracking;
    }
    append_event(db, actor, "rma-ship", "asset", before.tag, nullptr, shipped_fields);
    return after;
  });
}

Rma resolve_rma(Database& db, const std::string& actor, const RmaResolution& r) {
  require_one_of("rma resolve", "outcome", r.outcome, {"repaired", "replaced", "refunded", "rejected"});
  if ((r.outcome == "replaced") != r.replacement_serial.has_value()) {
    throw refused(r.outcome == "replaced" ? "rma resolve: " + field_ref("outcome") + " replaced needs " +
                                                field_ref("replacement_serial") + " S"
                                          : "rma resolve: " + field_ref("replacement_serial") + " only goes with " +
                                                field_ref("outcome") + " replaced");
  }
  if (r.refund && r.outcome != "refunded") {
    throw Error(Problem::invalid,
                "rma resolve: " + field_ref("refund") + " only goes with " + field_ref("outcome") + " refunded",
                "refund");
  }
  return write(db, [&] {
    const Rma before = require_rma(db, r.rma);
    const std::string id = format_record_id(k_rma_prefix, before.id);
    if (before.resolved_on) {
      throw refused("rma resolve: " + id + " was already resolved on " + *before.resolved_on + " (" + *before.outcome +
                    ")");
    }
    const std::string resolved = date_or_today("rma resolve", r.date);
    if (resolved < before.opened_on) {
      throw Error(Problem::invalid,
                  "rma resolve: " + field_ref("date") + " " + resolved + " is before the RMA was opened (" +
                      before.opened_on + ")",
                  "date");
    }
    const Asset asset = resolve_asset(db, before.tag);
    std::optional<std::int64_t> refund_minor;
    std::string refund_currency;
    if (r.refund) {
      refund_currency = asset.currency.value_or(get_setting(db, "currency"));
      refund_minor = parse_amount(*r.refund, refund_currency);
      if (!refund_minor) {
        throw Error(Problem::invalid,
                    "rma resolve: " + field_ref("refund") + " '" + *r.refund + "' is not a non-negative " +
                        refund_currency + " amount with at most " + std::to_string(minor_digits(refund_currency)) +
                        " decimals",
                    "refund");
      }
    }
    std::optional<Asset> replacement;
    if (r.outcome == "replaced") {
      NewAssetRow row;
      row.model_id = asset.model_id;
      row.serial = trim(*r.replacement_serial);
      if (row.serial.empty()) {
        throw Error(Problem::invalid, "rma resolve: " + field_ref("replacement_serial") + " must not be empty",
                    "replacement_serial");
      }
      Statement ids(db, "SELECT location_id, owner_team_id, cost_minor, currency FROM asset WHERE id = ?");
      ids.bind(1, asset.id);
      ids.step();
      if (!ids.column(0).is_null()) {
        row.location_id = ids.column(0).as_int64();
      }
      if (!ids.column(1).is_null()) {
        row.owner_team_id = ids.column(1).as_int64();
      }
      if (!ids.column(2).is_null()) {
        row.cost_minor = ids.column(2).as_int64();
        row.currency = ids.column(3).as_text();
      }
      row.received_on = resolved;
      // The replacement keeps the original unit's warranty end, even if it
      // has passed (an out-of-warranty swap stays out of warranty).
      row.warranty_ends = asset.warranty_ends;
      row.replaces_asset_id = asset.id;
      try {
        replacement = insert_asset(db, actor, row, "replace", {{"rma", id}, {"replaces", asset.tag}});
      } catch (const Error& e) {
        throw with_prefix("rma resolve: replacement ", e);
      }
    }
    Statement update(db,
                     "UPDATE rma SET resolved_on = ?, outcome = ?, replacement_asset_id = ?, refund_minor = ?, "
                     "refund_currency = ? WHERE id = ?");
    update.bind(1, resolved);
    update.bind(2, r.outcome);
    if (replacement) {
      update.bind(3, replacement->id);
    }
    if (refund_minor) {
      update.bind(4, *refund_minor);
      update.bind(5, refund_currency);
    }
    update.bind(6, before.id);
    update.exec();
    Json extra = {{"rma", id}, {"outcome", r.outcome}};
    if (replacement) {
      extra["replaced_by"] = replacement->tag;
    }
    if (r.outcome == "repaired" || r.outcome == "rejected") {
      change_asset(db, actor, asset, "rma-resolve", {{"status", std::string("in_stock")}}, extra);
    } else {
      release_asset_licenses(db, actor, asset.id, "returned to the vendor under " + id);
      change_asset(db, actor, asset, "rma-resolve", {{"status", std::string("returned_to_vendor")}}, extra);
    }
    const Rma after = rma_by_id(db, before.id);
    const auto [old_fields, new_fields] = changed_fields(rma_json(before), rma_json(after));
    append_event(db, actor, "resolve", "rma", id, old_fields, new_fields);
    return after;
  });
}

Rma show_rma(Database& db, const std::string& rma) {
  return require_rma(db, rma);
}

std::vector<Rma> list_rmas(Database& db, const RmaFilter& filter) {
  std::string where = "WHERE 1";
  std::optional<Vendor> vendor;
  if (filter.vendor) {
    vendor = resolve_vendor(db, *filter.vendor);
    where += " AND r.vendor_id = :vendor";
  }
  if (filter.open_only) {
    where += " AND r.resolved_on IS NULL";
  }
  if (filter.older_than_days && *filter.older_than_days < 0) {
    throw Error(Problem::invalid, "rma list: " + field_ref("older_than") + " must be 0 or more days", "older_than");
  }
  Statement q(db, std::string(k_rma_query) + where + " ORDER BY r.id");
  if (vendor) {
    q.bind(":vendor", vendor->id);
  }
  std::vector<Rma> rmas;
  while (q.step()) {
    Rma rma = read_rma(q);
    if (!filter.older_than_days || rma.days_open > *filter.older_than_days) {
      rmas.push_back(std::move(rma));
    }
  }
  return rmas;
}

}  // namespace tally
