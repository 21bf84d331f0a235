#include "gateway/app/phrase_book.hpp"

#include "fenliu/assist/utf8.hpp"
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <random>
#include <system_error>
#include <tuple>

#include "fenliu/assist/reply_template.hpp"

namespace fenliu::gateway {
std::vector<store::quick_phrase_row> shop_phrase_rows(const shop_config& shop) {
  std::vector<store::quick_phrase_row> rows;
  int position = 0;
  for (const auto& p : shop.tools.phrases) {
    store::quick_phrase_row r;
    r.id = p.id;
    r.shop_id = shop.id;
    r.group = p.group;
    r.shortcut = p.shortcut;
    r.text = p.text;
    r.position = position++;
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {

// Blocking: start-up only.
void sync_config_phrases(store::records& store, const shop_config& shop) {
  std::promise<std::error_code> done;
  auto result = done.get_future();
  if (auto ec = store.sync_shop_phrases(shop.id, shop_phrase_rows(shop),
                                        [&done](std::error_code ec, bool) { done.set_value(ec); })) {
    done.set_value(ec);
  }
  if (auto ec = result.get()) {
    spdlog::warn("storing the {} shop quick phrases failed: {}", shop.tools.phrases.size(),
                 ec.message());
  }
}

std::vector<store::quick_phrase_row> read_all(store::records& store, const std::string& shop) {
  std::promise<std::pair<std::error_code, std::vector<store::quick_phrase_row>>> result;
  auto answer = result.get_future();
  store.quick_phrases_of(shop, [&result](std::error_code ec,
                                         std::vector<store::quick_phrase_row> rows) {
    result.set_value({ec, std::move(rows)});
  });
  auto [ec, rows] = answer.get();
  if (ec) {
    throw std::system_error(ec, "store: reading the quick phrases");
  }
  return rows;
}

}  // namespace

phrase_book::phrase_book(store::records& store, const shop_config& shop,
                         std::function<std::shared_ptr<const assist::faq_matcher>()> faq)
    : shop_(shop), faq_(std::move(faq)) {
  if (!shop.tools.phrases.empty()) {
    sync_config_phrases(store, shop);
  }
  for (auto& row : read_all(store, shop.id)) {
    if (row.owner_id.empty()) {
      shop_phrases_.push_back(std::move(row));
    } else {
      own_[row.owner_id].push_back(std::move(row));
    }
  }
  std::random_device seed;
  next_id_ = (static_cast<std::uint64_t>(seed()) << 20) ^ static_cast<std::uint64_t>(seed());
}

std::vector<store::quick_phrase_row> phrase_book::phrases_for(const std::string& agent) const {
  std::lock_guard lock(mutex_);
  std::vector<store::quick_phrase_row> out = shop_phrases_;
  if (const auto it = own_.find(agent); it != own_.end()) {
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

bool phrase_book::owns(const std::string& agent, const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = own_.find(agent);
  return it != own_.end() && std::any_of(it->second.begin(), it->second.end(),
                                         [&](const auto& r) { return r.id == id; });
}

std::variant<store::quick_phrase_row, phrase_refusal> phrase_book::prepare_save(
    const std::string& agent, std::string id, std::string group, std::string shortcut,
    std::string text, std::size_t max_text_chars) const {
  const auto& limits = shop_.tools;
  auto refuse = [](error_code code, std::string detail) {
    return phrase_refusal{code, std::move(detail)};
  };
  if (assist::utf8_chars(shortcut) > limits.max_shortcut_chars ||
      shortcut.find_first_of(" \t\r\n/") != std::string::npos) {
    return refuse(error_code::invalid_argument,
                  fmt::format("phrase.shortcut: 1 to {} characters, no spaces or '/'",
                              limits.max_shortcut_chars));
  }
  if (assist::utf8_chars(group) > limits.max_group_chars) {
    return refuse(error_code::invalid_argument,
                  fmt::format("phrase.group: at most {} characters", limits.max_group_chars));
  }
  if (assist::utf8_chars(text) > max_text_chars) {
    return refuse(error_code::text_too_long,
                  fmt::format("phrase.text longer than {} characters", max_text_chars));
  }
  if (auto unknown = assist::unknown_variable(text)) {
    return refuse(error_code::invalid_argument,
                  fmt::format("phrase.text: unknown variable {{{}}} (use {{customer_name}}, "
                              "{{order_id}}, {{order_status}}, {{agent_name}} or {{eta}})",
                              *unknown));
  }
  std::lock_guard lock(mutex_);
  if (!id.empty() && std::any_of(shop_phrases_.begin(), shop_phrases_.end(),
                                 [&](const auto& r) { return r.id == id; })) {
    return refuse(error_code::forbidden_for_role, "phrase.id: a shop phrase is read-only");
  }
  const auto it = own_.find(agent);
  const std::vector<store::quick_phrase_row> none;
  const auto& own = it != own_.end() ? it->second : none;
  const bool known = std::any_of(own.begin(), own.end(), [&](const auto& r) { return r.id == id; });
  if (!id.empty() && !known) {
    return refuse(error_code::not_found, "phrase.id: no such phrase of yours");
  }
  if (id.empty() && own.size() >= limits.max_phrases_per_agent) {
    return refuse(error_code::invalid_argument,
                  fmt::format("at most {} phrases of your own", limits.max_phrases_per_agent));
  }
  const bool taken = std::any_of(own.begin(), own.end(), [&](const auto& r) {
    return r.shortcut == shortcut && r.id != id;
  });
  if (taken) {
    return refuse(error_code::conflict,
                  fmt::format("phrase.shortcut: you already have /{}", shortcut));
  }
  store::quick_phrase_row row;
  row.id = id.empty() ? fmt::format("p-{:012x}", ++next_id_ & 0xffffffffffffULL) : id;
  row.shop_id = shop_.id;
  row.owner_id = agent;
  row.group = std::move(group);
  row.shortcut = std::move(shortcut);
  row.text = std::move(text);
  return row;
}

void phrase_book::saved(store::quick_phrase_row row) {
  std::lock_guard lock(mutex_);
  auto& own = own_[row.owner_id];
  suggesters_.erase(row.owner_id);
  ++version_;
  const auto it = std::find_if(own.begin(), own.end(), [&](const auto& r) { return r.id == row.id; });
  if (it != own.end()) {
    *it = std::move(row);
  } else {
    own.push_back(std::move(row));
  }
  std::sort(own.begin(), own.end(), [](const auto& a, const auto& b) {
    return std::tie(a.group, a.shortcut, a.id) < std::tie(b.group, b.shortcut, b.id);
  });
}

void phrase_book::deleted(const std::string& agent, const std::string& id) {
  std::lock_guard lock(mutex_);
  suggesters_.erase(agent);
  ++version_;
  if (auto it = own_.find(agent); it != own_.end()) {
    std::erase_if(it->second, [&](const auto& r) { return r.id == id; });
  }
}

std::shared_ptr<const assist::reply_suggester> phrase_book::suggester_for(
    const std::string& agent) const {
  std::vector<assist::phrase_document> docs;
  std::uint64_t version = 0;
  {
    std::lock_guard lock(mutex_);
    version = version_;
    if (const auto it = suggesters_.find(agent); it != suggesters_.end()) {
      return it->second;
    }
    auto add = [&](const std::vector<store::quick_phrase_row>& rows) {
      for (const auto& r : rows) {
        docs.push_back({r.id, r.group, r.shortcut, r.text});
      }
    };
    add(shop_phrases_);
    if (const auto it = own_.find(agent); it != own_.end()) {
      add(it->second);
    }
  }
  // Built outside the lock (it analyses every phrase). It is kept only if no phrase changed
  // meanwhile; else it still answers this call, and the next one builds again.
  // The suggester refers to the matcher: it keeps it alive as long as it lives.
  auto matcher = faq_();
  std::shared_ptr<const assist::reply_suggester> built(
      new assist::reply_suggester(*matcher, std::move(docs)),
      [matcher](const assist::reply_suggester* p) { delete p; });
  std::lock_guard lock(mutex_);
  if (version == version_) {
    suggesters_[agent] = built;
  }
  return built;
}

void phrase_book::replace_shop_phrases(std::vector<store::quick_phrase_row> rows) {
  std::lock_guard lock(mutex_);
  shop_phrases_ = std::move(rows);
  suggesters_.clear();
  ++version_;
}

void phrase_book::faq_changed() {
  std::lock_guard lock(mutex_);
  suggesters_.clear();
  ++version_;
}

}  // namespace fenliu::gateway
