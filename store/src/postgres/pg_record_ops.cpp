// The PostgreSQL back end: decisions, ratings, QA reviews, left messages, shops, agents, FAQ entries. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::record_decision(decision_row row) {
  (void)row;
  return make_error_code(errc::write_failed);
}

void postgres_backend::decisions_of(conversation_id id, callback<std::vector<decision_row>> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::save_rating(rating_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::rating_of(conversation_id id, callback<rating_row> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::save_qa_review(qa_review_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::save_left_message(left_message_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::pending_left_messages(std::string shop_id, std::size_t limit, callback<std::vector<left_message_row>> done) {
  (void)shop_id;
  (void)limit;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::upsert_shop(shop_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::sync_agents(std::string shop_id, std::vector<agent_row> agents, callback<bool> done) {
  (void)shop_id;
  (void)agents;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::agents_of(std::string shop_id, callback<std::vector<agent_row>> done) {
  (void)shop_id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::sync_faq(std::string shop_id, std::vector<faq_row> rows, callback<bool> done) {
  (void)shop_id;
  (void)rows;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::faq_of(std::string shop_id, callback<std::vector<faq_row>> done) {
  (void)shop_id;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
