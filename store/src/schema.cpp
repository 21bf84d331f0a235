#include "schema.hpp"

#include <fmt/format.h>

#include <array>

namespace fenliu::store::detail {
namespace {

// Never edit a shipped step: databases in the field were built by it. Add a new step instead.

// v1: the first release. Customer tags were a comma-separated column, messages had no
// whisper/recall flags, orders had no items, and there were no agents, history or QA reviews.
constexpr const char* migration_v1 = R"sql(
CREATE TABLE shops (
  id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', time_zone TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY, shop_id TEXT NOT NULL, customer_id TEXT NOT NULL,
  stage INTEGER NOT NULL, state INTEGER NOT NULL, agent_id TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0, entry_page TEXT NOT NULL DEFAULT '',
  entry_product_id TEXT NOT NULL DEFAULT '', entry_order_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0);
CREATE INDEX conversations_customer ON conversations(customer_id, state);
CREATE INDEX conversations_agent ON conversations(agent_id, state);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, seq INTEGER NOT NULL,
  role INTEGER NOT NULL, sender_id TEXT NOT NULL, client_msg_id TEXT NOT NULL,
  kind INTEGER NOT NULL, payload BLOB NOT NULL, recalls_seq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL);
CREATE UNIQUE INDEX messages_seq ON messages(conversation_id, seq);
CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, sender_id, client_msg_id)
  WHERE client_msg_id <> '';
CREATE TABLE customers (
  id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, display_name TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '', vip INTEGER NOT NULL DEFAULT 0,
  last_agent_id TEXT NOT NULL DEFAULT '', last_served_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE orders (
  id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, customer_id TEXT NOT NULL, status TEXT NOT NULL,
  total_cents INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX orders_customer ON orders(customer_id, updated_at);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, at INTEGER NOT NULL,
  rule TEXT NOT NULL, winner TEXT NOT NULL, candidates_json TEXT NOT NULL);
CREATE INDEX decisions_conversation ON decisions(conversation_id, id);
CREATE TABLE ratings (
  conversation_id INTEGER PRIMARY KEY, stars INTEGER NOT NULL, comment TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE TABLE left_messages (
  id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, customer_id TEXT NOT NULL,
  text TEXT NOT NULL, contact TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX left_messages_conversation ON left_messages(conversation_id);
)sql";

// v2: whispers and recalls on messages, tags and order items as rows, QA reviews. The tags
// column is split on commas into customer_tags, then dropped.
constexpr const char* migration_v2 = R"sql(
ALTER TABLE messages ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE customer_tags (
  customer_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (customer_id, tag)) WITHOUT ROWID;
WITH RECURSIVE split(customer_id, tag, rest) AS (
  SELECT id, '', tags || ',' FROM customers WHERE tags <> ''
  UNION ALL
  SELECT customer_id, trim(substr(rest, 1, instr(rest, ',') - 1)),
         substr(rest, instr(rest, ',') + 1)
  FROM split WHERE rest <> '')
INSERT OR IGNORE INTO customer_tags(customer_id, tag)
  SELECT customer_id, tag FROM split WHERE tag <> '';
ALTER TABLE customers DROP COLUMN tags;
CREATE TABLE order_items (
  order_id TEXT NOT NULL, position INTEGER NOT NULL, product_id TEXT NOT NULL,
  title TEXT NOT NULL, quantity INTEGER NOT NULL, price_cents INTEGER NOT NULL,
  PRIMARY KEY (order_id, position)) WITHOUT ROWID;
CREATE TABLE qa_reviews (
  id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, reviewer_id TEXT NOT NULL,
  scores_json TEXT NOT NULL, total INTEGER NOT NULL, comment TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX qa_reviews_conversation ON qa_reviews(conversation_id, id);
)sql";

// v3: agents from config (stages, skills, shifts, holidays), conversation history, and the
// indexes that start-up recovery and QA sampling need.
constexpr const char* migration_v3 = R"sql(
CREATE TABLE agents (
  id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, display_name TEXT NOT NULL,
  capacity INTEGER NOT NULL, supervisor INTEGER NOT NULL, always_on INTEGER NOT NULL);
CREATE INDEX agents_shop ON agents(shop_id);
CREATE TABLE agent_stages (
  agent_id TEXT NOT NULL, stage INTEGER NOT NULL, PRIMARY KEY (agent_id, stage)) WITHOUT ROWID;
CREATE TABLE agent_skills (
  agent_id TEXT NOT NULL, skill TEXT NOT NULL, level INTEGER NOT NULL,
  PRIMARY KEY (agent_id, skill)) WITHOUT ROWID;
CREATE TABLE agent_shifts (
  agent_id TEXT NOT NULL, position INTEGER NOT NULL, weekday INTEGER NOT NULL,
  date TEXT NOT NULL, start_minute INTEGER NOT NULL, end_minute INTEGER NOT NULL,
  PRIMARY KEY (agent_id, position)) WITHOUT ROWID;
CREATE TABLE agent_holidays (
  agent_id TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (agent_id, date)) WITHOUT ROWID;
CREATE TABLE conversation_history (
  id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, at INTEGER NOT NULL,
  state INTEGER NOT NULL, stage INTEGER NOT NULL, agent_id TEXT NOT NULL);
CREATE INDEX conversation_history_conversation ON conversation_history(conversation_id, id);
CREATE INDEX conversations_open ON conversations(state, queued_at);
CREATE INDEX conversations_closed ON conversations(state, stage, updated_at);
)sql";

// v4: stages in the store's own numbering (codes.hpp: stage_code 10, 20, 30) instead of the
// fenliu.v1.Stage numbers (1, 2, 3) that v1 to v3 wrote. Any other value was read as pre-sales
// and becomes it; agents are synced from config at every start, so a stage an agent row cannot
// name is dropped. Rewrites every conversation once (no message is touched).
constexpr const char* migration_v4 = R"sql(
UPDATE conversations SET stage = CASE stage WHEN 2 THEN 20 WHEN 3 THEN 30 ELSE 10 END;
UPDATE conversation_history SET stage = CASE stage WHEN 2 THEN 20 WHEN 3 THEN 30 ELSE 10 END;
DELETE FROM agent_stages WHERE stage NOT IN (1, 2, 3);
UPDATE agent_stages SET stage = stage * 10;
)sql";

// v5: the FAQ bot's entries, so a restart keeps them when the config has none. The body is the
// gateway's JSON (examples, keywords, answers, quick replies): the store does not read it.
constexpr const char* migration_v5 = R"sql(
CREATE TABLE faq_entries (
  shop_id TEXT NOT NULL, id TEXT NOT NULL, stage INTEGER NOT NULL, body TEXT NOT NULL,
  position INTEGER NOT NULL, PRIMARY KEY (shop_id, id)) WITHOUT ROWID;
)sql";

// v6: the customer record and quick phrases: a VIP level, internal notes, phrases (the shop's
// with owner_id '' and each agent's own), and the index the record's history reads by.
constexpr const char* migration_v6 = R"sql(
ALTER TABLE customers ADD COLUMN vip_level INTEGER NOT NULL DEFAULT 0;
UPDATE customers SET vip_level = 1 WHERE vip <> 0;
CREATE TABLE customer_notes (
  id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, shop_id TEXT NOT NULL,
  author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX customer_notes_customer ON customer_notes(customer_id, id);
CREATE TABLE quick_phrases (
  id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, owner_id TEXT NOT NULL, group_name TEXT NOT NULL,
  shortcut TEXT NOT NULL, text TEXT NOT NULL, position INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX quick_phrases_shop ON quick_phrases(shop_id, owner_id);
CREATE INDEX left_messages_customer ON left_messages(customer_id, id);
CREATE INDEX conversations_customer_created ON conversations(customer_id, created_at);
)sql";

// v7, images (issue #10): what is known of each upload (the bytes are files named by the id) and
// which conversations carry each image, for reading rights and retention.
constexpr const char* migration_v7 = R"sql(
CREATE TABLE images (
  id TEXT NOT NULL, uploader_id TEXT NOT NULL, mime_type TEXT NOT NULL, width INTEGER NOT NULL,
  height INTEGER NOT NULL, bytes INTEGER NOT NULL, shop_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, PRIMARY KEY (id, uploader_id)) WITHOUT ROWID;
CREATE TABLE image_uses (
  image_id TEXT NOT NULL, conversation_id INTEGER NOT NULL, used_at INTEGER NOT NULL,
  PRIMARY KEY (image_id, conversation_id)) WITHOUT ROWID;
CREATE INDEX image_uses_used_at ON image_uses(used_at);
)sql";

// v8, shop data (issue #10): the shop's products, and the delivery facts of orders (courier,
// tracking number, delivery time) that the order API imports and order cards show.
constexpr const char* migration_v8 = R"sql(
CREATE TABLE products (
  id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, title TEXT NOT NULL,
  price_cents INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'CNY',
  picture_url TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL);
CREATE INDEX products_shop ON products(shop_id, id);
ALTER TABLE orders ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_no TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivered_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_shop ON orders(shop_id, id);
)sql";

// v9, receipts (issue #10): read receipts per reader (MarkRead) and the conversation's latest transfer note.
constexpr const char* migration_v9 = R"sql(
CREATE TABLE read_marks (
  conversation_id INTEGER NOT NULL, reader_id TEXT NOT NULL, role INTEGER NOT NULL,
  last_read_seq INTEGER NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, reader_id)) WITHOUT ROWID;
CREATE TABLE conversation_notes (
  conversation_id INTEGER PRIMARY KEY, transfer_note TEXT NOT NULL, at INTEGER NOT NULL);
)sql";

// v10, floor (issue #11): stored supervisor alerts until acknowledged; the scored agent on QA
// reviews (older reviews: the conversation's agent).
constexpr const char* migration_v10 = R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,
  conversation_id INTEGER NOT NULL, stage INTEGER NOT NULL, agent_id TEXT NOT NULL,
  text TEXT NOT NULL, triggers_json TEXT NOT NULL, risk_permille INTEGER NOT NULL,
  acknowledged_by TEXT NOT NULL DEFAULT '', acknowledged_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX alerts_open ON alerts(acknowledged_at, id);
ALTER TABLE qa_reviews ADD COLUMN agent_id TEXT NOT NULL DEFAULT '';
UPDATE qa_reviews SET agent_id = coalesce(
  (SELECT agent_id FROM conversations c WHERE c.id = qa_reviews.conversation_id), '');
CREATE INDEX qa_reviews_agent ON qa_reviews(agent_id, id);
)sql";

// v11, admin API (issue #11, part "admin"): the admin-able config sections of a shop as JSON
// (once stored, the source of truth over the config file) and the audit log of admin changes.
constexpr const char* migration_v11 = R"sql(
CREATE TABLE admin_sections (
  shop_id TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (shop_id, name)) WITHOUT ROWID;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, shop_id TEXT NOT NULL, at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail_json TEXT NOT NULL);
CREATE INDEX audit_log_shop ON audit_log(shop_id, id);
)sql";

// v12, KPIs (issue #11, part "kpis"): a shop's conversations by creation time, which every
// KPI read starts from.
constexpr const char* migration_v12 = R"sql(
CREATE INDEX conversations_shop_created ON conversations(shop_id, created_at);
)sql";

constexpr std::array<const char*, current_schema_version> migrations = {
    migration_v1, migration_v2, migration_v3, migration_v4, migration_v5, migration_v6, migration_v7,
    migration_v8, migration_v9, migration_v10, migration_v11, migration_v12};

}  // namespace

void migrate(connection& db) {
  const auto version = db.query_int("PRAGMA user_version");
  if (version > current_schema_version) {
    throw std::runtime_error(
        fmt::format("store: database schema v{} is newer than this build (v{})", version,
                    current_schema_version));
  }
  for (auto v = version; v < current_schema_version; ++v) {
    // BEGIN IMMEDIATE: a second process opening the same file waits instead of migrating twice.
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migrations[static_cast<std::size_t>(v)]);
      db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
      db.exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

}  // namespace fenliu::store::detail
