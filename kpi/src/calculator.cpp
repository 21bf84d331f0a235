#include "fenliu/kpi/calculator.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace fenliu::kpi {
namespace {

constexpr time_ms second_ms = 1000;
constexpr time_ms hour_ms = 3'600'000;

// What one conversation contributes to its group.
struct facts {
  std::string first_agent;
  bool person_served = false;
  bool transferred = false;
  bool abandoned = false;
  std::optional<time_ms> duration;
  std::optional<time_ms> first_response;
  std::vector<time_ms> responses;
  bool bot_answered = false;
  bool bot_contained = false;
  bool waited = false;
  bool within_target = false;
  bool pre_sales = false;
  bool converted = false;
  std::optional<int> stars;
  std::int64_t left_messages = 0;
  std::vector<time_ms> left_answers;
  std::vector<int> qa_totals;
};

bool waits_for_person(phase p) {
  return p == phase::queued || p == phase::offered || p == phase::active ||
         p == phase::left_message || p == phase::abandoned;
}

template <class Row>
std::unordered_map<conversation_id, std::vector<const Row*>> by_conversation(
    const std::vector<Row>& rows) {
  std::unordered_map<conversation_id, std::vector<const Row*>> out;
  for (const auto& r : rows) {
    out[r.conversation].push_back(&r);
  }
  for (auto& [id, list] : out) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Row* a, const Row* b) { return a->at < b->at; });
  }
  return out;
}

// Customer turns: a wait starts at a customer message, or when the conversation enters the
// queue, unless a wait is already open; the bot's message closes it unanswered by a person; a
// person's message answers it. The first answer is the first response.
void response_times(const std::vector<const message_row*>& messages,
                    const std::vector<const history_row*>& history, facts& f) {
  struct event {
    time_ms at;
    int order;  // at the same instant: entering the queue, then customer, then replies
    author who;
  };
  std::vector<event> events;
  for (const auto* h : history) {
    if (h->state == phase::queued) {
      events.push_back({h->at, 0, author::other});
    }
  }
  for (const auto* m : messages) {
    if (m->who == author::customer) {
      events.push_back({m->at, 1, m->who});
    } else if (m->who == author::person || m->who == author::bot) {
      events.push_back({m->at, 2, m->who});
    }
  }
  std::stable_sort(events.begin(), events.end(), [](const event& a, const event& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  std::optional<time_ms> waiting;
  for (const auto& e : events) {
    if (e.order < 2) {
      if (!waiting) {
        waiting = e.at;
      }
    } else if (e.who == author::bot) {
      waiting.reset();
    } else if (waiting) {
      const time_ms t = e.at - *waiting;
      f.responses.push_back(t);
      if (!f.first_response) {
        f.first_response = t;
      }
      waiting.reset();
    }
  }
}

facts facts_of(const conversation_row& c, const std::vector<const history_row*>& history,
               const std::vector<const message_row*>& messages,
               const std::vector<const left_message_row*>& left,
               const std::vector<const order_row*>& orders, const options& opt) {
  facts f;
  std::string last_agent;
  std::optional<time_ms> ended_at;
  std::optional<time_ms> wait_start;
  std::optional<time_ms> assigned_at;
  f.waited = waits_for_person(c.state);
  f.abandoned = c.state == phase::abandoned;
  f.pre_sales = c.stage_ == stage::pre_sales;
  for (const auto* h : history) {
    if (!h->agent_id.empty()) {
      if (f.first_agent.empty()) {
        f.first_agent = h->agent_id;
      } else if (h->agent_id != last_agent) {
        f.transferred = true;
      }
      last_agent = h->agent_id;
    }
    f.waited = f.waited || waits_for_person(h->state);
    f.abandoned = f.abandoned || h->state == phase::abandoned;
    f.pre_sales = f.pre_sales || h->stage_ == stage::pre_sales;
    if (!ended_at && (h->state == phase::wrap_up || h->state == phase::closed)) {
      ended_at = h->at;
    }
    if (!wait_start && (h->state == phase::queued || h->state == phase::offered)) {
      wait_start = h->at;
    }
    if (!assigned_at && h->state == phase::active && !h->agent_id.empty()) {
      assigned_at = h->at;
    }
  }
  if (f.first_agent.empty()) {
    f.first_agent = c.agent_id;
  }
  f.person_served = !f.first_agent.empty();
  if (!ended_at && (c.state == phase::wrap_up || c.state == phase::closed)) {
    ended_at = c.updated_at;
  }
  if (ended_at && *ended_at >= c.created_at) {
    f.duration = *ended_at - c.created_at;
  }
  if (f.waited) {
    const time_ms start = wait_start.value_or(c.created_at);
    f.within_target = assigned_at && *assigned_at - start <= opt.service_level_target_s * second_ms;
  }
  bool person_wrote = false;
  for (const auto* m : messages) {
    f.bot_answered = f.bot_answered || m->who == author::bot;
    person_wrote = person_wrote || m->who == author::person;
  }
  f.bot_contained = f.bot_answered && !f.waited && !f.person_served && !person_wrote;
  response_times(messages, history, f);
  for (const auto* l : left) {
    ++f.left_messages;
    for (const auto* m : messages) {
      if (m->who == author::person && m->at >= l->at) {
        f.left_answers.push_back(m->at - l->at);
        break;
      }
    }
  }
  if (f.pre_sales) {
    const time_ms until = c.created_at + opt.conversion_window_hours * hour_ms;
    f.converted = std::any_of(orders.begin(), orders.end(), [&](const order_row* o) {
      return o->created_at >= c.created_at && o->created_at < until;
    });
  }
  return f;
}

struct accumulator {
  std::int64_t conversations = 0;
  std::vector<time_ms> first_response, response, duration, left_answers;
  share satisfied, unsatisfied, transferred, abandoned, service_level, bot_contained, converted;
  std::int64_t left_messages = 0;
  std::int64_t qa_count = 0;
  std::int64_t qa_sum = 0;

  void add(const facts& f) {
    ++conversations;
    if (f.first_response) {
      first_response.push_back(*f.first_response);
    }
    response.insert(response.end(), f.responses.begin(), f.responses.end());
    if (f.duration) {
      duration.push_back(*f.duration);
    }
    if (f.stars) {
      ++satisfied.whole;
      ++unsatisfied.whole;
      satisfied.part += *f.stars >= 4 ? 1 : 0;
      unsatisfied.part += *f.stars <= 2 ? 1 : 0;
    }
    if (f.person_served) {
      ++transferred.whole;
      transferred.part += f.transferred ? 1 : 0;
    }
    ++abandoned.whole;
    abandoned.part += f.abandoned ? 1 : 0;
    if (f.waited) {
      ++service_level.whole;
      service_level.part += f.within_target ? 1 : 0;
    }
    if (f.bot_answered) {
      ++bot_contained.whole;
      bot_contained.part += f.bot_contained ? 1 : 0;
    }
    if (f.pre_sales) {
      ++converted.whole;
      converted.part += f.converted ? 1 : 0;
    }
    left_messages += f.left_messages;
    left_answers.insert(left_answers.end(), f.left_answers.begin(), f.left_answers.end());
    for (int t : f.qa_totals) {
      ++qa_count;
      qa_sum += t;
    }
  }
};

duration_stats stats_of(std::vector<time_ms> v) {
  duration_stats s;
  s.count = static_cast<std::int64_t>(v.size());
  if (v.empty()) {
    return s;
  }
  std::sort(v.begin(), v.end());
  const auto n = static_cast<std::int64_t>(v.size());
  const double sum = std::accumulate(v.begin(), v.end(), 0.0);
  s.avg_ms = sum / static_cast<double>(n);
  // Nearest rank: the ceil(p n / 100)-th smallest.
  s.p50_ms = v[static_cast<std::size_t>((50 * n + 99) / 100 - 1)];
  s.p90_ms = v[static_cast<std::size_t>((90 * n + 99) / 100 - 1)];
  return s;
}

kpi_row row_of(const accumulator& a) {
  kpi_row r;
  r.conversations = a.conversations;
  r.first_response = stats_of(a.first_response);
  r.response = stats_of(a.response);
  r.duration = stats_of(a.duration);
  r.satisfied = a.satisfied;
  r.unsatisfied = a.unsatisfied;
  r.transferred = a.transferred;
  r.abandoned = a.abandoned;
  r.left_messages = a.left_messages;
  r.left_message_answer = stats_of(a.left_answers);
  r.service_level = a.service_level;
  r.bot_contained = a.bot_contained;
  r.converted = a.converted;
  r.qa_reviews = a.qa_count;
  if (a.qa_count > 0) {
    r.qa_average = static_cast<double>(a.qa_sum) / static_cast<double>(a.qa_count);
  }
  return r;
}

time_ms period_start(const local_clock& clock, period p, time_ms t, time_ms from) {
  switch (p) {
    case period::day:
      return clock.day_start(t);
    case period::week:
      return clock.week_start(t);
    case period::all:
      break;
  }
  return from;
}

time_ms period_end(const local_clock& clock, period p, time_ms start, time_ms to) {
  switch (p) {
    case period::day:
      return clock.next_day(start);
    case period::week:
      return clock.next_week(start);
    case period::all:
      break;
  }
  return to;
}

}  // namespace

std::optional<double> share::value() const {
  if (whole == 0) {
    return std::nullopt;
  }
  return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<group_by> group_by_from_key(std::string_view key) {
  if (key == "shop") {
    return group_by::shop;
  }
  if (key == "agent") {
    return group_by::agent;
  }
  if (key == "stage") {
    return group_by::stage;
  }
  return std::nullopt;
}

std::optional<period> period_from_key(std::string_view key) {
  if (key == "all") {
    return period::all;
  }
  if (key == "day") {
    return period::day;
  }
  if (key == "week") {
    return period::week;
  }
  return std::nullopt;
}

std::string_view key_of(group_by g) {
  switch (g) {
    case group_by::agent:
      return "agent";
    case group_by::stage:
      return "stage";
    case group_by::shop:
      break;
  }
  return "shop";
}

std::string_view key_of(period p) {
  switch (p) {
    case period::day:
      return "day";
    case period::week:
      return "week";
    case period::all:
      break;
  }
  return "all";
}

std::string_view key_of(stage s) {
  switch (s) {
    case stage::in_sale:
      return "in_sale";
    case stage::after_sales:
      return "after_sales";
    case stage::pre_sales:
      break;
  }
  return "pre_sales";
}

std::vector<kpi_row> compute(const input& in, const options& opt, const local_clock& clock) {
  const auto history = by_conversation(in.history);
  const auto messages = by_conversation(in.messages);
  const auto left = by_conversation(in.left_messages);
  std::unordered_map<std::string, std::vector<const order_row*>> orders;
  for (const auto& o : in.orders) {
    orders[o.customer_id].push_back(&o);
  }
  std::unordered_map<conversation_id, int> stars;
  for (const auto& r : in.ratings) {
    if (r.stars >= 1 && r.stars <= 5) {
      stars[r.conversation] = r.stars;
    }
  }
  std::unordered_map<conversation_id, std::vector<int>> qa;
  for (const auto& r : in.qa_reviews) {
    qa[r.conversation].push_back(r.total);
  }
  const std::vector<const history_row*> no_history;
  const std::vector<const message_row*> no_messages;
  const std::vector<const left_message_row*> no_left;
  const std::vector<const order_row*> no_orders;
  auto find = [](const auto& map, const auto& key, const auto& none) -> const auto& {
    auto it = map.find(key);
    return it == map.end() ? none : it->second;
  };

  std::map<std::pair<time_ms, std::string>, accumulator> groups;
  for (const auto& c : in.conversations) {
    if (c.created_at < opt.from || c.created_at >= opt.to) {
      continue;
    }
    auto f = facts_of(c, find(history, c.id, no_history), find(messages, c.id, no_messages),
                      find(left, c.id, no_left), find(orders, c.customer_id, no_orders), opt);
    if (auto it = stars.find(c.id); it != stars.end()) {
      f.stars = it->second;
    }
    if (auto it = qa.find(c.id); it != qa.end()) {
      f.qa_totals = it->second;
    }
    std::string group;
    switch (opt.by) {
      case group_by::shop:
        group = opt.shop_id;
        break;
      case group_by::agent:
        group = f.first_agent;
        break;
      case group_by::stage:
        group = std::string(key_of(c.stage_));
        break;
    }
    groups[{period_start(clock, opt.per, c.created_at, opt.from), std::move(group)}].add(f);
  }
  if (opt.by == group_by::shop) {
    // The shop's trend has a row for every period of the range, with or without conversations.
    for (time_ms p = period_start(clock, opt.per, opt.from, opt.from); p < opt.to;
         p = period_end(clock, opt.per, p, opt.to)) {
      groups.try_emplace({p, opt.shop_id});
      if (opt.per == period::all) {
        break;
      }
    }
  }
  std::vector<kpi_row> out;
  out.reserve(groups.size());
  for (const auto& [key, acc] : groups) {
    auto r = row_of(acc);
    r.period_from = key.first;
    r.period_to = period_end(clock, opt.per, key.first, opt.to);
    r.period = opt.per == period::all ? std::string() : clock.date_of(key.first);
    r.group = key.second;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fenliu::kpi
