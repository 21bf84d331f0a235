// Arrival generation: exact piecewise-constant Poisson process, then the customer's draws.

#include "fenliu/sim/traffic.hpp"

#include <algorithm>
#include <cmath>

namespace fenliu::sim {

traffic_source::traffic_source(const scenario& s) : scenario_(s), rng_(s.seed) {
  for (const auto& t : s.traffic) {
    base_per_s_ += t.per_hour / 3600.0;
    stage_weights_.push_back(t.per_hour);
    std::vector<double> w;
    for (const auto& m : t.mixes) {
      w.push_back(m.weight);
    }
    mix_weights_.push_back(std::move(w));
    recent_.emplace_back();
    recent_next_.push_back(0);
  }
}

double traffic_source::multiplier_at(double t_s) const {
  double m = 1.0;
  const auto& profile = scenario_.hourly_profile;
  if (!profile.empty()) {
    const auto hour = static_cast<std::size_t>(std::max(0.0, t_s) / 3600.0);
    m = profile[hour % profile.size()];
  }
  if (const auto& s = scenario_.surge; s && t_s >= s->start_s && t_s < s->start_s + s->length_s) {
    m *= s->factor;
  }
  for (const auto& s : scenario_.surges) {
    if (t_s >= s.start_s && t_s < s.start_s + s.length_s) {
      m *= s.factor;
    }
  }
  return m;
}

// The rate is constant until the next hour boundary or surge edge.
double traffic_source::segment_end(double t_s) const {
  double end = scenario_.length_s;
  if (!scenario_.hourly_profile.empty()) {
    end = std::min(end, (std::floor(t_s / 3600.0) + 1.0) * 3600.0);
  }
  auto edges = [&](const surge_window& s) {
    for (double edge : {s.start_s, s.start_s + s.length_s}) {
      if (edge > t_s) {
        end = std::min(end, edge);
      }
    }
  };
  if (const auto& s = scenario_.surge) {
    edges(*s);
  }
  for (const auto& s : scenario_.surges) {
    edges(s);
  }
  return end;
}

double traffic_source::rate_at(double t_s) const {
  return base_per_s_ * multiplier_at(t_s);
}

std::optional<arrival> traffic_source::next() {
  if (base_per_s_ <= 0) {
    return std::nullopt;
  }
  // Unit-rate exponential work, spent across segments of constant rate.
  double work = exponential(rng_, 1.0);
  while (now_s_ < scenario_.length_s) {
    const double rate = rate_at(now_s_);
    const double end = segment_end(now_s_);
    if (rate > 0 && work <= rate * (end - now_s_)) {
      now_s_ += work / rate;
      break;
    }
    work -= rate * (end - now_s_);
    now_s_ = end;
  }
  if (now_s_ >= scenario_.length_s) {
    return std::nullopt;
  }
  arrival a;
  a.id = next_id_++;
  a.at_s = now_s_;
  a.traffic = pick_weighted(rng_, stage_weights_);
  const stage_traffic& t = scenario_.traffic[a.traffic];
  a.mix = t.mixes.empty() ? 0 : pick_weighted(rng_, mix_weights_[a.traffic]);
  a.priority = bernoulli(rng_, scenario_.customers.vip_share) ? 1 : 0;
  draw_customer(a);
  a.handling_s = t.handling.sample(rng_);
  // Drawn even without abandonment, so switching patience on keeps the other draws.
  const double patience = scenario_.customers.patience ? scenario_.customers.patience->sample(rng_)
                                                       : exponential(rng_, 1.0);
  if (scenario_.customers.patience) {
    a.patience_s = patience;
  }
  a.stream = stream_seed(scenario_.seed, a.id);
  return a;
}

// A returning buyer comes back to the same stage: a follow-up on the same order.
void traffic_source::draw_customer(arrival& a) {
  auto& pool = recent_[a.traffic];
  const bool returning = bernoulli(rng_, scenario_.customers.return_share);
  const double pick = uniform01(rng_);
  if (returning && !pool.empty()) {
    a.customer = pool[static_cast<std::size_t>(pick * static_cast<double>(pool.size()))];
    a.returning = true;
    return;
  }
  a.customer = next_customer_++;
  const std::size_t cap = std::max<std::size_t>(1, scenario_.customers.return_pool);
  if (pool.size() < cap) {
    pool.push_back(a.customer);
  } else {
    pool[recent_next_[a.traffic]] = a.customer;
    recent_next_[a.traffic] = (recent_next_[a.traffic] + 1) % cap;
  }
}

}  // namespace fenliu::sim
