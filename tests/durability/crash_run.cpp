#include "crash_run.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "async_driver.hpp"
#include "crash_check.hpp"
#include "database.hpp"
#include "fenliu/gateway/auth.hpp"
#include "server_process.hpp"

namespace fenliu::durability {
namespace {

constexpr auto start_timeout = std::chrono::seconds(60);
constexpr const char* shop_id = "dur-shop";

gateway::auth_config auth() {
  gateway::auth_config a;
  a.jwt_secret = "durability-staff-secret";
  a.visitor_secret = "durability-visitor-secret";
  a.visitor_token_ttl_s = 3 * 3600;
  return a;
}

// FENLIU_TEST_BINARY runs the scenario against another build of the server (e.g. a deliberately
// broken one, to see the test fail).
std::filesystem::path server_binary() {
  const char* other = std::getenv("FENLIU_TEST_BINARY");
  return other != nullptr && *other != '\0' ? std::filesystem::path(other)
                                             : std::filesystem::path(FENLIU_BINARY);
}

std::string agent_id(int i) { return fmt::format("agent-{:02}", i + 1); }

// Limits are generous on purpose: this test is about delivery, not about push-back.
std::string config_text(const crash_options& o) {
  const auto a = auth();
  std::string text = fmt::format(R"toml(
[server]
io_threads = 2
web_root = "{web}"

[limits]
rate_per_s = 100000.0
rate_burst = 100000.0
idle_timeout_ms = 120000
ping_interval_ms = 30000
outbound_queue_max_frames = 100000
outbound_queue_max_bytes = 268435456
shutdown_drain_ms = 1000

[auth]
jwt_secret = "{jwt}"
visitor_secret = "{visitor}"
visitor_token_ttl_s = {ttl}

[store]
synchronous_full = {full}

[shop]
id = "{shop}"
name = "Durability test shop"

[routing]
first_reply_deadline_s = 86400
disconnect_grace_s = 3600
queue_return_grace_s = 3600
sticky_days = 0
wrap_up_s = 0
)toml",
                                 fmt::arg("web", FENLIU_SOURCE_DIR "/web"),
                                 fmt::arg("jwt", a.jwt_secret),
                                 fmt::arg("visitor", a.visitor_secret),
                                 fmt::arg("ttl", a.visitor_token_ttl_s),
                                 fmt::arg("full", o.synchronous_full ? "true" : "false"),
                                 fmt::arg("shop", shop_id));
  for (int i = 0; i < o.plan.agents; ++i) {
    text += fmt::format(
        "\n[[agents]]\nid = \"{}\"\nstages = [\"pre_sales\"]\ncapacity = {}\nalways_on = true\n",
        agent_id(i), o.plan.agent_capacity);
  }
  return text;
}

std::vector<std::unique_ptr<participant>> make_participants(ledger& book, const scenario& s) {
  const auto a = auth();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::vector<std::unique_ptr<participant>> out;
  for (int i = 0; i < s.agents; ++i) {
    const auto id = agent_id(i);
    auto token = gateway::mint_staff_token(a, gateway::role::agent, id, shop_id, now, 3 * 3600);
    out.push_back(std::make_unique<participant>(book, true, id, token, s.seed + i));
  }
  for (int i = 0; i < s.conversations; ++i) {
    const auto id = fmt::format("cust-{:03}", i + 1);
    auto token = gateway::mint_visitor_token(a, id, shop_id, now);
    out.push_back(std::make_unique<participant>(book, false, id, token, s.seed + 1000 + i,
                                                i % 2 == 1));
  }
  return out;
}

std::string summary_of(const ledger& b, int kills, std::chrono::steady_clock::duration took) {
  return fmt::format(
      "kills={} acked={} frames_sent={} resends={} duplicate_acks={} resumes={} "
      "resumed_starts={} reassigned={} given_up={} connections={} retryable_errors={} "
      "violations={} seconds={:.1f}",
      kills, b.acked_total.load(), b.frames_sent.load(), b.resends, b.duplicate_acks, b.resumes,
      b.resumed_starts, b.reassigned, b.given_up, b.connections, b.retryable_errors,
      b.violation_count(), std::chrono::duration<double>(took).count());
}

}  // namespace

crash_report run_crash_scenario(const crash_options& options,
                                const std::filesystem::path& work_dir) {
  crash_report report;
  const auto config = work_dir / "fenliu.toml";
  const auto data = work_dir / "data";
  std::ofstream(config) << config_text(options);
  server_process server(server_binary(), config, data, work_dir / "server.log");
  std::atomic<std::uint16_t> port{0};
  if (!server.start(port, start_timeout)) {
    report.failures.push_back("the server did not start:\n" + server.log_tail());
    return report;
  }

  ledger book(options.plan);
  auto owned = make_participants(book, options.plan);
  std::vector<participant*> all;
  for (auto& p : owned) {
    all.push_back(p.get());
  }
  async_driver driver(book, all, port, options.plan.seed);
  const auto began = std::chrono::steady_clock::now();
  const auto give_up = began + options.give_up_after;
  const double expected = 2.0 * options.plan.conversations * options.plan.messages_per_side;
  std::mt19937 rng(options.plan.seed);
  std::uniform_int_distribution<int> downtime_ms(0, 300);
  std::string in_flight_at_kills;
  driver.start();
  while (book.current() != phase::finished && std::chrono::steady_clock::now() < give_up) {
    const auto next = static_cast<std::size_t>(report.kills);
    if (next < options.kill_at.size() &&
        static_cast<double>(book.acked_total.load()) >= options.kill_at[next] * expected) {
      server.kill9();
      ++report.kills;
      in_flight_at_kills += fmt::format(" {}", book.outstanding.load());
      std::this_thread::sleep_for(std::chrono::milliseconds(downtime_ms(rng)));
      if (!server.start(port, start_timeout)) {
        report.failures.push_back("the server did not restart:\n" + server.log_tail());
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  driver.stop();
  report.finished = book.current() == phase::finished;
  const int status = server.terminate(std::chrono::seconds(30));
  report.summary = summary_of(book, report.kills, std::chrono::steady_clock::now() - began) +
                   " unacked_at_kills=[" + in_flight_at_kills + " ]";
  if (!report.finished) {
    report.failures.push_back(fmt::format("clients did not finish: {}", report.summary));
  }
  if (status != 0) {
    report.failures.push_back(fmt::format("graceful stop exited with {}:\n{}", status,
                                          server.log_tail()));
  }
  for (const auto& v : book.violations()) {
    report.failures.push_back("client saw: " + v);
  }
  std::vector<const participant*> view(all.begin(), all.end());
  for (auto& f : check_against_database(book, view, read_database(data / "fenliu.db"))) {
    report.failures.push_back("on disk: " + f);
  }
  return report;
}

}  // namespace fenliu::durability
