#include "gateway/app/router_bridge.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "gateway/app/handlers.hpp"

namespace fenliu::gateway {
namespace {

store::conversation_state to_store(router::conversation_phase p) {
  switch (p) {
    case router::conversation_phase::queued:
      return store::conversation_state::queued;
    case router::conversation_phase::offered:
      return store::conversation_state::offered;
    case router::conversation_phase::active:
      return store::conversation_state::active;
    case router::conversation_phase::wrap_up:
      return store::conversation_state::wrap_up;
    case router::conversation_phase::closed:
      return store::conversation_state::closed;
    case router::conversation_phase::left_message:
      return store::conversation_state::left_message;
    case router::conversation_phase::abandoned:
      return store::conversation_state::abandoned;
  }
  return store::conversation_state::queued;
}

}  // namespace

void router_bridge::operator()(const router::router_action& action) {
  std::visit([this](const auto& a) { on(a); }, action);
}

std::string router_bridge::display_name(const std::string& agent) const {
  for (const auto& a : svc_.config.shop.agents) {
    if (a.id == agent) {
      return a.display_name;
    }
  }
  return agent;
}

void router_bridge::persist(store::conversation_id id) {
  auto c = svc_.hub.conversation(id);
  if (!c) {
    return;
  }
  store::conversation_record rec;
  rec.id = id;
  rec.stage = to_store_stage(c->stage);
  rec.state = c->state;
  rec.agent_id = c->agent;
  rec.queued_at = c->created_at;
  rec.updated_at = now_ms();
  if (auto ec = svc_.store.update_conversation(rec)) {
    spdlog::warn("conversation {}: state not persisted: {}", id, ec.message());
  }
}

void router_bridge::on(const router::action::offer& a) {
  svc_.hub.update(a.conversation, [](conversation_entry& c) {
    c.state = store::conversation_state::offered;
  });
  auto c = svc_.hub.conversation(a.conversation);
  if (!c) {
    return;
  }
  v1::ServerEnvelope env;
  auto* offer = env.mutable_offer();
  handlers::fill_info(*c, *offer->mutable_conversation());
  offer->set_expires_at_ms(a.expires_at);
  offer->set_reason(a.rule);
  svc_.hub.send_to(a.agent, encode(env));
}

void router_bridge::on(const router::action::offer_revoked& a) {
  v1::ServerEnvelope env;
  env.mutable_offer_revoked()->set_conversation_id(a.conversation);
  env.mutable_offer_revoked()->set_reason(a.reason);
  svc_.hub.send_to(a.agent, encode(env));
}

void router_bridge::on(const router::action::assigned& a) {
  const bool known = svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    c.agent = a.agent;
    c.stage = a.stage_;
    c.state = store::conversation_state::active;
  });
  if (!known) {
    return;
  }
  auto c = *svc_.hub.conversation(a.conversation);
  persist(a.conversation);
  v1::ServerEnvelope env;
  auto* assigned = env.mutable_assigned();
  handlers::fill_info(c, *assigned->mutable_conversation());
  assigned->set_agent_display_name(display_name(a.agent));
  svc_.hub.send_to(c.customer, encode(env));
  assigned->set_transfer_note(a.transfer_note);  // staff only
  const auto staff_frame = encode(env);
  svc_.hub.send_to(a.agent, staff_frame);
  if (a.previous_agent && *a.previous_agent != a.agent) {
    svc_.hub.send_to(*a.previous_agent, staff_frame);
  }
  // Remember who served this buyer, for sticky routing next time.
  const auto served_at = now_ms();
  svc_.store.get_customer(c.customer, [&svc = svc_, c, agent = a.agent, served_at](
                                          std::error_code ec, store::customer_row row) {
    if (ec) {
      row = {};
      row.id = c.customer;
      row.shop_id = svc.config.shop.id;
    }
    row.last_agent_id = agent;
    row.last_served_at = served_at;
    (void)svc.store.upsert_customer(std::move(row));
  });
}

void router_bridge::on(const router::action::unassigned& a) {
  svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    if (c.agent == a.agent) {
      c.agent.clear();
      c.state = store::conversation_state::queued;
    }
  });
  persist(a.conversation);
  v1::ServerEnvelope env;
  env.mutable_unassigned()->set_conversation_id(a.conversation);
  env.mutable_unassigned()->set_reason(a.reason);
  svc_.hub.send_to(a.agent, encode(env));
}

void router_bridge::on(const router::action::queue_status& a) {
  v1::ServerEnvelope env;
  auto* q = env.mutable_queue_status();
  q->set_conversation_id(a.conversation);
  q->set_position(static_cast<std::uint32_t>(a.position));
  q->set_eta_seconds(static_cast<std::uint32_t>(a.eta_s));
  q->set_stage(to_v1(a.stage_));
  q->set_leave_message_offered(a.leave_message_offered);
  q->set_waiting_for_previous_agent(a.waiting_for_previous_agent);
  svc_.hub.send_to(a.customer, encode(env), delivery_class::ephemeral);
}

void router_bridge::on(const router::action::stage_changed& a) {
  svc_.hub.update(a.conversation, [&](conversation_entry& c) { c.stage = a.to; });
  persist(a.conversation);
  v1::ServerEnvelope env;
  auto* s = env.mutable_stage_changed();
  s->set_conversation_id(a.conversation);
  s->set_from(to_v1(a.from));
  s->set_to(to_v1(a.to));
  s->set_reason(a.reason);
  svc_.hub.fan_out(a.conversation, encode(env), false, nullptr);
}

void router_bridge::on(const router::action::phase_changed& a) {
  const auto state = to_store(a.phase);
  store::conversation_state before = state;
  svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    before = c.state;
    c.state = state;
  });
  persist(a.conversation);
  // For the customer the conversation ends when the agent closes it (wrap-up is the agent's
  // time); tell them once, whether or not a wrap-up phase comes first.
  const bool ended_now = state == store::conversation_state::wrap_up ||
                         (state == store::conversation_state::closed &&
                          before != store::conversation_state::wrap_up);
  if (state == store::conversation_state::left_message) {
    // Nobody can take it now: the customer may leave a message, served first next shift.
    if (auto c = svc_.hub.conversation(a.conversation)) {
      v1::ServerEnvelope env;
      auto* q = env.mutable_queue_status();
      q->set_conversation_id(a.conversation);
      q->set_stage(to_v1(c->stage));
      q->set_leave_message_offered(true);
      svc_.hub.send_to(c->customer, encode(env));
    }
  }
  if (ended_now) {
    if (auto c = svc_.hub.conversation(a.conversation)) {
      v1::ServerEnvelope env;
      auto* closed = env.mutable_conversation_closed();
      closed->set_conversation_id(a.conversation);
      closed->set_closed_by(c->agent);
      closed->set_rating_invited(true);
      svc_.hub.fan_out(a.conversation, encode(env), false, nullptr);
    }
  }
  if (state == store::conversation_state::closed) {
    // Closed conversations live on in the store only (history, rating, QA).
    svc_.hub.erase_conversation(a.conversation);
  }
}

void router_bridge::on(const router::action::agent_state_changed& a) {
  v1::ServerEnvelope env;
  auto* s = env.mutable_agent_state_changed();
  s->set_agent_id(a.agent);
  s->set_state(to_v1(a.state));
  s->set_reason(a.reason);
  s->set_load(static_cast<std::uint32_t>(a.load));
  s->set_capacity(static_cast<std::uint32_t>(a.capacity));
  auto frame = encode(env);
  svc_.hub.send_to(a.agent, frame);
  svc_.hub.send_to_board(frame);
}

void router_bridge::on(const router::action::supervisor_alert& a) {
  v1::ServerEnvelope env;
  auto* alert = env.mutable_alert();
  alert->set_kind(a.kind);
  alert->set_conversation_id(a.conversation);
  alert->set_stage(to_v1(a.stage_));
  alert->set_text(a.text);
  svc_.hub.send_to_role(role::supervisor, encode(env));
}

void router_bridge::on(const router::action::decision& a) {
  const auto& r = a.record;
  boost::json::array candidates;
  for (const auto& c : r.candidates) {
    candidates.push_back({{"agent", c.agent}, {"rejected_because", c.rejected_because}});
  }
  store::decision_row row{r.conversation, r.at, r.rule, r.winner.value_or(""),
                          boost::json::serialize(candidates)};
  spdlog::debug("decision conversation={} rule={} winner={} candidates={}", r.conversation, r.rule,
                row.winner, r.candidates.size());
  (void)svc_.store.record_decision(std::move(row));
}

}  // namespace fenliu::gateway
