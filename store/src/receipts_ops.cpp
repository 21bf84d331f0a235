// Read receipts and stored context (part "receipts"): read_marks and conversation_notes.
#include "sqlite_backend_jobs.hpp"

#include "receipts_ops.hpp"

#include <optional>

#include "fenliu/store/error.hpp"
#include "read_util.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code write_failed() {
  return make_error_code(errc::write_failed);
}

}  // namespace

std::error_code save_read_mark(write_context& c, const read_mark_row& r, seq_t& stored) {
  auto s = prepare(c.db,
                   "INSERT INTO read_marks(conversation_id, reader_id, role, last_read_seq, at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(conversation_id, reader_id) DO UPDATE "
                   "SET at = CASE WHEN excluded.last_read_seq > last_read_seq THEN excluded.at "
                   "ELSE at END, role = excluded.role, "
                   "last_read_seq = max(last_read_seq, excluded.last_read_seq) "
                   "RETURNING last_read_seq");
  if (!s) {
    return write_failed();
  }
  s->bind(1, static_cast<std::int64_t>(r.conversation));
  s->bind_text(2, r.reader_id);
  s->bind(3, static_cast<std::int64_t>(r.role));
  s->bind(4, static_cast<std::int64_t>(r.last_read_seq));
  s->bind(5, r.at != 0 ? r.at : c.clock());
  if (s->step() != SQLITE_ROW) {
    return write_failed();
  }
  stored = static_cast<seq_t>(s->column_int(0));
  while (s->step() == SQLITE_ROW) {
  }
  return {};
}

std::error_code save_transfer_note(write_context& c, conversation_id id, const std::string& note) {
  auto s = prepare(c.db,
                   "INSERT INTO conversation_notes(conversation_id, transfer_note, at) "
                   "VALUES (?1, ?2, ?3) ON CONFLICT(conversation_id) DO UPDATE "
                   "SET transfer_note = excluded.transfer_note, at = excluded.at");
  if (!s) {
    return write_failed();
  }
  s->bind(1, static_cast<std::int64_t>(id));
  s->bind_text(2, note);
  s->bind(3, c.clock());
  return s->step() == SQLITE_DONE ? std::error_code{} : write_failed();
}

std::error_code read_read_marks(read_context& c, conversation_id id,
                                std::vector<read_mark_row>& out) {
  auto s = prepare(c.db,
                   "SELECT conversation_id, reader_id, role, last_read_seq, at FROM read_marks "
                   "WHERE conversation_id = ?1 ORDER BY reader_id");
  if (!s) {
    return read_failed();
  }
  s->bind(1, static_cast<std::int64_t>(id));
  return collect(*s, out, [](const statement& r) {
    return read_mark_row{static_cast<conversation_id>(r.column_int(0)), r.column_text(1),
                         static_cast<sender_role>(r.column_int(2)),
                         static_cast<seq_t>(r.column_int(3)), r.column_int(4)};
  });
}

std::error_code read_transfer_note(read_context& c, conversation_id id, std::string& out) {
  auto s = prepare(c.db, "SELECT transfer_note FROM conversation_notes WHERE conversation_id = ?1");
  if (!s) {
    return read_failed();
  }
  s->bind(1, static_cast<std::int64_t>(id));
  const int rc = s->step();
  if (rc == SQLITE_ROW) {
    out = s->column_text(0);
    return {};
  }
  out.clear();
  return rc == SQLITE_DONE ? std::error_code{} : read_failed();
}

// ---- the backend's operations ----

std::error_code sqlite_backend::save_read_mark(read_mark_row row, callback<seq_t> done) {
  return write<seq_t>([r = std::move(row)](write_context& c,
                                           seq_t& stored) { return detail::save_read_mark(c, r, stored); },
                      std::move(done));
}

void sqlite_backend::read_marks_of(conversation_id id,
                                   callback<std::vector<read_mark_row>> done) {
  read<std::vector<read_mark_row>>(
      [=](read_context& c, std::vector<read_mark_row>& out) { return read_read_marks(c, id, out); },
      std::move(done));
}

std::error_code sqlite_backend::save_transfer_note(conversation_id id, std::string note,
                                                   callback<bool> done) {
  return write<bool>(
      [id, n = std::move(note)](write_context& c, bool& ok) {
        auto ec = detail::save_transfer_note(c, id, n);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

void sqlite_backend::transfer_note_of(conversation_id id, callback<std::string> done) {
  read<std::string>([=](read_context& c, std::string& out) { return read_transfer_note(c, id, out); },
                    std::move(done));
}

}  // namespace fenliu::store::detail
