#include "gateway/config/time_zone.hpp"

#include <date/tz.h>

#include <chrono>
#include <exception>
#include <string>

namespace fenliu::gateway {

std::optional<std::vector<router::utc_offset_transition>> zone_offset_table(
    std::string_view zone, router::time_ms from_ms, router::time_ms until_ms) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  using namespace std::chrono;
  std::vector<router::utc_offset_transition> out;
  date::sys_seconds at =
      time_point_cast<seconds>(date::sys_time<milliseconds>{milliseconds{from_ms}});
  const date::sys_seconds until =
      time_point_cast<seconds>(date::sys_time<milliseconds>{milliseconds{until_ms}});
  while (at < until) {
    const date::sys_info info = tz->get_info(at);
    const int offset = static_cast<int>(duration_cast<minutes>(info.offset).count());
    if (out.empty() || out.back().offset_minutes != offset) {
      out.push_back({duration_cast<milliseconds>(at.time_since_epoch()).count(), offset});
    }
    if (info.end <= at) {
      break;
    }
    at = info.end;
  }
  return out;
}

router::time_ms local_midnight_ms(std::string_view date, int utc_offset_minutes) {
  const auto num = [&](std::size_t pos, std::size_t len) {
    return std::stoi(std::string(date.substr(pos, len)));
  };
  const date::sys_days day = date::year{num(0, 4)} / num(5, 2) / num(8, 2);
  const auto utc = std::chrono::duration_cast<std::chrono::milliseconds>(
      day.time_since_epoch() - std::chrono::minutes{utc_offset_minutes});
  return utc.count();
}

}  // namespace fenliu::gateway
