#include "fenliu/router/handle_time_tracker.hpp"

#include <type_traits>

namespace fenliu::router {

void handle_time_tracker::on_event(const router_event& ev) {
  std::visit(
      [this](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, event::conversation_requested>) {
          skills_[e.conversation] = e.required_skills;
        } else if constexpr (std::is_same_v<T, event::conversation_restored>) {
          skills_[e.request.conversation] = e.request.required_skills;
        } else if constexpr (std::is_same_v<T, event::risk_escalated>) {
          if (e.reroute) {
            skills_[e.conversation] = e.required_skills;
          }
        }
      },
      ev);
}

std::optional<event::handle_time_observed> handle_time_tracker::on_action(const router_action& a,
                                                                          time_ms now) {
  if (const auto* as = std::get_if<action::assigned>(&a)) {
    end_service(as->conversation);  // a re-assignment starts a new service
    const int open = ++open_[as->agent];
    serving_[as->conversation] = service_start{as->agent, now, open};
    return std::nullopt;
  }
  if (const auto* un = std::get_if<action::unassigned>(&a)) {
    end_service(un->conversation);
    return std::nullopt;
  }
  const auto* phase = std::get_if<action::phase_changed>(&a);
  if (phase == nullptr) {
    return std::nullopt;
  }
  using p = conversation_phase;
  if (phase->phase != p::wrap_up && phase->phase != p::closed && phase->phase != p::abandoned &&
      phase->phase != p::left_message) {
    return std::nullopt;
  }
  std::optional<event::handle_time_observed> out;
  auto it = serving_.find(phase->conversation);
  if (it != serving_.end() && (phase->phase == p::wrap_up || phase->phase == p::closed)) {
    event::handle_time_observed seen;
    seen.agent = it->second.agent;
    if (auto s = skills_.find(phase->conversation); s != skills_.end()) {
      seen.skills = s->second;
    }
    seen.seconds = static_cast<double>(now - it->second.at) / 1000.0;
    seen.open_chats = it->second.open_chats;
    if (seen.seconds > 0) {
      out = std::move(seen);
    }
  }
  end_service(phase->conversation);
  if (phase->phase != p::wrap_up) {
    skills_.erase(phase->conversation);  // the conversation is over
  }
  return out;
}

void handle_time_tracker::end_service(conversation_id id) {
  auto it = serving_.find(id);
  if (it == serving_.end()) {
    return;
  }
  if (auto o = open_.find(it->second.agent); o != open_.end() && --o->second <= 0) {
    open_.erase(o);
  }
  serving_.erase(it);
}

}  // namespace fenliu::router
