#pragma once
// Helpers for the table-driven router core tests: build agents and requests, drive the router
// at explicit timestamps, pick actions of one kind out of the output.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fenliu/router/router.hpp"

namespace fenliu::router::testing {

inline constexpr time_ms sec = 1'000;
inline constexpr time_ms minute = 60 * sec;
inline constexpr time_ms t0 = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC, a Tuesday

inline agent_profile agent(const std::string& id, std::vector<stage> stages = {stage::pre_sales},
                           std::vector<skill_level> skills = {}, int capacity = 2) {
  agent_profile p;
  p.id = id;
  p.display_name = id;
  p.stages = std::move(stages);
  p.skills = std::move(skills);
  p.capacity = capacity;
  p.shifts.always_on = true;
  return p;
}

inline event::conversation_requested request(conversation_id id, stage s = stage::pre_sales,
                                             std::vector<skill_level> required = {},
                                             int priority = 0) {
  event::conversation_requested r;
  r.conversation = id;
  r.customer = fmt::format("c{}", id);
  r.stage_ = s;
  r.required_skills = std::move(required);
  r.priority = priority;
  return r;
}

/// A config with quiet defaults: no relaxation or alerts within a test's horizon unless set.
inline router_config quiet_config() {
  router_config c;
  c.wrap_up_s = 0;
  c.queue_status_interval_ms = 0;
  for (auto& s : c.stages) {
    s.relax_skills_after_s = 10'000;
    s.overflow_after_s = 20'000;
    s.alert_after_s = 30'000;
    s.max_wait_s = 40'000;
  }
  c.first_reply_deadline_s = 100'000;
  return c;
}

template <typename T>
std::vector<T> all_of(const std::vector<router_action>& out) {
  std::vector<T> found;
  for (const auto& a : out) {
    if (const T* t = std::get_if<T>(&a)) {
      found.push_back(*t);
    }
  }
  return found;
}

/// The agent the conversation was assigned to in `out`, or "" if none.
inline std::string assignee(const std::vector<router_action>& out, conversation_id id) {
  for (const auto& a : all_of<action::assigned>(out)) {
    if (a.conversation == id) {
      return a.agent;
    }
  }
  return {};
}

inline std::string offeree(const std::vector<router_action>& out, conversation_id id) {
  for (const auto& a : all_of<action::offer>(out)) {
    if (a.conversation == id) {
      return a.agent;
    }
  }
  return {};
}

/// The last decision record for the conversation in `out`.
inline std::optional<decision_record> decision_for(const std::vector<router_action>& out,
                                                   conversation_id id) {
  std::optional<decision_record> found;
  for (const auto& d : all_of<action::decision>(out)) {
    if (d.record.conversation == id) {
      found = d.record;
    }
  }
  return found;
}

inline bool has_phase(const std::vector<router_action>& out, conversation_id id,
                      conversation_phase p) {
  for (const auto& a : all_of<action::phase_changed>(out)) {
    if (a.conversation == id && a.phase == p) {
      return true;
    }
  }
  return false;
}

inline std::optional<action::queue_status> status_for(const std::vector<router_action>& out,
                                                      conversation_id id) {
  std::optional<action::queue_status> found;
  for (const auto& q : all_of<action::queue_status>(out)) {
    if (q.conversation == id) {
      found = q;
    }
  }
  return found;
}

inline std::optional<time_ms> next_tick(const std::vector<router_action>& out) {
  std::optional<time_ms> at;
  for (const auto& s : all_of<action::schedule_tick>(out)) {
    at = s.at;
  }
  return at;
}

/// A router configured with `agents`, all connected at t0.
class router_harness {
 public:
  explicit router_harness(std::vector<agent_profile> agents, router_config config = quiet_config(),
                          bool connect = true) {
    std::vector<agent_id> ids;
    for (const auto& a : agents) {
      ids.push_back(a.id);
    }
    send(event::configure{std::move(config), std::move(agents)}, t0);
    if (connect) {
      for (const auto& id : ids) {
        send(event::agent_connected{id}, t0);
      }
    }
  }

  std::vector<router_action> send(const router_event& ev, time_ms at) {
    return router_.handle(ev, at);
  }
  std::vector<router_action> tick(time_ms at) { return router_.handle(event::tick{}, at); }

  int load(const agent_id& id) const {
    for (const auto& v : router_.agents(t0)) {
      if (v.id == id) {
        return v.load;
      }
    }
    return -1;
  }
  agent_state state(const agent_id& id) const {
    for (const auto& v : router_.agents(t0)) {
      if (v.id == id) {
        return v.state;
      }
    }
    return agent_state::offline;
  }
  std::optional<conversation_phase> phase(conversation_id id) const {
    auto v = router_.conversation(id);
    return v ? std::optional{v->phase} : std::nullopt;
  }
  std::string agent_of(conversation_id id) const {
    auto v = router_.conversation(id);
    return v && v->agent ? *v->agent : std::string{};
  }

  router& core() { return router_; }

 private:
  router router_;
};

}  // namespace fenliu::router::testing
