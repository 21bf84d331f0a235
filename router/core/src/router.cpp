// The public facade: event dispatch and the read-only views.

#include "fenliu/router/router.hpp"

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

namespace {
conversation_view view_of(const conv_rec& c) {
  conversation_view v{c.id, c.customer, c.stage_, c.phase, std::nullopt, c.arrived_at};
  if (c.agent != nullptr) {
    v.agent = c.agent->profile.id;
  }
  return v;
}
}  // namespace

router::router() : impl_(std::make_unique<impl>()) {}
router::~router() = default;

void router::handle(const router_event& ev, time_ms now, std::vector<router_action>& out) {
  // Deadlines that passed before this event apply first: the state is the state at `now`.
  impl_->run_due(now, out);
  std::visit([&](const auto& e) { impl_->on(e, now, out); }, ev);
  if (const auto* req = std::get_if<event::conversation_requested>(&ev)) {
    impl_->peak_arrival(req->conversation, now, out);
  }
  impl_->finish(now, out);
}

void router::sweep_queue_status(time_ms now, std::vector<router_action>& out) {
  for (std::size_t s = 0; s < stage_count; ++s) {
    impl_->sweep(static_cast<stage>(s), now, out);
  }
  impl_->last_sweep_at = now;
}

std::vector<agent_view> router::agents(time_ms now) const {
  std::vector<agent_view> views;
  for (const auto& [id, a] : impl_->pool.records()) {
    if (!a->configured && a->convs.empty()) {
      continue;
    }
    agent_view v{id,
                 a->profile.display_name,
                 a->state,
                 a->load,
                 a->profile.capacity,
                 a->profile.stages,
                 a->configured && a->calendar.status_at(now).on_shift,
                 {}};
    for (const conv_rec* c : a->convs) {
      v.conversations.push_back(c->id);
    }
    std::sort(v.conversations.begin(), v.conversations.end());
    views.push_back(std::move(v));
  }
  return views;
}

std::vector<stage_view> router::stages(time_ms now) const {
  std::vector<stage_view> views;
  for (std::size_t s = 0; s < stage_count; ++s) {
    stage_view v;
    v.stage_ = static_cast<stage>(s);
    const ranked_queue& order = impl_->line.order(v.stage_);
    v.queued = static_cast<int>(order.size());
    time_ms oldest = now;
    order.for_each(
        [&](const queue_entry& e, int) { oldest = std::min(oldest, e.conv->queued_at); });
    v.longest_wait_s = static_cast<int>((now - oldest) / ms_per_second);
    const auto counts =
        impl_->floor.over(v.stage_, now, impl_->config.floor.service_level_window_s);
    v.waits_ended = counts.waits_ended;
    v.answered_in_target = counts.answered_in_target;
    v.arrivals = counts.arrivals;
    views.push_back(v);
  }
  for (const auto& [id, c] : impl_->convs) {
    if (c->phase == conversation_phase::active) {
      ++views[idx(c->stage_)].active;
    }
  }
  return views;
}

std::optional<conversation_view> router::conversation(conversation_id id) const {
  auto it = impl_->convs.find(id);
  if (it == impl_->convs.end()) {
    return std::nullopt;
  }
  return view_of(*it->second);
}

std::vector<conversation_view> router::conversations() const {
  std::vector<conversation_view> views;
  views.reserve(impl_->convs.size());
  for (const auto& [id, c] : impl_->convs) {
    if (c->phase != conversation_phase::closed && c->phase != conversation_phase::left_message) {
      views.push_back(view_of(*c));
    }
  }
  std::sort(views.begin(), views.end(),
            [](const auto& a, const auto& b) { return a.conversation < b.conversation; });
  return views;
}

}  // namespace fenliu::router
