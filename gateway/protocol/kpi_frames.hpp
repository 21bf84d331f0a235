#pragma once
// Part "kpis": the KpiReport frame from the calculator's rows.

#include <cstdint>
#include <string>
#include <vector>

#include "fenliu/kpi/calculator.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

struct kpi_report_head {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  kpi::group_by by = kpi::group_by::shop;
  kpi::period per = kpi::period::all;
  std::string time_zone;
  int utc_offset_minutes = 0;
  int service_level_target_s = 0;
  int conversion_window_hours = 0;
  std::uint64_t conversations = 0;
};

/// `names[i]` is rows[i]'s display name (KpiRow.name).
frame_ptr encode_kpi_report(std::uint64_t request_id, const kpi_report_head& head,
                            const std::vector<kpi::kpi_row>& rows,
                            const std::vector<std::string>& names);

}  // namespace fenliu::gateway
