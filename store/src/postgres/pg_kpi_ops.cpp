// The PostgreSQL back end: the rows of the KPIs. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

void postgres_backend::kpi_source_of(std::string shop_id, time_ms from, time_ms to, time_ms orders_until, std::size_t max_conversations, callback<kpi_source> done) {
  (void)shop_id;
  (void)from;
  (void)to;
  (void)orders_until;
  (void)max_conversations;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
