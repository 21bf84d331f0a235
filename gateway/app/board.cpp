#include "gateway/app/board.hpp"

namespace fenliu::gateway {

void send_board_snapshot(services& svc, std::shared_ptr<session_sink> to) {
  svc.router.inspect([&svc, to = std::move(to)](const router::router& core, router::time_ms now) {
    v1::ServerEnvelope env;
    auto* board = env.mutable_board();
    board->set_at_ms(now);
    for (const auto& a : core.agents(now)) {
      auto* row = board->add_agents();
      row->set_agent_id(a.id);
      row->set_display_name(a.display_name);
      row->set_state(to_v1(a.state));
      row->set_load(static_cast<std::uint32_t>(a.load));
      row->set_capacity(static_cast<std::uint32_t>(a.capacity));
      row->set_on_shift(a.on_shift);
      for (auto s : a.stages) {
        row->add_stages(to_v1(s));
      }
    }
    for (const auto& s : core.stages(now)) {
      auto* row = board->add_stages();
      row->set_stage(to_v1(s.stage_));
      row->set_queued(static_cast<std::uint32_t>(s.queued));
      row->set_active(static_cast<std::uint32_t>(s.active));
      row->set_longest_wait_seconds(static_cast<std::uint32_t>(s.longest_wait_s));
    }
    auto frame = encode(env);
    if (to) {
      to->deliver(frame, delivery_class::ephemeral);
    } else {
      svc.hub.send_to_board(frame);
    }
  });
}

}  // namespace fenliu::gateway
