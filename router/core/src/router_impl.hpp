#pragma once
// Internal state of the router core: router::impl composes the agent pool (availability
// indices), the waiting line (queue order and skill buckets) and the deadline heap, and owns
// the conversations. Each .cpp file owns one concept (agents, eligibility, selection, queue,
// relaxation, sticky, offers, lifecycle, transfer, shifts, timers) and implements the
// matching router::impl members; no decision scans every agent or every waiting conversation.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent_pool.hpp"
#include "deadline_heap.hpp"
#include "floor_stats.hpp"
#include "fenliu/router/router.hpp"
#include "records.hpp"
#include "waiting_line.hpp"

namespace fenliu::router {

struct router::impl {
  using actions = std::vector<router_action>;

  router_config config;
  detail::zone_offsets zone;
  detail::agent_pool pool{config};
  detail::waiting_line line;
  detail::deadline_heap deadlines;
  std::unordered_map<conversation_id, std::unique_ptr<detail::conv_rec>> convs;
  std::unordered_map<std::string, detail::skill_id> skill_ids;
  std::vector<std::string> skill_names;
  /// Per stage, what agents of other stages need to take overflow from it.
  std::array<detail::requirements, stage_count> overflow_reqs;
  std::uint64_t rr_counter = 0;
  time_ms scheduled_at = -1;
  time_ms last_sweep_at = -1;
  time_ms sweep_due = 0;
  time_ms dispatch_due = 0;
  /// no_agents_online() per stage: -1 unknown, else 0/1; reset by touch_stages and configure.
  mutable std::array<std::int8_t, stage_count> no_agents_cache{-1, -1, -1};
  detail::floor_stats floor;
  time_ms floor_since = -1;  // the first configure: a surge needs a whole baseline to compare
  std::array<time_ms, stage_count> no_coverage_alert_at{-1, -1, -1};
  std::array<time_ms, stage_count> surge_alert_at{-1, -1, -1};

  // Floor-wide alerts and the service level (floor_alerts.cpp).
  void count_arrival(detail::conv_rec& c, time_ms now, actions& out);
  void count_wait_end(detail::conv_rec& c, bool answered, time_ms now);
  void alert_no_coverage(stage s, time_ms now, actions& out);
  void alert_missed_offers(detail::agent_rec& a, const detail::conv_rec& c, time_ms now,
                           actions& out);
  void alert_response_deadline(const detail::agent_rec& a, const detail::conv_rec& c,
                               time_ms now, actions& out);
  bool cooled_down(time_ms last, time_ms now) const;

  // agents.cpp
  void on(const event::agent_connected& ev, time_ms now, actions& out);
  void on(const event::agent_disconnected& ev, time_ms now, actions& out);
  void on(const event::agent_state_set& ev, time_ms now, actions& out);
  void load_changed(detail::agent_rec& a, actions& out);
  void set_state(detail::agent_rec& a, agent_state st, const std::string& reason, time_ms now,
                 actions& out);
  void emit_agent(const detail::agent_rec& a, const std::string& reason, actions& out) const;

  // shifts.cpp
  void on(const event::configure& ev, time_ms now, actions& out);
  void update_profile(detail::agent_rec& a, const agent_profile& p);
  void enroll(detail::agent_rec& a, time_ms now);
  void reconfigured(const std::vector<detail::agent_rec*>& was_on, time_ms now, actions& out);
  void apply_shift(detail::agent_rec& a, time_ms now, actions& out);
  void shift_started(detail::agent_rec& a, time_ms now, actions& out);
  void shift_ended(detail::agent_rec& a, time_ms now, actions& out);
  void coverage_lost(stage s, time_ms now, actions& out);
  void release_left_messages(stage s, time_ms now, actions& out);
  void hold_expired(detail::agent_rec& a, time_ms now, actions& out);
  void hand_off(detail::agent_rec& a, const char* reason, time_ms now, actions& out);

  // eligibility.cpp
  detail::skill_id intern(const std::string& name);
  detail::requirements compile(const std::vector<skill_level>& a, const std::vector<skill_level>* b,
                               int lower_by);
  std::string skill_gap(const detail::agent_rec& a, const detail::requirements& r) const;
  void explain_roster(decision_record& rec, stage s, const detail::conv_rec& c) const;

  // selection.cpp
  detail::agent_rec* select(detail::conv_rec& c, stage s, const detail::requirements& r,
                            decision_record* rec, time_ms now);
  detail::agent_rec* select_ordered(detail::conv_rec& c, const detail::agent_index& ix,
                                    selection_policy policy, const detail::requirements& r,
                                    decision_record* rec);
  detail::agent_rec* select_fastest(detail::conv_rec& c, const detail::agent_index& ix,
                                    const detail::requirements& r, decision_record* rec,
                                    time_ms now);
  detail::agent_rec* select_reserved(detail::conv_rec& c, stage s, const detail::requirements& r,
                                     decision_record* rec);
  bool route(detail::conv_rec& c, time_ms now, actions& out, bool explain);
  bool may_take(const detail::conv_rec& c, const detail::agent_rec& a,
                const detail::requirements& r, decision_record* rec) const;
  bool wants_note(const decision_record* rec) const;
  void note(decision_record* rec, const detail::agent_rec& a, std::string why) const;
  void decide(decision_record rec, actions& out) const;

  // queue.cpp
  void admit(detail::conv_rec& c, bool head, time_ms now, actions& out, bool explain);
  void enqueue(detail::conv_rec& c, bool head, time_ms now, actions& out);
  void dequeue(detail::conv_rec& c);
  void place_in_buckets(detail::conv_rec& c);
  void drain(detail::agent_rec& a, time_ms now, actions& out);
  detail::conv_rec* pick_for(detail::agent_rec& a, std::string& rule);
  void sweep(stage s, time_ms now, actions& out);
  void emit_status(detail::queue_entry& e, int position, bool no_agents, time_ms now, actions& out);
  void emit_status(detail::conv_rec& c, time_ms now, actions& out);
  /// Nobody of the stage is connected, on shift (not ending) and online: a wait cannot end.
  bool no_agents_online(stage s) const;
  /// What the agent's stages' customers are told may have changed (staffing).
  void touch_stages(const detail::agent_rec& a);
  int eta_s(stage s, int position) const;

  // relaxation.cpp
  void schedule_ring(detail::conv_rec& c);
  void ring_fired(detail::conv_rec& c, time_ms now, actions& out);
  void apply_ring(detail::conv_rec& c, time_ms now, actions& out);
  /// The peak rings while peak mode is on, else nullptr.
  const peak_policy* peak_rings() const { return peak_on ? &config.peak : nullptr; }

  // sticky.cpp
  bool try_sticky(detail::conv_rec& c, const event::conversation_requested& ev, time_ms now,
                  actions& out);
  bool waiting_for_previous(const detail::conv_rec& c, time_ms now) const;
  void preferred_expired(detail::conv_rec& c, time_ms now, actions& out);

  // offers.cpp
  void give(detail::conv_rec& c, detail::agent_rec& a, decision_record rec, time_ms now,
            actions& out);
  void activate(detail::conv_rec& c, time_ms now, actions& out);
  void attach(detail::conv_rec& c, detail::agent_rec& a);
  void detach(detail::conv_rec& c);
  void withdraw_offer(detail::conv_rec& c, const char* reason, actions& out);
  void take_back(detail::conv_rec& c, const char* reason, actions& out);
  void offer_expired(detail::conv_rec& c, time_ms now, actions& out);
  void reply_expired(detail::conv_rec& c, time_ms now, actions& out);
  void on(const event::offer_accepted& ev, time_ms now, actions& out);
  void on(const event::offer_declined& ev, time_ms now, actions& out);
  void on(const event::customer_messaged& ev, time_ms now, actions& out);
  void on(const event::agent_replied& ev, time_ms now, actions& out);
  void on(const event::awaiting_logistics& ev, time_ms now, actions& out);

  // lifecycle.cpp
  void on(const event::conversation_requested& ev, time_ms now, actions& out);
  void on(const event::risk_escalated& ev, time_ms now, actions& out);
  void on(const event::conversation_restored& ev, time_ms now, actions& out);
  void on(const event::customer_left& ev, time_ms now, actions& out);
  void on(const event::customer_returned& ev, time_ms now, actions& out);
  void on(const event::customer_chose_leave_message& ev, time_ms now, actions& out);
  void on(const event::conversation_closed& ev, time_ms now, actions& out);
  void on(const event::tick&, time_ms, actions&) {}
  detail::conv_rec& create(const event::conversation_requested& ev, time_ms queued_at);
  void compile_requirements(detail::conv_rec& c);
  void to_left_message(detail::conv_rec& c, time_ms now, actions& out);
  /// Nobody of the stage is on shift: to leave-a-message, and the customer is told why.
  void no_coverage(detail::conv_rec& c, time_ms now, actions& out);
  void requeue(detail::conv_rec& c, bool head, time_ms now, actions& out);
  void close(detail::conv_rec& c, actions& out);
  void wrap_up_done(detail::conv_rec& c, time_ms now, actions& out);
  void return_expired(detail::conv_rec& c, actions& out);
  void set_phase(detail::conv_rec& c, conversation_phase p, actions& out);
  detail::conv_rec* find_conv(conversation_id id);

  // transfer.cpp
  void on(const event::transfer_requested& ev, time_ms now, actions& out);
  void on(const event::order_state_changed& ev, time_ms now, actions& out);
  void change_stage(detail::conv_rec& c, stage to, const std::string& reason, actions& out);

  // timers.cpp
  void arm(detail::conv_rec& c, detail::conv_timer which, time_ms at);
  void disarm(detail::conv_rec& c, detail::conv_timer which);
  void arm_agent(detail::agent_rec& a, detail::timer_kind kind, time_ms at);
  void arm_global(detail::timer_kind kind, time_ms at);
  void run_due(time_ms now, actions& out);
  void fire(const detail::timer_entry& e, time_ms now, actions& out);
  bool live(const detail::timer_entry& e) const;
  void finish(time_ms now, actions& out);
  void dispatch_all(time_ms now, actions& out);

  // speed_model.cpp
  void on(const event::handle_time_observed& ev, time_ms now, actions& out);

  // peak_mode.cpp
  bool peak_on = false;
  void on(const event::peak_mode_set& ev, time_ms now, actions& out);
  void peak_arrival(conversation_id id, time_ms now, actions& out);

  // invariants.cpp
  /// Asserts the invariants of the parts and those that tie the conversations to them (phase
  /// against line, agent and deadlines); compiled out with NDEBUG. Walks everything: called
  /// once per handled event in debug builds only.
  void check_invariants() const;
};

}  // namespace fenliu::router
