// Frames agents (and supervisors acting as agents) send: state, offers, close, transfer, profile.
#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

bool serves(const request_context& ctx, store::conversation_id id) {
  auto c = ctx.svc.hub.conversation(id);
  return c && c->agent == ctx.who().subject;
}

}  // namespace

void set_agent_state(const request_context& ctx, const requests::set_agent_state& req) {
  ctx.svc.router.post(router::event::agent_state_set{ctx.who().subject, req.state, "set_by_agent"});
  ctx.ok();
}

void accept_offer(const request_context& ctx, const requests::accept_offer& req) {
  // The router checks that the offer is still this agent's; a stale accept changes nothing.
  ctx.svc.router.post(router::event::offer_accepted{req.conversation, ctx.who().subject});
  ctx.ok();
}

void decline_offer(const request_context& ctx, const requests::decline_offer& req) {
  ctx.svc.router.post(router::event::offer_declined{req.conversation, ctx.who().subject});
  ctx.ok();
}

void close_conversation(const request_context& ctx, const requests::close_conversation& req) {
  if (!serves(ctx, req.conversation) && ctx.who().role_ != role::supervisor) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  ctx.svc.router.post(router::event::conversation_closed{req.conversation, ctx.who().subject});
  ctx.ok();
}

asio::awaitable<void> mark_awaiting_logistics(request_context ctx,
                                              requests::mark_awaiting_logistics req) {
  auto c = ctx.svc.hub.conversation(req.conversation);
  if (!c) {
    ctx.fail(error_code::not_found, "no such open conversation");
    co_return;
  }
  if (c->agent != ctx.who().subject) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    co_return;
  }
  if (c->state != store::conversation_state::active) {
    ctx.fail(error_code::conflict, "only an active conversation waits on logistics");
    co_return;
  }
  ctx.svc.router.post(router::event::awaiting_logistics{req.conversation});
  ctx.ok();
}

void transfer(const request_context& ctx, const requests::transfer& req) {
  const auto id = req.conversation;
  if (!ctx.svc.hub.conversation(id)) {
    ctx.fail(error_code::not_found, "no such open conversation");
    return;
  }
  if (!req.forced && !serves(ctx, id)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  router::event::transfer_requested ev;
  ev.conversation = id;
  ev.note = req.note;
  ev.by = ctx.who().subject;
  ev.target = req.target;
  ctx.svc.router.post(std::move(ev));
  ctx.svc.metrics.transfer();
  ctx.ok();
}

}  // namespace fenliu::gateway::handlers
