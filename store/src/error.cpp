// The store's error category, and the default bodies of the methods added to the interface
// after the first contract (so test doubles written against it keep compiling).

#include "fenliu/store/store.hpp"

namespace fenliu::store {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "fenliu.store"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::ok:
        return "ok";
      case errc::queue_full:
        return "store write queue full";
      case errc::write_failed:
        return "store transaction failed";
      case errc::not_found:
        return "not found";
      case errc::closed:
        return "store closed";
      case errc::beyond_retention:
        return "beyond the retention window";
      case errc::not_supported:
        return "not supported by this store";
    }
    return "unknown store error";
  }
};

// Like a refused write: the code is returned and `done` is not called.
template <class T>
std::error_code unsupported_write(callback<T>&) {
  return make_error_code(errc::not_supported);
}

template <class T>
void unsupported_read(callback<T>& done) {
  if (done) {
    done(make_error_code(errc::not_supported), T{});
  }
}

}  // namespace

const std::error_category& store_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), store_category()};
}

std::error_code store::upsert_shop(shop_row, callback<bool> done) {
  return unsupported_write(done);
}
std::error_code store::sync_agents(std::string, std::vector<agent_row>, callback<bool> done) {
  return unsupported_write(done);
}
std::error_code store::set_max_page_count(std::int64_t, callback<bool> done) {
  return unsupported_write(done);
}
std::error_code store::purge_messages_before(time_ms, callback<std::size_t> done) {
  return unsupported_write(done);
}
void store::agents_of(std::string, callback<std::vector<agent_row>> done) {
  unsupported_read(done);
}
void store::assignments_of(conversation_id, callback<std::vector<assignment_row>> done) {
  unsupported_read(done);
}
void store::rating_of(conversation_id, callback<rating_row> done) {
  unsupported_read(done);
}
void store::qa_reviews_of(conversation_id, callback<std::vector<qa_review_row>> done) {
  unsupported_read(done);
}
void store::pending_left_messages(std::string, std::size_t,
                                  callback<std::vector<left_message_row>> done) {
  unsupported_read(done);
}

}  // namespace fenliu::store
