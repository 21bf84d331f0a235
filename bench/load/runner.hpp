#pragma once
// Worker threads (one event loop each), the progress line, and tokens minted in-process from
// the server's own config (same secrets, same shop id).

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gateway/config/config.hpp"
#include "options.hpp"
#include "stats.hpp"
#include "ws_connection.hpp"

namespace fenliu::load {

struct worker {
  event_loop loop;
  worker_stats stats;
};

class runner {
 public:
  explicit runner(const options& opts);
  ~runner();
  runner(const runner&) = delete;
  runner& operator=(const runner&) = delete;

  std::size_t size() const { return workers_.size(); }
  worker& at(std::size_t i) { return *workers_[i % workers_.size()]; }
  live_counters& live() { return live_; }
  const options& opts() const { return opts_; }

  /// Sets the label of the progress line (a string literal or one that outlives the run).
  void set_phase(const char* phase) { phase_.store(phase); }
  /// Starts every per-second series at `start_us`; call before start().
  void set_series_start(std::int64_t start_us);

  /// Runs the worker threads and prints a progress line each second until finish() is called
  /// (from any thread) or max_run_s passes. Returns false on timeout.
  bool run();
  void finish();

  /// Clears every worker's stats; call while no loop runs.
  void reset_stats();
  /// All workers' stats merged; call after run().
  worker_stats merged() const;

  /// Tokens for this server.
  std::string agent_token(const std::string& agent_id) const;
  std::string customer_token(const std::string& customer_id) const;
  /// Agent ids of the config that serve some stage (so the router may assign them chats).
  std::vector<std::string> agent_ids() const;
  /// The upgrade target with a token.
  connect_target target_for(const std::string& token) const;

 private:
  options opts_;
  gateway::server_config config_;
  std::vector<std::unique_ptr<worker>> workers_;
  std::vector<std::thread> threads_;
  live_counters live_;
  std::atomic<const char*> phase_{"start"};
  std::atomic<bool> finished_{false};
};

/// Calls `ready` on `loop` every `interval` until it returns true, then calls `then` there.
void poll_until(event_loop& loop, std::function<bool()> ready, std::function<void()> then,
                std::chrono::milliseconds interval = std::chrono::milliseconds(10));

}  // namespace fenliu::load
