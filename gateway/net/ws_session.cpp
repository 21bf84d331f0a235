#include "gateway/net/ws_session.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <span>

#include "gateway/app/services.hpp"  // now_ms
#include "gateway/log/log_context.hpp"
#include "gateway/websocket/ws_frame_writer.hpp"
#include "gateway/websocket/ws_handshake.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {
namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

// The read buffer doubles while reads fill it and halves while they use less than a quarter
// of it, between these sizes: a quiet connection holds the smallest, a busy one reads many
// frames per call. A frame larger than the buffer is assembled by the frame reader.
constexpr std::size_t min_read_buffer_bytes = 512;
constexpr std::size_t max_read_buffer_bytes = 64 * 1024;

// Frames per gather write: each is a header and a payload, and Asio hands the kernel at most
// 64 buffers per call (with the control frames before and the close frame after).
constexpr std::size_t frames_per_write = 30;

using clock = std::chrono::steady_clock;

// The policy's time line: steady milliseconds.
policy_time mono_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now().time_since_epoch())
      .count();
}

session_policy_limits policy_limits(const limits_config& l, const identity& who,
                                    policy_time mono_now) {
  session_policy_limits out;
  out.rate_per_s = l.rate_per_s;
  out.rate_burst = l.rate_burst;
  out.rate_violations_to_close = l.rate_violations_to_close;
  out.bad_frames_to_close = l.bad_frames_to_close;
  out.bad_frames_window_ms = static_cast<policy_time>(l.bad_frames_window_s) * 1000;
  out.idle_timeout_ms = l.idle_timeout_ms;
  out.ping_interval_ms = l.ping_interval_ms;
  out.write_stall_timeout_ms = l.write_stall_timeout_ms;
  if (who.expires_at_s > 0) {
    // `exp` is wall-clock time; the policy runs on the steady clock: convert once, here.
    out.token_expires_at = mono_now + (who.expires_at_s * 1000 - now_ms());
  }
  return out;
}

}  // namespace

// One gather write: the control frames first (a pong, a ping), then queued frames, each behind
// its header, then the close frame when it is the last thing to send. Held while the write is
// in flight (the payloads are shared with other recipients); dropped when the session is idle.
struct ws_session::write_batch {
  std::string control;
  std::array<frame_ptr, frames_per_write> frames;
  std::array<std::array<unsigned char, ws::max_frame_header_bytes>, frames_per_write> heads;
  std::string close;
  std::array<asio::const_buffer, 2 * frames_per_write + 2> buffers;
  std::size_t frame_count = 0;
  std::size_t buffer_count = 0;

  void add(asio::const_buffer b) {
    if (b.size() > 0) {
      buffers[buffer_count++] = b;
    }
  }
  void clear() {
    for (std::size_t i = 0; i < frame_count; ++i) {
      frames[i].reset();
    }
    frame_count = 0;
    buffer_count = 0;
    control.clear();
    close.clear();
  }
};

ws_session::ws_session(asio::ip::tcp::socket socket, identity who, session_context& ctx)
    : socket_(std::move(socket)),
      who_(std::move(who)),
      ctx_(ctx),
      wheel_(ctx.deadlines),
      id_(ctx.next_session_id.fetch_add(1)),
      reader_(ctx.config.limits.max_message_bytes),
      outbox_(ctx.config.limits.outbound_queue_max_frames,
              ctx.config.limits.outbound_queue_max_bytes),
      policy_(policy_limits(ctx.config.limits, who_, mono_ms()), mono_ms()) {}

// The destructor must not touch ctx_: at shutdown the io_context may destroy a suspended session
// after the services are gone.
ws_session::~ws_session() = default;

asio::awaitable<void> ws_session::run(request req) {
  // Counted from here, so that concurrent upgrades cannot all pass the bound together.
  const int count = ctx_.connections.fetch_add(1) + 1;
  co_await serve(std::move(req), count > ctx_.config.limits.max_connections);
  ctx_.connections.fetch_sub(1);
}

asio::awaitable<void> ws_session::serve(request req, bool over_capacity) {
  auto answer = ws::answer_handshake(req[beast::http::field::sec_websocket_key],
                                     req[beast::http::field::sec_websocket_version]);
  req = {};  // the upgrade request is done with; this frame lives as long as the session
  auto [ec, written] = co_await asio::async_write(socket_, asio::buffer(answer.response),
                                                  use_nothrow);
  if (ec || !answer.accepted) {
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    co_return;
  }
  answer = {};
  auto self = shared_from_this();
  // Over capacity the upgrade still completes: a browser sees the close code, never an HTTP 503.
  const auto joined = over_capacity ? attach_result::too_many_connections : ctx_.host.attach(self);
  attached_ = joined == attach_result::attached;
  const auto role_label = metrics::role_label_of(static_cast<int>(who_.role_));
  if (attached_) {
    ctx_.metrics.connection_opened(role_label);
  }
  {
    log_scope scope(log_context());
    spdlog::debug("session open");
  }
  if (joined == attach_result::unavailable) {
    begin_close(close_code::going_away, true);  // no owner to relay to: try again, anywhere
  } else if (auto refusal = policy_.on_open(
                 {attached_, over_capacity, ctx_.shutting_down.load()})) {
    begin_close(*refusal, true);
  } else if (auto welcome = ctx_.host.welcome(self)) {
    std::lock_guard lock(outbox_mutex_);
    outbox_.push_front(std::move(welcome));  // the writer has not started: it sends this first
  }
  pump();
  wheel_.schedule(weak_from_this(), policy_.arm_wake(policy_.next_deadline()));
  co_await read_loop();
  if (attached_) {
    ctx_.metrics.connection_closed(role_label);
  }
  done_ = true;
  {
    boost::system::error_code ignored;
    socket_.close(ignored);  // the connection is over: a write still in flight ends too
  }
  closing_ = true;
  if (drain_) {
    drain_->cancel();
  }
  if (attached_) {
    ctx_.host.detach(*this);
  }
}

asio::awaitable<void> ws_session::read_loop() {
  std::size_t size = min_read_buffer_bytes;
  for (;;) {
    if (read_buffer_size_ != size) {
      read_buffer_ = std::make_unique_for_overwrite<char[]>(size);
      read_buffer_size_ = size;
    }
    auto [ec, n] =
        co_await socket_.async_read_some(asio::buffer(read_buffer_.get(), size), use_nothrow);
    if (ec) {
      if (ec != asio::error::operation_aborted && ec != asio::error::eof &&
          ec != asio::error::connection_reset && ec != asio::error::bad_descriptor) {
        log_scope scope(log_context());
        spdlog::debug("session {} read ended: {}", id_, ec.message());
      }
      co_return;
    }
    reader_.feed(read_buffer_.get(), n, *this);
    if (n == size && size < max_read_buffer_bytes) {
      size *= 2;
    } else if (n < size / 4 && size > min_read_buffer_bytes) {
      size /= 2;
    }
  }
}

void ws_session::on_message(bool binary, std::string_view payload) {
  if (!closing_) {
    on_frame(binary, payload);
  }
}

void ws_session::on_ping(std::string_view payload) {
  policy_.on_pong(mono_ms());  // pings (and pongs) count as liveness
  if (closing_) {
    return;
  }
  pong_payload_.assign(payload);  // only the latest ping is answered (RFC 6455 5.5.3)
  pong_due_ = true;
  pump();
}

void ws_session::on_pong() {
  policy_.on_pong(mono_ms());
}

void ws_session::on_close(std::uint16_t) {
  peer_closed_ = true;
  {
    // The client has said it reads no more: what is still queued for it is not sent.
    std::lock_guard lock(outbox_mutex_);
    accepting_ = false;
    outbox_.clear();
  }
  if (!closing_) {
    // The client's own close, answered with 1000 at once. Not a close the server chose: not
    // counted in the close metrics.
    closing_ = true;
    close_code_ = close_code::normal;
    arm_drain();
  }
  if (!close_sent_) {
    pump();
  } else if (!writing_) {
    end_output();  // our close went out first: this was the answer
  }
}

void ws_session::on_error(close_code code) {
  begin_close(code, true);
}

log_fields ws_session::log_context() const noexcept {
  return log_fields{id_, 0, false, "ws", to_string(who_.role_), who_.shop_id};
}

void ws_session::on_frame(bool binary, std::string_view bytes) {
  using action = frame_decision::action;
  ctx_.metrics.frame_in(binary ? bytes : std::string_view{});
  auto decoded = decoder_.decode(bytes, binary, who_.role_, ctx_.limits());
  auto* err = std::get_if<rejected_frame>(&decoded);
  // Log lines while this frame is handled name the session and the frame's request_id.
  log_scope scope(log_context());
  scope.fields().request_id = err ? err->request_id : std::get<decoded_frame>(decoded).request_id;
  scope.fields().has_request = true;
  if (spdlog::should_log(spdlog::level::debug)) {
    spdlog::debug("frame type={} bytes={}{}",
                  ctx_.metrics.client_case_name(binary ? bytes : std::string_view{}),
                  bytes.size(), err ? " refused" : "");
  }
  const auto decision =
      policy_.on_frame(mono_ms(), err ? frame_verdict::refused : frame_verdict::valid);
  switch (decision.what) {
    case action::dispatch:
      dispatch_frame(bytes, std::get<decoded_frame>(std::move(decoded)));
      return;
    case action::refuse:
      ctx_.metrics.error_sent(err->code);
      deliver(encode_error(err->request_id, err->code, std::move(err->detail)));
      return;
    case action::rate_limited:
      // Echo the dropped frame's request_id so the client knows which request to resend; a
      // frame that does not parse gets 0.
      ctx_.metrics.error_sent(error_code::rate_limited);
      deliver(encode_error(err ? err->request_id : std::get<decoded_frame>(decoded).request_id,
                           error_code::rate_limited, "rate limit exceeded; frame dropped"));
      return;
    case action::close:
      begin_close(decision.code, false);
      return;
  }
}

void ws_session::dispatch_frame(std::string_view bytes, decoded_frame frame) {
  // The data plane does not throw by design; if a handler does anyway, this session ends with
  // 1011 instead of dying silently inside a detached coroutine.
  try {
    ctx_.host.handle(shared_from_this(), bytes, std::move(frame), socket_.get_executor());
  } catch (const std::exception& e) {
    spdlog::error("session {}: handling a frame failed: {}", id_, e.what());
    begin_close(session_policy::on_internal_error(), false);
  }
}

send_status ws_session::deliver(frame_ptr frame, delivery_class cls) {
  {
    std::lock_guard lock(outbox_mutex_);
    if (!accepting_) {
      return send_status::closing;
    }
    // An ephemeral frame the queue would refuse now is dropped at once; the strand re-checks.
    if (cls == delivery_class::ephemeral && !outbox_.would_take(*frame, cls)) {
      ctx_.metrics.ephemeral_dropped();
      return send_status::dropped;
    }
    ++in_transit_;
  }
  // Through the strand (inline when already on it): a handler's replies (a resume's replay, an
  // ack) and the pushes that raced them keep the order in which the strand saw them.
  asio::dispatch(socket_.get_executor(), [self = shared_from_this(), f = std::move(frame), cls]() mutable {
    self->enqueue(std::move(f), cls);
  });
  return send_status::queued;
}

void ws_session::enqueue(frame_ptr frame, delivery_class cls) {
  bool wake = false;
  {
    std::lock_guard lock(outbox_mutex_);
    --in_transit_;
    if (!accepting_) {
      return;
    }
    const bool was_empty = outbox_.empty();
    switch (outbox_.push(std::move(frame), cls)) {
      case outbound_queue::push_result::queued:
        // A write in flight takes the next frame when it completes.
        wake = was_empty;
        break;
      case outbound_queue::push_result::dropped:
        ctx_.metrics.ephemeral_dropped();
        return;
      case outbound_queue::push_result::overflow:
        // The client does not keep up with traffic it must not miss: close it rather than grow
        // memory or slow anyone else. Resume fills the gap on the next connection.
        accepting_ = false;
        outbox_.clear();
        break;
    }
  }
  if (!accepting_) {
    begin_close(close_code::slow_consumer, true);
  } else if (wake) {
    pump();
  }
}

bool ws_session::try_reserve() {
  std::lock_guard lock(outbox_mutex_);
  if (!accepting_) {
    return true;  // closing: the frame will not be queued anyway; never hold a sender back
  }
  const auto& l = ctx_.config.limits;
  const std::size_t frames = outbox_.frames() + in_transit_ + reserved_ + 1;
  if (frames > std::max<std::size_t>(l.outbound_queue_max_frames / 2, 1) ||
      outbox_.bytes() > l.outbound_queue_max_bytes / 2) {
    return false;
  }
  ++reserved_;
  return true;
}

void ws_session::release_reservation() {
  std::lock_guard lock(outbox_mutex_);
  if (reserved_ > 0) {
    --reserved_;
  }
}

void ws_session::close(close_code code) {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this(), code] {
    self->begin_close(code, false);
  });
}

void ws_session::begin_close(close_code code, bool discard_queue) {
  if (closing_) {
    return;
  }
  closing_ = true;
  close_code_ = code;
  ctx_.metrics.closed(code);
  {
    log_scope scope(log_context());
    spdlog::debug("session closing code={}", static_cast<int>(code));
  }
  {
    std::lock_guard lock(outbox_mutex_);
    accepting_ = false;
    if (discard_queue) {
      outbox_.clear();
    }
  }
  arm_drain();
  pump();
}

void ws_session::arm_drain() {
  // A peer that stops reading would hold the close handshake forever: bound it.
  drain_ = std::make_unique<asio::steady_timer>(socket_.get_executor());
  drain_->expires_after(std::chrono::milliseconds(ctx_.config.limits.shutdown_drain_ms));
  drain_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->done_) {
      boost::system::error_code ignored;
      self->socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      self->socket_.close(ignored);
    }
  });
}

// Our close frame is written and the client's has come (or the input is broken): the server
// ends the TCP connection first (RFC 6455 7.1.1); the reader reads on until the client's end.
void ws_session::end_output() {
  if (output_ended_) {
    return;
  }
  output_ended_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

// The writer is a chain of completion handlers on the strand: it exists while frames wait and
// ends when the queue is empty, so an idle session has no parked coroutine, no write batch and
// no wake-up timer; a frame queued on an empty, idle queue starts the chain again (enqueue).
void ws_session::pump() {
  if (writing_ || done_ || write_failed_ || close_sent_) {
    return;
  }
  if (!batch_) {
    batch_ = std::make_unique<write_batch>();
  }
  write_batch& b = *batch_;
  if (pong_due_) {
    pong_due_ = false;
    ws::append_control_frame(b.control, ws::opcode::pong, pong_payload_);
    std::string().swap(pong_payload_);
  }
  if (ping_due_) {
    ping_due_ = false;
    if (!closing_) {
      ws::append_control_frame(b.control, ws::opcode::ping, {});
    }
  }
  b.add(asio::buffer(b.control));
  bool queue_empty = false;
  {
    std::lock_guard lock(outbox_mutex_);
    while (b.frame_count < frames_per_write && !outbox_.empty()) {
      b.frames[b.frame_count++] = outbox_.pop();
    }
    queue_empty = outbox_.empty();
  }
  for (std::size_t i = 0; i < b.frame_count; ++i) {
    const std::string& f = *b.frames[i];
    ctx_.metrics.frame_out(f);
    const auto n = ws::write_frame_header(b.heads[i].data(), ws::opcode::binary, f.size());
    b.add(asio::buffer(b.heads[i].data(), n));
    b.add(asio::buffer(f));
  }
  if (closing_ && queue_empty) {
    close_sent_ = true;  // queued frames first, then the close frame, then nothing more
    ws::append_close_frame(b.close, static_cast<std::uint16_t>(close_code_));
    b.add(asio::buffer(b.close));
  }
  if (b.buffer_count == 0) {
    batch_.reset();  // idle: the session holds no write state
    return;
  }
  writing_ = true;
  if (const auto wake = policy_.on_write_started(mono_ms())) {
    wheel_.schedule(weak_from_this(), *wake);  // at most one such per stall timeout
  }
  asio::async_write(
      socket_, std::span<const asio::const_buffer>(b.buffers.data(), b.buffer_count),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        self->writing_ = false;
        self->policy_.on_write_done();
        if (self->batch_) {
          self->batch_->clear();
        }
        if (ec) {
          self->write_failed_ = true;  // the reader sees the broken connection and ends
          return;
        }
        if (self->close_sent_) {
          self->batch_.reset();
          if (self->peer_closed_ || self->reader_.stopped()) {
            self->end_output();
          }
          return;
        }
        self->pump();
      });
}

void ws_session::on_deadline() {
  // From the wheel's tick, outside this strand (inline when the strand is idle).
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->check_deadlines(); });
}

void ws_session::check_deadlines() {
  if (done_ || closing_) {
    return;
  }
  const auto now = mono_ms();
  const bool regular = policy_.on_wake(now);
  const auto decision = policy_.on_timer(now);
  if (decision.close) {
    // A peer that stopped reading gets no more of the queue: its resume fills the gap.
    begin_close(*decision.close, *decision.close == close_code::slow_consumer);
    return;
  }
  if (decision.send_ping) {
    ping_due_ = true;
    pump();
  }
  // Frames and pongs only move deadlines later, so a deadline that comes early just schedules
  // the next one.
  if (regular) {
    wheel_.schedule(weak_from_this(), policy_.arm_wake(decision.wake_at));
  } else if (const auto wake = policy_.stall_wake()) {
    wheel_.schedule(weak_from_this(), *wake);
  }
}

}  // namespace fenliu::gateway
