// The PostgreSQL back end: customers, their orders and record, quick phrases. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::upsert_customer(customer_row row) {
  (void)row;
  return make_error_code(errc::write_failed);
}

void postgres_backend::get_customer(std::string id, callback<customer_row> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::upsert_order(order_row row) {
  (void)row;
  return make_error_code(errc::write_failed);
}

void postgres_backend::orders_of(std::string customer_id, callback<std::vector<order_row>> done) {
  (void)customer_id;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::customer_file_of(std::string customer_id, conversation_id exclude, customer_file_limits limits, callback<customer_file> done) {
  (void)customer_id;
  (void)exclude;
  (void)limits;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::set_customer_tags(std::string customer_id, std::string shop_id, std::vector<std::string> tags, callback<bool> done) {
  (void)customer_id;
  (void)shop_id;
  (void)tags;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::record_served(std::string customer_id, std::string shop_id, std::string agent_id, time_ms at) {
  (void)customer_id;
  (void)shop_id;
  (void)agent_id;
  (void)at;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::add_customer_note(customer_note_row row, callback<std::uint64_t> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::save_quick_phrase(quick_phrase_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::delete_quick_phrase(std::string id, std::string owner_id, callback<bool> done) {
  (void)id;
  (void)owner_id;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::sync_shop_phrases(std::string shop_id, std::vector<quick_phrase_row> rows, callback<bool> done) {
  (void)shop_id;
  (void)rows;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::quick_phrases_of(std::string shop_id, callback<std::vector<quick_phrase_row>> done) {
  (void)shop_id;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
