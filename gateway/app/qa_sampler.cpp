#include "gateway/app/qa_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace fenliu::gateway {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;

// splitmix64: a fixed, well-mixed order of ids, so the "random" share is reproducible.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

}  // namespace

std::vector<qa_pick> pick_qa_sample(const std::vector<store::qa_candidate_row>& candidates,
                                    const qa_config& rules,
                                    const std::function<int(std::int64_t)>& utc_offset_minutes,
                                    std::size_t limit) {
  // (agent, local day) -> candidate indexes.
  std::map<std::pair<std::string, std::int64_t>, std::vector<std::size_t>> days;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i].conversation;
    const std::int64_t local = c.updated_at + std::int64_t{utc_offset_minutes(c.updated_at)} * 60'000;
    days[{c.agent_id, floor_div(local, ms_per_day)}].push_back(i);
  }
  std::vector<qa_pick> picks;
  for (auto& [key, members] : days) {
    const auto quota = static_cast<std::size_t>(
        std::ceil(rules.sample_share * static_cast<double>(members.size()) - 1e-9));
    std::vector<std::size_t> rest;
    std::size_t taken = 0;
    for (std::size_t i : members) {
      const auto& c = candidates[i];
      if (c.rating_stars > 0 && c.rating_stars <= rules.unsatisfied_max_stars) {
        picks.push_back({i, "unsatisfied"});
        ++taken;
      } else if (c.risk_flagged) {
        picks.push_back({i, "risk"});
        ++taken;
      } else {
        rest.push_back(i);
      }
    }
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
      return mix(candidates[a].conversation.id) < mix(candidates[b].conversation.id);
    });
    for (std::size_t k = 0; k < rest.size() && taken < quota; ++k, ++taken) {
      picks.push_back({rest[k], "share"});
    }
  }
  std::sort(picks.begin(), picks.end(), [&](const qa_pick& a, const qa_pick& b) {
    const auto& x = candidates[a.candidate].conversation;
    const auto& y = candidates[b.candidate].conversation;
    return std::tie(y.updated_at, y.id) < std::tie(x.updated_at, x.id);
  });
  if (limit != 0 && picks.size() > limit) {
    picks.resize(limit);
  }
  return picks;
}

}  // namespace fenliu::gateway
