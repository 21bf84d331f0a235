#pragma once
// Which closed conversations QA reviews: a pure function of the candidates and the rules, so
// the same day always yields the same sample and tests pin it on fixed data.
//
// Per agent and shop-local day: every unsatisfied rating (<= unsatisfied_max_stars) and every
// risk-flagged conversation, then conversations chosen by a fixed hash of their id (the same
// pick whatever order they arrive in) until the sample holds ceil(sample_share x the day's
// closed conversations of that agent). Only closed conversations are candidates at all: one
// still in wrap-up never is.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {

struct qa_pick {
  std::size_t candidate = 0;  // index into the candidates
  std::string reason;         // "unsatisfied", "risk" or "share"
};

/// `utc_offset_minutes(at)`: the shop's offset at `at`. Newest first (closed_at, then id),
/// at most `limit` (0: no limit).
std::vector<qa_pick> pick_qa_sample(const std::vector<store::qa_candidate_row>& candidates,
                                    const qa_config& rules,
                                    const std::function<int(std::int64_t)>& utc_offset_minutes,
                                    std::size_t limit);

}  // namespace fenliu::gateway
