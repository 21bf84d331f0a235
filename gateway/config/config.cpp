// Configuration loading: the server-level sections ([server], [limits], [auth], [store]) and the
// entry points. Shop, routing and agents live in config_shop.cpp and config_agents.cpp. Keys
// and defaults are documented in docs/configuration.md; keep the two in step.

#include "gateway/config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "gateway/config/config_reader.hpp"
#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway {

namespace {

using detail::table_reader;

constexpr std::int64_t kib = 1024;
constexpr std::int64_t mib = 1024 * 1024;
constexpr std::int64_t one_day_ms = 24LL * 3600 * 1000;

void parse_server(table_reader& root, server_config& out) {
  const auto* t = root.table("server");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "server");
  r.read_non_empty("listen", out.listen_address);
  r.read("port", out.port, 0);
  r.read("io_threads", out.io_threads, 0, 256);
  r.read_non_empty("web_root", out.web_root);
  r.finish();
}

void parse_limits(table_reader& root, limits_config& out) {
  const auto* t = root.table("limits");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "limits");
  r.read("max_message_bytes", out.max_message_bytes, 256, 64 * mib);
  r.read("max_text_chars", out.max_text_chars, 1, 1 * mib);
  r.read("rate_per_s", out.rate_per_s, 0.01, 1e6);
  r.read("rate_burst", out.rate_burst, 1.0, 1e6);
  r.read("rate_violations_to_close", out.rate_violations_to_close, 1);
  r.read("bad_frames_to_close", out.bad_frames_to_close, 1);
  r.read("bad_frames_window_s", out.bad_frames_window_s, 1, 3600);
  r.read("connections_per_identity", out.connections_per_identity, 1);
  r.read("max_connections", out.max_connections, 1);
  r.read("handshake_timeout_ms", out.handshake_timeout_ms, 100, one_day_ms);
  r.read("idle_timeout_ms", out.idle_timeout_ms, 1000, one_day_ms);
  r.read("ping_interval_ms", out.ping_interval_ms, 100, one_day_ms);
  r.read("outbound_queue_max_frames", out.outbound_queue_max_frames, 1);
  r.read("overloaded_retry_ms", out.overloaded_retry_ms, 0, 60 * 1000);
  r.read("write_stall_timeout_ms", out.write_stall_timeout_ms, 1, 10 * 60 * 1000);
  r.read("outbound_queue_max_bytes", out.outbound_queue_max_bytes, 4 * kib);
  r.read("http_body_max_bytes", out.http_body_max_bytes, 1 * kib, 1024 * mib);
  r.read("max_image_bytes", out.max_image_bytes, 1, 1024 * mib);
  r.read("shutdown_drain_ms", out.shutdown_drain_ms, 0, 10 * 60 * 1000);
  r.read("board_push_interval_ms", out.board_push_interval_ms, 50, 60 * 1000);
  r.read("history_page_max", out.history_page_max, 1, 100000);
  r.read("resume_batch_max", out.resume_batch_max, 1, 1000000);
  r.read("shop_data_body_max_bytes", out.shop_data_body_max_bytes, 64, 1024 * mib);
  r.read("shop_data_import_max_rows", out.shop_data_import_max_rows, 1, 1000000);
  r.read("recall_window_seconds", out.recall_window_seconds, 1, 86400);
  r.finish();
  // A ping interval at or above the idle timeout would close every quiet but healthy client.
  if (out.ping_interval_ms >= out.idle_timeout_ms) {
    detail::config_fail(
        "limits.ping_interval_ms", t->get("ping_interval_ms"),
        fmt::format("must be below limits.idle_timeout_ms ({} ms)", out.idle_timeout_ms));
  }
  if (out.rate_burst < out.rate_per_s) {
    detail::config_fail("limits.rate_burst", t->get("rate_burst"),
                        "must be at least limits.rate_per_s");
  }
}

void parse_auth(table_reader& root, auth_config& out) {
  const auto* t = root.table("auth");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "auth");
  // Secrets may not be empty: an empty HMAC key would make tokens forgeable by anyone.
  r.read_non_empty("jwt_secret", out.jwt_secret);
  r.read_non_empty("visitor_secret", out.visitor_secret);
  r.read("visitor_token_ttl_s", out.visitor_token_ttl_s, 60, 30LL * 24 * 3600);
  r.read_non_empty("issuer", out.issuer);
  r.read("dev_tokens_endpoint", out.dev_tokens_endpoint);
  r.read("allowed_origins", out.allowed_origins);
  r.read("allow_missing_origin", out.allow_missing_origin);
  r.finish();
  if (out.jwt_secret.size() > 1024 || out.visitor_secret.size() > 1024) {
    detail::config_fail("auth", t, "secrets longer than 1024 bytes are refused");
  }
}

void parse_store(table_reader& root, store_config& out) {
  const auto* t = root.table("store");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "store");
  r.read_non_empty("backend", out.backend);
  r.read("postgres_dsn", out.postgres_dsn);
  r.read_non_empty("postgres_schema", out.postgres_schema);
  r.read("postgres_timeout_ms", out.postgres_timeout_ms, 100, 600000);
  r.read_non_empty("data_dir", out.data_dir);
  r.read("synchronous_full", out.synchronous_full);
  r.read("write_queue_max", out.write_queue_max, 1);
  r.read("batch_max", out.batch_max, 1, 1000000);
  r.read("batch_delay_us", out.batch_delay_us, 0, 1000000);
  r.read("retention_days", out.retention_days, 1, 36500);
  r.read("purge_interval_s", out.purge_interval_s, 0, 31 * 86400);
  r.read("max_page_count", out.max_page_count, 0);
  r.read("wal_checkpoint_pages", out.wal_checkpoint_pages, 100, 262144);
  r.finish();
  if (out.backend != "sqlite" && out.backend != "postgres") {
    detail::config_fail("store.backend", t->get("backend"), "must be \"sqlite\" or \"postgres\"");
  }
  if (out.backend == "postgres" && out.postgres_dsn.empty()) {
    detail::config_fail("store.postgres_dsn", t, "is required when store.backend is \"postgres\"");
  }
}

void parse_cluster(table_reader& root, const store_config& store, cluster_config& out) {
  const auto* t = root.table("cluster");
  if (t == nullptr) {
    return;
  }
  out.enabled = true;
  table_reader r(*t, "cluster");
  r.read_non_empty("node_id", out.node_id);
  r.read("lease_ttl_ms", out.lease_ttl_ms, 200, 10 * 60 * 1000);
  r.read("renew_interval_ms", out.renew_interval_ms, 20, 10 * 60 * 1000);
  r.read("redis", out.redis);
  r.read("heartbeat_ms", out.heartbeat_ms, 50, 60 * 1000);
  r.read("advertise_host", out.advertise_host);
  r.finish();
  if (!out.redis.empty()) {
    const auto colon = out.redis.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0 ||
        std::from_chars(out.redis.data() + colon + 1, out.redis.data() + out.redis.size(), port)
                .ptr != out.redis.data() + out.redis.size() ||
        port < 1 || port > 65535) {
      detail::config_fail("cluster.redis", t->get("redis"), "must be \"host:port\"");
    }
    out.redis_host = out.redis.substr(0, colon);
    out.redis_port = port;
  }
  if (out.node_id.empty()) {
    detail::config_fail("cluster.node_id", t, "is required in [cluster]");
  }
  if (2 * out.renew_interval_ms >= out.lease_ttl_ms) {
    detail::config_fail("cluster.renew_interval_ms", t->get("renew_interval_ms"),
                        "must be less than half of cluster.lease_ttl_ms");
  }
  if (store.backend != "postgres") {
    detail::config_fail("cluster", t, "needs store.backend = \"postgres\" (the nodes share it)");
  }
}

void parse_log(table_reader& root, log_config& out) {
  const auto* t = root.table("log");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "log");
  r.read_non_empty("format", out.format);
  r.read_non_empty("level", out.level);
  r.read("file", out.file);
  r.finish();
  if (out.format != "text" && out.format != "json") {
    detail::config_fail("log.format", t->get("format"), "must be \"text\" or \"json\"");
  }
  static constexpr std::string_view levels[] = {"trace", "debug", "info",    "warn",
                                                "error", "critical", "off"};
  if (std::find(std::begin(levels), std::end(levels), out.level) == std::end(levels)) {
    detail::config_fail("log.level", t->get("level"),
                        "must be trace, debug, info, warn, error, critical or off");
  }
}

}  // namespace

server_config detail::parse_table(const toml::table& doc) {
  server_config config;
  table_reader root(doc, "");
  parse_server(root, config);
  parse_limits(root, config.limits);
  parse_auth(root, config.auth);
  parse_store(root, config.store);
  parse_cluster(root, config.store, config.cluster);
  parse_log(root, config.log);
  detail::parse_shop_sections(root, config.shop);
  detail::parse_assist_sections(root, config.shop);
  detail::parse_peak_section(root, config.shop);
  detail::parse_agent_tools_sections(root, config.shop);
  detail::parse_kpi_section(root, config.shop);
  detail::parse_qa_section(root, config.shop);
  root.finish();
  return config;
}

namespace {

server_config parse_document(std::string_view text, std::string_view source) {
  toml::table doc;
  try {
    doc = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw std::runtime_error(fmt::format("config: {} (line {}, column {}): TOML syntax error: {}",
                                         source, where.line, where.column, e.description()));
  }
  auto config = detail::parse_table(doc);
  config.source_toml = std::string(text);
  return config;
}

}  // namespace

server_config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(fmt::format("config: cannot open '{}'", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw std::runtime_error(fmt::format("config: cannot read '{}'", path));
  }
  try {
    return parse_document(text.str(), path);
  } catch (const std::runtime_error& e) {
    // Name the file too: the server may be started with several candidates in mind.
    const std::string_view what = e.what();
    if (what.find(path) != std::string_view::npos) {
      throw;
    }
    throw std::runtime_error(fmt::format("{} [in {}]", what, path));
  }
}

server_config parse_config(const std::string& toml_text) {
  return parse_document(toml_text, "<text>");
}

std::string advertised_http_address(const server_config& config, std::uint16_t port) {
  std::string host = config.cluster.advertise_host;
  if (host.empty()) {
    host = config.listen_address;
    if (host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]") {
      return {};
    }
  }
  if (host.find(':') != std::string::npos && host.front() != '[') {
    host = "[" + host + "]";
  }
  return host + ":" + std::to_string(port);
}

}  // namespace fenliu::gateway
