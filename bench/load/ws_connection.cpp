// The one translation unit of the load generator that includes Beast.
#include "ws_connection.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

namespace fenliu::load {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

const auto process_start = std::chrono::steady_clock::now();

}  // namespace

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               process_start)
      .count();
}

struct event_loop::impl {
  // Hint 1: each loop is run by exactly one thread, so Asio can skip internal locking.
  asio::io_context io{1};
  // Keeps run() going between phases, when a worker may have nothing queued for a moment.
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
};

event_loop::event_loop() : impl_(std::make_unique<impl>()) {}
event_loop::~event_loop() = default;

void event_loop::run() {
  impl_->io.restart();
  impl_->io.run();
}

void event_loop::stop() {
  impl_->io.stop();
}

void event_loop::post(std::function<void()> fn) {
  asio::post(impl_->io, std::move(fn));
}

void event_loop::after(std::chrono::microseconds delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, delay);
  timer->async_wait([timer, fn = std::move(fn)](error_code ec) {
    if (!ec) {
      fn();
    }
  });
}

namespace {

class beast_connection final : public ws_connection,
                               public std::enable_shared_from_this<beast_connection> {
 public:
  beast_connection(event_loop& loop, frame_handler& handler)
      : ws_(loop.get().io), handler_(handler) {}

  void connect(const connect_target& target) override {
    target_ = target;
    auto& sock = ws_.next_layer();
    error_code ec;
    const tcp::endpoint ep(asio::ip::make_address(target.host, ec), target.port);
    if (ec) {
      return fail("bad address");
    }
    sock.open(ep.protocol(), ec);
    if (!ec && !target.source_ip.empty()) {
      sock.bind(tcp::endpoint(asio::ip::make_address(target.source_ip, ec), 0), ec);
    }
    if (ec) {
      return fail(ec.message());
    }
    sock.async_connect(ep, [self = shared_from_this()](error_code e) { self->on_connect(e); });
  }

  void send(std::string bytes) override {
    if (!open_ || closing_) {
      return;
    }
    outbox_.push_back(std::move(bytes));
    if (!writing_) {
      write_next();
    }
  }

  void close() override {
    if (!open_ || closing_) {
      return;
    }
    // Queued messages go out first (an agent closes its conversations, then itself).
    closing_ = true;
    if (!writing_) {
      start_close();
    }
  }

  std::size_t queued() const override { return outbox_.size(); }

 private:
  void on_connect(error_code ec) {
    if (ec) {
      return fail(ec.message());
    }
    // Latency matters more than packet count here; the server's own choice is measured as is.
    ws_.next_layer().set_option(tcp::no_delay(true), ec);
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::client);
    timeouts.handshake_timeout = std::chrono::seconds(15);
    ws_.set_option(timeouts);
    ws_.read_message_max(16 * 1024 * 1024);
    ws_.auto_fragment(false);
    ws_.binary(true);
    ws_.async_handshake(target_.host, target_.path,
                        [self = shared_from_this()](error_code e) { self->on_handshake(e); });
  }

  void on_handshake(error_code ec) {
    if (ec) {
      return fail(ec == websocket::error::upgrade_declined ? "upgrade declined" : ec.message());
    }
    open_ = true;
    read_next();
    handler_.on_open();
  }

  void read_next() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(error_code ec) {
    if (ec) {
      open_ = false;
      const int code = ws_.reason().code;
      const bool normal = ec == websocket::error::closed || ec == asio::error::eof ||
                          ec == asio::error::operation_aborted;
      error_code ignored;
      ws_.next_layer().close(ignored);
      handler_.on_closed(code, normal ? std::string_view{} : ec.message());
      return;
    }
    const auto data = buffer_.cdata();
    handler_.on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(buffer_.size());
    read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(
        asio::buffer(outbox_.front()),
        [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(error_code ec) {
    writing_ = false;
    if (ec) {
      outbox_.clear();
      return;  // the pending read reports the end
    }
    if (!outbox_.empty()) {
      outbox_.pop_front();
    }
    if (!outbox_.empty()) {
      write_next();
    } else if (closing_) {
      start_close();
    }
  }

  void start_close() {
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](error_code) {});
  }

  void fail(std::string error) {
    error_code ignored;
    ws_.next_layer().close(ignored);
    handler_.on_closed(0, error);
  }

  websocket::stream<tcp::socket> ws_;
  frame_handler& handler_;
  connect_target target_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
};

}  // namespace

std::shared_ptr<ws_connection> ws_connection::create(event_loop& loop, frame_handler& handler) {
  return std::make_shared<beast_connection>(loop, handler);
}

}  // namespace fenliu::load
