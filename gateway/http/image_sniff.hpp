#pragma once
// What an uploaded file is, read from its bytes only (never from a name or a Content-Type):
// JPEG, PNG, WebP or GIF by their magic bytes, and the picture's size from their headers.
// Pure; any thread.

#include <cstdint>
#include <optional>
#include <string_view>

namespace fenliu::gateway {

struct image_info {
  std::string_view mime_type;  // "image/jpeg", "image/png", "image/webp" or "image/gif"
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

/// The type and size of the image in `bytes`, or nullopt when it is none of the four types, its
/// header is truncated, or it names a zero width or height. Reads the PNG IHDR chunk, the GIF
/// logical screen, the first JPEG SOFn segment, and the WebP VP8 / VP8L / VP8X header.
std::optional<image_info> sniff_image(std::string_view bytes);

}  // namespace fenliu::gateway
