// The PostgreSQL back end: customers, their orders and record (tags, notes, who served last,
// the file staff see), quick phrases. The SQLite versions are write_ops.cpp / record_ops.cpp,
// read_records.cpp and customer_record_ops.cpp.

#include "pg_customer_ops.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

namespace sql {

constexpr query upsert_customer{
    "cus_upsert_customer",
    "INSERT INTO customers(id, shop_id, display_name, vip, last_agent_id, last_served_at, "
    "vip_level) VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE "
    "SET shop_id = excluded.shop_id, display_name = excluded.display_name, "
    "vip = excluded.vip, last_agent_id = excluded.last_agent_id, "
    "last_served_at = excluded.last_served_at, vip_level = excluded.vip_level"};
// The row tags or notes hang off: created with the shop and nothing else, an existing one kept.
constexpr query ensure_customer{
    "cus_ensure_customer",
    "INSERT INTO customers(id, shop_id) VALUES($1, $2) ON CONFLICT (id) DO NOTHING"};
constexpr query record_served{
    "cus_record_served",
    "INSERT INTO customers(id, shop_id, last_agent_id, last_served_at) VALUES($1, $2, $3, $4) "
    "ON CONFLICT (id) DO UPDATE SET last_agent_id = excluded.last_agent_id, "
    "last_served_at = excluded.last_served_at"};
constexpr query delete_tags{"cus_delete_tags", "DELETE FROM customer_tags WHERE customer_id = $1"};
// A tag listed twice is stored once.
constexpr query insert_tag{
    "cus_insert_tag",
    "INSERT INTO customer_tags(customer_id, tag) VALUES($1, $2) ON CONFLICT DO NOTHING"};
constexpr query customer{
    "cus_customer",
    "SELECT id, shop_id, display_name, vip, last_agent_id, last_served_at, vip_level "
    "FROM customers WHERE id = $1"};
constexpr query customer_tags{"cus_customer_tags",
                              "SELECT tag FROM customer_tags WHERE customer_id = $1 ORDER BY tag"};

constexpr query upsert_order{
    "cus_upsert_order",
    "INSERT INTO orders(id, shop_id, customer_id, status, total_cents, created_at, updated_at, "
    "carrier, tracking_no, delivered_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, "
    "customer_id = excluded.customer_id, status = excluded.status, "
    "total_cents = excluded.total_cents, created_at = excluded.created_at, "
    "updated_at = excluded.updated_at, carrier = excluded.carrier, "
    "tracking_no = excluded.tracking_no, delivered_at = excluded.delivered_at"};
constexpr query delete_items{"cus_delete_items", "DELETE FROM order_items WHERE order_id = $1"};
constexpr query insert_item{
    "cus_insert_item",
    "INSERT INTO order_items(order_id, position, product_id, title, quantity, price_cents) "
    "VALUES($1, $2, $3, $4, $5, $6)"};
// Most recently updated first, $2 at most; the items query picks the same orders.
constexpr query orders{"cus_orders",
                       "SELECT " FENLIU_PG_ORDER_COLUMNS
                       "FROM orders WHERE customer_id = $1 ORDER BY updated_at DESC, id LIMIT $2"};
constexpr query order_items{
    "cus_order_items",
    "SELECT " FENLIU_PG_ORDER_ITEM_COLUMNS
    "FROM order_items i WHERE i.order_id IN (SELECT id FROM orders WHERE customer_id = $1 "
    "ORDER BY updated_at DESC, id LIMIT $2) ORDER BY i.order_id, i.position"};

constexpr query insert_note{
    "cus_insert_note",
    "INSERT INTO customer_notes(customer_id, shop_id, author_id, author_name, text, at) "
    "VALUES($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr query notes{
    "cus_notes",
    "SELECT id, customer_id, shop_id, author_id, author_name, text, at FROM customer_notes "
    "WHERE customer_id = $1 ORDER BY id DESC LIMIT $2"};
// The agent of a closed conversation is kept on its row; when a close cleared it, the history
// names the last one who held it.
constexpr query past_conversations{
    "cus_past_conversations",
    "SELECT c.id, c.stage, c.state, "
    "  CASE WHEN c.agent_id <> '' THEN c.agent_id ELSE coalesce((SELECT h.agent_id "
    "  FROM conversation_history h WHERE h.conversation_id = c.id "
    "  AND h.agent_id <> '' ORDER BY h.id DESC LIMIT 1), '') END, "
    "  c.created_at, c.updated_at, coalesce(r.stars, 0), coalesce(r.comment, '') "
    "FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id "
    "WHERE c.customer_id = $1 AND c.id <> $2 "
    "ORDER BY c.created_at DESC, c.id DESC LIMIT $3"};
constexpr query left_messages{
    "cus_left_messages",
    "SELECT conversation_id, customer_id, text, contact, at FROM left_messages "
    "WHERE customer_id = $1 ORDER BY id DESC LIMIT $2"};

constexpr query save_phrase{
    "cus_save_phrase",
    "INSERT INTO quick_phrases(id, shop_id, owner_id, group_name, shortcut, text, position, "
    "updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE "
    "SET shop_id = excluded.shop_id, owner_id = excluded.owner_id, "
    "group_name = excluded.group_name, shortcut = excluded.shortcut, text = excluded.text, "
    "position = excluded.position, updated_at = excluded.updated_at"};
// Only an agent's own phrase: a shop phrase (owner '') is never deleted this way.
constexpr query delete_phrase{
    "cus_delete_phrase", "DELETE FROM quick_phrases WHERE id = $1 AND owner_id = $2 AND $2 <> ''"};
constexpr query delete_shop_phrases{
    "cus_delete_shop_phrases", "DELETE FROM quick_phrases WHERE shop_id = $1 AND owner_id = ''"};
// The shop's first, in the config's order; then each agent's, by group and shortcut.
constexpr query phrases{
    "cus_phrases",
    "SELECT id, shop_id, owner_id, group_name, shortcut, text, position, updated_at "
    "FROM quick_phrases WHERE shop_id = $1 "
    "ORDER BY owner_id <> '', owner_id, CASE WHEN owner_id = '' THEN position ELSE 0 END, "
    "group_name, shortcut, id"};

}  // namespace sql

// ---- customers ----

std::error_code replace_tags(write_context& c, const std::string& customer_id,
                             const std::vector<std::string>& tags) {
  if (auto ec = write_status(c.db.run(sql::delete_tags, params{}.bytes(customer_id)))) {
    return ec;
  }
  for (const auto& tag : tags) {
    if (auto ec = write_status(c.db.run(sql::insert_tag, params{}.bytes(customer_id).bytes(tag)))) {
      return ec;
    }
  }
  return {};
}

std::error_code upsert_customer_op(write_context& c, const customer_row& r) {
  const result u = c.db.run(sql::upsert_customer, params{}
                                                      .bytes(r.id)
                                                      .bytes(r.shop_id)
                                                      .bytes(r.display_name)
                                                      .i64(r.vip ? 1 : 0)
                                                      .bytes(r.last_agent_id)
                                                      .i64(r.last_served_at)
                                                      .i64(r.vip_level));
  if (auto ec = write_status(u)) {
    return ec;
  }
  // The row's tags are the whole set: replace, not merge.
  return replace_tags(c, r.id, r.tags);
}

std::error_code ensure_customer(write_context& c, const std::string& id,
                                const std::string& shop_id) {
  return write_status(c.db.run(sql::ensure_customer, params{}.bytes(id).bytes(shop_id)));
}

std::error_code read_customer(read_context& c, const std::string& id, customer_row& out) {
  const result r = c.db.run(sql::customer, params{}.bytes(id));
  if (!r.ok()) {
    return read_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  out.id = r.bytes(0, 0);
  out.shop_id = r.bytes(0, 1);
  out.display_name = r.bytes(0, 2);
  out.vip = r.i64(0, 3) != 0;
  out.last_agent_id = r.bytes(0, 4);
  out.last_served_at = r.i64(0, 5);
  out.vip_level = static_cast<int>(r.i64(0, 6));
  return collect(c.db.run(sql::customer_tags, params{}.bytes(id)), out.tags,
                 [](const result& t, int i) { return t.bytes(i, 0); });
}

std::error_code add_note_op(write_context& c, const customer_note_row& n, std::uint64_t& id) {
  if (auto ec = ensure_customer(c, n.customer_id, n.shop_id)) {
    return ec;
  }
  const result r = c.db.run(sql::insert_note, params{}
                                                  .bytes(n.customer_id)
                                                  .bytes(n.shop_id)
                                                  .bytes(n.author_id)
                                                  .bytes(n.author_name)
                                                  .bytes(n.text)
                                                  .i64(n.at != 0 ? n.at : c.clock()));
  if (!r.ok() || r.rows() != 1) {
    return write_failed();
  }
  id = static_cast<std::uint64_t>(r.i64(0, 0));
  return {};
}

// ---- the customer file ----

std::error_code read_notes(read_context& c, const std::string& customer_id, std::size_t limit,
                           std::vector<customer_note_row>& out) {
  const result r = c.db.run(sql::notes, params{}.bytes(customer_id).i64(limit_value(limit)));
  return collect(r, out, [](const result& q, int i) {
    customer_note_row n;
    n.id = static_cast<std::uint64_t>(q.i64(i, 0));
    n.customer_id = q.bytes(i, 1);
    n.shop_id = q.bytes(i, 2);
    n.author_id = q.bytes(i, 3);
    n.author_name = q.bytes(i, 4);
    n.text = q.bytes(i, 5);
    n.at = q.i64(i, 6);
    return n;
  });
}

std::error_code read_past_conversations(read_context& c, const std::string& customer_id,
                                        conversation_id exclude, std::size_t limit,
                                        std::vector<past_conversation_row>& out) {
  const result r = c.db.run(
      sql::past_conversations,
      params{}.bytes(customer_id).i64(static_cast<std::int64_t>(exclude)).i64(limit_value(limit)));
  return collect(r, out, [](const result& q, int i) {
    past_conversation_row p;
    p.id = static_cast<conversation_id>(q.i64(i, 0));
    p.stage = static_cast<stage_code>(q.i64(i, 1));
    p.state = static_cast<conversation_state>(q.i64(i, 2));
    p.agent_id = q.bytes(i, 3);
    p.created_at = q.i64(i, 4);
    p.updated_at = q.i64(i, 5);
    p.rating_stars = static_cast<int>(q.i64(i, 6));
    p.rating_comment = q.bytes(i, 7);
    return p;
  });
}

std::error_code read_left_messages(read_context& c, const std::string& customer_id,
                                   std::size_t limit, std::vector<left_message_row>& out) {
  const result r =
      c.db.run(sql::left_messages, params{}.bytes(customer_id).i64(limit_value(limit)));
  return collect(r, out, [](const result& q, int i) {
    return left_message_row{static_cast<conversation_id>(q.i64(i, 0)), q.bytes(i, 1), q.bytes(i, 2),
                            q.bytes(i, 3), q.i64(i, 4)};
  });
}

// All of it in the reader's one transaction: one snapshot.
std::error_code read_customer_file(read_context& c, const std::string& customer_id,
                                   conversation_id exclude, const customer_file_limits& limits,
                                   customer_file& out) {
  if (auto ec = read_customer(c, customer_id, out.customer); ec == errc::not_found) {
    out.customer = {};
    out.customer.id = customer_id;
  } else if (ec) {
    return ec;
  } else {
    out.known = true;
  }
  if (auto ec = read_orders_with_items(c, sql::orders, sql::order_items,
                                       params{}.bytes(customer_id).i64(limit_value(limits.orders)),
                                       out.orders)) {
    return ec;
  }
  if (auto ec = read_notes(c, customer_id, limits.notes, out.notes)) {
    return ec;
  }
  if (auto ec = read_past_conversations(c, customer_id, exclude, limits.conversations,
                                        out.conversations)) {
    return ec;
  }
  return read_left_messages(c, customer_id, limits.left_messages, out.left_messages);
}

// ---- quick phrases ----

std::error_code save_phrase_op(write_context& c, const quick_phrase_row& p) {
  return write_status(
      c.db.run(sql::save_phrase, params{}
                                     .bytes(p.id)
                                     .bytes(p.shop_id)
                                     .bytes(p.owner_id)
                                     .bytes(p.group)
                                     .bytes(p.shortcut)
                                     .bytes(p.text)
                                     .i64(p.position)
                                     .i64(p.updated_at != 0 ? p.updated_at : c.clock())));
}

std::error_code delete_phrase_op(write_context& c, const std::string& id,
                                 const std::string& owner_id) {
  const result r = c.db.run(sql::delete_phrase, params{}.bytes(id).bytes(owner_id));
  if (!r.ok()) {
    return write_failed();
  }
  return r.affected() == 0 ? make_error_code(errc::not_found) : std::error_code{};
}

// The shop's phrases are the list's: the old ones go, agents' stay.
std::error_code sync_shop_phrases_op(write_context& c, const std::string& shop_id,
                                     const std::vector<quick_phrase_row>& rows) {
  if (auto ec = write_status(c.db.run(sql::delete_shop_phrases, params{}.bytes(shop_id)))) {
    return ec;
  }
  for (auto row : rows) {
    row.shop_id = shop_id;
    row.owner_id.clear();
    if (auto ec = save_phrase_op(c, row)) {
      return ec;
    }
  }
  return {};
}

}  // namespace

// ---- shared with pg_shop_data_ops.cpp ----

std::error_code write_order(write_context& c, const order_row& r) {
  const result u = c.db.run(sql::upsert_order, params{}
                                                   .bytes(r.id)
                                                   .bytes(r.shop_id)
                                                   .bytes(r.customer_id)
                                                   .bytes(r.status)
                                                   .i64(r.total_cents)
                                                   .i64(r.created_at)
                                                   .i64(r.updated_at)
                                                   .bytes(r.carrier)
                                                   .bytes(r.tracking_no)
                                                   .i64(r.delivered_at));
  if (auto ec = write_status(u)) {
    return ec;
  }
  if (auto ec = write_status(c.db.run(sql::delete_items, params{}.bytes(r.id)))) {
    return ec;
  }
  std::int64_t position = 0;
  for (const auto& item : r.items) {
    const result i = c.db.run(sql::insert_item, params{}
                                                    .bytes(r.id)
                                                    .i64(position++)
                                                    .bytes(item.product_id)
                                                    .bytes(item.title)
                                                    .i64(item.quantity)
                                                    .i64(item.price_cents));
    if (auto ec = write_status(i)) {
      return ec;
    }
  }
  return {};
}

std::error_code read_orders_with_items(read_context& c, const query& orders, const query& items,
                                       const params& p, std::vector<order_row>& out) {
  const std::size_t first = out.size();
  auto ec = collect(c.db.run(orders, p), out, [](const result& r, int i) {
    order_row o;
    o.id = r.bytes(i, 0);
    o.shop_id = r.bytes(i, 1);
    o.customer_id = r.bytes(i, 2);
    o.status = r.bytes(i, 3);
    o.total_cents = r.i64(i, 4);
    o.created_at = r.i64(i, 5);
    o.updated_at = r.i64(i, 6);
    o.carrier = r.bytes(i, 7);
    o.tracking_no = r.bytes(i, 8);
    o.delivered_at = r.i64(i, 9);
    return o;
  });
  if (ec || out.size() == first) {
    return ec;
  }
  std::unordered_map<std::string, order_row*> by_id;
  for (std::size_t i = first; i < out.size(); ++i) {
    by_id.emplace(out[i].id, &out[i]);
  }
  const result r = c.db.run(items, p);
  if (!r.ok()) {
    return read_failed();
  }
  for (int i = 0; i < r.rows(); ++i) {
    if (auto it = by_id.find(r.bytes(i, 0)); it != by_id.end()) {
      it->second->items.push_back(
          order_item_row{r.bytes(i, 1), r.bytes(i, 2), static_cast<int>(r.i64(i, 3)), r.i64(i, 4)});
    }
  }
  return {};
}

// ---- the backend's operations ----

std::error_code postgres_backend::upsert_customer(customer_row row) {
  return write<bool>(
      bool_job([r = std::move(row)](write_context& c) { return upsert_customer_op(c, r); }), {});
}

void postgres_backend::get_customer(std::string id, callback<customer_row> done) {
  read<customer_row>([id = std::move(id)](read_context& c,
                                          customer_row& out) { return read_customer(c, id, out); },
                     std::move(done));
}

std::error_code postgres_backend::upsert_order(order_row row) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) { return write_order(c, r); }),
                     {});
}

void postgres_backend::orders_of(std::string customer_id, callback<std::vector<order_row>> done) {
  read<std::vector<order_row>>(
      [id = std::move(customer_id)](read_context& c, std::vector<order_row>& out) {
        return read_orders_with_items(c, sql::orders, sql::order_items,
                                      params{}.bytes(id).i64(limit_value(0)), out);
      },
      std::move(done));
}

void postgres_backend::customer_file_of(std::string customer_id, conversation_id exclude,
                                        customer_file_limits limits, callback<customer_file> done) {
  read<customer_file>(
      [id = std::move(customer_id), exclude, limits](read_context& c, customer_file& out) {
        return read_customer_file(c, id, exclude, limits, out);
      },
      std::move(done));
}

std::error_code postgres_backend::set_customer_tags(std::string customer_id, std::string shop_id,
                                                    std::vector<std::string> tags,
                                                    callback<bool> done) {
  return write<bool>(bool_job([id = std::move(customer_id), shop = std::move(shop_id),
                               list = std::move(tags)](write_context& c) {
                       if (auto ec = ensure_customer(c, id, shop)) {
                         return ec;
                       }
                       return replace_tags(c, id, list);
                     }),
                     std::move(done));
}

std::error_code postgres_backend::record_served(std::string customer_id, std::string shop_id,
                                                std::string agent_id, time_ms at) {
  return write<bool>(
      bool_job([id = std::move(customer_id), shop = std::move(shop_id), agent = std::move(agent_id),
                at](write_context& c) {
        return write_status(
            c.db.run(sql::record_served, params{}.bytes(id).bytes(shop).bytes(agent).i64(at)));
      }),
      {});
}

std::error_code postgres_backend::add_customer_note(customer_note_row row,
                                                    callback<std::uint64_t> done) {
  return write<std::uint64_t>(
      [r = std::move(row)](write_context& c, std::uint64_t& id) { return add_note_op(c, r, id); },
      std::move(done));
}

std::error_code postgres_backend::save_quick_phrase(quick_phrase_row row, callback<bool> done) {
  return write<bool>(
      bool_job([r = std::move(row)](write_context& c) { return save_phrase_op(c, r); }),
      std::move(done));
}

std::error_code postgres_backend::delete_quick_phrase(std::string id, std::string owner_id,
                                                      callback<bool> done) {
  return write<bool>(bool_job([id = std::move(id), owner = std::move(owner_id)](write_context& c) {
                       return delete_phrase_op(c, id, owner);
                     }),
                     std::move(done));
}

std::error_code postgres_backend::sync_shop_phrases(std::string shop_id,
                                                    std::vector<quick_phrase_row> rows,
                                                    callback<bool> done) {
  return write<bool>(
      bool_job([shop = std::move(shop_id), list = std::move(rows)](write_context& c) {
        return sync_shop_phrases_op(c, shop, list);
      }),
      std::move(done));
}

void postgres_backend::quick_phrases_of(std::string shop_id,
                                        callback<std::vector<quick_phrase_row>> done) {
  read<std::vector<quick_phrase_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<quick_phrase_row>& out) {
        return collect(c.db.run(sql::phrases, params{}.bytes(id)), out, [](const result& r, int i) {
          quick_phrase_row p;
          p.id = r.bytes(i, 0);
          p.shop_id = r.bytes(i, 1);
          p.owner_id = r.bytes(i, 2);
          p.group = r.bytes(i, 3);
          p.shortcut = r.bytes(i, 4);
          p.text = r.bytes(i, 5);
          p.position = static_cast<int>(r.i64(i, 6));
          p.updated_at = r.i64(i, 7);
          return p;
        });
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
