#include "gateway/config/config_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace fenliu::gateway::detail {

namespace {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

[[noreturn]] void wrong_type(std::string_view path, const toml::node& node,
                             std::string_view expected) {
  config_fail(path, &node, fmt::format("expected {}, got {}", expected, type_name(node)));
}

const std::string& string_of(const toml::node& node, std::string_view path) {
  const auto* s = node.as_string();
  if (s == nullptr) {
    wrong_type(path, node, "a string");
  }
  return s->get();
}

int two_digits(std::string_view text, std::size_t at) noexcept {
  const char a = text[at];
  const char b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') {
    return -1;
  }
  return (a - '0') * 10 + (b - '0');
}

}  // namespace

void config_fail(std::string_view path, const toml::node* where, std::string_view message) {
  if (where != nullptr && where->source().begin.line != 0) {
    throw std::runtime_error(
        fmt::format("config: {} (line {}): {}", path, where->source().begin.line, message));
  }
  throw std::runtime_error(fmt::format("config: {}: {}", path, message));
}

table_reader::table_reader(const toml::table& table, std::string path)
    : table_(table), path_(std::move(path)) {}

std::string table_reader::path_of(std::string_view key) const {
  if (path_.empty()) {
    return std::string(key);
  }
  return fmt::format("{}.{}", path_, key);
}

const toml::node* table_reader::take(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

void table_reader::read(std::string_view key, std::string& out) {
  if (const auto* node = take(key)) {
    out = string_of(*node, path_of(key));
  }
}

void table_reader::read_non_empty(std::string_view key, std::string& out) {
  if (const auto* node = take(key)) {
    const auto path = path_of(key);
    const auto& s = string_of(*node, path);
    if (s.empty()) {
      config_fail(path, node, "must not be empty");
    }
    out = s;
  }
}

void table_reader::read(std::string_view key, bool& out) {
  if (const auto* node = take(key)) {
    const auto* b = node->as_boolean();
    if (b == nullptr) {
      wrong_type(path_of(key), *node, "a boolean (true or false)");
    }
    out = b->get();
  }
}

void table_reader::read(std::string_view key, double& out, double min, double max) {
  const auto* node = take(key);
  if (node == nullptr) {
    return;
  }
  double v = 0;
  if (const auto* i = node->as_integer()) {
    v = static_cast<double>(i->get());
  } else if (const auto* f = node->as_floating_point()) {
    v = f->get();
  } else {
    wrong_type(path_of(key), *node, "a number");
  }
  if (!std::isfinite(v) || v < min || v > max) {
    config_fail(path_of(key), node, fmt::format("must be between {} and {}, got {}", min, max, v));
  }
  out = v;
}

void table_reader::read(std::string_view key, std::vector<std::string>& out) {
  const auto* list = array(key);
  if (list == nullptr) {
    return;
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("{}[{}]", path_of(key), i);
    const auto& s = string_of(*list->get(i), path);
    if (s.empty()) {
      config_fail(path, list->get(i), "must not be empty");
    }
    values.push_back(s);
  }
  out = std::move(values);
}

void table_reader::read_int(std::string_view key, std::int64_t& out, std::int64_t min,
                            std::int64_t max) {
  const auto* node = take(key);
  if (node == nullptr) {
    return;
  }
  const auto* i = node->as_integer();
  if (i == nullptr) {
    wrong_type(path_of(key), *node, "an integer");
  }
  const std::int64_t v = i->get();
  if (v < min || v > max) {
    config_fail(path_of(key), node, fmt::format("must be between {} and {}, got {}", min, max, v));
  }
  out = v;
}

const toml::table* table_reader::table(std::string_view key) {
  const auto* node = take(key);
  if (node == nullptr) {
    return nullptr;
  }
  const auto* t = node->as_table();
  if (t == nullptr) {
    wrong_type(path_of(key), *node, "a table");
  }
  return t;
}

const toml::array* table_reader::array(std::string_view key) {
  const auto* node = take(key);
  if (node == nullptr) {
    return nullptr;
  }
  const auto* a = node->as_array();
  if (a == nullptr) {
    wrong_type(path_of(key), *node, "an array");
  }
  return a;
}

const toml::array* table_reader::array_of_tables(std::string_view key) {
  const auto* a = array(key);
  if (a == nullptr) {
    return nullptr;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    if (!a->get(i)->is_table()) {
      wrong_type(fmt::format("{}[{}]", path_of(key), i), *a->get(i),
                 fmt::format("a table (write [[{}]] blocks)", key));
    }
  }
  return a;
}

void table_reader::finish() const {
  for (const auto& [key, node] : table_) {
    if (!known_.contains(key.str())) {
      config_fail(path_of(key.str()), &node,
                  fmt::format("unknown key '{}' (misspelt? see docs/configuration.md)",
                              path_of(key.str())));
    }
  }
}

router::stage parse_stage(const toml::node& node, std::string_view path) {
  const auto& s = string_of(node, path);
  if (auto st = router::stage_from_key(s)) {
    return *st;
  }
  config_fail(path, &node,
              fmt::format("unknown stage '{}' (use pre_sales, in_sale or after_sales)", s));
}

std::vector<router::stage> parse_stage_list(const toml::array& list, std::string_view path) {
  std::vector<router::stage> stages;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto item_path = fmt::format("{}[{}]", path, i);
    const auto st = parse_stage(*list.get(i), item_path);
    if (std::find(stages.begin(), stages.end(), st) != stages.end()) {
      config_fail(item_path, list.get(i), "stage listed twice");
    }
    stages.push_back(st);
  }
  return stages;
}

bool is_valid_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  const int y_hi = two_digits(text, 0);
  const int y_lo = two_digits(text, 2);
  const int month = two_digits(text, 5);
  const int day = two_digits(text, 8);
  if (y_hi < 0 || y_lo < 0 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const int year = y_hi * 100 + y_lo;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int max_day = days_in_month[month - 1] + ((month == 2 && leap) ? 1 : 0);
  return day <= max_day;
}

std::string parse_date(const toml::node& node, std::string_view path) {
  if (const auto* d = node.as_date()) {
    const auto& v = d->get();
    const auto text = fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
    if (!is_valid_date(text)) {
      config_fail(path, &node, fmt::format("'{}' is no calendar date", text));
    }
    return text;
  }
  const auto& s = string_of(node, path);
  if (!is_valid_date(s)) {
    config_fail(path, &node, fmt::format("'{}' is no date of the form YYYY-MM-DD", s));
  }
  return s;
}

router::shift_interval parse_shift(const toml::node& node, std::string_view path) {
  const auto& s = string_of(node, path);
  const auto bad = [&](std::string_view why) {
    config_fail(path, &node, fmt::format("bad shift '{}': {} (want \"HH:MM-HH:MM\")", s, why));
  };
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':') {
    bad("wrong shape");
  }
  const int sh = two_digits(s, 0);
  const int sm = two_digits(s, 3);
  const int eh = two_digits(s, 6);
  const int em = two_digits(s, 9);
  if (sh < 0 || sm < 0 || eh < 0 || em < 0 || sm > 59 || em > 59) {
    bad("not a time");
  }
  if (sh > 23) {
    bad("start hour past 23");
  }
  if (eh > 24 || (eh == 24 && em != 0)) {
    bad("end past 24:00");
  }
  const router::shift_interval interval{sh * 60 + sm, eh * 60 + em};
  if (interval.start_minute == interval.end_minute) {
    bad("empty interval");
  }
  return interval;
}

int parse_utc_offset(const toml::node& node, std::string_view path) {
  const auto& s = string_of(node, path);
  if (s == "Z") {
    return 0;
  }
  const bool shaped = s.size() == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':';
  const int h = shaped ? two_digits(s, 1) : -1;
  const int m = shaped ? two_digits(s, 4) : -1;
  if (h < 0 || m < 0 || m > 59) {
    config_fail(path, &node, fmt::format("bad UTC offset '{}' (want \"+08:00\" or \"-05:30\")", s));
  }
  const int minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
  if (minutes < -12 * 60 || minutes > 14 * 60) {
    config_fail(path, &node, fmt::format("UTC offset '{}' outside -12:00..+14:00", s));
  }
  return minutes;
}

void normalise_day(std::vector<router::shift_interval>& day) {
  std::sort(day.begin(), day.end(), [](const auto& a, const auto& b) {
    return a.start_minute < b.start_minute ||
           (a.start_minute == b.start_minute && a.end_minute < b.end_minute);
  });
  std::vector<router::shift_interval> merged;
  for (const auto& iv : day) {
    if (!merged.empty() && iv.start_minute <= merged.back().end_minute) {
      merged.back().end_minute = std::max(merged.back().end_minute, iv.end_minute);
    } else {
      merged.push_back(iv);
    }
  }
  day = std::move(merged);
}

}  // namespace fenliu::gateway::detail
