#include "gateway/app/dispatcher.hpp"

#include "gateway/app/handlers.hpp"

namespace fenliu::gateway {

namespace {

// One overload per request: the handler of the same name. Ping is answered here.
struct run_handler {
  const request_context& ctx;

  void operator()(const requests::ping& r) const {
    ctx.reply(encode_pong(ctx.request_id, r.client_time_ms, now_ms()));
  }
  void operator()(const requests::resume& r) const { handlers::resume(ctx, r); }
  void operator()(const requests::typing& r) const { handlers::typing(ctx, r); }
  void operator()(const requests::send_message& r) const { handlers::send_message(ctx, r); }
  void operator()(const requests::start_conversation& r) const {
    handlers::start_conversation(ctx, r);
  }
  void operator()(const requests::leave_message& r) const { handlers::leave_message(ctx, r); }
  void operator()(const requests::leave_queue& r) const { handlers::leave_queue(ctx, r); }
  void operator()(const requests::rate& r) const { handlers::rate(ctx, r); }
  void operator()(const requests::set_agent_state& r) const {
    handlers::set_agent_state(ctx, r);
  }
  void operator()(const requests::accept_offer& r) const { handlers::accept_offer(ctx, r); }
  void operator()(const requests::decline_offer& r) const { handlers::decline_offer(ctx, r); }
  void operator()(const requests::close_conversation& r) const {
    handlers::close_conversation(ctx, r);
  }
  void operator()(const requests::transfer& r) const { handlers::transfer(ctx, r); }
  void operator()(const requests::recall& r) const { handlers::recall(ctx, r); }
  void operator()(const requests::fetch_history& r) const { handlers::fetch_history(ctx, r); }
  void operator()(const requests::fetch_profile& r) const { handlers::fetch_profile(ctx, r); }
  void operator()(const requests::subscribe_board& r) const {
    handlers::subscribe_board(ctx, r);
  }
  void operator()(const requests::monitor& r) const { handlers::monitor(ctx, r); }
  void operator()(const requests::barge& r) const { handlers::barge(ctx, r); }
  void operator()(const requests::force_agent_state& r) const {
    handlers::force_agent_state(ctx, r);
  }
  void operator()(const requests::fetch_decisions& r) const {
    handlers::fetch_decisions(ctx, r);
  }
  void operator()(const requests::fetch_qa_sample& r) const {
    handlers::fetch_qa_sample(ctx, r);
  }
  void operator()(const requests::fetch_transcript& r) const {
    handlers::fetch_transcript(ctx, r);
  }
  void operator()(const requests::submit_qa_review& r) const {
    handlers::submit_qa_review(ctx, r);
  }
};

}  // namespace

void dispatch(services& svc, const std::shared_ptr<session_sink>& self, client_frame frame) {
  const request_context ctx{svc, self, frame.request_id};
  std::visit(run_handler{ctx}, frame.body);
}

void on_session_attached(services& svc, const std::shared_ptr<session_sink>& self) {
  const auto& who = self->who();
  welcome_info w{who.role_,
                 who.subject,
                 who.shop_id,
                 now_ms(),
                 svc.config.limits.max_message_bytes,
                 svc.config.limits.max_text_chars,
                 svc.hub.conversations_of(who.subject)};
  self->deliver(encode_welcome(w));
  if (who.role_ == role::agent || who.role_ == role::supervisor) {
    svc.router.post(router::event::agent_connected{who.subject});
  } else if (who.role_ == role::customer) {
    for (auto id : w.open_conversations) {
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
