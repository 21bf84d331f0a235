#include "gateway/app/board.hpp"

namespace fenliu::gateway {

void send_board_snapshot(services& svc, std::shared_ptr<session_sink> to) {
  svc.router.inspect([&svc, to = std::move(to)](const router::router& core, router::time_ms now) {
    auto frame = encode_board(now, core.agents(now), core.stages(now));
    if (to) {
      to->deliver(frame, delivery_class::ephemeral);
    } else {
      svc.hub.send_to_board(frame);
    }
  });
}

}  // namespace fenliu::gateway
