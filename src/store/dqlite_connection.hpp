#pragma once

// The dqlite backend of the storage seam: a store::Connection over one
// client connection (dqlite_protocol.hpp) to the cluster's leader.
//
// Statements whose first word reads rows (SELECT, VALUES, EXPLAIN, PRAGMA, a
// WITH ending in SELECT) run as QUERY, their batches fetched as the cursor
// advances; all others run as EXEC. The node answers one request at a time
// per connection, so a cursor's batches still on the wire are read in whole
// before another statement is sent. Named parameters (":status") are
// numbered as SQLite numbers them, from a scan of the SQL.
//
// Failures: outside a transaction, "not leader" or a lost connection makes
// the connection find the (new) leader again and retry, for at most the
// reconnect wait (10 s); BUSY is retried up to the busy timeout. Inside a
// transaction the transaction is gone with the connection: a storage
// SqlError says so, and for COMMIT that its outcome is unknown.

#include "store/dqlite_protocol.hpp"
#include "store/store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tally::store::dqlite {

// Where a dqlite:// address points: the nodes to ask and the database name.
struct ClusterAddress {
  std::vector<std::string> nodes;  // "host:port", in the order given
  std::string name;                // the database's name in the cluster
};

// True when `location` is a cluster address (starts with "dqlite://").
bool is_cluster_url(const std::string& location);

// Parses "dqlite://HOST:PORT[,HOST:PORT...]/NAME". Throws std::invalid_argument
// saying what is wrong. The NAME is letters, digits, '.', '_' and '-'.
ClusterAddress parse_cluster_url(const std::string& url);

// Parses "HOST:PORT[,HOST:PORT...]" (the --cluster option of `tally node`).
std::vector<std::string> parse_node_list(const std::string& list);

// The extended codes of the backend's own storage failures (store::code).
constexpr int k_nothing_written = code::cluster_nothing_written;
constexpr int k_outcome_unknown = code::cluster_outcome_unknown;
constexpr int k_unavailable = code::cluster_unavailable;

// The message of a COMMIT whose outcome is unknown (the leader was lost
// before it answered): SqlError(SQLITE_IOERR) with this text.
extern const std::string k_commit_unknown;

// How long the connection waits and retries.
struct Options {
  int busy_timeout_ms = 5000;  // BUSY (another writer) is retried this long
  int reconnect_ms = 10000;    // finding a leader again is tried this long
  int io_timeout_ms = 10000;   // one read or write of the socket
};

// Connects to the leader: asks each node in turn who leads, connects there,
// and registers the client. Retries every 100 ms until `wait_ms` has passed,
// then throws SqlError(SQLITE_IOERR) saying no leader could be reached.
std::unique_ptr<Client> connect_to_leader(const std::vector<std::string>& nodes, int wait_ms, int io_timeout_ms);

// What a statement does to the transaction state, from its first words.
enum class Effect { query, write, begin, commit, rollback, savepoint, release, rollback_to };

// What a scan of one statement's SQL tells (for the backend and its tests).
struct StatementShape {
  Effect effect = Effect::write;
  std::string savepoint;             // the name, for savepoint and release
  std::map<std::string, int> names;  // named parameters (with their prefix) -> number
  int parameters = 0;                // the highest parameter number
  bool returning = false;            // has a top-level RETURNING clause
};

// Scans one statement, skipping string literals, quoted names and comments.
StatementShape scan_statement(const std::string& sql);

// Splits a script into its statements (with sqlite3_complete, so trigger
// bodies stay whole); whitespace and comments between them are dropped.
std::vector<std::string> split_script(const std::string& script);

class DqliteCursor;

// A connection to one database of a cluster.
class DqliteConnection : public Connection {
 public:
  // Connects to the leader of `address.nodes` and opens `address.name`.
  // Throws SqlError(SQLITE_IOERR) when no leader answers within the reconnect wait.
  DqliteConnection(ClusterAddress address, Options options);
  ~DqliteConnection() override;

  std::unique_ptr<Cursor> prepare(const std::string& sql) override;
  void exec(const std::string& script) override;
  std::int64_t last_insert_rowid() override { return m_last_insert_rowid; }
  std::int64_t changes() override { return m_changes; }
  bool in_transaction() override { return m_in_transaction; }
  // The wire protocol counts a statement's parameters in one byte.
  int max_parameters() override { return 255; }
  std::string location() const override;

  // The database file and WAL as the leader holds them (DUMP).
  std::vector<DumpedFile> dump();
  // Writes the database, as the leader holds it now, to a new SQLite file at
  // `path` (its WAL applied: one file that the sqlite3 shell opens). Throws
  // SqlError when the cluster cannot answer or the file cannot be written.
  void backup_to(const std::string& path);
  // backup_to, reporting the pages written once it is done (DUMP is one response).
  void copy_to_file(const std::string& path, const std::function<void(std::int64_t, std::int64_t)>& progress) override;
  // How many times the connection found a leader again after losing one.
  int reconnects() const { return m_reconnects; }

 private:
  friend class DqliteCursor;

  // Connects (waiting at most `wait_ms` for a leader) when there is no
  // client, bumping the generation.
  void ensure_connected(int wait_ms);
  // Before any request: reads in whole the batches of a cursor still streaming.
  void settle(DqliteCursor* asking);
  // Runs `attempt` with the retry rules of the header comment.
  template <typename F>
  void with_retries(const StatementShape& shape, const std::string& sql, F attempt);
  // with_retries for a statement without rows; then its counts and effect.
  template <typename F>
  void run_exec(const StatementShape& shape, const std::string& sql, F attempt);
  // Records what a statement that succeeded did to the transaction state.
  void applied(const StatementShape& shape);
  // Drops the client (a lost connection): the node has rolled back any transaction.
  void drop();

  ClusterAddress m_address;
  Options m_options;
  std::unique_ptr<Client> m_client;
  std::uint32_t m_db = 0;
  std::uint64_t m_generation = 0;  // bumped on every new client: statement ids of older ones are void
  DqliteCursor* m_streaming = nullptr;
  std::int64_t m_last_insert_rowid = 0;
  std::int64_t m_changes = 0;
  bool m_in_transaction = false;
  bool m_transaction_by_savepoint = false;  // the outermost SAVEPOINT opened it
  std::vector<std::string> m_savepoints;
  int m_reconnects = 0;
};

}  // namespace tally::store::dqlite
