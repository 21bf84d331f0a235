#include "fenliu/router/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>

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
  time_ms scheduled_at = 0;  // the deadline the core last asked for; 0 = none
  bool stopped = false;

  void handle(const router_event& ev) {
    if (stopped) {
      return;
    }
    actions.clear();
    const time_ms now = clock();
    core.handle(ev, now, actions);
    bool rescheduled = false;
    for (const auto& a : actions) {
      if (const auto* t = std::get_if<action::schedule_tick>(&a)) {
        scheduled_at = t->at;
        rescheduled = true;
      } else {
        handler(a);
      }
    }
    // The core announces its earliest deadline only when it changes, so follow every
    // announcement exactly; and when a tick came early (clock granularity) the deadline is still
    // pending without a new announcement: wait for it again.
    if (rescheduled || (std::holds_alternative<event::tick>(ev) && scheduled_at > now)) {
      arm(scheduled_at, now);
    }
  }

  void arm(time_ms at, time_ms now) {
    // +1 ms: the timer's steady clock and the wall clock round differently; never fire early.
    const auto delay = std::chrono::milliseconds(std::max<time_ms>(0, at - now) + 1);
    timer.expires_after(delay);  // cancels the previous wait
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
