#include "gateway/app/board.hpp"

#include <algorithm>

namespace fenliu::gateway {
namespace {

constexpr router::time_ms waiting_refresh_ms = 1000;

board_view view_of(const services& svc, const router::router& core, router::time_ms now) {
  return board_view{now, core.agents(now), core.stages(now), core.conversations(),
                    svc.config.shop.routing.floor.service_level_target_s};
}

}  // namespace

void send_board_snapshot(services& svc, std::shared_ptr<session_sink> to) {
  svc.router.inspect([&svc, to = std::move(to)](const router::router& core, router::time_ms now) {
    auto frame = encode_board(view_of(svc, core, now));
    if (to) {
      to->deliver(frame, delivery_class::ephemeral);
    } else {
      svc.hub.send_to_board(frame);
    }
  });
}

void push_board_if_changed(services& svc) {
  if (!svc.hub.has_board_subscribers()) {
    return;
  }
  svc.router.inspect([&svc](const router::router& core, router::time_ms now) {
    const bool changed = svc.board_dirty.exchange(false);
    if (!changed) {
      if (now - svc.board_pushed_at.load() < waiting_refresh_ms) {
        return;
      }
      const auto stages = core.stages(now);
      if (std::none_of(stages.begin(), stages.end(), [](const auto& s) { return s.queued > 0; })) {
        return;
      }
    }
    svc.board_pushed_at = now;
    svc.hub.send_to_board(encode_board(view_of(svc, core, now)));
  });
}

}  // namespace fenliu::gateway
