// The store's error category.

#include "fenliu/store/error.hpp"

#include <string>

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
      case errc::fenced:
        return "fenced: another node holds the shop's lease";
    }
    return "unknown store error";
  }
};

}  // namespace

const std::error_category& store_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), store_category()};
}

}  // namespace fenliu::store
