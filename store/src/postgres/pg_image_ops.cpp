// The PostgreSQL back end: images (image_ops.cpp's block of records.hpp): uploads, their uses
// by conversations, and their retention.

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {
namespace sql {

constexpr query insert_image{
    "img_insert",
    "INSERT INTO images(id, uploader_id, mime_type, width, height, bytes, shop_id, created_at) "
    "VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id, uploader_id) DO NOTHING"};
constexpr query image_by_id{
    "img_by_id",
    "SELECT id, uploader_id, mime_type, width, height, bytes, shop_id, created_at FROM images "
    "WHERE id = $1 ORDER BY created_at, uploader_id"};
// A later use of the same image in the same conversation keeps it for longer.
constexpr query upsert_use{
    "img_upsert_use",
    "INSERT INTO image_uses(image_id, conversation_id, used_at) VALUES($1, $2, $3) "
    "ON CONFLICT (image_id, conversation_id) "
    "DO UPDATE SET used_at = greatest(image_uses.used_at, excluded.used_at)"};
// A use noted before a message whose conversation never existed finds no conversation.
constexpr query conversations_of_image{
    "img_conversations",
    "SELECT c.id, c.shop_id, c.customer_id, c.stage, c.state, c.agent_id, c.priority, "
    "c.entry_page, c.entry_product_id, c.entry_order_id, c.created_at, c.queued_at, "
    "c.updated_at, c.last_seq FROM image_uses u JOIN conversations c "
    "ON c.id = u.conversation_id WHERE u.image_id = $1 ORDER BY u.conversation_id"};
constexpr query purge_uses{"img_purge_uses", "DELETE FROM image_uses WHERE used_at < $1"};
// An image goes when its newest upload is older than the cutoff: a fresh upload of the same
// bytes by someone else keeps the file. Its own statement after purge_uses: the sub-statements
// of one statement share a snapshot, so they would still see the uses just deleted.
constexpr query purge_unused{"img_purge_unused",
                             "WITH gone AS (SELECT id FROM images WHERE NOT EXISTS "
                             "(SELECT 1 FROM image_uses WHERE image_uses.image_id = images.id) "
                             "GROUP BY id HAVING max(created_at) < $1), "
                             "deleted AS (DELETE FROM images WHERE id IN (SELECT id FROM gone)) "
                             "SELECT id FROM gone ORDER BY id"};

}  // namespace sql

std::error_code save_image_op(write_context& c, const image_row& r) {
  const result q =
      c.db.run(sql::insert_image, params{}
                                      .bytes(r.id)
                                      .bytes(r.uploader_id)
                                      .bytes(r.mime_type)
                                      .i64(static_cast<std::int64_t>(r.width))
                                      .i64(static_cast<std::int64_t>(r.height))
                                      .i64(static_cast<std::int64_t>(r.bytes))
                                      .bytes(r.shop_id)
                                      .i64(r.created_at != 0 ? r.created_at : c.clock()));
  return write_status(q);
}

std::error_code read_image(read_context& c, const std::string& id, std::vector<image_row>& out) {
  if (auto ec =
          collect(c.db.run(sql::image_by_id, params{}.bytes(id)), out, [](const result& r, int i) {
            return image_row{r.bytes(i, 0),
                             r.bytes(i, 2),
                             static_cast<std::uint32_t>(r.i64(i, 3)),
                             static_cast<std::uint32_t>(r.i64(i, 4)),
                             static_cast<std::uint64_t>(r.i64(i, 5)),
                             r.bytes(i, 1),
                             r.bytes(i, 6),
                             r.i64(i, 7)};
          })) {
    return ec;
  }
  return out.empty() ? make_error_code(errc::not_found) : std::error_code{};
}

std::error_code purge_images(write_context& c, time_ms cutoff, std::vector<std::string>& out) {
  if (!c.db.run(sql::purge_uses, params{}.i64(cutoff)).ok()) {
    return write_failed();
  }
  const result r = c.db.run(sql::purge_unused, params{}.i64(cutoff));
  if (!r.ok()) {
    return write_failed();
  }
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(r.bytes(i, 0));
  }
  return {};
}

}  // namespace

std::error_code postgres_backend::save_image(image_row row, callback<bool> done) {
  return write<bool>(
      [r = std::move(row)](write_context& c, bool& ok) {
        auto ec = save_image_op(c, r);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

void postgres_backend::get_image(std::string id, callback<std::vector<image_row>> done) {
  read<std::vector<image_row>>(
      [id = std::move(id)](read_context& c, std::vector<image_row>& out) {
        return read_image(c, id, out);
      },
      std::move(done));
}

std::error_code postgres_backend::record_image_use(std::string image_id,
                                                   conversation_id conversation, time_ms at) {
  return write<bool>(
      [id = std::move(image_id), conversation, at](write_context& c, bool& ok) {
        const result r = c.db.run(sql::upsert_use, params{}
                                                       .bytes(id)
                                                       .i64(static_cast<std::int64_t>(conversation))
                                                       .i64(at != 0 ? at : c.clock()));
        ok = r.ok();
        return ok ? std::error_code{} : write_failed();
      },
      callback<bool>{});
}

void postgres_backend::image_conversations(std::string image_id,
                                           callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [id = std::move(image_id)](read_context& c, std::vector<conversation_record>& out) {
        return collect(c.db.run(sql::conversations_of_image, params{}.bytes(id)), out,
                       [](const result& r, int i) { return conversation_from(r, i); });
      },
      std::move(done));
}

std::error_code postgres_backend::purge_images_before(time_ms cutoff,
                                                      callback<std::vector<std::string>> done) {
  return write<std::vector<std::string>>(
      [cutoff](write_context& c, std::vector<std::string>& out) {
        return purge_images(c, cutoff, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
