#pragma once
// Carries out the router's actions: frames to the sessions concerned, rows to the store, the
// hub's view of who serves what. Runs on the router service's strand.

#include "fenliu/router/actions.hpp"
#include "gateway/app/services.hpp"

namespace fenliu::gateway {

class router_bridge {
 public:
  explicit router_bridge(services& svc) : svc_(svc) {}
  void operator()(const router::router_action& action);

 private:
  void on(const router::action::offer& a);
  void on(const router::action::offer_revoked& a);
  void on(const router::action::assigned& a);
  void on(const router::action::unassigned& a);
  void on(const router::action::queue_status& a);
  void on(const router::action::stage_changed& a);
  void on(const router::action::phase_changed& a);
  void on(const router::action::agent_state_changed& a);
  void on(const router::action::supervisor_alert& a);
  void on(const router::action::decision& a);
  void on(const router::action::schedule_tick&) {}

  /// Writes the hub's current view of the conversation to the store.
  void persist(store::conversation_id id, store::callback<bool> done = {});
  void push_record_later(const conversation_entry& c, const std::string& agent);
  std::string display_name(const std::string& agent) const;

  services& svc_;
};

}  // namespace fenliu::gateway
