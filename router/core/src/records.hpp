#pragma once
// The records the router core keeps, one per conversation and one per agent, and the compiled
// skill requirements they are matched by. Plain data: the classes that index them
// (agent_pool, waiting_line, deadline_heap) and router::impl keep them consistent.

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fenliu/router/router.hpp"
#include "ranked_queue.hpp"
#include "shift_calendar.hpp"

namespace fenliu::router::detail {

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
struct bucket;

using conv_order = std::map<queue_key, conv_rec*>;

/// Where a conversation is filed in one bucket: erasing by iterator needs no search.
struct filing {
  bucket* in = nullptr;
  conv_order::iterator at;
};

/// Position of an available agent in one index; the meaning of the fields depends on the
/// stage policy (see agent_pool). The agent id is the final, stable tie-break.
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
  time_ms arrived_at = 0;  // the first request: the service level counts from here
  bool wait_counted = false;  // its first wait ended (answered, abandoned or left a message)
  queue_key key;
  bool in_order = false;        // in its stage's waiting line
  std::vector<filing> buckets;  // the waiting line's buckets that hold it
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

  time_ms& due_at(conv_timer which) { return due[static_cast<std::size_t>(which)]; }
  time_ms due_at(conv_timer which) const { return due[static_cast<std::size_t>(which)]; }
};

/// fastest_fit's estimate of an agent's handling time in one skill (speed_model); the
/// sentinel skill any_skill holds the estimate over every observation.
struct learnt_speed {
  skill_id skill = 0;
  double seconds = 0;
  int observations = 0;
};
inline constexpr skill_id any_skill = 0xffffffffu;

/// The buckets of one stage's waiting line whose requirements an agent meets, by bucket index:
/// buckets are only ever added, and what an agent meets changes only with its profile, so the
/// waiting line extends the list with the buckets created since `seen` (see oldest_for).
struct served_buckets {
  std::uint32_t seen = 0;
  std::vector<std::uint32_t> ids;
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
  time_ms missed_alert_at = -1;  // the last missed_offers alert (its cooldown)
  std::vector<conv_rec*> convs;
  std::vector<conv_rec*> waiters;  // queued conversations waiting for this agent
  std::vector<index_membership> memberships;
  time_ms shift_due = 0;
  time_ms hold_until = 0;
  /// Away or busy when the connection dropped: a reconnect within the disconnect grace (a page
  /// reload) restores it instead of going online.
  agent_state state_before_disconnect = agent_state::online;
  time_ms restore_until = 0;
  std::vector<learnt_speed> speeds;  // sorted by skill; only skills observed so far
  /// One per stage of profile.stages, in that order; cleared when the profile changes.
  std::vector<served_buckets> served;

  /// 0 when the agent does not hold the skill.
  int level_of(skill_id s) const;
  bool serves(stage s) const;
};

/// The agent holds every required skill at or above its level. Inline: the selection walk and
/// the bucket scan call it per candidate.
inline bool meets(const agent_rec& a, const requirements& r) {
  if ((r.mask & ~a.mask) != 0) {
    return false;
  }
  return std::all_of(r.items.begin(), r.items.end(),
                     [&](const requirement& q) { return a.level_of(q.skill) >= q.level; });
}

/// The agent declined, missed or had this conversation taken back.
inline bool is_excluded(const conv_rec& c, const agent_rec& a) {
  return std::find(c.excluded.begin(), c.excluded.end(), &a) != c.excluded.end();
}

const char* policy_name(selection_policy p);

}  // namespace fenliu::router::detail
