#include "import_run.hpp"

#include "db.hpp"
#include "encoding.hpp"
#include "error.hpp"
#include "events.hpp"
#include "import_dialects.hpp"
#include "money.hpp"
#include "text.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

namespace tally {

namespace {

// The size of the file at `path`; throws a refused Error if it cannot be read.
std::int64_t readable_size(const std::string& noun, const std::string& path) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  if (ec || !std::ifstream(path, std::ios::binary)) {
    throw Error(Problem::invalid, noun + ": cannot read '" + path + "'; give the path of a CSV file", "file");
  }
  return static_cast<std::int64_t>(bytes);
}

// The advice that ends a message about bytes that are not text: which option
// names the file's encoding, and the names it takes (without utf-8 when the
// file was just read as UTF-8 and found not to be).
std::string encoding_hint(bool with_utf8) {
  return "; give the file's encoding with " + field_ref("encoding") + " (" + join(encoding_names(with_utf8)) + ")";
}

// Whether the input must be decoded before it is read: an encoding other
// than UTF-8 was named, or it starts with a UTF-16 byte order mark. UTF-8
// input is read as a stream (memory stays flat); the reader drops a UTF-8
// byte order mark and read() checks every field.
bool needs_decoding(const ImportOptions& options) {
  if (options.encoding != Encoding::utf8) {
    return true;
  }
  std::string start;
  if (options.content) {
    start = options.content->substr(0, 2);
  } else {
    std::ifstream in(options.file, std::ios::binary);
    char bytes[2] = {0, 0};
    in.read(bytes, 2);
    start.assign(bytes, static_cast<std::size_t>(in.gcount()));
  }
  return start == "\xFF\xFE" || start == "\xFE\xFF";
}

// The whole file (or `content`) decoded to UTF-8; throws a refused Error for
// bytes its encoding does not define.
std::string decoded(const std::string& noun, const ImportOptions& options) {
  std::string bytes;
  if (options.content) {
    bytes = *options.content;
  } else {
    std::ifstream in(options.file, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    bytes = all.str();
  }
  DecodeFailure failure;
  auto text = decode_to_utf8(bytes, options.encoding, failure);
  if (!text) {
    throw Error(Problem::invalid,
                noun + ": " + options.file + ": byte " + std::to_string(failure.offset) + " " + failure.what +
                    encoding_hint(true),
                "file");
  }
  return std::move(*text);
}

Json counts_json(const std::deque<ImportCount>& counts) {
  Json out = Json::object();
  for (const auto& c : counts) {
    out[c.kind] = {{"created", c.created}, {"updated", c.updated}, {"unchanged", c.unchanged}};
  }
  return out;
}

}  // namespace

ImportRun::ImportRun(Database& db, const std::string& actor, const ImportOptions& options, std::string noun)
    : m_db(db),
      m_actor(actor),
      m_options(options),
      m_noun(std::move(noun)),
      m_size(options.content ? static_cast<std::int64_t>(options.content->size())
                             : readable_size(m_noun, options.file)),
      m_decoded(needs_decoding(options) ? std::optional<std::string>(decoded(m_noun, options)) : std::nullopt),
      m_in(open_input()),
      m_reader(*m_in, false),
      m_resolver(db, m_actor, options, m_problems, m_counts) {
  if (m_decoded) {
    m_size = static_cast<std::int64_t>(m_decoded->size());
  }
}

std::unique_ptr<std::istream> ImportRun::open_input() const {
  if (m_decoded) {
    return std::make_unique<std::istringstream>(*m_decoded);
  }
  if (m_options.content) {
    return std::make_unique<std::istringstream>(*m_options.content);
  }
  return std::make_unique<std::ifstream>(m_options.file, std::ios::binary);
}

std::optional<CsvRow> ImportRun::read() {
  for (;;) {
    std::optional<CsvRow> row;
    try {
      row = m_reader.next();
    } catch (const Error& e) {
      m_problems.add_unreadable(e.raw() + "; the rest of the file was not read");
      return std::nullopt;
    }
    if (!row) {
      return row;
    }
    // No text that is not UTF-8 (or holds a control character) goes
    // further: a row holding some is refused here, column by column, not
    // looked at otherwise, and the file is read on. CR is part of a CRLF
    // inside a quoted field; the same length keeps the byte offset right.
    bool valid = true;
    for (std::size_t i = 0; i < row->fields.size(); ++i) {
      std::string checked = row->fields[i];
      std::replace(checked.begin(), checked.end(), '\r', '\n');
      if (const auto problem = text_problem(checked, TextKind::free_text)) {
        const std::string column =
            i < m_header.size() && !invalid_utf8_offset(m_header[i]) ? m_header[i] : "#" + std::to_string(i + 1);
        m_problems.add(
            row->line, column,
            *problem + (invalid_utf8_offset(checked) ? encoding_hint(false) : std::string()));
        valid = false;
      }
    }
    if (m_header.empty()) {
      m_header = row->fields;
      return valid ? row : std::nullopt;
    }
    if (valid) {
      return row;
    }
    ++m_rows;  // counted, not imported: the problems refuse the file
  }
}

std::optional<CsvRow> ImportRun::header() {
  auto row = read();
  if (!row && m_problems.empty()) {
    throw Error(Problem::invalid, m_noun + ": " + m_options.file + " is empty; it needs a header row", "file");
  }
  return row;
}

std::optional<CsvRow> ImportRun::next_row() {
  auto row = read();
  if (row) {
    ++m_rows;
    if (m_options.progress && m_rows % 1000 == 0) {
      m_options.progress(m_rows, m_reader.bytes_read(), m_size);
    }
  }
  return row;
}

void ImportRun::settle_decimal(const Columns& columns) {
  const auto cost = columns.index("cost");
  if (m_options.decimal || !cost) {
    return;
  }
  // Read the file again from its start, only when a cost that both
  // conventions read differently comes before any cost that settles it.
  m_resolver.on_ambiguous_decimal([this, index = *cost]() -> std::optional<std::pair<DecimalMark, std::int64_t>> {
    const auto in = open_input();
    CsvReader reader(*in, false);
    try {
      reader.next();  // the header
      while (auto row = reader.next()) {
        std::string why;
        const auto stated =
            split_currency(index < row->fields.size() ? trim(row->fields[index]) : std::string(), "USD", why);
        const MarkEvidence e = stated ? mark_evidence(stated->number) : MarkEvidence::neither;
        if (e == MarkEvidence::point || e == MarkEvidence::comma) {
          return std::make_pair(e == MarkEvidence::point ? DecimalMark::point : DecimalMark::comma, row->line);
        }
      }
    } catch (const Error&) {
      // A malformed file: the import's own reading reports it.
    }
    return std::nullopt;
  });
}

void ImportRun::refuse_problems() const {
  if (m_problems.empty()) {
    return;
  }
  const std::size_t n = m_problems.size();
  std::string list;
  for (const auto& p : m_problems.items()) {
    list += (list.empty() ? "" : "\n") + p.message();
  }
  throw Error(Problem::invalid,
              m_noun + ": " + m_options.file + " has " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                  "; nothing was imported. Fix the file and run the import again:\n" + list,
              "file");
}

ImportReport ImportRun::finish(const std::string& kind) {
  refuse_problems();
  ImportReport report;
  report.rows = m_rows;
  report.counts.assign(m_counts.all().begin(), m_counts.all().end());
  report.dry_run = m_options.mode == ImportMode::dry_run;
  if (!report.dry_run) {
    append_event(m_db, m_actor, "import", "import", std::filesystem::path(m_options.file).filename().string(), nullptr,
                 {{"file", m_options.file},
                  {"kind", kind},
                  {"dialect", dialect_name(m_options.dialect)},
                  {"rows", m_rows},
                  {"counts", counts_json(m_counts.all())}});
  }
  return report;
}

Value value_of(const Field& column) {
  if (column.is_null()) {
    return nullptr;
  }
  if (column.type() == store::Type::integer) {
    return column.as_int64();
  }
  return column.as_text();
}

std::optional<std::int64_t> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

std::int64_t max_id(Database& db, const std::string& table) {
  Statement q(db, "SELECT coalesce(max(id), 0) FROM " + table);
  q.step();
  return q.column(0).as_int64();
}

}  // namespace tally
