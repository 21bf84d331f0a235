#pragma once
// Every agent the router knows, and per stage the agents available right now (online,
// connected, on shift and not ending, below capacity, not in wrap-up) in a set ordered by the
// stage policy's key, plus one such set per skill: a new conversation walks the smallest set
// that can hold a match instead of the whole floor.

#include <array>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "records.hpp"

namespace fenliu::router::detail {

/// Owns the agent records (never erased: conversations and timers point at them) and their
/// availability indices. Single-threaded, like the core.
///
/// Invariants (checked by check_invariants() in debug builds):
/// - an agent is listed in its indices exactly while available(), under its current key;
/// - no listed agent is at or above capacity; load counts the agent's conversations;
/// - per stage, the roster holds the configured agents serving it, by id, and on_shift counts
///   those on shift.
class agent_pool {
 public:
  using agent_map = std::map<agent_id, std::unique_ptr<agent_rec>>;

  /// `config` must outlive the pool; its policies and wrap-up rule are read on every reindex.
  explicit agent_pool(const router_config& config) : config_(&config) {}

  agent_rec* find(const agent_id& id) {
    auto it = agents_.find(id);
    return it == agents_.end() ? nullptr : it->second.get();
  }
  /// The record for `id`; a new one is idle since `now`.
  agent_rec& upsert(const agent_id& id, time_ms now);
  /// Every agent by id, configured or not.
  const agent_map& records() const { return agents_; }

  /// Start of a reconfiguration: every agent unconfigured and off shift, every roster and
  /// index empty. enroll() then adds the configured agents back.
  void clear();
  /// Puts a configured agent (shift state already set) on its stages' rosters and indices.
  void enroll(agent_rec& a);
  /// The agent's shift started (+1) or ended (-1): coverage of its stages.
  void count_shift(const agent_rec& a, int delta);

  int on_shift(stage s) const { return stages_[idx(s)].on_shift; }
  /// Configured agents serving the stage, by id.
  const std::vector<agent_rec*>& roster(stage s) const { return stages_[idx(s)].roster; }
  /// Available agents of the stage in policy order.
  const agent_index& available_in(stage s) const { return stages_[idx(s)].all; }
  /// Available agents of the stage holding `skill`; nullptr when no agent of the stage has
  /// held it since the last reconfiguration.
  const agent_index* available_with(stage s, skill_id skill) const {
    const auto& by_skill = stages_[idx(s)].by_skill;
    auto it = by_skill.find(skill);
    return it == by_skill.end() ? nullptr : &it->second;
  }

  /// Available for any conversation: below capacity minus peak mode's VIP reserve.
  bool available(const agent_rec& a) const {
    return open_for_work(a) && a.load < capacity(a) - vip_reserve(a);
  }
  /// Available for a priority >= 1 conversation: the VIP reserve may be used too.
  bool available_for_vip(const agent_rec& a) const {
    return open_for_work(a) && a.load < capacity(a);
  }
  /// The configured capacity, times peak_policy::capacity_factor while peak mode is on.
  int capacity(const agent_rec& a) const;
  /// Slots kept for VIPs while peak mode is on (never all of them); 0 otherwise.
  int vip_reserve(const agent_rec& a) const;
  void set_peak(bool on) { peak_ = on; }
  bool peak() const { return peak_; }

  /// fastest_fit: the agent's expected handling time in `skill` (any_skill: over all), from
  /// the learnt estimate or the level's prior, at one open chat.
  double expected_s(const agent_rec& a, skill_id skill) const;
  /// Folds one observed handling time (already at one open chat) into the estimate.
  void learn(agent_rec& a, skill_id skill, double seconds) const;
  /// Why available() is false, as a decision candidate's reason; "" when it is true.
  const char* unavailable_reason(const agent_rec& a) const;

  /// Re-keys the agent in every index of its stages and skills, or parks it out of them while
  /// unavailable. Call after anything available() or the policy key reads has changed.
  void reindex(agent_rec& a);
  /// Recomputes load, wrap-ups and weighted load from the agent's conversations and reindexes;
  /// true when the load or the wrap-up count changed (what the agent's view shows).
  bool recount(agent_rec& a);
  /// recount() without the reindex: the indices keep the agent's previous listing (still
  /// ordered: they compare stored keys) until reindex(), which must come before anything
  /// selects from them.
  bool count(agent_rec& a);

  /// Asserts the invariants above; compiled out with NDEBUG. Walks every agent: not for
  /// release hot paths.
  void check_invariants() const;

 private:
  struct stage_agents {
    agent_index all;
    std::unordered_map<skill_id, agent_index> by_skill;
    std::vector<agent_rec*> roster;
    int on_shift = 0;
  };

  agent_key key_for(agent_rec& a, stage s, const skill_id* skill) const;
  void check_listing(agent_rec& a) const;

  bool open_for_work(const agent_rec& a) const {
    return a.configured && a.connected && a.state == agent_state::online && a.on_shift &&
           !a.ending && !(config_->wrap_up_blocks_offers && a.wrap_ups > 0);
  }

  const router_config* config_;
  bool peak_ = false;
  agent_map agents_;
  std::array<stage_agents, stage_count> stages_;
};

}  // namespace fenliu::router::detail
