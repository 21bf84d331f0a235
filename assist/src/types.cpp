#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

std::optional<bot_mode> parse_bot_mode(std::string_view name) {
  if (name == "bot_first") {
    return bot_mode::bot_first;
  }
  if (name == "human_first") {
    return bot_mode::human_first;
  }
  if (name == "bot_off_shift_only") {
    return bot_mode::bot_off_shift_only;
  }
  return std::nullopt;
}

const char* to_string(bot_mode mode) {
  switch (mode) {
    case bot_mode::bot_first:
      return "bot_first";
    case bot_mode::human_first:
      return "human_first";
    case bot_mode::bot_off_shift_only:
      return "bot_off_shift_only";
  }
  return "bot_first";
}

std::optional<risk_action> parse_risk_action(std::string_view name) {
  if (name == "alert_only") {
    return risk_action::alert_only;
  }
  if (name == "reroute") {
    return risk_action::reroute;
  }
  if (name == "raise_priority") {
    return risk_action::raise_priority;
  }
  if (name == "reroute_and_raise") {
    return risk_action::reroute_and_raise;
  }
  return std::nullopt;
}

const char* to_string(risk_action action) {
  switch (action) {
    case risk_action::alert_only:
      return "alert_only";
    case risk_action::reroute:
      return "reroute";
    case risk_action::raise_priority:
      return "raise_priority";
    case risk_action::reroute_and_raise:
      return "reroute_and_raise";
  }
  return "reroute_and_raise";
}

}  // namespace fenliu::assist
