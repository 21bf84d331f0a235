// Chat traffic: send (exactly-once through the store), typing, resume, history, recall.
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {
namespace {

constexpr std::int64_t recall_window_ms = 2 * 60 * 1000;  // 撤回 within two minutes

bool is_staff(role r) {
  return r != role::customer;
}

// Customers never see staff-only messages (whispers), neither live nor replayed.
void add_visible(const request_context& ctx, const store::stored_message& m,
                 v1::ServerEnvelope& env) {
  if (m.staff_only && !is_staff(ctx.who().role_)) {
    return;
  }
  to_v1(m, *env.mutable_message()->mutable_message());
  ctx.reply(encode(env));
}

void notify_router(services& svc, store::conversation_id id, const identity& sender) {
  if (sender.role_ == role::customer) {
    svc.router.post(router::event::customer_messaged{id});
  } else {
    svc.router.post(router::event::agent_replied{id, sender.subject});
  }
}

void send_ack(const request_context& ctx, store::conversation_id id,
              const std::string& client_msg_id, const store::append_result& r) {
  v1::ServerEnvelope ack;
  auto* a = ack.mutable_send_ack();
  a->set_conversation_id(id);
  a->set_client_msg_id(client_msg_id);
  a->set_seq(r.seq);
  a->set_duplicate(r.duplicate);
  a->set_sent_at_ms(r.created_at);
  ctx.reply(ack);
}

}  // namespace

void store_message(const request_context& ctx, store::conversation_id id,
                   const std::string& client_msg_id, const v1::MessageContent& content,
                   bool staff_only, std::int64_t client_time_ms) {
  store::new_message m;
  m.conversation = id;
  m.role = to_sender_role(ctx.who().role_);
  m.sender_id = ctx.who().subject;
  m.client_msg_id = client_msg_id;
  m.kind = static_cast<int>(content.content_case());
  m.payload = content.SerializeAsString();
  m.staff_only = staff_only;
  m.recalls_seq = content.has_recall() ? content.recall().recalled_seq() : 0;
  m.created_at = now_ms();

  // The delivery frame is built after the commit, on the store's writer thread; fan-out from
  // that one thread keeps every recipient's frames in seq order.
  auto on_commit = [ctx, id, client_msg_id, staff_only, content, client_time_ms](
                       std::error_code ec, store::append_result r) {
    if (ec) {
      ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE,
               "message not stored; resend with the same client_msg_id");
      return;
    }
    if (r.duplicate) {
      // Delivered when first stored; a receiver that missed it resumes from its last seq.
      send_ack(ctx, id, client_msg_id, r);
      return;
    }
    v1::ServerEnvelope env;
    auto* delivery = env.mutable_message();
    delivery->set_client_time_ms(client_time_ms);
    auto* msg = delivery->mutable_message();
    msg->set_conversation_id(id);
    msg->set_seq(r.seq);
    msg->set_sender_role(to_v1(ctx.who().role_));
    msg->set_sender_id(ctx.who().subject);
    msg->set_client_msg_id(client_msg_id);
    msg->set_sent_at_ms(r.created_at);
    *msg->mutable_content() = content;
    msg->set_visibility(staff_only ? v1::VISIBILITY_STAFF_ONLY : v1::VISIBILITY_ALL);
    // Fan out before the ack: once a sender holds its ack, every recipient has the message
    // queued ahead of anything that follows (a shutdown's close frame included).
    ctx.svc.hub.fan_out(id, encode(env), staff_only, ctx.self.get());
    if (!staff_only) {
      notify_router(ctx.svc, id, ctx.who());
    }
    send_ack(ctx, id, client_msg_id, r);
  };
  if (ctx.svc.store.append(std::move(m), std::move(on_commit))) {
    ctx.fail(v1::ERROR_CODE_OVERLOADED, "store queue full; resend with the same client_msg_id");
  }
}

void send_message(const request_context& ctx, const v1::SendMessage& req) {
  auto c = ctx.svc.hub.conversation(req.conversation_id());
  // A supervisor coaches the agent with whispers without joining the chat: reading rights are
  // enough for a message the customer never sees. Speaking to the customer needs a barge.
  const bool coaching = req.whisper() && ctx.who().role_ == role::supervisor;
  if (!c || !ctx.svc.hub.may_access(req.conversation_id(), ctx.who(), !coaching)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not a participant of this conversation");
    return;
  }
  if (c->state == store::conversation_state::closed ||
      c->state == store::conversation_state::wrap_up) {
    ctx.fail(v1::ERROR_CODE_CONVERSATION_CLOSED, "conversation closed; start a new one");
    return;
  }
  store_message(ctx, req.conversation_id(), req.client_msg_id(), req.content(), req.whisper(),
                req.client_time_ms());
}

void typing(const request_context& ctx, const v1::Typing& req) {
  if (!ctx.svc.hub.may_access(req.conversation_id(), ctx.who(), true)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not a participant of this conversation");
    return;
  }
  v1::ServerEnvelope env;
  auto* t = env.mutable_typing();
  t->set_conversation_id(req.conversation_id());
  t->set_role(to_v1(ctx.who().role_));
  t->set_sender_id(ctx.who().subject);
  t->set_typing(req.typing());
  ctx.svc.hub.fan_out(req.conversation_id(), encode(env), false, ctx.self.get(),
                      delivery_class::ephemeral);
}

void with_readable_conversation(const request_context& ctx, store::conversation_id id,
                                std::function<void(const store::conversation_record&)> then) {
  ctx.svc.store.get_conversation(
      id, [ctx, then = std::move(then)](std::error_code ec, store::conversation_record rec) {
        if (ec == store::errc::not_found) {
          ctx.fail(v1::ERROR_CODE_NOT_FOUND, "no such conversation");
          return;
        }
        if (ec) {
          ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable");
          return;
        }
        const auto& who = ctx.who();
        const bool allowed = who.role_ == role::supervisor || who.role_ == role::qa ||
                             rec.customer_id == who.subject || rec.agent_id == who.subject ||
                             ctx.svc.hub.may_access(rec.id, who, false);
        if (!allowed) {
          ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not a participant of this conversation");
          return;
        }
        then(rec);
      });
}

void resume(const request_context& ctx, const v1::Resume& req) {
  with_readable_conversation(
      ctx, req.conversation_id(), [ctx, req](const store::conversation_record& rec) {
        v1::ServerEnvelope done;
        auto* result = done.mutable_resume_result();
        result->set_conversation_id(rec.id);
        to_v1(rec, *result->mutable_conversation());
        const auto batch = ctx.svc.config.limits.resume_batch_max;
        ctx.svc.store.read_after(
            rec.id, req.last_seq(), batch,
            [ctx, req, done](std::error_code ec, std::vector<store::stored_message> msgs) mutable {
              auto* result = done.mutable_resume_result();
              if (ec == store::errc::beyond_retention) {
                result->set_resync(true);
                ctx.reply(done);
                return;
              }
              if (ec) {
                ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable; retry");
                return;
              }
              v1::ServerEnvelope env;
              for (const auto& m : msgs) {
                env.Clear();
                add_visible(ctx, m, env);
              }
              // The client resumes again from to_seq while it is below conversation.last_seq.
              result->set_from_seq(msgs.empty() ? 0 : msgs.front().seq);
              result->set_to_seq(msgs.empty() ? req.last_seq() : msgs.back().seq);
              ctx.reply(done);
            });
      });
}

void fetch_history(const request_context& ctx, const v1::FetchHistory& req) {
  with_readable_conversation(
      ctx, req.conversation_id(), [ctx, req](const store::conversation_record&) {
        const auto max = ctx.svc.config.limits.history_page_max;
        const std::size_t limit = req.limit() == 0 ? max : std::min(req.limit(), max);
        ctx.svc.store.read_before(
            req.conversation_id(), req.before_seq(), limit + 1,
            [ctx, req, limit](std::error_code ec, std::vector<store::stored_message> msgs) {
              if (ec) {
                ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable; retry");
                return;
              }
              v1::ServerEnvelope env;
              auto* h = env.mutable_history();
              h->set_conversation_id(req.conversation_id());
              h->set_more(msgs.size() > limit);
              for (std::size_t i = 0; i < msgs.size() && i < limit; ++i) {
                if (!msgs[i].staff_only || is_staff(ctx.who().role_)) {
                  to_v1(msgs[i], *h->add_messages());
                }
              }
              ctx.reply(env);
            });
      });
}

void recall(const request_context& ctx, const v1::RecallMessage& req) {
  if (!ctx.svc.hub.may_access(req.conversation_id(), ctx.who(), true)) {
    ctx.fail(v1::ERROR_CODE_NOT_A_PARTICIPANT, "not a participant of this conversation");
    return;
  }
  // Look the original up: only the sender's own message, within the recall window.
  ctx.svc.store.read_after(
      req.conversation_id(), req.seq() - 1, 1,
      [ctx, req](std::error_code ec, std::vector<store::stored_message> msgs) {
        if (ec || msgs.empty() || msgs.front().seq != req.seq()) {
          ctx.fail(v1::ERROR_CODE_NOT_FOUND, "no such message");
          return;
        }
        const auto& original = msgs.front();
        if (original.sender_id != ctx.who().subject || original.recalled ||
            now_ms() - original.created_at > recall_window_ms) {
          ctx.fail(v1::ERROR_CODE_RECALL_NOT_ALLOWED, "only your own message, within 2 minutes");
          return;
        }
        v1::MessageContent content;
        content.mutable_recall()->set_recalled_seq(req.seq());
        store_message(ctx, req.conversation_id(), req.client_msg_id(), content, false, 0);
      });
}

}  // namespace fenliu::gateway::handlers
