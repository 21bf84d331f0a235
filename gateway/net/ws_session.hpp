#pragma once
// One WebSocket connection: a reader and a writer coroutine on the connection's strand, a
// bounded outbound queue (frames and bytes), and one timer armed at the session policy's next
// deadline. Every limit and close decision is the policy's; this class carries them out.

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
#include <mutex>

#include "gateway/app/services.hpp"
#include "gateway/app/session_sink.hpp"
#include "gateway/log/log_context.hpp"
#include "gateway/net/outbound_queue.hpp"
#include "gateway/net/session_policy.hpp"
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

  /// Thread-safe. The frame is queued on the strand, in the order the strand sees it (a reply
  /// never overtakes a push that raced it); `dropped` is decided at once for an ephemeral frame
  /// the queue would refuse, and a durable one that overflows closes the session on the strand.
  send_status deliver(frame_ptr frame, delivery_class cls = delivery_class::durable) override;
  void close(close_code code) override;
  const identity& who() const noexcept override { return who_; }
  std::uint64_t session_id() const noexcept override { return id_; }

 private:
  asio::awaitable<void> serve(request req, bool over_capacity);
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  asio::awaitable<void> watchdog();
  void enqueue(frame_ptr frame, delivery_class cls);      // on the strand
  void begin_close(close_code code, bool discard_queue);  // on the strand
  void on_frame(bool binary);                             // on the strand
  void dispatch_frame(decoded_frame frame);               // on the strand
  frame_ptr next_frame();  // any thread; nullptr when the queue is empty
  log_fields log_context() const noexcept;
  void wake_writer() { wake_.cancel(); }

  using clock = std::chrono::steady_clock;

  beast::websocket::stream<asio::ip::tcp::socket> ws_;
  identity who_;
  services& svc_;
  const std::uint64_t id_;
  beast::flat_buffer read_buffer_;
  client_decoder decoder_;  // reuses its parse buffers for every inbound frame

  std::mutex outbox_mutex_;  // guards outbox_ and accepting_: deliver() runs on any thread
  outbound_queue outbox_;
  bool accepting_ = true;  // false once closing: deliver() answers `closing`

  asio::steady_timer wake_;   // the writer sleeps on it; cancel() wakes it
  asio::steady_timer drain_;  // bounds how long a close may take
  asio::steady_timer watch_;  // armed at the policy's next deadline
  session_policy policy_;
  bool ping_due_ = false;
  bool closing_ = false;  // strand side: the close is decided
  bool close_sent_ = false;
  bool done_ = false;  // the reader ended: the connection is gone
  close_code close_code_ = close_code::normal;
  bool attached_ = false;
};

}  // namespace fenliu::gateway
