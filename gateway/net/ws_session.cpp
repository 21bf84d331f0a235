#include "gateway/net/ws_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket.hpp>

#include "gateway/app/dispatcher.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {
namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
namespace websocket = beast::websocket;

// Read buffers grow to the largest message seen; idle connections give the memory back.
constexpr std::size_t keep_read_buffer_bytes = 4096;

}  // namespace

ws_session::ws_session(asio::ip::tcp::socket socket, identity who, services& svc)
    : ws_(std::move(socket)),
      who_(std::move(who)),
      svc_(svc),
      id_(svc.next_session_id.fetch_add(1)),
      outbox_(svc.config.limits.outbound_queue_max_frames,
              svc.config.limits.outbound_queue_max_bytes),
      wake_(ws_.get_executor()),
      drain_(ws_.get_executor()),
      watch_(ws_.get_executor()),
      last_rx_(clock::now()),
      rate_(svc.config.limits.rate_per_s, svc.config.limits.rate_burst, now_ms()),
      bad_window_start_(clock::now()) {}

// The destructor must not touch svc_: at shutdown the io_context may destroy a suspended session
// after the services are gone.
ws_session::~ws_session() = default;

asio::awaitable<void> ws_session::run(request req) {
  svc_.connections.fetch_add(1);
  co_await serve(std::move(req));
  svc_.connections.fetch_sub(1);
}

asio::awaitable<void> ws_session::serve(request req) {
  const auto& limits = svc_.config.limits;
  ws_.read_message_max(limits.max_message_bytes);
  ws_.auto_fragment(false);
  ws_.write_buffer_bytes(4096);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "fenliu"); }));
  ws_.control_callback([this](websocket::frame_type, beast::string_view) {
    last_rx_ = clock::now();  // pongs (and pings) count as liveness
  });
  auto [ec] = co_await ws_.async_accept(req, use_nothrow);
  req = {};  // the upgrade request is done with; this frame lives as long as the session
  if (ec) {
    co_return;
  }
  auto self = shared_from_this();
  attached_ = svc_.hub.attach(self);
  if (!attached_) {
    begin_close(close_code::too_many_connections, true);
  } else if (svc_.shutting_down) {
    begin_close(close_code::going_away, true);
  } else {
    on_session_attached(svc_, self);
  }
  asio::co_spawn(ws_.get_executor(), write_loop(), asio::detached);
  asio::co_spawn(ws_.get_executor(), watchdog(), asio::detached);
  co_await read_loop();
  done_ = true;
  closing_ = true;
  wake_writer();
  drain_.cancel();
  watch_.cancel();
  if (attached_) {
    const bool last = svc_.hub.detach(*this);
    on_session_detached(svc_, *this, last);
  }
}

asio::awaitable<void> ws_session::read_loop() {
  for (;;) {
    auto [ec, n] = co_await ws_.async_read(read_buffer_, use_nothrow);
    if (ec) {
      if (ec != websocket::error::closed && ec != asio::error::operation_aborted &&
          ec != asio::error::eof && ec != asio::error::connection_reset) {
        spdlog::debug("session {} read ended: {}", id_, ec.message());
      }
      co_return;
    }
    last_rx_ = clock::now();
    if (!closing_) {
      on_frame(ws_.got_binary());
    }
    read_buffer_.consume(read_buffer_.size());
    if (read_buffer_.capacity() > keep_read_buffer_bytes) {
      read_buffer_.shrink_to_fit();
    }
  }
}

void ws_session::on_frame(bool binary) {
  const auto data = read_buffer_.cdata();
  const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
  if (!rate_.allow(now_ms())) {
    if (++rate_violations_ >= svc_.config.limits.rate_violations_to_close) {
      begin_close(close_code::rate_limited, false);
    } else {
      // Echo the dropped frame's request_id so the client knows which request to resend; a
      // frame that does not parse gets 0.
      enqueue(encode_error(decoder_.request_id_of(bytes, binary), error_code::rate_limited,
                           "rate limit exceeded; frame dropped"));
    }
    return;
  }
  auto decoded = decoder_.decode(bytes, binary, who_.role_, svc_.limits());
  if (auto* err = std::get_if<rejected_frame>(&decoded)) {
    if (!count_bad_frame()) {
      enqueue(encode_error(err->request_id, err->code, std::move(err->detail)));
    }
    return;
  }
  dispatch(svc_, shared_from_this(), std::get<decoded_frame>(std::move(decoded)),
           ws_.get_executor());
}

bool ws_session::count_bad_frame() {
  const auto& limits = svc_.config.limits;
  const auto now = clock::now();
  if (now - bad_window_start_ > std::chrono::seconds(limits.bad_frames_window_s)) {
    bad_window_start_ = now;
    bad_frames_ = 0;
  }
  if (++bad_frames_ > limits.bad_frames_to_close) {
    begin_close(close_code::bad_frames, false);
    return true;
  }
  return false;
}

void ws_session::deliver(frame_ptr frame) {
  asio::dispatch(ws_.get_executor(), [self = shared_from_this(), f = std::move(frame)]() mutable {
    self->enqueue(std::move(f));
  });
}

void ws_session::close(close_code code) {
  asio::dispatch(ws_.get_executor(),
                 [self = shared_from_this(), code] { self->begin_close(code, false); });
}

void ws_session::enqueue(frame_ptr frame) {
  if (closing_) {
    return;
  }
  if (outbox_.push(std::move(frame)) == outbound_queue::push_result::overflow) {
    // The client does not keep up: close it rather than grow memory or slow anyone else.
    begin_close(close_code::slow_consumer, true);
    return;
  }
  wake_writer();
}

void ws_session::begin_close(close_code code, bool discard_queue) {
  if (closing_) {
    return;
  }
  closing_ = true;
  close_code_ = code;
  if (discard_queue) {
    outbox_.clear();
  }
  // A peer that stops reading would hold the close handshake forever: bound it.
  drain_.expires_after(std::chrono::milliseconds(svc_.config.limits.shutdown_drain_ms));
  drain_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->done_) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(self->ws_).shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(self->ws_).close(ignored);
    }
  });
  wake_writer();
}

asio::awaitable<void> ws_session::write_loop() {
  auto self = shared_from_this();
  ws_.binary(true);
  while (!done_) {
    if (!outbox_.empty()) {
      frame_ptr frame = outbox_.pop();
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*frame), use_nothrow);
      if (ec) {
        co_return;
      }
      continue;
    }
    if (closing_) {
      if (!close_sent_) {
        close_sent_ = true;
        co_await ws_.async_close(websocket::close_reason(static_cast<std::uint16_t>(close_code_)),
                                 use_nothrow);
      }
      co_return;
    }
    if (ping_due_) {
      ping_due_ = false;
      auto [ec] = co_await ws_.async_ping({}, use_nothrow);
      if (ec) {
        co_return;
      }
      continue;
    }
    wake_.expires_at(clock::time_point::max());
    co_await wake_.async_wait(use_nothrow);
  }
}

asio::awaitable<void> ws_session::watchdog() {
  auto self = shared_from_this();
  const auto& limits = svc_.config.limits;
  const auto interval = std::chrono::milliseconds(limits.ping_interval_ms);
  const auto idle = std::chrono::milliseconds(limits.idle_timeout_ms);
  while (!done_ && !closing_) {
    const auto silent = clock::now() - last_rx_;
    if (silent >= idle) {
      begin_close(close_code::idle_timeout, false);
      co_return;
    }
    if (silent >= interval) {
      ping_due_ = true;
      wake_writer();
    }
    watch_.expires_after(std::min<clock::duration>(interval, idle - silent));
    auto [ec] = co_await watch_.async_wait(use_nothrow);
    if (ec) {
      co_return;
    }
  }
}

}  // namespace fenliu::gateway
