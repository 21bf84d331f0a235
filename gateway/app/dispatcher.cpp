#include "gateway/app/dispatcher.hpp"

#include "gateway/app/handlers.hpp"

namespace fenliu::gateway {

void dispatch(services& svc, const std::shared_ptr<session_sink>& self,
              const v1::ClientEnvelope& env) {
  using body = v1::ClientEnvelope::BodyCase;
  const request_context ctx{svc, self, env.request_id()};
  switch (env.body_case()) {
    case body::kPing: {
      v1::ServerEnvelope out;
      out.mutable_pong()->set_client_time_ms(env.ping().client_time_ms());
      out.mutable_pong()->set_server_time_ms(now_ms());
      ctx.reply(out);
      return;
    }
    case body::kResume:
      return handlers::resume(ctx, env.resume());
    case body::kTyping:
      return handlers::typing(ctx, env.typing());
    case body::kSendMessage:
      return handlers::send_message(ctx, env.send_message());
    case body::kStartConversation:
      return handlers::start_conversation(ctx, env.start_conversation());
    case body::kLeaveMessage:
      return handlers::leave_message(ctx, env.leave_message());
    case body::kLeaveQueue:
      return handlers::leave_queue(ctx, env.leave_queue());
    case body::kRate:
      return handlers::rate(ctx, env.rate());
    case body::kRequestHuman:
      return handlers::request_human(ctx, env.request_human());
    case body::kSetAgentState:
      return handlers::set_agent_state(ctx, env.set_agent_state());
    case body::kAcceptOffer:
      return handlers::accept_offer(ctx, env.accept_offer());
    case body::kDeclineOffer:
      return handlers::decline_offer(ctx, env.decline_offer());
    case body::kCloseConversation:
      return handlers::close_conversation(ctx, env.close_conversation());
    case body::kTransfer:
      return handlers::transfer(ctx, env.transfer().conversation_id(), env.transfer().target(),
                                env.transfer().note(), false);
    case body::kRecall:
      return handlers::recall(ctx, env.recall());
    case body::kFetchHistory:
      return handlers::fetch_history(ctx, env.fetch_history());
    case body::kFetchProfile:
      return handlers::fetch_profile(ctx, env.fetch_profile());
    case body::kSubscribeBoard:
      return handlers::subscribe_board(ctx, env.subscribe_board());
    case body::kMonitor:
      return handlers::monitor(ctx, env.monitor());
    case body::kBarge:
      return handlers::barge(ctx, env.barge());
    case body::kForceTransfer:
      return handlers::transfer(ctx, env.force_transfer().conversation_id(),
                                env.force_transfer().target(), env.force_transfer().note(), true);
    case body::kForceAgentState:
      return handlers::force_agent_state(ctx, env.force_agent_state());
    case body::kFetchDecisions:
      return handlers::fetch_decisions(ctx, env.fetch_decisions());
    case body::kFetchQaSample:
      return handlers::fetch_qa_sample(ctx, env.fetch_qa_sample());
    case body::kFetchTranscript:
      return handlers::fetch_transcript(ctx, env.fetch_transcript());
    case body::kSubmitQaReview:
      return handlers::submit_qa_review(ctx, env.submit_qa_review());
    case body::BODY_NOT_SET:
      break;
  }
  // The protocol layer refuses empty bodies; reaching here means a new case was not wired.
  ctx.fail(v1::ERROR_CODE_UNKNOWN_FRAME, "frame not handled");
}

void on_session_attached(services& svc, const std::shared_ptr<session_sink>& self) {
  const auto& who = self->who();
  v1::ServerEnvelope env;
  auto* w = env.mutable_welcome();
  w->set_role(to_v1(who.role_));
  w->set_identity(who.subject);
  w->set_shop_id(who.shop_id);
  w->set_server_time_ms(now_ms());
  w->set_max_message_bytes(svc.config.limits.max_message_bytes);
  w->set_max_text_chars(svc.config.limits.max_text_chars);
  for (auto id : svc.hub.conversations_of(who.subject)) {
    w->add_open_conversations(id);
  }
  self->deliver(encode(env));
  if (who.role_ == role::agent || who.role_ == role::supervisor) {
    svc.router.post(router::event::agent_connected{who.subject});
  } else if (who.role_ == role::customer) {
    for (auto id : svc.hub.conversations_of(who.subject)) {
      svc.router.post(router::event::customer_returned{id});
    }
  }
}

void on_session_detached(services& svc, const session_sink& self, bool last_of_identity) {
  if (!last_of_identity || svc.shutting_down) {
    return;
  }
  const auto& who = self.who();
  if (who.role_ == role::agent || who.role_ == role::supervisor) {
    svc.router.post(router::event::agent_disconnected{who.subject});
  } else if (who.role_ == role::customer) {
    for (auto id : svc.hub.conversations_of(who.subject)) {
      auto c = svc.hub.conversation(id);
      if (c && c->state == store::conversation_state::queued) {
        svc.router.post(router::event::customer_left{id});
      }
    }
  }
}

}  // namespace fenliu::gateway
