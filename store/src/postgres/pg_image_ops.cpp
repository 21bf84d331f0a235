// The PostgreSQL back end: images. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::save_image(image_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::get_image(std::string id, callback<std::vector<image_row>> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::record_image_use(std::string image_id, conversation_id conversation, time_ms at) {
  (void)image_id;
  (void)conversation;
  (void)at;
  return make_error_code(errc::write_failed);
}

void postgres_backend::image_conversations(std::string image_id, callback<std::vector<conversation_record>> done) {
  (void)image_id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::purge_images_before(time_ms cutoff, callback<std::vector<std::string>> done) {
  (void)cutoff;
  (void)done;
  return make_error_code(errc::write_failed);
}

}  // namespace fenliu::store::pg
