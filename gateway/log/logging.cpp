#include "gateway/log/logging.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "gateway/log/log_context.hpp"

namespace fenliu::gateway {
namespace {

using buffer = spdlog::memory_buf_t;

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void append(buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

void append_json_string(buffer& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        append(out, "\\\"");
        break;
      case '\\':
        append(out, "\\\\");
        break;
      case '\n':
        append(out, "\\n");
        break;
      case '\r':
        append(out, "\\r");
        break;
      case '\t':
        append(out, "\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// `key=value` words of a message ("decision conversation=5 rule=sticky"), as fields.
struct field {
  std::string_view key;
  std::string_view value;
};
std::vector<field> message_fields(std::string_view msg) {
  std::vector<field> out;
  std::size_t at = 0;
  while (at < msg.size()) {
    const auto end = std::min(msg.find(' ', at), msg.size());
    const auto word = msg.substr(at, end - at);
    at = end + 1;
    const auto eq = word.find('=');
    if (eq == 0 || eq == std::string_view::npos || eq + 1 >= word.size()) {
      continue;
    }
    const auto key = word.substr(0, eq);
    bool plain = true;
    for (char c : key) {
      plain = plain && ((c >= 'a' && c <= 'z') || c == '_');
    }
    auto value = word.substr(eq + 1);
    while (!value.empty() && (value.back() == ',' || value.back() == ':' || value.back() == ';')) {
      value.remove_suffix(1);
    }
    if (plain && !value.empty() && key != "ts" && key != "level" && key != "msg") {
      out.push_back({key, value});
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 18) {
    return false;
  }
  for (char c : s) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

void append_time(buffer& out, spdlog::log_clock::time_point tp) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch());
  const auto secs = std::chrono::floor<std::chrono::seconds>(tp);
  fmt::format_to(std::back_inserter(out), "{:%Y-%m-%dT%H:%M:%S}.{:03d}Z",
                 std::chrono::time_point_cast<std::chrono::seconds>(secs),
                 static_cast<int>(ms.count() % 1000));
}

class line_formatter final : public spdlog::formatter {
 public:
  explicit line_formatter(bool json) : json_(json) {}

  void format(const spdlog::details::log_msg& msg, buffer& dest) override {
    const auto text = redact(std::string_view(msg.payload.data(), msg.payload.size()));
    const auto level = spdlog::level::to_string_view(msg.level);
    const auto* ctx = current_log_fields();
    if (json_) {
      append(dest, "{\"ts\":\"");
      append_time(dest, msg.time);
      append(dest, "\",\"level\":");
      append_json_string(dest, std::string_view(level.data(), level.size()));
      append(dest, ",\"msg\":");
      append_json_string(dest, text);
      if (ctx != nullptr) {
        context_json(*ctx, dest);
      }
      for (const auto& f : message_fields(text)) {
        if (ctx != nullptr && (f.key == "conn" || f.key == "request_id" || f.key == "role" ||
                               f.key == "shop" || f.key == "kind")) {
          continue;  // the context's value wins; keys stay unique
        }
        dest.push_back(',');
        append_json_string(dest, f.key);
        dest.push_back(':');
        if (all_digits(f.value)) {
          append(dest, f.value);
        } else {
          append_json_string(dest, f.value);
        }
      }
      append(dest, "}\n");
      return;
    }
    append_time(dest, msg.time);
    fmt::format_to(std::back_inserter(dest), " {:<5} {}",
                   std::string_view(level.data(), level.size()), text);
    if (ctx != nullptr) {
      context_text(*ctx, dest);
    }
    dest.push_back('\n');
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<line_formatter>(json_);
  }

 private:
  static void context_json(const log_fields& f, buffer& dest) {
    if (!f.kind.empty()) {
      append(dest, ",\"kind\":");
      append_json_string(dest, f.kind);
    }
    if (f.conn != 0) {
      fmt::format_to(std::back_inserter(dest), ",\"conn\":{}", f.conn);
    }
    if (f.has_request) {
      fmt::format_to(std::back_inserter(dest), ",\"request_id\":{}", f.request_id);
    }
    if (!f.role.empty()) {
      append(dest, ",\"role\":");
      append_json_string(dest, f.role);
    }
    if (!f.shop.empty()) {
      append(dest, ",\"shop\":");
      append_json_string(dest, f.shop);
    }
  }
  static void context_text(const log_fields& f, buffer& dest) {
    append(dest, " [");
    append(dest, f.kind.empty() ? std::string_view("ctx") : f.kind);
    if (f.conn != 0) {
      fmt::format_to(std::back_inserter(dest), " conn={}", f.conn);
    }
    if (f.has_request) {
      fmt::format_to(std::back_inserter(dest), " request_id={}", f.request_id);
    }
    if (!f.role.empty()) {
      fmt::format_to(std::back_inserter(dest), " role={}", f.role);
    }
    if (!f.shop.empty()) {
      fmt::format_to(std::back_inserter(dest), " shop={}", f.shop);
    }
    dest.push_back(']');
  }

  bool json_;
};

}  // namespace

std::string redact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of token characters: a long one with a dot is a signed token.
    if (is_token_char(text[i])) {
      std::size_t j = i;
      bool dot = false;
      bool digits_only = true;
      while (j < text.size() && is_token_char(text[j])) {
        dot = dot || text[j] == '.';
        digits_only = digits_only && is_digit(text[j]);
        ++j;
      }
      const auto run = text.substr(i, j - i);
      if (run.size() >= 32 && dot) {
        out += "[token]";
        i = j;
        continue;
      }
      // Phone numbers: 11-digit mainland mobiles (1xxxxxxxxxx), with or without +86 / 86.
      if (digits_only && (run.size() == 11 || (run.size() == 13 && run.starts_with("86"))) &&
          run[run.size() - 11] == '1') {
        out += "[phone]";
        i = j;
        continue;
      }
      out += run;
      i = j;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::unique_ptr<spdlog::formatter> make_log_formatter(std::string_view format) {
  return std::make_unique<line_formatter>(format == "json");
}

void configure_logging(const log_config& config) {
  spdlog::sink_ptr sink;
  if (config.file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(config.file);
  }
  auto logger = std::make_shared<spdlog::logger>("fenliu", std::move(sink));
  logger->set_formatter(make_log_formatter(config.format));
  logger->set_level(spdlog::level::from_str(config.level));
  // Log lines are few (no per-frame line above debug): write each one out at once, so a crash
  // or kill keeps the lines before it.
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace fenliu::gateway
