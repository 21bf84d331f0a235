#include "chat_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fenliu::durability {

constexpr std::size_t max_kept_violations = 200;

void ledger::violation(std::string what) {
  ++violation_count_;
  if (violations_.size() < max_kept_violations) {
    violations_.push_back(std::move(what));
  }
}

sent_message& ledger::message(const std::string& sender, const std::string& client_msg_id) {
  return messages_[{sender, client_msg_id}];
}

sent_message* ledger::find(const std::string& sender, const std::string& client_msg_id) {
  auto it = messages_.find({sender, client_msg_id});
  return it == messages_.end() ? nullptr : &it->second;
}

void ledger::acked(sent_message& m, std::uint64_t seq, bool duplicate) {
  if (duplicate) {
    ++duplicate_acks;
  }
  if (m.observed_seq != 0 && m.observed_seq != seq) {
    violation(fmt::format("{} {}: acked with seq {} but delivered as seq {}", m.sender,
                          m.client_msg_id, seq, m.observed_seq));
  }
  if (m.acked_seq != 0) {
    if (m.acked_seq != seq) {
      violation(fmt::format("{} {}: acked with seq {} and later with seq {}", m.sender,
                            m.client_msg_id, m.acked_seq, seq));
    }
    return;
  }
  if (!m.given_up) {
    outstanding.fetch_sub(1);
  }
  m.acked_seq = seq;
  acked_total.fetch_add(1);
  auto& c = conversation(m.conversation);
  if (m.sender == c.customer) {
    ++c.customer_acked;
  } else {
    ++c.agent_acked;
  }
}

void ledger::update_phase() {
  const int want = scenario_.messages_per_side;
  if (phase_ == phase::sending) {
    std::size_t done = 0;
    for (const auto& [id, c] : conversations_) {
      if (!c.customer.empty() && c.customer_acked >= want && c.agent_acked >= want) {
        ++done;
      }
    }
    if (done >= static_cast<std::size_t>(scenario_.conversations)) {
      phase_ = phase::syncing;
    }
    return;
  }
  if (phase_ == phase::syncing) {
    const bool all = std::all_of(conversations_.begin(), conversations_.end(), [](const auto& c) {
      return c.second.customer_synced && c.second.owner_synced;
    });
    if (all) {
      phase_ = phase::finished;
    }
  }
}

std::string text_for(const std::string& client_msg_id) {
  return fmt::format("{} 你好, is the XL in stock? ' OR '1'='1; -- \"quoted\" 🙂", client_msg_id);
}

}  // namespace fenliu::durability
