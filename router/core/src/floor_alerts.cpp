// Alerts that watch the whole floor rather than one conversation's rings: nobody on shift, a
// surge of arrivals, an agent missing offers, a reply deadline passed. Each is also a decision
// record or a state change elsewhere; the alert is what reaches the supervisors.

#include <fmt/format.h>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;
namespace {

constexpr const char* stage_words[stage_count] = {"售前 pre-sales", "售中 in-sale",
                                                  "售后 after-sales"};

const char* words(stage s) { return stage_words[idx(s)]; }

}  // namespace

bool router::impl::cooled_down(time_ms last, time_ms now) const {
  return last < 0 || now - last >= static_cast<time_ms>(config.floor.alert_cooldown_s) * ms_per_second;
}

void router::impl::count_arrival(conv_rec& c, time_ms now, actions& out) {
  const floor_policy& p = config.floor;
  floor.arrived(c.stage_, now);
  if (!cooled_down(surge_alert_at[idx(c.stage_)], now) ||
      now - floor_since <
          static_cast<time_ms>(p.surge_window_s + p.surge_baseline_s) * ms_per_second) {
    return;  // within the cooldown, or not yet a whole baseline of history to compare with
  }
  const int recent = floor.over(c.stage_, now, p.surge_window_s).arrivals;
  const int baseline =
      floor.between(c.stage_, now, p.surge_window_s + p.surge_baseline_s, p.surge_window_s)
          .arrivals;
  if (!is_surge(p, recent, baseline)) {
    return;
  }
  surge_alert_at[idx(c.stage_)] = now;
  out.emplace_back(action::supervisor_alert{
      "queue_surge", c.id, c.stage_,
      fmt::format("{}咨询激增：近 {} 分钟进线 {} 个，此前每 {} 分钟约 {:.1f} 个 · "
                  "{} arrivals surge: {} in the last {} min, about {:.1f} per {} min before",
                  words(c.stage_), p.surge_window_s / 60, recent, p.surge_window_s / 60,
                  static_cast<double>(baseline) * p.surge_window_s / p.surge_baseline_s,
                  stage_keys[idx(c.stage_)], recent, p.surge_window_s / 60,
                  static_cast<double>(baseline) * p.surge_window_s / p.surge_baseline_s,
                  p.surge_window_s / 60)});
}

void router::impl::count_wait_end(conv_rec& c, bool answered, time_ms now) {
  if (c.wait_counted) {
    return;  // only the first wait counts: a transfer or a return is not a new arrival
  }
  c.wait_counted = true;
  if (answered) {
    floor.answered(c.stage_, c.arrived_at, now);
  } else {
    floor.abandoned(c.stage_, now);
  }
}

void router::impl::alert_no_coverage(stage s, time_ms now, actions& out) {
  if (!cooled_down(no_coverage_alert_at[idx(s)], now)) {
    return;
  }
  no_coverage_alert_at[idx(s)] = now;
  out.emplace_back(action::supervisor_alert{
      "no_agent_on_shift", 0, s,
      fmt::format("{}当前无人值班，买家只能留言 · No {} agent on shift: buyers can only leave a "
                  "message",
                  words(s), stage_keys[idx(s)])});
}

void router::impl::alert_missed_offers(agent_rec& a, const conv_rec& c, time_ms now,
                                       actions& out) {
  if (!cooled_down(a.missed_alert_at, now)) {
    return;
  }
  a.missed_alert_at = now;
  out.emplace_back(action::supervisor_alert{
      "missed_offers", c.id, c.stage_,
      fmt::format("{} 连续 {} 次未接起会话，已置为离开 · {} missed {} offers in a row and was set "
                  "away",
                  a.profile.display_name, a.missed_in_row, a.profile.display_name,
                  a.missed_in_row),
      {}, 0, a.profile.id});
}

void router::impl::alert_response_deadline(const agent_rec& a, const conv_rec& c, time_ms now,
                                           actions& out) {
  (void)now;
  out.emplace_back(action::supervisor_alert{
      "response_deadline", c.id, c.stage_,
      fmt::format("{} 超过 {} 秒未回复，会话已收回重新分配 · {} did not reply within {} s; the "
                  "conversation was taken back",
                  a.profile.display_name, config.first_reply_deadline_s, a.profile.display_name,
                  config.first_reply_deadline_s),
      {}, 0, a.profile.id});
}

}  // namespace fenliu::router
