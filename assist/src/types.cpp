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

}  // namespace fenliu::assist
