#pragma once
// Domain vocabulary of the router core. Pure C++20: no I/O, no clock, no protobuf.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fenliu::router {

/// Unix time in milliseconds. The core never reads a clock: every call receives `now`.
using time_ms = std::int64_t;

using conversation_id = std::uint64_t;
using agent_id = std::string;
using customer_id = std::string;

enum class stage : std::uint8_t { pre_sales, in_sale, after_sales };
inline constexpr int stage_count = 3;

/// The stages' names in configuration files, scenario files and JSON, indexed by the enum.
inline constexpr std::string_view stage_keys[stage_count] = {"pre_sales", "in_sale",
                                                              "after_sales"};
inline constexpr std::string_view stage_key(stage s) { return stage_keys[static_cast<int>(s)]; }
/// The stage a name in stage_keys stands for; nullopt for any other text.
inline std::optional<stage> stage_from_key(std::string_view key) {
  for (int i = 0; i < stage_count; ++i) {
    if (stage_keys[i] == key) {
      return static_cast<stage>(i);
    }
  }
  return std::nullopt;
}

enum class agent_state : std::uint8_t { offline, online, away, busy };

/// How a stage picks among its eligible agents; ties always end on the agent id.
/// least_load: lowest weighted load ratio, then longest idle (earliest last assignment, or
/// since coming online), then highest proficiency (sum of levels in the required skills).
/// round_robin: the agent whose last assignment is the oldest, regardless of load.
/// most_skilled: highest level in the most demanding required skill, then lowest load ratio,
/// then longest idle; without required skills it behaves like least_load.
/// fastest_fit: lowest expected completion time of this conversation at the agent's current
/// load (see speed_model): the agent's learnt handling time in the most demanding required
/// skill (prior from the level until observations arrive) x (1 + concurrency_slowdown x
/// open chats); then longest idle. An agent with no open chat whose last assignment is older
/// than fairness_idle_s wins first (longest idle among them), so slow agents are not starved.
enum class selection_policy : std::uint8_t { least_load, round_robin, most_skilled, fastest_fit };

/// A skill an agent holds (level 1..5) or a conversation requires (minimum level).
struct skill_level {
  std::string skill;
  int level = 1;
  bool operator==(const skill_level&) const = default;
};

/// Minutes since local midnight, [0, 1440]. An interval may not cross midnight; split it.
struct shift_interval {
  int start_minute = 0;
  int end_minute = 0;
};

/// Weekly schedule in the shop's time zone. `weekly[0]` is Monday.
struct shift_schedule {
  std::vector<shift_interval> weekly[7];
  /// Local dates "YYYY-MM-DD" on which the agent does not work.
  std::vector<std::string> holidays;
  /// Local dates "YYYY-MM-DD" whose intervals replace the weekly ones (empty list: day off).
  std::map<std::string, std::vector<shift_interval>> overrides;
  /// No intervals at all means "always on shift" (useful for tests and 24/7 bots): an agent
  /// whose weekly list and overrides are all empty is treated as always on, as is `always_on`.
  bool always_on = false;
};

struct agent_profile {
  agent_id id;
  std::string display_name;
  std::vector<stage> stages;
  std::vector<skill_level> skills;
  int capacity = 5;  // 接待上限: concurrent conversations
  shift_schedule shifts;
  bool supervisor = false;
};

/// Weighted load: a conversation waiting on the agent counts more than one waiting on the
/// customer or on logistics. Load ratio = sum(weights of open conversations) / capacity.
/// Offers and wrap-ups count as awaiting_agent. Capacity itself counts conversations unweighted.
struct load_weights {
  double awaiting_agent = 1.0;
  double awaiting_customer = 0.6;
  double awaiting_logistics = 0.3;
};

struct stage_policy {
  selection_policy policy = selection_policy::least_load;
  bool manual_accept = false;
  /// Relaxation rings, in seconds of waiting.
  int relax_skills_after_s = 30;     // T1: drop optional skills, lower required levels by one
  int overflow_after_s = 60;         // T2: agents of other stages holding overflow_skill
  std::string overflow_skill;        // empty: overflow to any agent of the overflow stages
  std::vector<stage> overflow_stages;
  int alert_after_s = 120;           // T3: alert supervisors
  int max_wait_s = 300;              // offer leave-a-message
};

/// The default order-state rules: no order / unpaid -> pre-sales, paid / shipped -> in-sale,
/// delivered / refund open -> after-sales.
inline std::map<std::string, stage> default_order_stage_rules() {
  return {{"no_order", stage::pre_sales},    {"unpaid", stage::pre_sales},
          {"paid", stage::in_sale},          {"shipped", stage::in_sale},
          {"delivered", stage::after_sales}, {"refund_open", stage::after_sales}};
}

/// How fastest_fit predicts a handling time. An agent's time in a skill starts from the
/// level's prior (`prior_s` x level_factor[level - 1]) and moves towards observed handling
/// times (event::handle_time_observed, divided by the concurrency factor): the prior counts
/// as `prior_observations` observations, then each observation moves the estimate by
/// max(learning_rate, 1 / (observations + prior_observations + 1)), a running mean that
/// turns into an exponentially weighted one.
struct speed_model {
  double prior_s = 300;
  int prior_observations = 5;
  double level_factor[5] = {1.5, 1.25, 1.0, 0.85, 0.7};
  double concurrency_slowdown = 0.25;  // handling time x (1 + k x (open chats - 1))
  double learning_rate = 0.05;
  /// Armony-Ward style threshold: among the first candidates in speed order, one with no open
  /// chat whose last assignment is at least this old wins first (the longest idle of them);
  /// 0 turns it off.
  int fairness_idle_s = 60;
};

/// Peak mode (大促), switched by event::peak_mode_set. While on: capacities x
/// capacity_factor (rounded down, never below the configured capacity); every stage's
/// relaxation rings at most relax_skills_after_s / overflow_after_s; per agent the last
/// vip_reserved_slots of the peak capacity are kept for priority >= 1 (taken at arrival or at
/// a ring step, never handed out from the queue to a lower class); at arrival, a queued
/// conversation whose ETA exceeds likely_patience_s is offered leave-a-message at once.
/// force_bot_first is only carried: the gateway sends every new chat to the bot first.
struct peak_policy {
  double capacity_factor = 1.5;
  int relax_skills_after_s = 10;
  int overflow_after_s = 20;
  int vip_reserved_slots = 1;
  bool leave_message_on_arrival = true;
  int likely_patience_s = 90;
  bool force_bot_first = true;
};

/// The shop's time zone as data: from `from_ms` (UTC) on, local time is UTC plus
/// `offset_minutes`. The service builds the table from the IANA zone (daylight saving
/// included); the core only looks offsets up in it.
struct utc_offset_transition {
  time_ms from_ms = 0;
  int offset_minutes = 0;
  bool operator==(const utc_offset_transition&) const = default;
};

/// The board's service level and the supervisors' alerts that watch the whole floor (the
/// per-conversation ones are the rings of stage_policy).
struct floor_policy {
  /// The 30-second answer rate: a conversation counts as answered in time when an agent took
  /// it within this many seconds of its arrival; abandoned waits count against it.
  int service_level_target_s = 30;
  /// ... over conversations whose wait ended in this many seconds before now.
  int service_level_window_s = 900;
  /// queue_surge: arrivals in the last surge_window_s are at least surge_min_arrivals and more
  /// than surge_factor times the rate of the surge_baseline_s before them (scaled to the
  /// window; a quiet baseline counts as one arrival per window). Only once the router has run
  /// for surge_window_s + surge_baseline_s: before that there is no baseline to compare with.
  int surge_window_s = 300;
  int surge_baseline_s = 3600;
  double surge_factor = 3.0;
  int surge_min_arrivals = 10;
  /// no_agent_on_shift and queue_surge are raised at most once per stage, missed_offers at
  /// most once per agent, in this many seconds.
  int alert_cooldown_s = 300;
};

struct router_config {
  /// The shop's fixed UTC offset, used when `utc_offsets` is empty (and before its first entry).
  int utc_offset_minutes = 480;  // the shop's time zone (Asia/Shanghai by default)
  stage_policy stages[stage_count];
  load_weights weights;
  int offer_timeout_s = 20;
  /// Offer timeouts in a row (declines do not count; an accept resets) that set an agent away.
  int missed_offers_to_away = 3;
  int first_reply_deadline_s = 120;
  int wrap_up_s = 15;
  int sticky_days = 7;
  /// Also how long a transfer to a named, busy agent waits for that agent.
  int sticky_wait_s = 20;
  int disconnect_grace_s = 60;
  int queue_return_grace_s = 120;
  int shift_end_no_offer_min = 10;
  /// Seconds of waiting that are worth one priority class (aging).
  int aging_s_per_priority = 60;
  /// An agent with a conversation in wrap-up gets no new offers until the wrap-up ends.
  bool wrap_up_blocks_offers = true;
  /// Queue positions/ETAs are re-swept at most this often (0: after every event).
  int queue_status_interval_ms = 1000;
  /// ETA per position before any service rate is known.
  int eta_default_s_per_position = 30;
  /// At most this many rejected candidates are listed in one decision record.
  int decision_max_candidates = 8;
  /// order_state_changed: the order status names the stage a conversation moves to.
  std::map<std::string, stage> order_stage_rules = default_order_stage_rules();
  /// fastest_fit's handling-time model.
  speed_model speeds;
  /// Peak mode's rules; off until event::peak_mode_set{true}.
  peak_policy peak;
  /// The board's service level and the floor-wide alerts.
  floor_policy floor;

  /// The shop's time zone with daylight saving, sorted by from_ms; empty: the fixed
  /// utc_offset_minutes applies. Shifts are evaluated in the offset in effect at each instant.
  std::vector<utc_offset_transition> utc_offsets;
};

/// The shop's UTC offset in minutes at `utc`: the last transition at or before it, else (empty
/// table, or before its first entry) the fixed utc_offset_minutes.
inline int utc_offset_minutes_at(const router_config& config, time_ms utc) {
  const auto& t = config.utc_offsets;
  auto it = std::upper_bound(t.begin(), t.end(), utc, [](time_ms at, const auto& tr) {
    return at < tr.from_ms;
  });
  return it == t.begin() ? config.utc_offset_minutes : std::prev(it)->offset_minutes;
}

}  // namespace fenliu::router
