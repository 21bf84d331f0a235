// Every key reaches its field, and every kind of bad value is refused with its key path.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::error_of;
using testing::expect_error;

using router::stage;

constexpr const char* agent_head = "[[agents]]\nid = \"a\"\nstages = [\"pre_sales\"]\n";

TEST(ConfigKeys, ServerLimitsAuthStore) {
  const auto c = parse_config(R"(
[server]
listen = "0.0.0.0"
port = 0
io_threads = 4
web_root = "/srv/web"
[limits]
max_message_bytes = 1000
max_text_chars = 10
rate_per_s = 2.5
rate_burst = 5
rate_violations_to_close = 3
bad_frames_to_close = 4
bad_frames_window_s = 5
connections_per_identity = 6
max_connections = 7
handshake_timeout_ms = 800
idle_timeout_ms = 9000
ping_interval_ms = 1000
outbound_queue_max_frames = 11
outbound_queue_max_bytes = 12000
overloaded_retry_ms = 21
write_stall_timeout_ms = 22
http_body_max_bytes = 13000
max_image_bytes = 17000
shutdown_drain_ms = 14
history_page_max = 15
resume_batch_max = 16
recall_window_seconds = 17
[auth]
jwt_secret = "j"
visitor_secret = "v"
visitor_token_ttl_s = 120
issuer = "me"
dev_tokens_endpoint = false
allowed_origins = ["https://shop.example"]
allow_missing_origin = false
[store]
backend = "postgres"
postgres_dsn = "host=db.internal dbname=fenliu"
postgres_schema = "shop_a"
postgres_timeout_ms = 2500
wal_checkpoint_pages = 4000
data_dir = "/var/lib/fenliu"
synchronous_full = true
write_queue_max = 17
batch_max = 18
batch_delay_us = 19
retention_days = 20
)");
  EXPECT_EQ(c.listen_address, "0.0.0.0");
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.io_threads, 4);
  EXPECT_EQ(c.web_root, "/srv/web");
  const auto& l = c.limits;
  EXPECT_EQ(l.max_message_bytes, 1000U);
  EXPECT_EQ(l.max_text_chars, 10U);
  EXPECT_DOUBLE_EQ(l.rate_per_s, 2.5);
  EXPECT_DOUBLE_EQ(l.rate_burst, 5.0);
  EXPECT_EQ(l.rate_violations_to_close, 3);
  EXPECT_EQ(l.bad_frames_to_close, 4);
  EXPECT_EQ(l.bad_frames_window_s, 5);
  EXPECT_EQ(l.connections_per_identity, 6);
  EXPECT_EQ(l.max_connections, 7);
  EXPECT_EQ(l.handshake_timeout_ms, 800);
  EXPECT_EQ(l.idle_timeout_ms, 9000);
  EXPECT_EQ(l.ping_interval_ms, 1000);
  EXPECT_EQ(l.outbound_queue_max_frames, 11U);
  EXPECT_EQ(l.outbound_queue_max_bytes, 12000U);
  EXPECT_EQ(l.overloaded_retry_ms, 21U);
  EXPECT_EQ(l.write_stall_timeout_ms, 22);
  EXPECT_EQ(l.http_body_max_bytes, 13000U);
  EXPECT_EQ(l.max_image_bytes, 17000U);
  EXPECT_EQ(l.shutdown_drain_ms, 14);
  EXPECT_EQ(l.history_page_max, 15U);
  EXPECT_EQ(l.resume_batch_max, 16U);
  EXPECT_EQ(l.recall_window_seconds, 17);
  EXPECT_EQ(c.auth.jwt_secret, "j");
  EXPECT_EQ(c.auth.visitor_secret, "v");
  EXPECT_EQ(c.auth.visitor_token_ttl_s, 120);
  EXPECT_EQ(c.auth.issuer, "me");
  EXPECT_FALSE(c.auth.dev_tokens_endpoint);
  EXPECT_EQ(c.auth.allowed_origins, std::vector<std::string>{"https://shop.example"});
  EXPECT_FALSE(c.auth.allow_missing_origin);
  EXPECT_EQ(c.store.backend, "postgres");
  EXPECT_EQ(c.store.postgres_dsn, "host=db.internal dbname=fenliu");
  EXPECT_EQ(c.store.postgres_schema, "shop_a");
  EXPECT_EQ(c.store.postgres_timeout_ms, 2500);
  EXPECT_EQ(c.store.wal_checkpoint_pages, 4000);
  EXPECT_EQ(c.store.data_dir, "/var/lib/fenliu");
  EXPECT_TRUE(c.store.synchronous_full);
  EXPECT_EQ(c.store.write_queue_max, 17U);
  EXPECT_EQ(c.store.batch_max, 18U);
  EXPECT_EQ(c.store.batch_delay_us, 19);
  EXPECT_EQ(c.store.retention_days, 20);
}

TEST(ConfigKeys, ShopAndRouting) {
  const auto c = parse_config(R"(
[shop]
id = "s1"
name = "Shop One"
utc_offset = "-05:30"
after_sales_window_days = 30
vip_customers = ["c1", "c2"]
[routing]
offer_timeout_s = 21
missed_offers_to_away = 2
first_reply_deadline_s = 99
wrap_up_s = 0
sticky_days = 0
sticky_wait_s = 5
disconnect_grace_s = 6
queue_return_grace_s = 7
shift_end_no_offer_min = 8
aging_s_per_priority = 9
[routing.load_weights]
awaiting_agent = 2
awaiting_customer = 0.5
awaiting_logistics = 0
[routing.in_sale]
policy = "round_robin"
manual_accept = true
relax_skills_after_s = 1
overflow_after_s = 2
overflow_skill = "shipping"
overflow_stages = ["pre_sales", "after_sales"]
alert_after_s = 3
max_wait_s = 4
[routing.after_sales]
policy = "most_skilled"
)");
  EXPECT_EQ(c.shop.id, "s1");
  EXPECT_EQ(c.shop.name, "Shop One");
  EXPECT_EQ(c.shop.routing.utc_offset_minutes, -330);
  EXPECT_EQ(c.shop.after_sales_window_days, 30);
  EXPECT_EQ(c.shop.vip_customers, (std::vector<std::string>{"c1", "c2"}));
  const auto& r = c.shop.routing;
  EXPECT_EQ(r.offer_timeout_s, 21);
  EXPECT_EQ(r.missed_offers_to_away, 2);
  EXPECT_EQ(r.first_reply_deadline_s, 99);
  EXPECT_EQ(r.wrap_up_s, 0);
  EXPECT_EQ(r.sticky_days, 0);
  EXPECT_EQ(r.sticky_wait_s, 5);
  EXPECT_EQ(r.disconnect_grace_s, 6);
  EXPECT_EQ(r.queue_return_grace_s, 7);
  EXPECT_EQ(r.shift_end_no_offer_min, 8);
  EXPECT_EQ(r.aging_s_per_priority, 9);
  EXPECT_DOUBLE_EQ(r.weights.awaiting_agent, 2.0);
  EXPECT_DOUBLE_EQ(r.weights.awaiting_customer, 0.5);
  EXPECT_DOUBLE_EQ(r.weights.awaiting_logistics, 0.0);
  const auto& in_sale = r.stages[static_cast<int>(stage::in_sale)];
  EXPECT_EQ(in_sale.policy, router::selection_policy::round_robin);
  EXPECT_TRUE(in_sale.manual_accept);
  EXPECT_EQ(in_sale.relax_skills_after_s, 1);
  EXPECT_EQ(in_sale.overflow_after_s, 2);
  EXPECT_EQ(in_sale.overflow_skill, "shipping");
  EXPECT_EQ(in_sale.overflow_stages, (std::vector<stage>{stage::pre_sales, stage::after_sales}));
  EXPECT_EQ(in_sale.alert_after_s, 3);
  EXPECT_EQ(in_sale.max_wait_s, 4);
  EXPECT_EQ(r.stages[2].policy, router::selection_policy::most_skilled);
  EXPECT_EQ(r.stages[0].policy, router::selection_policy::fastest_fit);
  EXPECT_EQ(parse_config("[shop]\nutc_offset = \"Z\"").shop.routing.utc_offset_minutes, 0);
}

TEST(ConfigKeys, AgentQaKeywordOrder) {
  const auto c = parse_config(R"(
[[agents]]
id = "a1"
name = "Agent One"
stages = ["after_sales", "in_sale"]
capacity = 3
skills = { refunds = 5, english = 1 }
supervisor = true
always_on = true
holidays = ["2026-02-17", 2026-02-18]
[agents.shifts]
sat = ["13:00-18:00", "09:00-12:00", "11:00-12:30"]
sun = ["00:00-24:00"]
every_day = ["20:00-21:00"]
[agents.overrides]
2026-05-01 = []
"2026-05-02" = ["10:00-14:00"]
[[qa_users]]
id = "q1"
[[keyword_rules]]
keyword = "refund"
stage = "after_sales"
skill = "refunds"
[[keyword_rules]]
keyword = "hi"
stage = "pre_sales"
[[orders]]
id = "o1"
customer_id = "c1"
status = "shipped"
title = "Thing"
total_cents = 1234
)");
  ASSERT_EQ(c.shop.agents.size(), 1U);
  const auto& a = c.shop.agents[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.display_name, "Agent One");
  EXPECT_EQ(a.stages, (std::vector<stage>{stage::after_sales, stage::in_sale}));
  EXPECT_EQ(a.capacity, 3);
  EXPECT_EQ(a.skills.size(), 2U);
  EXPECT_TRUE(a.supervisor);
  EXPECT_TRUE(a.shifts.always_on);
  EXPECT_EQ(a.shifts.holidays, (std::vector<std::string>{"2026-02-17", "2026-02-18"}));
  // Saturday: sorted, overlapping 09:00-12:00 and 11:00-12:30 merged, plus every_day.
  ASSERT_EQ(a.shifts.weekly[5].size(), 3U);
  EXPECT_EQ(a.shifts.weekly[5][0].start_minute, 9 * 60);
  EXPECT_EQ(a.shifts.weekly[5][0].end_minute, 12 * 60 + 30);
  EXPECT_EQ(a.shifts.weekly[5][1].start_minute, 13 * 60);
  EXPECT_EQ(a.shifts.weekly[5][2].start_minute, 20 * 60);
  // Sunday: the whole day swallows every_day.
  ASSERT_EQ(a.shifts.weekly[6].size(), 1U);
  EXPECT_EQ(a.shifts.weekly[6][0].end_minute, 1440);
  ASSERT_EQ(a.shifts.weekly[0].size(), 1U);
  EXPECT_TRUE(a.shifts.overrides.at("2026-05-01").empty());
  EXPECT_EQ(a.shifts.overrides.at("2026-05-02").at(0).end_minute, 14 * 60);
  ASSERT_EQ(c.shop.qa_users.size(), 1U);
  EXPECT_EQ(c.shop.qa_users[0].display_name, "q1");
  ASSERT_EQ(c.shop.keyword_rules.size(), 2U);
  EXPECT_EQ(c.shop.keyword_rules[0].to_stage, stage::after_sales);
  EXPECT_EQ(c.shop.keyword_rules[0].skill, "refunds");
  EXPECT_EQ(c.shop.keyword_rules[1].skill, "");
  ASSERT_EQ(c.shop.orders.size(), 1U);
  EXPECT_EQ(c.shop.orders[0].customer_id, "c1");
  EXPECT_EQ(c.shop.orders[0].status, "shipped");
  EXPECT_EQ(c.shop.orders[0].title, "Thing");
  EXPECT_EQ(c.shop.orders[0].total_cents, 1234);
}

TEST(ConfigErrors, UnknownKeysNameTheirPath) {
  expect_error("[limits]\nmax_mesage_bytes = 5\n", "limits.max_mesage_bytes");
  expect_error("[srever]\nport = 1\n", "srever");
  expect_error("colour = 1\n", "colour");
  expect_error("[routing.presales]\nmax_wait_s = 1\n", "routing.presales");
  expect_error("[routing.pre_sales]\nmax_wait = 1\n", "routing.pre_sales.max_wait");
  expect_error("[routing.load_weights]\nagent = 1\n", "routing.load_weights.agent");
  expect_error(std::string(agent_head) + "capacty = 3\n", "agents[0].capacty");
  expect_error(std::string(agent_head) + "[agents.shifts]\nmonday = []\n",
               "agents[0].shifts.monday");
  expect_error("[[keyword_rules]]\nkeyword = \"x\"\nstage = \"in_sale\"\nstgae = 1\n",
               "keyword_rules[0].stgae");
  expect_error("[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"paid\"\ncustomer = \"c\"\n",
               "orders[0].customer");
  expect_error("[[qa_users]]\nid = \"q\"\nrole = \"qa\"\n", "qa_users[0].role");
  expect_error("[shop]\ntimezone = \"+08:00\"\n", "shop.timezone");
}

TEST(ConfigErrors, WrongTypes) {
  expect_error("[server]\nport = \"8080\"\n", "server.port");
  expect_error("[limits]\nrate_per_s = \"fast\"\n", "limits.rate_per_s");
  expect_error("[auth]\ndev_tokens_endpoint = 1\n", "auth.dev_tokens_endpoint");
  expect_error("[auth]\nallowed_origins = \"http://x\"\n", "auth.allowed_origins");
  expect_error("[auth]\nallowed_origins = [1]\n", "auth.allowed_origins[0]");
  expect_error("server = 1\n", "server");
  expect_error("agents = 1\n", "agents");
  expect_error("agents = [1]\n", "agents[0]");
  expect_error("[limits]\nmax_text_chars = 1.5\n", "limits.max_text_chars");
}

TEST(ConfigErrors, OutOfRangeNumbers) {
  expect_error("[limits]\nmax_message_bytes = -1\n", "limits.max_message_bytes");
  expect_error("[limits]\nconnections_per_identity = 0\n", "limits.connections_per_identity");
  expect_error("[limits]\nrate_per_s = -3\n", "limits.rate_per_s");
  expect_error("[limits]\nrate_per_s = nan\n", "limits.rate_per_s");
  expect_error("[limits]\nping_interval_ms = 70000\n", "limits.ping_interval_ms");
  expect_error("[limits]\nrate_burst = 5\n", "limits.rate_burst");
  expect_error("[server]\nport = 70000\n", "server.port");
  expect_error("[limits]\noverloaded_retry_ms = 60001\n", "limits.overloaded_retry_ms");
  expect_error("[limits]\nwrite_stall_timeout_ms = 0\n", "limits.write_stall_timeout_ms");
  expect_error("[server]\nio_threads = -1\n", "server.io_threads");
  expect_error("[store]\nretention_days = -2\n", "store.retention_days");
  expect_error("[auth]\nvisitor_token_ttl_s = 0\n", "auth.visitor_token_ttl_s");
  expect_error("[routing]\nwrap_up_s = -1\n", "routing.wrap_up_s");
  expect_error("[routing.load_weights]\nawaiting_agent = -0.5\n",
               "routing.load_weights.awaiting_agent");
  expect_error("[routing.after_sales]\nmax_wait_s = 0\n", "routing.after_sales.max_wait_s");
  expect_error("[shop]\nafter_sales_window_days = -1\n", "shop.after_sales_window_days");
  expect_error("[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"paid\"\ntotal_cents = -1\n",
               "orders[0].total_cents");
}

TEST(ConfigErrors, BadStrings) {
  expect_error("[auth]\njwt_secret = \"\"\n", "auth.jwt_secret");
  expect_error("[shop]\nid = \"\"\n", "shop.id");
  expect_error("[shop]\nutc_offset = \"8\"\n", "shop.utc_offset");
  expect_error("[shop]\nutc_offset = \"+15:00\"\n", "shop.utc_offset");
  expect_error("[shop]\nutc_offset = \"+08:60\"\n", "shop.utc_offset");
  expect_error("[routing.pre_sales]\npolicy = \"fastest\"\n", "routing.pre_sales.policy");
  expect_error("[routing.pre_sales]\noverflow_stages = [\"presale\"]\n",
               "routing.pre_sales.overflow_stages[0]");
  expect_error("[routing.pre_sales]\noverflow_stages = [\"pre_sales\"]\n",
               "routing.pre_sales.overflow_stages");
  expect_error("[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"lost\"\n",
               "orders[0].status");
  expect_error(
      "[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"paid\"\n"
      "[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"paid\"\n",
      "orders[1].id");
  expect_error("[[keyword_rules]]\nkeyword = \"x\"\nstage = \"sales\"\n", "keyword_rules[0].stage");
  expect_error("[[keyword_rules]]\nkeyword = \"x\"\n", "keyword_rules[0].stage");
  expect_error("[[keyword_rules]]\nstage = \"in_sale\"\n", "keyword_rules[0].keyword");
}

TEST(ConfigErrors, StoreBackend) {
  expect_error("[store]\nbackend = \"mysql\"\n", "store.backend");
  expect_error("[store]\nbackend = \"postgres\"\n", "store.postgres_dsn");
  expect_error("[store]\nbackend = \"postgres\"\npostgres_dsn = \"x\"\npostgres_schema = \"\"\n",
               "store.postgres_schema");
  // The timeout's edges: 100 ms and 10 minutes are taken, a step past either is refused.
  EXPECT_EQ(parse_config("[store]\npostgres_timeout_ms = 100\n").store.postgres_timeout_ms, 100);
  EXPECT_EQ(parse_config("[store]\npostgres_timeout_ms = 600000\n").store.postgres_timeout_ms,
            600000);
  expect_error("[store]\npostgres_timeout_ms = 99\n", "store.postgres_timeout_ms");
  expect_error("[store]\npostgres_timeout_ms = 600001\n", "store.postgres_timeout_ms");
  EXPECT_EQ(parse_config("[store]\nwal_checkpoint_pages = 100\n").store.wal_checkpoint_pages, 100);
  EXPECT_EQ(parse_config("[store]\nwal_checkpoint_pages = 262144\n").store.wal_checkpoint_pages,
            262144);
  expect_error("[store]\nwal_checkpoint_pages = 99\n", "store.wal_checkpoint_pages");
  expect_error("[store]\nwal_checkpoint_pages = 262145\n", "store.wal_checkpoint_pages");
}

TEST(ConfigKeys, ClusterSection) {
  const auto off = parse_config("");
  EXPECT_FALSE(off.cluster.enabled);
  const auto c = parse_config(
      "[store]\nbackend = \"postgres\"\npostgres_dsn = \"host=db\"\n"
      "[cluster]\nnode_id = \"node-b\"\nlease_ttl_ms = 3000\nrenew_interval_ms = 1499\n");
  EXPECT_TRUE(c.cluster.enabled);
  EXPECT_EQ(c.cluster.node_id, "node-b");
  EXPECT_EQ(c.cluster.lease_ttl_ms, 3000);
  EXPECT_EQ(c.cluster.renew_interval_ms, 1499);
  EXPECT_TRUE(c.cluster.redis.empty()) << "without redis a node only stands by";
  EXPECT_EQ(c.cluster.heartbeat_ms, 1000);
  const auto r = parse_config(
      "[store]\nbackend = \"postgres\"\npostgres_dsn = \"host=db\"\n"
      "[cluster]\nnode_id = \"n\"\nredis = \"10.0.0.6:6380\"\nheartbeat_ms = 50\n");
  EXPECT_EQ(r.cluster.redis_host, "10.0.0.6");
  EXPECT_EQ(r.cluster.redis_port, 6380);
  EXPECT_EQ(r.cluster.heartbeat_ms, 50);
}

TEST(ConfigKeys, TheAddressRelayNodesPassHttpApisTo) {
  const std::string pg = "[store]\nbackend = \"postgres\"\npostgres_dsn = \"host=db\"\n";
  auto c = parse_config("[server]\nlisten = \"10.0.0.7\"\n" + pg + "[cluster]\nnode_id = \"a\"\n");
  EXPECT_EQ(c.cluster.advertise_host, "");
  EXPECT_EQ(advertised_http_address(c, 8080), "10.0.0.7:8080") << "the listen address";
  c.listen_address = "0.0.0.0";
  EXPECT_EQ(advertised_http_address(c, 8080), "") << "a wildcard names no host";
  c.listen_address = "::";
  EXPECT_EQ(advertised_http_address(c, 8080), "");
  c = parse_config("[server]\nlisten = \"0.0.0.0\"\n" + pg +
                   "[cluster]\nnode_id = \"a\"\nadvertise_host = \"node-a.internal\"\n");
  EXPECT_EQ(c.cluster.advertise_host, "node-a.internal");
  EXPECT_EQ(advertised_http_address(c, 18080), "node-a.internal:18080") << "the port bound";
  c.cluster.advertise_host = "fd00::7";
  EXPECT_EQ(advertised_http_address(c, 8080), "[fd00::7]:8080");
}

TEST(ConfigErrors, Cluster) {
  const std::string pg = "[store]\nbackend = \"postgres\"\npostgres_dsn = \"host=db\"\n";
  expect_error(pg + "[cluster]\n", "cluster.node_id");
  expect_error(pg + "[cluster]\nnode_id = \"\"\n", "cluster.node_id");
  expect_error("[cluster]\nnode_id = \"a\"\n", "cluster");  // SQLite is one node's
  // Two renewals must fit in a lease: at half of it, the edge itself is refused.
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nlease_ttl_ms = 3000\nrenew_interval_ms = 1500\n",
               "cluster.renew_interval_ms");
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nlease_ttl_ms = 199\n", "cluster.lease_ttl_ms");
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nrenew_interval_ms = 19\n",
               "cluster.renew_interval_ms");
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nleader = true\n", "cluster.leader");
  for (const char* bad : {"redis", "redis:", ":6379", "redis:0", "redis:65536", "redis:6379x"}) {
    expect_error(pg + "[cluster]\nnode_id = \"a\"\nredis = \"" + bad + "\"\n", "cluster.redis");
  }
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nheartbeat_ms = 49\n", "cluster.heartbeat_ms");
  expect_error(pg + "[cluster]\nnode_id = \"a\"\nheartbeat_ms = 60001\n",
               "cluster.heartbeat_ms");
}

TEST(ConfigErrors, BadAgents) {
  const std::string head = agent_head;
  expect_error("[[agents]]\nstages = [\"in_sale\"]\n", "agents[0].id");
  expect_error("[[agents]]\nid = \"a\"\n", "agents[0].stages");
  expect_error("[[agents]]\nid = \"a\"\nstages = [\"presales\"]\n", "agents[0].stages[0]");
  expect_error("[[agents]]\nid = \"a\"\nstages = [\"in_sale\", \"in_sale\"]\n",
               "agents[0].stages[1]");
  expect_error(head + "capacity = 0\n", "agents[0].capacity");
  expect_error(head + "capacity = -4\n", "agents[0].capacity");
  expect_error(head + "skills = { apparel = 6 }\n", "agents[0].skills.apparel");
  expect_error(head + "skills = { apparel = 0 }\n", "agents[0].skills.apparel");
  expect_error(head + "skills = { apparel = \"expert\" }\n", "agents[0].skills.apparel");
  expect_error(head + head, "agents[1].id");
  expect_error(head + "[[qa_users]]\nid = \"a\"\n", "qa_users[0].id");
  expect_error(head + "holidays = [\"2026-02-30\"]\n", "agents[0].holidays[0]");
  expect_error(head + "holidays = [\"tomorrow\"]\n", "agents[0].holidays[0]");
  expect_error(head + "[agents.overrides]\n\"2026-13-01\" = []\n", "agents[0].overrides");
  expect_error(head + "[agents.overrides]\n\"2026-01-01\" = [\"22:00-02:00\"]\n",
               "agents[0].overrides.\"2026-01-01\"[0]");
  // A supervisor may watch without serving a stage.
  EXPECT_EQ(error_of("[[agents]]\nid = \"s\"\nsupervisor = true\n"), "");
}

TEST(ConfigErrors, SkillsNobodyHolds) {
  const std::string head = std::string(agent_head) + "skills = { refunds = 3 }\n";
  expect_error(
      head + "[[keyword_rules]]\nkeyword = \"x\"\nstage = \"in_sale\"\nskill = \"refund\"\n",
      "keyword_rules[0].skill");
  expect_error(head + "[routing.in_sale]\noverflow_skill = \"refund\"\n",
               "routing.in_sale.overflow_skill");
  EXPECT_EQ(error_of(head + "[routing.in_sale]\noverflow_skill = \"refunds\"\n"), "");
  // Without agents in the file (they come from the admin API) nothing can be checked.
  EXPECT_EQ(error_of("[routing.in_sale]\noverflow_skill = \"anything\"\n"), "");
}

TEST(ConfigErrors, BadShiftTimes) {
  const std::string head = std::string(agent_head) + "[agents.shifts]\nmon = ";
  for (const char* bad : {"[\"9:00-18:00\"]", "[\"09:00-18:60\"]", "[\"24:00-24:00\"]",
                          "[\"09:00-24:30\"]", "[\"10:00-10:00\"]", "[\"09:00 - 18:00\"]",
                          "[\"25:00-26:00\"]", "[\"ab:cd-ef:gh\"]", "[\"\"]", "[900]"}) {
    expect_error(head + bad + "\n", "agents[0].shifts.mon[0]");
  }
  expect_error(head + "\"09:00-18:00\"\n", "agents[0].shifts.mon");
}

TEST(ConfigShifts, MidnightAndWholeDay) {
  const std::string head = std::string(agent_head) + "[agents.shifts]\n";
  auto c = parse_config(head + "sun = [\"23:00-01:30\"]\nwed = [\"20:00-00:00\"]\n");
  const auto& w = c.shop.agents[0].shifts.weekly;
  ASSERT_EQ(w[6].size(), 1U);
  EXPECT_EQ(w[6][0].start_minute, 23 * 60);
  EXPECT_EQ(w[6][0].end_minute, 1440);
  ASSERT_EQ(w[0].size(), 1U);  // Sunday's night wraps into Monday
  EXPECT_EQ(w[0][0].start_minute, 0);
  EXPECT_EQ(w[0][0].end_minute, 90);
  ASSERT_EQ(w[2].size(), 1U);  // "-00:00" means until midnight, nothing spills over
  EXPECT_EQ(w[2][0].end_minute, 1440);
  EXPECT_TRUE(w[3].empty());
  c = parse_config(head + "tue = [\"00:00-24:00\"]\n");
  EXPECT_EQ(c.shop.agents[0].shifts.weekly[1][0].end_minute, 1440);
}

TEST(ConfigErrors, SyntaxErrorsNameTheLine) {
  expect_error("[limits]\nmax_text_chars = = 3\n", "line 2");
  expect_error("[server]\nport = 1\n[server]\n", "TOML");
}

TEST(ConfigErrors, ValueErrorsNameTheLine) {
  expect_error("[limits]\n\n\nmax_text_chars = 0\n", "(line 4)");
}

}  // namespace
}  // namespace fenliu::gateway
