// A participant's own initiative on each tick: start, go online, resume, send, resend.
#include "chat_model.hpp"

#include <fmt/format.h>

namespace fenliu::durability {

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
