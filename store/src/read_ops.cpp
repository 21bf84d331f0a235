#include "read_ops.hpp"

#include "fenliu/store/error.hpp"
#include "read_util.hpp"
#include "shop_data_ops.hpp"

namespace fenliu::store::detail {
namespace {

// The SQL below writes these codes as literals.
static_assert(static_cast<int>(conversation_state::closed) == 6);
static_assert(static_cast<int>(conversation_state::left_message) == 7);

#define FENLIU_CONVERSATION_COLUMNS                                          \
  "id, shop_id, customer_id, stage, state, agent_id, priority, entry_page, " \
  "entry_product_id, entry_order_id, created_at, queued_at, updated_at, last_seq "
#define FENLIU_MESSAGE_COLUMNS                                                        \
  "conversation_id, seq, role, sender_id, client_msg_id, kind, payload, staff_only, " \
  "recalls_seq, recalled, created_at "

conversation_record conversation_from(const statement& s) {
  conversation_record r;
  r.id = static_cast<conversation_id>(s.column_int(0));
  r.shop_id = s.column_text(1);
  r.customer_id = s.column_text(2);
  r.stage = static_cast<stage_code>(s.column_int(3));
  r.state = static_cast<conversation_state>(s.column_int(4));
  r.agent_id = s.column_text(5);
  r.priority = static_cast<int>(s.column_int(6));
  r.entry_page = s.column_text(7);
  r.entry_product_id = s.column_text(8);
  r.entry_order_id = s.column_text(9);
  r.created_at = s.column_int(10);
  r.queued_at = s.column_int(11);
  r.updated_at = s.column_int(12);
  r.last_seq = static_cast<seq_t>(s.column_int(13));
  return r;
}

stored_message message_from(const statement& s) {
  stored_message m;
  m.conversation = static_cast<conversation_id>(s.column_int(0));
  m.seq = static_cast<seq_t>(s.column_int(1));
  m.role = static_cast<sender_role>(s.column_int(2));
  m.sender_id = s.column_text(3);
  m.client_msg_id = s.column_text(4);
  m.kind = static_cast<message_kind>(s.column_int(5));
  m.payload = s.column_blob(6);
  m.staff_only = s.column_int(7) != 0;
  m.recalls_seq = static_cast<seq_t>(s.column_int(8));
  m.recalled = s.column_int(9) != 0;
  m.created_at = s.column_int(10);
  return m;
}

// Whether the message after `after` is still there and inside the retention window.
std::error_code check_retention(read_context& c, conversation_id id, seq_t after) {
  statement_scope s(c.st.message_at);
  s->bind(1, static_cast<std::int64_t>(id));
  s->bind(2, static_cast<std::int64_t>(after + 1));
  const int rc = s->step();
  if (rc == SQLITE_DONE) {
    return make_error_code(errc::beyond_retention);  // purged
  }
  if (rc != SQLITE_ROW) {
    return read_failed();
  }
  if (c.retention_ms > 0 && s->column_int(0) < c.clock() - c.retention_ms) {
    return make_error_code(errc::beyond_retention);
  }
  return {};
}

}  // namespace

// The SQL of every statement the reader prepares (once, at open). Values are always bound.
namespace sql {

constexpr const char* begin = "BEGIN";
constexpr const char* commit = "COMMIT";
constexpr const char* conversation =
    "SELECT " FENLIU_CONVERSATION_COLUMNS "FROM conversations WHERE id = ?1";
constexpr const char* messages_after = "SELECT " FENLIU_MESSAGE_COLUMNS
                                       "FROM messages WHERE conversation_id = ?1 AND seq > ?2 "
                                       "ORDER BY seq LIMIT ?3";
constexpr const char* messages_before = "SELECT " FENLIU_MESSAGE_COLUMNS
                                        "FROM messages WHERE conversation_id = ?1 AND seq < ?2 "
                                        "ORDER BY seq DESC LIMIT ?3";
constexpr const char* of_kind = "SELECT " FENLIU_MESSAGE_COLUMNS
                                "FROM messages WHERE kind = ?1 AND created_at >= ?2 AND "
                                "created_at < ?3 ORDER BY created_at, conversation_id, seq LIMIT ?4";
constexpr const char* message_at =
    "SELECT created_at FROM messages WHERE conversation_id = ?1 AND seq = ?2";
constexpr const char* open_of =
    "SELECT " FENLIU_CONVERSATION_COLUMNS
    "FROM conversations WHERE (customer_id = ?1 OR agent_id = ?1) AND state <> 6 "
    "ORDER BY queued_at, id";
constexpr const char* open_all = "SELECT " FENLIU_CONVERSATION_COLUMNS
                                 "FROM conversations WHERE state <> 6 ORDER BY queued_at, id";
constexpr const char* qa_sample = "SELECT " FENLIU_CONVERSATION_COLUMNS
                                  "FROM conversations WHERE state = 6 AND (?1 = 0 OR stage = ?1) "
                                  "ORDER BY updated_at DESC, id DESC LIMIT ?2";
constexpr const char* assignments =
    "SELECT conversation_id, at, state, stage, agent_id FROM conversation_history "
    "WHERE conversation_id = ?1 ORDER BY id";
constexpr const char* customer =
    "SELECT id, shop_id, display_name, vip, last_agent_id, last_served_at, vip_level "
    "FROM customers WHERE id = ?1";
constexpr const char* customer_tags =
    "SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY tag";
constexpr const char* orders =
    "SELECT id, shop_id, customer_id, status, total_cents, created_at, updated_at, carrier, "
    "tracking_no, delivered_at FROM orders WHERE customer_id = ?1 ORDER BY updated_at DESC, id";
constexpr const char* order_items =
    "SELECT product_id, title, quantity, price_cents FROM order_items "
    "WHERE order_id = ?1 ORDER BY position";
constexpr const char* decisions =
    "SELECT conversation_id, at, rule, winner, candidates_json FROM decisions "
    "WHERE conversation_id = ?1 ORDER BY id";
constexpr const char* rating =
    "SELECT conversation_id, stars, comment, at FROM ratings WHERE conversation_id = ?1";
constexpr const char* qa_reviews =
    "SELECT conversation_id, reviewer_id, scores_json, total, comment, at, agent_id "
    "FROM qa_reviews WHERE conversation_id = ?1 ORDER BY id";
constexpr const char* pending_left =
    "SELECT l.conversation_id, l.customer_id, l.text, l.contact, l.at "
    "FROM left_messages l JOIN conversations c ON c.id = l.conversation_id "
    "WHERE c.shop_id = ?1 AND c.state = 7 ORDER BY l.at, l.id LIMIT ?2";
constexpr const char* agents =
    "SELECT id, shop_id, display_name, capacity, supervisor, always_on FROM agents "
    "WHERE shop_id = ?1 ORDER BY id";
constexpr const char* agent_stages =
    "SELECT stage FROM agent_stages WHERE agent_id = ?1 ORDER BY stage";
constexpr const char* agent_skills =
    "SELECT skill, level FROM agent_skills WHERE agent_id = ?1 ORDER BY skill";
constexpr const char* agent_shifts =
    "SELECT weekday, date, start_minute, end_minute FROM agent_shifts "
    "WHERE agent_id = ?1 ORDER BY position";
constexpr const char* agent_holidays =
    "SELECT date FROM agent_holidays WHERE agent_id = ?1 ORDER BY date";
constexpr const char* faq =
    "SELECT shop_id, id, stage, body, position FROM faq_entries WHERE shop_id = ?1 "
    "ORDER BY position, id";

}  // namespace sql

reader_statements::reader_statements(connection& db)
    : begin(db, sql::begin),
      commit(db, sql::commit),
      conversation(db, sql::conversation),
      messages_after(db, sql::messages_after),
      messages_before(db, sql::messages_before),
      message_at(db, sql::message_at),
      of_kind(db, sql::of_kind),
      open_of(db, sql::open_of),
      open_all(db, sql::open_all),
      qa_sample(db, sql::qa_sample),
      assignments(db, sql::assignments),
      customer(db, sql::customer),
      customer_tags(db, sql::customer_tags),
      orders(db, sql::orders),
      order_items(db, sql::order_items),
      decisions(db, sql::decisions),
      rating(db, sql::rating),
      qa_reviews(db, sql::qa_reviews),
      pending_left(db, sql::pending_left),
      agents(db, sql::agents),
      agent_stages(db, sql::agent_stages),
      agent_skills(db, sql::agent_skills),
      agent_shifts(db, sql::agent_shifts),
      agent_holidays(db, sql::agent_holidays),
      faq(db, sql::faq),
      product(db, shop_sql::product),
      products_search(db, shop_sql::products_search),
      order(db, shop_sql::order),
      shop_orders(db, shop_sql::shop_orders) {}

std::error_code read_conversation(read_context& c, conversation_id id, conversation_record& out) {
  statement_scope s(c.st.conversation);
  s->bind(1, static_cast<std::int64_t>(id));
  const int rc = s->step();
  if (rc == SQLITE_DONE) {
    return make_error_code(errc::not_found);
  }
  if (rc != SQLITE_ROW) {
    return read_failed();
  }
  out = conversation_from(s.get());
  return {};
}

std::error_code read_messages_after(read_context& c, conversation_id id, seq_t after,
                                    std::size_t limit, std::vector<stored_message>& out) {
  conversation_record conv;
  if (auto ec = read_conversation(c, id, conv)) {
    return ec;
  }
  if (after >= conv.last_seq) {
    return {};  // nothing missing (after > last_seq: the client is ahead; nothing to send)
  }
  if (auto ec = check_retention(c, id, after)) {
    return ec;
  }
  statement_scope s(c.st.messages_after);
  s->bind(1, static_cast<std::int64_t>(id));
  s->bind(2, static_cast<std::int64_t>(after));
  s->bind(3, limit_value(limit));
  return collect(s.get(), out, message_from);
}

std::error_code read_messages_before(read_context& c, conversation_id id, seq_t before,
                                     std::size_t limit, std::vector<stored_message>& out) {
  statement_scope s(c.st.messages_before);
  s->bind(1, static_cast<std::int64_t>(id));
  s->bind(2, before == 0 || before > static_cast<seq_t>(INT64_MAX)
                 ? INT64_MAX
                 : static_cast<std::int64_t>(before));
  s->bind(3, limit_value(limit));
  return collect(s.get(), out, message_from);
}

std::error_code read_open_of(read_context& c, const std::string& participant,
                             std::vector<conversation_record>& out) {
  statement_scope s(c.st.open_of);
  s->bind_text(1, participant);
  return collect(s.get(), out, conversation_from);
}

std::error_code read_messages_of_kind(read_context& c, message_kind kind, time_ms from,
                                      time_ms to, std::size_t limit,
                                      std::vector<stored_message>& out) {
  statement_scope s(c.st.of_kind);
  s->bind(1, static_cast<std::int64_t>(kind));
  s->bind(2, from);
  s->bind(3, to);
  s->bind(4, limit_value(limit));
  return collect(s.get(), out, message_from);
}

std::error_code read_open_all(read_context& c, std::vector<conversation_record>& out) {
  statement_scope s(c.st.open_all);
  return collect(s.get(), out, conversation_from);
}

std::error_code read_qa_sample(read_context& c, std::optional<stage_code> stage, std::size_t limit,
                               std::vector<conversation_record>& out) {
  statement_scope s(c.st.qa_sample);
  s->bind(1, stage ? static_cast<std::int64_t>(*stage) : 0);
  s->bind(2, limit_value(limit));
  return collect(s.get(), out, conversation_from);
}

std::error_code read_assignments(read_context& c, conversation_id id,
                                 std::vector<assignment_row>& out) {
  statement_scope s(c.st.assignments);
  s->bind(1, static_cast<std::int64_t>(id));
  return collect(s.get(), out, [](const statement& q) {
    return assignment_row{static_cast<conversation_id>(q.column_int(0)), q.column_int(1),
                          static_cast<conversation_state>(q.column_int(2)),
                          static_cast<stage_code>(q.column_int(3)), q.column_text(4)};
  });
}

conversation_record conversation_columns_row(const statement& s) { return conversation_from(s); }

}  // namespace fenliu::store::detail
