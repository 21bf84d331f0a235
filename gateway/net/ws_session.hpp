#pragma once
// One WebSocket connection: a reader coroutine on the connection's strand, a bounded outbound
// queue (frames and bytes) written by a chain of callbacks that exists only while there is
// something to write, and the session policy's next deadline in the server's shared
// deadline_wheel. An idle session therefore holds no timer and no parked writer. Every limit and
// close decision is the policy's; this class carries them out.
//
// The WebSocket framing is fenliu's own (ws_frame_reader, ws_frame_writer, ws_handshake), on the
// plain TCP socket: every write takes all the frames queued so far (up to a bound) and sends
// their headers and shared payloads in one gather write, control frames included, and the read
// buffer is small while the connection is quiet.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <mutex>

#include "gateway/app/session_sink.hpp"
#include "gateway/log/log_context.hpp"
#include "gateway/net/deadline_wheel.hpp"
#include "gateway/net/outbound_queue.hpp"
#include "gateway/net/session_context.hpp"
#include "gateway/net/session_policy.hpp"
#include "gateway/websocket/ws_frame_reader.hpp"
#include "gateway/protocol/decoder.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;

class ws_session : public session_sink,
                   public deadline_client,
                   private ws::reader_events,
                   public std::enable_shared_from_this<ws_session> {
 public:
  using request = beast::http::request<beast::http::string_body>;

  /// `socket` must already be bound to a strand executor (the connection's strand).
  ws_session(asio::ip::tcp::socket socket, identity who, session_context& ctx);
  ~ws_session() override;

  /// Completes the upgrade and runs the session until it closes. Runs on the socket's strand.
  asio::awaitable<void> run(request req);

  /// Thread-safe. The frame is queued on the strand, in the order the strand sees it (a reply
  /// never overtakes a push that raced it); `dropped` is decided at once for an ephemeral frame
  /// the queue would refuse, and a durable one that overflows closes the session on the strand.
  send_status deliver(frame_ptr frame, delivery_class cls = delivery_class::durable) override;
  bool try_reserve() override;
  void release_reservation() override;
  void close(close_code code) override;
  const identity& who() const noexcept override { return who_; }
  std::uint64_t session_id() const noexcept override { return id_; }
  void on_deadline() override;

 private:
  asio::awaitable<void> serve(request req, bool over_capacity);
  asio::awaitable<void> read_loop();
  void pump();             // on the strand: starts the next write unless one is in flight
  void check_deadlines();  // on the strand: the policy's timer decision, then the next deadline
  void enqueue(frame_ptr frame, delivery_class cls);      // on the strand
  void begin_close(close_code code, bool discard_queue);  // on the strand
  void on_frame(bool binary, std::string_view bytes);     // on the strand
  void dispatch_frame(std::string_view bytes, decoded_frame frame);  // on the strand
  log_fields log_context() const noexcept;
  void arm_drain();     // on the strand: a close may take at most shutdown_drain_ms
  void end_output();    // on the strand: our close frame is out; FIN after it

  // What the frame reader reports, on the strand (ws::reader_events).
  void on_message(bool binary, std::string_view payload) override;
  void on_ping(std::string_view payload) override;
  void on_pong() override;
  void on_close(std::uint16_t code) override;
  void on_error(close_code code) override;

  struct write_batch;

  asio::ip::tcp::socket socket_;
  identity who_;
  session_context& ctx_;
  deadline_wheel& wheel_;
  const std::uint64_t id_;
  ws::frame_reader reader_;
  std::unique_ptr<char[]> read_buffer_;  // sized to the traffic: small while quiet
  std::size_t read_buffer_size_ = 0;
  client_decoder decoder_;

  std::mutex outbox_mutex_;  // guards outbox_ and accepting_: deliver() runs on any thread
  outbound_queue outbox_;
  bool accepting_ = true;  // false once closing: deliver() answers `closing`
  std::size_t in_transit_ = 0;  // delivered, not yet queued on the strand
  std::size_t reserved_ = 0;    // try_reserve() not yet released

  std::unique_ptr<asio::steady_timer> drain_;  // bounds how long a close may take (once closing)
  std::unique_ptr<write_batch> batch_;  // the frames of the write in flight; none while idle
  std::string pong_payload_;            // the latest ping's, answered with the next write
  session_policy policy_;
  bool writing_ = false;  // a write (data, ping, pong or close frames) is in flight
  bool ping_due_ = false;
  bool pong_due_ = false;
  bool peer_closed_ = false;   // the client's close frame arrived
  bool output_ended_ = false;  // our close frame is written and the sending side shut down
  bool write_failed_ = false;  // a write failed: nothing more is written
  bool closing_ = false;  // strand side: the close is decided
  bool close_sent_ = false;
  bool done_ = false;  // the reader ended: the connection is gone
  close_code close_code_ = close_code::normal;
  bool attached_ = false;
};

}  // namespace fenliu::gateway
