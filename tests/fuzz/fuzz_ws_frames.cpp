// Fuzzes fenliu's WebSocket frame reader: whatever bytes a client sends and however the reads
// cut them, the reader never crashes, reports the same events whether the bytes come in one
// read or in pieces, reports nothing after an error or a close, and hands on only messages
// within the size limit (text ones valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "gateway/websocket/ws_frame_reader.hpp"

using namespace fenliu::gateway;

namespace {

constexpr std::size_t max_message = 512;

struct recorder : ws::reader_events {
  std::vector<std::string> seen;
  bool ended = false;
  void check_open() {
    if (ended) {
      std::abort();  // nothing may be reported after an error or a close
    }
  }
  void on_message(bool binary, std::string_view payload) override {
    check_open();
    if (payload.size() > max_message || (!binary && !ws::is_valid_utf8(payload))) {
      std::abort();
    }
    seen.push_back((binary ? "b" : "t") + std::string(payload));
  }
  void on_ping(std::string_view payload) override {
    check_open();
    if (payload.size() > 125) {
      std::abort();
    }
    seen.push_back("i" + std::string(payload));
  }
  void on_pong() override {
    check_open();
    seen.push_back("o");
  }
  void on_close(std::uint16_t code) override {
    check_open();
    ended = true;
    seen.push_back("c" + std::to_string(code));
  }
  void on_error(close_code code) override {
    check_open();
    ended = true;
    seen.push_back("e" + std::to_string(static_cast<int>(code)));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  // The first byte picks how the second read cuts the rest: pieces of 1..256 bytes.
  const std::size_t piece = 1 + data[0];
  const std::string stream(reinterpret_cast<const char*>(data + 1), size - 1);

  recorder whole;
  {
    ws::frame_reader r(max_message);
    std::string copy = stream;
    r.feed(copy.data(), copy.size(), whole);
  }
  recorder pieces;
  {
    ws::frame_reader r(max_message);
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      std::string chunk = stream.substr(at, piece);
      r.feed(chunk.data(), chunk.size(), pieces);
    }
  }
  if (whole.seen != pieces.seen) {
    std::abort();
  }
  return 0;
}
