#pragma once
// Runs the router core on one strand: events are posted in, actions come out to a handler on the
// same strand, schedule_tick actions become one timer. The core never sees a clock; the service
// reads the wall clock once per event and passes it in.

#include <functional>
#include <memory>

#include "fenliu/router/router.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::router {

class service {
 public:
  /// Called on the service strand for every action except schedule_tick, in order.
  using action_handler = std::function<void(const router_action&)>;
  /// The clock the service passes to the core (tests may inject one).
  using clock_fn = std::function<time_ms()>;

  service(boost::asio::io_context& io, action_handler handler, clock_fn clock = {});
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  /// Thread-safe. Events are handled in the order they were posted.
  void post(router_event ev);
  /// Thread-safe. Runs `fn` on the strand with read access to the core (board, tests).
  void inspect(std::function<void(const router& core, time_ms now)> fn);
  /// Thread-safe. Cancels the timer; later events are dropped.
  void stop();

  /// Wall clock in Unix milliseconds.
  static time_ms system_now();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::router
