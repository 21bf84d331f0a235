#pragma once
// Part "kpis": the KPI calculator. Every measure's exact definition is in README.md, "KPIs";
// the comments here are the short form.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/kpi/periods.hpp"
#include "fenliu/kpi/rows.hpp"

namespace fenliu::kpi {

enum class group_by : std::uint8_t { shop, agent, stage };
/// all: one row per group for [from, to); day / week: one per group and local day (week from
/// Monday) that a conversation was created in, every period for group_by shop.
enum class period : std::uint8_t { all, day, week };

std::optional<group_by> group_by_from_key(std::string_view key);
std::optional<period> period_from_key(std::string_view key);
std::string_view key_of(group_by g);
std::string_view key_of(period p);
std::string_view key_of(stage s);

struct options {
  time_ms from = 0;  // conversations created in [from, to)
  time_ms to = 0;
  group_by by = group_by::shop;
  period per = period::all;
  std::string shop_id;              // the group of group_by shop
  int service_level_target_s = 30;  // answered within this many seconds of waiting
  int conversion_window_hours = 24;
};

/// Durations in ms over the counted items: nullopt when none was counted.
struct duration_stats {
  std::int64_t count = 0;
  std::optional<double> avg_ms;
  std::optional<std::int64_t> p50_ms;  // nearest rank: the ceil(0.5 n)-th smallest
  std::optional<std::int64_t> p90_ms;  // the ceil(0.9 n)-th smallest
};

/// A share `part / whole`; nullopt when `whole` is 0.
struct share {
  std::int64_t part = 0;
  std::int64_t whole = 0;
  std::optional<double> value() const;
};

struct kpi_row {
  std::string period;         // local date of the period's first day; "" for period all
  time_ms period_from = 0;    // the period's [from, to) (period all: the request's)
  time_ms period_to = 0;
  std::string group;          // shop id, agent id ("" no person) or stage key
  std::int64_t conversations = 0;
  duration_stats first_response;  // per conversation with a person's first reply
  duration_stats response;        // per answered customer turn
  duration_stats duration;        // per ended conversation
  share satisfied;                // stars >= 4 of rated
  share unsatisfied;              // stars <= 2 of rated
  share transferred;              // of conversations a person served
  share abandoned;                // of all conversations
  std::int64_t left_messages = 0;
  duration_stats left_message_answer;  // per answered left message
  share service_level;            // assigned within target of conversations that waited
  share bot_contained;            // of conversations the bot answered
  share converted;                // of pre-sales conversations
  std::int64_t qa_reviews = 0;
  std::optional<double> qa_average;
};

/// Rows ordered by period, then group. Never throws for any input (bad rows are skipped).
std::vector<kpi_row> compute(const input& in, const options& opt, const local_clock& clock);

}  // namespace fenliu::kpi
