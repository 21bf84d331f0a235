#pragma once
// Server configuration: every limit the gateway enforces, the shop, its agents and routing
// rules. Loaded from TOML at start-up (exceptions allowed there); defaults are the embedded demo.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "fenliu/assist/types.hpp"
#include "fenliu/router/types.hpp"

namespace fenliu::gateway {

struct limits_config {
  std::uint32_t max_message_bytes = 64 * 1024;   // WebSocket frame; larger closes with 1009
  std::uint32_t max_text_chars = 4000;           // characters (UTF-8 code points) per text
  double rate_per_s = 20.0;                      // frames per second per connection (sustained)
  double rate_burst = 40.0;                      // token bucket size
  int rate_violations_to_close = 50;             // dropped frames before close 4002
  int bad_frames_to_close = 20;                  // bad frames within the window before close 4100
  int bad_frames_window_s = 10;
  int connections_per_identity = 5;
  /// The live board is pushed to its subscribers at most this often, and only when something
  /// changed (or a queue is waiting, whose longest wait grows).
  int board_push_interval_ms = 250;
  int max_connections = 100000;
  int handshake_timeout_ms = 5000;               // TCP accept -> upgraded
  int idle_timeout_ms = 60000;                   // no frame and no pong: close 4001
  int ping_interval_ms = 20000;
  std::uint32_t outbound_queue_max_frames = 1024;  // past either bound: close 4000
  std::uint32_t outbound_queue_max_bytes = 4 * 1024 * 1024;
  /// A send into a conversation whose customer or agent has half of either bound queued (or
  /// on its way) is answered OVERLOADED with this retry hint instead of being stored: senders
  /// slow down to what the server can write, and a recipient that keeps reading is never closed.
  std::uint32_t overloaded_retry_ms = 200;
  /// A write that makes no progress this long (the peer stopped reading) closes 4000.
  int write_stall_timeout_ms = 15000;
  std::uint32_t http_body_max_bytes = 2 * 1024 * 1024;  // any HTTP request body
  /// POST /api/images: larger images answer 413 too_large (the upload's body may exceed
  /// http_body_max_bytes by this plus its multipart framing).
  std::uint32_t max_image_bytes = 5 * 1024 * 1024;
  int shutdown_drain_ms = 3000;                  // graceful shutdown: finish writes this long
  std::uint32_t history_page_max = 200;
  std::uint32_t resume_batch_max = 1000;
  /// Shop data API: the largest JSON or CSV body (larger: 413) and the most rows one bulk
  /// import takes (more: 400, nothing imported).
  std::uint32_t shop_data_body_max_bytes = 1024 * 1024;
  std::uint32_t shop_data_import_max_rows = 1000;
  int recall_window_seconds = 120;  // 撤回: own messages younger than this (part "receipts")
};

struct auth_config {
  std::string jwt_secret = "fenliu-demo-secret-change-me";  // HS256 key for staff tokens
  std::string visitor_secret = "fenliu-demo-visitor-secret";  // HMAC key for visitor tokens
  int visitor_token_ttl_s = 3600;
  std::string issuer = "fenliu";
  bool dev_tokens_endpoint = true;  // GET /api/dev/tokens mints demo tokens (never in production)
  /// Exact scheme, host and port; an entry without a port means the scheme's default port.
  std::vector<std::string> allowed_origins = {"http://127.0.0.1:8080", "http://localhost:8080"};
  /// Missing Origin header (non-browser clients) is allowed when true.
  bool allow_missing_origin = true;
};

struct store_config {
  /// "sqlite" (embedded, the default: one file under data_dir) or "postgres" (a shared
  /// PostgreSQL database, postgres_dsn; uploads stay under data_dir).
  std::string backend = "sqlite";
  std::string postgres_dsn;               // libpq connection string or URI
  std::string postgres_schema = "fenliu";  // the schema that holds the tables
  // How long a store thread waits for PostgreSQL before it fails the batch (STORE_UNAVAILABLE).
  std::int64_t postgres_timeout_ms = 5000;
  std::string data_dir = "data";
  bool synchronous_full = false;
  std::uint32_t write_queue_max = 65536;
  std::uint32_t batch_max = 512;
  int batch_delay_us = 500;
  int retention_days = 90;
  /// Seconds between retention purges (messages older than retention_days); 0 = never purge.
  int purge_interval_s = 86400;
  /// SQLite max_page_count; 0 = unlimited. Tests use a small value to simulate a full disk.
  std::int64_t max_page_count = 0;
  /// WAL pages that trigger a checkpoint (SQLite); 8000 pages = 32 MiB.
  int wal_checkpoint_pages = 8000;
};

/// One node of a cluster on one PostgreSQL database (`[cluster]`): active/standby per shop.
/// The node serves only while it holds the shop's lease (store/postgres_lease.hpp); its writes
/// are fenced with the lease's epoch; losing the lease stops it.
struct cluster_config {
  bool enabled = false;  // the section is present
  std::string node_id;   // unique per node; the lease's owner
  int lease_ttl_ms = 10000;
  int renew_interval_ms = 2000;  // < lease_ttl_ms / 2: a failed renewal is retried in time
  /// Redis ("host:port") for traffic between nodes: a node that does not own the shop relays
  /// its clients to the owner (gateway/relay). Empty: active/standby only (a standby serves
  /// nothing until it owns the shop).
  std::string redis;
  std::string redis_host;  // parsed from `redis`
  int redis_port = 0;
  /// The owner's beats and the relays' rosters; three missed ones count as gone.
  int heartbeat_ms = 1000;
  /// The host other nodes reach this node's HTTP port at, when it owns the shop: its beats
  /// carry it, so that relay nodes pass the shop's HTTP APIs on to it. Empty: listen_address,
  /// unless that is a wildcard (0.0.0.0, ::), in which case relay nodes answer 503 not_owner.
  std::string advertise_host;
};

/// Order-state -> stage rules and keyword rules for classification.
struct keyword_rule {
  std::string keyword;       // substring, case-insensitive for ASCII
  router::stage to_stage = router::stage::pre_sales;
  std::string skill;         // optional required skill
  int level = 1;             // the required skill's minimum level, 1..5
  /// Skills preferred but not required (dropped by the first relaxation ring).
  std::vector<router::skill_level> optional_skills = {};
};

/// [[category_skills]] and [[language_skills]]: the product's category or the widget's
/// language asks for a skill, required or optional, in the listed stages (all when empty).
struct skill_rule {
  std::string match;                  // category, or language prefix ("en" matches "en-US")
  std::vector<std::string> products;  // category rules: product ids of the category
  std::string skill;
  int level = 1;
  bool required = false;
  std::vector<router::stage> stages;
};

struct demo_order {
  std::string id;
  std::string customer_id;
  std::string status;
  std::string title;
  std::int64_t total_cents = 0;
  /// Courier and tracking number of a shipped order (the bot's order_status answer names them).
  std::string carrier = {};
  std::string tracking = {};
  /// When the parcel was delivered (UTC ms; 0: unknown, taken as within the after-sales
  /// window). Set by `delivered_at` in the config or by a "delivered" status update.
  std::int64_t delivered_at_ms = 0;
  /// The product of the order's one item (a [[products]] id); empty: "<order id>-item".
  std::string product_id = {};
};

/// [[products]]: the shop's catalogue as the config seeds it into the store (shop data).
struct demo_product {
  std::string id;
  std::string title;
  std::int64_t price_cents = 0;
  std::string currency = "CNY";
  std::string picture_url = {};
  std::string category = {};
};

/// [[quick_phrases]]: a shop phrase (快捷短语), shared by every agent of the shop.
struct quick_phrase_config {
  std::string id;  // given or "shop-<shortcut>"
  std::string group;
  std::string shortcut;
  std::string text;
};

/// [[customers]]: a known buyer, seeded into the store (a name, a VIP level, tags).
struct customer_seed {
  std::string id;
  std::string display_name;
  int vip_level = 0;
  std::vector<std::string> tags = {};
};

/// [agent_tools]: quick phrases, suggested replies and the customer record.
struct agent_tools_config {
  std::uint32_t max_phrases_per_agent = 200;  // own phrases; one more is refused
  std::uint32_t max_shortcut_chars = 16;
  std::uint32_t max_group_chars = 16;
  std::uint32_t max_tags_per_customer = 20;
  std::uint32_t max_tag_chars = 16;
  std::uint32_t max_note_chars = 500;
  std::uint32_t suggestions = 3;         // suggested replies per buyer message
  double suggestion_min_score = 0.15;    // 0..1, as the bot's confidence
  int delivery_days = 3;                 // {eta}: shipped + this many days, in the shop's zone
  std::vector<std::string> customer_tags = {};  // the shop's predefined tags
  std::vector<quick_phrase_config> phrases = {};
  std::vector<customer_seed> customers = {};
};

/// A QA inspector: reads and scores transcripts, never receives conversations (so it is no
/// router agent). Listed so the dev-token endpoint and the admin API know the shop's QA staff.
struct qa_user {
  std::string id;
  std::string display_name;
};

/// [[qa.checklist]]: one item a QA review scores, 0..max_score, weighted in the total.
struct qa_checklist_item {
  std::string id;
  std::string label;
  int weight = 1;
  int max_score = 5;
};

/// greeting (1), accuracy (2), tone (1), resolution (2): weights in brackets, each 0..5.
std::vector<qa_checklist_item> default_qa_checklist();

/// [qa]: the sampling rules and the checklist (README, QA inspection).
struct qa_config {
  /// Per agent per day (shop time), this share of the closed conversations is sampled,
  /// rounded up; unsatisfied ratings and risk-flagged conversations are always in it.
  double sample_share = 0.1;
  /// Ratings of at most this many stars count as unsatisfied.
  int unsatisfied_max_stars = 2;
  /// FetchQaSample reads the conversations closed in this many days before now.
  int sample_days = 7;
  std::vector<qa_checklist_item> checklist = default_qa_checklist();
};

/// [[peak.windows]]: a peak period (大促) in the shop's local time, [from, to).
struct peak_window {
  std::string from;  // "YYYY-MM-DD HH:MM", as written
  std::string to;
  std::int64_t from_local_s = 0;  // seconds since 1970-01-01 00:00 in the shop's local time
  std::int64_t to_local_s = 0;
};

/// The router's configuration a shop starts from: the core's defaults, with fastest_fit as every
/// stage's policy (it wins on the simulator's heterogeneous floor; see README, Routing).
inline router::router_config shop_routing_defaults() {
  router::router_config r;
  for (auto& s : r.stages) {
    s.policy = router::selection_policy::fastest_fit;
  }
  return r;
}

/// [kpi] (part "kpis"): the KPIs' targets and the limits of one KPI request.
struct kpi_config {
  /// Service level: a conversation that waited counts as served in time when a person took it
  /// within this many seconds.
  int service_level_target_s = 30;
  /// Pre-sales conversion: the buyer's order created within this many hours of the
  /// conversation's creation.
  int conversion_window_hours = 24;
  /// The most conversations one KPI request reads; more: 400 on `to` (a shorter period).
  std::uint32_t max_conversations = 100000;
  /// The longest [from, to) a KPI request may ask for, in days.
  int max_range_days = 366;
};

struct shop_config {
  std::string id = "demo-shop";
  std::string name = "Demo Shop";
  router::router_config routing = shop_routing_defaults();
  std::vector<router::agent_profile> agents;
  std::vector<keyword_rule> keyword_rules;
  std::vector<skill_rule> category_skills;
  std::vector<skill_rule> language_skills;
  std::vector<std::string> vip_customers;
  /// VIP buyers: each required level is raised by this much (capped at 5; the first
  /// relaxation ring lowers it again), and `vip_skill`, when set, is asked for as optional.
  int vip_level_bump = 0;
  std::string vip_skill;
  /// The IANA zone name ("Asia/Shanghai") when [shop] time_zone is set; empty: utc_offset.
  std::string time_zone;
  std::vector<demo_order> orders;
  std::vector<demo_product> products;
  /// A delivered order counts as after-sales this many days after delivery; later, a chat
  /// from that order is classified as if it came without one (pre-sales unless the page or
  /// a keyword says otherwise). An open refund stays after-sales whatever its age.
  int after_sales_window_days = 15;
  agent_tools_config tools;
  std::vector<qa_user> qa_users;
  /// [bot], [bot.stage_modes]: the FAQ bot's modes, thresholds and handover skills.
  assist::bot_config bot;
  /// [[faq]]: the shop's FAQ entries, in file order.
  std::vector<assist::faq_entry> faq;
  /// [risk]: complaint-risk thresholds and the action on a risky conversation.
  assist::risk_config risk;
  /// [[peak.windows]]: when peak mode switches itself on (the rules are routing.peak).
  std::vector<peak_window> peak_windows;
  /// [qa] and [[qa.checklist]].
  qa_config qa;
  /// [kpi]: KPI targets and request limits (part "kpis").
  kpi_config kpi;
};

/// [log]: structured logs (gateway/log). Lines never carry message bodies, tokens, phone
/// numbers or addresses.
struct log_config {
  std::string format = "text";  // "text" | "json" (one JSON object per line)
  std::string level = "info";   // trace | debug | info | warn | error | critical | off
  std::string file = {};        // append to this file; empty: stderr
};

struct server_config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port
  /// 0: what the cores leave after the store's writer thread (cores - 1, at least 1).
  int io_threads = 0;
  std::string web_root = "web";
  limits_config limits;
  auth_config auth;
  store_config store;
  cluster_config cluster;
  log_config log;
  shop_config shop;
  /// The TOML text the config was parsed from (empty when built in code): the admin API
  /// re-parses it with the admin sections replaced, so cross-references are checked as at
  /// start-up.
  std::string source_toml = {};
};

/// Parses a TOML file. Throws std::runtime_error naming the key on a bad value.
server_config load_config(const std::string& path);
/// Parses TOML text (tests).
server_config parse_config(const std::string& toml_text);

/// "host:port" where other nodes reach this node's HTTP `port`: cluster.advertise_host, else
/// listen_address unless it is a wildcard ("", 0.0.0.0, ::); empty when there is none.
/// An IPv6 host is bracketed ("[::1]:8080").
std::string advertised_http_address(const server_config& config, std::uint16_t port);

}  // namespace fenliu::gateway
