// The PostgreSQL back end: admin sections and the audit log. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::save_admin_change(std::vector<admin_section_row> sections, audit_row audit, callback<std::uint64_t> done) {
  (void)sections;
  (void)audit;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::admin_sections_of(std::string shop_id, callback<std::vector<admin_section_row>> done) {
  (void)shop_id;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::audit_of(std::string shop_id, std::size_t limit, callback<std::vector<audit_row>> done) {
  (void)shop_id;
  (void)limit;
  if (done) {
    done(read_failed(), {});
  }
}

}  // namespace fenliu::store::pg
