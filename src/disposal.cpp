#include "disposal.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace tally {

namespace {

constexpr const char* k_disposal_query =
    "SELECT a.tag, a.serial, m.label, t.code, d.method, d.disposed_on, d.recipient, d.certificate, "
    "d.wipe_method, d.recorded_at, d.recorded_by FROM disposal d JOIN asset a ON a.id = d.asset_id "
    "JOIN v_model m ON m.model_id = a.model_id "
    "LEFT JOIN team t ON t.id = a.owner_team_id ";

Disposal read_disposal(Statement& q) {
  Disposal d;
  d.tag = q.column(0).as_text();
  d.serial = q.column(1).as_text();
  d.model = q.column(2).as_text();
  d.owner_team = text_or_null(q.column(3));
  d.method = q.column(4).as_text();
  d.disposed_on = q.column(5).as_text();
  d.recipient = text_or_null(q.column(6));
  d.certificate = text_or_null(q.column(7));
  d.wipe_method = text_or_null(q.column(8));
  d.recorded_at = q.column(9).as_text();
  d.recorded_by = q.column(10).as_text();
  return d;
}

// Why this asset cannot be disposed of, or "" if it can.
std::string disposal_problem(Database& db, const Asset& asset, const DisposalRequest& request) {
  if (asset.status == "disposed" || asset.status == "returned_to_vendor") {
    return "it is " + asset.status + ", which is final";
  }
  if (asset.rack) {
    return "it is installed in rack " + *asset.rack + "; remove it with `" + command_ref("rack remove " + asset.tag) +
           "` first";
  }
  if (asset.custodian) {
    return "it is assigned to " + *asset.custodian + "; unassign it first";
  }
  if (asset.status == "in_repair") {
    return "it is in repair; close the repair first";
  }
  if (asset.status == "rma") {
    return "it is out under an RMA; resolve the RMA first";
  }
  const auto next = next_statuses(db, asset.status);
  if (std::find(next.begin(), next.end(), "disposed") == next.end()) {
    return "it is " + asset.status + "; it may move to: " + join(next) + " (retire it first)";
  }
  Statement data(db, "SELECT stores_data FROM model WHERE id = ?");
  data.bind(1, asset.model_id);
  data.step();
  if (data.column(0).as_int() != 0 && !request.wipe) {
    return asset.manufacturer + " " + asset.model + " stores data: give " + field_ref("wipe") +
           " METHOD (e.g. nist-800-88-purge, physical-destroy)";
  }
  return "";
}

}  // namespace

Json disposal_json(const Disposal& d) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
  return {{"tag", d.tag},
          {"serial", d.serial.empty() ? Json() : Json(d.serial)},
          {"model", d.model},
          {"owner_team", opt(d.owner_team)},
          {"method", d.method},
          {"disposed_on", d.disposed_on},
          {"recipient", opt(d.recipient)},
          {"certificate", opt(d.certificate)},
          {"wipe_method", opt(d.wipe_method)},
          {"recorded_at", d.recorded_at},
          {"recorded_by", d.recorded_by}};
}

namespace {

// The day of the disposal: the request's date, else today.
std::string disposal_day(const DisposalRequest& request) {
  return request.date ? *request.date : format_date(today());
}

// Writes the disposal record of an asset that may be disposed of, releases
// its license seats and moves it to disposed; returns the record.
Disposal record_disposal(Database& db, const std::string& actor, const Asset& asset, const DisposalRequest& request,
                         const std::string& day, const std::string& now) {
  Statement& insert = db.statement(
      "INSERT INTO disposal (asset_id, method, disposed_on, recipient, certificate, wipe_method, recorded_at, "
      "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, asset.id);
  insert.bind(2, request.method);
  insert.bind(3, day);
  if (request.recipient) {
    insert.bind(4, *request.recipient);
  }
  if (request.certificate) {
    insert.bind(5, *request.certificate);
  }
  if (request.wipe) {
    insert.bind(6, trim(*request.wipe));
  }
  insert.bind(7, now);
  insert.bind(8, actor);
  insert.exec();
  release_asset_licenses(db, actor, asset.id, "disposed of (" + request.method + ")");
  Json extra = {{"method", request.method}, {"disposed_on", day}};
  if (request.wipe) {
    extra["wipe_method"] = trim(*request.wipe);
  }
  change_asset(db, actor, asset, "dispose", {{"status", std::string("disposed")}}, extra);
  Statement q(db, std::string(k_disposal_query) + "WHERE d.asset_id = ?");
  q.bind(1, asset.id);
  q.step();
  return read_disposal(q);
}

}  // namespace

void check_disposal_request(const DisposalRequest& request) {
  require_one_of("dispose", "method", request.method, {"recycle", "destroy", "resell", "donate"});
  if (request.date && !parse_date(*request.date)) {
    throw Error(Problem::invalid,
                "dispose: " + field_ref("date") + " '" + *request.date + "' is not a date like 2026-11-27", "date");
  }
  if (request.wipe && trim(*request.wipe).empty()) {
    throw Error(Problem::invalid, "dispose: " + field_ref("wipe") + " must name the wipe method", "wipe");
  }
}

Disposal dispose_asset(Database& db, const std::string& actor, const std::string& code,
                       const DisposalRequest& request) {
  check_disposal_request(request);
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    if (const std::string problem = disposal_problem(db, asset, request); !problem.empty()) {
      throw refused(problem);
    }
    return record_disposal(db, actor, asset, request, disposal_day(request), now_timestamp());
  });
}

std::vector<Disposal> dispose_assets(Database& db, const std::string& actor, const std::vector<std::string>& codes,
                                     const DisposalRequest& request) {
  require_one_of("dispose", "method", request.method, {"recycle", "destroy", "resell", "donate"});
  if (codes.empty()) {
    throw refused("dispose: no asset given");
  }
  check_disposal_request(request);
  const std::string day = disposal_day(request);
  return write(db, [&] {
    // Check everything first: the batch is all or nothing.
    std::vector<Asset> assets;
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (const auto& code : codes) {
      try {
        Asset asset = resolve_asset(db, code);
        if (!seen.insert(asset.tag).second) {
          problems.push_back(asset.tag + ": given twice");
          continue;
        }
        if (const std::string problem = disposal_problem(db, asset, request); !problem.empty()) {
          problems.push_back(asset.tag + ": " + problem);
          continue;
        }
        assets.push_back(std::move(asset));
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::refused) {
          throw;
        }
        problems.push_back(code + ": " + e.raw());
      }
    }
    if (!problems.empty()) {
      throw refused("dispose: refused " + std::to_string(problems.size()) + " of " + std::to_string(codes.size()) +
                    (codes.size() == 1 ? "" : "; nothing was disposed") + ":\n  " + join(problems, "\n  "));
    }
    const std::string now = now_timestamp();
    std::vector<Disposal> done;
    for (const auto& asset : assets) {
      done.push_back(record_disposal(db, actor, asset, request, day, now));
    }
    return done;
  });
}

std::vector<Disposal> list_disposals(Database& db, const std::optional<std::string>& since) {
  if (since && !parse_date(*since)) {
    throw Error(Problem::invalid,
                "disposal list: " + field_ref("since") + " '" + *since + "' is not a date like 2026-11-27", "since");
  }
  Statement q(
      db, std::string(k_disposal_query) + (since ? "WHERE d.disposed_on >= ? " : "") + "ORDER BY d.disposed_on, d.id");
  if (since) {
    q.bind(1, *since);
  }
  std::vector<Disposal> disposals;
  while (q.step()) {
    disposals.push_back(read_disposal(q));
  }
  return disposals;
}

}  // namespace tally
