#pragma once
// One WebSocket connection: a reader and a writer coroutine on the connection's strand, a
// bounded outbound queue (frames and bytes), rate and bad-frame limits, ping/idle handling.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>

#include "gateway/net/outbound_queue.hpp"
#include "gateway/net/rate_limiter.hpp"
#include "gateway/app/services.hpp"
#include "gateway/app/session_sink.hpp"
#include "gateway/protocol/decoder.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;

class ws_session : public session_sink, public std::enable_shared_from_this<ws_session> {
 public:
  using request = beast::http::request<beast::http::string_body>;

  /// `socket` must already be bound to a strand executor (the connection's strand).
  ws_session(asio::ip::tcp::socket socket, identity who, services& svc);
  ~ws_session() override;

  /// Completes the upgrade and runs the session until it closes. Runs on the socket's strand.
  asio::awaitable<void> run(request req);

  void deliver(frame_ptr frame) override;
  void close(close_code code) override;
  const identity& who() const noexcept override { return who_; }
  std::uint64_t session_id() const noexcept override { return id_; }

 private:
  asio::awaitable<void> serve(request req);
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  asio::awaitable<void> watchdog();
  void enqueue(frame_ptr frame);   // on the strand
  void begin_close(close_code code, bool discard_queue);  // on the strand
  void on_frame(bool binary);      // on the strand
  bool count_bad_frame();          // true when the flood limit closed the session
  void wake_writer() { wake_.cancel(); }

  using clock = std::chrono::steady_clock;

  beast::websocket::stream<asio::ip::tcp::socket> ws_;
  identity who_;
  services& svc_;
  const std::uint64_t id_;
  beast::flat_buffer read_buffer_;
  client_decoder decoder_;  // reused for every inbound frame

  outbound_queue outbox_;
  asio::steady_timer wake_;   // the writer sleeps on it; cancel() wakes it
  asio::steady_timer drain_;  // bounds how long a close may take
  asio::steady_timer watch_;  // pings and the idle timeout
  clock::time_point last_rx_;
  bool ping_due_ = false;
  bool closing_ = false;      // no more frames are queued
  bool close_sent_ = false;
  bool done_ = false;         // the reader ended: the connection is gone
  close_code close_code_ = close_code::normal;

  rate_limiter rate_;
  int rate_violations_ = 0;
  int bad_frames_ = 0;
  clock::time_point bad_window_start_;
  bool attached_ = false;
};

}  // namespace fenliu::gateway
