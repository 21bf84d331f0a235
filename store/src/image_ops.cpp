// The images block of records.hpp: uploads, their uses by conversations, and their retention.
// The statements are prepared per call: images are rare next to messages, and this keeps the
// block out of the writer's and reader's statement caches.

#include "fenliu/store/error.hpp"
#include "read_ops.hpp"
#include "read_util.hpp"
#include "sqlite_backend_jobs.hpp"
#include "write_job.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {
namespace {

constexpr const char* insert_image_sql =
    "INSERT OR IGNORE INTO images (id, uploader_id, mime_type, width, height, bytes, shop_id, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* select_image_sql =
    "SELECT id, uploader_id, mime_type, width, height, bytes, shop_id, created_at FROM images "
    "WHERE id = ?1 ORDER BY created_at, uploader_id";
// A later use of the same image in the same conversation keeps it for longer.
constexpr const char* upsert_use_sql =
    "INSERT INTO image_uses (image_id, conversation_id, used_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (image_id, conversation_id) "
    "DO UPDATE SET used_at = MAX(used_at, excluded.used_at)";
constexpr const char* select_uses_sql =
    "SELECT conversation_id FROM image_uses WHERE image_id = ?1 ORDER BY conversation_id";
constexpr const char* purge_uses_sql = "DELETE FROM image_uses WHERE used_at < ?1";
// An image goes when its newest upload is older than the cutoff: a fresh upload of the same
// bytes by someone else keeps the file.
constexpr const char* unused_images_sql =
    "SELECT id FROM images WHERE NOT EXISTS "
    "(SELECT 1 FROM image_uses WHERE image_uses.image_id = images.id) "
    "GROUP BY id HAVING MAX(created_at) < ?1 ORDER BY id";
constexpr const char* delete_image_sql = "DELETE FROM images WHERE id = ?1";

// A statement prepared for one operation; a failed prepare is a database error, not a throw.
std::error_code prepare(connection& db, const char* sql, statement& out) {
  try {
    out = statement(db, sql);
    return {};
  } catch (const sqlite_error&) {
    return make_error_code(errc::write_failed);
  }
}

std::error_code save_image(write_context& c, const image_row& r) {
  statement s;
  if (auto ec = prepare(c.db, insert_image_sql, s)) {
    return ec;
  }
  s.bind_text(1, r.id);
  s.bind_text(2, r.uploader_id);
  s.bind_text(3, r.mime_type);
  s.bind(4, static_cast<std::int64_t>(r.width));
  s.bind(5, static_cast<std::int64_t>(r.height));
  s.bind(6, static_cast<std::int64_t>(r.bytes));
  s.bind_text(7, r.shop_id);
  s.bind(8, r.created_at != 0 ? r.created_at : c.clock());
  return s.step() == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code record_use(write_context& c, const std::string& image_id, conversation_id conv,
                           time_ms at) {
  statement s;
  if (auto ec = prepare(c.db, upsert_use_sql, s)) {
    return ec;
  }
  s.bind_text(1, image_id);
  s.bind(2, static_cast<std::int64_t>(conv));
  s.bind(3, at != 0 ? at : c.clock());
  return s.step() == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code purge_images(write_context& c, time_ms cutoff, std::vector<std::string>& out) {
  statement uses, unused, remove;
  for (auto [sql, st] : {std::pair{purge_uses_sql, &uses}, std::pair{unused_images_sql, &unused},
                         std::pair{delete_image_sql, &remove}}) {
    if (auto ec = prepare(c.db, sql, *st)) {
      return ec;
    }
  }
  uses.bind(1, cutoff);
  if (uses.step() != SQLITE_DONE) {
    return make_error_code(errc::write_failed);
  }
  unused.bind(1, cutoff);
  for (int rc = unused.step(); rc != SQLITE_DONE; rc = unused.step()) {
    if (rc != SQLITE_ROW) {
      return make_error_code(errc::write_failed);
    }
    out.push_back(unused.column_text(0));
  }
  unused.reset();
  for (const auto& id : out) {
    statement_scope d(remove);
    d->bind_text(1, id);
    if (d->step() != SQLITE_DONE) {
      return make_error_code(errc::write_failed);
    }
  }
  return {};
}

std::error_code read_prepare(connection& db, const char* sql, statement& out) {
  try {
    out = statement(db, sql);
    return {};
  } catch (const sqlite_error&) {
    return read_failed();
  }
}

std::error_code read_image(read_context& c, const std::string& id, std::vector<image_row>& out) {
  statement s;
  if (auto ec = read_prepare(c.db, select_image_sql, s)) {
    return ec;
  }
  s.bind_text(1, id);
  if (auto ec = collect(s, out, [](statement& r) {
        return image_row{r.column_text(0),
                         r.column_text(2),
                         static_cast<std::uint32_t>(r.column_int(3)),
                         static_cast<std::uint32_t>(r.column_int(4)),
                         static_cast<std::uint64_t>(r.column_int(5)),
                         r.column_text(1),
                         r.column_text(6),
                         r.column_int(7)};
      })) {
    return ec;
  }
  return out.empty() ? make_error_code(errc::not_found) : std::error_code{};
}

std::error_code read_image_conversations(read_context& c, const std::string& id,
                                         std::vector<conversation_record>& out) {
  statement s;
  if (auto ec = read_prepare(c.db, select_uses_sql, s)) {
    return ec;
  }
  s.bind_text(1, id);
  std::vector<conversation_id> ids;
  if (auto ec = collect(s, ids, [](statement& r) {
        return static_cast<conversation_id>(r.column_int(0));
      })) {
    return ec;
  }
  s.reset();
  for (const auto conv : ids) {
    conversation_record rec;
    const auto ec = read_conversation(c, conv, rec);
    if (ec == errc::not_found) {
      continue;  // a use noted before a message whose conversation never existed
    }
    if (ec) {
      return ec;
    }
    out.push_back(std::move(rec));
  }
  return {};
}

}  // namespace

std::error_code sqlite_backend::save_image(image_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::save_image, std::move(done));
}

void sqlite_backend::get_image(std::string id, callback<std::vector<image_row>> done) {
  read<std::vector<image_row>>(
      [id = std::move(id)](read_context& c, std::vector<image_row>& out) {
        return read_image(c, id, out);
      },
      std::move(done));
}

std::error_code sqlite_backend::record_image_use(std::string image_id,
                                                 conversation_id conversation, time_ms at) {
  return write<bool>(
      [id = std::move(image_id), conversation, at](write_context& c, bool& ok) {
        auto ec = record_use(c, id, conversation, at);
        ok = !ec;
        return ec;
      },
      callback<bool>{});
}

void sqlite_backend::image_conversations(std::string image_id,
                                         callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [id = std::move(image_id)](read_context& c, std::vector<conversation_record>& out) {
        return read_image_conversations(c, id, out);
      },
      std::move(done));
}

std::error_code sqlite_backend::purge_images_before(time_ms cutoff,
                                                    callback<std::vector<std::string>> done) {
  return write<std::vector<std::string>>(
      [cutoff](write_context& c, std::vector<std::string>& out) {
        return purge_images(c, cutoff, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
