#include "write_ops.hpp"

#include "shop_data_ops.hpp"

#include "fenliu/store/error.hpp"

namespace fenliu::store::detail {

// The SQL of every statement the writer prepares (once, at open). Values are always bound.
namespace sql {

constexpr const char* begin = "BEGIN IMMEDIATE";
constexpr const char* commit = "COMMIT";
constexpr const char* rollback = "ROLLBACK";
// `client_msg_id <> ''` lets SQLite use the partial unique index.
constexpr const char* find_duplicate =
    "SELECT seq, created_at FROM messages WHERE conversation_id = ?1 AND "
    "sender_id = ?2 AND client_msg_id = ?3 AND client_msg_id <> ''";
constexpr const char* last_seq = "SELECT last_seq FROM conversations WHERE id = ?1";
constexpr const char* save_last_seq = "UPDATE conversations SET last_seq = ?2 WHERE id = ?1";
constexpr const char* mark_recalled =
    "UPDATE messages SET recalled = 1 WHERE conversation_id = ?1 AND seq = ?2";
// A resend is found by the unique index itself: no SELECT before every insert, and
// sqlite3_changes() says whether the row went in.
constexpr const char* insert_new_message =
    "INSERT INTO messages(conversation_id, seq, role, sender_id, client_msg_id, "
    "kind, payload, staff_only, recalls_seq, recalled, created_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10) "
    "ON CONFLICT(conversation_id, sender_id, client_msg_id) WHERE client_msg_id <> '' "
    "DO NOTHING";
constexpr const char* purge_messages = "DELETE FROM messages WHERE created_at < ?1";
constexpr const char* insert_conversation =
    "INSERT INTO conversations(id, shop_id, customer_id, stage, state, agent_id, "
    "priority, entry_page, entry_product_id, entry_order_id, created_at, queued_at, "
    "updated_at, last_seq) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "0) RETURNING id";
constexpr const char* select_conversation_phase =
    "SELECT state, stage, agent_id FROM conversations WHERE id = ?1";
// priority / queued_at of 0 keep the stored value.
constexpr const char* update_conversation =
    "UPDATE conversations SET stage = ?2, state = ?3, agent_id = ?4, "
    "priority = coalesce(nullif(?5, 0), priority), "
    "queued_at = coalesce(nullif(?6, 0), queued_at), updated_at = ?7 "
    "WHERE id = ?1";
constexpr const char* insert_history =
    "INSERT INTO conversation_history(conversation_id, at, state, stage, "
    "agent_id) VALUES(?1, ?2, ?3, ?4, ?5)";
constexpr const char* insert_decision =
    "INSERT INTO decisions(conversation_id, at, rule, winner, candidates_json) "
    "VALUES(?1, ?2, ?3, ?4, ?5)";
constexpr const char* upsert_rating =
    "INSERT INTO ratings(conversation_id, stars, comment, at) "
    "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(conversation_id) DO UPDATE SET "
    "stars = excluded.stars, comment = excluded.comment, at = excluded.at";
constexpr const char* insert_qa_review =
    "INSERT INTO qa_reviews(conversation_id, reviewer_id, scores_json, total, "
    "comment, at, agent_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* insert_left_message =
    "INSERT INTO left_messages(conversation_id, customer_id, text, "
    "contact, at) VALUES(?1, ?2, ?3, ?4, ?5)";
constexpr const char* upsert_customer =
    "INSERT INTO customers(id, shop_id, display_name, vip, last_agent_id, "
    "last_served_at, vip_level) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE "
    "SET shop_id = excluded.shop_id, display_name = excluded.display_name, "
    "vip = excluded.vip, last_agent_id = excluded.last_agent_id, "
    "last_served_at = excluded.last_served_at, vip_level = excluded.vip_level";
constexpr const char* delete_tags = "DELETE FROM customer_tags WHERE customer_id = ?1";
constexpr const char* insert_tag =
    "INSERT OR IGNORE INTO customer_tags(customer_id, tag) VALUES(?1, ?2)";
constexpr const char* upsert_order =
    "INSERT INTO orders(id, shop_id, customer_id, status, total_cents, "
    "created_at, updated_at, carrier, tracking_no, delivered_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT(id) DO UPDATE SET shop_id = excluded.shop_id, "
    "customer_id = excluded.customer_id, status = excluded.status, "
    "total_cents = excluded.total_cents, created_at = excluded.created_at, "
    "updated_at = excluded.updated_at, carrier = excluded.carrier, "
    "tracking_no = excluded.tracking_no, delivered_at = excluded.delivered_at";
constexpr const char* delete_items = "DELETE FROM order_items WHERE order_id = ?1";
constexpr const char* insert_item =
    "INSERT INTO order_items(order_id, position, product_id, title, quantity, "
    "price_cents) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* upsert_shop =
    "INSERT INTO shops(id, name, time_zone, updated_at) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
    "time_zone = excluded.time_zone, updated_at = excluded.updated_at";
// Children of a shop (?1) or of one agent id (?2); the other parameter stays NULL.
constexpr const char* delete_agent_stages =
    "DELETE FROM agent_stages WHERE agent_id IN "
    "(SELECT id FROM agents WHERE shop_id = ?1) OR agent_id = ?2";
constexpr const char* delete_agent_skills =
    "DELETE FROM agent_skills WHERE agent_id IN "
    "(SELECT id FROM agents WHERE shop_id = ?1) OR agent_id = ?2";
constexpr const char* delete_agent_shifts =
    "DELETE FROM agent_shifts WHERE agent_id IN "
    "(SELECT id FROM agents WHERE shop_id = ?1) OR agent_id = ?2";
constexpr const char* delete_agent_holidays =
    "DELETE FROM agent_holidays WHERE agent_id IN "
    "(SELECT id FROM agents WHERE shop_id = ?1) OR agent_id = ?2";
constexpr const char* delete_agents = "DELETE FROM agents WHERE shop_id = ?1";
// An agent id moving to another shop replaces the old row (ids are global).
constexpr const char* insert_agent =
    "INSERT OR REPLACE INTO agents(id, shop_id, display_name, capacity, "
    "supervisor, always_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* insert_agent_stage =
    "INSERT OR IGNORE INTO agent_stages(agent_id, stage) VALUES(?1, ?2)";
constexpr const char* insert_agent_skill =
    "INSERT OR REPLACE INTO agent_skills(agent_id, skill, level) "
    "VALUES(?1, ?2, ?3)";
constexpr const char* insert_agent_shift =
    "INSERT INTO agent_shifts(agent_id, position, weekday, date, "
    "start_minute, end_minute) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* insert_agent_holiday =
    "INSERT OR IGNORE INTO agent_holidays(agent_id, date) "
    "VALUES(?1, ?2)";
constexpr const char* delete_faq = "DELETE FROM faq_entries WHERE shop_id = ?1";
constexpr const char* insert_faq =
    "INSERT OR REPLACE INTO faq_entries(shop_id, id, stage, body, position) "
    "VALUES(?1, ?2, ?3, ?4, ?5)";

}  // namespace sql

writer_statements::writer_statements(connection& db)
    : begin(db, sql::begin),
      commit(db, sql::commit),
      rollback(db, sql::rollback),
      find_duplicate(db, sql::find_duplicate),
      last_seq(db, sql::last_seq),
      save_last_seq(db, sql::save_last_seq),
      mark_recalled(db, sql::mark_recalled),
      insert_new_message(db, sql::insert_new_message),
      purge_messages(db, sql::purge_messages),
      insert_conversation(db, sql::insert_conversation),
      select_conversation_phase(db, sql::select_conversation_phase),
      update_conversation(db, sql::update_conversation),
      insert_history(db, sql::insert_history),
      insert_decision(db, sql::insert_decision),
      upsert_rating(db, sql::upsert_rating),
      insert_qa_review(db, sql::insert_qa_review),
      insert_left_message(db, sql::insert_left_message),
      upsert_customer(db, sql::upsert_customer),
      delete_tags(db, sql::delete_tags),
      insert_tag(db, sql::insert_tag),
      upsert_order(db, sql::upsert_order),
      delete_items(db, sql::delete_items),
      insert_item(db, sql::insert_item),
      upsert_shop(db, sql::upsert_shop),
      delete_agent_stages(db, sql::delete_agent_stages),
      delete_agent_skills(db, sql::delete_agent_skills),
      delete_agent_shifts(db, sql::delete_agent_shifts),
      delete_agent_holidays(db, sql::delete_agent_holidays),
      delete_agents(db, sql::delete_agents),
      insert_agent(db, sql::insert_agent),
      insert_agent_stage(db, sql::insert_agent_stage),
      insert_agent_skill(db, sql::insert_agent_skill),
      insert_agent_shift(db, sql::insert_agent_shift),
      insert_agent_holiday(db, sql::insert_agent_holiday),
      delete_faq(db, sql::delete_faq),
      insert_faq(db, sql::insert_faq),
      upsert_product(db, shop_sql::upsert_product) {}

namespace {

std::error_code failed() {
  return make_error_code(errc::write_failed);
}

// Looks `m` up by (conversation, sender, client id). The UNIQUE index is the source of truth;
// this lookup also sees earlier writes of the same (uncommitted) batch, so a resend inside one
// batch is caught too. Sets out.duplicate when found.
std::error_code find_duplicate(write_context& c, const new_message& m, append_result& out) {
  statement_scope dup(c.st.find_duplicate);
  dup->bind(1, static_cast<std::int64_t>(m.conversation));
  dup->bind_text(2, m.sender_id);
  dup->bind_text(3, m.client_msg_id);
  const int rc = dup->step();
  if (rc == SQLITE_ROW) {
    out = append_result{static_cast<seq_t>(dup->column_int(0)), true, dup->column_int(1)};
    return {};
  }
  return rc == SQLITE_DONE ? std::error_code{} : failed();
}

std::error_code mark_recalled(write_context& c, conversation_id conversation, seq_t seq) {
  statement_scope recall(c.st.mark_recalled);
  recall->bind(1, static_cast<std::int64_t>(conversation));
  recall->bind(2, static_cast<std::int64_t>(seq));
  if (recall->step() != SQLITE_DONE) {
    return failed();
  }
  return sqlite3_changes(c.db.get()) == 0 ? make_error_code(errc::not_found) : std::error_code{};
}

// The conversation's last seq: this batch's, else the committed one the writer keeps, else the
// row's (read once). Nothing is counted until the message is in: a duplicate or a failed insert
// takes no seq, and a rolled-back batch gives its seqs back (seq_cache::rollback).
std::error_code last_seq(write_context& c, conversation_id conversation, seq_t& seq) {
  if (c.seqs.find(conversation, seq)) {
    return {};
  }
  statement_scope q(c.st.last_seq);
  q->bind(1, static_cast<std::int64_t>(conversation));
  const int rc = q->step();
  if (rc == SQLITE_DONE) {
    return make_error_code(errc::not_found);
  }
  if (rc != SQLITE_ROW) {
    return failed();
  }
  seq = static_cast<seq_t>(q->column_int(0));
  return {};
}

void bind_message(statement& ins, const new_message& m, seq_t seq, time_ms created) {
  ins.bind(1, static_cast<std::int64_t>(m.conversation));
  ins.bind(2, static_cast<std::int64_t>(seq));
  ins.bind(3, static_cast<std::int64_t>(m.role));
  ins.bind_text(4, m.sender_id);
  ins.bind_text(5, m.client_msg_id);
  ins.bind(6, static_cast<std::int64_t>(m.kind));
  ins.bind_blob(7, m.payload);
  ins.bind(8, m.staff_only ? 1 : 0);
  ins.bind(9, static_cast<std::int64_t>(m.recalls_seq));
  ins.bind(10, created);
}

}  // namespace

bool seq_cache::find(conversation_id conversation, seq_t& seq) const {
  if (auto it = batch_.find(conversation); it != batch_.end()) {
    seq = it->second;
    return true;
  }
  if (auto it = committed_.find(conversation); it != committed_.end()) {
    seq = it->second;
    return true;
  }
  return false;
}

void seq_cache::advance(conversation_id conversation, seq_t seq) {
  batch_[conversation] = seq;
}

void seq_cache::commit() {
  // Bounded: past the bound the cache starts again from the rows (one SELECT each).
  if (committed_.size() + batch_.size() > max_conversations) {
    committed_.clear();
  }
  for (const auto& [conversation, seq] : batch_) {
    committed_[conversation] = seq;
  }
  batch_.clear();
}

void seq_cache::rollback() {
  batch_.clear();
}

std::error_code save_batch_seqs(write_context& c) {
  for (const auto& [conversation, seq] : c.seqs.batch()) {
    statement_scope u(c.st.save_last_seq);
    u->bind(1, static_cast<std::int64_t>(conversation));
    u->bind(2, static_cast<std::int64_t>(seq));
    if (u->step() != SQLITE_DONE) {
      return failed();
    }
  }
  return {};
}

std::error_code append_message(write_context& c, const new_message& m, append_result& out) {
  if (m.recalls_seq != 0) {
    // A recall changes another row first: look for a resend before touching anything.
    if (!m.client_msg_id.empty()) {
      if (auto ec = find_duplicate(c, m, out); ec || out.duplicate) {
        return ec;
      }
    }
    if (auto ec = mark_recalled(c, m.conversation, m.recalls_seq)) {
      return ec;
    }
  }
  seq_t seq = 0;
  if (auto ec = last_seq(c, m.conversation, seq)) {
    return ec;
  }
  ++seq;
  const time_ms created = m.created_at != 0 ? m.created_at : c.clock();
  {
    statement_scope ins(c.st.insert_new_message);
    bind_message(ins.get(), m, seq, created);
    if (ins->step() != SQLITE_DONE) {
      return failed();
    }
  }
  if (sqlite3_changes(c.db.get()) == 0) {
    // The unique index refused a resend: answer with the first copy's seq.
    if (auto ec = find_duplicate(c, m, out); ec || out.duplicate) {
      return ec ? ec : std::error_code{};
    }
    return failed();  // refused, yet not found: the index and this code disagree
  }
  c.seqs.advance(m.conversation, seq);
  out = append_result{seq, false, created};
  return {};
}

std::error_code purge_messages(write_context& c, time_ms cutoff, std::size_t& deleted) {
  statement_scope s(c.st.purge_messages);
  s->bind(1, cutoff);
  if (s->step() != SQLITE_DONE) {
    return failed();
  }
  deleted = static_cast<std::size_t>(sqlite3_changes64(c.db.get()));
  return {};
}

std::error_code create_conversation(write_context& c, const conversation_record& r,
                                    conversation_id& id) {
  statement_scope s(c.st.insert_conversation);
  if (r.id != 0) {
    s->bind(1, static_cast<std::int64_t>(r.id));
  }  // else NULL: SQLite picks the next rowid
  s->bind_text(2, r.shop_id);
  s->bind_text(3, r.customer_id);
  s->bind(4, static_cast<std::int64_t>(r.stage));
  s->bind(5, static_cast<std::int64_t>(r.state));
  s->bind_text(6, r.agent_id);
  s->bind(7, r.priority);
  s->bind_text(8, r.entry_page);
  s->bind_text(9, r.entry_product_id);
  s->bind_text(10, r.entry_order_id);
  const time_ms now = c.clock();
  s->bind(11, r.created_at != 0 ? r.created_at : now);
  s->bind(12, r.queued_at);
  s->bind(13, r.updated_at != 0 ? r.updated_at : (r.created_at != 0 ? r.created_at : now));
  const int rc = s->step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    // An explicit id that exists already: the caller's mistake, not a failed transaction, so
    // the rest of the batch goes on.
    return std::make_error_code(std::errc::file_exists);
  }
  if (rc != SQLITE_ROW) {
    return failed();
  }
  id = static_cast<conversation_id>(s->column_int(0));
  return {};
}

std::error_code update_conversation(write_context& c, const conversation_record& r) {
  conversation_state old_state{};
  stage_code old_stage{};
  std::string old_agent;
  {
    statement_scope q(c.st.select_conversation_phase);
    q->bind(1, static_cast<std::int64_t>(r.id));
    const int rc = q->step();
    if (rc == SQLITE_DONE) {
      return make_error_code(errc::not_found);
    }
    if (rc != SQLITE_ROW) {
      return failed();
    }
    old_state = static_cast<conversation_state>(q->column_int(0));
    old_stage = static_cast<stage_code>(q->column_int(1));
    old_agent = q->column_text(2);
  }
  statement_scope u(c.st.update_conversation);
  u->bind(1, static_cast<std::int64_t>(r.id));
  u->bind(2, static_cast<std::int64_t>(r.stage));
  u->bind(3, static_cast<std::int64_t>(r.state));
  u->bind_text(4, r.agent_id);
  u->bind(5, r.priority);
  u->bind(6, r.queued_at);
  const time_ms at = r.updated_at != 0 ? r.updated_at : c.clock();
  u->bind(7, at);
  if (u->step() != SQLITE_DONE) {
    return failed();
  }
  if (old_state == r.state && old_stage == r.stage && old_agent == r.agent_id) {
    return {};
  }
  statement_scope h(c.st.insert_history);
  h->bind(1, static_cast<std::int64_t>(r.id));
  h->bind(2, at);
  h->bind(3, static_cast<std::int64_t>(r.state));
  h->bind(4, static_cast<std::int64_t>(r.stage));
  h->bind_text(5, r.agent_id);
  return h->step() == SQLITE_DONE ? std::error_code{} : failed();
}

std::error_code set_max_page_count(write_context& c, std::int64_t pages) {
  const std::int64_t value = pages > 0 ? pages : c.default_max_page_count;
  // A pragma takes no parameters; the value is an integer, never caller text.
  const std::string sql = "PRAGMA max_page_count = " + std::to_string(value);
  return sqlite3_exec(c.db.get(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK
             ? std::error_code{}
             : failed();
}

}  // namespace fenliu::store::detail
