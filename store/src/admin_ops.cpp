// The admin API's operations (issue #11, part "admin"): the stored config sections of a shop
// and the audit log. A change is one write job: every section and the audit row commit in the
// same transaction, or the job fails and the writer rolls the whole batch back.

#include <sqlite3.h>

#include "fenliu/store/error.hpp"
#include "sqlite_backend_jobs.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code done_or_failed(int rc) {
  return rc == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code save_admin_change(write_context& c, const std::vector<admin_section_row>& rows,
                                  const audit_row& audit, std::uint64_t& id) {
  const time_ms now = c.clock();
  statement put(c.db,
                "INSERT INTO admin_sections(shop_id, name, json, updated_at) "
                "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(shop_id, name) DO UPDATE SET "
                "json = excluded.json, updated_at = excluded.updated_at");
  for (const auto& row : rows) {
    put.reset();
    put.bind_text(1, row.shop_id.empty() ? audit.shop_id : row.shop_id);
    put.bind_text(2, row.name);
    put.bind_text(3, row.json);
    put.bind(4, row.updated_at != 0 ? row.updated_at : now);
    if (auto ec = done_or_failed(put.step())) {
      return ec;
    }
  }
  statement log(c.db,
                "INSERT INTO audit_log(shop_id, at_ms, actor, action, target, detail_json) "
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  log.bind_text(1, audit.shop_id);
  log.bind(2, audit.at_ms != 0 ? audit.at_ms : now);
  log.bind_text(3, audit.actor);
  log.bind_text(4, audit.action);
  log.bind_text(5, audit.target);
  log.bind_text(6, audit.detail_json);
  if (auto ec = done_or_failed(log.step())) {
    return ec;
  }
  id = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(c.db.get()));
  return {};
}

std::error_code read_admin_sections(read_context& c, const std::string& shop_id,
                                    std::vector<admin_section_row>& out) {
  statement s(c.db,
              "SELECT name, json, updated_at FROM admin_sections WHERE shop_id = ?1 "
              "ORDER BY name");
  s.bind_text(1, shop_id);
  int rc = SQLITE_ROW;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back({shop_id, s.column_text(0), s.column_text(1), s.column_int(2)});
  }
  return rc == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code read_audit(read_context& c, const std::string& shop_id, std::size_t limit,
                           std::vector<audit_row>& out) {
  statement s(c.db,
              "SELECT id, at_ms, actor, action, target, detail_json FROM audit_log "
              "WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2");
  s.bind_text(1, shop_id);
  s.bind(2, static_cast<std::int64_t>(limit));
  int rc = SQLITE_ROW;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back({static_cast<std::uint64_t>(s.column_int(0)), shop_id, s.column_int(1),
                   s.column_text(2), s.column_text(3), s.column_text(4), s.column_text(5)});
  }
  return rc == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

}  // namespace

std::error_code sqlite_backend::save_admin_change(std::vector<admin_section_row> sections,
                                                  audit_row audit, callback<std::uint64_t> done) {
  return write<std::uint64_t>(
      [rows = std::move(sections), a = std::move(audit)](write_context& c, std::uint64_t& id) {
        return detail::save_admin_change(c, rows, a, id);
      },
      std::move(done));
}

void sqlite_backend::admin_sections_of(std::string shop_id,
                                       callback<std::vector<admin_section_row>> done) {
  read<std::vector<admin_section_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<admin_section_row>& out) {
        return read_admin_sections(c, id, out);
      },
      std::move(done));
}

void sqlite_backend::audit_of(std::string shop_id, std::size_t limit,
                              callback<std::vector<audit_row>> done) {
  read<std::vector<audit_row>>(
      [id = std::move(shop_id), limit](read_context& c, std::vector<audit_row>& out) {
        return read_audit(c, id, limit, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
