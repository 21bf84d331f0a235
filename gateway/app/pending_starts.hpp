#pragma once
// Concurrent starts of one customer (two tabs, or a reconnect while the first start is still
// being stored) must end in one conversation: the first creates it, the others wait for it and
// get it back as resumed. Owned by `services`; thread-safe.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "gateway/app/hub.hpp"

namespace fenliu::gateway {

class pending_starts {
 public:
  enum class outcome {
    create,  // the caller creates the conversation and must call finish()
    exists,  // the customer has an open conversation in the hub: use it
    joined,  // another start was creating it; it finished with the given error or conversation
  };
  /// Called once, from any thread: at once for create and exists, when the creation in flight
  /// finishes for joined. `ec` is that creation's store error (joined only).
  using continuation = std::function<void(outcome, std::error_code, conversation_entry)>;

  /// Decides for one start of `customer`, checking `h` under this object's lock.
  void begin(const std::string& customer, const hub& h, continuation then);
  /// Ends the creation begun with outcome::create: `c` (when !ec) is in the hub already. Calls
  /// the waiters' continuations.
  void finish(const std::string& customer, std::error_code ec, const conversation_entry& c);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<continuation>> waiting_;
};

}  // namespace fenliu::gateway
