// Frames that reach the bot: the buyer's 转人工 button.
#include "gateway/app/bot_actions.hpp"
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {

void request_human(const request_context& ctx, const requests::request_human& req) {
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  bot::request_human(ctx.svc, req.conversation);
  ctx.ok();
}

}  // namespace fenliu::gateway::handlers
