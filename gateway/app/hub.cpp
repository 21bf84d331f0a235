#include "gateway/app/hub.hpp"

#include <algorithm>

namespace fenliu::gateway {
namespace {

// Abandoned conversations stay open: a customer who returns within the grace period keeps the
// place in line (the router closes them when the grace ends).
bool is_open(store::conversation_state s) { return s != store::conversation_state::closed; }

}  // namespace

conversation_info info_of(const conversation_entry& c) {
  conversation_info info{c.id, c.stage, c.state, c.customer, c.agent, 0, c.created_at};
  info.entry_page = c.entry_page;
  info.entry_product_id = c.entry_product_id;
  info.entry_order_id = c.order_id;
  return info;
}

bool hub::attach(const std::shared_ptr<session_sink>& session) {
  std::lock_guard lock(mutex_);
  auto& list = sessions_[session->who().subject];
  if (static_cast<int>(list.size()) >= max_per_identity_) {
    return false;
  }
  list.push_back(session);
  return true;
}

bool hub::detach(const session_sink& session) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(session.who().subject);
  if (it == sessions_.end()) {
    return true;
  }
  auto& list = it->second;
  std::erase_if(list, [&](const auto& s) { return s.get() == &session; });
  if (list.empty()) {
    sessions_.erase(it);
    board_subscribers_.erase(session.who().subject);
    return true;
  }
  return false;
}

std::size_t hub::session_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [_, list] : sessions_) {
    n += list.size();
  }
  return n;
}

std::vector<std::shared_ptr<session_sink>> hub::all_sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<session_sink>> out;
  for (const auto& [_, list] : sessions_) {
    out.insert(out.end(), list.begin(), list.end());
  }
  return out;
}

bool hub::is_connected(const std::string& subject) const {
  std::lock_guard lock(mutex_);
  return sessions_.contains(subject);
}

void hub::collect_locked(const std::string& subject, const session_sink* except,
                         recipients& out) const {
  auto it = sessions_.find(subject);
  if (it == sessions_.end()) {
    return;
  }
  for (const auto& s : it->second) {
    if (s.get() != except) {
      out.push_back(s);
    }
  }
}

// Outside the lock: a session's deliver takes its own queue's lock and may start closing it.
void hub::deliver_all(const recipients& to, const frame_ptr& frame, delivery_class cls) {
  for (const auto& s : to) {
    s->deliver(frame, cls);
  }
}

void hub::send_to(const std::string& subject, const frame_ptr& frame, delivery_class cls) const {
  recipients to;
  {
    std::lock_guard lock(mutex_);
    collect_locked(subject, nullptr, to);
  }
  deliver_all(to, frame, cls);
}

void hub::send_to_role(role r, const frame_ptr& frame) const {
  recipients to;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [_, list] : sessions_) {
      for (const auto& s : list) {
        if (s->who().role_ == r) {
          to.push_back(s);
        }
      }
    }
  }
  deliver_all(to, frame, delivery_class::durable);
}

void hub::put_conversation(conversation_entry entry) {
  std::lock_guard lock(mutex_);
  conversations_[entry.id] = std::move(entry);
}

std::optional<conversation_entry> hub::conversation(store::conversation_id id) const {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void hub::erase_conversation(store::conversation_id id) {
  std::lock_guard lock(mutex_);
  conversations_.erase(id);
}

std::optional<conversation_entry> hub::open_conversation_of(const std::string& customer) const {
  std::lock_guard lock(mutex_);
  const conversation_entry* best = nullptr;
  for (const auto& [_, c] : conversations_) {
    if (c.customer == customer && is_open(c.state) && (best == nullptr || c.id > best->id)) {
      best = &c;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return *best;
}

std::vector<store::conversation_id> hub::conversations_of(const std::string& subject) const {
  std::lock_guard lock(mutex_);
  std::vector<store::conversation_id> out;
  for (const auto& [id, c] : conversations_) {
    if (is_open(c.state) && (c.customer == subject || c.agent == subject)) {
      out.push_back(id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool hub::may_access(store::conversation_id id, const identity& who, bool write) const {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end()) {
    return false;
  }
  const auto& c = it->second;
  switch (who.role_) {
    case role::customer:
      return c.customer == who.subject;
    case role::agent:
      return c.agent == who.subject;
    case role::supervisor:
      // Supervisors read any conversation of the shop; they write once they barged in, or as
      // its agent.
      return !write || c.agent == who.subject || c.barged.contains(who.subject);
    case role::qa:
      return !write;
    case role::admin:
      return false;
  }
  return false;
}

void hub::fan_out(store::conversation_id id, const frame_ptr& frame, bool staff_only,
                  const session_sink* except, delivery_class cls) const {
  recipients to;
  {
    std::lock_guard lock(mutex_);
    auto it = conversations_.find(id);
    if (it == conversations_.end()) {
      return;
    }
    const auto& c = it->second;
    if (!staff_only) {
      collect_locked(c.customer, except, to);
    }
    if (!c.agent.empty()) {
      collect_locked(c.agent, except, to);
    }
    for (const auto& s : c.monitors) {
      if (s != c.agent && !c.barged.contains(s)) {
        collect_locked(s, except, to);
      }
    }
    for (const auto& s : c.barged) {
      if (s != c.agent) {
        collect_locked(s, except, to);
      }
    }
  }
  deliver_all(to, frame, cls);
}

bool hub::reserve_recipients(store::conversation_id id, bool staff_only,
                             const session_sink* except, recipients& reserved) const {
  reserved.clear();
  {
    std::lock_guard lock(mutex_);
    auto it = conversations_.find(id);
    if (it == conversations_.end()) {
      return true;
    }
    if (!staff_only) {
      collect_locked(it->second.customer, except, reserved);
    }
    if (!it->second.agent.empty()) {
      collect_locked(it->second.agent, except, reserved);
    }
  }
  // Outside the hub's lock, like every call into a session.
  for (std::size_t i = 0; i < reserved.size(); ++i) {
    if (!reserved[i]->try_reserve()) {
      for (std::size_t j = 0; j < i; ++j) {
        reserved[j]->release_reservation();
      }
      reserved.clear();
      return false;
    }
  }
  return true;
}

void hub::subscribe_board(const std::string& supervisor, bool on) {
  std::lock_guard lock(mutex_);
  if (on) {
    board_subscribers_.insert(supervisor);
  } else {
    board_subscribers_.erase(supervisor);
  }
}

bool hub::has_board_subscribers() const {
  std::lock_guard lock(mutex_);
  return !board_subscribers_.empty();
}

void hub::send_to_board(const frame_ptr& frame) const {
  recipients to;
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : board_subscribers_) {
      collect_locked(s, nullptr, to);
    }
  }
  deliver_all(to, frame, delivery_class::ephemeral);
}

}  // namespace fenliu::gateway
