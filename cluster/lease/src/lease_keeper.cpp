#include "fenliu/cluster/lease_keeper.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace fenliu::cluster {
namespace {

lease_time mono_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::chrono::steady_clock::time_point at_ms(lease_time t) {
  return std::chrono::steady_clock::time_point(std::chrono::milliseconds(t));
}

}  // namespace

lease_keeper::lease_keeper(lease_keeper_options options, std::shared_ptr<store::write_fence> fence)
    : options_(std::move(options)),
      fence_(std::move(fence)),
      lease_(options_.dsn, options_.schema),
      policy_(options_.ttl.count(), options_.renew_interval.count()) {}

lease_keeper::~lease_keeper() {
  stop();
}

lease_step lease_keeper::ask() {
  const lease_time sent = mono_ms();
  const auto answer = lease_.acquire(options_.shop_id, options_.node_id, options_.ttl);
  const auto step = policy_.on_answer(sent, mono_ms(), answer);
  if (step.role == lease_role::owner) {
    fence_->hold(options_.shop_id, options_.node_id, step.epoch);
    std::lock_guard lock(mutex_);
    epoch_ = step.epoch;
  } else if (step.role == lease_role::lost) {
    fence_->drop();
  }
  if (step.became_owner) {
    spdlog::info("cluster: node {} owns shop {} (epoch {})", options_.node_id, options_.shop_id,
                 step.epoch);
  } else if (step.role == lease_role::standby) {
    spdlog::info("cluster: node {} stands by: shop {} is owned by {} (epoch {}){}",
                 options_.node_id, options_.shop_id, answer.owner.empty() ? "-" : answer.owner,
                 answer.epoch, answer.reachable ? "" : "; the database did not answer");
  }
  next_try_at_ = step.next_try_at;
  return step;
}

bool lease_keeper::sleep_until(std::chrono::steady_clock::time_point at) {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, at, [this] { return stopping_; });
  return !stopping_;
}

bool lease_keeper::wait_for_ownership() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return false;
      }
    }
    const auto step = ask();
    if (step.role == lease_role::owner) {
      return true;
    }
    if (!sleep_until(at_ms(step.next_try_at))) {
      return false;
    }
  }
}

void lease_keeper::keep(std::function<void()> on_lost) {
  renewer_ = std::thread([this, on_lost = std::move(on_lost)] {
    while (sleep_until(at_ms(next_try_at_))) {
      const auto step = ask();
      if (step.role == lease_role::lost) {
        spdlog::error("cluster: node {} lost the lease of shop {} (epoch {}): it stops serving",
                      options_.node_id, options_.shop_id, step.epoch);
        if (on_lost) {
          on_lost();
        }
        return;
      }
    }
  });
}

void lease_keeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable() && renewer_.get_id() != std::this_thread::get_id()) {
    renewer_.join();
  }
  std::lock_guard lock(mutex_);
  if (!released_ && policy_.role() == lease_role::owner) {
    released_ = true;
    fence_->drop();
    lease_.release(options_.shop_id, options_.node_id);
  }
}

std::int64_t lease_keeper::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

}  // namespace fenliu::cluster
