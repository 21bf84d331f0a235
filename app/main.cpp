// fenliu: wires configuration, server and signals. Nothing else lives here.
//
//   fenliu [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--web-root DIR]
//   fenliu mint-token [--config FILE] --role agent|supervisor|qa|admin|customer --sub ID [--ttl SECONDS]
//   fenliu bot match --config FILE [--order ID]    (buyer messages on stdin, JSON lines out)
//   fenliu risk score --config FILE                (likewise)

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include "app/assist_commands.hpp"
#include "fenliu/cluster/lease_keeper.hpp"
#include "gateway/auth/auth.hpp"
#include "gateway/log/logging.hpp"
#include "gateway/relay_server.hpp"
#include "gateway/server.hpp"

namespace {

using namespace fenliu::gateway;

struct arguments {
  std::string command = "serve";
  std::string subcommand;  // "match" in `fenliu bot match`
  std::map<std::string, std::string> options;
};

arguments parse_arguments(int argc, char** argv) {
  arguments args;
  int i = 1;
  if (i < argc && argv[i][0] != '-') {
    args.command = argv[i++];
  }
  if (fenliu::app::is_assist_command(args.command) && i < argc && argv[i][0] != '-') {
    args.subcommand = argv[i++];
  }
  for (; i < argc; ++i) {
    std::string key = argv[i];
    if (!key.starts_with("--") || i + 1 >= argc) {
      throw std::runtime_error(fmt::format("unexpected argument '{}'", key));
    }
    args.options[key.substr(2)] = argv[++i];
  }
  return args;
}

server_config make_config(const arguments& args) {
  auto it = args.options.find("config");
  server_config config = it != args.options.end() ? load_config(it->second) : server_config{};
  if (auto l = args.options.find("listen"); l != args.options.end()) {
    const auto colon = l->second.rfind(':');
    if (colon == std::string::npos) {
      throw std::runtime_error("--listen wants HOST:PORT");
    }
    config.listen_address = l->second.substr(0, colon);
    config.port = static_cast<std::uint16_t>(std::stoi(l->second.substr(colon + 1)));
  }
  if (auto d = args.options.find("data-dir"); d != args.options.end()) {
    config.store.data_dir = d->second;
  }
  if (auto w = args.options.find("web-root"); w != args.options.end()) {
    config.web_root = w->second;
  }
  return config;
}

std::int64_t unix_now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int mint_token(const arguments& args) {
  const auto config = make_config(args);
  const auto role_name = args.options.count("role") ? args.options.at("role") : "agent";
  const auto sub = args.options.count("sub") ? args.options.at("sub") : "";
  const auto ttl = args.options.count("ttl") ? std::stoll(args.options.at("ttl")) : 12 * 3600;
  if (sub.empty()) {
    throw std::runtime_error("mint-token needs --sub ID");
  }
  const auto now = unix_now_s();
  if (role_name == "customer") {
    fmt::print("{}\n", mint_visitor_token(config.auth, sub, config.shop.id, now));
    return 0;
  }
  const role r = role_name == "supervisor" ? role::supervisor
                 : role_name == "qa"       ? role::qa
                 : role_name == "admin"    ? role::admin
                                           : role::agent;
  fmt::print("{}\n", mint_staff_token(config.auth, r, sub, config.shop.id, now, ttl));
  return 0;
}

// Demo only: tokens to paste into the workbench and widget (also at /api/dev/tokens).
void print_demo_tokens(const server_config& config) {
  const auto now = unix_now_s();
  fmt::print("Demo tokens (valid 12 h; open {} to get fresh ones):\n", "/api/dev/tokens");
  for (const auto& a : config.shop.agents) {
    const role r = a.supervisor ? role::supervisor : role::agent;
    fmt::print("  {:<10} {:<12} {}\n", to_string(r), a.id,
               mint_staff_token(config.auth, r, a.id, config.shop.id, now, 12 * 3600));
  }
  for (const auto& q : config.shop.qa_users) {
    fmt::print("  {:<10} {:<12} {}\n", "qa", q.id,
               mint_staff_token(config.auth, role::qa, q.id, config.shop.id, now, 12 * 3600));
  }
  for (const auto& o : config.shop.orders) {
    fmt::print("  {:<10} {:<12} {}\n", "customer", o.customer_id,
               mint_visitor_token(config.auth, o.customer_id, config.shop.id, now));
    break;
  }
}

int serve(const arguments& args) {
  auto config = make_config(args);
  configure_logging(config.log);
  if (const char* level = std::getenv("FENLIU_LOG")) {
    spdlog::set_level(spdlog::level::from_str(level));  // the environment overrides [log] level
  }
  // A cluster node stands by until it owns its shop, and stops when it loses it (exit 75:
  // restart it and it stands by again).
  std::shared_ptr<fenliu::store::write_fence> fence;
  std::unique_ptr<fenliu::cluster::lease_keeper> keeper;
  if (config.cluster.enabled) {
    fence = std::make_shared<fenliu::store::write_fence>();
    keeper = std::make_unique<fenliu::cluster::lease_keeper>(
        fenliu::cluster::lease_keeper_options{
            config.store.postgres_dsn, config.store.postgres_schema, config.shop.id,
            config.cluster.node_id, std::chrono::milliseconds(config.cluster.lease_ttl_ms),
            std::chrono::milliseconds(config.cluster.renew_interval_ms)},
        fence);
    fmt::print("fenliu node '{}' stands by until it owns shop '{}'\n", config.cluster.node_id,
               config.shop.id);
    // With Redis, standing by is relaying: this node serves clients and runs their sessions on
    // the owner, until it owns the shop itself.
    std::unique_ptr<fenliu::gateway::relay_server> relay;
    if (!config.cluster.redis.empty()) {
      relay = std::make_unique<fenliu::gateway::relay_server>(config);
      const auto port = relay->start();
      relay->on_signals([&keeper] { keeper->stop(); });
      fmt::print("fenliu node '{}' relays shop '{}' to its owner at http://{}:{}\n",
                 config.cluster.node_id, config.shop.id, config.listen_address, port);
    }
    std::fflush(stdout);
    const bool owns = keeper->wait_for_ownership();
    if (relay) {
      relay->stop();  // its clients resume here in a moment, or on any other node
      relay.reset();
    }
    if (!owns) {
      return 0;
    }
  }
  server srv(std::move(config), fence);
  const auto port = srv.start();
  srv.stop_on_signals();
  std::atomic<bool> lost{false};
  if (keeper) {
    fmt::print("fenliu node '{}' owns shop '{}' (lease epoch {})\n", srv.config().cluster.node_id,
               srv.config().shop.id, keeper->epoch());
    keeper->keep([&srv, &lost] {
      lost = true;
      srv.stop();
    });
  }
  const auto base = fmt::format("http://{}:{}", srv.config().listen_address, port);
  fmt::print(
      "fenliu is serving shop '{}' at {}\n"
      "  customer widget:  {}/widget.html\n"
      "  agent workbench:  {}/workbench.html\n"
      "  demo tokens:      {}/api/dev/tokens\n"
      "  health:           {}/healthz\n"
      "Ctrl-C stops it gracefully.\n",
      srv.config().shop.id, base, base, base, base, base);
  if (args.options.count("print-demo-tokens") && srv.config().auth.dev_tokens_endpoint) {
    print_demo_tokens(srv.config());
  }
  std::fflush(stdout);
  srv.wait();
  if (keeper) {
    keeper->stop();  // releases the lease when still held: a standby takes over at once
  }
  spdlog::info("stopped");
  return lost ? 75 : 0;
}

// glibc gives a thread arena's free top back to the kernel (madvise) as soon as it passes 128 KiB,
// and every madvise flushes the TLB of every core running the process. The store's writer
// thread frees a batch's worth of results per commit: under load that was one madvise per two
// relayed messages and a tenth of the server's CPU. Keep up to 64 MiB per arena instead; blocks
// below 4 MiB come from the arenas, not from mmap (fixing the trim threshold also stops glibc
// from raising the mmap threshold itself).
void tune_malloc() {
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  tune_malloc();
  try {
    const auto args = parse_arguments(argc, argv);
    if (const char* level = std::getenv("FENLIU_LOG")) {
      spdlog::set_level(spdlog::level::from_str(level));
    }
    if (args.command == "mint-token") {
      return mint_token(args);
    }
    if (args.command == "serve") {
      return serve(args);
    }
    if (fenliu::app::is_assist_command(args.command)) {
      return fenliu::app::run_assist_command(args.command, args.subcommand, make_config(args),
                                             args.options, std::cin, std::cout);
    }
    fmt::print(stderr, "unknown command '{}'\n", args.command);
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fenliu: {}\n", e.what());
    return 1;
  }
}
