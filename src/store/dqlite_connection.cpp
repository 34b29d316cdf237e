#include "store/dqlite_connection.hpp"
#include "error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

namespace tally::store::dqlite {

namespace {

using Clock = std::chrono::steady_clock;

std::string upper(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

bool word_char(unsigned char c) {
  return std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80;
}

struct Token {
  enum Kind { word, quoted, parameter, open, close, semicolon, other } kind;
  std::string text;
  int depth;  // parentheses around the token
};

// The tokens of SQL text that matter for its shape: words, quoted names,
// parameters and parentheses; string literals and comments are skipped.
std::vector<Token> tokenize(const std::string& sql) {
  std::vector<Token> tokens;
  int depth = 0;
  std::size_t i = 0;
  const std::size_t n = sql.size();
  auto at = [&](std::size_t k) { return k < n ? static_cast<unsigned char>(sql[k]) : '\0'; };
  while (i < n) {
    const unsigned char c = at(i);
    if (std::isspace(c) != 0) {
      ++i;
    } else if (c == '-' && at(i + 1) == '-') {
      while (i < n && sql[i] != '\n') {
        ++i;
      }
    } else if (c == '/' && at(i + 1) == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : static_cast<char>(c);
      std::string text;
      std::size_t k = i + 1;
      while (k < n) {
        if (sql[k] == close) {
          if (close != ']' && at(k + 1) == static_cast<unsigned char>(close)) {
            text.push_back(close);
            k += 2;
            continue;
          }
          break;
        }
        text.push_back(sql[k]);
        ++k;
      }
      i = k + 1;
      if (c != '\'') {
        tokens.push_back({Token::quoted, text, depth});
      }
    } else if (c == '?') {
      std::size_t k = i + 1;
      while (k < n && std::isdigit(at(k)) != 0) {
        ++k;
      }
      tokens.push_back({Token::parameter, sql.substr(i, k - i), depth});
      i = k;
    } else if ((c == ':' || c == '@' || c == '$') && word_char(at(i + 1))) {
      std::size_t k = i + 1;
      while (k < n && word_char(at(k))) {
        ++k;
      }
      tokens.push_back({Token::parameter, sql.substr(i, k - i), depth});
      i = k;
    } else if (word_char(c) && c != '$') {
      std::size_t k = i;
      while (k < n && word_char(at(k))) {
        ++k;
      }
      tokens.push_back({Token::word, upper(sql.substr(i, k - i)), depth});
      i = k;
    } else if (c == '(') {
      tokens.push_back({Token::open, "(", depth});
      ++depth;
      ++i;
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
      tokens.push_back({Token::close, ")", depth});
      ++i;
    } else if (c == ';') {
      tokens.push_back({Token::semicolon, ";", depth});
      ++i;
    } else {
      tokens.push_back({Token::other, std::string(1, static_cast<char>(c)), depth});
      ++i;
    }
  }
  return tokens;
}

std::string name_after(const std::vector<Token>& tokens, std::size_t from) {
  for (std::size_t k = from; k < tokens.size(); ++k) {
    if (tokens[k].kind == Token::word && tokens[k].text == "SAVEPOINT") {
      continue;
    }
    if (tokens[k].kind == Token::word) {
      return tokens[k].text;
    }
    if (tokens[k].kind == Token::quoted) {
      return upper(tokens[k].text);
    }
    break;
  }
  return {};
}

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

std::string seconds_text(int ms) {
  return std::to_string(ms / 1000) + (ms % 1000 == 0 ? "" : "." + std::to_string(ms % 1000 / 100)) + " s";
}

[[noreturn]] void out_of_range(int index) {
  throw SqlError(SQLITE_RANGE, SQLITE_RANGE, "column or parameter index " + std::to_string(index) + " out of range");
}

}  // namespace

const std::string k_commit_unknown =
    std::string(
        "the connection to the cluster leader was lost during COMMIT: the outcome is unknown; check whether the "
        "change was stored (") +
    command_ref("log " + field_ref("limit") + " 5") + ") before trying again";

bool is_cluster_url(const std::string& location) {
  return location.rfind("dqlite://", 0) == 0;
}

std::vector<std::string> parse_node_list(const std::string& list) {
  std::vector<std::string> nodes;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const std::string node = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (node.empty()) {
      throw std::invalid_argument("an empty node address in '" + list + "'");
    }
    split_address(node);
    nodes.push_back(node);
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return nodes;
}

ClusterAddress parse_cluster_url(const std::string& url) {
  if (!is_cluster_url(url)) {
    throw std::invalid_argument("'" + url + "' does not start with dqlite://");
  }
  const std::string rest = url.substr(9);
  const auto slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 == rest.size()) {
    throw std::invalid_argument("'" + url + "' names no database: write dqlite://HOST:PORT[,HOST:PORT...]/NAME");
  }
  ClusterAddress address;
  address.nodes = parse_node_list(rest.substr(0, slash));
  address.name = rest.substr(slash + 1);
  for (const char c : address.name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '_' && c != '-') {
      throw std::invalid_argument("the database name '" + address.name +
                                  "' may hold only letters, digits, '.', '_' and '-'");
    }
  }
  return address;
}

StatementShape scan_statement(const std::string& sql) {
  StatementShape shape;
  const auto tokens = tokenize(sql);
  std::size_t first = 0;
  while (first < tokens.size() && tokens[first].kind != Token::word) {
    ++first;
  }
  const std::string verb = first < tokens.size() ? tokens[first].text : "";
  if (verb == "BEGIN") {
    shape.effect = Effect::begin;
  } else if (verb == "COMMIT" || verb == "END") {
    shape.effect = Effect::commit;
  } else if (verb == "ROLLBACK") {
    shape.effect = Effect::rollback;
    for (std::size_t k = first + 1; k < tokens.size(); ++k) {
      if (tokens[k].kind == Token::word && tokens[k].text == "TO") {
        shape.effect = Effect::rollback_to;
        shape.savepoint = name_after(tokens, k + 1);
      }
    }
  } else if (verb == "SAVEPOINT") {
    shape.effect = Effect::savepoint;
    shape.savepoint = name_after(tokens, first + 1);
  } else if (verb == "RELEASE") {
    shape.effect = Effect::release;
    shape.savepoint = name_after(tokens, first + 1);
  } else if (verb == "SELECT" || verb == "VALUES" || verb == "EXPLAIN") {
    shape.effect = Effect::query;
  } else if (verb == "PRAGMA") {
    // "PRAGMA name" and "PRAGMA name(arg)" read; "PRAGMA name = value" sets (and answers no row).
    const bool sets = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.text == "="; });
    shape.effect = sets ? Effect::write : Effect::query;
  } else if (verb == "WITH") {
    for (std::size_t k = first + 1; k < tokens.size(); ++k) {
      const Token& t = tokens[k];
      if (t.kind != Token::word || t.depth != 0) {
        continue;
      }
      if (t.text == "SELECT" || t.text == "VALUES") {
        shape.effect = Effect::query;
        break;
      }
      if (t.text == "INSERT" || t.text == "UPDATE" || t.text == "DELETE" || t.text == "REPLACE") {
        break;
      }
    }
  }
  for (const Token& t : tokens) {
    if (t.kind == Token::word && t.depth == 0 && t.text == "RETURNING") {
      shape.returning = true;
    }
    if (t.kind != Token::parameter) {
      continue;
    }
    if (t.text[0] == '?') {
      if (t.text.size() == 1) {
        ++shape.parameters;
      } else {
        shape.parameters = std::max(shape.parameters, std::atoi(t.text.c_str() + 1));
      }
    } else if (shape.names.find(t.text) == shape.names.end()) {
      shape.names[t.text] = ++shape.parameters;
    }
  }
  return shape;
}

std::vector<std::string> split_script(const std::string& script) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  auto keep = [&](const std::string& text) {
    const auto tokens = tokenize(text);
    const bool empty =
        std::all_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind == Token::semicolon; });
    if (!empty) {
      statements.push_back(text);
    }
  };
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (script[i] != ';') {
      continue;
    }
    const std::string chunk = script.substr(start, i + 1 - start);
    if (sqlite3_complete(chunk.c_str()) != 0) {
      keep(chunk);
      start = i + 1;
    }
  }
  if (start < script.size()) {
    keep(script.substr(start));
  }
  return statements;
}

std::unique_ptr<Client> connect_to_leader(const std::vector<std::string>& nodes, int wait_ms, int io_timeout_ms) {
  static std::mt19937_64 random{std::random_device{}()};
  const auto start = Clock::now();
  std::string last = "no node was asked";
  for (int round = 0; round < 100000; ++round) {
    for (const auto& node : nodes) {
      try {
        auto client = std::make_unique<Client>(node, io_timeout_ms);
        const NodeInfo leader = client->leader();
        if (leader.address.empty()) {
          last = node + " knows of no leader";
          continue;
        }
        if (leader.address != node) {
          client = std::make_unique<Client>(leader.address, io_timeout_ms);
          if (client->leader().address != leader.address) {
            last = leader.address + " is no longer the leader";
            continue;
          }
        }
        client->hello(random());
        return client;
      } catch (const LostConnection& e) {
        last = e.what();
      } catch (const SqlError& e) {
        last = node + ": " + e.what();
      }
    }
    if (elapsed_ms(start) >= wait_ms) {
      break;
    }
    sleep_ms(100);
  }
  throw SqlError(SQLITE_IOERR, k_unavailable,
                 "no leader of the cluster answered within " + seconds_text(wait_ms) + " (last: " + last +
                     "); a cluster writes and reads only while more than half of its voters run");
}

// A prepared statement on the cluster.
class DqliteCursor : public Cursor {
 public:
  DqliteCursor(DqliteConnection& connection, std::string sql)
      : m_connection(connection), m_sql(std::move(sql)), m_shape(scan_statement(m_sql)) {
    if (m_shape.returning) {
      // dqlite 1.11 nodes crash on the next write after an INSERT ... RETURNING.
      throw SqlError(SQLITE_ERROR, SQLITE_ERROR, "RETURNING is not supported on a dqlite cluster: " + m_sql);
    }
    StatementShape harmless;
    harmless.effect = Effect::query;
    m_connection.with_retries(harmless, m_sql, [this] { prepare_on_node(); });
  }

  ~DqliteCursor() override {
    try {
      if (m_connection.m_streaming == this) {
        m_connection.m_streaming = nullptr;
        m_connection.m_client->interrupt(m_connection.m_db);
      }
      if (m_connection.m_client && m_generation == m_connection.m_generation) {
        m_connection.settle(this);
        m_connection.m_client->finalize(m_connection.m_db, m_id);
      }
    } catch (const LostConnection&) {
      m_connection.drop();
    } catch (const SqlError&) {
      // A statement the node no longer knows: nothing to free.
    }
  }

  int parameter_index(const char* name) override {
    const auto found = m_shape.names.find(name);
    return found == m_shape.names.end() ? 0 : found->second;
  }
  void bind_null(int index) override { slot(index) = Value{}; }
  void bind_int64(int index, std::int64_t value) override {
    Value& v = slot(index);
    v = Value{};
    v.type = Type::integer;
    v.integer = value;
  }
  void bind_double(int index, double value) override {
    Value& v = slot(index);
    v = Value{};
    v.type = Type::real;
    v.real = value;
  }
  void bind_text(int index, std::string_view value) override {
    Value& v = slot(index);
    v = Value{};
    v.type = Type::text;
    v.text = std::string(value);
  }
  void bind_blob(int index, const void* data, std::size_t size) override {
    Value& v = slot(index);
    v = Value{};
    v.type = Type::blob;
    v.text.assign(static_cast<const char*>(data), size);
  }
  void clear_bindings() override { std::fill(m_params.begin(), m_params.end(), Value{}); }

  bool step() override {
    if (m_shape.effect != Effect::query) {
      if (m_finished) {
        return false;
      }
      m_connection.run_exec(m_shape, m_sql, [this] {
        prepare_if_void();
        return m_connection.m_client->exec(m_connection.m_db, m_id, m_params);
      });
      m_finished = true;
      return false;
    }
    if (!m_started) {
      start();
    }
    for (int guard = 0; guard < 1000000; ++guard) {
      if (m_next < m_rows.size()) {
        m_row = std::move(m_rows[m_next++]);
        m_converted.assign(m_row.size(), std::string());
        m_has_row = true;
        if (m_next == m_rows.size()) {
          m_rows.clear();
          m_next = 0;
        }
        return true;
      }
      m_has_row = false;
      if (!m_more) {
        return false;
      }
      fetch();
    }
    return false;
  }

  void reset() override {
    if (m_connection.m_streaming == this) {
      m_connection.m_streaming = nullptr;
      try {
        m_connection.m_client->interrupt(m_connection.m_db);
      } catch (const LostConnection&) {
        m_connection.drop();
      }
    }
    m_started = false;
    m_finished = false;
    m_more = false;
    m_has_row = false;
    m_rows.clear();
    m_next = 0;
  }

  int column_count() override {
    if (m_shape.effect != Effect::query) {
      return 0;
    }
    if (!m_started) {
      start();
    }
    return static_cast<int>(m_columns.size());
  }
  std::string column_name(int index) override {
    if (index < 0 || index >= column_count()) {
      out_of_range(index);
    }
    return m_columns[static_cast<std::size_t>(index)];
  }
  Type column_type(int index) override { return value(index).type; }
  std::int64_t column_int64(int index) override {
    const Value& v = value(index);
    switch (v.type) {
      case Type::integer:
        return v.integer;
      case Type::real:
        return static_cast<std::int64_t>(v.real);
      case Type::text:
      case Type::blob:
        return std::strtoll(v.text.c_str(), nullptr, 10);
      case Type::null:
        break;
    }
    return 0;
  }
  double column_double(int index) override {
    const Value& v = value(index);
    switch (v.type) {
      case Type::integer:
        return static_cast<double>(v.integer);
      case Type::real:
        return v.real;
      case Type::text:
      case Type::blob:
        return std::strtod(v.text.c_str(), nullptr);
      case Type::null:
        break;
    }
    return 0;
  }
  std::string_view column_text(int index) override {
    const Value& v = value(index);
    std::string& converted = m_converted[static_cast<std::size_t>(index)];
    switch (v.type) {
      case Type::text:
      case Type::blob:
        return v.text;
      case Type::integer:
        converted = std::to_string(v.integer);
        return converted;
      case Type::real: {
        char* text = sqlite3_mprintf("%!.15g", v.real);
        converted = text;
        sqlite3_free(text);
        return converted;
      }
      case Type::null:
        break;
    }
    return {};
  }
  std::string_view column_blob(int index) override { return column_text(index); }
  std::string sql() const override { return m_sql; }

  // Reads every batch still on the wire into the cursor (another statement is about to be sent).
  void drain() {
    while (m_more) {
      fetch();
    }
  }

 private:
  Value& slot(int index) {
    // column_count() before the first step ran the query: a binding starts it again.
    if (m_started) {
      reset();
    }
    if (index < 1 || index > static_cast<int>(m_params.size())) {
      out_of_range(index);
    }
    return m_params[static_cast<std::size_t>(index - 1)];
  }
  const Value& value(int index) {
    if (!m_has_row || index < 0 || index >= static_cast<int>(m_row.size())) {
      out_of_range(index);
    }
    return m_row[static_cast<std::size_t>(index)];
  }
  void prepare_on_node() {
    m_connection.settle(this);
    const PreparedStatement p = m_connection.m_client->prepare(m_connection.m_db, m_sql);
    m_id = p.id;
    m_generation = m_connection.m_generation;
    const auto count = static_cast<std::size_t>(std::max<std::uint64_t>(p.parameters, m_shape.parameters));
    if (m_params.size() != count) {
      m_params.resize(count);
    }
  }
  void prepare_if_void() {
    m_connection.settle(this);
    if (m_generation != m_connection.m_generation) {
      prepare_on_node();
    }
  }
  void start() {
    RowBatch batch;
    m_connection.with_retries(m_shape, m_sql, [this, &batch] {
      prepare_if_void();
      batch = m_connection.m_client->query(m_connection.m_db, m_id, m_params);
    });
    m_started = true;
    take(std::move(batch));
  }
  void fetch() {
    try {
      take(m_connection.m_client->next_batch());
    } catch (const LostConnection& e) {
      m_more = false;
      m_connection.m_streaming = nullptr;
      const bool in_transaction = m_connection.m_in_transaction;
      m_connection.drop();
      throw SqlError(SQLITE_IOERR, in_transaction ? k_nothing_written : k_unavailable,
                     std::string("the connection to the cluster leader was lost while rows were read (") + e.what() +
                         (in_transaction ? "): the transaction is rolled back, nothing of it was written; try again"
                                         : "); try again"));
    } catch (const SqlError&) {
      m_more = false;
      m_connection.m_streaming = nullptr;
      throw;
    }
  }
  void take(RowBatch batch) {
    m_columns = std::move(batch.columns);
    for (auto& row : batch.rows) {
      m_rows.push_back(std::move(row));
    }
    m_more = batch.more;
    m_connection.m_streaming = m_more ? this : nullptr;
  }

  DqliteConnection& m_connection;
  std::string m_sql;
  StatementShape m_shape;
  std::uint32_t m_id = 0;
  std::uint64_t m_generation = 0;
  std::vector<Value> m_params;
  bool m_started = false;   // a query: its QUERY was sent
  bool m_finished = false;  // an exec: it ran
  bool m_more = false;      // more batches are on the wire
  bool m_has_row = false;
  std::vector<std::string> m_columns;
  std::vector<std::vector<Value>> m_rows;  // fetched, not yet stepped to
  std::size_t m_next = 0;
  std::vector<Value> m_row;
  std::vector<std::string> m_converted;  // column_text of numbers
};

DqliteConnection::DqliteConnection(ClusterAddress address, Options options)
    : m_address(std::move(address)), m_options(options) {
  ensure_connected(m_options.reconnect_ms);
}

DqliteConnection::~DqliteConnection() = default;

std::string DqliteConnection::location() const {
  std::string nodes;
  for (const auto& n : m_address.nodes) {
    nodes += (nodes.empty() ? "" : ",") + n;
  }
  return "dqlite://" + nodes + "/" + m_address.name;
}

void DqliteConnection::ensure_connected(int wait_ms) {
  if (m_client) {
    return;
  }
  auto client = connect_to_leader(m_address.nodes, std::max(wait_ms, 0), m_options.io_timeout_ms);
  m_db = client->open(m_address.name);
  m_client = std::move(client);
  m_streaming = nullptr;
  if (m_generation > 0) {
    ++m_reconnects;
  }
  ++m_generation;
}

void DqliteConnection::drop() {
  m_client.reset();
  m_streaming = nullptr;
}

void DqliteConnection::settle(DqliteCursor* asking) {
  if (m_streaming != nullptr && m_streaming != asking) {
    DqliteCursor* streaming = m_streaming;
    streaming->drain();
  }
}

template <typename F>
void DqliteConnection::with_retries(const StatementShape& shape, const std::string& sql, F attempt) {
  const auto start = Clock::now();
  const bool in_transaction = m_in_transaction;
  int busy_wait = 1;
  for (int tries = 0; tries < 100000; ++tries) {
    std::string failure;
    bool applied_maybe = false;  // the node may have applied the statement
    try {
      ensure_connected(m_options.reconnect_ms - elapsed_ms(start));
      attempt();
      return;
    } catch (const NotSent& e) {
      failure = e.what();
    } catch (const LostConnection& e) {
      failure = e.what();
      applied_maybe = true;
    } catch (const SqlError& e) {
      if (e.extended_code() == k_not_leader) {
        failure = "the node is no longer the leader";
      } else if (e.extended_code() == k_leadership_lost) {
        failure = "the leader lost its office during the request";
        applied_maybe = true;
      } else if (e.code() == SQLITE_BUSY && !in_transaction && elapsed_ms(start) < m_options.busy_timeout_ms) {
        sleep_ms(busy_wait);
        busy_wait = std::min(busy_wait * 2, 50);
        continue;
      } else {
        throw;
      }
    }
    drop();
    if (in_transaction) {
      m_in_transaction = false;
      m_transaction_by_savepoint = false;
      m_savepoints.clear();
      if (shape.effect == Effect::commit && applied_maybe) {
        throw SqlError(SQLITE_IOERR, k_outcome_unknown, k_commit_unknown);
      }
      throw SqlError(SQLITE_IOERR, k_nothing_written,
                     "the cluster leader was lost in the middle of a transaction (" + failure +
                         "): the transaction is rolled back, nothing of it was written; try again");
    }
    if (shape.effect == Effect::write && applied_maybe) {
      throw SqlError(SQLITE_IOERR, k_outcome_unknown,
                     "the connection to the cluster leader was lost during a write (" + failure +
                         "): its outcome is unknown: " + sql);
    }
    if (elapsed_ms(start) >= m_options.reconnect_ms) {
      throw SqlError(SQLITE_IOERR, k_unavailable,
                     "the cluster has no leader within " + seconds_text(m_options.reconnect_ms) + " (" + failure +
                         "); a cluster writes and reads only while more than half of its voters run");
    }
    sleep_ms(50);
  }
}

template <typename F>
void DqliteConnection::run_exec(const StatementShape& shape, const std::string& sql, F attempt) {
  if (shape.effect == Effect::rollback && !m_in_transaction) {
    return;  // the transaction went with a lost connection: already rolled back
  }
  ExecResult result;
  with_retries(shape, sql, [&] { result = attempt(); });
  m_last_insert_rowid = result.last_insert_id;
  m_changes = result.rows_affected;
  applied(shape);
}

void DqliteConnection::applied(const StatementShape& shape) {
  switch (shape.effect) {
    case Effect::begin:
      m_in_transaction = true;
      m_transaction_by_savepoint = false;
      break;
    case Effect::commit:
    case Effect::rollback:
      m_in_transaction = false;
      m_transaction_by_savepoint = false;
      m_savepoints.clear();
      break;
    case Effect::savepoint:
      if (!m_in_transaction) {
        m_in_transaction = true;
        m_transaction_by_savepoint = true;
      }
      m_savepoints.push_back(shape.savepoint);
      break;
    case Effect::release: {
      const auto found = std::find(m_savepoints.rbegin(), m_savepoints.rend(), shape.savepoint);
      if (found != m_savepoints.rend()) {
        m_savepoints.erase(std::prev(found.base()), m_savepoints.end());
      }
      if (m_transaction_by_savepoint && m_savepoints.empty()) {
        m_in_transaction = false;
        m_transaction_by_savepoint = false;
      }
      break;
    }
    case Effect::query:
    case Effect::write:
    case Effect::rollback_to:
      break;
  }
}

std::unique_ptr<Cursor> DqliteConnection::prepare(const std::string& sql) {
  return std::make_unique<DqliteCursor>(*this, sql);
}

void DqliteConnection::exec(const std::string& script) {
  for (const auto& statement : split_script(script)) {
    const StatementShape shape = scan_statement(statement);
    if (shape.returning) {
      throw SqlError(SQLITE_ERROR, SQLITE_ERROR, "RETURNING is not supported on a dqlite cluster: " + statement);
    }
    if (shape.effect == Effect::query) {
      with_retries(shape, statement, [&] {
        settle(nullptr);
        RowBatch batch = m_client->query_sql(m_db, statement);
        while (batch.more) {
          batch = m_client->next_batch();
        }
      });
      continue;
    }
    run_exec(shape, statement, [&] {
      settle(nullptr);
      return m_client->exec_sql(m_db, statement);
    });
  }
}

std::vector<DumpedFile> DqliteConnection::dump() {
  std::vector<DumpedFile> files;
  StatementShape harmless;
  harmless.effect = Effect::query;
  with_retries(harmless, "DUMP", [&] {
    settle(nullptr);
    files = m_client->dump(m_address.name);
  });
  return files;
}

void DqliteConnection::backup_to(const std::string& path) {
  const std::vector<DumpedFile> files = dump();
  if (files.empty() || files[0].data.empty()) {
    throw SqlError(SQLITE_NOTFOUND, SQLITE_NOTFOUND, "the cluster holds no database named " + m_address.name);
  }
  const std::string wal_path = path + "-wal";
  auto write = [](const std::string& file, const std::string& data) {
    // A new file, or one made empty for the copy (a backup's partial file).
    std::error_code ec;
    const bool empty = std::filesystem::exists(file, ec) && std::filesystem::file_size(file, ec) == 0;
    FILE* out = std::fopen(file.c_str(), empty ? "wb" : "wbx");
    if (out == nullptr) {
      throw SqlError(SQLITE_CANTOPEN, SQLITE_CANTOPEN, "cannot create " + file + ": " + std::strerror(errno));
    }
    const bool ok = std::fwrite(data.data(), 1, data.size(), out) == data.size();
    if (std::fclose(out) != 0 || !ok) {
      throw SqlError(SQLITE_IOERR, SQLITE_IOERR, "cannot write " + file);
    }
  };
  write(path, files[0].data);
  if (files.size() > 1 && !files[1].data.empty()) {
    write(wal_path, files[1].data);
  }
  // Opening it applies the WAL; journal_mode=DELETE folds it into the one file.
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  std::string message;
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  }
  if (rc != SQLITE_OK) {
    message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  }
  sqlite3_close(db);
  if (rc != SQLITE_OK) {
    std::remove(path.c_str());
    std::remove(wal_path.c_str());
    throw SqlError(rc & 0xff, rc, "the dumped database at " + path + " does not open: " + message);
  }
}

void DqliteConnection::copy_to_file(const std::string& path,
                                    const std::function<void(std::int64_t, std::int64_t)>& progress) {
  backup_to(path);
  if (progress) {
    std::error_code ec;
    const auto pages = static_cast<std::int64_t>(std::filesystem::file_size(path, ec) / 4096);
    progress(pages, pages);
  }
}

}  // namespace tally::store::dqlite
