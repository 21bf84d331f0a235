#include "runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "gateway/auth/auth.hpp"

namespace fenliu::load {
namespace {

std::int64_t unix_now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

runner::runner(const options& opts) : opts_(opts) {
  if (opts.mode != "echo") {
    config_ = gateway::load_config(opts.config);
  }
  for (int i = 0; i < opts.threads; ++i) {
    workers_.push_back(std::make_unique<worker>());
  }
}

runner::~runner() {
  finish();
  for (auto& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

void runner::set_series_start(std::int64_t start_us) {
  for (auto& w : workers_) {
    w->stats.series_start_us = start_us;
  }
}

bool runner::run() {
  finished_.store(false);
  for (auto& w : workers_) {
    threads_.emplace_back([&loop = w->loop] { loop.run(); });
  }
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t last_sent = 0;
  std::uint64_t last_delivered = 0;
  std::uint64_t last_acked = 0;
  bool in_time = true;
  double next_print = 1.0;
  while (!finished_.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
    if (elapsed.count() > opts_.max_run_s) {
      in_time = false;
      break;
    }
    if (elapsed.count() < next_print) {
      continue;
    }
    next_print += 1.0;
    const auto sent = live_.sent.load(std::memory_order_relaxed);
    const auto delivered = live_.delivered.load(std::memory_order_relaxed);
    const auto acked = live_.acked.load(std::memory_order_relaxed);
    fmt::print(stderr,
               "[{} {}] t={:.0f}s open={} sent/s={} acked/s={} delivered/s={} errors={} "
               "closes={}\n",
               opts_.mode, phase_.load(), elapsed.count(), live_.open.load(), sent - last_sent,
               acked - last_acked, delivered - last_delivered, live_.errors.load(),
               live_.closes.load());
    last_sent = sent;
    last_delivered = delivered;
    last_acked = acked;
  }
  finish();
  for (auto& t : threads_) {
    t.join();
  }
  threads_.clear();
  return in_time;
}

void runner::finish() {
  finished_.store(true);
  for (auto& w : workers_) {
    w->loop.stop();
  }
}

void runner::reset_stats() {
  for (auto& w : workers_) {
    const auto start = w->stats.series_start_us;
    w->stats = worker_stats{};
    w->stats.series_start_us = start;
  }
}

worker_stats runner::merged() const {
  worker_stats all;
  all.series_start_us = workers_.front()->stats.series_start_us;
  for (const auto& w : workers_) {
    all.merge(w->stats);
  }
  return all;
}

std::string runner::agent_token(const std::string& agent_id) const {
  return gateway::mint_staff_token(config_.auth, gateway::role::agent, agent_id, config_.shop.id,
                                   unix_now_s(), 6 * 3600);
}

std::string runner::customer_token(const std::string& customer_id) const {
  return gateway::mint_visitor_token(config_.auth, customer_id, config_.shop.id, unix_now_s());
}

std::vector<std::string> runner::agent_ids() const {
  std::vector<std::string> ids;
  for (const auto& a : config_.shop.agents) {
    if (!a.stages.empty() && !a.supervisor) {
      ids.push_back(a.id);
    }
  }
  return ids;
}

void poll_until(event_loop& loop, std::function<bool()> ready, std::function<void()> then,
                std::chrono::milliseconds interval) {
  auto poll = std::make_shared<std::function<void()>>();
  // The timer holds a copy of the function; clearing *poll afterwards breaks the cycle.
  *poll = [&loop, ready = std::move(ready), then = std::move(then), poll, interval] {
    if (ready()) {
      then();
      *poll = nullptr;
    } else {
      loop.after(interval, *poll);
    }
  };
  loop.post(*poll);
}

connect_target runner::target_for(const std::string& token) const {
  connect_target t;
  t.host = opts_.host;
  t.port = opts_.port;
  t.path = "/ws?token=" + token;
  return t;
}

}  // namespace fenliu::load
