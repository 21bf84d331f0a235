#pragma once
// Quick-phrase templates: {customer_name}, {order_id}, {order_status}, {agent_name}, {eta}.
// Pure text functions: the config and the phrase frames validate with them, the gateway fills
// them from the conversation.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace fenliu::assist {

inline constexpr std::array<std::string_view, 5> template_variables = {
    "customer_name", "order_id", "order_status", "agent_name", "eta"};

/// What a conversation knows; an empty value leaves its variable in the text (the agent sees
/// "{order_id}" in the reply box and fills it in), except customer_name, which falls back to
/// 亲 (how Taobao shops address a buyer whose name they do not know).
struct template_values {
  std::string customer_name;
  std::string order_id;
  std::string order_status;  // in Chinese, e.g. 已发货
  std::string agent_name;
  std::string eta;  // expected delivery, e.g. 12月5日
};

/// The first "{name}" in `text` that is not one of template_variables, or nullopt. A brace
/// that opens no name of letters, digits and underscores ("{", "{}", "{ a }") is plain text.
std::optional<std::string> unknown_variable(std::string_view text);

/// `text` with every known variable replaced by its value.
std::string fill_template(std::string_view text, const template_values& values);

/// Chinese name of an order status of the shop data (shipped -> 已发货); the name itself when
/// unknown.
std::string order_status_zh(std::string_view status);

}  // namespace fenliu::assist
