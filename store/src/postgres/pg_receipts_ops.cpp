// The PostgreSQL back end: read receipts and transfer notes. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::save_read_mark(read_mark_row row, callback<seq_t> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::read_marks_of(conversation_id id, callback<std::vector<read_mark_row>> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::save_transfer_note(conversation_id id, std::string note, callback<bool> done) {
  (void)id;
  (void)note;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::transfer_note_of(conversation_id id, callback<std::string> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
