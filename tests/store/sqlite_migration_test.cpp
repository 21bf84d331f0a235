// SQLite only: schema migrations. Databases built by hand as earlier releases wrote them (v1,
// v3) open with their data intact, gain the new columns and tables, and hold stages in the
// store's own numbering afterwards.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "sqlite_test_util.hpp"

namespace fenliu::store::test {
namespace {

// The first release's schema, copied here on purpose: if someone edits the shipped v1 step in
// store/src/schema.cpp, this test still builds the database the field has.
constexpr const char* v1_schema = R"sql(
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

constexpr const char* v1_data = R"sql(
INSERT INTO shops VALUES ('shop-1', 'Tea House', 'Asia/Shanghai', 100);
INSERT INTO conversations VALUES (5, 'shop-1', 'buyer-1', 2, 4, 'agent-1', 1, 'order', '',
  'o-1', 1000, 1000, 1500, 2);
INSERT INTO messages VALUES (1, 5, 1, 1, 'buyer-1', 'c-1', 1, X'0A0568656C6C6F', 0, 1100);
INSERT INTO messages VALUES (2, 5, 2, 2, 'agent-1', 'a-1', 1, X'0A026869', 0, 1200);
INSERT INTO customers VALUES ('buyer-1', 'shop-1', 'Li Lei', 'vip, 回头客,big spender,', 1,
  'agent-1', 1500);
INSERT INTO customers VALUES ('buyer-2', 'shop-1', 'Han Meimei', '', 0, '', 0);
INSERT INTO orders VALUES ('o-1', 'shop-1', 'buyer-1', 'shipped', 5900, 900, 950);
INSERT INTO decisions VALUES (1, 5, 1001, 'least_load', 'agent-1', '[]');
INSERT INTO ratings VALUES (5, 5, 'great', 1600);
PRAGMA user_version = 1;
)sql";

// What v2 and v3 added, as a v3 database holds it (the v2 step's tag split left out: the v3
// data below is written after it).
constexpr const char* v2_v3_schema = R"sql(
ALTER TABLE messages ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE customer_tags (
  customer_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (customer_id, tag)) WITHOUT ROWID;
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

// Stages as fenliu.v1.Stage numbers (1 pre-sales, 2 in-sale, 3 after-sales), one 0 that the
// old reader took for pre-sales, and messages of every flag.
constexpr const char* v3_data = R"sql(
INSERT INTO conversations VALUES (1, 'shop-1', 'buyer-1', 1, 2, '', 0, 'product', 'p-1', '',
  1000, 1000, 1000, 0);
INSERT INTO conversations VALUES (2, 'shop-1', 'buyer-2', 2, 4, 'agent-1', 0, 'order', '', 'o-2',
  1100, 1100, 1300, 3);
INSERT INTO conversations VALUES (3, 'shop-1', 'buyer-3', 3, 6, 'agent-2', 0, '', '', '',
  1200, 1200, 1800, 0);
INSERT INTO conversations VALUES (4, 'shop-1', 'buyer-4', 0, 2, '', 0, '', '', '',
  1250, 1250, 1250, 0);
INSERT INTO conversation_history VALUES (1, 2, 1200, 4, 2, 'agent-1');
INSERT INTO conversation_history VALUES (2, 3, 1700, 4, 3, 'agent-2');
INSERT INTO conversation_history VALUES (3, 3, 1800, 6, 3, 'agent-2');
INSERT INTO messages VALUES (1, 2, 1, 1, 'buyer-2', 'c-1', 1, X'0A0568656C6C6F', 0, 1150, 0, 1);
INSERT INTO messages VALUES (2, 2, 2, 2, 'agent-1', 'a-1', 1, X'0A026869', 0, 1200, 1, 0);
INSERT INTO messages VALUES (3, 2, 3, 2, 'agent-1', 'a-2', 7, X'3A020801', 1, 1250, 0, 0);
INSERT INTO agents VALUES ('agent-1', 'shop-1', 'Wang', 5, 0, 1);
INSERT INTO agents VALUES ('agent-2', 'shop-1', 'Zhao', 5, 0, 1);
INSERT INTO agent_stages VALUES ('agent-1', 1), ('agent-1', 2), ('agent-2', 3), ('agent-2', 0);
PRAGMA user_version = 3;
)sql";

constexpr int current_version = 12;  // v10 alerts and reviewed agents (floor), v11 admin sections and audit log, v12 the KPI index

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  const std::string msg = err != nullptr ? err : "";
  sqlite3_free(err);
  ASSERT_EQ(rc, SQLITE_OK) << msg;
}

std::int64_t query_int(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

void build_v1(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  exec(db, v1_schema);
  exec(db, v1_data);
  sqlite3_close(db);
}

void build_v3(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  exec(db, v1_schema);
  exec(db, v2_v3_schema);
  exec(db, v3_data);
  sqlite3_close(db);
}

TEST(sqlite_migration, v1_database_keeps_its_data_and_gains_the_new_schema) {
  temp_dir dir;
  build_v1(dir.file());
  ASSERT_EQ(query_int(dir.file(), "PRAGMA user_version"), 1);
  {
    auto s = open_sqlite_store(sqlite_options_for(dir));

    auto msgs = read_after_sync(*s, 5, 0);
    ASSERT_FALSE(msgs.ec) << msgs.ec.message();
    ASSERT_EQ(msgs.value.size(), 2u);
    EXPECT_EQ(msgs.value[0].payload, std::string("\x0a\x05hello"));
    EXPECT_FALSE(msgs.value[0].recalled);    // new column, default
    EXPECT_FALSE(msgs.value[1].staff_only);  // new column, default
    EXPECT_EQ(msgs.value[1].sender_id, "agent-1");

    // The v1 stage number 2 (in-sale) is the store's in_sale now.
    auto conv = read_sync<conversation_record>([&](auto cb) { s->get_conversation(5, cb); });
    ASSERT_FALSE(conv.ec);
    EXPECT_EQ(conv.value.stage, stage_code::in_sale);

    // seq continues from the old last_seq; old client ids still dedupe.
    EXPECT_EQ(append_sync(*s, text(5, "buyer-1", "c-2", "next")).value.seq, 3u);
    auto dup = append_sync(*s, text(5, "buyer-1", "c-1", "again"));
    EXPECT_TRUE(dup.value.duplicate);
    EXPECT_EQ(dup.value.seq, 1u);

    // Tags moved from the comma-separated column to rows.
    waiter<customer_row> c1;
    s->get_customer("buyer-1", c1.cb());
    auto customer = c1.get();
    ASSERT_FALSE(customer.ec);
    EXPECT_EQ(customer.value.tags, (std::vector<std::string>{"big spender", "vip", "回头客"}));
    EXPECT_TRUE(customer.value.vip);
    EXPECT_EQ(customer.value.last_agent_id, "agent-1");
    waiter<customer_row> c2;
    s->get_customer("buyer-2", c2.cb());
    EXPECT_TRUE(c2.get().value.tags.empty());

    waiter<std::vector<order_row>> orders;
    s->orders_of("buyer-1", orders.cb());
    auto o = orders.get();
    // shop data: the old order reads without delivery facts, and its shop's catalogue is empty.
    waiter<order_row> one;
    s->get_order("o-1", one.cb());
    auto by_id = one.get();
    ASSERT_FALSE(by_id.ec);
    EXPECT_EQ(by_id.value.carrier, "");
    EXPECT_EQ(by_id.value.delivered_at, 0);
    EXPECT_TRUE(s->load_shop_data("shop-1").products.empty());
    ASSERT_EQ(o.value.size(), 1u);
    EXPECT_EQ(o.value[0].status, "shipped");
    EXPECT_TRUE(o.value[0].items.empty());

    waiter<std::vector<decision_row>> decisions;
    s->decisions_of(5, decisions.cb());
    EXPECT_EQ(decisions.get().value.size(), 1u);
    waiter<rating_row> rating;
    s->rating_of(5, rating.cb());
    EXPECT_EQ(rating.get().value.comment, "great");

    // New tables work: history, agents, QA reviews, order items.
    auto rec = conversation("buyer-1");
    rec.id = 5;
    rec.state = conversation_state::wrap_up;
    rec.agent_id = "agent-1";
    rec.stage = stage_code::in_sale;
    rec.updated_at = 2000;
    waiter<bool> updated;
    ASSERT_FALSE(s->update_conversation(rec, updated.cb()));
    EXPECT_FALSE(updated.get().ec);
    waiter<std::vector<assignment_row>> history;
    s->assignments_of(5, history.cb());
    EXPECT_EQ(history.get().value.size(), 1u);
    waiter<bool> synced;
    ASSERT_FALSE(s->sync_agents(
        "shop-1",
        {agent_row{"agent-1", "shop-1", "Wang", {stage_code::in_sale}, {}, {}, {}, 5, false, true}},
        synced.cb()));
    EXPECT_FALSE(synced.get().ec);
    waiter<bool> reviewed;
    ASSERT_FALSE(s->save_qa_review(qa_review_row{5, "qa-1", "{}", 90, "ok", 3000}, reviewed.cb()));
    EXPECT_FALSE(reviewed.get().ec);
  }
  EXPECT_EQ(query_int(dir.file(), "PRAGMA user_version"), current_version);
  EXPECT_EQ(query_int(dir.file(),
                      "SELECT count(*) FROM pragma_table_info('customers') "
                      "WHERE name = 'tags'"),
            0);
  EXPECT_EQ(query_int(dir.file(),
                      "SELECT count(*) FROM pragma_table_info('messages') "
                      "WHERE name IN ('recalled', 'staff_only')"),
            2);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM customer_tags"), 3);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM agents"), 1);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM messages"), 3);
}

TEST(sqlite_migration, v3_stages_become_the_store_numbering_and_messages_stay_intact) {
  temp_dir dir;
  build_v3(dir.file());
  {
    auto s = open_sqlite_store(sqlite_options_for(dir));

    auto open_ones = s->load_open_conversations();
    ASSERT_EQ(open_ones.size(), 3u);
    EXPECT_EQ(open_ones[0].id, 1u);
    EXPECT_EQ(open_ones[0].stage, stage_code::pre_sales);
    EXPECT_EQ(open_ones[0].entry_product_id, "p-1");
    EXPECT_EQ(open_ones[1].id, 2u);
    EXPECT_EQ(open_ones[1].stage, stage_code::in_sale);
    EXPECT_EQ(open_ones[1].state, conversation_state::active);
    EXPECT_EQ(open_ones[1].last_seq, 3u);
    EXPECT_EQ(open_ones[2].id, 4u);
    EXPECT_EQ(open_ones[2].stage, stage_code::pre_sales);  // 0 was read as pre-sales

    auto sample = read_sync<std::vector<conversation_record>>(
        [&](auto cb) { s->qa_sample(stage_code::after_sales, 10, cb); });
    ASSERT_EQ(sample.value.size(), 1u);
    EXPECT_EQ(sample.value[0].id, 3u);
    auto history =
        read_sync<std::vector<assignment_row>>([&](auto cb) { s->assignments_of(3, cb); });
    ASSERT_EQ(history.value.size(), 2u);
    EXPECT_EQ(history.value[0].stage, stage_code::after_sales);
    EXPECT_EQ(history.value[1].state, conversation_state::closed);
    auto agents = read_sync<std::vector<agent_row>>([&](auto cb) { s->agents_of("shop-1", cb); });
    ASSERT_EQ(agents.value.size(), 2u);
    EXPECT_EQ(agents.value[0].stages,
              (std::vector<stage_code>{stage_code::pre_sales, stage_code::in_sale}));
    EXPECT_EQ(agents.value[1].stages, std::vector<stage_code>{stage_code::after_sales});

    auto msgs = read_after_sync(*s, 2, 0);
    ASSERT_FALSE(msgs.ec) << msgs.ec.message();
    ASSERT_EQ(msgs.value.size(), 3u);
    EXPECT_EQ(msgs.value[0].payload, std::string("\x0a\x05hello"));
    EXPECT_EQ(msgs.value[0].role, sender_role::customer);
    EXPECT_EQ(msgs.value[0].kind, message_kind::text);
    EXPECT_TRUE(msgs.value[0].recalled);
    EXPECT_EQ(msgs.value[0].created_at, 1150);
    EXPECT_TRUE(msgs.value[1].staff_only);
    EXPECT_EQ(msgs.value[1].sender_id, "agent-1");
    EXPECT_EQ(msgs.value[2].kind, message_kind::recall);
    EXPECT_EQ(msgs.value[2].recalls_seq, 1u);
    EXPECT_EQ(msgs.value[2].payload, std::string("\x3a\x02\x08\x01"));

    // The log goes on where it was: next seq, old client ids dedupe.
    EXPECT_EQ(append_sync(*s, text(2, "buyer-2", "c-2", "next")).value.seq, 4u);
    auto dup = append_sync(*s, text(2, "buyer-2", "c-1", "again"));
    EXPECT_TRUE(dup.value.duplicate);
    EXPECT_EQ(dup.value.seq, 1u);
  }
  EXPECT_EQ(query_int(dir.file(), "PRAGMA user_version"), current_version);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM conversations WHERE stage < 10"), 0);
  EXPECT_EQ(query_int(dir.file(), "SELECT stage FROM conversations WHERE id = 3"), 30);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM conversation_history WHERE stage = 30"), 2);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM agent_stages"), 3);
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM messages"), 4);
}

TEST(sqlite_migration, reopening_a_current_database_changes_nothing) {
  temp_dir dir;
  {
    auto s = open_sqlite_store(sqlite_options_for(dir));
    const auto c = create_sync(*s, conversation("buyer-1"));
    append_sync(*s, text(c, "b", "1", "kept"));
  }
  EXPECT_EQ(query_int(dir.file(), "PRAGMA user_version"), current_version);
  auto s = open_sqlite_store(sqlite_options_for(dir));
  EXPECT_EQ(read_after_sync(*s, 1, 0).value.size(), 1u);
}

TEST(sqlite_migration, database_from_a_newer_build_is_refused) {
  temp_dir dir;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file().c_str(), &db), SQLITE_OK);
    exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
  }
  EXPECT_THROW(open_sqlite_store(sqlite_options_for(dir)), std::runtime_error);
}

TEST(sqlite_migration, the_file_is_in_wal_mode) {
  temp_dir dir;
  auto s = open_sqlite_store(sqlite_options_for(dir));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace fenliu::store::test
