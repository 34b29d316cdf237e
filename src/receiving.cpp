#include "receiving.hpp"

#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "purchasing.hpp"
#include "settings.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace tally {

struct Receiver::State {
  Database& db;
  std::string actor;
  PurchaseOrder po;
  std::int64_t team_id = 0;
  PoLine line;
  Model model;
  std::string tag_prefix;
  std::optional<Location> location;

  State(Database& database, std::string who) : db(database), actor(std::move(who)) {}

  // Re-reads what may have changed since the session began (another clerk
  // receiving on the same line, the PO being closed).
  void refresh() {
    Statement& q = db.statement(
        "SELECT po.status, l.received FROM purchase_order po JOIN po_line l ON l.po_id = po.id "
        "WHERE po.id = ?1 AND l.id = ?2");
    q.bind(1, po.id);
    q.bind(2, line.id);
    q.step();
    po.status = q.column(0).as_text();
    line.received = q.column(1).as_int64();
    q.reset();
  }

  void check_receivable() const {
    if (po.status != "ordered" && po.status != "partially_received") {
      throw refused("receive: " + po.number + " is " + po.status +
                    "; only an ordered (or partially received) PO can be received against");
    }
  }

  // The serial a scanned code carries, checked against the model.
  std::string serial_of(const std::string& code) const {
    const ScanParse parsed = parse_scan(code);
    if (!parsed.code) {
      throw refused("receive: cannot read '" + code + "': " + parsed.error);
    }
    const auto raw_serial = parsed.code->serial();
    if (!raw_serial) {
      throw refused("receive: GS1 code '" + code + "' has no serial number (AI 21)");
    }
    const std::optional<std::string> serial = trim(*raw_serial);
    if (serial->empty()) {
      throw refused("receive: '" + code + "' has no serial number in it (blank)");
    }
    // A tag label scanned by mistake must not become a serial.
    if (check_tag(*serial, tag_prefix) != TagCheck::not_a_tag) {
      throw refused("receive: '" + *serial + "' looks like a Tally asset tag, not a serial number; scan the serial");
    }
    if (const auto gtin = parsed.code->gtin()) {
      if (model.gtin && gtin14(*gtin) != gtin14(*model.gtin)) {
        throw refused("receive: code '" + code + "' has GTIN " + *gtin + " but line " + std::to_string(line.line_no) +
                      " is " + model.display_name() + " with GTIN " + *model.gtin);
      }
    }
    check_text("receive: serial", *serial, TextKind::identifier);
    if (serial->size() > 128) {
      throw refused("receive: serial '" + serial->substr(0, 40) + "...' is longer than 128 characters");
    }
    return *serial;
  }

  // Receives the serials inside the caller's transaction.
  std::vector<ReceivedUnit> receive_all(const std::vector<std::string>& codes) {
    refresh();
    check_receivable();
    if (line.received + static_cast<std::int64_t>(codes.size()) > line.quantity) {
      throw refused("receive: " + po.number + " line " + std::to_string(line.line_no) + " ordered " +
                    std::to_string(line.quantity) + ", already received " + std::to_string(line.received) +
                    "; refusing " + std::to_string(codes.size()) + " more");
    }
    std::vector<std::string> serials;
    std::set<std::string> seen;
    for (const auto& code : codes) {
      std::string serial = serial_of(code);
      if (!seen.insert(serial).second) {
        throw refused("receive: serial '" + serial + "' is given twice");
      }
      serials.push_back(std::move(serial));
    }

    const std::string now = now_timestamp();
    const std::string received_on = format_date(today());
    const std::string warranty_ends = add_months(received_on, model.warranty_months);

    Statement& receipt = db.statement(
        "INSERT INTO receipt (po_line_id, quantity, received_at, received_by, location_id) VALUES (?, ?, ?, ?, ?)");
    receipt.bind(1, line.id);
    receipt.bind(2, static_cast<std::int64_t>(serials.size()));
    receipt.bind(3, now);
    receipt.bind(4, actor);
    if (location) {
      receipt.bind(5, location->id);
    }
    receipt.exec();

    std::vector<ReceivedUnit> units;
    for (const auto& serial : serials) {
      NewAssetRow row;
      row.model_id = model.id;
      row.serial = serial;
      row.location_id = location ? std::optional<std::int64_t>(location->id) : std::nullopt;
      row.owner_team_id = team_id;
      row.po_line_id = line.id;
      row.cost_minor = line.unit_cost_minor;
      row.currency = po.currency;
      row.received_on = received_on;
      row.warranty_ends = warranty_ends;
      ReceivedUnit unit;
      try {
        // insert_asset refuses a serial the manufacturer already has; the
        // caller's transaction then takes back the whole batch.
        unit.asset = insert_asset(db, actor, row, "receive");
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::refused) {
          throw;
        }
        throw with_prefix("receive: ", e);
      }
      units.push_back(std::move(unit));
    }
    line.received += static_cast<std::int64_t>(serials.size());
    const std::string status = update_po_status();
    for (auto& unit : units) {
      unit.line_received = line.received;
      unit.line_ordered = line.quantity;
      unit.po_status = status;
    }
    return units;
  }

  // Moves the PO to partially_received or received after a receipt.
  std::string update_po_status() {
    Statement& totals = db.statement("SELECT sum(quantity), sum(received) FROM po_line WHERE po_id = ?");
    totals.bind(1, po.id);
    totals.step();
    const std::string status =
        totals.column(1).as_int64() >= totals.column(0).as_int64() ? "received" : "partially_received";
    totals.reset();
    if (status != po.status) {
      Statement update(db, "UPDATE purchase_order SET status = ? WHERE id = ?");
      update.bind(1, status);
      update.bind(2, po.id);
      update.exec();
      append_event(db, actor, "receive", "purchase_order", po.number, {{"status", po.status}}, {{"status", status}});
      po.status = status;
    }
    return status;
  }
};

namespace {

// Loads and checks the PO, line and location of a target.
void prepare(Receiver::State& s, const ReceiveTarget& target) {
  s.po = show_po(s.db, target.po);
  s.check_receivable();
  const auto line =
      std::find_if(s.po.lines.begin(), s.po.lines.end(), [&](const PoLine& l) { return l.line_no == target.line; });
  if (line == s.po.lines.end()) {
    std::string lines;
    for (const auto& l : s.po.lines) {
      lines += (lines.empty() ? "" : ", ") + std::to_string(l.line_no);
    }
    throw refused("receive: " + s.po.number + " has no line " + std::to_string(target.line) +
                  " (its lines: " + (lines.empty() ? "none" : lines) + ")");
  }
  s.line = *line;
  if (!s.line.model_id) {
    throw refused("receive: " + s.po.number + " line " + std::to_string(s.line.line_no) + " (\"" +
                  s.line.description.value_or("") + "\") has no model, so there is nothing to tag or count");
  }
  s.model = model_by_id(s.db, *s.line.model_id);
  s.tag_prefix = get_setting(s.db, "tag.prefix");
  if (target.location) {
    s.location = resolve_location(s.db, *target.location);
  }
  Statement team(s.db, "SELECT team_id FROM purchase_order WHERE id = ?");
  team.bind(1, s.po.id);
  team.step();
  s.team_id = team.column(0).as_int64();
}

void require_serialized(const Receiver::State& s) {
  if (!s.model.serialized) {
    throw refused("receive: " + s.po.number + " line " + std::to_string(s.line.line_no) + " is " +
                  s.model.display_name() + ", a bulk (counted) model; receive it with " + field_ref("quantity") + " N");
  }
}

}  // namespace

Receiver::Receiver(Database& db, std::string actor, const ReceiveTarget& target)
    : m_state(std::make_unique<State>(db, std::move(actor))) {
  try {
    prepare(*m_state, target);
    require_serialized(*m_state);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Receiver::~Receiver() = default;

ReceivedUnit Receiver::receive(const std::string& code) {
  return write(m_state->db, [&] {
    auto units = m_state->receive_all({code});
    return std::move(units.front());
  });
}

std::vector<ReceivedUnit> receive_serials(Database& db, const std::string& actor, const ReceiveTarget& target,
                                          const std::vector<std::string>& serials) {
  if (serials.empty()) {
    throw refused("receive: give at least one " + field_ref("serial") + ", or " + field_ref("scan") + ", or " +
                  field_ref("quantity") + " for a bulk line");
  }
  return write(db, [&] {
    Receiver::State state(db, actor);
    prepare(state, target);
    require_serialized(state);
    auto units = state.receive_all(serials);
    return units;
  });
}

BulkReceipt receive_bulk(Database& db, const std::string& actor, const ReceiveTarget& target, std::int64_t quantity) {
  if (quantity <= 0) {
    throw Error(
        Problem::invalid,
        "receive: " + field_ref("quantity") + " " + std::to_string(quantity) + " must be a positive whole number",
        "quantity");
  }
  check_bounded("receive: " + field_ref("quantity"), quantity, 1);
  return write(db, [&] {
    Receiver::State s(db, actor);
    prepare(s, target);
    if (s.model.serialized) {
      throw refused("receive: " + s.po.number + " line " + std::to_string(s.line.line_no) + " is " +
                    s.model.display_name() + ", a serialized model; receive it with " + field_ref("serial") + " or " +
                    field_ref("scan"));
    }
    if (!s.location) {
      throw refused("receive: bulk stock needs a " + field_ref("location") + " to count it at");
    }
    if (s.line.received + quantity > s.line.quantity) {
      throw refused("receive: " + s.po.number + " line " + std::to_string(s.line.line_no) + " ordered " +
                    std::to_string(s.line.quantity) + ", already received " + std::to_string(s.line.received) +
                    "; refusing " + std::to_string(quantity) + " more");
    }
    const std::string now = now_timestamp();
    Statement receipt(db,
                      "INSERT INTO receipt (po_line_id, quantity, received_at, received_by, location_id) "
                      "VALUES (?, ?, ?, ?, ?)");
    receipt.bind(1, s.line.id);
    receipt.bind(2, quantity);
    receipt.bind(3, now);
    receipt.bind(4, actor);
    receipt.bind(5, s.location->id);
    receipt.exec();
    const std::int64_t receipt_id = db.last_insert_rowid();
    Statement move(db,
                   "INSERT INTO stock_movement (model_id, location_id, delta, kind, receipt_id, reason, at, "
                   "actor) VALUES (?, ?, ?, 'receipt', ?, ?, ?, ?)");
    move.bind(1, s.model.id);
    move.bind(2, s.location->id);
    move.bind(3, quantity);
    move.bind(4, receipt_id);
    move.bind(5, s.po.number + " line " + std::to_string(s.line.line_no));
    move.bind(6, now);
    move.bind(7, actor);
    move.exec();
    s.line.received += quantity;

    BulkReceipt result;
    result.po = s.po.number;
    result.line = s.line.line_no;
    result.model = s.model.display_name();
    result.location = s.location->code;
    result.quantity = quantity;
    result.line_received = s.line.received;
    result.line_ordered = s.line.quantity;
    Statement on_hand(db, "SELECT on_hand FROM stock_level WHERE model_id = ? AND location_id = ?");
    on_hand.bind(1, s.model.id);
    on_hand.bind(2, s.location->id);
    on_hand.step();
    result.on_hand = on_hand.column(0).as_int64();
    append_event(db, actor, "receive", "stock", s.model.display_name() + "@" + s.location->code, nullptr,
                 {{"po", result.po},
                  {"line", result.line},
                  {"quantity", quantity},
                  {"location", result.location},
                  {"on_hand", result.on_hand}});
    result.po_status = s.update_po_status();
    return result;
  });
}

}  // namespace tally
