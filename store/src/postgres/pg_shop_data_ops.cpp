// The PostgreSQL back end: products, orders by id, imports. PLACEHOLDER: not implemented yet.
#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {

std::error_code postgres_backend::upsert_product(product_row row, callback<bool> done) {
  (void)row;
  (void)done;
  return make_error_code(errc::write_failed);
}

void postgres_backend::get_product(std::string id, callback<product_row> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::products_of(std::string shop_id, std::string query, std::size_t limit, callback<std::vector<product_row>> done) {
  (void)shop_id;
  (void)query;
  (void)limit;
  if (done) {
    done(read_failed(), {});
  }
}

void postgres_backend::get_order(std::string id, callback<order_row> done) {
  (void)id;
  if (done) {
    done(read_failed(), {});
  }
}

std::error_code postgres_backend::import_shop_data(std::string shop_id, std::vector<product_row> products, std::vector<order_row> orders, callback<bool> done) {
  (void)shop_id;
  (void)products;
  (void)orders;
  (void)done;
  return make_error_code(errc::write_failed);
}

shop_data postgres_backend::load_shop_data(std::string shop_id) {
  (void)shop_id;
  throw std::system_error(read_failed());
}

}  // namespace fenliu::store::pg
