#include "gateway/app/kpi_reports.hpp"

#include <fmt/format.h>

#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;

kpi::phase phase_of(store::conversation_state s) {
  switch (s) {
    case store::conversation_state::bot:
      return kpi::phase::bot;
    case store::conversation_state::queued:
      return kpi::phase::queued;
    case store::conversation_state::offered:
      return kpi::phase::offered;
    case store::conversation_state::active:
      return kpi::phase::active;
    case store::conversation_state::wrap_up:
      return kpi::phase::wrap_up;
    case store::conversation_state::closed:
      return kpi::phase::closed;
    case store::conversation_state::left_message:
      return kpi::phase::left_message;
    case store::conversation_state::abandoned:
      return kpi::phase::abandoned;
  }
  return kpi::phase::queued;
}

kpi::stage stage_of(store::stage_code s) {
  switch (s) {
    case store::stage_code::in_sale:
      return kpi::stage::in_sale;
    case store::stage_code::after_sales:
      return kpi::stage::after_sales;
    case store::stage_code::pre_sales:
      break;
  }
  return kpi::stage::pre_sales;
}

kpi::author author_of(store::sender_role r) {
  switch (r) {
    case store::sender_role::customer:
      return kpi::author::customer;
    case store::sender_role::agent:
    case store::sender_role::supervisor:
      return kpi::author::person;
    case store::sender_role::bot:
      return kpi::author::bot;
    default:
      break;
  }
  return kpi::author::other;
}

kpi::input input_of(const store::kpi_source& s) {
  kpi::input in;
  in.conversations.reserve(s.conversations.size());
  for (const auto& c : s.conversations) {
    in.conversations.push_back({c.id, c.customer_id, stage_of(c.stage), phase_of(c.state),
                                c.agent_id, c.created_at, c.updated_at});
  }
  for (const auto& h : s.history) {
    in.history.push_back(
        {h.conversation, h.at, phase_of(h.state), stage_of(h.stage), h.agent_id});
  }
  in.messages.reserve(s.messages.size());
  for (const auto& m : s.messages) {
    in.messages.push_back({m.conversation, author_of(m.role), m.created_at});
  }
  for (const auto& r : s.ratings) {
    in.ratings.push_back({r.conversation, r.stars});
  }
  for (const auto& l : s.left_messages) {
    in.left_messages.push_back({l.conversation, l.at});
  }
  for (const auto& o : s.orders) {
    in.orders.push_back({o.customer_id, o.created_at});
  }
  for (const auto& q : s.qa_reviews) {
    in.qa_reviews.push_back({q.conversation, q.total});
  }
  return in;
}

}  // namespace

kpi::local_clock shop_clock(const shop_config& shop) {
  std::vector<kpi::utc_offset> table;
  table.reserve(shop.routing.utc_offsets.size());
  for (const auto& t : shop.routing.utc_offsets) {
    table.push_back({t.from_ms, t.offset_minutes});
  }
  return kpi::local_clock(std::move(table), shop.routing.utc_offset_minutes);
}

std::string kpi_range_problem(const kpi_query& q, const kpi_config& limits) {
  if (q.to <= q.from) {
    return "must be after from";
  }
  if (q.to - q.from > static_cast<std::int64_t>(limits.max_range_days) * 24 * hour_ms) {
    return fmt::format("at most {} days after from ([kpi] max_range_days)", limits.max_range_days);
  }
  return {};
}

boost::asio::awaitable<kpi_outcome> run_kpis(services& svc, kpi_query q) {
  const auto& k = svc.config.shop.kpi;
  const std::int64_t orders_until = q.to + k.conversion_window_hours * hour_ms;
  auto [ec, source] = co_await async_store<store::kpi_source>(
      [&](auto done) {
        svc.store.kpi_source_of(svc.config.shop.id, q.from, q.to, orders_until,
                                k.max_conversations, std::move(done));
      },
      use_nothrow);
  kpi_outcome out;
  if (ec) {
    out.ec = ec;
    co_return out;
  }
  out.total = source.total;
  if (source.total > k.max_conversations) {
    out.too_many = true;
    co_return out;
  }
  const kpi::options opt{q.from, q.to, q.by, q.per, svc.config.shop.id,
                         k.service_level_target_s, k.conversion_window_hours};
  out.rows = kpi::compute(input_of(source), opt, shop_clock(svc.config.shop));
  co_return out;
}

std::string kpi_group_name(const services& svc, kpi::group_by by, const std::string& group) {
  switch (by) {
    case kpi::group_by::shop:
      return svc.config.shop.name;
    case kpi::group_by::stage:
      return group;
    case kpi::group_by::agent:
      break;
  }
  for (const auto& a : svc.config.shop.agents) {
    if (a.id == group) {
      return a.display_name;
    }
  }
  return group;
}

}  // namespace fenliu::gateway
