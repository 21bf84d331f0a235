// The PostgreSQL back end: read receipts and stored context (part "receipts"): read_marks and
// conversation_notes. The SQLite version is receipts_ops.cpp.

#include <utility>

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

namespace sql {

// A mark only moves forward: an older one keeps the stored seq and its time (the role is the
// latest). The answer is the seq stored.
constexpr query save_read_mark{
    "rcp_save_read_mark",
    "INSERT INTO read_marks AS m(conversation_id, reader_id, role, last_read_seq, at) "
    "VALUES($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, reader_id) DO UPDATE "
    "SET at = CASE WHEN excluded.last_read_seq > m.last_read_seq THEN excluded.at "
    "ELSE m.at END, role = excluded.role, "
    "last_read_seq = greatest(m.last_read_seq, excluded.last_read_seq) "
    "RETURNING last_read_seq"};
constexpr query read_marks{
    "rcp_read_marks",
    "SELECT conversation_id, reader_id, role, last_read_seq, at FROM read_marks "
    "WHERE conversation_id = $1 ORDER BY reader_id"};
constexpr query save_transfer_note{
    "rcp_save_transfer_note",
    "INSERT INTO conversation_notes(conversation_id, transfer_note, at) VALUES($1, $2, $3) "
    "ON CONFLICT (conversation_id) DO UPDATE "
    "SET transfer_note = excluded.transfer_note, at = excluded.at"};
constexpr query transfer_note{
    "rcp_transfer_note", "SELECT transfer_note FROM conversation_notes WHERE conversation_id = $1"};

}  // namespace sql

std::error_code save_read_mark_op(write_context& c, const read_mark_row& m, seq_t& stored) {
  const result r =
      c.db.run(sql::save_read_mark, params{}
                                        .i64(static_cast<std::int64_t>(m.conversation))
                                        .bytes(m.reader_id)
                                        .i64(static_cast<std::int64_t>(m.role))
                                        .i64(static_cast<std::int64_t>(m.last_read_seq))
                                        .i64(m.at != 0 ? m.at : c.clock()));
  if (!r.ok() || r.rows() != 1) {
    return write_failed();
  }
  stored = static_cast<seq_t>(r.i64(0, 0));
  return {};
}

// No note stored reads as an empty one.
std::error_code read_transfer_note(read_context& c, conversation_id id, std::string& out) {
  const result r = c.db.run(sql::transfer_note, params{}.i64(static_cast<std::int64_t>(id)));
  if (!r.ok()) {
    return read_failed();
  }
  out = r.rows() > 0 ? r.bytes(0, 0) : std::string{};
  return {};
}

}  // namespace

// ---- the backend's operations ----

std::error_code postgres_backend::save_read_mark(read_mark_row row, callback<seq_t> done) {
  return write<seq_t>(
      [r = std::move(row)](write_context& c, seq_t& stored) {
        return save_read_mark_op(c, r, stored);
      },
      std::move(done));
}

void postgres_backend::read_marks_of(conversation_id id,
                                     callback<std::vector<read_mark_row>> done) {
  read<std::vector<read_mark_row>>(
      [id](read_context& c, std::vector<read_mark_row>& out) {
        return collect(c.db.run(sql::read_marks, params{}.i64(static_cast<std::int64_t>(id))), out,
                       [](const result& r, int i) {
                         return read_mark_row{static_cast<conversation_id>(r.i64(i, 0)),
                                              r.bytes(i, 1), static_cast<sender_role>(r.i64(i, 2)),
                                              static_cast<seq_t>(r.i64(i, 3)), r.i64(i, 4)};
                       });
      },
      std::move(done));
}

std::error_code postgres_backend::save_transfer_note(conversation_id id, std::string note,
                                                     callback<bool> done) {
  return write<bool>(
      [id, n = std::move(note)](write_context& c, bool& ok) {
        const result r =
            c.db.run(sql::save_transfer_note,
                     params{}.i64(static_cast<std::int64_t>(id)).bytes(n).i64(c.clock()));
        ok = r.ok();
        return ok ? std::error_code{} : write_failed();
      },
      std::move(done));
}

void postgres_backend::transfer_note_of(conversation_id id, callback<std::string> done) {
  read<std::string>(
      [id](read_context& c, std::string& out) { return read_transfer_note(c, id, out); },
      std::move(done));
}

}  // namespace fenliu::store::pg
