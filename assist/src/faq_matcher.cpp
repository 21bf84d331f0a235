#include "fenliu/assist/faq_matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "fenliu/assist/text_analyzer.hpp"
#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

// BM25 score at which the raw confidence is one half: about one topic concept plus one
// matching bigram against a five-example entry.
constexpr double half_score = 4.0;
// A question whose topics the entry does not cover keeps at most this share of its raw
// confidence (这件衣服有红色吗 shares characters with the size entry, not its topic).
constexpr double uncovered_floor = 0.35;
// Share of topic coverage assumed when the question names no topic at all.
constexpr double no_topic_cover = 0.5;
// A message this negative gets no canned answer; a message this positive that asks nothing
// is thanks, not a question.
constexpr double furious_score = -0.8;
constexpr double thanks_score = 0.4;

const char* const question_words[] = {"吗",   "么",   "呢",    "怎",    "咋",   "什么", "啥",
                                      "多少", "几",   "哪",    "是否",  "能否", "可否", "how",
                                      "what", "when", "which", "where", "why",  "can",  "could",
                                      "do",   "does", "is",    "are",   "any",  "will", "would"};

double coverage(const std::vector<int>& query_topics, const std::vector<int>& entry_topics) {
  if (query_topics.empty()) {
    return no_topic_cover;
  }
  int covered = 0;
  for (int t : query_topics) {
    if (std::find(entry_topics.begin(), entry_topics.end(), t) != entry_topics.end()) {
      ++covered;
    }
  }
  return static_cast<double>(covered) / static_cast<double>(query_topics.size());
}

// Topics that tell which stage and skill should take the chat if the bot hands it over later.
intent_route topic_route(const std::vector<int>& topics, const synonym_lexicon& lexicon,
                         const bot_config& config) {
  for (int t : topics) {
    const std::string& name = lexicon.at(t).name;
    if (name == "refund" || name == "return" || name == "insurance") {
      return {router::stage::after_sales, {{config.refunds_skill, 1}}};
    }
  }
  return {};
}

}  // namespace

faq_matcher::faq_matcher(std::vector<faq_entry> entries, const bot_config& config)
    : entries_(std::move(entries)),
      config_(config),
      lexicon_(synonym_lexicon::builtin()),
      sentiment_(risk_config{}) {
  for (const char* w : question_words) {
    question_markers_.add(w, 0);
  }
  for (const faq_entry& e : entries_) {
    std::vector<weighted_term> doc;
    // An entry covers the topics of its keywords and those at least two phrasings share:
    // 满减怎么用 does not make the coupon entry an answer to 这个怎么用.
    std::map<int, int> seen;
    std::vector<int> topics;
    auto take = [&](const std::string& phrase, bool keyword) {
      analyzed_text a = analyze(phrase, lexicon_, false);
      doc.insert(doc.end(), a.terms.begin(), a.terms.end());
      for (int t : a.topics) {
        seen[t] += keyword ? 2 : 1;
      }
    };
    for (const std::string& x : e.examples) {
      take(x, false);
    }
    for (const std::string& k : e.keywords) {
      take(k, true);
    }
    for (const auto& [t, count] : seen) {
      if (count >= 2) {
        topics.push_back(t);
      }
    }
    index_.add(doc);
    entry_topics_.push_back(std::move(topics));
  }
  index_.finish();
}

std::vector<faq_matcher::scored> faq_matcher::rank(const analyzed_text& q) const {
  const std::vector<double> scores = index_.score(q.terms);
  std::vector<scored> out;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double raw = scores[i] / (scores[i] + half_score);
    const double cover = coverage(q.topics, entry_topics_[i]);
    out.push_back({raw * (uncovered_floor + (1 - uncovered_floor) * cover), i});
  }
  std::sort(out.begin(), out.end(), [](const scored& a, const scored& b) {
    return a.confidence != b.confidence ? a.confidence > b.confidence : a.entry < b.entry;
  });
  return out;
}

std::vector<std::pair<std::size_t, double>> faq_matcher::rank_entries(std::string_view text) const {
  std::vector<std::pair<std::size_t, double>> out;
  for (const scored& s : rank(analyze(text, lexicon_, true))) {
    out.emplace_back(s.entry, s.confidence);
  }
  return out;
}

match_result faq_matcher::match_faq(match_result r, std::string_view text) const {
  const analyzed_text q = analyze(text, lexicon_, true);
  const std::vector<scored> ranked = rank(q);
  const intent_route hint = topic_route(q.topics, lexicon_, config_);
  r.stage = hint.stage;
  r.skills = hint.skills;
  if (ranked.empty()) {
    return r;
  }
  r.confidence = ranked[0].confidence;
  r.runner_up = ranked.size() > 1 ? ranked[1].confidence : 0;
  if (r.confidence < config_.min_confidence || r.confidence - r.runner_up < config_.min_margin) {
    return r;
  }
  const faq_entry& e = entries_[ranked[0].entry];
  r.faq_id = e.id;
  r.intent = intent_name::faq;
  r.answer_zh = e.answer_zh;
  r.answer_en = e.answer_en;
  r.quick_replies = e.quick_replies;
  return r;
}

match_result faq_matcher::match(std::string_view text, const order_facts* order) const {
  match_result r;
  r.text = std::string(text);
  const std::u32string normalised = normalize(text);
  const std::vector<std::string> intents = intents_.detect(normalised);
  if (intents.empty()) {
    const double mood = sentiment_.score(text).score;
    if (mood <= furious_score) {
      r.intent = intent_name::unhappy;
      return r;
    }
    if (mood >= thanks_score && !is_question(text, normalised, question_markers_)) {
      r.intent = intent_name::thanks;
      return r;
    }
    return match_faq(std::move(r), text);
  }
  const std::string& primary = intents.front();
  r.intent = primary;
  r.confidence = 1;
  if (primary == intent_name::greeting) {
    r.confidence = 0;
    return r;
  }
  if (primary == intent_name::order_status && order != nullptr) {
    r.faq_id = order_status_faq_id;
    order_status_answer(*order, r.answer_zh, r.answer_en);
    r.quick_replies = {"转人工"};
    return r;
  }
  r.handover = true;
  // 转人工 plus 退款 in one message: the second intent says where the person sits.
  const std::string& routing =
      primary == intent_name::handover && intents.size() > 1 ? intents[1] : primary;
  intent_route route = route_for(routing, config_);
  if (!route.stage) {
    route = topic_route(analyze(text, lexicon_, true).topics, lexicon_, config_);
  }
  r.stage = route.stage;
  r.skills = std::move(route.skills);
  return r;
}

bool is_question(std::string_view raw, std::u32string_view normalised,
                 const phrase_matcher& markers) {
  if (raw.find('?') != std::string_view::npos || raw.find("？") != std::string_view::npos) {
    return true;
  }
  if (!markers.find(normalised).empty()) {
    return true;
  }
  for (std::size_t i = 1; i + 1 < normalised.size(); ++i) {
    const char32_t c = normalised[i];
    if ((c == U'不' || c == U'没') && normalised[i - 1] == normalised[i + 1]) {
      return true;
    }
  }
  return false;
}

void order_status_answer(const order_facts& o, std::string& zh, std::string& en) {
  const std::string carrier = o.carrier.empty() ? std::string("快递") : o.carrier;
  const std::string carrier_en = o.carrier.empty() ? std::string("the courier") : o.carrier;
  if (o.status == "unpaid") {
    zh = fmt::format("亲,您的订单 {} 还未付款,付款后 48 小时内发货哦。", o.order_id);
    en = fmt::format("Your order {} is not paid yet; it ships within 48 hours of payment.",
                     o.order_id);
  } else if (o.status == "paid") {
    zh =
        fmt::format("亲,您的订单 {} 已付款,仓库正在备货,48 小时内发出,发出后可在订单详情查看物流。",
                    o.order_id);
    en = fmt::format(
        "Your order {} is paid and being packed; it ships within 48 hours and "
        "you can follow it in the order details.",
        o.order_id);
  } else if (o.status == "shipped") {
    const std::string tracking_zh =
        o.tracking.empty() ? std::string() : fmt::format(",运单号 {}", o.tracking);
    const std::string tracking_en =
        o.tracking.empty() ? std::string() : fmt::format(", tracking number {}", o.tracking);
    zh = fmt::format("亲,您的订单 {} 已发货,由{}配送{},可在订单详情查看实时物流。", o.order_id,
                     carrier, tracking_zh);
    en = fmt::format("Your order {} has shipped with {}{}; the order details show where it is.",
                     o.order_id, carrier_en, tracking_en);
  } else if (o.status == "delivered") {
    zh = fmt::format("亲,您的订单 {} 显示已签收。如果没有收到,请回复“转人工”,我们马上帮您查。",
                     o.order_id);
    en = fmt::format(
        "Your order {} shows as delivered. If you did not get it, reply "
        "\"agent\" and we will look into it at once.",
        o.order_id);
  } else if (o.status == "refund_open") {
    zh = fmt::format("亲,您的订单 {} 有一笔退款正在处理,审核通过后原路退回。", o.order_id);
    en = fmt::format(
        "A refund on your order {} is being processed; it goes back to your "
        "original payment method once approved.",
        o.order_id);
  } else {
    zh = fmt::format("亲,您的订单 {} 当前状态:{}。", o.order_id, o.status);
    en = fmt::format("Your order {} is currently: {}.", o.order_id, o.status);
  }
}

}  // namespace fenliu::assist
