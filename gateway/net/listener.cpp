#include "gateway/net/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/net/http_session.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct listener::impl {
  impl(asio::io_context& io, session_context& ctx, services* svc)
      : io(io), ctx(ctx), svc(svc), acceptor(asio::make_strand(io)) {}

  asio::io_context& io;
  session_context& ctx;
  services* svc;
  tcp::acceptor acceptor;

  asio::awaitable<void> accept_loop() {
    constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
    while (acceptor.is_open()) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_nothrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
          co_return;
        }
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      // Chat frames are small and latency-bound: without this, Nagle plus delayed ACKs holds a
      // reply back ~40 ms whenever two frames follow each other.
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, serve_connection(std::move(socket), ctx, svc), asio::detached);
    }
  }
};

listener::listener(asio::io_context& io, session_context& ctx, services* svc)
    : impl_(std::make_shared<impl>(io, ctx, svc)) {}

listener::~listener() = default;

std::uint16_t listener::open(const std::string& address, std::uint16_t port) {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(address), port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void listener::start() {
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
}

void listener::close() {
  asio::post(impl_->acceptor.get_executor(), [i = impl_] {
    boost::system::error_code ignored;
    i->acceptor.close(ignored);
  });
}

}  // namespace fenliu::gateway
