// [kpi] (part "kpis"): the KPIs' service-level target, conversion window and request limits.

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {

void parse_kpi_section(table_reader& root, shop_config& out) {
  // One target for the live board and the KPIs unless [kpi] sets its own.
  out.kpi.service_level_target_s = out.routing.floor.service_level_target_s;
  const auto* t = root.table("kpi");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "kpi");
  auto& k = out.kpi;
  r.read("service_level_target_s", k.service_level_target_s, 1, 86400);
  r.read("conversion_window_hours", k.conversion_window_hours, 1, 24 * 90);
  r.read("max_conversations", k.max_conversations, 1u, 10'000'000u);
  r.read("max_range_days", k.max_range_days, 1, 3660);
  r.finish();
}

}  // namespace fenliu::gateway::detail
