#pragma once
// Internal state of the router core. Each .cpp file owns one concept (agents, shifts,
// selection, queue, offers, lifecycle, transfer, timers) and implements the matching
// router::impl members.
//
// Indices, so that no decision scans every agent or every waiting conversation:
// - per stage, the agents available right now (online, connected, on shift and not ending,
//   below capacity, not in wrap-up) in a set ordered by the stage policy's key, plus one such
//   set per skill; a new conversation walks the smallest set that can hold a match;
// - per stage, the waiting line (ranked_queue) for positions and ETAs, and buckets of waiting
//   conversations keyed by their exact requirements; an agent with a free slot visits only the
//   buckets its skills can satisfy (by skill mask subsets) and takes the oldest head;
// - one timer heap with lazy cancellation: an entry is live only while its owner still holds
//   exactly that deadline.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "fenliu/router/router.hpp"
#include "ranked_queue.hpp"
#include "shift_calendar.hpp"

namespace fenliu::router {
namespace detail {

using skill_id = std::uint32_t;

inline std::size_t idx(stage s) {
  return static_cast<std::size_t>(s);
}

struct requirement {
  skill_id skill = 0;
  int level = 1;
  auto operator<=>(const requirement&) const = default;
};

/// Interned skill requirements sorted by skill; `mask` is a cheap prefilter (skill % 64).
struct requirements {
  std::vector<requirement> items;
  std::uint64_t mask = 0;
  bool operator==(const requirements& o) const { return items == o.items; }
};

enum class awaiting : std::uint8_t { agent, customer, logistics };

struct conv_rec;
struct agent_rec;
using conv_order = std::map<queue_key, conv_rec*>;

/// Queued conversations that an agent serving `stage_` and holding `reqs` may take.
struct bucket {
  stage stage_ = stage::pre_sales;
  requirements reqs;
  conv_order members;
};

/// Position of an available agent in one index; the meaning of the fields depends on the
/// stage policy (see agent_key_for). The agent id is the final, stable tie-break.
struct agent_key {
  double primary = 0;
  double secondary = 0;
  std::int64_t tertiary = 0;
  agent_rec* agent = nullptr;
};
struct agent_key_less {
  bool operator()(const agent_key& a, const agent_key& b) const;
};
using agent_index = std::set<agent_key, agent_key_less>;
/// One index an agent belongs to. While the agent is unavailable its node is parked here, so
/// going back and forth between full and free never allocates.
struct index_membership {
  agent_index* index = nullptr;
  agent_key key;
  agent_index::node_type parked;
  bool listed = false;
};

enum class conv_timer : std::uint8_t { offer, preferred, ring, wrap_up, reply, return_grace };
inline constexpr std::size_t conv_timer_count = 6;

/// Relaxation rings, in order.
enum ring_step : int { ring_strict, ring_relaxed, ring_overflow, ring_alerted, ring_leave_msg };

struct conv_rec {
  conversation_id id = 0;
  customer_id customer;
  stage stage_ = stage::pre_sales;
  std::vector<skill_level> required;
  std::vector<skill_level> optional;
  requirements strict;   // required + optional
  requirements relaxed;  // required, one level lower
  bucket* strict_bucket = nullptr;
  bucket* relaxed_bucket = nullptr;
  int priority = 0;
  conversation_phase phase = conversation_phase::queued;
  agent_rec* agent = nullptr;  // while offered, active or in wrap-up
  std::string offer_rule;
  time_ms queued_at = 0;  // start of the current wait: the rings count from here
  queue_key key;
  bool in_order = false;
  std::vector<bucket*> buckets;
  int ring = ring_strict;
  agent_rec* preferred = nullptr;  // sticky or named-transfer agent being waited for
  time_ms preferred_until = 0;
  bool preferred_sticky = false;
  std::vector<const agent_rec*> excluded;  // declined, missed or had it taken back
  awaiting waits_on = awaiting::agent;
  std::string transfer_note;
  agent_rec* transferred_from = nullptr;
  bool leave_message_offered = false;
  std::array<time_ms, conv_timer_count> due{};  // 0: not armed
};

struct agent_rec {
  agent_profile profile;
  std::vector<std::pair<skill_id, int>> skills;  // sorted by skill
  std::uint64_t mask = 0;
  shift_calendar calendar;
  bool configured = true;
  bool connected = false;
  agent_state state = agent_state::offline;
  bool on_shift = false;
  bool ending = false;
  int load = 0;  // offered + active + wrap-up
  int wrap_ups = 0;
  double weighted = 0;
  time_ms idle_since = 0;
  std::uint64_t rr_seq = 0;
  int missed_in_row = 0;
  std::vector<conv_rec*> convs;
  std::vector<conv_rec*> waiters;  // queued conversations waiting for this agent
  std::vector<index_membership> memberships;
  time_ms shift_due = 0;
  time_ms hold_until = 0;

  int level_of(skill_id s) const;
  bool serves(stage s) const;
};

enum class timer_kind : std::uint8_t { conv, agent_shift, agent_hold, sweep, dispatch };
struct timer_entry {
  time_ms at = 0;
  std::uint64_t seq = 0;
  timer_kind kind = timer_kind::conv;
  conv_timer which = conv_timer::offer;
  conversation_id conv = 0;
  agent_rec* agent = nullptr;
};
struct timer_later {
  bool operator()(const timer_entry& a, const timer_entry& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

struct stage_state {
  ranked_queue order;  // every queued conversation of the stage: positions
  std::vector<std::unique_ptr<bucket>> buckets;
  std::map<std::vector<requirement>, bucket*> bucket_by_reqs;
  /// Buckets by the exact skill mask of their requirements: an agent visits only the buckets
  /// whose mask is a subset of its own.
  std::unordered_map<std::uint64_t, std::vector<bucket*>> buckets_by_mask;
  agent_index all;
  std::unordered_map<skill_id, agent_index> by_skill;
  std::vector<agent_rec*> roster;  // configured agents serving the stage, by id
  conv_order left_messages;
  requirements overflow_reqs;  // what agents of other stages need to take overflow from here
  int on_shift = 0;
  std::array<time_ms, 32> served_at{};  // recent dequeue times: the service rate
  std::size_t served_count = 0;
  std::size_t served_next = 0;
  bool dirty = false;
};

const char* policy_name(selection_policy p);

}  // namespace detail

struct router::impl {
  using actions = std::vector<router_action>;

  router_config config;
  std::array<detail::stage_state, stage_count> stages;
  std::map<agent_id, std::unique_ptr<detail::agent_rec>> agents;
  std::unordered_map<conversation_id, std::unique_ptr<detail::conv_rec>> convs;
  std::unordered_map<std::string, detail::skill_id> skill_ids;
  std::vector<std::string> skill_names;
  std::priority_queue<detail::timer_entry, std::vector<detail::timer_entry>, detail::timer_later>
      timers;
  std::uint64_t timer_seq = 0;
  std::uint64_t rr_counter = 0;
  time_ms scheduled_at = -1;
  time_ms last_sweep_at = -1;
  time_ms sweep_due = 0;
  time_ms dispatch_due = 0;

  // agents.cpp
  void on(const event::configure& ev, time_ms now, actions& out);
  void on(const event::agent_connected& ev, time_ms now, actions& out);
  void on(const event::agent_disconnected& ev, time_ms now, actions& out);
  void on(const event::agent_state_set& ev, time_ms now, actions& out);
  detail::agent_rec* find_agent_rec(const agent_id& id);
  detail::skill_id intern(const std::string& name);
  detail::requirements compile(const std::vector<skill_level>& a, const std::vector<skill_level>* b,
                               int lower_by);
  bool available(const detail::agent_rec& a) const;
  const char* unavailable_reason(const detail::agent_rec& a) const;
  detail::agent_key key_for(detail::agent_rec& a, stage s, const detail::skill_id* skill) const;
  void reindex(detail::agent_rec& a);
  void load_changed(detail::agent_rec& a, actions& out);
  void set_state(detail::agent_rec& a, agent_state st, const std::string& reason, time_ms now,
                 actions& out);
  void emit_agent(const detail::agent_rec& a, const std::string& reason, actions& out) const;

  // shifts.cpp
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

  // selection.cpp
  bool meets(const detail::agent_rec& a, const detail::requirements& r) const;
  std::string skill_gap(const detail::agent_rec& a, const detail::requirements& r) const;
  static bool is_excluded(const detail::conv_rec& c, const detail::agent_rec& a);
  detail::agent_rec* select(detail::conv_rec& c, stage s, const detail::requirements& r,
                            decision_record* rec);
  bool route(detail::conv_rec& c, time_ms now, actions& out, bool explain);
  void explain_roster(decision_record& rec, stage s, const detail::conv_rec& c) const;
  bool wants_note(const decision_record* rec) const;
  void note(decision_record* rec, const detail::agent_rec& a, std::string why) const;

  // queue.cpp
  void admit(detail::conv_rec& c, bool head, time_ms now, actions& out, bool explain);
  void enqueue(detail::conv_rec& c, bool head, time_ms now, actions& out);
  void dequeue(detail::conv_rec& c);
  void place_in_buckets(detail::conv_rec& c);
  void clear_buckets(detail::conv_rec& c);
  detail::bucket* bucket_for(stage s, const detail::requirements& r);
  void drain(detail::agent_rec& a, time_ms now, actions& out);
  detail::conv_rec* pick_for(detail::agent_rec& a, std::string& rule);
  detail::conv_rec* pick_from_buckets(detail::agent_rec& a, const detail::bucket*& from);
  void sweep(stage s, time_ms now, actions& out);
  int position_of(const detail::conv_rec& c) const;
  void emit_status(detail::queue_entry& e, int position, time_ms now, actions& out);
  void emit_status(detail::conv_rec& c, time_ms now, actions& out);
  int eta_s(stage s, int position) const;
  bool waiting_for_previous(const detail::conv_rec& c, time_ms now) const;
  void record_served(stage s, time_ms now);

  // offers.cpp
  void give(detail::conv_rec& c, detail::agent_rec& a, decision_record rec, time_ms now,
            actions& out);
  void activate(detail::conv_rec& c, actions& out);
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
  void requeue(detail::conv_rec& c, bool head, time_ms now, actions& out);
  void close(detail::conv_rec& c, actions& out);
  void wrap_up_done(detail::conv_rec& c, time_ms now, actions& out);
  void set_phase(detail::conv_rec& c, conversation_phase p, actions& out);
  detail::conv_rec* find_conv(conversation_id id);

  // transfer.cpp
  void on(const event::transfer_requested& ev, time_ms now, actions& out);
  void on(const event::order_state_changed& ev, time_ms now, actions& out);
  void change_stage(detail::conv_rec& c, stage to, const std::string& reason, actions& out);
  bool try_sticky(detail::conv_rec& c, const event::conversation_requested& ev, time_ms now,
                  actions& out);

  // timers.cpp
  void arm(detail::conv_rec& c, detail::conv_timer which, time_ms at);
  void disarm(detail::conv_rec& c, detail::conv_timer which);
  void arm_agent(detail::agent_rec& a, detail::timer_kind kind, time_ms at);
  void arm_global(detail::timer_kind kind, time_ms at);
  void run_due(time_ms now, actions& out);
  void fire(const detail::timer_entry& e, time_ms now, actions& out);
  bool live(const detail::timer_entry& e) const;
  void finish(time_ms now, actions& out);
  void schedule_ring(detail::conv_rec& c);
  void ring_fired(detail::conv_rec& c, time_ms now, actions& out);
  void apply_ring(detail::conv_rec& c, time_ms now, actions& out);
  void preferred_expired(detail::conv_rec& c, time_ms now, actions& out);
  void return_expired(detail::conv_rec& c, actions& out);
  void dispatch_all(time_ms now, actions& out);
  void decide(decision_record rec, actions& out) const;
};

}  // namespace fenliu::router
