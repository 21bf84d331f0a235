#include "gateway/app/customer_records.hpp"

#include "fenliu/assist/utf8.hpp"
#include <fmt/format.h>

#include <algorithm>

namespace fenliu::gateway {
namespace {

}  // namespace

record_ptr customer_records::make(store::customer_file file) const {
  auto rec = std::make_shared<customer_record>();
  rec->file = std::move(file);
  const auto shop = live_.get();
  rec->shop_tags = shop->tools.customer_tags;
  for (const auto& a : shop->agents) {
    rec->agent_names.emplace(a.id, a.display_name.empty() ? a.id : a.display_name);
  }
  return rec;
}

record_ptr customer_records::find(const std::string& customer) const {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(customer);
  return it == records_.end() ? nullptr : it->second;
}

void customer_records::put(record_ptr rec) {
  std::lock_guard lock(mutex_);
  records_[rec->file.customer.id] = std::move(rec);
}

void customer_records::forget(const std::string& customer) {
  std::lock_guard lock(mutex_);
  records_.erase(customer);
}

record_ptr customer_records::edit(const std::string& customer,
                                  const std::function<bool(customer_record&)>& edit) {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(customer);
  if (it == records_.end()) {
    return nullptr;
  }
  auto copy = std::make_shared<customer_record>(*it->second);
  if (!edit(*copy)) {
    return nullptr;
  }
  it->second = copy;
  return copy;
}

void customer_records::load(store::records& store, const std::string& customer,
                            std::function<void(record_ptr)> then) {
  store.customer_file_of(customer, 0, limits(),
                         [this, then = std::move(then)](std::error_code ec,
                                                        store::customer_file file) {
                           record_ptr rec;
                           if (!ec) {
                             rec = make(std::move(file));
                             put(rec);
                           }
                           if (then) {
                             then(std::move(rec));
                           }
                         });
}

std::size_t customer_records::size() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

std::optional<std::vector<std::string>> edited_tags(const std::vector<std::string>& tags,
                                                    const std::vector<std::string>& add,
                                                    const std::vector<std::string>& remove,
                                                    std::size_t max_tags, std::size_t max_chars,
                                                    std::string& error) {
  std::vector<std::string> out;
  auto keep = [&](const std::string& t) {
    if (std::find(out.begin(), out.end(), t) == out.end() &&
        std::find(remove.begin(), remove.end(), t) == remove.end()) {
      out.push_back(t);
    }
  };
  for (const auto& t : tags) {
    keep(t);
  }
  for (const auto& t : add) {
    if (assist::utf8_chars(t) > max_chars) {
      error = fmt::format("add: tag longer than {} characters", max_chars);
      return std::nullopt;
    }
    keep(t);
  }
  if (out.size() > max_tags) {
    error = fmt::format("add: a customer has at most {} tags", max_tags);
    return std::nullopt;
  }
  std::sort(out.begin(), out.end());  // as the store reads them back
  return out;
}

}  // namespace fenliu::gateway
