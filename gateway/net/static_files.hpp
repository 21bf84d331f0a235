#pragma once
// Static files of the web UI, read from the web root. Paths are checked: no "..", no hidden
// files, only known types.

#include <optional>
#include <string>
#include <string_view>

namespace fenliu::gateway {

struct static_file {
  std::string body;
  std::string mime;
};

/// "/" maps to "/index.html". Returns nullopt for anything not servable.
std::optional<static_file> read_static_file(const std::string& web_root, std::string_view path);

}  // namespace fenliu::gateway
