#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace fenliu::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Runs `io` until `done` or the timeout; on timeout the pending operation is cancelled.
template <class Cancel>
bool run_until(asio::io_context& io, const bool& done, std::chrono::milliseconds timeout,
               Cancel cancel) {
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(deadline - std::chrono::steady_clock::now());
  }
  if (!done) {
    cancel();
    io.restart();
    while (!done && io.run_one_for(std::chrono::seconds(1)) > 0) {
    }
    return false;
  }
  return true;
}

}  // namespace

struct ws_client::impl {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::flat_buffer buffer;
  bool open = false;
  bool reading = false;
  bool read_done = false;
  boost::system::error_code read_error;
  int close_code = 0;
  std::uint64_t next_request_id = 1;
  std::chrono::milliseconds op_timeout{5000};

  void cancel() {
    boost::system::error_code ec;
    beast::get_lowest_layer(ws).cancel(ec);
  }

  void write(const std::string& bytes, bool binary) {
    if (!open) {
      return;
    }
    ws.binary(binary);
    bool done = false;
    boost::system::error_code result;
    ws.async_write(asio::buffer(bytes), [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    if (!run_until(io, done, op_timeout, [this] { cancel(); }) || result) {
      mark_closed();
    }
  }

  void mark_closed() {
    open = false;
    close_code = ws.reason().code;
  }
};

ws_client::ws_client() : impl_(std::make_unique<impl>()) {}
ws_client::~ws_client() {
  if (impl_ && impl_->open) {
    boost::system::error_code ec;
    beast::get_lowest_layer(impl_->ws).close(ec);
  }
}
ws_client::ws_client(ws_client&&) noexcept = default;
ws_client& ws_client::operator=(ws_client&&) noexcept = default;

connect_result ws_client::connect(const connect_options& options) {
  auto& i = *impl_;
  i.op_timeout = options.timeout;
  connect_result result;
  auto& sock = beast::get_lowest_layer(i.ws);
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(options.host), options.port);
  sock.open(ep.protocol(), ec);
  if (options.receive_buffer_bytes > 0) {
    sock.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer_bytes), ec);
  }
  sock.connect(ep, ec);
  if (ec) {
    result.error = ec.message();
    return result;
  }
  i.ws.read_message_max(64 * 1024 * 1024);
  i.ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
    if (!options.origin.empty()) {
      req.set(http::field::origin, options.origin);
    }
  }));
  websocket::response_type res;
  bool done = false;
  i.ws.async_handshake(res, options.host, options.path + "?token=" + options.token,
                       [&](boost::system::error_code e) {
                         ec = e;
                         done = true;
                       });
  if (!run_until(i.io, done, options.timeout, [&] { i.cancel(); })) {
    result.error = "handshake timed out";
    return result;
  }
  result.http_status = static_cast<int>(res.result_int());
  if (ec) {
    result.error = ec.message();
    return result;
  }
  i.open = true;
  result.ok = true;
  return result;
}

void ws_client::send(const v1::ClientEnvelope& env) {
  impl_->write(env.SerializeAsString(), true);
}
void ws_client::send_binary(const std::string& bytes) {
  impl_->write(bytes, true);
}
void ws_client::send_text(const std::string& text) {
  impl_->write(text, false);
}

std::optional<v1::ServerEnvelope> ws_client::receive(std::chrono::milliseconds timeout) {
  auto& i = *impl_;
  if (!i.open) {
    return std::nullopt;
  }
  // One read stays pending across calls: a receive() that times out leaves it running, so a
  // quiet period does not break the stream.
  if (!i.reading) {
    i.reading = true;
    i.read_done = false;
    i.buffer.clear();
    i.ws.async_read(i.buffer, [&i](boost::system::error_code e, std::size_t) {
      i.read_error = e;
      i.read_done = true;
    });
  }
  i.io.restart();
  i.io.poll();  // what has arrived already: receive(0ms) returns it without waiting
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!i.read_done && std::chrono::steady_clock::now() < deadline) {
    i.io.run_one_for(deadline - std::chrono::steady_clock::now());
  }
  if (!i.read_done) {
    return std::nullopt;
  }
  i.reading = false;
  if (i.read_error) {
    i.mark_closed();
    return std::nullopt;
  }
  v1::ServerEnvelope env;
  const auto data = i.buffer.cdata();
  if (!env.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    return std::nullopt;
  }
  return env;
}

std::optional<v1::ServerEnvelope> ws_client::receive_until(
    const std::function<bool(const v1::ServerEnvelope&)>& match,
    std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto env = receive(std::max(left, std::chrono::milliseconds(1)));
    if (!env) {
      return std::nullopt;
    }
    if (match(*env)) {
      return env;
    }
  }
  return std::nullopt;
}

std::optional<int> ws_client::wait_for_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (impl_->open && std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    receive(std::max(left, std::chrono::milliseconds(1)));
  }
  if (impl_->open) {
    return std::nullopt;
  }
  return impl_->close_code;
}

std::optional<v1::ServerEnvelope> ws_client::request(v1::ClientEnvelope env,
                                                     std::chrono::milliseconds timeout) {
  const auto id = impl_->next_request_id++;
  env.set_request_id(id);
  send(env);
  return receive_until([id](const v1::ServerEnvelope& e) { return e.request_id() == id; }, timeout);
}

int ws_client::close_code() const {
  return impl_->close_code;
}
bool ws_client::is_open() const {
  return impl_->open;
}

void ws_client::close() {
  auto& i = *impl_;
  if (!i.open) {
    return;
  }
  bool done = false;
  i.ws.async_close(websocket::close_code::normal, [&](boost::system::error_code) { done = true; });
  if (run_until(i.io, done, std::chrono::seconds(2), [&] { i.cancel(); })) {
    i.close_code = i.ws.reason().code;  // the server's answer to our close
  }
  i.open = false;
}

http_reply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& host,
                        const std::string& authorization, const std::string& content_type) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(5));
  stream.connect(tcp::endpoint(asio::ip::make_address(host), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host);
  if (!authorization.empty()) {
    req.set(http::field::authorization, authorization);
  }
  if (!content_type.empty()) {
    req.set(http::field::content_type, content_type);
  }
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(req.method() == http::verb::head);  // a Content-Length, but no body
  http::read(stream, buffer, parser);
  auto res = parser.release();
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return {static_cast<int>(res.result_int()), res.body(),
          std::string(res[http::field::content_type])};
}

bool server_closes_stalled_connection(std::uint16_t port, const std::string& partial,
                                      std::chrono::milliseconds timeout) {
  asio::io_context io;
  tcp::socket sock(io);
  sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(sock, asio::buffer(partial));
  bool done = false;
  boost::system::error_code result;
  char byte = 0;
  sock.async_read_some(asio::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!run_until(io, done, timeout, [&] {
        boost::system::error_code ignored;
        sock.cancel(ignored);
      })) {
    return false;
  }
  return result == asio::error::eof || result == asio::error::connection_reset;
}

}  // namespace fenliu::testing
