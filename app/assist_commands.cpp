#include "assist_commands.hpp"

#include <fmt/format.h>

#include <istream>
#include <ostream>
#include <stdexcept>

#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/risk_scorer.hpp"
#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::app {
namespace {

// A JSON string literal. Input lines may hold any bytes: they are decoded (invalid sequences
// become U+FFFD) and re-encoded, so the output is always valid UTF-8 JSON.
std::string json_string(std::string_view raw) {
  const std::string text = assist::encode_utf8(assist::decode_utf8(raw));
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out += '"';
  return out;
}

// A JSON number for a value in a known small range: fixed point, no "-0".
std::string json_number(double v) {
  std::string s = fmt::format("{:.4f}", v);
  return s == "-0.0000" ? "0.0000" : s;
}

bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) {
    return false;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return true;
}

std::optional<assist::order_facts> find_order(const gateway::server_config& config,
                                              const std::map<std::string, std::string>& options) {
  const auto it = options.find("order");
  if (it == options.end()) {
    return std::nullopt;
  }
  for (const auto& o : config.shop.orders) {
    if (o.id == it->second) {
      return assist::order_facts{o.id, o.status, o.carrier, o.tracking};
    }
  }
  throw std::runtime_error(fmt::format("--order {}: no such order in the config", it->second));
}

int bot_match(const gateway::server_config& config,
              const std::map<std::string, std::string>& options, std::istream& in,
              std::ostream& out) {
  const assist::faq_matcher matcher(config.shop.faq, config.shop.bot);
  const std::optional<assist::order_facts> order = find_order(config, options);
  std::string line;
  while (read_line(in, line)) {
    const assist::match_result m = matcher.match(line, order ? &*order : nullptr);
    out << fmt::format(R"({{"text": {}, "faq_id": {}, "confidence": {}, "handover": {}, )"
                       R"("intent": {}}})",
                       json_string(line), m.faq_id ? json_string(*m.faq_id) : "null",
                       json_number(m.confidence), m.handover ? "true" : "false",
                       json_string(m.intent))
        << '\n';
  }
  return 0;
}

int risk_score(const gateway::server_config& config, std::istream& in, std::ostream& out) {
  const assist::risk_scorer scorer(config.shop.risk);
  std::string line;
  while (read_line(in, line)) {
    const assist::risk_result r = scorer.score(line);
    std::string triggers;
    for (const std::string& t : r.triggers) {
      triggers += (triggers.empty() ? "" : ", ") + json_string(t);
    }
    out << fmt::format(R"({{"text": {}, "score": {}, "risky": {}, "triggers": [{}]}})",
                       json_string(line), json_number(r.score), r.risky ? "true" : "false",
                       triggers)
        << '\n';
  }
  return 0;
}

}  // namespace

bool is_assist_command(const std::string& command) {
  return command == "bot" || command == "risk";
}

int run_assist_command(const std::string& command, const std::string& subcommand,
                       const gateway::server_config& config,
                       const std::map<std::string, std::string>& options, std::istream& in,
                       std::ostream& out) {
  for (const auto& [key, value] : options) {
    const bool known = key == "config" || (command == "bot" && key == "order");
    if (!known) {
      throw std::runtime_error(
          fmt::format("fenliu {} {}: unknown option --{}", command, subcommand, key));
    }
  }
  if (command == "bot" && subcommand == "match") {
    return bot_match(config, options, in, out);
  }
  if (command == "risk" && subcommand == "score") {
    return risk_score(config, in, out);
  }
  throw std::runtime_error(fmt::format(
      "unknown command 'fenliu {} {}' (use 'bot match' or 'risk score')", command, subcommand));
}

}  // namespace fenliu::app
