#include "gateway/http/image_sniff.hpp"

namespace fenliu::gateway {
namespace {

std::uint32_t byte_at(std::string_view b, std::size_t i) {
  return static_cast<unsigned char>(b[i]);
}
std::uint32_t be16(std::string_view b, std::size_t i) {
  return byte_at(b, i) << 8 | byte_at(b, i + 1);
}
std::uint32_t be32(std::string_view b, std::size_t i) {
  return be16(b, i) << 16 | be16(b, i + 2);
}
std::uint32_t le16(std::string_view b, std::size_t i) {
  return byte_at(b, i) | byte_at(b, i + 1) << 8;
}
std::uint32_t le24(std::string_view b, std::size_t i) {
  return le16(b, i) | byte_at(b, i + 2) << 16;
}

std::optional<image_info> sized(std::string_view mime, std::uint32_t w, std::uint32_t h) {
  if (w == 0 || h == 0) {
    return std::nullopt;
  }
  return image_info{mime, w, h};
}

std::optional<image_info> png(std::string_view b) {
  // Signature, then the first chunk must be IHDR: length, type, width, height (big-endian).
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  const auto w = be32(b, 16);
  const auto h = be32(b, 20);
  if (w > 0x7fffffffU || h > 0x7fffffffU) {
    return std::nullopt;  // PNG limits both to 2^31 - 1
  }
  return sized("image/png", w, h);
}

std::optional<image_info> gif(std::string_view b) {
  if (b.size() < 10) {
    return std::nullopt;
  }
  return sized("image/gif", le16(b, 6), le16(b, 8));
}

bool is_sof(std::uint32_t marker) {
  // SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range.
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<image_info> jpeg(std::string_view b) {
  std::size_t i = 2;  // after SOI
  while (i + 1 < b.size()) {
    if (byte_at(b, i) != 0xFF) {
      return std::nullopt;  // a segment must start with a marker
    }
    std::uint32_t marker = byte_at(b, i + 1);
    if (marker == 0xFF) {
      ++i;  // fill byte
      continue;
    }
    i += 2;
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      continue;  // no length
    }
    if (marker == 0xD9 || marker == 0xDA) {
      return std::nullopt;  // end of image or scan data before any frame header
    }
    if (i + 2 > b.size()) {
      return std::nullopt;
    }
    const auto length = be16(b, i);
    if (length < 2) {
      return std::nullopt;
    }
    if (is_sof(marker)) {
      // length, precision, height, width
      if (length < 7 || i + 7 > b.size()) {
        return std::nullopt;
      }
      return sized("image/jpeg", be16(b, i + 5), be16(b, i + 3));
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<image_info> webp(std::string_view b) {
  if (b.size() < 16) {
    return std::nullopt;
  }
  const auto chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
    if (b.size() < 30 || b.substr(23, 3) != "\x9d\x01\x2a") {
      return std::nullopt;
    }
    return sized("image/webp", le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  }
  if (chunk == "VP8L") {
    // Signature 0x2F, then width - 1 and height - 1 in 14 bits each.
    if (b.size() < 25 || byte_at(b, 20) != 0x2f) {
      return std::nullopt;
    }
    const std::uint32_t bits = byte_at(b, 21) | byte_at(b, 22) << 8 | byte_at(b, 23) << 16 |
                               byte_at(b, 24) << 24;
    return sized("image/webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk == "VP8X") {
    // Flags, 3 reserved bytes, then canvas width - 1 and height - 1 in 24 bits each.
    if (b.size() < 30) {
      return std::nullopt;
    }
    return sized("image/webp", le24(b, 24) + 1, le24(b, 27) + 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<image_info> sniff_image(std::string_view b) {
  if (b.starts_with("\x89PNG\r\n\x1a\n")) {
    return png(b);
  }
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) {
    return gif(b);
  }
  if (b.starts_with("\xff\xd8\xff")) {
    return jpeg(b);
  }
  if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") {
    return webp(b);
  }
  return std::nullopt;
}

}  // namespace fenliu::gateway
