#include "fenliu/router/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <mutex>
#include <vector>
#include <optional>

#include "fenliu/router/handle_time_tracker.hpp"
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
  handle_time_tracker handle_times;  // teaches the core its agents' speeds (fastest_fit)
  // This event's finished services; handled after its actions (moved out first: handling one
  // of them must not see the list again).
  std::vector<event::handle_time_observed> observed;
  bool stopped = false;

  // Events posted from any thread wait here; one post on the strand takes in all of them, so a
  // committed batch of messages wakes the router once, not once per message.
  std::mutex inbox_mutex;
  std::vector<router_event> inbox;     // guarded by inbox_mutex
  bool drain_posted = false;           // guarded by inbox_mutex
  std::vector<router_event> draining;  // strand only; keeps its capacity

  void take_inbox() {
    {
      std::lock_guard lock(inbox_mutex);
      draining.swap(inbox);
      drain_posted = false;
    }
    for (const auto& ev : draining) {
      handle(ev);
    }
    draining.clear();
  }

  void handle(const router_event& ev) {
    if (stopped) {
      return;
    }
    actions.clear();
    const time_ms now = clock();
    handle_times.on_event(ev);
    core.handle(ev, now, actions);
    std::optional<time_ms> announced;
    for (const auto& a : actions) {
      if (const auto* t = std::get_if<action::schedule_tick>(&a)) {
        announced = t->at;
      } else {
        handler(a);
      }
      if (auto seen = handle_times.on_action(a, now)) {
        observed.push_back(std::move(*seen));
      }
    }
    const timer_plan plan = ticks.after(now, std::holds_alternative<event::tick>(ev), announced);
    if (plan.arm) {
      arm(plan.delay_ms);
    }
    // A finished service is the core's next event (after this one's actions went out).
    if (!observed.empty()) {
      auto seen = std::move(observed);
      observed.clear();
      for (auto& o : seen) {
        handle(router_event(std::move(o)));
      }
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
  bool schedule = false;
  {
    std::lock_guard lock(impl_->inbox_mutex);
    impl_->inbox.push_back(std::move(ev));
    schedule = !impl_->drain_posted;
    impl_->drain_posted = true;
  }
  // An inspect() or stop() posted after this event still runs after it: the take-in was posted
  // first, and it takes every event that is waiting by then.
  if (schedule) {
    asio::post(impl_->strand, [self = impl_] { self->take_inbox(); });
  }
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
