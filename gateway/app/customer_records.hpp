#pragma once
// The customer records (客户档案) of the buyers in open conversations, kept so that every Offer
// and Assigned carries the record without a store read on the router's path. Loaded when a
// conversation starts (and on demand after a restart), edited through the tag and note frames,
// dropped when the buyer's conversation closes. Thread-safe: one mutex, and records are
// immutable snapshots (copy on edit), so a frame being encoded never sees a half-made edit.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/store/records.hpp"
#include "gateway/app/shop_state.hpp"
#include "gateway/config/config.hpp"
#include "gateway/protocol/customer_frames.hpp"

namespace fenliu::gateway {

using record_ptr = std::shared_ptr<const customer_record>;

class customer_records {
 public:
  /// `live`: the shop tags and agent names of new records come from its current snapshot.
  explicit customer_records(const shop_state& live) : live_(live) {}

  /// How much of the record a load reads.
  store::customer_file_limits limits() const { return {}; }
  /// The record for a freshly read file: the shop's tags and the agents' names added.
  record_ptr make(store::customer_file file) const;

  record_ptr find(const std::string& customer) const;
  void put(record_ptr rec);
  void forget(const std::string& customer);

  /// Applies `edit` to a copy of the cached record under the lock and caches the result; the
  /// new record, or nullopt when the customer is not cached or `edit` returned false (then
  /// nothing changed).
  record_ptr edit(const std::string& customer,
                  const std::function<bool(customer_record&)>& edit);

  /// Reads the customer's file, caches the record and calls `then` with it (nullptr when the
  /// read failed) on a store thread.
  void load(store::records& store, const std::string& customer,
            std::function<void(record_ptr)> then);

  std::size_t size() const;

 private:
  const shop_state& live_;
  mutable std::mutex mutex_;
  std::map<std::string, record_ptr, std::less<>> records_;
};

/// The changed tag set: `tags` plus `add` minus `remove`, each once, sorted (as the store
/// returns them). nullopt with
/// `error` set when a tag added is longer than `max_chars` characters or the set would hold
/// more than `max_tags`.
std::optional<std::vector<std::string>> edited_tags(const std::vector<std::string>& tags,
                                                    const std::vector<std::string>& add,
                                                    const std::vector<std::string>& remove,
                                                    std::size_t max_tags, std::size_t max_chars,
                                                    std::string& error);

}  // namespace fenliu::gateway
