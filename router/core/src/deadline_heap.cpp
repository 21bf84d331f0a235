// The deadline heap's full invariant check; the operations are inline in the header.

#include "deadline_heap.hpp"

#include <set>

namespace fenliu::router::detail {

void deadline_heap::check_invariants() const {
#ifndef NDEBUG
  assert(std::is_heap(entries_.begin(), entries_.end(), later{}));
  std::set<std::uint64_t> seqs;
  for (const timer_entry& e : entries_) {
    assert(e.seq > 0 && e.seq <= seq_);
    [[maybe_unused]] const bool unique = seqs.insert(e.seq).second;
    assert(unique);
    assert((e.kind == timer_kind::agent_shift || e.kind == timer_kind::agent_hold) ==
           (e.agent != nullptr));
  }
#endif
}

}  // namespace fenliu::router::detail
