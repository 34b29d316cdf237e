#include "error.hpp"

#include "store/store.hpp"

namespace tally {

namespace {

// The marks: a field is FS name US, an operation is FILE-SEPARATOR words GROUP-SEPARATOR.
constexpr char k_field_open = '\x1e';
constexpr char k_field_close = '\x1f';
constexpr char k_command_open = '\x1c';
constexpr char k_command_close = '\x1d';

std::string render_fields(std::string_view text, const MessageFace& face) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t close = text[i] == k_field_open ? text.find(k_field_close, i + 1) : std::string_view::npos;
    if (close != std::string_view::npos &&
        text.substr(i + 1, close - i - 1).find(k_field_open) != std::string_view::npos) {
      close = std::string_view::npos;  // a stray opening mark (from a value) stays as it is
    }
    if (close == std::string_view::npos) {
      out += text[i];
      continue;
    }
    const auto name = text.substr(i + 1, close - i - 1);
    out += face.field != nullptr ? face.field(name) : std::string(name);
    i = close;
  }
  return out;
}

}  // namespace

std::string field_ref(std::string_view field) {
  return std::string(1, k_field_open) + std::string(field) + k_field_close;
}

std::string command_ref(std::string_view words) {
  return std::string(1, k_command_open) + std::string(words) + k_command_close;
}

std::string render_message(std::string_view message, const MessageFace& face) {
  std::string out;
  out.reserve(message.size());
  std::size_t i = 0;
  while (i < message.size()) {
    const std::size_t open = message.find(k_command_open, i);
    const std::size_t close = open == std::string_view::npos ? open : message.find(k_command_close, open + 1);
    if (close == std::string_view::npos) {
      out += render_fields(message.substr(i), face);
      break;
    }
    const std::size_t again = message.find(k_command_open, open + 1);
    if (again < close) {
      // A stray opening mark (from a value) stays as it is; the next one may open an operation.
      out += render_fields(message.substr(i, again - i), face);
      i = again;
      continue;
    }
    out += render_fields(message.substr(i, open - i), face);
    const std::string words = render_fields(message.substr(open + 1, close - open - 1), face);
    out += face.command != nullptr ? face.command(words) : words;
    i = close + 1;
  }
  return out;
}

std::string plain_message(std::string_view message) {
  return render_message(message, MessageFace{});
}

Error with_prefix(const std::string& prefix, const Error& e) {
  if (e.kind() != ErrorKind::refused) {
    return Error(e.kind(), prefix + e.raw(), e.cause());
  }
  return Error(e.problem(), prefix + e.raw(), e.field());
}

Error from_sqlite(const store::SqlError& e) {
  const int code = e.code();
  switch (e.extended_code()) {
    case store::code::cluster_nothing_written:
      // Nothing was written: a caller may try again (a scanning session does).
      return Error(ErrorKind::storage, e.what(), Cause::busy);
    case store::code::cluster_outcome_unknown:
    case store::code::cluster_unavailable:
      return storage_error(e.what());
    default:
      break;
  }
  switch (code) {
    case store::code::constraint:
      return refused(std::string("refused by the database schema: ") + e.what());
    case store::code::busy:
    case store::code::locked:
      return Error(ErrorKind::storage,
                   std::string("the database is locked by another process past the busy timeout (") + e.what() +
                       "); try again, or wait longer with " + field_ref("busy_timeout") + " SECONDS",
                   Cause::busy);
    case store::code::corrupt:
    case store::code::notadb:
      return storage_error(std::string("the database file is corrupt or not a SQLite database (") + e.what() + ")");
    case store::code::readonly:
      return storage_error(std::string("the database is read-only (") + e.what() + ")");
    case store::code::full:
      return storage_error(std::string("the disk is full (") + e.what() + ")");
    case store::code::cantopen:
    case store::code::ioerr:
    case store::code::perm:
      return storage_error(std::string("cannot access the database file (") + e.what() + ")");
    default:
      return storage_error(std::string("database error: ") + e.what());
  }
}

}  // namespace tally
