#include "gateway/websocket/ws_frame_reader.hpp"

#include <cstring>

namespace fenliu::gateway::ws {
namespace {

constexpr std::size_t max_control_payload = 125;
// Pending bytes above this are given back once the frame they held is used up.
constexpr std::size_t keep_pending_bytes = 256;

bool is_control(std::uint8_t op) noexcept {
  return (op & 0x8) != 0;
}

bool is_known(std::uint8_t op) noexcept {
  return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

// Unmasks in place; the key rotates with the offset into the payload.
void unmask(char* p, std::size_t n, const unsigned char key[4]) noexcept {
  std::uint32_t k;
  std::memcpy(&k, key, 4);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    std::uint32_t w;
    std::memcpy(&w, p + i, 4);
    w ^= k;
    std::memcpy(p + i, &w, 4);
  }
  for (; i < n; ++i) {
    p[i] = static_cast<char>(p[i] ^ key[i & 3]);
  }
}

void release(std::string& s) {
  if (s.capacity() > keep_pending_bytes) {
    std::string().swap(s);
  } else {
    s.clear();
  }
}

}  // namespace

void frame_reader::fail(close_code code, reader_events& events) {
  stopped_ = true;
  std::string().swap(pending_);
  std::string().swap(message_);
  events.on_error(code);
}

void frame_reader::feed(char* data, std::size_t size, reader_events& events) {
  if (stopped_ || size == 0) {
    return;
  }
  if (pending_.empty()) {
    const std::size_t used = parse(data, size, events);
    if (!stopped_ && used < size) {
      pending_.assign(data + used, size - used);
    }
    return;
  }
  pending_.append(data, size);
  const std::size_t used = parse(pending_.data(), pending_.size(), events);
  if (stopped_) {
    return;
  }
  if (used == pending_.size()) {
    release(pending_);
  } else if (used > 0) {
    pending_.erase(0, used);
  }
}

std::size_t frame_reader::parse(char* data, std::size_t size, reader_events& events) {
  std::size_t at = 0;
  while (!stopped_ && size - at >= 2) {
    const auto* head = reinterpret_cast<const unsigned char*>(data + at);
    const bool fin = (head[0] & 0x80) != 0;
    const std::uint8_t op = head[0] & 0x0F;
    const bool masked = (head[1] & 0x80) != 0;
    std::uint64_t len = head[1] & 0x7F;
    // RSV1-3 mean an extension; none is negotiated. A client must mask every frame (5.1).
    if ((head[0] & 0x70) != 0 || !is_known(op) || !masked) {
      fail(close_code::protocol_error, events);
      break;
    }
    std::size_t header = 2;
    if (len == 126) {
      header = 4;
    } else if (len == 127) {
      header = 10;
    }
    if (size - at < header + 4) {
      break;  // the rest of the header (and the mask) has not arrived
    }
    if (len == 126) {
      len = (std::uint64_t{head[2]} << 8) | head[3];
      if (len < 126) {
        fail(close_code::protocol_error, events);  // not the minimal encoding (5.2)
        break;
      }
    } else if (len == 127) {
      len = 0;
      for (int i = 2; i < 10; ++i) {
        len = (len << 8) | head[i];
      }
      if (len <= 0xFFFF || (len >> 63) != 0) {
        fail(close_code::protocol_error, events);
        break;
      }
    }
    if (is_control(op)) {
      if (!fin || len > max_control_payload) {
        fail(close_code::protocol_error, events);
        break;
      }
    } else if (op == static_cast<std::uint8_t>(opcode::continuation) ? !in_message_
                                                                      : in_message_) {
      fail(close_code::protocol_error, events);  // a fragment out of place (5.4)
      break;
    } else if (len > max_message_ || (in_message_ && message_.size() + len > max_message_)) {
      // Decided from the header: the payload of a frame over the limit is never buffered.
      fail(close_code::message_too_big, events);
      break;
    }
    const std::size_t frame_bytes = header + 4 + static_cast<std::size_t>(len);
    if (size - at < frame_bytes) {
      break;  // the payload is still on its way
    }
    unsigned char key[4];
    std::memcpy(key, head + header, 4);
    char* payload = data + at + header + 4;
    const auto n = static_cast<std::size_t>(len);
    unmask(payload, n, key);
    at += frame_bytes;
    const std::string_view body(payload, n);

    switch (static_cast<opcode>(op)) {
      case opcode::ping:
        events.on_ping(body);
        break;
      case opcode::pong:
        events.on_pong();
        break;
      case opcode::close: {
        if (n == 1) {
          fail(close_code::protocol_error, events);
          break;
        }
        std::uint16_t code = 0;
        if (n >= 2) {
          code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                            static_cast<unsigned char>(payload[1]));
          if (!is_valid_close_code(code)) {
            fail(close_code::protocol_error, events);
            break;
          }
          if (!is_valid_utf8(body.substr(2))) {
            fail(close_code::invalid_payload, events);
            break;
          }
        }
        stopped_ = true;  // nothing may follow a close frame
        std::string().swap(message_);
        events.on_close(code);
        break;
      }
      case opcode::text:
      case opcode::binary:
        if (fin) {
          if (op == static_cast<std::uint8_t>(opcode::text) && !is_valid_utf8(body)) {
            fail(close_code::invalid_payload, events);
            break;
          }
          events.on_message(op == static_cast<std::uint8_t>(opcode::binary), body);
        } else {
          in_message_ = true;
          message_binary_ = op == static_cast<std::uint8_t>(opcode::binary);
          message_.assign(body);
        }
        break;
      case opcode::continuation:
        message_.append(body);
        if (fin) {
          in_message_ = false;
          if (!message_binary_ && !is_valid_utf8(message_)) {
            fail(close_code::invalid_payload, events);
            break;
          }
          events.on_message(message_binary_, message_);
          release(message_);
        }
        break;
    }
  }
  return at;
}

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // Runs of ASCII, eight bytes at a time: the common case.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ULL) != 0) {
        break;
      }
      p += 8;
    }
    if (p == end) {
      break;
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;  // a continuation byte first, an overlong lead (C0, C1) or past F4
    }
    if (end - p <= extra) {
      return false;
    }
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

bool is_valid_close_code(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

}  // namespace fenliu::gateway::ws
