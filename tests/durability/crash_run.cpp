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
#include "gateway/auth/auth.hpp"
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
      "resumed_starts={} reassigned={} lost_on_restart={} given_up={} connections={} "
      "retryable_errors={} "
      "violations={} seconds={:.1f}",
      kills, b.acked_total.load(), b.frames_sent.load(), b.resends, b.duplicate_acks, b.resumes,
      b.resumed_starts, b.reassigned, b.lost_on_restart, b.given_up, b.connections,
      b.retryable_errors,
      b.violation_count(), std::chrono::duration<double>(took).count());
}

// The test thread's side of a run: the server process, the kills, the backups.
class crash_run {
 public:
  crash_run(const crash_options& o, const std::filesystem::path& dir)
      : o_(o),
        dir_(dir),
        data_(dir / "data"),
        server_(server_binary(), dir / "fenliu.toml", data_, dir / "server.log"),
        rng_(o.plan.seed) {
    std::ofstream(dir / "fenliu.toml") << config_text(o);
  }

  crash_report run() {
    if (!server_.start(port_, start_timeout)) {
      report_.failures.push_back("the server did not start:\n" + server_.log_tail());
      return std::move(report_);
    }
    ledger book(o_.plan);
    auto owned = make_participants(book, o_.plan);
    std::vector<participant*> all;
    for (auto& p : owned) {
      all.push_back(p.get());
    }
    async_driver driver(book, all, port_, o_.plan.seed);
    const auto began = std::chrono::steady_clock::now();
    driver.start();
    drive(book, began + o_.give_up_after);
    driver.stop();
    report_.finished = book.current() == phase::finished;
    const int status = server_.terminate(std::chrono::seconds(30));
    report_.summary = summary_of(book, report_.kills, std::chrono::steady_clock::now() - began) +
                      " unacked_at_kills=[" + unacked_at_kills_ + " ]" +
                      (report_.backed_up ? " online_backup=taken" : "");
    if (!report_.finished) {
      report_.failures.push_back(fmt::format("clients did not finish: {}", report_.summary));
    }
    if (status != 0) {
      report_.failures.push_back(
          fmt::format("graceful stop exited with {}:\n{}", status, server_.log_tail()));
    }
    for (const auto& v : book.violations()) {
      report_.failures.push_back("client saw: " + v);
    }
    verify_disk(book, std::vector<const participant*>(all.begin(), all.end()));
    return std::move(report_);
  }

 private:
  // Kills at the planned points of progress until the clients are done (or give up).
  void drive(const ledger& book, steady::time_point give_up) {
    const double expected = 2.0 * o_.plan.conversations * o_.plan.messages_per_side;
    std::uniform_int_distribution<int> downtime_ms(0, 300);
    while (book.current() != phase::finished && steady::now() < give_up) {
      const auto acked = static_cast<double>(book.acked_total.load());
      const auto next = static_cast<std::size_t>(report_.kills);
      const bool backup_due = o_.online_backup_at > 0 && acked >= o_.online_backup_at * expected;
      if (backup_due && !report_.backed_up) {
        online_backup();
      }
      if (next < o_.kill_at.size() && acked >= o_.kill_at[next] * expected) {
        server_.kill9();
        ++report_.kills;
        unacked_at_kills_ += fmt::format(" {}", book.outstanding.load());
        std::this_thread::sleep_for(std::chrono::milliseconds(downtime_ms(rng_)));
        if (!server_.start(port_, start_timeout)) {
          report_.failures.push_back("the server did not restart:\n" + server_.log_tail());
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // The documented online backup, taken while the clients write at full speed.
  void online_backup() {
    report_.backed_up = true;
    if (std::system("command -v sqlite3 > /dev/null 2>&1") != 0) {
      report_.backed_up = false;
      return;
    }
    const auto cmd = fmt::format("sqlite3 '{}' \".backup '{}'\"", (data_ / "fenliu.db").string(),
                                 (dir_ / "online-backup.db").string());
    if (std::system(cmd.c_str()) != 0) {
      report_.failures.push_back("online backup failed: " + cmd);
    }
  }

  void verify_disk(const ledger& book, const std::vector<const participant*>& all) {
    // After a graceful stop the database file alone holds everything (the WAL was folded in).
    const auto copy = dir_ / "stopped-copy.db";
    std::filesystem::copy_file(data_ / "fenliu.db", copy);
    const auto final = read_database(data_ / "fenliu.db");
    for (auto& f : check_against_database(book, all, final)) {
      report_.failures.push_back("on disk: " + f);
    }
    if (read_database(copy) != final) {
      report_.failures.push_back("a copy of fenliu.db alone after a graceful stop is incomplete");
    }
    if (report_.backed_up) {
      const auto backup = dir_ / "online-backup.db";
      const auto integrity = query_text(backup, "PRAGMA integrity_check");
      if (integrity != "ok") {
        report_.failures.push_back("online backup integrity_check: " + integrity);
      }
      for (auto& f : check_backup(read_database(backup), final)) {
        report_.failures.push_back(f);
      }
    }
  }

  const crash_options& o_;
  std::filesystem::path dir_;
  std::filesystem::path data_;
  server_process server_;
  std::atomic<std::uint16_t> port_{0};
  std::mt19937 rng_;
  crash_report report_;
  std::string unacked_at_kills_;
};

}  // namespace

crash_report run_crash_scenario(const crash_options& options,
                                const std::filesystem::path& work_dir) {
  return crash_run(options, work_dir).run();
}

}  // namespace fenliu::durability
