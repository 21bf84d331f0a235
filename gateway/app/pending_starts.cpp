#include "gateway/app/pending_starts.hpp"

#include <utility>

namespace fenliu::gateway {

void pending_starts::begin(const std::string& customer, const hub& h, continuation then) {
  outcome step = outcome::create;
  {
    std::lock_guard lock(mutex_);
    if (auto it = waiting_.find(customer); it != waiting_.end()) {
      it->second.push_back(std::move(then));
      return;
    }
    // Checked under this lock: a creation that finished has put its conversation in the hub
    // before leaving this map, so one of the two checks sees it.
    if (h.open_conversation_of(customer)) {
      step = outcome::exists;
    } else {
      waiting_.emplace(customer, std::vector<continuation>{});
    }
  }
  then(step, {}, {});
}

void pending_starts::finish(const std::string& customer, std::error_code ec,
                            const conversation_entry& c) {
  std::vector<continuation> waiters;
  {
    std::lock_guard lock(mutex_);
    if (auto node = waiting_.extract(customer)) {
      waiters = std::move(node.mapped());
    }
  }
  for (auto& w : waiters) {
    w(outcome::joined, ec, c);
  }
}

}  // namespace fenliu::gateway
