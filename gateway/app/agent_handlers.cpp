// Frames agents (and supervisors acting as agents) send: state, offers, close, transfer, profile.
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {
namespace {

bool serves(const request_context& ctx, store::conversation_id id) {
  auto c = ctx.svc.hub.conversation(id);
  return c && c->agent == ctx.who().subject;
}

}  // namespace

void fill_info(const conversation_entry& c, v1::ConversationInfo& out) {
  out.set_conversation_id(c.id);
  out.set_stage(to_v1(c.stage));
  out.set_state(to_v1(c.state));
  out.set_customer_id(c.customer);
  out.set_agent_id(c.agent);
  out.set_created_at_ms(c.created_at);
}

void set_agent_state(const request_context& ctx, const v1::SetAgentState& req) {
  ctx.svc.router.post(router::event::agent_state_set{ctx.who().subject,
                                                     *from_v1(req.state()), "set_by_agent"});
  ctx.ok();
}

void accept_offer(const request_context& ctx, const v1::AcceptOffer& req) {
  // The router checks that the offer is still this agent's; a stale accept changes nothing.
  ctx.svc.router.post(router::event::offer_accepted{req.conversation_id(), ctx.who().subject});
  ctx.ok();
}

void decline_offer(const request_context& ctx, const v1::DeclineOffer& req) {
  ctx.svc.router.post(router::event::offer_declined{req.conversation_id(), ctx.who().subject});
  ctx.ok();
}

void close_conversation(const request_context& ctx, const v1::CloseConversation& req) {
  if (!serves(ctx, req.conversation_id()) && ctx.who().role_ != role::supervisor) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not your conversation");
    return;
  }
  ctx.svc.router.post(
      router::event::conversation_closed{req.conversation_id(), ctx.who().subject});
  ctx.ok();
}

void transfer(const request_context& ctx, store::conversation_id id,
              const v1::TransferTarget& target, const std::string& note, bool forced) {
  if (!ctx.svc.hub.conversation(id)) {
    ctx.fail(v1::ERROR_CODE_NOT_FOUND, "no such open conversation");
    return;
  }
  if (!forced && !serves(ctx, id)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not your conversation");
    return;
  }
  router::event::transfer_requested ev;
  ev.conversation = id;
  ev.note = note;
  ev.by = ctx.who().subject;
  switch (target.target_case()) {
    case v1::TransferTarget::kStage:
      ev.target.to_stage = from_v1(target.stage());
      break;
    case v1::TransferTarget::kSkill:
      ev.target.to_skill = target.skill();
      break;
    case v1::TransferTarget::kAgentId:
      ev.target.to_agent = target.agent_id();
      break;
    case v1::TransferTarget::TARGET_NOT_SET:
      break;
  }
  ctx.svc.router.post(std::move(ev));
  ctx.ok();
}

void fetch_profile(const request_context& ctx, const v1::FetchCustomerProfile& req) {
  if (!ctx.svc.hub.may_access(req.conversation_id(), ctx.who(), false)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not your conversation");
    return;
  }
  const auto customer = ctx.svc.hub.conversation(req.conversation_id())->customer;
  ctx.svc.store.get_customer(customer, [ctx, customer](std::error_code,
                                                       store::customer_row row) {
    ctx.svc.store.orders_of(customer, [ctx, customer, row](std::error_code,
                                                           std::vector<store::order_row> orders) {
      v1::ServerEnvelope env;
      auto* p = env.mutable_customer_profile();
      p->set_customer_id(customer);
      p->set_display_name(row.display_name);
      p->set_vip(row.vip);
      for (const auto& t : row.tags) {
        p->add_tags(t);
      }
      for (const auto& o : orders) {
        auto* card = p->add_orders();
        card->set_order_id(o.id);
        card->set_status(o.status);
        card->set_total_cents(o.total_cents);
        for (const auto& item : o.items) {
          auto* i = card->add_items();
          i->set_product_id(item.product_id);
          i->set_title(item.title);
          i->set_quantity(static_cast<std::uint32_t>(item.quantity));
          i->set_price_cents(item.price_cents);
        }
      }
      ctx.reply(env);
    });
  });
}

}  // namespace fenliu::gateway::handlers
