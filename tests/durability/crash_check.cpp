#include "crash_check.hpp"

#include <fmt/format.h>

#include <set>

namespace fenliu::durability {
namespace {

constexpr std::size_t max_failures = 50;

struct failures {
  std::vector<std::string> lines;
  template <class... Args>
  void add(fmt::format_string<Args...> f, Args&&... args) {
    if (lines.size() < max_failures) {
      lines.push_back(fmt::format(f, std::forward<Args>(args)...));
    }
  }
};

void check_transcripts(const ledger& book,
                       const std::map<std::uint64_t, stored_conversation>& stored,
                       failures& out) {
  for (const auto& [id, c] : stored) {
    std::uint64_t expected = 1;
    std::set<std::pair<std::string, std::string>> ids;
    for (const auto& row : c.messages) {
      if (row.seq != expected) {
        out.add("conversation {}: seq {} where {} was due", id, row.seq, expected);
        break;
      }
      ++expected;
      if (!ids.insert({row.sender_id, row.client_msg_id}).second) {
        out.add("conversation {}: {} {} stored twice", id, row.sender_id, row.client_msg_id);
      }
      auto it = book.messages().find({row.sender_id, row.client_msg_id});
      if (it == book.messages().end()) {
        out.add("conversation {} seq {}: {} {} was never sent", id, row.seq, row.sender_id,
                row.client_msg_id);
        continue;
      }
      const auto& sent = it->second;
      if (sent.conversation != id || sent.text != row.text) {
        out.add("conversation {} seq {}: {} stored with other text or conversation", id, row.seq,
                row.client_msg_id);
      }
      if (sent.acked_seq != 0 && sent.acked_seq != row.seq) {
        out.add("{} acked as seq {} but stored as seq {}", row.client_msg_id, sent.acked_seq,
                row.seq);
      }
    }
    if (c.last_seq != c.messages.size()) {
      out.add("conversation {}: last_seq {} but {} messages", id, c.last_seq, c.messages.size());
    }
  }
}

void check_acked_are_stored(const ledger& book,
                            const std::map<std::uint64_t, stored_conversation>& stored,
                            failures& out) {
  for (const auto& [key, sent] : book.messages()) {
    if (sent.acked_seq == 0) {
      continue;
    }
    auto c = stored.find(sent.conversation);
    const bool there = c != stored.end() && sent.acked_seq <= c->second.messages.size() &&
                       c->second.messages[sent.acked_seq - 1].client_msg_id == key.second &&
                       c->second.messages[sent.acked_seq - 1].sender_id == key.first;
    if (!there) {
      out.add("{} {}: acked as seq {} of conversation {} but not stored there", key.first,
              key.second, sent.acked_seq, sent.conversation);
    }
  }
}

void check_participants(const ledger& book, const std::vector<const participant*>& participants,
                        const std::map<std::uint64_t, stored_conversation>& stored,
                        failures& out) {
  std::map<std::string, int> conversations_of_customer;
  for (const auto& [id, c] : stored) {
    ++conversations_of_customer[c.customer_id];
    auto it = book.conversations().find(id);
    if (it == book.conversations().end() || it->second.owner != c.agent_id) {
      out.add("conversation {}: stored agent '{}' is not the one the clients know", id,
              c.agent_id);
    }
  }
  for (const auto* p : participants) {
    if (!p->is_agent() && conversations_of_customer[p->id()] != 1) {
      out.add("customer {} has {} conversations", p->id(), conversations_of_customer[p->id()]);
    }
    const auto seen = p->seen();
    for (auto id : p->conversations()) {
      auto c = stored.find(id);
      if (c == stored.end()) {
        out.add("{}: conversation {} is not stored", p->id(), id);
        continue;
      }
      const auto s = seen.find(id);
      const std::size_t n = s == seen.end() ? 0 : s->second.size();
      const bool exact = n == c->second.last_seq &&
                         (n == 0 || (*s->second.begin() == 1 && *s->second.rbegin() == n));
      if (!exact) {
        out.add("{}: conversation {}: saw {} distinct seqs, stored last_seq {}", p->id(), id, n,
                c->second.last_seq);
      }
    }
  }
}

}  // namespace

std::vector<std::string> check_backup(const std::map<std::uint64_t, stored_conversation>& backup,
                                      const std::map<std::uint64_t, stored_conversation>& final) {
  failures out;
  for (const auto& [id, c] : backup) {
    if (c.last_seq != c.messages.size()) {
      out.add("backup: conversation {}: last_seq {} but {} messages", id, c.last_seq,
              c.messages.size());
    }
    auto f = final.find(id);
    for (std::size_t i = 0; i < c.messages.size(); ++i) {
      const auto& row = c.messages[i];
      const bool same = row.seq == i + 1 && f != final.end() && i < f->second.messages.size() &&
                        f->second.messages[i].client_msg_id == row.client_msg_id &&
                        f->second.messages[i].sender_id == row.sender_id &&
                        f->second.messages[i].payload == row.payload;
      if (!same) {
        out.add("backup: conversation {} seq {} differs from the final transcript", id, row.seq);
        break;
      }
    }
  }
  return out.lines;
}

std::vector<std::string> check_against_database(
    const ledger& book, const std::vector<const participant*>& participants,
    const std::map<std::uint64_t, stored_conversation>& stored) {
  failures out;
  if (stored.size() != static_cast<std::size_t>(book.plan().conversations)) {
    out.add("{} conversations stored, {} expected", stored.size(), book.plan().conversations);
  }
  check_transcripts(book, stored, out);
  check_acked_are_stored(book, stored, out);
  check_participants(book, participants, stored, out);
  return out.lines;
}

}  // namespace fenliu::durability
