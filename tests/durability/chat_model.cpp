// A participant's reaction to server frames: what it learns, what it checks.
#include "chat_model.hpp"

#include <fmt/format.h>

namespace fenliu::durability {

constexpr auto retry_pause = std::chrono::milliseconds(200);
constexpr int max_resume_rounds = 5;

participant::participant(ledger& l, bool agent, std::string id, std::string token, unsigned seed,
                         bool start_every_connection)
    : ledger_(l),
      agent_(agent),
      id_(std::move(id)),
      token_(std::move(token)),
      rng_(seed),
      start_every_connection_(start_every_connection) {}

std::uint64_t participant::next_request(request r) {
  const auto id = ++request_id_;
  requests_.emplace(id, std::move(r));
  ledger_.frames_sent.fetch_add(1);
  return id;
}

steady::duration participant::gap() {
  const auto& s = ledger_.plan();
  std::uniform_int_distribution<int> d(s.min_gap_ms, s.max_gap_ms);
  return std::chrono::milliseconds(d(rng_));
}

void participant::on_open(outbox&, steady::time_point now) {
  if (!start_at_) {
    std::uniform_int_distribution<int> spread(0, ledger_.plan().start_spread_ms);
    start_at_ = now + std::chrono::milliseconds(spread(rng_));
  }
  open_ = true;
  welcomed_ = false;
  ++ledger_.connections;
}

void participant::on_closed() {
  open_ = false;
  welcomed_ = false;
  start_in_flight_ = false;
  started_here_ = false;
  state_in_flight_ = false;
  online_ = false;
  requests_.clear();
  live_.clear();
  for (auto& [_, p] : pending_) {
    p.in_flight = false;
    p.retry_at = {};
  }
}

void participant::on_frame(const v1::ServerEnvelope& env, outbox& out, steady::time_point now) {
  if (env.has_welcome()) {
    on_welcome(env.welcome(), out);
    return;
  }
  if (env.has_message()) {
    on_delivery(env.message().message());
    return;
  }
  if (env.has_assigned()) {
    if (agent_) {
      adopt(env.assigned().conversation().conversation_id(), false);
    }
    return;
  }
  if (env.has_unassigned()) {
    if (agent_) {
      drop(env.unassigned().conversation_id());
    }
    return;
  }
  auto it = requests_.find(env.request_id());
  if (env.request_id() == 0 || it == requests_.end()) {
    return;  // pushes this client does not act on: queue status, typing, agent state
  }
  const request r = it->second;
  requests_.erase(it);
  if (env.has_send_ack()) {
    on_ack(r, env.send_ack());
  } else if (env.has_resume_result()) {
    on_resume_result(r, env.resume_result());
  } else if (env.has_error()) {
    on_error(r, env.error(), now);
  } else if (env.has_conversation_started()) {
    start_in_flight_ = false;
    started_here_ = true;
    const auto& started = env.conversation_started();
    const auto id = started.conversation().conversation_id();
    if (started.resumed()) {
      ++ledger_.resumed_starts;
    } else if (customer_conversation_ != 0) {
      ledger_.violation(fmt::format("{}: StartConversation opened {} beside open {}", id_, id,
                                    customer_conversation_));
    }
    if (customer_conversation_ == 0) {
      customer_conversation_ = id;
      ledger_.conversation(id).customer = id_;
    } else if (customer_conversation_ != id) {
      ledger_.violation(fmt::format("{}: StartConversation returned {} instead of {}", id_, id,
                                    customer_conversation_));
    }
    live_[id];
  } else if (env.has_ok() && r.kind == request_kind::set_state) {
    state_in_flight_ = false;
    online_ = true;
  }
}

void participant::on_welcome(const v1::Welcome& w, outbox&) {
  welcomed_ = true;
  const std::set<std::uint64_t> open(w.open_conversations().begin(),
                                     w.open_conversations().end());
  if (!agent_) {
    if (customer_conversation_ != 0) {
      if (!open.contains(customer_conversation_)) {
        ledger_.violation(fmt::format("{}: conversation {} missing from Welcome", id_,
                                      customer_conversation_));
      }
      live_[customer_conversation_];
    }
    return;
  }
  // The server is the authority after a reconnect: an assignment it announced but had not
  // committed before a crash is gone, and the conversation may be routed to another agent.
  const std::vector<std::uint64_t> had(owned_.begin(), owned_.end());
  for (auto id : had) {
    if (!open.contains(id)) {
      ++ledger_.lost_on_restart;
      drop(id);
    }
  }
  for (auto id : open) {
    adopt(id, true);
  }
}

void participant::adopt(std::uint64_t id, bool) {
  auto& c = ledger_.conversation(id);
  if (owned_.insert(id).second && !c.owner.empty() && c.owner != id_) {
    ++ledger_.reassigned;
  }
  c.owner = id_;
  live_[id];
}

void participant::drop(std::uint64_t id) {
  owned_.erase(id);
  live_.erase(id);
  auto& c = ledger_.conversation(id);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.conversation != id) {
      ++it;
      continue;
    }
    if (auto* m = ledger_.find(id_, it->first); m != nullptr && m->acked_seq == 0) {
      m->given_up = true;
      ++ledger_.given_up;
      ledger_.outstanding.fetch_sub(1);
      --c.agent_live;
    }
    it = pending_.erase(it);
  }
}

void participant::record_seq(std::uint64_t conversation, std::uint64_t seq) {
  auto& v = views_[conversation];
  if (!v.seen.insert(seq).second) {
    return;  // a replay overlapping a live delivery, or a duplicate ack
  }
  auto it = live_.find(conversation);
  if (it != live_.end() && it->second.resumed && seq != v.contiguous + 1) {
    ledger_.violation(fmt::format("{}: conversation {}: seq {} arrived live after {}", id_,
                                  conversation, seq, v.contiguous));
  }
  while (v.seen.contains(v.contiguous + 1)) {
    ++v.contiguous;
  }
}

void participant::on_delivery(const v1::ChatMessage& m) {
  record_seq(m.conversation_id(), m.seq());
  auto* sent = ledger_.find(m.sender_id(), m.client_msg_id());
  if (sent == nullptr) {
    ledger_.violation(fmt::format("{}: conversation {} seq {}: unknown message {} from {}", id_,
                                  m.conversation_id(), m.seq(), m.client_msg_id(), m.sender_id()));
    return;
  }
  if (m.content().text() != sent->text || sent->conversation != m.conversation_id()) {
    ledger_.violation(fmt::format("{}: seq {} ({}): text or conversation differs", id_, m.seq(),
                                  m.client_msg_id()));
  }
  if (sent->observed_seq == 0) {
    sent->observed_seq = m.seq();
  } else if (sent->observed_seq != m.seq()) {
    ledger_.violation(fmt::format("{}: {} seen at seq {} and at seq {}", id_, m.client_msg_id(),
                                  sent->observed_seq, m.seq()));
  }
  if (sent->acked_seq != 0 && sent->acked_seq != m.seq()) {
    ledger_.violation(fmt::format("{}: {} acked as {} but delivered as {}", id_,
                                  m.client_msg_id(), sent->acked_seq, m.seq()));
  }
}

void participant::on_ack(const request& r, const v1::SendAck& ack) {
  auto* sent = ledger_.find(id_, r.client_msg_id);
  if (sent == nullptr || ack.client_msg_id() != r.client_msg_id ||
      ack.conversation_id() != r.conversation || ack.seq() == 0) {
    ledger_.violation(fmt::format("{}: SendAck does not match its request {}", id_,
                                  r.client_msg_id));
    return;
  }
  record_seq(r.conversation, ack.seq());
  ledger_.acked(*sent, ack.seq(), ack.duplicate());
  pending_.erase(r.client_msg_id);
}

void participant::on_resume_result(const request& r, const v1::ResumeResult& res) {
  auto it = live_.find(r.conversation);
  if (it == live_.end()) {
    return;
  }
  auto& lc = it->second;
  lc.resume_in_flight = false;
  ++ledger_.resumes;
  const auto& v = views_[r.conversation];
  if (res.resync()) {
    ledger_.violation(fmt::format("{}: conversation {}: unexpected resync", id_, r.conversation));
  }
  if (res.to_seq() > v.contiguous) {
    ledger_.violation(fmt::format("{}: conversation {}: replay up to {} left a gap after {}", id_,
                                  r.conversation, res.to_seq(), v.contiguous));
  }
  if (v.contiguous < res.conversation().last_seq() && ++lc.rounds < max_resume_rounds) {
    return;  // more than one batch behind: the next tick resumes from the new position
  }
  if (v.contiguous < res.conversation().last_seq()) {
    ledger_.violation(fmt::format("{}: conversation {}: still at {} of {} after {} resumes", id_,
                                  r.conversation, v.contiguous, res.conversation().last_seq(),
                                  lc.rounds));
  }
  lc.resumed = true;
  if (lc.sync_resume && ledger_.current() == phase::syncing) {
    mark_synced(r.conversation);
  }
}

void participant::on_error(const request& r, const v1::Error& e, steady::time_point now) {
  if (e.retryable()) {
    ++ledger_.retryable_errors;
  }
  const bool refused = e.code() == v1::ERROR_CODE_NOT_A_PARTICIPANT ||
                       e.code() == v1::ERROR_CODE_CONVERSATION_CLOSED;
  if (refused && agent_ && (r.kind == request_kind::send || r.kind == request_kind::resume)) {
    drop(r.conversation);  // taken away from this agent
    return;
  }
  if (refused) {
    ledger_.violation(fmt::format("{}: conversation {} refused with code {}", id_, r.conversation,
                                  static_cast<int>(e.code())));
  }
  switch (r.kind) {
    case request_kind::send:
      if (auto p = pending_.find(r.client_msg_id); p != pending_.end()) {
        p->second.in_flight = false;
        p->second.retry_at = now + retry_pause;
      }
      break;
    case request_kind::resume:
      if (auto it = live_.find(r.conversation); it != live_.end()) {
        it->second.resume_in_flight = false;
        it->second.retry_at = now + retry_pause;
      }
      break;
    case request_kind::start:
      start_in_flight_ = false;
      control_retry_at_ = now + retry_pause;
      break;
    case request_kind::set_state:
      state_in_flight_ = false;
      control_retry_at_ = now + retry_pause;
      break;
  }
}

}  // namespace fenliu::durability
