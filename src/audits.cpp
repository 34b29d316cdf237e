#include "audits.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "settings.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace tally {

namespace {

constexpr const char* k_audit_prefix = "AUD-";

struct Classified {
  AuditFinding finding;
  std::optional<std::int64_t> asset_id;
};

Audit audit_by_id(Database& db, std::int64_t id) {
  Statement q(db,
              "SELECT a.id, l.code, a.started_at, a.started_by, a.finished_at, a.applied, "
              "(SELECT count(*) FROM audit_scan s WHERE s.audit_id = a.id) "
              "FROM audit a JOIN location l ON l.id = a.location_id WHERE a.id = ?");
  q.bind(1, id);
  if (!q.step()) {
    throw not_found("unknown audit '" + format_record_id(k_audit_prefix, id) + "'", "audit");
  }
  Audit a;
  a.id = q.column(0).as_int64();
  a.location = q.column(1).as_text();
  a.started_at = q.column(2).as_text();
  a.started_by = q.column(3).as_text();
  a.finished_at = text_or_null(q.column(4));
  a.applied = q.column(5).as_int() != 0;
  a.scans = q.column(6).as_int64();
  return a;
}

Audit require_audit(Database& db, const std::string& text) {
  const auto id = parse_record_id(k_audit_prefix, trim(text));
  if (!id) {
    throw refused("'" + text + "' is not an audit id like AUD-00001");
  }
  return audit_by_id(db, *id);
}

// Sorts the audit's scans and the assets expected at its location.
std::vector<Classified> classify(Database& db, const Audit& audit) {
  const Location root = resolve_location(db, audit.location);
  struct Row {
    std::int64_t id;
    std::string tag;
    std::optional<std::string> location;
    std::string status;
  };
  std::vector<Row> expected;
  {
    Statement q(db,
                "SELECT a.id, a.tag, l.code, a.status FROM asset a LEFT JOIN location l ON l.id = a.location_id "
                "WHERE a.location_id IN " +
                    location_subtree_sql("?1") +
                    " AND a.status NOT IN ('disposed', 'returned_to_vendor', 'lost') ORDER BY a.tag");
    q.bind(1, root.id);
    while (q.step()) {
      expected.push_back(
          {q.column(0).as_int64(), q.column(1).as_text(), text_or_null(q.column(2)), q.column(3).as_text()});
    }
  }
  std::set<std::int64_t> expected_ids;
  for (const auto& e : expected) {
    expected_ids.insert(e.id);
  }
  std::set<std::int64_t> scanned_ids;
  std::vector<Classified> unexpected;
  std::vector<Classified> unknown;
  {
    Statement q(db,
                "SELECT s.code, s.asset_id, a.tag, l.code, a.status FROM audit_scan s "
                "LEFT JOIN asset a ON a.id = s.asset_id LEFT JOIN location l ON l.id = a.location_id "
                "WHERE s.audit_id = ? ORDER BY s.id");
    q.bind(1, audit.id);
    std::set<std::string> unknown_codes;
    while (q.step()) {
      if (q.column(1).is_null()) {
        const std::string code = q.column(0).as_text();
        if (unknown_codes.insert(code).second) {
          unknown.push_back({{"unknown", std::nullopt, code, std::nullopt, std::nullopt, std::nullopt}, std::nullopt});
        }
        continue;
      }
      const std::int64_t id = q.column(1).as_int64();
      if (!scanned_ids.insert(id).second || expected_ids.count(id) > 0) {
        continue;
      }
      unexpected.push_back({{"unexpected", q.column(2).as_text(), q.column(0).as_text(), text_or_null(q.column(3)),
                             q.column(4).as_text(), std::nullopt},
                            id});
    }
  }
  std::vector<Classified> all;
  for (const auto& e : expected) {
    const bool seen = scanned_ids.count(e.id) > 0;
    all.push_back({{seen ? "found" : "missing", e.tag, std::nullopt, e.location, e.status, std::nullopt}, e.id});
  }
  // found first, then missing, then unexpected and unknown, each in tag/scan order.
  std::stable_sort(all.begin(), all.end(),
                   [](const Classified& a, const Classified& b) { return a.finding.outcome < b.finding.outcome; });
  all.insert(all.end(), unexpected.begin(), unexpected.end());
  all.insert(all.end(), unknown.begin(), unknown.end());
  return all;
}

AuditResult to_result(const Audit& audit, const std::vector<AuditFinding>& findings) {
  AuditResult result;
  result.audit = audit;
  for (const auto& f : findings) {
    auto& list = f.outcome == "found"        ? result.found
                 : f.outcome == "missing"    ? result.missing
                 : f.outcome == "unexpected" ? result.unexpected
                                             : result.unknown;
    list.push_back(f);
  }
  return result;
}

}  // namespace

Json audit_json(const Audit& a) {
  return {{"id", format_record_id(k_audit_prefix, a.id)},
          {"location", a.location},
          {"status", a.finished_at ? "finished" : "open"},
          {"started_at", a.started_at},
          {"started_by", a.started_by},
          {"finished_at", a.finished_at ? Json(*a.finished_at) : Json()},
          {"applied", a.applied},
          {"scans", a.scans}};
}

Json audit_scan_json(const AuditScan& s) {
  Json row = {{"code", s.code},
              {"tag", s.tag ? Json(*s.tag) : Json()},
              {"location", s.location ? Json(*s.location) : Json()},
              {"known", s.tag.has_value()},
              {"expected", s.expected},
              {"repeated", s.repeated}};
  if (s.hint) {
    row["hint"] = *s.hint;
  }
  return row;
}

Audit start_audit(Database& db, const std::string& actor, const std::string& location) {
  return write(db, [&] {
    const Location where = resolve_location(db, location);
    Statement insert(db, "INSERT INTO audit (location_id, started_at, started_by) VALUES (?, ?, ?)");
    insert.bind(1, where.id);
    insert.bind(2, now_timestamp());
    insert.bind(3, actor);
    insert.exec();
    const Audit audit = audit_by_id(db, db.last_insert_rowid());
    append_event(db, actor, "start", "audit", format_record_id(k_audit_prefix, audit.id), nullptr, audit_json(audit));
    return audit;
  });
}

namespace {

// For a code shaped like a tag whose check digit is wrong: says it looks
// mistyped and names the existing tags one typing mistake away.
std::optional<std::string> mistyped_tag_hint(Database& db, const std::string& code) {
  const std::string prefix = get_setting(db, "tag.prefix");
  if (check_tag(trim(code), prefix) != TagCheck::bad_check) {
    return std::nullopt;
  }
  std::vector<std::string> existing;
  Statement& known = db.statement("SELECT 1 FROM asset WHERE tag = ?");
  for (const auto& tag : tag_corrections(trim(code), prefix)) {
    known.bind(1, tag);
    if (known.step()) {
      existing.push_back(tag);
    }
    known.reset();
  }
  std::string hint = "looks like a mistyped tag (its check digit is wrong)";
  if (existing.empty()) {
    return hint + "; no tag one typing mistake away exists";
  }
  std::string list;
  for (std::size_t i = 0; i < existing.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == existing.size() ? " or " : ", ");
    list += existing[i];
  }
  return hint + "; it may be " + list;
}

}  // namespace

AuditScan scan_audit(Database& db, const std::string& actor, const std::string& audit_text, const std::string& raw) {
  std::string code = raw;
  while (!code.empty() && (code.back() == '\r' || code.back() == '\n')) {
    code.pop_back();
  }
  if (trim(code).empty()) {
    throw refused("audit scan: an empty code");
  }
  return write(db, [&] {
    const Audit audit = require_audit(db, audit_text);
    const std::string id = format_record_id(k_audit_prefix, audit.id);
    if (audit.finished_at) {
      throw refused("audit scan: " + id + " was finished at " + *audit.finished_at + "; start a new audit");
    }
    AuditScan answer;
    answer.code = code;
    const auto asset = asset_for_scan(db, code);
    Statement repeat(db, "SELECT 1 FROM audit_scan WHERE audit_id = ?1 AND (code = ?2 OR asset_id = ?3) LIMIT 1");
    repeat.bind(1, audit.id);
    repeat.bind(2, code);
    if (asset) {
      repeat.bind(3, asset->id);
    }
    answer.repeated = repeat.step();
    if (asset) {
      answer.tag = asset->tag;
      answer.location = asset->location;
      Statement here(db, "SELECT 1 FROM asset WHERE id = ?1 AND location_id IN " + location_subtree_sql("?2") +
                             " AND status NOT IN ('disposed', 'returned_to_vendor', 'lost')");
      here.bind(1, asset->id);
      here.bind(2, resolve_location(db, audit.location).id);
      answer.expected = here.step();
    }
    if (!asset) {
      answer.hint = mistyped_tag_hint(db, code);
    }
    Statement insert(
        db, "INSERT INTO audit_scan (audit_id, code, asset_id, scanned_at, scanned_by) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, audit.id);
    insert.bind(2, code);
    if (asset) {
      insert.bind(3, asset->id);
    }
    insert.bind(4, now_timestamp());
    insert.bind(5, actor);
    insert.exec();
    return answer;
  });
}

AuditResult finish_audit(Database& db, const std::string& actor, const std::string& audit_text, bool apply) {
  return write(db, [&] {
    const Audit audit = require_audit(db, audit_text);
    const std::string id = format_record_id(k_audit_prefix, audit.id);
    if (audit.finished_at) {
      throw refused("audit finish: " + id + " was already finished at " + *audit.finished_at + "; `" +
                    command_ref("audit show " + id) + "` prints its result");
    }
    std::vector<Classified> findings = classify(db, audit);
    if (apply) {
      const Location here = resolve_location(db, audit.location);
      const Json extra = {{"audit", id}};
      for (auto& c : findings) {
        if (c.finding.outcome != "unexpected" && c.finding.outcome != "missing") {
          continue;
        }
        const Asset asset = asset_by_id(db, *c.asset_id);
        if (asset.status == "disposed" || asset.status == "returned_to_vendor") {
          c.finding.note = "not changed: it is " + asset.status;
          continue;
        }
        if (c.finding.outcome == "unexpected") {
          std::vector<std::pair<std::string, ColumnValue>> columns = {{"location_id", here.id}};
          if (asset.status == "lost") {
            columns.emplace_back("status", std::string("in_stock"));
          }
          if (asset.rack) {
            c.finding.note = "not moved: it is installed in rack " + *asset.rack;
            continue;
          }
          change_asset(db, actor, asset, "audit-found", columns, extra);
          c.finding.note = "moved here" + std::string(asset.status == "lost" ? " and back in stock" : "");
        } else {
          if (asset.rack) {
            c.finding.note = "not marked lost: it is installed in rack " + *asset.rack;
            continue;
          }
          const auto next = next_statuses(db, asset.status);
          if (std::find(next.begin(), next.end(), "lost") == next.end()) {
            c.finding.note = "not marked lost: it is " + asset.status;
            continue;
          }
          change_asset(db, actor, asset, "audit-missing", {{"status", std::string("lost")}}, extra);
          c.finding.note = "marked lost";
        }
      }
    }
    const std::string now = now_timestamp();
    for (const auto& c : findings) {
      Statement& insert = db.statement(
          "INSERT INTO audit_finding (audit_id, outcome, asset_id, code, recorded_location, recorded_status, note) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
      insert.bind(1, audit.id);
      insert.bind(2, c.finding.outcome);
      if (c.asset_id) {
        insert.bind(3, *c.asset_id);
      }
      if (c.finding.code) {
        insert.bind(4, *c.finding.code);
      }
      if (c.finding.location) {
        insert.bind(5, *c.finding.location);
      }
      if (c.finding.status) {
        insert.bind(6, *c.finding.status);
      }
      if (c.finding.note) {
        insert.bind(7, *c.finding.note);
      }
      insert.exec();
    }
    Statement finish(db, "UPDATE audit SET finished_at = ?, applied = ? WHERE id = ?");
    finish.bind(1, now);
    finish.bind(2, apply ? 1 : 0);
    finish.bind(3, audit.id);
    finish.exec();
    std::map<std::string, int> counts;
    std::vector<AuditFinding> plain;
    for (const auto& c : findings) {
      ++counts[c.finding.outcome];
      plain.push_back(c.finding);
    }
    append_event(db, actor, "finish", "audit", id, nullptr,
                 {{"applied", apply},
                  {"found", counts["found"]},
                  {"missing", counts["missing"]},
                  {"unexpected", counts["unexpected"]},
                  {"unknown", counts["unknown"]}});
    AuditResult result = to_result(audit_by_id(db, audit.id), plain);
    return result;
  });
}

AuditResult show_audit(Database& db, const std::string& audit_text) {
  const Audit audit = require_audit(db, audit_text);
  std::vector<AuditFinding> findings;
  if (!audit.finished_at) {
    for (const auto& c : classify(db, audit)) {
      findings.push_back(c.finding);
    }
    return to_result(audit, findings);
  }
  Statement q(db,
              "SELECT f.outcome, a.tag, f.code, f.recorded_location, f.recorded_status, f.note "
              "FROM audit_finding f "
              "LEFT JOIN asset a ON a.id = f.asset_id WHERE f.audit_id = ? ORDER BY f.rowid");
  q.bind(1, audit.id);
  while (q.step()) {
    findings.push_back({q.column(0).as_text(), text_or_null(q.column(1)), text_or_null(q.column(2)),
                        text_or_null(q.column(3)), text_or_null(q.column(4)), text_or_null(q.column(5))});
  }
  return to_result(audit, findings);
}

}  // namespace tally
