#include "gateway/net/static_files.hpp"

#include <fstream>
#include <iterator>

namespace fenliu::gateway {
namespace {

std::optional<std::string_view> mime_of(std::string_view path) {
  struct entry {
    std::string_view ext;
    std::string_view mime;
  };
  static constexpr entry types[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".json", "application/json"},
      {".ico", "image/x-icon"},
  };
  for (const auto& t : types) {
    if (path.ends_with(t.ext)) {
      return t.mime;
    }
  }
  return std::nullopt;
}

bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.size() > 256) {
    return false;
  }
  if (path.find("..") != std::string_view::npos || path.find("/.") != std::string_view::npos ||
      path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return false;
  }
  return true;
}

}  // namespace

std::optional<static_file> read_static_file(const std::string& web_root, std::string_view path) {
  if (path == "/") {
    path = "/index.html";
  }
  if (!safe_path(path)) {
    return std::nullopt;
  }
  auto mime = mime_of(path);
  if (!mime) {
    return std::nullopt;
  }
  std::ifstream in(web_root + std::string(path), std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return static_file{std::move(body), std::string(*mime)};
}

}  // namespace fenliu::gateway
