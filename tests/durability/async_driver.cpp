// The only Beast translation unit of the durability tests: one io_context on one thread, one
// coroutine per participant (reconnect loop), a reader and a writer per connection, and one
// global ticker that lets every participant send, so 400 clients cost one timer, not 400.
#include "async_driver.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <fmt/format.h>

#include <deque>
#include <random>
#include <thread>

namespace fenliu::durability {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
constexpr auto tick_period = std::chrono::milliseconds(10);
constexpr auto connect_timeout = std::chrono::seconds(3);

struct connection {
  explicit connection(asio::io_context& io) : ws(io), wake(io) {}
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;  // the writer's condition variable
  std::deque<std::string> queue;
  bool open = false;

  void close() {
    open = false;
    boost::system::error_code ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
    wake.cancel();
  }
};

}  // namespace

struct async_driver::impl {
  impl(ledger& l, std::vector<participant*> p, const std::atomic<std::uint16_t>& port_,
       unsigned seed)
      : book(l), participants(std::move(p)), port(port_), rng(seed), conns(participants.size()) {}

  ledger& book;
  std::vector<participant*> participants;
  const std::atomic<std::uint16_t>& port;
  std::mt19937 rng;
  asio::io_context io;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<int> open_count{0};
  std::vector<std::shared_ptr<connection>> conns;  // I/O thread only

  static void queue_frames(connection& c, participant::outbox& out) {
    if (out.empty() || !c.open) {
      return;
    }
    for (const auto& env : out) {
      c.queue.push_back(env.SerializeAsString());
    }
    out.clear();
    c.wake.cancel();
  }

  asio::awaitable<void> reader(std::shared_ptr<connection> c, participant& p) {
    beast::flat_buffer buffer;
    participant::outbox out;
    for (;;) {
      auto [ec, n] = co_await c->ws.async_read(buffer, use_nothrow);
      if (ec) {
        break;
      }
      v1::ServerEnvelope env;
      const auto data = buffer.cdata();
      if (!env.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
        book.violation(fmt::format("{}: unparsable server frame", p.id()));
      } else {
        p.on_frame(env, out, steady::now());
        queue_frames(*c, out);
      }
      buffer.consume(buffer.size());
    }
    c->close();  // ends the writer too
  }

  asio::awaitable<void> writer(std::shared_ptr<connection> c) {
    while (c->open) {
      if (c->queue.empty()) {
        c->wake.expires_at(asio::steady_timer::time_point::max());
        co_await c->wake.async_wait(use_nothrow);
        continue;
      }
      const std::string frame = std::move(c->queue.front());
      c->queue.pop_front();
      auto [ec, n] = co_await c->ws.async_write(asio::buffer(frame), use_nothrow);
      if (ec) {
        c->close();
      }
    }
  }

  asio::awaitable<bool> handshake(std::shared_ptr<connection> c, const participant& p) {
    auto& stream = beast::get_lowest_layer(c->ws);
    stream.expires_after(connect_timeout);
    const tcp::endpoint ep(asio::ip::address_v4::loopback(), port.load());
    auto [ec] = co_await stream.async_connect(ep, use_nothrow);
    if (ec || stopping) {
      co_return false;
    }
    boost::system::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    c->ws.read_message_max(16 * 1024 * 1024);
    auto [hs] = co_await c->ws.async_handshake("127.0.0.1", "/ws?token=" + p.token(),
                                               use_nothrow);
    if (hs || stopping) {
      co_return false;
    }
    stream.expires_never();
    c->ws.binary(true);
    co_return true;
  }

  asio::awaitable<void> session(std::size_t i) {
    auto& p = *participants[i];
    auto c = std::make_shared<connection>(io);
    conns[i] = c;
    if (!co_await handshake(c, p)) {
      c->close();
      conns[i].reset();
      co_return;
    }
    c->open = true;
    open_count.fetch_add(1);
    participant::outbox out;
    p.on_open(out, steady::now());
    queue_frames(*c, out);
    try {
      co_await (reader(c, p) || writer(c));
    } catch (const std::exception&) {
      // A cancelled operation may surface as an exception: the connection is over either way.
    }
    c->close();
    open_count.fetch_sub(1);
    p.on_closed();
    conns[i].reset();
  }

  asio::awaitable<void> run_participant(std::size_t i) {
    asio::steady_timer backoff(io);
    std::uniform_int_distribution<int> jitter(30, 150);
    while (!stopping) {
      co_await session(i);
      backoff.expires_after(std::chrono::milliseconds(jitter(rng)));
      co_await backoff.async_wait(use_nothrow);
    }
  }

  // A client-side disconnect now and then: resume must also work while the server stays up and
  // the other side keeps writing.
  void maybe_drop_one(steady::time_point now, steady::time_point& next_drop) {
    const int every = book.plan().drop_one_every_ms;
    if (every <= 0 || now < next_drop || book.current() != phase::sending) {
      return;
    }
    next_drop = now + std::chrono::milliseconds(every);
    std::uniform_int_distribution<std::size_t> pick(0, conns.size() - 1);
    if (auto& c = conns[pick(rng)]; c && c->open) {
      c->close();
    }
  }

  asio::awaitable<void> ticker() {
    asio::steady_timer timer(io);
    participant::outbox out;
    auto next_drop = steady::now();
    while (!stopping) {
      timer.expires_after(tick_period);
      co_await timer.async_wait(use_nothrow);
      const auto now = steady::now();
      maybe_drop_one(now, next_drop);
      for (std::size_t i = 0; i < participants.size(); ++i) {
        if (conns[i] && conns[i]->open) {
          participants[i]->on_tick(out, now);
          queue_frames(*conns[i], out);
        }
      }
      book.update_phase();
    }
  }

  void spawn(asio::awaitable<void> a, std::string what) {
    asio::co_spawn(io, std::move(a), [this, what](std::exception_ptr e) {
      if (e) {
        book.violation(fmt::format("client coroutine {} ended with an exception", what));
      }
    });
  }
};

async_driver::async_driver(ledger& l, std::vector<participant*> participants,
                           const std::atomic<std::uint16_t>& port, unsigned seed)
    : impl_(std::make_unique<impl>(l, std::move(participants), port, seed)) {}

async_driver::~async_driver() { stop(); }

void async_driver::start() {
  auto& i = *impl_;
  for (std::size_t n = 0; n < i.participants.size(); ++n) {
    i.spawn(i.run_participant(n), i.participants[n]->id());
  }
  i.spawn(i.ticker(), "ticker");
  i.thread = std::thread([&i] { i.io.run(); });
}

void async_driver::stop() {
  auto& i = *impl_;
  if (!i.thread.joinable()) {
    return;
  }
  i.stopping = true;
  asio::post(i.io, [&i] {
    for (auto& c : i.conns) {
      if (c) {
        c->close();
      }
    }
  });
  i.thread.join();
}

int async_driver::open_connections() const { return impl_->open_count.load(); }

}  // namespace fenliu::durability
