#include "fenliu/router/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <optional>

#include "fenliu/router/tick_plan.hpp"

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
  tick_plan ticks;
  bool stopped = false;

  void handle(const router_event& ev) {
    if (stopped) {
      return;
    }
    actions.clear();
    const time_ms now = clock();
    core.handle(ev, now, actions);
    std::optional<time_ms> announced;
    for (const auto& a : actions) {
      if (const auto* t = std::get_if<action::schedule_tick>(&a)) {
        announced = t->at;
      } else {
        handler(a);
      }
    }
    const timer_plan plan = ticks.after(now, std::holds_alternative<event::tick>(ev), announced);
    if (plan.arm) {
      arm(plan.delay_ms);
    }
  }

  void arm(time_ms delay_ms) {
    timer.expires_after(std::chrono::milliseconds(delay_ms));  // cancels the previous wait
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) {
        self->handle(event::tick{});
      }
    });
  }
};

service::service(asio::io_context& io, action_handler handler, clock_fn clock)
    : impl_(std::make_shared<impl>(io, std::move(handler),
                                   clock ? std::move(clock) : clock_fn(&service::system_now))) {}

service::~service() {
  stop();
}

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
