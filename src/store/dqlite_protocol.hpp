#pragma once

// A client of dqlite's wire protocol, version 1 (the protocol Debian's
// libdqlite 1.11 nodes speak): one TCP connection to one node, requests
// written and responses read in order, blocking, with a time limit on every
// read and write. Everything is little-endian and padded to 8-byte words.
// It knows nothing of leaders or retries (dqlite_connection.cpp does): a
// FAILURE response is thrown as store::SqlError with dqlite's code (SQLite's
// codes, and extended ones such as SQLITE_IOERR_NOT_LEADER); a broken or
// silent socket as LostConnection.

#include "store/store.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tally::store::dqlite {

// Extended codes a node answers with that a client must act on.
constexpr int k_not_leader = 10250;        // SQLITE_IOERR_NOT_LEADER: ask the leader instead (nothing was done)
constexpr int k_leadership_lost = 10506;   // SQLITE_IOERR_LEADERSHIP_LOST: the leader lost office mid-request
constexpr std::uint64_t k_role_voter = 0;  // node roles, as CLUSTER and ASSIGN number them
constexpr std::uint64_t k_role_standby = 1;
constexpr std::uint64_t k_role_spare = 2;

// The connection to a node failed, closed, or stayed silent past the time limit.
class LostConnection : public std::runtime_error {
 public:
  explicit LostConnection(const std::string& message) : std::runtime_error(message) {}
};

// The connection was found closed before a request was sent: the node never
// saw the request (so retrying it elsewhere is safe).
class NotSent : public LostConnection {
 public:
  explicit NotSent(const std::string& message) : LostConnection(message) {}
};

// One value of a row or a parameter. Text and blobs keep their bytes in `text`.
struct Value {
  Type type = Type::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

// A node of the cluster, as CLUSTER (and LEADER) describe it.
struct NodeInfo {
  std::uint64_t id = 0;
  std::string address;
  std::uint64_t role = k_role_voter;
};

// What EXEC and EXEC_SQL answer.
struct ExecResult {
  std::int64_t last_insert_id = 0;
  std::int64_t rows_affected = 0;
};

// A prepared statement's handle on the node.
struct PreparedStatement {
  std::uint32_t id = 0;
  std::uint64_t parameters = 0;  // how many parameters the statement has
};

// One response of a query: the columns, some rows, and whether more follow.
struct RowBatch {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  bool more = false;  // the node will send another batch (the ROWS_PART marker)
};

// A file of a DUMP: the database and its write-ahead log.
struct DumpedFile {
  std::string name;
  std::string data;
};

// "host:port" split; throws std::invalid_argument naming the address when it is not one.
std::pair<std::string, int> split_address(const std::string& address);

// One connection to one node.
class Client {
 public:
  // Connects to `address` ("host:port") and sends the version-1 handshake.
  // `timeout_ms` bounds the connect and then every read and write.
  // Throws LostConnection when the node cannot be reached.
  Client(const std::string& address, int timeout_ms);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const std::string& address() const { return m_address; }

  // LEADER: the leader this node knows of (id 0 and "" when it knows none).
  NodeInfo leader();
  // CLIENT: registers the client, as every client does before OPEN.
  void hello(std::uint64_t client_id);
  // OPEN: opens (creating) the database of that name; returns its id.
  std::uint32_t open(const std::string& name);
  // PREPARE one statement.
  PreparedStatement prepare(std::uint32_t db, const std::string& sql);
  // EXEC a prepared statement with these parameters (numbered from 1).
  ExecResult exec(std::uint32_t db, std::uint32_t statement, const std::vector<Value>& parameters);
  // QUERY a prepared statement: sends the request and reads the first batch.
  RowBatch query(std::uint32_t db, std::uint32_t statement, const std::vector<Value>& parameters);
  // The next batch of a query whose last batch had `more`.
  RowBatch next_batch();
  // FINALIZE a prepared statement.
  void finalize(std::uint32_t db, std::uint32_t statement);
  // EXEC_SQL: runs every statement of `sql` (the parameters bind the first).
  ExecResult exec_sql(std::uint32_t db, const std::string& sql, const std::vector<Value>& parameters = {});
  // QUERY_SQL: prepares, runs and finalizes one query; reads the first batch.
  RowBatch query_sql(std::uint32_t db, const std::string& sql, const std::vector<Value>& parameters = {});
  // INTERRUPT a query whose batches are still coming; reads (and drops) them.
  void interrupt(std::uint32_t db);
  // CLUSTER: every node of the configuration, with its role.
  std::vector<NodeInfo> cluster();
  // ADD a node (as a spare); ASSIGN it a role; REMOVE it.
  void add(std::uint64_t id, const std::string& address);
  void assign(std::uint64_t id, std::uint64_t role);
  void remove(std::uint64_t id);
  // DUMP: the database file and its WAL, as the node holds them.
  std::vector<DumpedFile> dump(const std::string& name);

 private:
  // Sends one request of `type` with body `body` (a whole number of words).
  // Throws NotSent when the node has already closed the connection.
  void send(std::uint8_t type, const std::string& body);
  // Reads one response; throws SqlError for FAILURE, LostConnection for a
  // broken socket, SqlError(SQLITE_PROTOCOL) for a type other than `expected`.
  std::string receive(std::uint8_t expected);
  // A RESULT answer (to EXEC or EXEC_SQL): the last rowid and the rows changed.
  ExecResult receive_result();
  // Reads one response of any type into `body`; returns its type.
  std::uint8_t receive_any(std::string& body);
  void read_exact(char* data, std::size_t size);
  void write_all(const char* data, std::size_t size);

  std::string m_address;
  int m_fd = -1;
};

// The encoding of a batch of rows (one ROWS body); exposed for tests.
RowBatch decode_rows(const std::string& body);
// The encoding of a parameter tuple; exposed for tests.
std::string encode_parameters(const std::vector<Value>& parameters);

}  // namespace tally::store::dqlite
