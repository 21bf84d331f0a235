#include "eval_support.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fenliu::assist::eval {
namespace {

router::stage parse_stage(std::string_view s) {
  if (s == "pre_sales") {
    return router::stage::pre_sales;
  }
  if (s == "in_sale") {
    return router::stage::in_sale;
  }
  if (s == "after_sales") {
    return router::stage::after_sales;
  }
  throw std::runtime_error(fmt::format("unknown stage {}", s));
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const toml::array* a = node.as_array()) {
    for (const toml::node& n : *a) {
      out.push_back(n.value_or(std::string()));
    }
  }
  return out;
}

void read_bot(const toml::table& root, shop_assist& out) {
  const auto bot = root["bot"];
  if (auto m = bot["mode"].value<std::string>()) {
    for (auto& mode : out.bot.mode) {
      mode = parse_bot_mode(*m).value_or(bot_mode::bot_first);
    }
  }
  out.bot.min_confidence = bot["min_confidence"].value_or(out.bot.min_confidence);
  out.bot.min_margin = bot["min_margin"].value_or(out.bot.min_margin);
  out.bot.handover_after_unanswered =
      bot["handover_after_unanswered"].value_or(out.bot.handover_after_unanswered);
  const auto risk = root["risk"];
  out.risk.message_threshold = risk["message_threshold"].value_or(out.risk.message_threshold);
  out.risk.conversation_threshold =
      risk["conversation_threshold"].value_or(out.risk.conversation_threshold);
}

}  // namespace

shop_assist load_shop(const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
  }
  shop_assist out;
  read_bot(root, out);
  if (const toml::array* faq = root["faq"].as_array()) {
    for (const toml::node& n : *faq) {
      const toml::table& t = *n.as_table();
      faq_entry e;
      e.id = t["id"].value_or(std::string());
      e.stage = parse_stage(t["stage"].value_or(std::string("pre_sales")));
      e.examples = strings(t["examples"]);
      e.keywords = strings(t["keywords"]);
      e.answer_zh = t["answer_zh"].value_or(std::string());
      e.answer_en = t["answer_en"].value_or(std::string());
      e.quick_replies = strings(t["quick_replies"]);
      out.faq.push_back(std::move(e));
    }
  }
  if (const toml::array* orders = root["orders"].as_array()) {
    for (const toml::node& n : *orders) {
      const toml::table& t = *n.as_table();
      order_facts o;
      o.order_id = t["id"].value_or(std::string());
      o.status = t["status"].value_or(std::string());
      o.carrier = t["carrier"].value_or(std::string());
      o.tracking = t["tracking"].value_or(std::string());
      out.orders[o.order_id] = o;
    }
  }
  return out;
}

std::vector<eval_case> load_cases(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  }
  std::vector<eval_case> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) {
      cols.push_back(col);
    }
    if (cols.size() != 6) {
      throw std::runtime_error(fmt::format("{}:{}: want 6 columns", path.string(), number));
    }
    eval_case c;
    c.line = number;
    c.kind = cols[0];
    c.text = cols[1];
    if (cols[2] != "-") {
      c.faq_id = cols[2];
    }
    c.handover = cols[3] == "1";
    c.risky = cols[4] == "1";
    if (cols[5] != "-") {
      c.order = cols[5];
    }
    out.push_back(std::move(c));
  }
  return out;
}

eval_report evaluate(const faq_matcher& matcher, const risk_scorer& scorer,
                     const std::vector<eval_case>& cases,
                     const std::map<std::string, order_facts>& orders) {
  eval_report r;
  for (const eval_case& c : cases) {
    const order_facts* order = nullptr;
    if (c.order) {
      const auto it = orders.find(*c.order);
      order = it == orders.end() ? nullptr : &it->second;
    }
    const match_result m = matcher.match(c.text, order);
    const risk_result risk = scorer.score(c.text);
    const bool right = m.faq_id == c.faq_id;
    auto fail = [&](std::string_view what) {
      r.failures.push_back(
          fmt::format("line {} [{}] {}: {} (got faq={} conf={:.2f} 2nd={:.2f} "
                      "handover={} intent={} risk={:.2f})",
                      c.line, c.kind, what, c.text, m.faq_id.value_or("-"), m.confidence,
                      m.runner_up, m.handover, m.intent, risk.score));
    };
    if (m.faq_id) {
      ++r.precision.total;
      r.precision.hits += right ? 1 : 0;
    }
    ++r.accuracy.total;
    r.accuracy.hits += right ? 1 : 0;
    if (!right) {
      fail("faq");
    }
    if (c.faq_id) {
      ++r.recall.total;
      r.recall.hits += right ? 1 : 0;
    }
    if (c.handover) {
      ++r.handover.total;
      r.handover.hits += m.handover ? 1 : 0;
    } else {
      ++r.false_handover.total;
      r.false_handover.hits += m.handover ? 1 : 0;
    }
    if (c.handover != m.handover) {
      fail("handover");
    }
    if (c.kind == "near_miss" || c.kind == "negation") {
      ++r.must_not_answer.total;
      r.must_not_answer.hits += m.faq_id ? 1 : 0;
    }
    figure& f = c.risky ? r.risky : r.calm;
    ++f.total;
    f.hits += risk.risky ? 1 : 0;
    if (c.risky != risk.risky) {
      fail("risk");
    }
  }
  return r;
}

}  // namespace fenliu::assist::eval
