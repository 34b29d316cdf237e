#include "purchasing.hpp"

#include "budgets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "models.hpp"
#include "money.hpp"
#include "settings.hpp"
#include "teams.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <algorithm>
#include <cstdio>

namespace tally {

namespace {

constexpr const char* k_po_columns =
    "SELECT po.id, po.number, v.name, t.code, po.currency, po.fiscal_year, po.status, po.created_at, "
    "po.override_reason FROM purchase_order po JOIN vendor v ON v.id = po.vendor_id JOIN team t ON t.id = po.team_id ";

void load_lines(Database& db, PurchaseOrder& po) {
  // The model's tables, not the v_model view: SQLite cannot flatten a view
  // holding a join into the right side of a LEFT JOIN, so it would build the
  // whole view (every model) for each PO read.
  Statement q(db,
              "SELECT l.id, l.line_no, l.model_id, v.name || ' ' || m.name, l.description, "
              "coalesce(m.serialized, 1), l.quantity, l.received, l.unit_cost_minor FROM po_line l "
              "LEFT JOIN model m ON m.id = l.model_id LEFT JOIN vendor v ON v.id = m.manufacturer_id "
              "WHERE l.po_id = ? ORDER BY l.line_no");
  q.bind(1, po.id);
  while (q.step()) {
    PoLine line;
    line.id = q.column(0).as_int64();
    line.line_no = q.column(1).as_int();
    if (!q.column(2).is_null()) {
      line.model_id = q.column(2).as_int64();
      line.model = q.column(3).as_text();
    }
    if (!q.column(4).is_null()) {
      line.description = q.column(4).as_text();
    }
    line.bulk = q.column(5).as_int() == 0;
    line.quantity = q.column(6).as_int64();
    line.received = q.column(7).as_int64();
    line.unit_cost_minor = q.column(8).as_int64();
    po.lines.push_back(std::move(line));
  }
}

PurchaseOrder read_po(Statement& q) {
  PurchaseOrder po;
  po.id = q.column(0).as_int64();
  po.number = q.column(1).as_text();
  po.vendor = q.column(2).as_text();
  po.team = q.column(3).as_text();
  po.currency = q.column(4).as_text();
  po.fiscal_year = q.column(5).as_int();
  po.status = q.column(6).as_text();
  po.created_at = q.column(7).as_text();
  if (!q.column(8).is_null()) {
    po.override_reason = q.column(8).as_text();
  }
  return po;
}

std::optional<PurchaseOrder> find_po(Database& db, const std::string& number) {
  Statement q(db, std::string(k_po_columns) + "WHERE po.number = ?");
  q.bind(1, trim(number));
  if (!q.step()) {
    return std::nullopt;
  }
  PurchaseOrder po = read_po(q);
  load_lines(db, po);
  return po;
}

PurchaseOrder require_po(Database& db, const std::string& number) {
  auto po = find_po(db, number);
  if (!po) {
    throw not_found("unknown purchase order '" + number + "' (`" + command_ref("po list") + "` shows them)", "po");
  }
  return *po;
}

// The statuses a PO may move to from `status`, as the schema's table says.
std::vector<std::string> next_statuses(Database& db, const std::string& status) {
  return allowed_moves(db, "po_status_transition", status, po_statuses());
}

std::string join_or_final(const std::vector<std::string>& items) {
  return items.empty() ? "none (it is final)" : join(items);
}

std::string next_po_number(Database& db, int year) {
  const std::string name = "po." + std::to_string(year);
  Statement read(db, "SELECT value FROM sequence WHERE name = ?");
  read.bind(1, name);
  std::int64_t value = read.step() ? read.column(0).as_int64() : 0;
  for (;;) {
    ++value;
    char number[32];
    std::snprintf(number, sizeof number, "PO-%d-%04lld", year, static_cast<long long>(value));
    if (!find_po(db, number)) {
      Statement save(db,
                     "INSERT INTO sequence (name, value) VALUES (?1, ?2) "
                     "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
      save.bind(1, name);
      save.bind(2, value);
      save.exec();
      return number;
    }
  }
}

const char* action_verb(PoAction action) {
  switch (action) {
    case PoAction::submit:
      return "submit";
    case PoAction::approve:
      return "approve";
    case PoAction::order:
      return "order";
    case PoAction::cancel:
      return "cancel";
    case PoAction::close:
      return "close";
    case PoAction::reopen:
      return "reopen";
    case PoAction::reject:
      return "reject";
  }
  return "";
}

const char* action_target(PoAction action) {
  switch (action) {
    case PoAction::submit:
      return "submitted";
    case PoAction::approve:
      return "approved";
    case PoAction::order:
      return "ordered";
    case PoAction::cancel:
      return "cancelled";
    case PoAction::close:
      return "closed";
    case PoAction::reopen:
      return "partially_received";
    case PoAction::reject:
      return "draft";
  }
  return "";
}

void check_budgets(Database& db, const PurchaseOrder& po, std::int64_t team_id) {
  const auto budgets = budgets_on_path(db, team_id, po.fiscal_year);
  const std::string total = format_amount(po.total_minor(), po.currency) + " " + po.currency;
  const std::string hint = "; use " + field_ref("override") + " " + field_ref("reason") + " TEXT to approve anyway";
  if (budgets.empty()) {
    throw refused("approve: " + po.number + " (" + total + ") has no budget to draw on: neither " + po.team +
                  " nor a unit above it has a budget for FY" + std::to_string(po.fiscal_year) + " (set one with `" +
                  command_ref("budget set") + "`)" + hint);
  }
  for (const auto& b : budgets) {
    if (b.currency != po.currency) {
      throw refused("approve: " + po.number + " is in " + po.currency + " but " + b.team + "'s FY" +
                    std::to_string(po.fiscal_year) + " budget is in " + b.currency +
                    "; Tally does not convert currencies" + hint);
    }
    const std::int64_t remaining = *b.remaining_minor();
    if (po.total_minor() > remaining) {
      auto money = [&](std::int64_t v) { return format_amount(v, b.currency); };
      throw refused("approve: " + po.number + " total " + total + " exceeds what is left of " + b.team + "'s FY" +
                    std::to_string(po.fiscal_year) + " budget: budget " + money(*b.budget_minor) + ", committed " +
                    money(b.committed_minor) + ", spent " + money(b.spent_minor) + ", remaining " + money(remaining) +
                    hint);
    }
  }
}

Json po_event_fields(const PurchaseOrder& po) {
  return {{"number", po.number},     {"vendor", po.vendor},           {"team", po.team},
          {"currency", po.currency}, {"fiscal_year", po.fiscal_year}, {"status", po.status}};
}

}  // namespace

std::int64_t PurchaseOrder::total_minor() const {
  std::int64_t total = 0;
  for (const auto& l : lines) {
    total += l.quantity * l.unit_cost_minor;
  }
  return total;
}

std::int64_t PurchaseOrder::received_minor() const {
  std::int64_t total = 0;
  for (const auto& l : lines) {
    total += l.received * l.unit_cost_minor;
  }
  return total;
}

const std::vector<std::string>& po_statuses() {
  static const std::vector<std::string> statuses = {
      "draft", "submitted", "approved", "ordered", "partially_received", "received", "closed", "cancelled"};
  return statuses;
}

namespace {

// create_po inside the caller's write transaction.
PurchaseOrder insert_po(Database& db, const std::string& actor, const NewPurchaseOrder& input) {
  const Vendor vendor = resolve_vendor(db, input.vendor);
  const Team team = resolve_team(db, input.team);
  const std::string currency = input.currency.value_or(get_setting(db, "currency"));
  if (!is_currency_code(currency)) {
    throw Error(
        Problem::invalid,
        "po create: " + field_ref("currency") + " '" + currency + "' must be an ISO 4217 code such as USD or EUR",
        "currency");
  }
  const int this_year = static_cast<int>(today().year());
  const int fiscal_year = input.fiscal_year.value_or(this_year);
  if (fiscal_year < 2000 || fiscal_year > 2999) {
    throw Error(
        Problem::invalid,
        "po create: " + field_ref("fiscal_year") + " " + std::to_string(fiscal_year) + " must be between 2000 and 2999",
        "fiscal_year");
  }
  std::string number;
  if (input.number) {
    number = trim(*input.number);
    if (number.empty() || number.size() > 32) {
      throw Error(Problem::invalid, "po create: " + field_ref("number") + " must be 1-32 characters", "number");
    }
    if (auto existing = find_po(db, number)) {
      throw refused("po create: purchase order " + existing->number + " already exists");
    }
  } else {
    number = next_po_number(db, this_year);
  }
  Statement insert(db,
                   "INSERT INTO purchase_order (number, vendor_id, team_id, currency, fiscal_year, created_at, "
                   "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, number);
  insert.bind(2, vendor.id);
  insert.bind(3, team.id);
  insert.bind(4, currency);
  insert.bind(5, fiscal_year);
  insert.bind(6, now_timestamp());
  insert.bind(7, actor);
  insert.exec();
  PurchaseOrder po = require_po(db, number);
  append_event(db, actor, "create", "purchase_order", po.number, nullptr, po_event_fields(po));
  return po;
}

// add_po_line inside the caller's write transaction.
PoLine insert_po_line(Database& db, const std::string& actor, const NewPoLine& input) {
  if (input.model.has_value() == input.description.has_value()) {
    throw refused("po add-line: give either " + field_ref("model") + " or " + field_ref("description"));
  }
  if (input.quantity <= 0) {
    throw Error(Problem::invalid,
                "po add-line: " + field_ref("quantity") + " " + std::to_string(input.quantity) +
                    " must be a positive whole number",
                "quantity");
  }
  check_bounded("po add-line: " + field_ref("quantity"), input.quantity, 1);
  const PurchaseOrder po = require_po(db, input.po);
  if (po.status != "draft") {
    throw refused("po add-line: " + po.number + " is " + po.status + "; lines can only be added to a draft");
  }
  if (input.currency && *input.currency != po.currency) {
    throw refused("po add-line: " + po.number + " is in " + po.currency + "; a line in " + *input.currency +
                  " would mix currencies on one PO");
  }
  const auto cost = parse_amount(input.unit_cost, po.currency);
  if (!cost) {
    throw Error(Problem::invalid,
                "po add-line: " + field_ref("unit_cost") + " '" + input.unit_cost + "' is not a non-negative " +
                    po.currency + " amount with at most " + std::to_string(minor_digits(po.currency)) +
                    " decimals, like 1234.56",
                "unit_cost");
  }
  // Totals stay far below the int64 range: at most 10^15 minor units a PO.
  constexpr std::int64_t k_max_po_total = 1'000'000'000'000'000;
  if ((*cost > 0 && input.quantity > (k_max_po_total - po.total_minor()) / *cost) || input.quantity > k_max_po_total) {
    throw refused("po add-line: " + std::to_string(input.quantity) + " x " + format_amount(*cost, po.currency) +
                  " would take " + po.number + " past the largest total Tally accepts (" +
                  format_amount(k_max_po_total, po.currency) + " " + po.currency + ")");
  }
  std::optional<Model> model;
  if (input.model) {
    model = resolve_model(db, *input.model);
  }
  std::string description;
  if (input.description) {
    description = trim(*input.description);
    if (description.empty()) {
      throw Error(Problem::invalid, "po add-line: " + field_ref("description") + " must not be empty", "description");
    }
  }
  const int line_no = po.lines.empty() ? 1 : po.lines.back().line_no + 1;
  Statement insert(db,
                   "INSERT INTO po_line (po_id, line_no, model_id, description, quantity, unit_cost_minor) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, po.id);
  insert.bind(2, line_no);
  if (model) {
    insert.bind(3, model->id);
  } else {
    insert.bind(4, description);
  }
  insert.bind(5, input.quantity);
  insert.bind(6, *cost);
  insert.exec();
  PoLine line = require_po(db, po.number).lines.back();
  append_event(db, actor, "add-line", "purchase_order", po.number, nullptr,
               {{"line", line.line_no},
                {"model", line.model ? Json(*line.model) : Json()},
                {"description", line.description ? Json(*line.description) : Json()},
                {"quantity", line.quantity},
                {"unit_cost", format_amount(line.unit_cost_minor, po.currency)}});
  return line;
}

}  // namespace

PurchaseOrder create_po(Database& db, const std::string& actor, const NewPurchaseOrder& input) {
  return write(db, [&] { return insert_po(db, actor, input); });
}

PoLine add_po_line(Database& db, const std::string& actor, const NewPoLine& input) {
  return write(db, [&] { return insert_po_line(db, actor, input); });
}

PurchaseOrder create_po_with_lines(Database& db, const std::string& actor, const NewPurchaseOrder& input,
                                   const std::vector<NewPoLine>& lines) {
  return write(db, [&] {
    const PurchaseOrder draft = insert_po(db, actor, input);
    for (NewPoLine line : lines) {
      line.po = draft.number;
      insert_po_line(db, actor, line);
    }
    PurchaseOrder po = require_po(db, draft.number);
    return po;
  });
}

void remove_po_line(Database& db, const std::string& actor, const std::string& number, int line_no) {
  write(db, [&] {
    const PurchaseOrder po = require_po(db, number);
    if (po.status != "draft") {
      throw refused("po remove-line: " + po.number + " is " + po.status + "; lines can only be removed from a draft");
    }
    const auto line =
        std::find_if(po.lines.begin(), po.lines.end(), [&](const PoLine& l) { return l.line_no == line_no; });
    if (line == po.lines.end()) {
      throw refused("po remove-line: " + po.number + " has no line " + std::to_string(line_no));
    }
    Statement del(db, "DELETE FROM po_line WHERE id = ?");
    del.bind(1, line->id);
    del.exec();
    append_event(db, actor, "remove-line", "purchase_order", po.number,
                 {{"line", line->line_no},
                  {"model", line->model ? Json(*line->model) : Json()},
                  {"description", line->description ? Json(*line->description) : Json()},
                  {"quantity", line->quantity},
                  {"unit_cost", format_amount(line->unit_cost_minor, po.currency)}},
                 nullptr);
  });
}

namespace {

// The approver rule: nobody approves a PO they created or submitted (any face, the CLI's local actor too).
void check_not_own_po(Database& db, const PurchaseOrder& po, const std::string& actor) {
  Statement q(db, "SELECT created_by, submitted_by FROM purchase_order WHERE id = ?");
  q.bind(1, po.id);
  q.step();
  const auto created_by = text_or_null(q.column(0));
  const auto submitted_by = text_or_null(q.column(1));
  const std::string who = lower(trim(actor));
  std::string did;
  if (created_by && lower(*created_by) == who) {
    did = "created";
  } else if (submitted_by && lower(*submitted_by) == who) {
    did = "submitted";
  }
  if (!did.empty()) {
    throw forbidden("po approve: " + po.number + " was " + did + " by " + actor +
                    "; an approver cannot approve a PO they created or submitted; ask another approver");
  }
}

}  // namespace

PurchaseOrder transition_po(Database& db, const std::string& actor, const PoTransitionRequest& request) {
  const std::string verb = action_verb(request.action);
  const std::string target = action_target(request.action);
  if (request.override_budget && (!request.reason || trim(*request.reason).empty())) {
    throw refused("po " + verb + ": " + field_ref("override") + " needs " + field_ref("reason") + " TEXT saying why");
  }
  if (request.override_budget && request.action != PoAction::approve) {
    throw refused("po " + verb + ": " + field_ref("override") + " only applies to approve");
  }
  const bool correction = request.action == PoAction::reopen || request.action == PoAction::reject;
  if (correction && (!request.reason || trim(*request.reason).empty())) {
    throw refused("po " + verb + ": " + field_ref("reason") + " TEXT is required: say why (it is kept in the history)");
  }
  return write(db, [&] {
    PurchaseOrder po = require_po(db, request.po);
    const auto allowed = next_statuses(db, po.status);
    if (std::find(allowed.begin(), allowed.end(), target) == allowed.end()) {
      std::string why =
          "po " + verb + ": " + po.number + " is " + po.status + "; it can move to " + join_or_final(allowed);
      if (request.action == PoAction::cancel && (po.status == "partially_received" || po.status == "received")) {
        why += " (units have been received: close it instead)";
      }
      throw refused(why);
    }
    if (request.action == PoAction::reopen && po.status != "closed") {
      // ordered -> partially_received is a legal move too, but it is receiving's.
      throw refused("po reopen: " + po.number + " is " + po.status + "; only a closed PO is reopened");
    }
    if (request.action == PoAction::reopen &&
        std::none_of(po.lines.begin(), po.lines.end(), [](const PoLine& l) { return l.outstanding() > 0; })) {
      throw refused("po reopen: every line of " + po.number + " is fully received; there is nothing to reopen for");
    }
    if (request.action == PoAction::submit && po.lines.empty()) {
      throw refused("po submit: " + po.number + " has no lines; add them with `" + command_ref("po add-line") + "`");
    }
    if (request.action == PoAction::approve) {
      check_not_own_po(db, po, actor);
    }
    if (request.action == PoAction::approve && !request.override_budget) {
      Statement team(db, "SELECT team_id FROM purchase_order WHERE id = ?");
      team.bind(1, po.id);
      team.step();
      check_budgets(db, po, team.column(0).as_int64());
    }
    Statement update(db,
                     "UPDATE purchase_order SET status = ?1, override_reason = coalesce(?2, override_reason), "
                     "submitted_by = CASE WHEN ?1 = 'submitted' THEN ?4 ELSE submitted_by END WHERE id = ?3");
    update.bind(1, target);
    update.bind(4, actor);
    if (request.override_budget) {
      update.bind(2, trim(*request.reason));
    }
    update.bind(3, po.id);
    update.exec();
    Json after = {{"status", target}};
    if (request.reason) {
      after["reason"] = trim(*request.reason);
    }
    if (request.override_budget) {
      after["budget_override"] = true;
    }
    append_event(db, actor, verb, "purchase_order", po.number, {{"status", po.status}}, after);
    return require_po(db, po.number);
  });
}

PurchaseOrder show_po(Database& db, const std::string& number) {
  return require_po(db, number);
}

std::vector<PurchaseOrder> list_pos(Database& db, const PoFilter& filter) {
  std::string where = "WHERE 1";
  if (filter.status) {
    require_one_of("po list", "status", *filter.status, po_statuses());
    where += " AND po.status = :status";
  }
  std::optional<Team> team;
  if (filter.team) {
    team = resolve_team(db, *filter.team);
    where += " AND po.team_id IN " + team_subtree_sql(":team");
  }
  std::optional<Vendor> vendor;
  if (filter.vendor) {
    vendor = resolve_vendor(db, *filter.vendor);
    where += " AND po.vendor_id = :vendor";
  }
  Statement q(db, std::string(k_po_columns) + where + " ORDER BY po.number");
  if (filter.status) {
    q.bind(":status", *filter.status);
  }
  if (team) {
    q.bind(":team", team->id);
  }
  if (vendor) {
    q.bind(":vendor", vendor->id);
  }
  std::vector<PurchaseOrder> pos;
  while (q.step()) {
    pos.push_back(read_po(q));
  }
  for (auto& po : pos) {
    load_lines(db, po);
  }
  return pos;
}

}  // namespace tally
