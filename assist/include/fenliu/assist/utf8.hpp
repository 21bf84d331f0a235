#pragma once
// Characters (code points) of UTF-8 text, as every "at most N characters" limit counts them.

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace fenliu::assist {

/// Code points of valid UTF-8 `s` (continuation bytes are not counted).
inline std::size_t utf8_chars(std::string_view s) noexcept {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace fenliu::assist
