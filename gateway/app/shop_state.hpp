#pragma once
// The shop's reloadable configuration (issue #11, part "admin"): an immutable snapshot that the
// admin API replaces as a whole. Readers on any thread take the current snapshot and keep it
// for as long as they use it; a replacement never changes a snapshot someone holds.

#include <memory>
#include <mutex>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

class shop_state {
 public:
  explicit shop_state(const shop_config& shop)
      : current_(std::make_shared<const shop_config>(shop)) {}

  /// The current snapshot (any thread). Hold it in a local: `const auto shop = live.get();`.
  std::shared_ptr<const shop_config> get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  /// Replaces the snapshot (any thread); holders of the old one keep theirs.
  void replace(shop_config shop) {
    auto next = std::make_shared<const shop_config>(std::move(shop));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const shop_config> current_;
};

}  // namespace fenliu::gateway
