// The PostgreSQL back end: the floor: alerts, QA candidates and reviews by agent. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::save_alert(alert_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

std::error_code postgres_backend::acknowledge_alert(std::uint64_t id, std::string by, time_ms at, callback<alert_row> done) {
  (void)id;
  (void)by;
  (void)at;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::alerts(bool include_acknowledged, std::size_t limit, callback<std::vector<alert_row>> done) {
  (void)include_acknowledged;
  (void)limit;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::qa_candidates(time_ms from, time_ms to, std::optional<stage_code> stage, callback<std::vector<qa_candidate_row>> done) {
  (void)from;
  (void)to;
  (void)stage;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::qa_reviews_of_agent(std::string agent_id, std::size_t limit, callback<std::vector<qa_review_row>> done) {
  (void)agent_id;
  (void)limit;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
