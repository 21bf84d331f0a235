#include "fenliu/cluster/lease_policy.hpp"

#include <algorithm>

namespace fenliu::cluster {

lease_step lease_policy::lose() {
  role_ = lease_role::lost;
  return lease_step{lease_role::lost, false, epoch_, 0};
}

lease_step lease_policy::on_answer(lease_time sent_at, lease_time now,
                                   const store::lease_state& answer) {
  if (role_ == lease_role::lost) {
    return lose();  // final: the process stops and stands by again when restarted
  }
  if (!answer.reachable) {
    if (role_ == lease_role::owner) {
      if (now >= valid_until_) {
        return lose();
      }
      // Retry soon, but never past the point where the lease may have lapsed.
      return lease_step{lease_role::owner, false, epoch_,
                        std::min(now + std::max<lease_time>(1, renew_ / 2), valid_until_)};
    }
    return lease_step{lease_role::standby, false, 0, now + renew_};
  }
  if (!answer.held) {
    if (role_ == lease_role::owner) {
      return lose();
    }
    return lease_step{lease_role::standby, false, 0, now + renew_};
  }
  if (role_ == lease_role::owner && answer.epoch != epoch_) {
    // Ours again, but after a lapse: another node may have written in between.
    return lose();
  }
  const bool became = role_ == lease_role::standby;
  role_ = lease_role::owner;
  epoch_ = answer.epoch;
  valid_until_ = sent_at + std::min<lease_time>(answer.remaining_ms, ttl_);
  return lease_step{lease_role::owner, became, epoch_, now + renew_};
}

}  // namespace fenliu::cluster
