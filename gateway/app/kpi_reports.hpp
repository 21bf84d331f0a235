#pragma once
// Part "kpis": one KPI request, from the store's rows to the calculator's (kpi/), for the
// KpiReport frame and GET /api/kpis alike. Include in .cpp files only (Asio coroutines).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "fenliu/kpi/calculator.hpp"
#include "gateway/app/services.hpp"

namespace fenliu::gateway {

struct kpi_query {
  std::int64_t from = 0;  // Unix ms, conversations created in [from, to)
  std::int64_t to = 0;
  kpi::group_by by = kpi::group_by::shop;
  kpi::period per = kpi::period::all;
};

struct kpi_outcome {
  std::error_code ec;       // the store's read failed (store_unavailable)
  bool too_many = false;    // more than [kpi] max_conversations: nothing computed
  std::uint64_t total = 0;  // conversations in the period
  std::vector<kpi::kpi_row> rows;
};

/// The shop's local clock: [shop] time_zone's offsets, or the fixed utc_offset.
kpi::local_clock shop_clock(const shop_config& shop);

/// What is wrong with the query under [kpi]'s limits ("" when nothing): from before to, at
/// most max_range_days.
std::string kpi_range_problem(const kpi_query& q, const kpi_config& limits);

/// Reads the period's rows (awaited on the store's reader, never waited for) and computes.
boost::asio::awaitable<kpi_outcome> run_kpis(services& svc, kpi_query q);

/// The display name of an agent of the shop ("" for the no-person group; the id if unknown).
std::string kpi_group_name(const services& svc, kpi::group_by by, const std::string& group);

}  // namespace fenliu::gateway
