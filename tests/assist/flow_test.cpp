// A bot exchange end to end with the demo shop's entries: matcher -> policy -> summary ->
// report, as the gateway will run it for one conversation.

#include <gtest/gtest.h>

#include <filesystem>

#include "eval_support.hpp"
#include "fenliu/assist/bot_policy.hpp"
#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/assist/unanswered_report.hpp"

namespace fenliu::assist {
namespace {

constexpr router::time_ms t0 = 1'700'000'000'000;
constexpr router::time_ms sec = 1000;

TEST(bot_flow, answer_then_person_with_summary_and_report) {
  const eval::shop_assist shop = eval::load_shop(std::filesystem::path(FENLIU_SOURCE_DIR) /
                                                 "config/demo-shop.toml");
  const faq_matcher matcher(shop.faq, shop.bot);
  bot_policy policy(shop.bot);
  handover_summary_builder summary;
  std::vector<unanswered_record> records;
  struct turn {
    const char* text;
    bot_action action;
    const char* faq_id;
  };
  const turn turns[] = {
      {"亲 在吗", bot_action::stay_silent, ""},
      {"几天能寄出呀", bot_action::answer, "shipping_time"},
      {"这件有红色吗", bot_action::stay_silent, ""},   // one unanswered turn
      {"包邮吗", bot_action::answer, "shipping_fee"},  // resets the count
      {"转人工", bot_action::handover, ""},
      {"能开票吗", bot_action::stay_silent, ""},  // handed over: the bot is quiet now
  };
  router::time_ms now = t0;
  bot_decision last;
  for (const turn& t : turns) {
    now += 10 * sec;
    const match_result m = matcher.match(t.text, nullptr);
    const bot_decision d = policy.on_buyer_message({router::stage::pre_sales, false, true, now}, m);
    EXPECT_EQ(d.action, t.action) << t.text << " reason " << d.reason;
    if (t.action == bot_action::answer) {
      EXPECT_EQ(d.faq_id.value_or(""), t.faq_id) << t.text;
    }
    if (!policy.handed_over() || d.action == bot_action::handover) {
      summary.add(m, d.action == bot_action::answer);
    }
    records.insert(records.end(), d.records.begin(), d.records.end());
    if (d.action == bot_action::handover) {
      last = d;
    }
  }
  EXPECT_EQ(last.reason, "asked_for_person");
  const handover_summary s = summary.build(last.reason, "", last.stage, last.skills);
  ASSERT_EQ(s.answered.size(), 2u);
  EXPECT_EQ(s.answered[0].faq_id, "shipping_time");
  EXPECT_EQ(s.answered[1].faq_id, "shipping_fee");
  EXPECT_EQ(s.unanswered, std::vector<std::string>{"这件有红色吗"});
  EXPECT_EQ(s.intents, std::vector<std::string>{"handover"});
  EXPECT_EQ(s.last_message, "转人工");
  // One unanswered question, two answered before the buyer asked for a person anyway.
  ASSERT_EQ(records.size(), 3u);
  const auto groups = group_unanswered(records);
  int total = 0;
  for (const auto& g : groups) {
    total += g.count;
  }
  EXPECT_EQ(total, 3);
}

}  // namespace
}  // namespace fenliu::assist
