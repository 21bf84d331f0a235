#pragma once
// A task that runs every `interval` on the I/O threads until stopped (the retention purge, the
// peak-mode schedule). The task must not block: it posts its work where it belongs.

#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

class periodic {
 public:
  periodic(boost::asio::io_context& io, std::chrono::milliseconds interval,
           std::function<void()> task);
  ~periodic();
  periodic(const periodic&) = delete;
  periodic& operator=(const periodic&) = delete;

  /// Starts the loop; the first run comes one interval from now (`run_now`: at once).
  void start(bool run_now = false);
  /// Thread-safe; the loop ends at its next wake-up at the latest.
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
