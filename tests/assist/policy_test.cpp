// bot_policy transitions, the handover summary and the unanswered-questions report, with
// explicit timestamps.

#include <gtest/gtest.h>

#include "fenliu/assist/bot_policy.hpp"
#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/assist/unanswered_report.hpp"

namespace fenliu::assist {
namespace {

constexpr router::time_ms t0 = 1'700'000'000'000;
constexpr router::time_ms sec = 1000;
constexpr router::time_ms day = 24 * 3600 * sec;

match_result answered(const char* text, const char* id) {
  match_result m;
  m.text = text;
  m.faq_id = id;
  m.intent = intent_name::faq;
  m.confidence = 0.8;
  m.answer_zh = "答";
  return m;
}

match_result unsure(const char* text) {
  match_result m;
  m.text = text;
  m.confidence = 0.3;
  return m;
}

match_result asks_person(const char* text) {
  match_result m;
  m.text = text;
  m.intent = intent_name::handover;
  m.handover = true;
  m.confidence = 1;
  return m;
}

bot_context ctx(router::time_ms now, bool person = false, bool on_shift = true) {
  return {router::stage::pre_sales, person, on_shift, now, false};
}

TEST(bot_policy, transitions) {
  struct step {
    match_result match;
    bool person_assigned;
    bot_action action;
    const char* reason;
  };
  bot_config cfg;
  cfg.handover_after_unanswered = 2;
  bot_policy p(cfg);
  const step steps[] = {
      {answered("多久发货", "shipping_time"), false, bot_action::answer, "answered"},
      {unsure("这个有红色吗"), false, bot_action::stay_silent, "not_understood"},
      {answered("包邮吗", "shipping_fee"), false, bot_action::answer, "answered"},  // resets
      {unsure("有红色吗"), false, bot_action::stay_silent, "not_understood"},
      {unsure("红色的呢"), false, bot_action::handover, "unanswered_limit"},
      {answered("包邮吗", "shipping_fee"), false, bot_action::stay_silent, "handed_over"},
      {answered("包邮吗", "shipping_fee"), true, bot_action::stay_silent, "person_assigned"},
  };
  router::time_ms now = t0;
  for (const step& s : steps) {
    now += 5 * sec;
    const bot_decision d = p.on_buyer_message(ctx(now, s.person_assigned), s.match);
    EXPECT_EQ(d.action, s.action) << s.match.text;
    EXPECT_EQ(d.reason, s.reason) << s.match.text;
  }
}

TEST(bot_policy, never_answers_while_a_person_is_assigned) {
  bot_policy p(bot_config{});
  const bot_decision d = p.on_buyer_message(ctx(t0, true), answered("多久发货", "shipping_time"));
  EXPECT_EQ(d.action, bot_action::stay_silent);
  EXPECT_EQ(p.on_handover_button(ctx(t0, true)).action, bot_action::stay_silent);
}

TEST(bot_policy, modes) {
  bot_config cfg;
  cfg.mode[static_cast<int>(router::stage::pre_sales)] = bot_mode::human_first;
  cfg.mode[static_cast<int>(router::stage::in_sale)] = bot_mode::bot_off_shift_only;
  const match_result m = answered("多久发货", "shipping_time");
  {
    bot_policy p(cfg);
    EXPECT_EQ(p.on_buyer_message(ctx(t0), m).reason, "human_first");
  }
  bot_context in_sale{router::stage::in_sale, false, true, t0, false};
  {
    bot_policy p(cfg);
    EXPECT_EQ(p.on_buyer_message(in_sale, m).reason, "on_shift");
    in_sale.stage_on_shift = false;
    EXPECT_EQ(p.on_buyer_message(in_sale, m).action, bot_action::answer);
  }
  bot_context after{router::stage::after_sales, false, true, t0, false};
  {
    bot_policy p(cfg);
    EXPECT_EQ(p.on_buyer_message(after, m).action, bot_action::answer);  // bot_first
  }
  // Peak mode's force_bot_first: the human-first stage gets the bot's answer too.
  bot_context forced = ctx(t0);
  forced.forced_bot_first = true;
  bot_policy p(cfg);
  EXPECT_EQ(p.on_buyer_message(forced, m).action, bot_action::answer);
}

TEST(bot_policy, handover_request_routes_and_reports_earlier_answers) {
  bot_policy p(bot_config{});
  match_result refund = answered("怎么退款", "return_policy");
  refund.stage = router::stage::after_sales;
  refund.skills = {{"refunds", 1}};
  EXPECT_EQ(p.on_buyer_message(ctx(t0), refund).action, bot_action::answer);
  const bot_decision d = p.on_buyer_message(ctx(t0 + 10 * sec), asks_person("转人工"));
  EXPECT_EQ(d.action, bot_action::handover);
  EXPECT_EQ(d.reason, "asked_for_person");
  // The earlier 退款 topic says where the person sits.
  EXPECT_EQ(d.stage, router::stage::after_sales);
  ASSERT_EQ(d.skills.size(), 1u);
  EXPECT_EQ(d.skills[0].skill, "refunds");
  ASSERT_EQ(d.records.size(), 1u);
  EXPECT_EQ(d.records[0].reason, unanswered_reason::answered_then_handover);
  EXPECT_EQ(d.records[0].text, "怎么退款");
  EXPECT_EQ(d.records[0].faq_id, "return_policy");
  EXPECT_TRUE(p.handed_over());
  p.reset();
  EXPECT_FALSE(p.handed_over());
}

TEST(bot_policy, greetings_and_thanks_do_not_count_as_unanswered) {
  bot_config cfg;
  cfg.handover_after_unanswered = 1;
  bot_policy p(cfg);
  match_result hi;
  hi.text = "在吗";
  hi.intent = intent_name::greeting;
  EXPECT_EQ(p.on_buyer_message(ctx(t0), hi).action, bot_action::stay_silent);
  EXPECT_EQ(p.unanswered_in_a_row(), 0);
  const bot_decision d = p.on_buyer_message(ctx(t0 + sec), unsure("能刻字吗"));
  EXPECT_EQ(d.action, bot_action::handover);
  ASSERT_EQ(d.records.size(), 1u);
  EXPECT_EQ(d.records[0].reason, unanswered_reason::not_answered);
  EXPECT_EQ(d.records[0].time_ms, t0 + sec);
}

TEST(bot_policy, button_hands_over) {
  bot_policy p(bot_config{});
  const bot_decision d = p.on_handover_button(ctx(t0));
  EXPECT_EQ(d.action, bot_action::handover);
  EXPECT_EQ(d.reason, "button");
}

TEST(handover_summary, collects_intents_questions_and_answers) {
  handover_summary_builder b;
  b.add(answered("多久发货", "shipping_time"), true);
  b.add(unsure("能刻字吗"), false);
  match_result order;
  order.text = "我的快递到哪了";
  order.intent = intent_name::order_status;
  order.handover = true;
  b.add(order, false);
  const handover_summary s =
      b.build("order_status", "o-1003", router::stage::in_sale, {{"shipping", 1}});
  EXPECT_EQ(s.intents, std::vector<std::string>{"order_status"});
  EXPECT_EQ(s.order_id, "o-1003");
  EXPECT_EQ(s.unanswered, std::vector<std::string>{"能刻字吗"});
  ASSERT_EQ(s.answered.size(), 1u);
  EXPECT_EQ(s.answered[0].faq_id, "shipping_time");
  EXPECT_EQ(s.last_message, "我的快递到哪了");
  const std::string text = s.to_text();
  EXPECT_NE(text.find("o-1003"), std::string::npos);
  EXPECT_NE(text.find("未能回答: 能刻字吗"), std::string::npos);
  EXPECT_NE(text.find("售中 shipping≥1"), std::string::npos);
}

TEST(handover_summary, bounded_and_clipped) {
  handover_summary_builder b(2, 4);
  b.add(unsure("一二三四五六"), false);
  b.add(unsure("b"), false);
  b.add(unsure("c"), false);
  const handover_summary s = b.build("unanswered_limit", "", std::nullopt, {});
  EXPECT_EQ(s.unanswered, (std::vector<std::string>{"b", "c"}));
  handover_summary_builder clip(5, 4);
  clip.add(unsure("一二三四五六"), false);
  EXPECT_EQ(clip.build("", "", std::nullopt, {}).unanswered[0], "一二三四…");
}

TEST(unanswered_report, groups_similar_questions_per_period_and_stage) {
  using router::stage;
  const router::time_ms midnight = 1'699'977'600'000;  // 2023-11-15 00:00 in UTC+8
  const std::vector<unanswered_record> records = {
      {"这件有红色吗", stage::pre_sales, midnight + 1 * sec, "not_answered", ""},
      {"有没有红色的", stage::pre_sales, midnight + 2 * sec, "not_answered", ""},
      {"红色有货吗", stage::pre_sales, midnight + 3 * sec, "not_answered", ""},
      {"能刻字吗", stage::pre_sales, midnight + 4 * sec, "not_answered", ""},
      {"可以刻字吗", stage::pre_sales, midnight + 5 * sec, "answered_then_handover", "coupon"},
      {"有红色吗", stage::in_sale, midnight + 6 * sec, "not_answered", ""},      // other stage
      {"有红色吗", stage::pre_sales, midnight + day + sec, "not_answered", ""},  // next day
      {"有红色吗", stage::pre_sales, midnight - sec, "not_answered", ""},        // day before
  };
  const std::vector<unanswered_group> g = group_unanswered(records);
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g[0].period_start, midnight - day);
  EXPECT_EQ(g[1].period_start, midnight);
  EXPECT_EQ(g[1].stage, stage::pre_sales);
  EXPECT_EQ(g[1].count, 3);
  EXPECT_EQ(g[1].representative, "这件有红色吗");
  EXPECT_EQ(g[1].examples.size(), 3u);
  EXPECT_EQ(g[2].count, 2);
  EXPECT_EQ(g[2].representative, "能刻字吗");
  EXPECT_EQ(g[2].reasons.at("answered_then_handover"), 1);
  EXPECT_EQ(g[2].answered_with.at("coupon"), 1);
  EXPECT_EQ(g[3].stage, stage::in_sale);
  EXPECT_EQ(g[4].period_start, midnight + day);
}

TEST(unanswered_report, similarity) {
  EXPECT_DOUBLE_EQ(question_similarity("能刻字吗", "能刻字吗"), 1.0);
  EXPECT_GT(question_similarity("能刻字吗", "可以刻字吗"), 0.3);
  EXPECT_LT(question_similarity("能刻字吗", "有红色吗"), 0.1);
  EXPECT_TRUE(group_unanswered({}).empty());
}

}  // namespace
}  // namespace fenliu::assist
