#include "store/dqlite_protocol.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <sqlite3.h>

namespace tally::store::dqlite {

namespace {

constexpr std::uint64_t k_protocol_version = 1;
constexpr std::uint64_t k_rows_part = 0xeeeeeeeeeeeeeeeeULL;
constexpr std::uint64_t k_rows_done = 0xffffffffffffffffULL;
constexpr std::uint32_t k_max_words = 1U << 26;  // 512 MiB: past that a header is garbage

// Request types.
enum : std::uint8_t {
  k_req_leader = 0,
  k_req_client = 1,
  k_req_open = 3,
  k_req_prepare = 4,
  k_req_exec = 5,
  k_req_query = 6,
  k_req_finalize = 7,
  k_req_exec_sql = 8,
  k_req_query_sql = 9,
  k_req_interrupt = 10,
  k_req_add = 12,
  k_req_assign = 13,
  k_req_remove = 14,
  k_req_dump = 15,
  k_req_cluster = 16,
};

// Response types.
enum : std::uint8_t {
  k_res_failure = 0,
  k_res_server = 1,
  k_res_welcome = 2,
  k_res_servers = 3,
  k_res_db = 4,
  k_res_stmt = 5,
  k_res_result = 6,
  k_res_rows = 7,
  k_res_empty = 8,
  k_res_files = 9,
};

// dqlite's own value types beside SQLite's five.
constexpr int k_unixtime = 9;
constexpr int k_iso8601 = 10;
constexpr int k_boolean = 11;

std::size_t pad8(std::size_t n) {
  return (n + 7) / 8 * 8;
}

// Builds a request body.
class Writer {
 public:
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  }
  void text(const std::string& s) {
    if (s.find('\0') != std::string::npos) {
      throw SqlError(SQLITE_MISUSE, SQLITE_MISUSE, "dqlite cannot carry text holding a NUL byte");
    }
    m_out += s;
    m_out.append(pad8(s.size() + 1) - s.size(), '\0');
  }
  void raw(const std::string& s) { m_out += s; }
  const std::string& str() const { return m_out; }

 private:
  std::string m_out;
};

// Reads a response body; a read past the end is a protocol error.
class Reader {
 public:
  explicit Reader(const std::string& body) : m_body(body) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_body[m_pos + i])) << (8 * i);
    }
    m_pos += 8;
    return v;
  }
  std::uint32_t u32() {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_body[m_pos + i])) << (8 * i);
    }
    m_pos += 4;
    return v;
  }
  std::uint64_t peek_u64() {
    const std::size_t at = m_pos;
    const std::uint64_t v = u64();
    m_pos = at;
    return v;
  }
  std::string text() {
    const std::size_t end = m_body.find('\0', m_pos);
    if (end == std::string::npos) {
      bad();
    }
    std::string s = m_body.substr(m_pos, end - m_pos);
    const std::size_t size = pad8(s.size() + 1);
    need(size);
    m_pos += size;
    return s;
  }
  std::string blob() {
    const std::uint64_t size = u64();
    if (size > m_body.size()) {
      bad();
    }
    need(pad8(size));
    std::string s = m_body.substr(m_pos, size);
    m_pos += pad8(size);
    return s;
  }
  const unsigned char* bytes(std::size_t size) {
    need(size);
    const auto* p = reinterpret_cast<const unsigned char*>(m_body.data() + m_pos);
    m_pos += size;
    return p;
  }
  std::size_t left() const { return m_body.size() - m_pos; }

 private:
  void need(std::size_t n) const {
    if (m_body.size() - m_pos < n) {
      bad();
    }
  }
  [[noreturn]] static void bad() {
    throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL, "dqlite: a response from the node was cut short or malformed");
  }
  const std::string& m_body;
  std::size_t m_pos = 0;
};

[[noreturn]] void throw_errno(const std::string& what, const std::string& address) {
  throw LostConnection(what + " " + address + ": " + std::strerror(errno));
}

}  // namespace

std::pair<std::string, int> split_address(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    throw std::invalid_argument("'" + address + "' is not HOST:PORT");
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = address.substr(colon + 1);
  int port = 0;
  for (const char c : port_text) {
    if (c < '0' || c > '9' || port > 65535) {
      throw std::invalid_argument("'" + address + "' has no port number after ':'");
    }
    port = port * 10 + (c - '0');
  }
  if (port > 65535) {
    throw std::invalid_argument("'" + address + "': the port is above 65535");
  }
  return {host, port};
}

std::string encode_parameters(const std::vector<Value>& parameters) {
  if (parameters.empty()) {
    return {};
  }
  if (parameters.size() > 255) {
    throw SqlError(SQLITE_RANGE, SQLITE_RANGE, "dqlite takes at most 255 parameters to a statement");
  }
  Writer w;
  std::string header(pad8(1 + parameters.size()), '\0');
  header[0] = static_cast<char>(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    header[1 + i] = static_cast<char>(static_cast<int>(parameters[i].type));
  }
  w.raw(header);
  for (const auto& p : parameters) {
    switch (p.type) {
      case Type::integer:
        w.u64(static_cast<std::uint64_t>(p.integer));
        break;
      case Type::real: {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &p.real, sizeof bits);
        w.u64(bits);
        break;
      }
      case Type::text:
        w.text(p.text);
        break;
      case Type::blob:
        w.u64(p.text.size());
        w.raw(p.text);
        w.raw(std::string(pad8(p.text.size()) - p.text.size(), '\0'));
        break;
      case Type::null:
        w.u64(0);
        break;
    }
  }
  return w.str();
}

RowBatch decode_rows(const std::string& body) {
  Reader r(body);
  RowBatch batch;
  const std::uint64_t n = r.u64();
  if (n == 0 || n > 32767) {
    throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL, "dqlite: a batch of rows with " + std::to_string(n) + " columns");
  }
  for (std::uint64_t i = 0; i < n; ++i) {
    batch.columns.push_back(r.text());
  }
  const std::size_t header_size = pad8((n + 1) / 2);
  for (;;) {
    const std::uint64_t marker = r.peek_u64();
    if (marker == k_rows_done || marker == k_rows_part) {
      r.u64();
      batch.more = marker == k_rows_part;
      break;
    }
    const unsigned char* header = r.bytes(header_size);
    std::vector<Value> row(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      const int type = (i % 2 == 0) ? (header[i / 2] & 0x0f) : (header[i / 2] >> 4);
      Value& v = row[i];
      switch (type) {
        case SQLITE_INTEGER:
        case k_unixtime:
        case k_boolean:
          v.type = Type::integer;
          v.integer = static_cast<std::int64_t>(r.u64());
          break;
        case SQLITE_FLOAT: {
          v.type = Type::real;
          const std::uint64_t bits = r.u64();
          std::memcpy(&v.real, &bits, sizeof bits);
          break;
        }
        case SQLITE_TEXT:
        case k_iso8601:
          v.type = Type::text;
          v.text = r.text();
          break;
        case SQLITE_BLOB:
          v.type = Type::blob;
          v.text = r.blob();
          break;
        case SQLITE_NULL:
          r.u64();
          v.type = Type::null;
          break;
        default:
          throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL,
                         "dqlite: a row value of unknown type " + std::to_string(type));
      }
    }
    batch.rows.push_back(std::move(row));
  }
  return batch;
}

Client::Client(const std::string& address, int timeout_ms) : m_address(address) {
  std::pair<std::string, int> hp;
  try {
    hp = split_address(address);
  } catch (const std::invalid_argument& e) {
    throw LostConnection(e.what());
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(hp.second);
  if (const int rc = getaddrinfo(hp.first.c_str(), port.c_str(), &hints, &found); rc != 0) {
    throw LostConnection("cannot resolve " + address + ": " + gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* a = found; a != nullptr && m_fd < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = poll(&p, 1, timeout_ms);
      if (rc == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        errno = err;
        rc = err == 0 ? 0 : -1;
      } else {
        errno = rc == 0 ? ETIMEDOUT : errno;
        rc = -1;
      }
    }
    if (rc != 0) {
      last_error = std::strerror(errno);
      close(fd);
      continue;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_fd = fd;
  }
  freeaddrinfo(found);
  if (m_fd < 0) {
    throw LostConnection("cannot connect to " + address + ": " + last_error);
  }
  Writer w;
  w.u64(k_protocol_version);
  write_all(w.str().data(), w.str().size());
}

Client::~Client() {
  if (m_fd >= 0) {
    close(m_fd);
  }
}

void Client::write_all(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(m_fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno("lost the connection to", m_address);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void Client::read_exact(char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::recv(m_fd, data, size, 0);
    if (n == 0) {
      throw LostConnection("the node at " + m_address + " closed the connection");
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw LostConnection("the node at " + m_address + " did not answer in time");
      }
      throw_errno("lost the connection to", m_address);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void Client::send(std::uint8_t type, const std::string& body) {
  // Between requests the node sends nothing: anything to read now is its end of the connection.
  pollfd p{m_fd, POLLIN | POLLRDHUP, 0};
  if (poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0) {
    throw NotSent("the node at " + m_address + " had closed the connection");
  }
  Writer w;
  w.u32(static_cast<std::uint32_t>(body.size() / 8));
  std::string header = w.str();
  header.push_back(static_cast<char>(type));
  header.append(3, '\0');  // flags (schema 0) and the unused extra
  header += body;
  write_all(header.data(), header.size());
}

std::uint8_t Client::receive_any(std::string& body) {
  char header[8];
  read_exact(header, sizeof header);
  std::uint32_t words = 0;
  for (int i = 0; i < 4; ++i) {
    words |= static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])) << (8 * i);
  }
  if (words > k_max_words) {
    throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL, "dqlite: a response of " + std::to_string(words) + " words");
  }
  body.assign(static_cast<std::size_t>(words) * 8, '\0');
  read_exact(body.data(), body.size());
  return static_cast<std::uint8_t>(header[4]);
}

std::string Client::receive(std::uint8_t expected) {
  std::string body;
  const std::uint8_t type = receive_any(body);
  if (type == k_res_failure && expected != k_res_failure) {
    Reader r(body);
    const auto code = static_cast<int>(r.u64());
    const std::string message = r.text();
    throw SqlError(code & 0xff, code, message);
  }
  if (type != expected) {
    throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL,
                   "dqlite: expected a response of type " + std::to_string(expected) + ", got " + std::to_string(type));
  }
  return body;
}

NodeInfo Client::leader() {
  Writer w;
  w.u64(0);
  send(k_req_leader, w.str());
  const std::string body = receive(k_res_server);
  Reader r(body);
  NodeInfo info;
  info.id = r.u64();
  info.address = r.text();
  return info;
}

void Client::hello(std::uint64_t client_id) {
  Writer w;
  w.u64(client_id);
  send(k_req_client, w.str());
  receive(k_res_welcome);
}

std::uint32_t Client::open(const std::string& name) {
  Writer w;
  w.text(name);
  w.u64(0);
  w.text("volatile");
  send(k_req_open, w.str());
  const std::string body = receive(k_res_db);
  Reader r(body);
  return r.u32();
}

PreparedStatement Client::prepare(std::uint32_t db, const std::string& sql) {
  Writer w;
  w.u64(db);
  w.text(sql);
  send(k_req_prepare, w.str());
  const std::string body = receive(k_res_stmt);
  Reader r(body);
  r.u32();
  PreparedStatement s;
  s.id = r.u32();
  s.parameters = r.u64();
  return s;
}

ExecResult Client::receive_result() {
  const std::string body = receive(k_res_result);
  Reader r(body);
  ExecResult result;
  result.last_insert_id = static_cast<std::int64_t>(r.u64());
  result.rows_affected = static_cast<std::int64_t>(r.u64());
  return result;
}

ExecResult Client::exec(std::uint32_t db, std::uint32_t statement, const std::vector<Value>& parameters) {
  Writer w;
  w.u32(db);
  w.u32(statement);
  w.raw(encode_parameters(parameters));
  send(k_req_exec, w.str());
  return receive_result();
}

RowBatch Client::query(std::uint32_t db, std::uint32_t statement, const std::vector<Value>& parameters) {
  Writer w;
  w.u32(db);
  w.u32(statement);
  w.raw(encode_parameters(parameters));
  send(k_req_query, w.str());
  return next_batch();
}

RowBatch Client::next_batch() {
  return decode_rows(receive(k_res_rows));
}

void Client::finalize(std::uint32_t db, std::uint32_t statement) {
  Writer w;
  w.u32(db);
  w.u32(statement);
  send(k_req_finalize, w.str());
  receive(k_res_empty);
}

ExecResult Client::exec_sql(std::uint32_t db, const std::string& sql, const std::vector<Value>& parameters) {
  Writer w;
  w.u64(db);
  w.text(sql);
  w.raw(encode_parameters(parameters));
  send(k_req_exec_sql, w.str());
  return receive_result();
}

RowBatch Client::query_sql(std::uint32_t db, const std::string& sql, const std::vector<Value>& parameters) {
  Writer w;
  w.u64(db);
  w.text(sql);
  w.raw(encode_parameters(parameters));
  send(k_req_query_sql, w.str());
  return next_batch();
}

void Client::interrupt(std::uint32_t db) {
  Writer w;
  w.u64(db);
  send(k_req_interrupt, w.str());
  // Batches already on their way arrive before the EMPTY that ends the query.
  for (int i = 0; i < 1000000; ++i) {
    std::string body;
    const std::uint8_t type = receive_any(body);
    if (type == k_res_empty) {
      return;
    }
    if (type == k_res_failure) {
      Reader r(body);
      const auto code = static_cast<int>(r.u64());
      throw SqlError(code & 0xff, code, r.text());
    }
  }
  throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL, "dqlite: an interrupted query did not end");
}

std::vector<NodeInfo> Client::cluster() {
  Writer w;
  w.u64(1);  // format 1: id, address and role
  send(k_req_cluster, w.str());
  const std::string body = receive(k_res_servers);
  Reader r(body);
  const std::uint64_t n = r.u64();
  std::vector<NodeInfo> nodes;
  for (std::uint64_t i = 0; i < n && i < 100000; ++i) {
    NodeInfo node;
    node.id = r.u64();
    node.address = r.text();
    node.role = r.u64();
    nodes.push_back(node);
  }
  return nodes;
}

void Client::add(std::uint64_t id, const std::string& address) {
  Writer w;
  w.u64(id);
  w.text(address);
  send(k_req_add, w.str());
  receive(k_res_empty);
}

void Client::assign(std::uint64_t id, std::uint64_t role) {
  Writer w;
  w.u64(id);
  w.u64(role);
  send(k_req_assign, w.str());
  receive(k_res_empty);
}

void Client::remove(std::uint64_t id) {
  Writer w;
  w.u64(id);
  send(k_req_remove, w.str());
  receive(k_res_empty);
}

std::vector<DumpedFile> Client::dump(const std::string& name) {
  Writer w;
  w.text(name);
  send(k_req_dump, w.str());
  const std::string body = receive(k_res_files);
  Reader r(body);
  const std::uint64_t n = r.u64();
  std::vector<DumpedFile> files;
  for (std::uint64_t i = 0; i < n && i < 16; ++i) {
    DumpedFile f;
    f.name = r.text();
    const std::uint64_t size = r.u64();
    if (size > r.left()) {
      throw SqlError(SQLITE_PROTOCOL, SQLITE_PROTOCOL, "dqlite: a dumped file longer than its response");
    }
    f.data.assign(reinterpret_cast<const char*>(r.bytes(size)), size);
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace tally::store::dqlite
