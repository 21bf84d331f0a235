// The event loop and the simulated people: arrivals, patience, the message exchange, close.

#include "fenliu/sim/simulator.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fenliu::sim {

using router::time_ms;
namespace ev = router::event;

namespace {

time_ms seconds_to_ms(double s) {
  return static_cast<time_ms>(std::llround(s * 1000.0));
}

std::vector<int> capacities(const scenario& s) {
  std::vector<int> c;
  for (const auto& a : s.agents) {
    c.push_back(a.capacity);
  }
  return c;
}

// A returning buyer counts as having a previous agent when served within this window; the
// core's own sticky_days decides whether it prefers that agent.
constexpr time_ms returning_window_ms = 7LL * 86'400'000;

}  // namespace

simulator::simulator(const scenario& s)
    : scenario_(s),
      traffic_(s),
      metrics_(s.start_ms + seconds_to_ms(s.warmup_s), s.start_ms + seconds_to_ms(s.length_s),
               s.batches, capacities(s)) {}

time_ms simulator::to_ms(double s) const {
  return scenario_.start_ms + seconds_to_ms(s);
}

void simulator::push(time_ms at, ev_kind kind, router::conversation_id conv, std::uint32_t gen) {
  events_.push({at, ++seq_, kind, conv, gen});
}

void simulator::send(const router::router_event& e, time_ms now) {
  out_.clear();
  router_.handle(e, now, out_);
  metrics_.router_event();
  apply(now);
}

void simulator::configure() {
  for (std::size_t i = 0; i < scenario_.agents.size(); ++i) {
    agent_index_.emplace(scenario_.agents[i].id, i);
  }
  open_.assign(scenario_.agents.size(), 0);
  const time_ms t0 = scenario_.start_ms;
  send(ev::configure{scenario_.config, scenario_.agents}, t0);
  for (const auto& p : scenario_.peaks) {
    push(to_ms(p.start_s), ev_kind::peak, 1);
    push(to_ms(p.start_s + p.length_s), ev_kind::peak, 0);
  }
  for (const auto& v : router_.agents(t0)) {
    metrics_.agent_shift(agent_index_.at(v.id), v.on_shift, t0);
  }
  for (const auto& a : scenario_.agents) {
    send(ev::agent_connected{a.id}, t0);
  }
}

sim_report simulator::run() {
  configure();
  next_arrival_ = traffic_.next();
  if (next_arrival_) {
    push(to_ms(next_arrival_->at_s), ev_kind::arrival);
  }
  const time_ms window_end = to_ms(scenario_.length_s);
  const time_ms end = to_ms(scenario_.length_s + scenario_.drain_s);
  now_ = scenario_.start_ms;
  while (!events_.empty() && events_.top().at <= end) {
    // Shift timers tick forever: stop once every customer is done.
    if (!next_arrival_ && convs_.empty() && now_ >= window_end) {
      break;
    }
    const sim_event e = events_.top();
    events_.pop();
    now_ = e.at;
    dispatch(e);
  }
  for (const auto& [id, c] : convs_) {
    if (c.measured && !c.answered && !c.gave_up) {
      metrics_.unserved(c.batch);
    }
  }
  sim_report r = metrics_.finish(std::max(now_, window_end));
  r.scenario = scenario_.name;
  r.policy = scenario_.policy;
  r.simulated_hours = static_cast<double>(now_ - scenario_.start_ms) / 3.6e6;
  return r;
}

void simulator::dispatch(const sim_event& e) {
  if (e.kind == ev_kind::arrival) {
    on_arrival(e.at);
    return;
  }
  if (e.kind == ev_kind::peak) {
    send(ev::peak_mode_set{e.conv == 1, "schedule"}, e.at);
    return;
  }
  if (e.kind == ev_kind::router_tick) {
    if (e.gen == tick_gen_) {
      send(ev::tick{}, e.at);
    }
    return;
  }
  auto it = convs_.find(e.conv);
  if (it == convs_.end()) {
    return;
  }
  live_conv& c = it->second;
  switch (e.kind) {
    case ev_kind::patience:
      on_patience(c, e.at);
      return;
    case ev_kind::leave_message:
      if (!c.answered && !c.gave_up && !c.serving) {
        send(ev::customer_chose_leave_message{c.a.id}, e.at);
      }
      return;
    default:
      break;
  }
  if (e.gen != c.gen || !c.serving) {
    return;  // service stopped (taken back or closed) since this was scheduled
  }
  if (e.kind == ev_kind::transfer) {
    on_transfer(c, e.at);
  } else if (e.kind == ev_kind::agent_reply) {
    on_agent_reply(c, e.at);
  } else if (e.kind == ev_kind::customer_message) {
    on_customer_message(c, e.at);
  } else {
    on_close(c, e.at);
  }
}

router::event::conversation_requested simulator::request_for(const live_conv& c) const {
  ev::conversation_requested r;
  const stage_traffic& t = scenario_.traffic[c.a.traffic];
  r.conversation = c.a.id;
  r.customer = fmt::format("b{}", c.a.customer);
  r.stage_ = t.stage_;
  r.priority = c.a.priority;
  r.required_skills = sent_skills(c);
  if (scenario_.inputs.send_skills && !t.mixes.empty()) {
    r.optional_skills = t.mixes[c.a.mix].optional;
  }
  if (scenario_.inputs.send_previous_agent && c.previous_agent >= 0) {
    r.previous_agent = scenario_.agents[static_cast<std::size_t>(c.previous_agent)].id;
    r.previous_served_at = served_.at(c.a.customer).at;
  }
  return r;
}

void simulator::on_arrival(time_ms now) {
  live_conv c;
  c.a = *next_arrival_;
  c.arrived = now;
  c.measured = metrics_.measured(now);
  c.batch = metrics_.batch_of(now);
  c.remaining_ms = c.a.handling_s * 1000.0;
  c.rng = split_stream(c.a.stream);
  if (auto s = served_.find(c.a.customer);
      c.a.returning && s != served_.end() && now - s->second.at <= returning_window_ms) {
    c.previous_agent = static_cast<std::int64_t>(s->second.agent);
  }
  const router::conversation_id id = c.a.id;
  const double patience = c.a.patience_s;
  const bool measured = c.measured;
  const int batch = c.batch;
  const int priority = c.a.priority;
  convs_.emplace(id, std::move(c));
  send(request_for(convs_.at(id)), now);
  auto it = convs_.find(id);
  const bool queued = it == convs_.end() || !it->second.answered;
  if (measured) {
    metrics_.arrival(batch, queued, priority);
  }
  if (queued && std::isfinite(patience)) {
    push(now + seconds_to_ms(patience), ev_kind::patience, id);
  }
  next_arrival_ = traffic_.next();
  if (next_arrival_) {
    push(to_ms(next_arrival_->at_s), ev_kind::arrival);
  }
}

// Patience only runs out while waiting: a customer being served, or who left a message,
// stays.
void simulator::on_patience(live_conv& c, time_ms now) {
  if (!c.answered && !c.gave_up && !c.serving) {
    send(ev::customer_left{c.a.id}, now);
  }
}

void simulator::on_agent_reply(live_conv& c, time_ms now) {
  const router::conversation_id id = c.a.id;
  const std::uint32_t gen = c.gen;
  const time_ms think = seconds_to_ms(scenario_.messages.customer_think.sample(c.rng));
  send(ev::agent_replied{id, scenario_.agents[c.agent].id}, now);
  push(now + think, ev_kind::customer_message, id, gen);
}

void simulator::on_customer_message(live_conv& c, time_ms now) {
  const router::conversation_id id = c.a.id;
  const std::uint32_t gen = c.gen;
  const time_ms reply = seconds_to_ms(scenario_.messages.agent_reply.sample(c.rng));
  send(ev::customer_messaged{id}, now);
  push(now + reply, ev_kind::agent_reply, id, gen);
}

// The service measures the handling time and passes it in, so fastest_fit learns.
void simulator::on_close(live_conv& c, time_ms now) {
  c.serving = false;
  ++c.gen;
  --open_[c.agent];
  const double segment_ms = static_cast<double>(now - c.active_since);
  c.handled_ms += segment_ms;
  if (c.measured && c.answered) {
    metrics_.handled(c.handled_ms / 1000.0, c.first_agent_only);
  }
  send(ev::handle_time_observed{scenario_.agents[c.agent].id, sent_skills(c), segment_ms / 1000.0,
                                c.open_at_start},
       now);
  send(ev::conversation_closed{c.a.id, "agent"}, now);
}

// The agent found out the chat needs a skill they do not have: it goes to that skill.
void simulator::on_transfer(live_conv& c, time_ms now) {
  const std::string* missing = missing_skill(c, c.agent);
  c.serving = false;
  ++c.gen;
  --open_[c.agent];
  c.handled_ms += static_cast<double>(now - c.active_since);
  c.first_agent_only = false;
  ev::transfer_requested t;
  t.conversation = c.a.id;
  t.target.to_skill = missing != nullptr ? *missing : std::string();
  t.note = "wrong skill";
  t.by = scenario_.agents[c.agent].id;
  send(t, now);
}

std::vector<router::skill_level> simulator::sent_skills(const live_conv& c) const {
  const stage_traffic& t = scenario_.traffic[c.a.traffic];
  if (!scenario_.inputs.send_skills || t.mixes.empty()) {
    return {};
  }
  return t.mixes[c.a.mix].required;
}

// The most demanding required skill (the first of the highest level), as the core ranks.
const std::string* simulator::primary_skill(const live_conv& c) const {
  const stage_traffic& t = scenario_.traffic[c.a.traffic];
  if (t.mixes.empty()) {
    return nullptr;
  }
  const router::skill_level* best = nullptr;
  for (const auto& q : t.mixes[c.a.mix].required) {
    if (best == nullptr || q.level > best->level) {
      best = &q;
    }
  }
  return best != nullptr ? &best->skill : nullptr;
}

namespace {
int level_in(const router::agent_profile& a, const std::string& skill) {
  for (const auto& h : a.skills) {
    if (h.skill == skill) {
      return h.level;
    }
  }
  return 0;
}
}  // namespace

const std::string* simulator::missing_skill(const live_conv& c, std::size_t agent) const {
  const stage_traffic& t = scenario_.traffic[c.a.traffic];
  if (t.mixes.empty()) {
    return nullptr;
  }
  for (const auto& q : t.mixes[c.a.mix].required) {
    if (level_in(scenario_.agents[agent], q.skill) == 0) {
      return &q.skill;
    }
  }
  return nullptr;
}

double simulator::service_factor(const live_conv& c, std::size_t agent) const {
  const service_model& m = scenario_.service;
  double f = 1.0;
  const service_model::agent_speed* speed = agent < m.agents.size() ? &m.agents[agent] : nullptr;
  if (const std::string* skill = primary_skill(c)) {
    auto it =
        speed != nullptr ? speed->skill_factor.find(*skill) : decltype(speed->skill_factor.end()){};
    if (speed != nullptr && it != speed->skill_factor.end()) {
      f = it->second;
    } else if (!m.level_factor.empty()) {
      const auto level = static_cast<std::size_t>(level_in(scenario_.agents[agent], *skill));
      f = m.level_factor[std::min(level, m.level_factor.size() - 1)];
    }
  }
  if (speed != nullptr) {
    f *= speed->factor;
  }
  f *= 1.0 + m.concurrency_slowdown * std::max(0, c.open_at_start - 1);
  if (c.previous_agent >= 0 && static_cast<std::size_t>(c.previous_agent) == agent) {
    f *= m.return_speedup;
  }
  return f;
}

}  // namespace fenliu::sim
