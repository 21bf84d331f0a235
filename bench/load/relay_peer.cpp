#include "relay_peer.hpp"

#include "frames.hpp"

namespace fenliu::load {
namespace {

constexpr std::uint64_t setup_request = 1;
// Sends use request ids from here on, so an Error for a send can free its window slot.
constexpr std::uint64_t first_send_request = 100;

}  // namespace

relay_peer::relay_peer(runner& r, worker& w, relay_shared& shared, kind k, std::string tag)
    : r_(r),
      w_(w),
      shared_(shared),
      kind_(k),
      tag_(std::move(tag)),
      text_(static_cast<std::size_t>(std::max(1, r.opts().text_bytes)), 'x') {}

void relay_peer::start(const connect_target& target) {
  conn_ = ws_connection::create(w_.loop, *this);
  conn_->connect(target);
}

void relay_peer::stop() {
  if (!conn_) {
    return;
  }
  // Agents close their conversations so that their capacity is free for the next scenario.
  if (kind_ == kind::agent && opened_ && !closed_) {
    for (const auto id : conversations_) {
      conn_->send(close_conversation(++next_request_, id));
    }
  }
  conn_->close();
}

bool relay_peer::try_send() {
  if (!opened_ || closed_ || backing_off_ || conversations_.empty() ||
      in_flight_ >= r_.opts().window) {
    return false;
  }
  const auto conversation = conversations_[next_conversation_++ % conversations_.size()];
  const auto now = now_us();
  conn_->send(send_text(++next_request_, conversation, tag_, ++seq_, now, text_));
  ++in_flight_;
  shared_.in_flight.fetch_add(1, std::memory_order_relaxed);
  w_.stats.record_sent(now);
  r_.live().sent.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void relay_peer::on_open() {
  opened_ = true;
  shared_.opened.fetch_add(1);
  r_.live().open.fetch_add(1);
  switch (kind_) {
    case kind::customer:
      conn_->send(start_conversation(setup_request));
      break;
    case kind::agent:
      conn_->send(set_online(setup_request));
      break;
    case kind::echo:
      conversations_.push_back(1);  // the echo server knows no conversations; any id will do
      break;
  }
}

void relay_peer::on_frame(std::string_view bytes) {
  if (kind_ == kind::echo) {
    on_echo(bytes);
  } else {
    on_server_frame(bytes);
  }
}

void relay_peer::on_server_frame(std::string_view bytes) {
  if (!env_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return;
  }
  switch (env_.body_case()) {
    case v1::ServerEnvelope::kOk:
      if (env_.request_id() == setup_request && kind_ == kind::agent) {
        shared_.agents_online.fetch_add(1);
      }
      break;
    case v1::ServerEnvelope::kOffer:
      conn_->send(accept_offer(++next_request_, env_.offer().conversation().conversation_id()));
      break;
    case v1::ServerEnvelope::kAssigned: {
      const auto id = env_.assigned().conversation().conversation_id();
      if (kind_ == kind::agent) {
        conversations_.push_back(id);
        shared_.agent_assignments.fetch_add(1);
      } else if (conversations_.empty()) {
        conversations_.push_back(id);
        shared_.customers_assigned.fetch_add(1);
      }
      break;
    }
    case v1::ServerEnvelope::kMessage: {
      const auto now = now_us();
      w_.stats.record_delivery(w_.stats.relay,
                               now - sent_us_of(env_.message().message().client_msg_id()), now);
      r_.live().delivered.fetch_add(1, std::memory_order_relaxed);
      break;
    }
    case v1::ServerEnvelope::kSendAck: {
      const auto now = now_us();
      w_.stats.record_ack(now - sent_us_of(env_.send_ack().client_msg_id()), now);
      r_.live().acked.fetch_add(1, std::memory_order_relaxed);
      on_sent_done();
      break;
    }
    case v1::ServerEnvelope::kError:
      ++w_.stats.errors_by_code[env_.error().code()];
      r_.live().errors.fetch_add(1, std::memory_order_relaxed);
      if (env_.request_id() > first_send_request) {
        if (env_.error().code() == v1::ERROR_CODE_OVERLOADED &&
            env_.error().retry_after_ms() > 0) {
          back_off(env_.error().retry_after_ms());
        }
        on_sent_done();
      }
      break;
    default:
      break;
  }
}

void relay_peer::on_echo(std::string_view bytes) {
  if (!echoed_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !echoed_.has_send_message()) {
    return;
  }
  const auto now = now_us();
  const auto latency = now - sent_us_of(echoed_.send_message().client_msg_id());
  w_.stats.record_delivery(w_.stats.relay, latency, now);
  w_.stats.record_ack(latency, now);
  r_.live().delivered.fetch_add(1, std::memory_order_relaxed);
  r_.live().acked.fetch_add(1, std::memory_order_relaxed);
  on_sent_done();
}

void relay_peer::on_sent_done() {
  if (in_flight_ > 0) {
    --in_flight_;
    shared_.in_flight.fetch_sub(1, std::memory_order_relaxed);
  }
  if (refill_) {
    try_send();
  }
}

void relay_peer::back_off(std::uint32_t retry_after_ms) {
  ++w_.stats.backoffs;
  if (backing_off_) {
    return;
  }
  backing_off_ = true;
  w_.loop.after(std::chrono::milliseconds(retry_after_ms), [this] {
    backing_off_ = false;
    if (refill_) {
      while (try_send()) {
      }
    }
  });
}

void relay_peer::on_closed(int close_code, std::string_view error) {
  closed_ = true;
  if (opened_) {
    r_.live().open.fetch_sub(1);
  } else {
    ++w_.stats.connect_failures;
  }
  ++w_.stats.closes_by_code[close_code];
  if (!error.empty()) {
    ++w_.stats.failures[std::string(error)];
  }
  r_.live().closes.fetch_add(1, std::memory_order_relaxed);
  shared_.in_flight.fetch_sub(in_flight_, std::memory_order_relaxed);
  in_flight_ = 0;
  shared_.closed.fetch_add(1);
}

}  // namespace fenliu::load
