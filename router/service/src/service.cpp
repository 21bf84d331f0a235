#include "fenliu/router/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <limits>

namespace fenliu::router {

namespace asio = boost::asio;

struct service::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& io, action_handler h, clock_fn c)
      : strand(asio::make_strand(io)), timer(strand), handler(std::move(h)), clock(std::move(c)) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  action_handler handler;
  clock_fn clock;
  router core;
  std::vector<router_action> actions;  // reused: no allocation per event once warm
  time_ms armed_at = std::numeric_limits<time_ms>::max();
  bool stopped = false;

  void handle(const router_event& ev) {
    if (stopped) {
      return;
    }
    actions.clear();
    core.handle(ev, clock(), actions);
    time_ms next_tick = std::numeric_limits<time_ms>::max();
    for (const auto& a : actions) {
      if (const auto* t = std::get_if<action::schedule_tick>(&a)) {
        next_tick = std::min(next_tick, t->at);
      } else {
        handler(a);
      }
    }
    if (next_tick != std::numeric_limits<time_ms>::max()) {
      arm(next_tick);
    }
  }

  // One timer for the earliest deadline; a later request never postpones an earlier one, and a
  // tick that fires early or late is harmless because the core re-checks every deadline.
  void arm(time_ms at) {
    if (at >= armed_at) {
      return;
    }
    armed_at = at;
    const auto delay = std::chrono::milliseconds(std::max<time_ms>(0, at - clock()));
    timer.expires_after(delay);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) {
        return;  // cancelled: a nearer deadline re-armed the timer, or stop()
      }
      self->armed_at = std::numeric_limits<time_ms>::max();
      self->handle(event::tick{});
    });
  }
};

service::service(asio::io_context& io, action_handler handler, clock_fn clock)
    : impl_(std::make_shared<impl>(io, std::move(handler),
                                   clock ? std::move(clock) : clock_fn(&service::system_now))) {}

service::~service() { stop(); }

void service::post(router_event ev) {
  asio::post(impl_->strand, [self = impl_, ev = std::move(ev)] { self->handle(ev); });
}

void service::inspect(std::function<void(const router& core, time_ms now)> fn) {
  asio::post(impl_->strand, [self = impl_, fn = std::move(fn)] {
    if (!self->stopped) {
      fn(self->core, self->clock());
    }
  });
}

void service::stop() {
  asio::post(impl_->strand, [self = impl_] {
    self->stopped = true;
    self->timer.cancel();
  });
}

time_ms service::system_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace fenliu::router
