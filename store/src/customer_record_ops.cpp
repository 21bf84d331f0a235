#include "customer_record_ops.hpp"
#include "sqlite_backend_jobs.hpp"

#include "fenliu/store/error.hpp"
#include "read_util.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code done_or_failed(int rc) {
  return rc == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

// The customer row must exist before its tags or notes: created with the shop and nothing else.
std::error_code ensure_customer(write_context& c, const std::string& id,
                                const std::string& shop_id) {
  statement s(c.db,
              "INSERT INTO customers(id, shop_id) VALUES(?1, ?2) ON CONFLICT(id) DO NOTHING");
  s.bind_text(1, id);
  s.bind_text(2, shop_id);
  return done_or_failed(s.step());
}

}  // namespace

std::error_code set_customer_tags(write_context& c, const std::string& customer_id,
                                  const std::string& shop_id,
                                  const std::vector<std::string>& tags) {
  if (auto ec = ensure_customer(c, customer_id, shop_id)) {
    return ec;
  }
  {
    statement d(c.db, "DELETE FROM customer_tags WHERE customer_id = ?1");
    d.bind_text(1, customer_id);
    if (auto ec = done_or_failed(d.step())) {
      return ec;
    }
  }
  statement s(c.db, "INSERT OR IGNORE INTO customer_tags(customer_id, tag) VALUES(?1, ?2)");
  for (const auto& tag : tags) {
    s.reset();
    s.bind_text(1, customer_id);
    s.bind_text(2, tag);
    if (auto ec = done_or_failed(s.step())) {
      return ec;
    }
  }
  return {};
}

std::error_code record_served(write_context& c, const std::string& customer_id,
                              const std::string& shop_id, const std::string& agent_id,
                              time_ms at) {
  statement s(c.db,
              "INSERT INTO customers(id, shop_id, last_agent_id, last_served_at) "
              "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET "
              "last_agent_id = excluded.last_agent_id, last_served_at = excluded.last_served_at");
  s.bind_text(1, customer_id);
  s.bind_text(2, shop_id);
  s.bind_text(3, agent_id);
  s.bind(4, at);
  return done_or_failed(s.step());
}

std::error_code add_customer_note(write_context& c, const customer_note_row& row,
                                  std::uint64_t& id) {
  if (auto ec = ensure_customer(c, row.customer_id, row.shop_id)) {
    return ec;
  }
  statement s(c.db,
              "INSERT INTO customer_notes(customer_id, shop_id, author_id, author_name, text, at) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  s.bind_text(1, row.customer_id);
  s.bind_text(2, row.shop_id);
  s.bind_text(3, row.author_id);
  s.bind_text(4, row.author_name);
  s.bind_text(5, row.text);
  s.bind(6, row.at != 0 ? row.at : c.clock());
  if (auto ec = done_or_failed(s.step())) {
    return ec;
  }
  id = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(c.db.get()));
  return {};
}

std::error_code save_quick_phrase(write_context& c, const quick_phrase_row& row) {
  statement s(c.db,
              "INSERT INTO quick_phrases(id, shop_id, owner_id, group_name, shortcut, text, "
              "position, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
              "ON CONFLICT(id) DO UPDATE SET shop_id = excluded.shop_id, "
              "owner_id = excluded.owner_id, group_name = excluded.group_name, "
              "shortcut = excluded.shortcut, text = excluded.text, "
              "position = excluded.position, updated_at = excluded.updated_at");
  s.bind_text(1, row.id);
  s.bind_text(2, row.shop_id);
  s.bind_text(3, row.owner_id);
  s.bind_text(4, row.group);
  s.bind_text(5, row.shortcut);
  s.bind_text(6, row.text);
  s.bind(7, row.position);
  s.bind(8, row.updated_at != 0 ? row.updated_at : c.clock());
  return done_or_failed(s.step());
}

std::error_code delete_quick_phrase(write_context& c, const std::string& id,
                                    const std::string& owner_id) {
  statement s(c.db, "DELETE FROM quick_phrases WHERE id = ?1 AND owner_id = ?2 AND ?2 <> ''");
  s.bind_text(1, id);
  s.bind_text(2, owner_id);
  if (auto ec = done_or_failed(s.step())) {
    return ec;
  }
  return sqlite3_changes(c.db.get()) == 0 ? make_error_code(errc::not_found) : std::error_code{};
}

std::error_code sync_shop_phrases(write_context& c, const std::string& shop_id,
                                  const std::vector<quick_phrase_row>& rows) {
  {
    statement d(c.db, "DELETE FROM quick_phrases WHERE shop_id = ?1 AND owner_id = ''");
    d.bind_text(1, shop_id);
    if (auto ec = done_or_failed(d.step())) {
      return ec;
    }
  }
  for (auto row : rows) {
    row.shop_id = shop_id;
    row.owner_id.clear();
    if (auto ec = save_quick_phrase(c, row)) {
      return ec;
    }
  }
  return {};
}

std::error_code read_customer_file(read_context& c, const std::string& customer_id,
                                   conversation_id exclude, const customer_file_limits& limits,
                                   customer_file& out) {
  out.customer.id = customer_id;
  if (auto ec = read_customer(c, customer_id, out.customer); ec == errc::not_found) {
    out.customer = {};
    out.customer.id = customer_id;
  } else if (ec) {
    return ec;
  } else {
    out.known = true;
  }
  if (auto ec = read_orders(c, customer_id, out.orders)) {
    return ec;
  }
  if (limits.orders != 0 && out.orders.size() > limits.orders) {
    out.orders.resize(limits.orders);
  }
  {
    statement s(c.db,
                "SELECT id, customer_id, shop_id, author_id, author_name, text, at "
                "FROM customer_notes "
                "WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2");
    s.bind_text(1, customer_id);
    s.bind(2, limit_value(limits.notes));
    auto ec = collect(s, out.notes, [](const statement& r) {
      customer_note_row n;
      n.id = static_cast<std::uint64_t>(r.column_int(0));
      n.customer_id = r.column_text(1);
      n.shop_id = r.column_text(2);
      n.author_id = r.column_text(3);
      n.author_name = r.column_text(4);
      n.text = r.column_text(5);
      n.at = r.column_int(6);
      return n;
    });
    if (ec) {
      return ec;
    }
  }
  {
    // The agent of a closed conversation is kept on its row; when a close cleared it, the
    // history names the last one who held it.
    statement s(c.db,
                "SELECT c.id, c.stage, c.state, "
                "  CASE WHEN c.agent_id <> '' THEN c.agent_id ELSE COALESCE((SELECT h.agent_id "
                "  FROM conversation_history h WHERE h.conversation_id = c.id "
                "  AND h.agent_id <> '' ORDER BY h.id DESC LIMIT 1), '') END, "
                "  c.created_at, c.updated_at, COALESCE(r.stars, 0), COALESCE(r.comment, '') "
                "FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id "
                "WHERE c.customer_id = ?1 AND c.id <> ?2 "
                "ORDER BY c.created_at DESC, c.id DESC LIMIT ?3");
    s.bind_text(1, customer_id);
    s.bind(2, static_cast<std::int64_t>(exclude));
    s.bind(3, limit_value(limits.conversations));
    auto ec = collect(s, out.conversations, [](const statement& r) {
      past_conversation_row p;
      p.id = static_cast<conversation_id>(r.column_int(0));
      p.stage = static_cast<stage_code>(r.column_int(1));
      p.state = static_cast<conversation_state>(r.column_int(2));
      p.agent_id = r.column_text(3);
      p.created_at = r.column_int(4);
      p.updated_at = r.column_int(5);
      p.rating_stars = static_cast<int>(r.column_int(6));
      p.rating_comment = r.column_text(7);
      return p;
    });
    if (ec) {
      return ec;
    }
  }
  statement s(c.db,
              "SELECT conversation_id, customer_id, text, contact, at FROM left_messages "
              "WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2");
  s.bind_text(1, customer_id);
  s.bind(2, limit_value(limits.left_messages));
  return collect(s, out.left_messages, [](const statement& r) {
    left_message_row m;
    m.conversation = static_cast<conversation_id>(r.column_int(0));
    m.customer_id = r.column_text(1);
    m.text = r.column_text(2);
    m.contact = r.column_text(3);
    m.at = r.column_int(4);
    return m;
  });
}

std::error_code read_quick_phrases(read_context& c, const std::string& shop_id,
                                   std::vector<quick_phrase_row>& out) {
  statement s(c.db,
              "SELECT id, shop_id, owner_id, group_name, shortcut, text, position, updated_at "
              "FROM quick_phrases WHERE shop_id = ?1 "
              "ORDER BY owner_id <> '', owner_id, CASE WHEN owner_id = '' THEN position ELSE 0 "
              "END, group_name, shortcut, id");
  s.bind_text(1, shop_id);
  return collect(s, out, [](const statement& r) {
    quick_phrase_row p;
    p.id = r.column_text(0);
    p.shop_id = r.column_text(1);
    p.owner_id = r.column_text(2);
    p.group = r.column_text(3);
    p.shortcut = r.column_text(4);
    p.text = r.column_text(5);
    p.position = static_cast<int>(r.column_int(6));
    p.updated_at = r.column_int(7);
    return p;
  });
}

// ---- the backend's operations ----

void sqlite_backend::customer_file_of(std::string customer_id, conversation_id exclude,
                                      customer_file_limits limits,
                                      callback<customer_file> done) {
  read<customer_file>(
      [id = std::move(customer_id), exclude, limits](read_context& c, customer_file& out) {
        return read_customer_file(c, id, exclude, limits, out);
      },
      std::move(done));
}

std::error_code sqlite_backend::set_customer_tags(std::string customer_id, std::string shop_id,
                                                  std::vector<std::string> tags,
                                                  callback<bool> done) {
  return write<bool>(
      [id = std::move(customer_id), shop = std::move(shop_id), list = std::move(tags)](
          write_context& c, bool& ok) {
        auto ec = detail::set_customer_tags(c, id, shop, list);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::record_served(std::string customer_id, std::string shop_id,
                                              std::string agent_id, time_ms at) {
  return write<bool>(
      [id = std::move(customer_id), shop = std::move(shop_id), agent = std::move(agent_id), at](
          write_context& c, bool& ok) {
        auto ec = detail::record_served(c, id, shop, agent, at);
        ok = !ec;
        return ec;
      },
      {});
}

std::error_code sqlite_backend::add_customer_note(customer_note_row row,
                                                  callback<std::uint64_t> done) {
  return write<std::uint64_t>(
      [r = std::move(row)](write_context& c, std::uint64_t& id) {
        return detail::add_customer_note(c, r, id);
      },
      std::move(done));
}

std::error_code sqlite_backend::save_quick_phrase(quick_phrase_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::save_quick_phrase, std::move(done));
}

std::error_code sqlite_backend::delete_quick_phrase(std::string id, std::string owner_id,
                                                    callback<bool> done) {
  return write<bool>(
      [id = std::move(id), owner = std::move(owner_id)](write_context& c, bool& ok) {
        auto ec = detail::delete_quick_phrase(c, id, owner);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::sync_shop_phrases(std::string shop_id,
                                                  std::vector<quick_phrase_row> rows,
                                                  callback<bool> done) {
  return write<bool>(
      [shop = std::move(shop_id), list = std::move(rows)](write_context& c, bool& ok) {
        auto ec = detail::sync_shop_phrases(c, shop, list);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

void sqlite_backend::quick_phrases_of(std::string shop_id,
                                      callback<std::vector<quick_phrase_row>> done) {
  read<std::vector<quick_phrase_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<quick_phrase_row>& out) {
        return read_quick_phrases(c, id, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
