// Part "kpis": FetchKpis (supervisor) -> KpiReport, computed from the store (kpi_reports.cpp).
#include <fmt/format.h>

#include "gateway/app/handlers.hpp"
#include "gateway/app/kpi_reports.hpp"
#include "gateway/app/store_awaitable.hpp"
#include "gateway/protocol/kpi_frames.hpp"

namespace fenliu::gateway::handlers {

asio::awaitable<void> fetch_kpis(request_context ctx, requests::fetch_kpis req) {
  kpi_query q;
  q.from = req.from_ms;
  q.to = req.to_ms;
  q.by = kpi::group_by_from_key(req.group_by).value_or(kpi::group_by::shop);
  q.per = kpi::period_from_key(req.period).value_or(kpi::period::all);
  const auto& shop = ctx.svc.config.shop;
  if (auto problem = kpi_range_problem(q, shop.kpi); !problem.empty()) {
    ctx.fail(error_code::invalid_argument, "to_ms: " + problem);
    co_return;
  }
  auto out = co_await run_kpis(ctx.svc, q);
  if (out.ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  if (out.too_many) {
    ctx.fail(error_code::invalid_argument,
             fmt::format("to_ms: the period has {} conversations, more than [kpi] "
                         "max_conversations ({}): choose a shorter period",
                         out.total, shop.kpi.max_conversations));
    co_return;
  }
  std::vector<std::string> names;
  names.reserve(out.rows.size());
  for (const auto& r : out.rows) {
    names.push_back(kpi_group_name(ctx.svc, q.by, r.group));
  }
  const kpi_report_head head{q.from,
                             q.to,
                             q.by,
                             q.per,
                             shop.time_zone,
                             shop.routing.utc_offset_minutes,
                             shop.kpi.service_level_target_s,
                             shop.kpi.conversion_window_hours,
                             out.total};
  ctx.reply(encode_kpi_report(ctx.request_id, head, out.rows, names));
}

}  // namespace fenliu::gateway::handlers
