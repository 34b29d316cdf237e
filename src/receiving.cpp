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

  // The serial a scanned (or typed) code carries, checked against the model.
  std::string serial_of(const std::string& code, bool scanned) const {
    const ScanParse parsed = parse_scan(code);
    if (!parsed.code) {
      throw refused("receive: cannot read '" + code + "': " + parsed.error);
    }
    // The box's retail barcode scanned instead of the unit's serial. A typed
    // serial that is all digits is taken as it is.
    if (scanned && parsed.code->product_code) {
      throw refused("receive: '" + parsed.code->text +
                    "' is a product code (EAN-13/UPC-A), not a serial number; scan the serial (a serial of 12 or 13 "
                    "digits is given with " +
                    field_ref("serial") + ")");
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
  std::vector<ReceivedUnit> receive_all(const std::vector<std::string>& codes, bool scanned) {
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
      std::string serial = serial_of(code, scanned);
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
  std::optional<std::string> where = target.location;
  if (!where) {
    // The configured default receiving location, if any.
    if (std::string fallback = get_setting(s.db, "receiving.location"); !fallback.empty()) {
      where = std::move(fallback);
    }
  }
  if (where) {
    s.location = resolve_location(s.db, *where);
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
  if (!s.location) {
    throw Error(Problem::invalid,
                "receive: serialized units need a " + field_ref("location") + " to go to (or a default: `" +
                    command_ref("config set receiving.location LOCATION") + "`)",
                "location");
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
    auto units = m_state->receive_all({code}, true);
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
    auto units = state.receive_all(serials, false);
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

namespace {

// Why an asset of the line cannot be taken back by a reversal (what has
// happened to it since it was received, and what to undo first), or nullopt.
std::optional<std::string> moved_on(Database& db, const Asset& asset) {
  const std::string& tag = asset.tag;
  if (asset.rack) {
    return "is installed in rack " + *asset.rack + "; take it out first with `" + command_ref("rack remove " + tag) +
           "`";
  }
  if (asset.custodian) {
    return "is assigned to " + *asset.custodian + "; take it back first with `" + command_ref("asset unassign " + tag) +
           "`";
  }
  if (asset.status != "in_stock") {
    return "is " + asset.status + "; only a unit still in_stock is taken back (bring it back to in_stock first)";
  }
  Statement seats(db, "SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE asset_id = ?");
  seats.bind(1, asset.id);
  seats.step();
  if (const std::int64_t held = seats.column(0).as_int64(); held > 0) {
    return "holds " + std::to_string(held) + " license seat(s); release them first with `" +
           command_ref("license unassign") + "`";
  }
  Statement repairs(db, "SELECT count(*) FROM repair WHERE asset_id = ?");
  repairs.bind(1, asset.id);
  repairs.step();
  if (repairs.column(0).as_int64() > 0) {
    return "has been repaired since it was received; a repaired unit is not a receiving mistake (return it with `" +
           command_ref("rma open " + tag) + "`)";
  }
  Statement received_at(db,
                        "SELECT json_extract(after, '$.location') FROM event "
                        "WHERE entity = 'asset' AND entity_key = ? AND action = 'receive' ORDER BY id LIMIT 1");
  received_at.bind(1, tag);
  if (received_at.step()) {
    const std::optional<std::string> first = text_or_null(received_at.column(0));
    if (first != asset.location) {
      return "was moved from " + first.value_or("no location") + " to " + asset.location.value_or("no location") +
             " since it was received; move it back first" +
             (first ? " with `" + command_ref("asset move " + tag + " " + field_ref("to") + " " + *first) + "`"
                    : std::string());
    }
  }
  return std::nullopt;
}

}  // namespace

VoidedReceipt void_receipt(Database& db, const std::string& actor, const ReceiptVoid& request) {
  const std::string verb = "receipt void";
  const std::string reason = trim(request.reason);
  if (reason.empty()) {
    throw Error(Problem::invalid, verb + ": " + field_ref("reason") + " must not be empty", "reason");
  }
  check_text(verb + ": " + field_ref("reason"), reason, TextKind::free_text);
  if (request.quantity && *request.quantity <= 0) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("quantity") + " " + std::to_string(*request.quantity) +
                    " must be a positive whole number",
                "quantity");
  }
  return write(db, [&] {
    const PurchaseOrder po = show_po(db, request.po);
    const auto found =
        std::find_if(po.lines.begin(), po.lines.end(), [&](const PoLine& l) { return l.line_no == request.line; });
    if (found == po.lines.end()) {
      throw not_found(verb + ": " + po.number + " has no line " + std::to_string(request.line), "line");
    }
    const PoLine& line = *found;
    const std::string line_name = po.number + " line " + std::to_string(line.line_no);
    if (po.status == "closed") {
      throw conflict(
          verb + ": " + po.number + " is closed; reopen it first with `" + command_ref("po reopen " + po.number) + "`",
          "po");
    }
    if (line.received == 0) {
      throw conflict(verb + ": " + line_name + " has nothing received to reverse", "line");
    }
    const Model model = model_by_id(db, *line.model_id);
    VoidedReceipt result;
    result.po = po.number;
    result.line = line.line_no;
    result.model = model.display_name();
    result.reason = reason;
    result.line_ordered = line.quantity;
    const std::string now = now_timestamp();
    std::vector<Asset> units;
    std::optional<Location> location;
    if (model.serialized) {
      if (request.quantity || request.location) {
        throw Error(Problem::invalid,
                    verb + ": " + line_name + " is " + model.display_name() +
                        ", a serialized model; name the units to take back (tag, serial or barcode), not " +
                        field_ref(request.quantity ? "quantity" : "location"),
                    request.quantity ? "quantity" : "location");
      }
      if (request.codes.empty()) {
        throw Error(Problem::invalid,
                    verb + ": name the units of " + line_name + " to take back (tag, serial or barcode)", "asset");
      }
      std::set<std::string> seen;
      for (const auto& code : request.codes) {
        const Asset asset = resolve_asset(db, code);
        if (!seen.insert(asset.tag).second) {
          throw Error(Problem::invalid, verb + ": " + asset.tag + " is named twice", "asset");
        }
        Statement taken(db, "SELECT 1 FROM receipt_reversal_asset WHERE asset_id = ?");
        taken.bind(1, asset.id);
        if (taken.step()) {
          throw conflict(verb + ": " + asset.tag + " was already taken back by a receipt reversal", "asset");
        }
        if (asset.po != po.number || asset.po_line != line.line_no) {
          throw conflict(
              verb + ": " + asset.tag + " is not a unit of " + line_name +
                  (asset.po ? " (it came on " + *asset.po + " line " + std::to_string(asset.po_line.value_or(0)) + ")"
                            : std::string(" (it came on no PO)")),
              "asset");
        }
        if (const auto why = moved_on(db, asset)) {
          throw conflict(verb + ": " + asset.tag + " " + *why, "asset");
        }
        units.push_back(asset);
      }
      result.quantity = static_cast<std::int64_t>(units.size());
    } else {
      if (!request.codes.empty()) {
        throw Error(Problem::invalid,
                    verb + ": " + line_name + " is " + model.display_name() + ", a bulk (counted) model; give " +
                        field_ref("quantity") + " N, not units",
                    "asset");
      }
      if (!request.quantity) {
        throw Error(Problem::invalid,
                    verb + ": " + line_name + " is " + model.display_name() + ", a bulk (counted) model; give " +
                        field_ref("quantity") + " N",
                    "quantity");
      }
      result.quantity = *request.quantity;
      if (request.location) {
        location = resolve_location(db, *request.location);
      } else {
        Statement last(db,
                       "SELECT l.code FROM receipt r JOIN location l ON l.id = r.location_id "
                       "WHERE r.po_line_id = ? ORDER BY r.id DESC LIMIT 1");
        last.bind(1, line.id);
        last.step();
        location = resolve_location(db, last.column(0).as_text());
      }
    }
    if (result.quantity > line.received) {
      throw conflict(verb + ": " + line_name + " has received " + std::to_string(line.received) +
                         "; refusing to take back " + std::to_string(result.quantity),
                     model.serialized ? "asset" : "quantity");
    }
    std::optional<std::int64_t> movement_id;
    if (location) {
      Statement on_hand(db,
                        "SELECT coalesce(sum(delta), 0) FROM stock_movement WHERE model_id = ? AND location_id = ?");
      on_hand.bind(1, model.id);
      on_hand.bind(2, location->id);
      on_hand.step();
      const std::int64_t there = on_hand.column(0).as_int64();
      if (there < result.quantity) {
        throw conflict(verb + ": " + std::to_string(there) + " of " + model.display_name() + " on hand at " +
                           location->code + "; refusing to take back " + std::to_string(result.quantity) +
                           " (the rest was issued, moved or written off: bring it back first, see `" +
                           command_ref("stock history \"" + model.display_name() + "\"") + "`)",
                       "quantity");
      }
      Statement move(db,
                     "INSERT INTO stock_movement (model_id, location_id, delta, kind, reason, at, actor) "
                     "VALUES (?, ?, ?, 'adjustment', ?, ?, ?)");
      move.bind(1, model.id);
      move.bind(2, location->id);
      move.bind(3, -result.quantity);
      move.bind(4, "receipt reversal: " + line_name + ": " + reason);
      move.bind(5, now);
      move.bind(6, actor);
      move.exec();
      movement_id = db.last_insert_rowid();
    }
    Statement reversal(db,
                       "INSERT INTO receipt_reversal (po_line_id, quantity, reason, reversed_at, reversed_by, "
                       "movement_id) VALUES (?, ?, ?, ?, ?, ?)");
    reversal.bind(1, line.id);
    reversal.bind(2, result.quantity);
    reversal.bind(3, reason);
    reversal.bind(4, now);
    reversal.bind(5, actor);
    if (movement_id) {
      reversal.bind(6, *movement_id);
    }
    reversal.exec();
    const std::int64_t reversal_id = db.last_insert_rowid();
    for (const auto& asset : units) {
      Statement link(db, "INSERT INTO receipt_reversal_asset (reversal_id, asset_id) VALUES (?, ?)");
      link.bind(1, reversal_id);
      link.bind(2, asset.id);
      link.exec();
      Statement update(db, "UPDATE asset SET status = 'returned_to_vendor', updated_at = ? WHERE id = ?");
      update.bind(1, now);
      update.bind(2, asset.id);
      update.exec();
      append_event(db, actor, "receipt-void", "asset", asset.tag, {{"status", asset.status}},
                   {{"status", "returned_to_vendor"}, {"po", po.number}, {"line", line.line_no}, {"reason", reason}});
      result.assets.push_back(asset.tag);
    }
    result.line_received = line.received - result.quantity;

    Statement totals(db, "SELECT sum(quantity), sum(received) FROM po_line WHERE po_id = ?");
    totals.bind(1, po.id);
    totals.step();
    const std::int64_t ordered = totals.column(0).as_int64();
    const std::int64_t received = totals.column(1).as_int64();
    result.po_status = po.status;
    if (po.status == "received" || po.status == "partially_received") {
      result.po_status = received == 0 ? "ordered" : received < ordered ? "partially_received" : po.status;
    }
    if (result.po_status != po.status) {
      Statement status(db, "UPDATE purchase_order SET status = ? WHERE id = ?");
      status.bind(1, result.po_status);
      status.bind(2, po.id);
      status.exec();
    }
    Json before = {{"line", line.line_no}, {"received", line.received}};
    Json after = {
        {"line", line.line_no}, {"received", result.line_received}, {"quantity", result.quantity}, {"reason", reason}};
    if (result.po_status != po.status) {
      before["status"] = po.status;
      after["status"] = result.po_status;
    }
    if (model.serialized) {
      after["assets"] = result.assets;
    } else {
      after["location"] = location->code;
    }
    append_event(db, actor, "receipt-void", "purchase_order", po.number, before, after);
    if (location) {
      Statement on_hand(db, "SELECT on_hand FROM stock_level WHERE model_id = ? AND location_id = ?");
      on_hand.bind(1, model.id);
      on_hand.bind(2, location->id);
      on_hand.step();
      result.location = location->code;
      result.on_hand = on_hand.column(0).as_int64();
      append_event(db, actor, "receipt-void", "stock", model.display_name() + "@" + location->code,
                   {{"on_hand", *result.on_hand + result.quantity}},
                   {{"on_hand", *result.on_hand},
                    {"po", po.number},
                    {"line", line.line_no},
                    {"quantity", -result.quantity},
                    {"reason", reason}});
    }
    return result;
  });
}

}  // namespace tally
