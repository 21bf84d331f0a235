// Frames that reach the bot: the buyer's 转人工 button.
#include "gateway/app/bot_actions.hpp"
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {

void request_human(const request_context& ctx, const v1::RequestHuman& req) {
  if (!ctx.svc.hub.may_access(req.conversation_id(), ctx.who(), true)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not your conversation");
    return;
  }
  bot::request_human(ctx.svc, req.conversation_id());
  ctx.ok();
}

}  // namespace fenliu::gateway::handlers
