#include "gateway/app/alerts.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace fenliu::gateway {
namespace {

// Microseconds of the wall clock, or one more than the last id: unique and increasing, also
// across a restart (unless the clock went back more than the restart took).
std::uint64_t next_alert_id(services& svc) {
  const auto clock_id = static_cast<std::uint64_t>(now_ms()) * 1000;
  auto last = svc.last_alert_id.load();
  std::uint64_t id = 0;
  do {
    id = std::max(clock_id, last + 1);
  } while (!svc.last_alert_id.compare_exchange_weak(last, id));
  return id;
}

}  // namespace

void raise_alert(services& svc, const router::action::supervisor_alert& a) {
  boost::json::array triggers;
  for (const auto& t : a.triggers) {
    triggers.emplace_back(t);
  }
  store::alert_row row{next_alert_id(svc),
                       now_ms(),
                       a.kind,
                       a.conversation,
                       to_store_stage(a.stage_),
                       a.agent,
                       a.text,
                       boost::json::serialize(triggers),
                       a.risk,
                       {},
                       0};
  // Pushed once stored (a millisecond's batch), so a board that subscribes after seeing the
  // alert finds it in the list; a failed or refused write still pushes it.
  auto frame = encode_alert(row);
  const auto id = row.id;
  auto push = [&svc, frame, id](std::error_code ec, bool) {
    if (ec) {
      spdlog::warn("alert {} not stored: {}", id, ec.message());
    }
    svc.hub.send_to_role(role::supervisor, frame);
  };
  if (auto ec = svc.store.save_alert(std::move(row), push)) {
    push(ec, false);
  }
}

}  // namespace fenliu::gateway
