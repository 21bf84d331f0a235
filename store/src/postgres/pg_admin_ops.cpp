// The PostgreSQL back end: the admin API's stored config sections of a shop and the audit log
// (admin_ops.cpp). A change is one write job: every section and the audit row commit in the
// same transaction, or the job fails and the writer rolls the whole batch back.

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {
namespace sql {

constexpr query put_section{
    "adm_put_section",
    "INSERT INTO admin_sections(shop_id, name, json, updated_at) VALUES($1, $2, $3, $4) "
    "ON CONFLICT (shop_id, name) DO UPDATE SET json = excluded.json, "
    "updated_at = excluded.updated_at"};
constexpr query insert_audit{
    "adm_insert_audit",
    "INSERT INTO audit_log(shop_id, at_ms, actor, action, target, detail_json) "
    "VALUES($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr query sections_of{
    "adm_sections_of",
    "SELECT name, json, updated_at FROM admin_sections WHERE shop_id = $1 ORDER BY name"};
constexpr query audit_of{
    "adm_audit_of",
    "SELECT id, at_ms, actor, action, target, detail_json FROM audit_log WHERE shop_id = $1 "
    "ORDER BY id DESC LIMIT $2"};

}  // namespace sql

std::error_code save_change(write_context& c, const std::vector<admin_section_row>& rows,
                            const audit_row& audit, std::uint64_t& id) {
  const time_ms now = c.clock();
  for (const auto& row : rows) {
    const result r =
        c.db.run(sql::put_section, params{}
                                       .bytes(row.shop_id.empty() ? audit.shop_id : row.shop_id)
                                       .bytes(row.name)
                                       .bytes(row.json)
                                       .i64(row.updated_at != 0 ? row.updated_at : now));
    if (!r.ok()) {
      return write_failed();
    }
  }
  const result r = c.db.run(sql::insert_audit, params{}
                                                   .bytes(audit.shop_id)
                                                   .i64(audit.at_ms != 0 ? audit.at_ms : now)
                                                   .bytes(audit.actor)
                                                   .bytes(audit.action)
                                                   .bytes(audit.target)
                                                   .bytes(audit.detail_json));
  if (!r.ok() || r.rows() != 1) {
    return write_failed();
  }
  id = static_cast<std::uint64_t>(r.i64(0, 0));
  return {};
}

}  // namespace

std::error_code postgres_backend::save_admin_change(std::vector<admin_section_row> sections,
                                                    audit_row audit, callback<std::uint64_t> done) {
  return write<std::uint64_t>(
      [rows = std::move(sections), a = std::move(audit)](write_context& c, std::uint64_t& id) {
        return save_change(c, rows, a, id);
      },
      std::move(done));
}

void postgres_backend::admin_sections_of(std::string shop_id,
                                         callback<std::vector<admin_section_row>> done) {
  read<std::vector<admin_section_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<admin_section_row>& out) {
        return collect(c.db.run(sql::sections_of, params{}.bytes(id)), out,
                       [&id](const result& r, int i) {
                         return admin_section_row{id, r.bytes(i, 0), r.bytes(i, 1), r.i64(i, 2)};
                       });
      },
      std::move(done));
}

void postgres_backend::audit_of(std::string shop_id, std::size_t limit,
                                callback<std::vector<audit_row>> done) {
  read<std::vector<audit_row>>(
      [id = std::move(shop_id), limit](read_context& c, std::vector<audit_row>& out) {
        // Unlike the other reads, a limit of 0 means none (as in the SQLite back end).
        const std::int64_t max = limit == 0 ? 0 : limit_value(limit);
        return collect(c.db.run(sql::audit_of, params{}.bytes(id).i64(max)), out,
                       [&id](const result& r, int i) {
                         return audit_row{static_cast<std::uint64_t>(r.i64(i, 0)),
                                          id,
                                          r.i64(i, 1),
                                          r.bytes(i, 2),
                                          r.bytes(i, 3),
                                          r.bytes(i, 4),
                                          r.bytes(i, 5)};
                       });
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
