// Message risk (lexicon, negation, degree adverbs, triggers) and the conversation accumulator
// driven with explicit timestamps.

#include <gtest/gtest.h>

#include "fenliu/assist/conversation_risk.hpp"
#include "fenliu/assist/risk_scorer.hpp"

namespace fenliu::assist {
namespace {

constexpr router::time_ms t0 = 1'700'000'000'000;
constexpr router::time_ms sec = 1000;

TEST(risk_scorer, degree_and_negation_table) {
  const risk_scorer s(risk_config{});
  struct row {
    const char* text;
    double min;
    double max;
    bool risky;
  };
  const row rows[] = {
      {"非常不满意", -1.0, -0.9, true},
      {"不满意", -0.7, -0.5, true},
      {"不是很满意", -0.45, -0.1, false},  // negated and graded: mild
      {"有点慢", -0.35, -0.1, false},      // 有点 softens
      {"太慢了", -0.8, -0.5, true},        // 太 sharpens
      {"很不开心", -0.7, -0.5, true},      // degree before the negation: strong
      {"满意", 0.5, 0.7, false},
      {"非常满意", 0.9, 1.0, false},
      {"不差", 0.05, 0.3, false},  // a negated negative is mildly positive
      {"没有问题 谢谢", 0.2, 1.0, false},
      {"垃圾", -1.0, -0.8, true},
      {"very disappointed", -1.0, -0.9, true},
      {"not bad", 0.3, 0.5, false},
      {"not good", -0.5, -0.2, false},
      {"是不是不想做生意了", -1.0, -0.5, true},  // 是不是 asks, it does not negate
      {"", 0, 0, false},
  };
  for (const row& r : rows) {
    const risk_result res = s.score(r.text);
    EXPECT_GE(res.score, r.min) << r.text;
    EXPECT_LE(res.score, r.max) << r.text;
    EXPECT_EQ(res.risky, r.risky) << r.text;
  }
}

TEST(risk_scorer, not_very_satisfied_differs_from_very_unsatisfied) {
  const risk_scorer s(risk_config{});
  EXPECT_LT(s.score("非常不满意").score, s.score("不是很满意").score - 0.5);
}

TEST(risk_scorer, triggers_make_risky_unless_negated) {
  const risk_scorer s(risk_config{});
  const risk_result complaint = s.score("我要投诉");
  EXPECT_TRUE(complaint.risky);
  EXPECT_EQ(complaint.triggers, std::vector<std::string>{"投诉"});
  const risk_result calm = s.score("我不想投诉");
  EXPECT_FALSE(calm.risky);
  EXPECT_TRUE(calm.triggers.empty());
  const risk_result several = s.score("不退款就打12315 还要给差评 找律师");
  EXPECT_EQ(several.triggers, (std::vector<std::string>{"12315", "差评", "律师"}));
  EXPECT_DOUBLE_EQ(several.score, -1);
  EXPECT_TRUE(s.score("I will file a chargeback").risky);
  EXPECT_TRUE(s.score("this is a scam").risky);
}

TEST(risk_scorer, exclamation_marks_sharpen_negative_only) {
  const risk_scorer s(risk_config{});
  EXPECT_LT(s.score("太慢了!!!").score, s.score("太慢了").score);
  EXPECT_DOUBLE_EQ(s.score("谢谢!!!").score, s.score("谢谢").score);
}

TEST(risk_scorer, threshold_is_configurable) {
  risk_config lenient;
  lenient.message_threshold = -0.9;
  EXPECT_FALSE(risk_scorer(lenient).score("不满意").risky);
  EXPECT_TRUE(risk_scorer(risk_config{}).score("不满意").risky);
}

risk_result negative(double score) {
  return {score, false, {}};
}

TEST(conversation_risk, repeated_negative_turns_alert_once) {
  conversation_risk c;
  struct step {
    router::time_ms at;
    double score;
    bool alert;
  };
  // Replies in between, so waits play no part.
  const step steps[] = {
      {t0, -0.6, false},             // 0.21
      {t0 + 10 * sec, -0.6, false},  // + 0.315
      {t0 + 20 * sec, -0.6, true},   // + 0.42: crosses 0.6
      {t0 + 30 * sec, -0.6, false},  // already alerted
      {t0 + 40 * sec, -0.9, false},
  };
  for (const step& s : steps) {
    const risk_update u = c.on_customer_message(negative(s.score), s.at);
    EXPECT_EQ(u.alert, s.alert) << s.at - t0;
    c.on_reply(s.at + sec);
  }
  EXPECT_TRUE(c.alerted());
}

TEST(conversation_risk, calm_turns_do_not_accumulate) {
  conversation_risk c;
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(c.on_customer_message(negative(i % 2 == 0 ? 0.4 : -0.2), t0 + i * sec).alert);
    c.on_reply(t0 + i * sec + 100);
  }
  EXPECT_LT(c.level(t0 + 30 * sec), 0.6);
}

TEST(conversation_risk, long_wait_raises_level_and_alerts_on_tick) {
  conversation_risk_config cfg;
  cfg.long_wait_s = 60;
  cfg.wait_weight = 0.35;
  conversation_risk c(cfg);
  EXPECT_FALSE(c.on_customer_message(negative(-0.8), t0).alert);  // 0.28
  EXPECT_DOUBLE_EQ(c.level(t0 + 60 * sec), 0.28);                 // not long yet
  EXPECT_NEAR(c.level(t0 + 90 * sec), 0.28 + 0.175, 1e-9);        // half way to 2x
  EXPECT_FALSE(c.on_tick(t0 + 90 * sec).alert);
  const risk_update u = c.on_tick(t0 + 120 * sec);  // 0.63
  EXPECT_TRUE(u.alert);
  EXPECT_NE(u.reason.find("waiting 120 s"), std::string::npos);
  EXPECT_FALSE(c.on_tick(t0 + 200 * sec).alert);  // capped, and once
}

TEST(conversation_risk, settings_from_the_shop) {
  risk_config shop;
  shop.conversation_threshold = 0.9;
  EXPECT_DOUBLE_EQ(conversation_settings(shop).threshold, 0.9);
  EXPECT_DOUBLE_EQ(conversation_settings(shop).negative_weight,
                   conversation_risk_config{}.negative_weight);
}

TEST(conversation_risk, reply_ends_the_wait) {
  conversation_risk c;
  c.on_customer_message(negative(-0.2), t0);
  c.on_reply(t0 + 30 * sec);  // under a minute: nothing remembered
  EXPECT_NEAR(c.level(t0 + 1000 * sec), 0.07, 1e-9);
}

TEST(conversation_risk, trigger_alone_goes_far_and_rearms_after_calming) {
  conversation_risk c;
  const risk_update u = c.on_customer_message({-0.6, true, {"差评"}}, t0);
  EXPECT_TRUE(u.alert);  // 0.21 + 0.5
  EXPECT_NE(u.reason.find("差评"), std::string::npos);
  c.on_reply(t0 + sec);
  // Thanks bring it down below half the threshold: the next escalation alerts again.
  for (int i = 0; i < 8; ++i) {
    c.on_customer_message({1.0, false, {}}, t0 + (2 + i) * sec);
    c.on_reply(t0 + (2 + i) * sec + 100);
  }
  EXPECT_FALSE(c.alerted());
  EXPECT_TRUE(c.on_customer_message({-0.6, true, {"投诉"}}, t0 + 20 * sec).alert);
}

}  // namespace
}  // namespace fenliu::assist
