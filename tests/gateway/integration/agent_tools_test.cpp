// The agent's tools over real sockets (issue 10): the customer record with every offer and
// assignment, tags and notes edited and kept, quick phrases with their variables filled from
// the conversation, suggested replies from the FAQ and the phrases.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;
using router::stage;

bool is_assigned(const v1::ServerEnvelope& e) { return e.has_assigned(); }
bool is_offer(const v1::ServerEnvelope& e) { return e.has_offer(); }

gateway::server_config tools_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.routing.wrap_up_s = 0;
  cfg.shop.agents = {make_agent("li.na", {stage::pre_sales, stage::in_sale}, 3)};
  cfg.shop.agents[0].display_name = "李娜";
  cfg.shop.tools.customer_tags = {"老客户", "急单"};
  cfg.shop.tools.phrases = {
      {"shop-hi", "问候", "hi", "{customer_name}您好，我是{agent_name}"},
      {"shop-wl", "物流", "wl", "订单{order_id}{order_status}，预计{eta}送达"},
      {"shop-th", "售后", "th", "亲，支持七天无理由退货，请在订单页申请退货"},
  };
  cfg.shop.tools.customers = {{"c-1", "王小姐", 2, {"老客户"}}};
  gateway::demo_order o;
  o.id = "o-9";
  o.customer_id = "c-1";
  o.status = "shipped";
  o.title = "跑鞋";
  o.total_cents = 59900;
  o.carrier = "中通快递";
  o.tracking = "ZT1";
  cfg.shop.orders = {o};
  assist::faq_entry invoice{"invoice", stage::pre_sales, {"可以开发票吗", "发票怎么开"},
                            {"发票", "开票"}, "可以开电子发票", "We issue e-invoices", {}};
  cfg.shop.faq = {invoice};
  cfg.shop.bot.mode[0] = cfg.shop.bot.mode[1] = cfg.shop.bot.mode[2] = assist::bot_mode::human_first;
  return cfg;
}

v1::ClientEnvelope start_from_order(const std::string& order, const std::string& text = "") {
  auto env = start_conversation(v1::STAGE_PRE_SALES, text);
  env.mutable_start_conversation()->mutable_entry()->set_page_type("order");
  env.mutable_start_conversation()->mutable_entry()->set_order_id(order);
  if (!text.empty()) {
    env.mutable_start_conversation()->set_client_msg_id("first");
  }
  return env;
}

v1::ClientEnvelope edit_tags(std::uint64_t id, std::vector<std::string> add,
                             std::vector<std::string> remove) {
  v1::ClientEnvelope env;
  auto* t = env.mutable_edit_customer_tags();
  t->set_conversation_id(id);
  for (auto& a : add) t->add_add(a);
  for (auto& r : remove) t->add_remove(r);
  return env;
}

v1::ClientEnvelope add_note(std::uint64_t id, const std::string& text) {
  v1::ClientEnvelope env;
  env.mutable_add_customer_note()->set_conversation_id(id);
  env.mutable_add_customer_note()->set_text(text);
  return env;
}

v1::ClientEnvelope fetch_phrases(std::uint64_t id) {
  v1::ClientEnvelope env;
  env.mutable_fetch_quick_phrases()->set_conversation_id(id);
  return env;
}

v1::ClientEnvelope save_phrase(const std::string& shortcut, const std::string& text,
                               const std::string& id = "") {
  v1::ClientEnvelope env;
  auto* p = env.mutable_save_quick_phrase()->mutable_phrase();
  p->set_id(id);
  p->set_shortcut(shortcut);
  p->set_group("我的");
  p->set_text(text);
  return env;
}

v1::ClientEnvelope fetch_profile(std::uint64_t id) {
  v1::ClientEnvelope env;
  env.mutable_fetch_profile()->set_conversation_id(id);
  return env;
}

v1::ClientEnvelope close_chat(std::uint64_t id) {
  v1::ClientEnvelope env;
  env.mutable_close_conversation()->set_conversation_id(id);
  return env;
}

const v1::QuickPhrase* phrase(const v1::QuickPhrases& list, const std::string& shortcut) {
  for (const auto& p : list.phrases()) {
    if (p.shortcut() == shortcut) return &p;
  }
  return nullptr;
}

std::vector<std::string> tags_of(const v1::CustomerProfile& p) {
  return {p.tags().begin(), p.tags().end()};
}

TEST(AgentTools, TheRecordComesWithTheOfferAndTheAssignmentButNeverToTheBuyer) {
  temp_dir dir;
  auto cfg = tools_config(dir.path());
  cfg.shop.routing.stages[0].manual_accept = true;
  test_server srv(cfg);
  auto agent = srv.connect_agent("li.na");
  auto buyer = srv.connect(srv.visitor_token("c-1"));
  auto started = buyer.request(start_from_order("o-9"));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();

  auto offer = agent.receive_until(is_offer);
  ASSERT_TRUE(offer);
  const auto& p = offer->offer().profile();
  EXPECT_EQ(p.customer_id(), "c-1");
  EXPECT_EQ(p.display_name(), "王小姐");
  EXPECT_EQ(p.vip_level(), 2u);
  EXPECT_TRUE(p.vip());
  EXPECT_EQ(tags_of(p), std::vector<std::string>{"老客户"});
  ASSERT_EQ(p.orders_size(), 1);
  EXPECT_EQ(p.orders(0).order_id(), "o-9");
  EXPECT_EQ(p.orders(0).status(), "shipped");
  EXPECT_EQ((std::vector<std::string>{p.shop_tags().begin(), p.shop_tags().end()}),
            (std::vector<std::string>{"老客户", "急单"}));

  v1::ClientEnvelope accept;
  accept.mutable_accept_offer()->set_conversation_id(id);
  agent.send(accept);
  auto staff = agent.receive_until(is_assigned);
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->assigned().profile().display_name(), "王小姐");
  auto theirs = buyer.receive_until(is_assigned);
  ASSERT_TRUE(theirs);
  EXPECT_FALSE(theirs->assigned().has_profile()) << "the record is staff only";
}

TEST(AgentTools, TagsAndNotesAreEditedReachTheOtherStaffAndSurviveARestart) {
  temp_dir dir;
  std::uint64_t id = 0;
  {
    test_server srv(tools_config(dir.path()));
    auto agent = srv.connect_agent("li.na");
    auto sup = srv.connect(srv.staff_token(gateway::role::supervisor, "boss"));
    auto buyer = srv.connect(srv.visitor_token("c-1"));
    id = buyer.request(start_from_order("o-9"))->conversation_started().conversation()
             .conversation_id();
    ASSERT_TRUE(agent.receive_until(is_assigned));
    v1::ClientEnvelope mon;
    mon.mutable_monitor()->set_conversation_id(id);
    mon.mutable_monitor()->set_monitor(true);
    ASSERT_TRUE(sup.request(mon));

    auto r = agent.request(edit_tags(id, {"急单", "爱买鞋"}, {"老客户"}));
    ASSERT_TRUE(r && r->has_customer_profile()) << (r ? r->DebugString() : "no answer");
    EXPECT_EQ(tags_of(r->customer_profile()), (std::vector<std::string>{"急单", "爱买鞋"}));
    // The monitoring supervisor sees the same record, pushed.
    auto pushed = sup.receive_until([](const v1::ServerEnvelope& e) {
      return e.has_customer_profile();
    });
    ASSERT_TRUE(pushed);
    EXPECT_EQ(tags_of(pushed->customer_profile()), (std::vector<std::string>{"急单", "爱买鞋"}));

    auto n = agent.request(add_note(id, "客户脚宽，推荐大半码"));
    ASSERT_TRUE(n && n->has_customer_profile());
    ASSERT_EQ(n->customer_profile().notes_size(), 1);
    EXPECT_EQ(n->customer_profile().notes(0).text(), "客户脚宽，推荐大半码");
    EXPECT_EQ(n->customer_profile().notes(0).author_id(), "li.na");
    EXPECT_EQ(n->customer_profile().notes(0).author_name(), "李娜");
    EXPECT_GT(n->customer_profile().notes(0).at_ms(), 0);
    // A supervisor writes notes too.
    auto s = sup.request(add_note(id, "注意退货风险"));
    ASSERT_TRUE(s && s->has_customer_profile());
    EXPECT_EQ(s->customer_profile().notes_size(), 2);
    EXPECT_EQ(s->customer_profile().notes(0).text(), "注意退货风险");  // newest first
    // The buyer can neither read nor edit the record.
    auto denied = buyer.request(edit_tags(id, {"x"}, {}));
    ASSERT_TRUE(denied && denied->has_error());
    EXPECT_EQ(denied->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
    ASSERT_TRUE(agent.request(close_chat(id)));
  }
  // Restarted on the same store: the edits are there, and the closed chat is history.
  test_server srv(tools_config(dir.path()));
  auto agent = srv.connect_agent("li.na");
  auto buyer = srv.connect(srv.visitor_token("c-1"));
  const auto next = buyer.request(start_from_order("o-9"))->conversation_started()
                        .conversation().conversation_id();
  auto assigned = agent.receive_until(is_assigned);
  ASSERT_TRUE(assigned);
  const auto& p = assigned->assigned().profile();
  EXPECT_EQ(tags_of(p), (std::vector<std::string>{"急单", "爱买鞋"}))
      << "[[customers]] must not overwrite what agents edited";
  EXPECT_EQ(p.notes_size(), 2);
  ASSERT_EQ(p.past_conversations_size(), 1);
  EXPECT_EQ(p.past_conversations(0).conversation_id(), id);
  EXPECT_EQ(p.past_conversations(0).agent_id(), "li.na");
  EXPECT_EQ(p.past_conversations(0).agent_display_name(), "李娜");
  EXPECT_NE(p.past_conversations(0).conversation_id(), next);
}

TEST(AgentTools, TagLimitsAreCheckedAtTheirEdgeAndARefusedEditChangesNothing) {
  temp_dir dir;
  auto cfg = tools_config(dir.path());
  cfg.shop.tools.max_tags_per_customer = 3;  // 老客户 + two more
  cfg.shop.tools.max_tag_chars = 4;
  cfg.shop.tools.max_note_chars = 5;
  test_server srv(cfg);
  auto agent = srv.connect_agent("li.na");
  auto buyer = srv.connect(srv.visitor_token("c-1"));
  const auto id = buyer.request(start_from_order("o-9"))->conversation_started()
                      .conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until(is_assigned));

  auto four_chars = agent.request(edit_tags(id, {"一二三四"}, {}));
  ASSERT_TRUE(four_chars && four_chars->has_customer_profile());
  auto five_chars = agent.request(edit_tags(id, {"一二三四五"}, {}));
  ASSERT_TRUE(five_chars && five_chars->has_error());
  EXPECT_EQ(five_chars->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  auto third = agent.request(edit_tags(id, {"三"}, {}));
  ASSERT_TRUE(third && third->has_customer_profile());
  EXPECT_EQ(third->customer_profile().tags_size(), 3);
  auto fourth = agent.request(edit_tags(id, {"四"}, {}));
  ASSERT_TRUE(fourth && fourth->has_error());
  EXPECT_EQ(fourth->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  auto profile = agent.request(fetch_profile(id));
  ASSERT_TRUE(profile && profile->has_customer_profile());
  EXPECT_EQ(tags_of(profile->customer_profile()),
            (std::vector<std::string>{"一二三四", "三", "老客户"}));  // sorted

  EXPECT_TRUE(agent.request(add_note(id, "12345"))->has_customer_profile());
  auto long_note = agent.request(add_note(id, "123456"));
  ASSERT_TRUE(long_note && long_note->has_error());
  EXPECT_EQ(long_note->error().code(), v1::ERROR_CODE_TEXT_TOO_LONG);
}

TEST(AgentTools, PhrasesAreFilledFromTheConversationAndAgentsManageTheirOwn) {
  temp_dir dir;
  auto cfg = tools_config(dir.path());
  cfg.shop.tools.max_phrases_per_agent = 2;
  cfg.shop.tools.delivery_days = 3;
  test_server srv(cfg);
  auto agent = srv.connect_agent("li.na");
  auto buyer = srv.connect(srv.visitor_token("c-1"));
  const auto id = buyer.request(start_from_order("o-9"))->conversation_started()
                      .conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until(is_assigned));

  auto list = agent.request(fetch_phrases(id));
  ASSERT_TRUE(list && list->has_quick_phrases());
  const auto* hi = phrase(list->quick_phrases(), "hi");
  ASSERT_TRUE(hi);
  EXPECT_TRUE(hi->owner_id().empty());
  EXPECT_EQ(hi->text(), "{customer_name}您好，我是{agent_name}");
  EXPECT_EQ(hi->rendered(), "王小姐您好，我是李娜");
  const auto* wl = phrase(list->quick_phrases(), "wl");
  ASSERT_TRUE(wl);
  EXPECT_EQ(wl->rendered().rfind("订单o-9已发货，预计", 0), 0u) << wl->rendered();
  EXPECT_EQ(wl->rendered().find("{eta}"), std::string::npos) << "a shipped order has an ETA";

  // Own phrases: validated, limited, kept apart from the shop's.
  auto bad = agent.request(save_phrase("x", "您好 {nickname}"));
  ASSERT_TRUE(bad && bad->has_error());
  EXPECT_EQ(bad->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_NE(bad->error().detail().find("nickname"), std::string::npos);
  auto first = agent.request(save_phrase("gm", "{customer_name}早上好"));
  ASSERT_TRUE(first && first->has_quick_phrases()) << (first ? first->DebugString() : "");
  const auto* gm = phrase(first->quick_phrases(), "gm");
  ASSERT_TRUE(gm);
  EXPECT_EQ(gm->owner_id(), "li.na");
  EXPECT_FALSE(gm->id().empty());
  auto same = agent.request(save_phrase("gm", "again"));
  ASSERT_TRUE(same && same->has_error());
  EXPECT_EQ(same->error().code(), v1::ERROR_CODE_CONFLICT);
  ASSERT_TRUE(agent.request(save_phrase("gn", "晚安"))->has_quick_phrases());
  auto over = agent.request(save_phrase("g3", "第三条"));
  ASSERT_TRUE(over && over->has_error()) << "max_phrases_per_agent is 2";
  EXPECT_EQ(over->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  // A shop phrase is read-only.
  auto shop = agent.request(save_phrase("hi", "mine now", "shop-hi"));
  ASSERT_TRUE(shop && shop->has_error());
  EXPECT_EQ(shop->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  // Updating keeps the id; the rendered list now has it filled for this conversation.
  ASSERT_TRUE(agent.request(save_phrase("gm", "{customer_name}早安", gm->id()))
                  ->has_quick_phrases());
  auto again = agent.request(fetch_phrases(id));
  ASSERT_TRUE(again && again->has_quick_phrases());
  EXPECT_EQ(phrase(again->quick_phrases(), "gm")->rendered(), "王小姐早安");
  // Sending a phrase is a normal message.
  auto sent = agent.request(send_text(id, "p-1", phrase(again->quick_phrases(), "gm")->rendered()));
  ASSERT_TRUE(sent && sent->has_send_ack());

  v1::ClientEnvelope del;
  del.mutable_delete_quick_phrase()->set_id(gm->id());
  auto deleted = agent.request(del);
  ASSERT_TRUE(deleted && deleted->has_quick_phrases());
  EXPECT_EQ(phrase(deleted->quick_phrases(), "gm"), nullptr);
  auto gone = agent.request(del);
  ASSERT_TRUE(gone && gone->has_error());
  EXPECT_EQ(gone->error().code(), v1::ERROR_CODE_NOT_FOUND);
  // Another agent's own phrases are not visible to li.na and vice versa; they survive restart.
  srv.stop();
  test_server again_srv(cfg);
  auto agent2 = again_srv.connect_agent("li.na");
  auto after = agent2.request(fetch_phrases(0));
  ASSERT_TRUE(after && after->has_quick_phrases());
  EXPECT_TRUE(phrase(after->quick_phrases(), "gn"));
  EXPECT_TRUE(phrase(after->quick_phrases(), "hi"));
  EXPECT_TRUE(phrase(after->quick_phrases(), "gn")->rendered().empty());
}

TEST(AgentTools, SuggestionsAnswerTheBuyersLastMessageFromTheFaqAndThePhrases) {
  temp_dir dir;
  test_server srv(tools_config(dir.path()));
  auto agent = srv.connect_agent("li.na");
  auto buyer = srv.connect(srv.visitor_token("c-1"));
  const auto id = buyer.request(start_from_order("o-9"))->conversation_started()
                      .conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until(is_assigned));
  v1::ClientEnvelope ask;
  ask.mutable_fetch_suggestions()->set_conversation_id(id);
  auto none = agent.request(ask);
  ASSERT_TRUE(none && none->has_suggestions());
  EXPECT_EQ(none->suggestions().for_seq(), 0u);
  EXPECT_EQ(none->suggestions().suggestions_size(), 0);

  auto sent = buyer.request(send_text(id, "q1", "收到不喜欢的话能退吗"));
  ASSERT_TRUE(sent && sent->has_send_ack());
  auto s = agent.request(ask);
  ASSERT_TRUE(s && s->has_suggestions());
  EXPECT_EQ(s->suggestions().for_seq(), sent->send_ack().seq());
  ASSERT_GE(s->suggestions().suggestions_size(), 1);
  EXPECT_LE(s->suggestions().suggestions_size(), 3);
  EXPECT_EQ(s->suggestions().suggestions(0).id(), "shop-th");
  EXPECT_EQ(s->suggestions().suggestions(0).source(), "phrase");

  buyer.request(send_text(id, "q2", "能开票不"));
  auto f = agent.request(ask);
  ASSERT_TRUE(f && f->has_suggestions());
  ASSERT_GE(f->suggestions().suggestions_size(), 1);
  EXPECT_EQ(f->suggestions().suggestions(0).source(), "faq");
  EXPECT_EQ(f->suggestions().suggestions(0).text(), "可以开电子发票");

  buyer.request(send_text(id, "q3", "我的快递到哪了"));
  auto o = agent.request(ask);
  ASSERT_TRUE(o && o->has_suggestions());
  ASSERT_GE(o->suggestions().suggestions_size(), 1);
  EXPECT_EQ(o->suggestions().suggestions(0).source(), "order_status");
  EXPECT_NE(o->suggestions().suggestions(0).text().find("ZT1"), std::string::npos);

  // Not this agent's conversation: refused.
  auto other = srv.connect(srv.staff_token(gateway::role::agent, "someone-else"));
  auto refused = other.request(ask);
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
}

}  // namespace
}  // namespace fenliu::testing
