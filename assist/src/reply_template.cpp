#include "fenliu/assist/reply_template.hpp"

#include <algorithm>

namespace fenliu::assist {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The variable name at text[open] == '{', or empty when the brace opens none.
std::string_view variable_at(std::string_view text, std::size_t open, std::size_t& close) {
  std::size_t i = open + 1;
  while (i < text.size() && name_char(text[i])) {
    ++i;
  }
  if (i == open + 1 || i >= text.size() || text[i] != '}') {
    return {};
  }
  close = i;
  return text.substr(open + 1, i - open - 1);
}

const std::string* value_of(std::string_view name, const template_values& v) {
  if (name == "customer_name") return &v.customer_name;
  if (name == "order_id") return &v.order_id;
  if (name == "order_status") return &v.order_status;
  if (name == "agent_name") return &v.agent_name;
  if (name == "eta") return &v.eta;
  return nullptr;
}

}  // namespace

std::optional<std::string> unknown_variable(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      continue;
    }
    std::size_t close = 0;
    const std::string_view name = variable_at(text, i, close);
    if (name.empty()) {
      continue;
    }
    if (std::find(template_variables.begin(), template_variables.end(), name) ==
        template_variables.end()) {
      return std::string(name);
    }
    i = close;
  }
  return std::nullopt;
}

std::string fill_template(std::string_view text, const template_values& values) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t close = 0;
    const std::string_view name = text[i] == '{' ? variable_at(text, i, close) : std::string_view{};
    const std::string* value = name.empty() ? nullptr : value_of(name, values);
    if (value == nullptr) {
      out.push_back(text[i]);
      continue;
    }
    if (!value->empty()) {
      out += *value;
    } else if (name == "customer_name") {
      out += "亲";
    } else {
      out.append(text.substr(i, close - i + 1));
    }
    i = close;
  }
  return out;
}

std::string order_status_zh(std::string_view status) {
  if (status == "unpaid") return "待付款";
  if (status == "paid") return "已付款，待发货";
  if (status == "shipped") return "已发货";
  if (status == "delivered") return "已签收";
  if (status == "refund_open") return "退款中";
  if (status == "refunded") return "已退款";
  if (status == "closed") return "已关闭";
  return std::string(status);
}

}  // namespace fenliu::assist
