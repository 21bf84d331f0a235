// chat: customers arrive as a Poisson process, start a conversation, write a few messages with
// think times; agents answer every customer message and close the conversation after the last.
#include <fmt/format.h>

#include <atomic>
#include <random>
#include <unordered_map>

#include "frames.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "scenarios.hpp"

namespace fenliu::load {
namespace {

constexpr std::uint64_t online_request = 1;
constexpr std::uint64_t start_request = 1;
constexpr double customer_timeout_s = 60;

// State the actors of every worker share; atomics only.
struct chat_shared {
  std::atomic<int> agents_online{0};
  std::atomic<int> customers_done{0};
  std::atomic<int> agents_closed{0};
  std::atomic<int> customers_timed_out{0};
};

// Frame bookkeeping both kinds of actor share.
class actor : public frame_handler {
 public:
  actor(runner& r, worker& w, chat_shared& shared) : r_(r), w_(w), shared_(shared) {}

 protected:
  void count_error(const v1::ServerEnvelope& env) {
    ++w_.stats.errors_by_code[env.error().code()];
    r_.live().errors.fetch_add(1, std::memory_order_relaxed);
  }
  void count_close(int code, std::string_view error) {
    ++w_.stats.closes_by_code[code];
    if (!error.empty()) {
      ++w_.stats.failures[std::string(error)];
    }
    r_.live().closes.fetch_add(1, std::memory_order_relaxed);
  }
  void count_ack(const v1::SendAck& ack) {
    const auto now = now_us();
    w_.stats.record_ack(now - sent_us_of(ack.client_msg_id()), now);
    r_.live().acked.fetch_add(1, std::memory_order_relaxed);
  }
  void send_text_to(std::uint64_t conversation, std::string_view tag) {
    const auto now = now_us();
    conn_->send(send_text(++next_request_, conversation, tag, ++seq_, now, text_));
    w_.stats.record_sent(now);
    r_.live().sent.fetch_add(1, std::memory_order_relaxed);
  }
  std::int64_t latency_of(const v1::MessageDelivery& d) {
    return now_us() - sent_us_of(d.message().client_msg_id());
  }

  runner& r_;
  worker& w_;
  chat_shared& shared_;
  std::shared_ptr<ws_connection> conn_;
  std::uint64_t next_request_ = 100;
  std::uint64_t seq_ = 0;
  std::string text_ = "hello, is this in stock?";
  v1::ServerEnvelope env_;
};

class agent_actor final : public actor {
 public:
  agent_actor(runner& r, worker& w, chat_shared& shared, std::string id)
      : actor(r, w, shared), id_(std::move(id)) {
    text_ = "yes, it ships today";
  }

  void start() {
    conn_ = ws_connection::create(w_.loop, *this);
    conn_->connect(r_.target_for(r_.agent_token(id_)));
  }
  void stop() { conn_->close(); }

  void on_open() override {
    r_.live().open.fetch_add(1);
    conn_->send(set_online(online_request));
  }

  void on_frame(std::string_view bytes) override {
    if (!env_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return;
    }
    switch (env_.body_case()) {
      case v1::ServerEnvelope::kOk:
        if (env_.request_id() == online_request) {
          shared_.agents_online.fetch_add(1);
        }
        break;
      case v1::ServerEnvelope::kOffer:
        conn_->send(accept_offer(++next_request_, env_.offer().conversation().conversation_id()));
        break;
      case v1::ServerEnvelope::kMessage:
        on_message(env_.message());
        break;
      case v1::ServerEnvelope::kSendAck:
        on_ack(env_.send_ack());
        break;
      case v1::ServerEnvelope::kError:
        count_error(env_);
        break;
      default:
        break;
    }
  }

  void on_closed(int code, std::string_view error) override {
    r_.live().open.fetch_sub(1);
    count_close(code, error);
    shared_.agents_closed.fetch_add(1);
  }

 private:
  void on_message(const v1::MessageDelivery& d) {
    if (d.message().sender_role() != v1::ROLE_CUSTOMER) {
      return;
    }
    const auto now = now_us();
    w_.stats.record_delivery(w_.stats.to_agent, latency_of(d), now);
    r_.live().delivered.fetch_add(1, std::memory_order_relaxed);
    const auto conversation = d.message().conversation_id();
    auto reply = [this, conversation] {
      const int n = ++replies_[conversation];
      send_text_to(conversation, n >= r_.opts().messages ? "last" : "a");
    };
    if (r_.opts().agent_think_ms > 0) {
      w_.loop.after(std::chrono::microseconds(static_cast<std::int64_t>(
                        r_.opts().agent_think_ms * 1000)),
                    reply);
    } else {
      reply();
    }
  }

  void on_ack(const v1::SendAck& ack) {
    count_ack(ack);
    // Close only once the last reply is durable and fanned out, so the customer receives it.
    if (ack.client_msg_id().find(".last.") != std::string::npos) {
      replies_.erase(ack.conversation_id());
      conn_->send(close_conversation(++next_request_, ack.conversation_id()));
    }
  }

  std::string id_;
  std::unordered_map<std::uint64_t, int> replies_;
};

class customer_actor final : public actor {
 public:
  customer_actor(runner& r, worker& w, chat_shared& shared, std::string id, std::uint64_t seed)
      : actor(r, w, shared), id_(std::move(id)), rng_(seed) {}

  void start() {
    conn_ = ws_connection::create(w_.loop, *this);
    conn_->connect(r_.target_for(r_.customer_token(id_)));
    w_.loop.after(std::chrono::seconds(static_cast<int>(customer_timeout_s)), [this] {
      if (!done_) {
        shared_.customers_timed_out.fetch_add(1);
        conn_->close();
      }
    });
  }

  void on_open() override {
    r_.live().open.fetch_add(1);
    opened_ = true;
    started_us_ = now_us();
    conn_->send(start_conversation(start_request));
    ++w_.stats.conversations_started;
  }

  void on_frame(std::string_view bytes) override {
    if (!env_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return;
    }
    switch (env_.body_case()) {
      case v1::ServerEnvelope::kConversationStarted:
        conversation_ = env_.conversation_started().conversation().conversation_id();
        break;
      case v1::ServerEnvelope::kAssigned:
        if (!assigned_) {
          assigned_ = true;
          conversation_ = env_.assigned().conversation().conversation_id();
          w_.stats.routing.record(now_us() - started_us_);
          ++w_.stats.conversations_assigned;
          think_then_write();
        }
        break;
      case v1::ServerEnvelope::kMessage:
        on_message(env_.message());
        break;
      case v1::ServerEnvelope::kSendAck:
        count_ack(env_.send_ack());
        break;
      case v1::ServerEnvelope::kConversationClosed:
        ++w_.stats.conversations_completed;
        conn_->close();
        break;
      case v1::ServerEnvelope::kError:
        count_error(env_);
        break;
      default:
        break;
    }
  }

  void on_closed(int code, std::string_view error) override {
    if (opened_) {
      r_.live().open.fetch_sub(1);
    } else {
      ++w_.stats.connect_failures;
    }
    count_close(code, error);
    done_ = true;
    shared_.customers_done.fetch_add(1);
  }

 private:
  void on_message(const v1::MessageDelivery& d) {
    if (d.message().sender_role() != v1::ROLE_AGENT) {
      return;
    }
    const auto now = now_us();
    w_.stats.record_delivery(w_.stats.to_customer, latency_of(d), now);
    r_.live().delivered.fetch_add(1, std::memory_order_relaxed);
    if (written_ < r_.opts().messages) {
      think_then_write();
    }
  }

  void think_then_write() {
    std::exponential_distribution<double> think(1.0 / std::max(r_.opts().think_ms, 0.001));
    const auto delay = std::chrono::microseconds(static_cast<std::int64_t>(think(rng_) * 1000));
    w_.loop.after(delay, [this] {
      if (!done_) {
        ++written_;
        send_text_to(conversation_, "c");
      }
    });
  }

  std::string id_;
  std::mt19937_64 rng_;
  std::uint64_t conversation_ = 0;
  std::int64_t started_us_ = 0;
  int written_ = 0;
  bool assigned_ = false;
  bool opened_ = false;
  bool done_ = false;
};

}  // namespace

std::string run_chat(runner& r) {
  const auto& o = r.opts();
  chat_shared shared;
  auto ids = r.agent_ids();
  ids.resize(std::min<std::size_t>(ids.size(), static_cast<std::size_t>(o.agents)));
  if (ids.empty()) {
    throw std::runtime_error("the config lists no agents");
  }
  const auto run_id = o.run_id.empty() ? fmt::format("{}", wall_ms() % 100000000) : o.run_id;
  std::vector<std::vector<std::unique_ptr<actor>>> owned(r.size());
  std::vector<agent_actor*> agents;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto a = std::make_unique<agent_actor>(r, r.at(i), shared, ids[i]);
    agents.push_back(a.get());
    owned[i % r.size()].push_back(std::move(a));
  }
  const auto t0 = now_us();
  r.set_series_start(t0);
  const auto server_before = sample_process(o.server_pid);
  std::optional<process_sample> server_after;
  std::int64_t arrivals_start_us = 0;
  std::int64_t arrivals_end_us = 0;
  std::int64_t customers_end_us = 0;

  // Everything is orchestrated from worker 0: agents first, then arrivals, then shutdown.
  auto& w0 = r.at(0);
  std::function<void()> wait_online;
  std::function<void(int, std::int64_t)> arrive;
  std::function<void()> wait_done;
  std::function<void()> wait_closed;
  std::mt19937_64 arrivals_rng(42);
  std::exponential_distribution<double> gap_s(o.arrival_per_s);
  arrive = [&](int i, std::int64_t at_us) {
    auto& w = r.at(static_cast<std::size_t>(i));
    w.loop.post([&, i] {
      auto c = std::make_unique<customer_actor>(r, w, shared, fmt::format("lc-{}-{}", run_id, i),
                                                static_cast<std::uint64_t>(i) + 1);
      c->start();
      owned[static_cast<std::size_t>(i) % r.size()].push_back(std::move(c));
    });
    if (i + 1 < o.customers) {
      const auto next = at_us + static_cast<std::int64_t>(gap_s(arrivals_rng) * 1e6);
      w0.loop.after(std::chrono::microseconds(std::max<std::int64_t>(next - now_us(), 0)),
                    [&, i, next] { arrive(i + 1, next); });
    } else {
      arrivals_end_us = now_us();
      wait_done();
    }
  };
  wait_online = [&] {
    if (shared.agents_online.load() < static_cast<int>(agents.size())) {
      w0.loop.after(std::chrono::milliseconds(10), wait_online);
      return;
    }
    r.set_phase("customers");
    arrivals_start_us = now_us();
    arrive(0, arrivals_start_us);
  };
  wait_done = [&] {
    if (shared.customers_done.load() < o.customers) {
      w0.loop.after(std::chrono::milliseconds(20), wait_done);
      return;
    }
    server_after = sample_process(o.server_pid);
    customers_end_us = now_us();
    r.set_phase("closing");
    for (std::size_t i = 0; i < agents.size(); ++i) {
      r.at(i).loop.post([a = agents[i]] { a->stop(); });
    }
    wait_closed();
  };
  wait_closed = [&] {
    if (shared.agents_closed.load() < static_cast<int>(agents.size())) {
      w0.loop.after(std::chrono::milliseconds(20), wait_closed);
    } else {
      r.finish();
    }
  };
  r.set_phase("agents");
  for (std::size_t i = 0; i < agents.size(); ++i) {
    r.at(i).loop.post([a = agents[i]] { a->start(); });
  }
  w0.loop.post(wait_online);
  const auto self_before = sample_self();
  const bool in_time = r.run();
  const auto self_after = sample_self();
  if (!server_after) {
    server_after = sample_process(o.server_pid);
  }
  if (customers_end_us == 0) {
    customers_end_us = now_us();
  }
  const auto s = r.merged();
  const double seconds = static_cast<double>(customers_end_us - arrivals_start_us) / 1e6;
  const double acked_per_s = seconds > 0 ? static_cast<double>(s.acked) / seconds : 0.0;
  const double arrival_seconds = static_cast<double>(arrivals_end_us - arrivals_start_us) / 1e6;

  fmt::print("chat: {} customers ({:.1f}/s offered, {:.1f}/s achieved), {} agents, {} messages "
             "each; {} completed, {} timed out, {:.1f} s\n",
             o.customers, o.arrival_per_s,
             arrival_seconds > 0 ? (o.customers - 1) / arrival_seconds : 0.0, agents.size(),
             o.messages, s.conversations_completed, shared.customers_timed_out.load(), seconds);
  fmt::print("  routing    p50 {:8.0f} us  p99 {:8.0f} us  (StartConversation -> Assigned)\n",
             s.routing.percentile(0.5), s.routing.percentile(0.99));
  fmt::print("  to agent   p50 {:8.0f} us  p99 {:8.0f} us  p999 {:8.0f} us\n",
             s.to_agent.percentile(0.5), s.to_agent.percentile(0.99),
             s.to_agent.percentile(0.999));
  fmt::print("  to customer p50 {:7.0f} us  p99 {:8.0f} us\n", s.to_customer.percentile(0.5),
             s.to_customer.percentile(0.99));
  fmt::print("  acked sends {:.0f}/s, errors {}, server {}\n", acked_per_s,
             s.errors_by_code.size(), server_json(server_before, server_after));

  return json_object{}
      .str("mode", "chat")
      .boolean("completed_in_time", in_time)
      .integer("customers", o.customers)
      .integer("agents", static_cast<std::int64_t>(agents.size()))
      .num("arrival_per_s", o.arrival_per_s)
      .integer("messages_per_customer", o.messages)
      .num("think_ms", o.think_ms)
      .num("agent_think_ms", o.agent_think_ms)
      .num("duration_s", seconds)
      .integer("conversations_started", static_cast<std::int64_t>(s.conversations_started))
      .integer("conversations_assigned", static_cast<std::int64_t>(s.conversations_assigned))
      .integer("conversations_completed", static_cast<std::int64_t>(s.conversations_completed))
      .integer("customers_timed_out", shared.customers_timed_out.load())
      .integer("sent", static_cast<std::int64_t>(s.sent))
      .integer("acked", static_cast<std::int64_t>(s.acked))
      .num("acked_per_s", acked_per_s)
      .raw("routing_latency_us", latency_json(s.routing))
      .raw("to_agent_latency_us", latency_json(s.to_agent))
      .raw("to_customer_latency_us", latency_json(s.to_customer))
      .raw("ack_latency_us", latency_json(s.ack))
      .raw("problems", problems_json(s))
      .raw("server", server_json(server_before, server_after))
      .raw("loadgen", server_json(self_before, self_after))
      .dump();
}

}  // namespace fenliu::load
