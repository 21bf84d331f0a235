#pragma once
// RFC 6455 framing as a server reads it, pure: client frames (always masked) in, whole messages
// and control frames out. No I/O and no Beast: ws_session hands it the bytes each read returns,
// in whatever pieces they arrive, and carries out what it reports. Only a frame cut by the end
// of a read is copied (into `pending_`, released again once it is used up), and only a message
// in several fragments is assembled (`message_`); everything else is unmasked and reported in
// place, inside the caller's buffer. After an error the reader discards all further input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/protocol/codes.hpp"

namespace fenliu::gateway::ws {

enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

/// What the reader reports; each view is valid only during the call.
class reader_events {
 public:
  virtual ~reader_events() = default;
  virtual void on_message(bool binary, std::string_view payload) = 0;
  virtual void on_ping(std::string_view payload) = 0;
  virtual void on_pong() = 0;
  /// The peer's close frame: `code` 0 when it carried none (then the answer is 1000).
  virtual void on_close(std::uint16_t code) = 0;
  /// The peer broke the protocol (1002), sent a message over the size limit (1009) or text that
  /// is not UTF-8 (1007): the connection fails with `code`; nothing more is reported.
  virtual void on_error(close_code code) = 0;
};

class frame_reader {
 public:
  /// `max_message_bytes`: the largest message payload accepted, over all of its fragments.
  explicit frame_reader(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

  /// Reads the frames in `data` (`size` bytes, which the reader may unmask in place) after what
  /// earlier calls left incomplete, reporting each complete one to `events` in order.
  void feed(char* data, std::size_t size, reader_events& events);

  /// True once an error was reported or a close frame read: later input is discarded.
  bool stopped() const noexcept { return stopped_; }
  /// Bytes held between calls: an incomplete frame and an incomplete fragmented message.
  std::size_t held_bytes() const noexcept { return pending_.capacity() + message_.capacity(); }

 private:
  /// Parses complete frames from [data, data + size); returns the bytes consumed.
  std::size_t parse(char* data, std::size_t size, reader_events& events);
  void fail(close_code code, reader_events& events);

  std::size_t max_message_;
  std::string pending_;  // the start of a frame the last read cut off
  std::string message_;  // the fragments so far of a message sent in several frames
  bool in_message_ = false;
  bool message_binary_ = false;
  bool stopped_ = false;
};

/// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

/// Whether a close frame may carry `code` (RFC 6455 7.4, and the IANA registry's 1012..1014).
bool is_valid_close_code(std::uint16_t code) noexcept;

}  // namespace fenliu::gateway::ws
