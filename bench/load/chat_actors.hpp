#pragma once
// The chat scenario's actors: an agent that answers every customer message and closes the
// conversation after the last answer is durable, and a customer that starts a conversation and
// writes with exponential think times. Used by chat.cpp only.

#include <atomic>
#include <random>
#include <unordered_map>

#include "frames.hpp"
#include "runner.hpp"

namespace fenliu::load::chat_detail {

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
      w_.loop.after(
          std::chrono::microseconds(static_cast<std::int64_t>(r_.opts().agent_think_ms * 1000)),
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

}  // namespace fenliu::load::chat_detail
