#include "chat_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fenliu::durability {

constexpr std::size_t max_kept_violations = 200;
constexpr auto retry_pause = std::chrono::milliseconds(200);
constexpr int max_resume_rounds = 5;

void ledger::violation(std::string what) {
  ++violation_count_;
  if (violations_.size() < max_kept_violations) {
    violations_.push_back(std::move(what));
  }
}

sent_message& ledger::message(const std::string& sender, const std::string& client_msg_id) {
  return messages_[{sender, client_msg_id}];
}

sent_message* ledger::find(const std::string& sender, const std::string& client_msg_id) {
  auto it = messages_.find({sender, client_msg_id});
  return it == messages_.end() ? nullptr : &it->second;
}

void ledger::acked(sent_message& m, std::uint64_t seq, bool duplicate) {
  if (duplicate) {
    ++duplicate_acks;
  }
  if (m.observed_seq != 0 && m.observed_seq != seq) {
    violation(fmt::format("{} {}: acked with seq {} but delivered as seq {}", m.sender,
                          m.client_msg_id, seq, m.observed_seq));
  }
  if (m.acked_seq != 0) {
    if (m.acked_seq != seq) {
      violation(fmt::format("{} {}: acked with seq {} and later with seq {}", m.sender,
                            m.client_msg_id, m.acked_seq, seq));
    }
    return;
  }
  if (!m.given_up) {
    outstanding.fetch_sub(1);
  }
  m.acked_seq = seq;
  acked_total.fetch_add(1);
  auto& c = conversation(m.conversation);
  if (m.sender == c.customer) {
    ++c.customer_acked;
  } else {
    ++c.agent_acked;
  }
}

void ledger::update_phase() {
  const int want = scenario_.messages_per_side;
  if (phase_ == phase::sending) {
    std::size_t done = 0;
    for (const auto& [id, c] : conversations_) {
      if (!c.customer.empty() && c.customer_acked >= want && c.agent_acked >= want) {
        ++done;
      }
    }
    if (done >= static_cast<std::size_t>(scenario_.conversations)) {
      phase_ = phase::syncing;
    }
    return;
  }
  if (phase_ == phase::syncing) {
    const bool all = std::all_of(conversations_.begin(), conversations_.end(), [](const auto& c) {
      return c.second.customer_synced && c.second.owner_synced;
    });
    if (all) {
      phase_ = phase::finished;
    }
  }
}

std::string text_for(const std::string& client_msg_id) {
  return fmt::format("{} 你好, is the XL in stock? ' OR '1'='1; -- \"quoted\" 🙂", client_msg_id);
}

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

void participant::on_tick(outbox& out, steady::time_point now) {
  if (!open_ || !welcomed_) {
    return;
  }
  const bool want_start =
      customer_conversation_ == 0 || (start_every_connection_ && !started_here_);
  if (!agent_ && want_start && now >= *start_at_) {
    if (!start_in_flight_ && now >= control_retry_at_) {
      v1::ClientEnvelope env;
      env.mutable_start_conversation()->set_requested_stage(v1::STAGE_PRE_SALES);
      env.mutable_start_conversation()->mutable_entry()->set_page_type("product");
      env.set_request_id(next_request({request_kind::start, 0, {}}));
      out.push_back(std::move(env));
      start_in_flight_ = true;
    }
    if (customer_conversation_ == 0) {
      return;
    }
  }
  if (agent_ && !online_ && !state_in_flight_ && now >= control_retry_at_) {
    v1::ClientEnvelope env;
    env.mutable_set_agent_state()->set_state(v1::AGENT_STATE_ONLINE);
    env.set_request_id(next_request({request_kind::set_state, 0, {}}));
    out.push_back(std::move(env));
    state_in_flight_ = true;
  }
  std::vector<std::uint64_t> ids;
  for (const auto& [id, _] : live_) {
    ids.push_back(id);
  }
  for (auto id : ids) {
    if (agent_ && ledger_.conversation(id).owner != id_) {
      drop(id);  // another agent has it now
      continue;
    }
    tick_conversation(id, out, now);
  }
}

void participant::tick_conversation(std::uint64_t id, outbox& out, steady::time_point now) {
  auto& lc = live_[id];
  const auto ph = ledger_.current();
  const bool want_resume = !lc.resumed || (ph == phase::syncing && !lc.synced);
  if (want_resume && !lc.resume_in_flight && now >= lc.retry_at) {
    v1::ClientEnvelope env;
    env.mutable_resume()->set_conversation_id(id);
    env.mutable_resume()->set_last_seq(views_[id].contiguous);
    env.set_request_id(next_request({request_kind::resume, id, {}}));
    out.push_back(std::move(env));
    lc.resume_in_flight = true;
    lc.sync_resume = ph == phase::syncing;
  }
  if (!lc.resumed) {
    return;
  }
  const auto resend_after = std::chrono::milliseconds(ledger_.plan().resend_after_ms);
  int outstanding = 0;
  for (auto& [_, p] : pending_) {
    if (p.conversation != id) {
      continue;
    }
    ++outstanding;
    const bool due = p.in_flight ? now - p.sent_at > resend_after : now >= p.retry_at;
    if (due) {
      send_pending(p, out, now);
    }
  }
  auto& next = next_new_at_[id];
  if (ph == phase::sending && outstanding < ledger_.plan().window && may_create(id) &&
      now >= next) {
    create_message(id, out, now);
    next = now + gap();
  }
}

bool participant::may_create(std::uint64_t id) const {
  const int want = ledger_.plan().messages_per_side;
  if (!agent_) {
    return customer_created_ < want;
  }
  auto it = ledger_.conversations().find(id);
  return it != ledger_.conversations().end() && it->second.agent_live < want;
}

void participant::create_message(std::uint64_t id, outbox& out, steady::time_point now) {
  std::string cmid;
  if (agent_) {
    cmid = fmt::format("{}-c{}-m{}", id_, id, ++agent_created_[id]);
    ++ledger_.conversation(id).agent_live;
  } else {
    cmid = fmt::format("{}-m{}", id_, ++customer_created_);
  }
  auto& m = ledger_.message(id_, cmid);
  ledger_.outstanding.fetch_add(1);
  m.conversation = id;
  m.sender = id_;
  m.client_msg_id = cmid;
  m.text = text_for(cmid);
  auto& p = pending_[cmid];
  p.conversation = id;
  p.client_msg_id = cmid;
  send_pending(p, out, now);
}

void participant::send_pending(pending& p, outbox& out, steady::time_point now) {
  auto* m = ledger_.find(id_, p.client_msg_id);
  v1::ClientEnvelope env;
  auto* send = env.mutable_send_message();
  send->set_conversation_id(p.conversation);
  send->set_client_msg_id(p.client_msg_id);
  send->mutable_content()->set_text(m->text);
  env.set_request_id(next_request({request_kind::send, p.conversation, p.client_msg_id}));
  out.push_back(std::move(env));
  p.in_flight = true;
  p.sent_at = now;
  if (++m->sends > 1) {
    ++ledger_.resends;
  }
}

void participant::mark_synced(std::uint64_t id) {
  auto& c = ledger_.conversation(id);
  if (!agent_ && c.customer == id_) {
    c.customer_synced = true;
  }
  if (agent_ && c.owner == id_) {
    c.owner_synced = true;
  }
  live_[id].synced = true;
}

std::map<std::uint64_t, std::set<std::uint64_t>> participant::seen() const {
  std::map<std::uint64_t, std::set<std::uint64_t>> out;
  for (const auto& [id, v] : views_) {
    out[id] = v.seen;
  }
  return out;
}

std::vector<std::uint64_t> participant::conversations() const {
  if (!agent_) {
    return customer_conversation_ == 0 ? std::vector<std::uint64_t>{}
                                       : std::vector<std::uint64_t>{customer_conversation_};
  }
  return {owned_.begin(), owned_.end()};
}

}  // namespace fenliu::durability
