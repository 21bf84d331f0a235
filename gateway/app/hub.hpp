#pragma once
// Who is connected and who takes part in which conversation. Thread-safe (one mutex, short
// critical sections: lookups only; frames are delivered after the lock is released).

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/app/session_sink.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {

struct conversation_entry {
  store::conversation_id id = 0;
  std::string customer;
  std::string agent;  // empty while queued
  router::stage stage = router::stage::pre_sales;
  std::string order_id;  // the order the chat was opened from; empty if none
  std::string entry_page = {};        // the page type the chat was opened from
  std::string entry_product_id = {};  // the product of that page; empty if none
  store::conversation_state state = store::conversation_state::queued;
  std::set<std::string> monitors;  // supervisors watching (read-only)
  std::set<std::string> barged;    // supervisors who joined visibly
  store::time_ms created_at = 0;
  std::string transfer_note = {};  // the latest, staff only (part "receipts"; also stored)
};

/// The conversation as the wire shows it.
conversation_info info_of(const conversation_entry& c);

class hub {
 public:
  explicit hub(int max_sessions_per_identity) : max_per_identity_(max_sessions_per_identity) {}

  /// Registers a session; false when its identity already has the maximum number of sessions.
  bool attach(const std::shared_ptr<session_sink>& session);
  /// Unregisters; returns true when the identity has no session left.
  bool detach(const session_sink& session);
  std::size_t session_count() const;
  std::vector<std::shared_ptr<session_sink>> all_sessions() const;
  bool is_connected(const std::string& subject) const;

  void send_to(const std::string& subject, const frame_ptr& frame,
               delivery_class cls = delivery_class::durable) const;
  void send_to_role(role r, const frame_ptr& frame) const;

  void put_conversation(conversation_entry entry);
  std::optional<conversation_entry> conversation(store::conversation_id id) const;
  /// Applies `change` to the entry under the lock; false when unknown.
  template <class Fn>
  bool update(store::conversation_id id, Fn&& change) {
    std::lock_guard lock(mutex_);
    auto it = conversations_.find(id);
    if (it == conversations_.end()) {
      return false;
    }
    change(it->second);
    return true;
  }
  void erase_conversation(store::conversation_id id);
  /// The customer's open (not closed) conversation, if any.
  std::optional<conversation_entry> open_conversation_of(const std::string& customer) const;
  std::vector<store::conversation_id> conversations_of(const std::string& subject) const;

  /// May `who` read (and, when `write`, send into) the conversation?
  bool may_access(store::conversation_id id, const identity& who, bool write) const;
  /// Sends a frame to every participant's sessions: customer (unless staff_only), agent,
  /// monitors and barged supervisors; skips `except` (the sender's own session).
  void fan_out(store::conversation_id id, const frame_ptr& frame, bool staff_only,
               const session_sink* except, delivery_class cls = delivery_class::durable) const;

  /// Reserves room for one durable frame with the sessions of the conversation's customer
  /// (unless staff_only) and agent, skipping `except` (session_sink::try_reserve). On success
  /// `reserved` holds them: release each once the frame was fanned out or given up. False: a
  /// recipient is backed up; nothing stays reserved. Monitors are not asked: one slow watcher
  /// must not stop a chat (a monitor that overflows is closed and resumes).
  bool reserve_recipients(store::conversation_id id, bool staff_only, const session_sink* except,
                          std::vector<std::shared_ptr<session_sink>>& reserved) const;

  void subscribe_board(const std::string& supervisor, bool on);
  /// Board updates are ephemeral: a backed-up supervisor skips some, the next snapshot heals.
  void send_to_board(const frame_ptr& frame) const;
  bool has_board_subscribers() const;

 private:
  using recipients = std::vector<std::shared_ptr<session_sink>>;
  /// Adds the subject's sessions except `except`; the caller holds the lock.
  void collect_locked(const std::string& subject, const session_sink* except,
                      recipients& out) const;
  static void deliver_all(const recipients& to, const frame_ptr& frame, delivery_class cls);

  const int max_per_identity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<session_sink>>> sessions_;
  std::unordered_map<store::conversation_id, conversation_entry> conversations_;
  std::set<std::string> board_subscribers_;
};

}  // namespace fenliu::gateway
