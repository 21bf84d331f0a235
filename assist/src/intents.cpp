#include "fenliu/assist/intents.hpp"

#include <algorithm>

#include "fenliu/assist/negation.hpp"
#include "fenliu/assist/text_normalizer.hpp"
#include "fenliu/assist/triggers.hpp"

namespace fenliu::assist {
namespace {

// Characters a greeting may come with: 亲 在吗 呀.
constexpr std::u32string_view filler = U"亲啊呀吗呢的了哦嗯哈么嘛吧请问一下你好您在 ";

const char* const greeting_phrases[] = {
    "在吗",   "在不在",      "在么",         "你好",         "您好",         "亲",
    "有人吗", "有人在吗",    "哈喽",         "嗨",           "hello",        "hi",
    "hey",    "hello there", "good morning", "good evening", "anyone there", "are you there"};

}  // namespace

intent_detector::intent_detector(std::vector<intent_rule> rules) {
  for (const intent_rule& r : rules) {
    rule out;
    out.intent = r.intent;
    for (const auto& alternatives : r.all_of) {
      group g;
      for (const std::string& p : alternatives) {
        // "!扫地机器人": a longer phrase that hides a shorter one (a robot vacuum is no bot).
        // "=机器人": no negation cancels it (别用机器人 still wants a person).
        if (!p.empty() && p.front() == '!') {
          g.phrases.add(std::string_view(p).substr(1), -1);
        } else if (!p.empty() && p.front() == '=') {
          g.phrases.add(std::string_view(p).substr(1), 1);
        } else {
          g.phrases.add(p, 0);
        }
      }
      out.groups.push_back(std::move(g));
    }
    rules_.push_back(std::move(out));
  }
  for (const char* p : greeting_phrases) {
    greetings_.add(p, 0);
  }
}

bool intent_detector::fires(const rule& r, std::u32string_view text,
                            const std::vector<phrase_hit>& cues) const {
  for (const group& g : r.groups) {
    const auto hits = g.phrases.find(text);
    const bool any = std::any_of(hits.begin(), hits.end(), [&](const phrase_hit& h) {
      return h.payload == 1 || (h.payload == 0 && !negation_finder::in_scope(text, cues, h.start));
    });
    if (!any) {
      return false;
    }
  }
  return !r.groups.empty();
}

bool intent_detector::only_greeting(std::u32string_view text) const {
  const auto hits = greetings_.find(text);
  if (hits.empty()) {
    return false;
  }
  std::u32string rest(text);
  for (const phrase_hit& h : hits) {
    std::fill_n(rest.begin() + static_cast<std::ptrdiff_t>(h.start), h.length, U' ');
  }
  return std::all_of(rest.begin(), rest.end(),
                     [](char32_t c) { return filler.find(c) != std::u32string_view::npos; });
}

std::vector<std::string> intent_detector::detect(std::u32string_view text) const {
  std::vector<std::string> out;
  const auto cues = negation_finder::desire().cues(text);
  // A delivery problem is denied by any negation (收到了 没什么问题), not only by 不要.
  auto problem_cues = negation_finder::polarity().cues(text);
  problem_cues.insert(problem_cues.end(), cues.begin(), cues.end());
  std::sort(problem_cues.begin(), problem_cues.end(),
            [](const phrase_hit& a, const phrase_hit& b) { return a.start < b.start; });
  auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(name);
    }
  };
  for (const rule& r : rules_) {
    if (r.intent == intent_name::complaint) {
      // Complaints are the trigger words (shared with the risk scorer) plus the rule's phrases.
      for (const trigger_hit& t : find_triggers(text)) {
        if (!t.negated) {
          add(r.intent);
        }
      }
    }
    if (fires(r, text, r.intent == intent_name::order_problem ? problem_cues : cues)) {
      add(r.intent);
    }
  }
  if (out.empty() && only_greeting(text)) {
    out.emplace_back(intent_name::greeting);
  }
  return out;
}

std::vector<std::string> intent_detector::detect_text(std::string_view text) const {
  return detect(normalize(text));
}

intent_route route_for(std::string_view intent, const bot_config& config) {
  using router::stage;
  if (intent == intent_name::complaint) {
    return {stage::after_sales, {{config.complaint_skill, 1}}};
  }
  if (intent == intent_name::order_problem || intent == intent_name::refund_progress) {
    return {stage::after_sales, {{config.refunds_skill, 1}}};
  }
  if (intent == intent_name::order_status) {
    return {stage::in_sale, {{config.shipping_skill, 1}}};
  }
  return {};
}

}  // namespace fenliu::assist
