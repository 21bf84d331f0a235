// chat: customers arrive as a Poisson process, start a conversation, write a few messages with
// think times; agents answer every customer message and close the conversation after the last.
// Everything is orchestrated from worker 0: agents first, then arrivals, then shutdown.
#include <fmt/format.h>

#include <optional>

#include "chat_actors.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "scenarios.hpp"

namespace fenliu::load {
namespace {

using namespace chat_detail;

class chat_run {
 public:
  explicit chat_run(runner& r)
      : r_(r), o_(r.opts()), owned_(r.size()), gap_s_(r.opts().arrival_per_s) {}

  std::string run();

 private:
  void create_agents();
  void arrive(int i, std::int64_t at_us);
  void wait_online();
  void wait_done();
  void wait_closed();
  void print_summary(const worker_stats& s, double seconds, double acked_per_s) const;
  std::string report(const worker_stats& s, bool in_time) const;

  runner& r_;
  const options& o_;
  chat_shared shared_;
  std::vector<std::vector<std::unique_ptr<actor>>> owned_;  // per worker, touched on its thread
  std::vector<agent_actor*> agents_;
  std::string run_id_;
  std::mt19937_64 arrivals_rng_{42};
  std::exponential_distribution<double> gap_s_;
  std::optional<process_sample> server_before_, server_after_;
  process_sample self_before_, self_after_;
  std::int64_t arrivals_start_us_ = 0;
  std::int64_t arrivals_end_us_ = 0;
  std::int64_t customers_end_us_ = 0;
};

void chat_run::create_agents() {
  auto ids = r_.agent_ids();
  ids.resize(std::min<std::size_t>(ids.size(), static_cast<std::size_t>(o_.agents)));
  if (ids.empty()) {
    throw std::runtime_error("the config lists no agents");
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto a = std::make_unique<agent_actor>(r_, r_.at(i), shared_, ids[i]);
    agents_.push_back(a.get());
    owned_[i % r_.size()].push_back(std::move(a));
  }
}

// Customer i arrives at at_us; the next one after an exponential gap (absolute times, so the
// timers' lateness does not accumulate).
void chat_run::arrive(int i, std::int64_t at_us) {
  auto& w = r_.at(static_cast<std::size_t>(i));
  w.loop.post([this, &w, i] {
    auto c = std::make_unique<customer_actor>(r_, w, shared_, fmt::format("lc-{}-{}", run_id_, i),
                                              static_cast<std::uint64_t>(i) + 1);
    c->start();
    owned_[static_cast<std::size_t>(i) % r_.size()].push_back(std::move(c));
  });
  if (i + 1 >= o_.customers) {
    arrivals_end_us_ = now_us();
    wait_done();
    return;
  }
  const auto next = at_us + static_cast<std::int64_t>(gap_s_(arrivals_rng_) * 1e6);
  r_.at(0).loop.after(std::chrono::microseconds(std::max<std::int64_t>(next - now_us(), 0)),
                      [this, i, next] { arrive(i + 1, next); });
}

void chat_run::wait_online() {
  if (shared_.agents_online.load() < static_cast<int>(agents_.size())) {
    r_.at(0).loop.after(std::chrono::milliseconds(10), [this] { wait_online(); });
    return;
  }
  r_.set_phase("customers");
  arrivals_start_us_ = now_us();
  arrive(0, arrivals_start_us_);
}

void chat_run::wait_done() {
  if (shared_.customers_done.load() < o_.customers) {
    r_.at(0).loop.after(std::chrono::milliseconds(20), [this] { wait_done(); });
    return;
  }
  server_after_ = sample_process(o_.server_pid);
  customers_end_us_ = now_us();
  r_.set_phase("closing");
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    r_.at(i).loop.post([a = agents_[i]] { a->stop(); });
  }
  wait_closed();
}

void chat_run::wait_closed() {
  if (shared_.agents_closed.load() < static_cast<int>(agents_.size())) {
    r_.at(0).loop.after(std::chrono::milliseconds(20), [this] { wait_closed(); });
  } else {
    r_.finish();
  }
}

std::string chat_run::run() {
  create_agents();
  run_id_ = o_.run_id.empty() ? fmt::format("{}", wall_ms() % 100000000) : o_.run_id;
  r_.set_series_start(now_us());
  server_before_ = sample_process(o_.server_pid);
  self_before_ = sample_self();
  r_.set_phase("agents");
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    r_.at(i).loop.post([a = agents_[i]] { a->start(); });
  }
  r_.at(0).loop.post([this] { wait_online(); });
  const bool in_time = r_.run();
  self_after_ = sample_self();
  if (!server_after_) {
    server_after_ = sample_process(o_.server_pid);
  }
  if (customers_end_us_ == 0) {
    customers_end_us_ = now_us();
  }
  return report(r_.merged(), in_time);
}

void chat_run::print_summary(const worker_stats& s, double seconds, double acked_per_s) const {
  const double arrival_s = static_cast<double>(arrivals_end_us_ - arrivals_start_us_) / 1e6;
  std::uint64_t errors = 0;
  for (const auto& [code, n] : s.errors_by_code) {
    errors += n;
  }
  fmt::print(
      "chat: {} customers ({:.1f}/s offered, {:.1f}/s achieved), {} agents, {} messages "
      "each; {} completed, {} timed out, {:.1f} s\n",
      o_.customers, o_.arrival_per_s, arrival_s > 0 ? (o_.customers - 1) / arrival_s : 0.0,
      agents_.size(), o_.messages, s.conversations_completed, shared_.customers_timed_out.load(),
      seconds);
  fmt::print("  routing     p50 {:8.0f} us  p99 {:8.0f} us  (StartConversation -> Assigned)\n",
             s.routing.percentile(0.5), s.routing.percentile(0.99));
  fmt::print("  to agent    p50 {:8.0f} us  p99 {:8.0f} us  p999 {:8.0f} us\n",
             s.to_agent.percentile(0.5), s.to_agent.percentile(0.99), s.to_agent.percentile(0.999));
  fmt::print("  to customer p50 {:8.0f} us  p99 {:8.0f} us\n", s.to_customer.percentile(0.5),
             s.to_customer.percentile(0.99));
  fmt::print("  acked sends {:.0f}/s, errors {}, server {}\n", acked_per_s, errors,
             server_json(server_before_, server_after_));
}

std::string chat_run::report(const worker_stats& s, bool in_time) const {
  const double seconds = static_cast<double>(customers_end_us_ - arrivals_start_us_) / 1e6;
  const double acked_per_s = seconds > 0 ? static_cast<double>(s.acked) / seconds : 0.0;
  print_summary(s, seconds, acked_per_s);
  return json_object{}
      .str("mode", "chat")
      .boolean("completed_in_time", in_time)
      .integer("customers", o_.customers)
      .integer("agents", static_cast<std::int64_t>(agents_.size()))
      .num("arrival_per_s", o_.arrival_per_s)
      .integer("messages_per_customer", o_.messages)
      .num("think_ms", o_.think_ms)
      .num("agent_think_ms", o_.agent_think_ms)
      .num("duration_s", seconds)
      .integer("conversations_started", static_cast<std::int64_t>(s.conversations_started))
      .integer("conversations_assigned", static_cast<std::int64_t>(s.conversations_assigned))
      .integer("conversations_completed", static_cast<std::int64_t>(s.conversations_completed))
      .integer("customers_timed_out", shared_.customers_timed_out.load())
      .integer("sent", static_cast<std::int64_t>(s.sent))
      .integer("acked", static_cast<std::int64_t>(s.acked))
      .num("acked_per_s", acked_per_s)
      .raw("routing_latency_us", latency_json(s.routing))
      .raw("to_agent_latency_us", latency_json(s.to_agent))
      .raw("to_customer_latency_us", latency_json(s.to_customer))
      .raw("ack_latency_us", latency_json(s.ack))
      .raw("problems", problems_json(s))
      .raw("server", server_json(server_before_, server_after_))
      .raw("loadgen", server_json(self_before_, self_after_))
      .dump();
}

}  // namespace

std::string run_chat(runner& r) {
  return chat_run(r).run();
}

}  // namespace fenliu::load
