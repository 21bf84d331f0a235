#include "gateway/app/faq_store.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <future>
#include <optional>
#include <system_error>

#include "gateway/protocol/convert.hpp"

namespace fenliu::gateway {
namespace {

namespace json = boost::json;

json::array to_json(const std::vector<std::string>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& s : list) {
    out.emplace_back(s);
  }
  return out;
}

// A missing key is an empty list (older bodies may lack a field); a wrong type is an error.
bool strings_of(const json::object& body, std::string_view key, std::vector<std::string>& out) {
  const auto* v = body.if_contains(key);
  if (v == nullptr) {
    return true;
  }
  const auto* list = v->if_array();
  if (list == nullptr) {
    return false;
  }
  for (const auto& item : *list) {
    const auto* s = item.if_string();
    if (s == nullptr) {
      return false;
    }
    out.emplace_back(*s);
  }
  return true;
}

bool string_of(const json::object& body, std::string_view key, std::string& out) {
  const auto* v = body.if_contains(key);
  if (v == nullptr) {
    return true;
  }
  const auto* s = v->if_string();
  if (s == nullptr) {
    return false;
  }
  out = std::string(*s);
  return true;
}

std::optional<assist::faq_entry> from_row(const store::faq_row& row) {
  boost::system::error_code ec;
  auto parsed = json::parse(row.body_json, ec);
  const auto* body = ec ? nullptr : parsed.if_object();
  if (body == nullptr) {
    return std::nullopt;
  }
  assist::faq_entry e;
  e.id = row.id;
  e.stage = from_store_stage(row.stage);
  const bool ok =
      strings_of(*body, "examples", e.examples) && strings_of(*body, "keywords", e.keywords) &&
      string_of(*body, "answer_zh", e.answer_zh) && string_of(*body, "answer_en", e.answer_en) &&
      strings_of(*body, "quick_replies", e.quick_replies);
  if (!ok) {
    return std::nullopt;
  }
  return e;
}

std::vector<store::faq_row> read_stored(store::records& records, const std::string& shop_id) {
  std::promise<std::pair<std::error_code, std::vector<store::faq_row>>> result;
  auto answer = result.get_future();
  records.faq_of(shop_id, [&result](std::error_code ec, std::vector<store::faq_row> rows) {
    result.set_value({ec, std::move(rows)});
  });
  auto [ec, rows] = answer.get();
  if (ec) {
    throw std::system_error(ec, "store: reading the FAQ entries");
  }
  return rows;
}

}  // namespace

std::vector<store::faq_row> to_faq_rows(const std::vector<assist::faq_entry>& faq,
                                        const std::string& shop_id) {
  std::vector<store::faq_row> rows;
  rows.reserve(faq.size());
  for (const auto& e : faq) {
    json::object body;
    body["examples"] = to_json(e.examples);
    body["keywords"] = to_json(e.keywords);
    body["answer_zh"] = e.answer_zh;
    body["answer_en"] = e.answer_en;
    body["quick_replies"] = to_json(e.quick_replies);
    rows.push_back({shop_id, e.id, to_store_stage(e.stage), json::serialize(body),
                    static_cast<int>(rows.size())});
  }
  return rows;
}

std::vector<assist::faq_entry> from_faq_rows(const std::vector<store::faq_row>& rows) {
  std::vector<assist::faq_entry> faq;
  faq.reserve(rows.size());
  for (const auto& row : rows) {
    if (auto e = from_row(row)) {
      faq.push_back(std::move(*e));
    } else {
      spdlog::warn("stored FAQ entry {} of shop {} has an unreadable body; skipped", row.id,
                   row.shop_id);
    }
  }
  return faq;
}

const shop_config& load_or_store_faq(store::records& records, shop_config& shop) {
  if (!shop.faq.empty()) {
    if (auto ec = records.sync_faq(shop.id, to_faq_rows(shop.faq, shop.id))) {
      spdlog::warn("storing the {} FAQ entries failed: {}", shop.faq.size(), ec.message());
    }
    return shop;
  }
  shop.faq = from_faq_rows(read_stored(records, shop.id));
  if (!shop.faq.empty()) {
    spdlog::info("no [[faq]] in the config: serving the {} stored FAQ entries", shop.faq.size());
  }
  return shop;
}

}  // namespace fenliu::gateway
