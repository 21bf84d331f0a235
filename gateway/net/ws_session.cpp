#include "gateway/net/ws_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket.hpp>

#include "gateway/app/services.hpp"  // now_ms
#include "gateway/log/log_context.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {
namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
namespace websocket = beast::websocket;

// Read buffers grow to the largest message seen; idle connections give the memory back.
constexpr std::size_t keep_read_buffer_bytes = 4096;

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

ws_session::ws_session(asio::ip::tcp::socket socket, identity who, session_context& ctx)
    : ws_(std::move(socket)),
      who_(std::move(who)),
      ctx_(ctx),
      wheel_(ctx.deadlines),
      id_(ctx.next_session_id.fetch_add(1)),
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
  const auto& limits = ctx_.config.limits;
  ws_.read_message_max(limits.max_message_bytes);
  ws_.auto_fragment(false);
  ws_.binary(true);  // every server frame is a protobuf ServerEnvelope
  ws_.write_buffer_bytes(4096);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "fenliu"); }));
  ws_.control_callback([this](websocket::frame_type, beast::string_view) {
    policy_.on_pong(mono_ms());  // pongs (and pings) count as liveness
  });
  auto [ec] = co_await ws_.async_accept(req, use_nothrow);
  req = {};  // the upgrade request is done with; this frame lives as long as the session
  if (ec) {
    co_return;
  }
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
  closing_ = true;
  if (drain_) {
    drain_->cancel();
  }
  if (attached_) {
    ctx_.host.detach(*this);
  }
}

asio::awaitable<void> ws_session::read_loop() {
  for (;;) {
    auto [ec, n] = co_await ws_.async_read(read_buffer_, use_nothrow);
    if (ec) {
      if (ec != websocket::error::closed && ec != asio::error::operation_aborted &&
          ec != asio::error::eof && ec != asio::error::connection_reset) {
        log_scope scope(log_context());
        spdlog::debug("session {} read ended: {}", id_, ec.message());
      }
      co_return;
    }
    if (!closing_) {
      on_frame(ws_.got_binary());
    }
    read_buffer_.consume(read_buffer_.size());
    if (read_buffer_.capacity() > keep_read_buffer_bytes) {
      read_buffer_.shrink_to_fit();
    }
  }
}

log_fields ws_session::log_context() const noexcept {
  return log_fields{id_, 0, false, "ws", to_string(who_.role_), who_.shop_id};
}

void ws_session::on_frame(bool binary) {
  using action = frame_decision::action;
  const auto data = read_buffer_.cdata();
  const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
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
    ctx_.host.handle(shared_from_this(), bytes, std::move(frame), ws_.get_executor());
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
  asio::dispatch(ws_.get_executor(), [self = shared_from_this(), f = std::move(frame), cls]() mutable {
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
  asio::dispatch(ws_.get_executor(), [self = shared_from_this(), code] {
    self->begin_close(code, false);
  });
}

frame_ptr ws_session::next_frame() {
  std::lock_guard lock(outbox_mutex_);
  return outbox_.empty() ? nullptr : outbox_.pop();
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
  // A peer that stops reading would hold the close handshake forever: bound it.
  drain_ = std::make_unique<asio::steady_timer>(ws_.get_executor());
  drain_->expires_after(std::chrono::milliseconds(ctx_.config.limits.shutdown_drain_ms));
  drain_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->done_) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(self->ws_).shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(self->ws_).close(ignored);
    }
  });
  pump();
}

// The writer is a chain of completion handlers on the strand: it exists while frames wait and
// ends when the queue is empty, so an idle session has no parked coroutine and no wake-up timer;
// a frame queued on an empty, idle queue starts the chain again (enqueue).
void ws_session::pump() {
  if (writing_ || done_ || write_failed_) {
    return;
  }
  if (frame_ptr frame = next_frame()) {
    writing_ = true;
    if (const auto wake = policy_.on_write_started(mono_ms())) {
      wheel_.schedule(weak_from_this(), *wake);  // at most one such per stall timeout
    }
    ctx_.metrics.frame_out(*frame);
    const auto bytes = asio::buffer(*frame);
    ws_.async_write(bytes, [self = shared_from_this(), frame = std::move(frame)](
                               const boost::system::error_code& ec, std::size_t) {
      self->writing_ = false;
      self->policy_.on_write_done();
      if (ec) {
        self->write_failed_ = true;  // the reader sees the broken connection and ends
        return;
      }
      self->pump();
    });
    return;
  }
  if (closing_) {
    if (!close_sent_) {
      close_sent_ = true;
      writing_ = true;
      ws_.async_close(websocket::close_reason(static_cast<std::uint16_t>(close_code_)),
                      [self = shared_from_this()](const boost::system::error_code&) {
                        self->writing_ = false;
                      });
    }
    return;
  }
  if (ping_due_) {
    ping_due_ = false;
    writing_ = true;
    ws_.async_ping({}, [self = shared_from_this()](const boost::system::error_code& ec) {
      self->writing_ = false;
      if (ec) {
        self->write_failed_ = true;
        return;
      }
      self->pump();
    });
  }
}

void ws_session::on_deadline() {
  // From the wheel's tick, outside this strand (inline when the strand is idle).
  asio::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->check_deadlines(); });
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
