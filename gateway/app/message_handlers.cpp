// Chat traffic: send (exactly-once through the store), typing, resume, history, recall.
#include <algorithm>

#include <fmt/format.h>

#include "gateway/app/bot_actions.hpp"
#include "gateway/app/handlers.hpp"
#include "gateway/app/image_messages.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

bool is_staff(role r) {
  return r != role::customer;
}

// Customers never see staff-only messages (whispers), neither live nor replayed.
bool visible_to(const identity& who, const store::stored_message& m) {
  return !m.staff_only || is_staff(who.role_);
}

// A customer never reads a recalled message's content again (resume, history): it reads a
// "recalled" notice in its place, still flagged `recalled`. Staff and QA read the original.
const store::stored_message& view_for(const identity& who, const store::stored_message& m,
                                      store::stored_message& scratch) {
  if (!m.recalled || is_staff(who.role_)) {
    return m;
  }
  scratch = m;
  auto marker = notice_content("recalled", "消息已撤回");
  scratch.kind = marker.kind;
  scratch.payload = std::move(marker.payload);
  return scratch;
}

}  // namespace

store::stored_message stored_form(const store::new_message& m) {
  store::stored_message out;
  out.conversation = m.conversation;
  out.role = m.role;
  out.sender_id = m.sender_id;
  out.client_msg_id = m.client_msg_id;
  out.kind = m.kind;
  out.payload = m.payload;
  out.staff_only = m.staff_only;
  out.recalls_seq = m.recalls_seq;
  return out;
}

namespace {

void notify_router(services& svc, store::conversation_id id, const identity& sender) {
  if (sender.role_ == role::customer) {
    svc.router.post(router::event::customer_messaged{id});
  } else {
    svc.router.post(router::event::agent_replied{id, sender.subject});
  }
}

// Runs on the store's writer thread, in commit order: fan-out from that one thread keeps every
// recipient's frames in seq order, whichever session sent them.
void publish(const request_context& ctx, store::stored_message m, const store::append_result& r,
             std::int64_t client_time_ms) {
  m.seq = r.seq;
  m.created_at = r.created_at;
  const bool staff_only = m.staff_only;
  ctx.svc.hub.fan_out(m.conversation, encode_message(m, client_time_ms), staff_only,
                      ctx.self.get());
  if (!staff_only) {
    notify_router(ctx.svc, m.conversation, ctx.who());
    if (ctx.who().role_ != role::customer) {
      ctx.svc.bot.on_reply(m.conversation, now_ms());  // the buyer's wait (a risk) ends
    }
  }
}

// The hub drops a conversation when its wrap-up ends; the store still knows it. Whoever took
// part in it (and supervisors, who read every conversation) learns that it is closed; anyone
// else, as for an unknown id, that it is not theirs. The stored state is not checked: the hub
// holds every open conversation, and the row's closed state may still be in the write queue.
asio::awaitable<void> refuse_send_outside_hub(const request_context& ctx,
                                              store::conversation_id id) {
  auto [ec, rec] = co_await async_store<store::conversation_record>(
      [&](auto done) { ctx.svc.store.get_conversation(id, std::move(done)); }, use_nothrow);
  const auto& who = ctx.who();
  const bool took_part = !ec && (rec.customer_id == who.subject || rec.agent_id == who.subject ||
                                 who.role_ == role::supervisor);
  if (took_part) {
    ctx.fail(error_code::conversation_closed, "conversation closed; start a new one");
  } else if (ec && ec != store::errc::not_found) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
  } else {
    ctx.fail(error_code::not_a_participant, "not a participant of this conversation");
  }
}

}  // namespace

asio::awaitable<void> store_message(const request_context& ctx, store::conversation_id id,
                                    std::string client_msg_id, message_content content,
                                    bool staff_only, std::int64_t client_time_ms) {
  store::new_message m;
  m.conversation = id;
  m.role = to_sender_role(ctx.who().role_);
  m.sender_id = ctx.who().subject;
  m.client_msg_id = client_msg_id;
  m.kind = content.kind;
  m.payload = std::move(content.payload);
  m.staff_only = staff_only;
  m.recalls_seq = content.recalls_seq;
  m.created_at = now_ms();
  // Push back before storing when a recipient is backed up: the sender resends later (same
  // client_msg_id), and a recipient that keeps reading is never closed as a slow consumer.
  std::vector<std::shared_ptr<session_sink>> reserved;
  if (!ctx.svc.hub.reserve_recipients(id, staff_only, ctx.self.get(), reserved)) {
    ctx.svc.metrics.error_sent(error_code::overloaded);
    ctx.self->deliver(encode_error(ctx.request_id, error_code::overloaded,
                                   "a recipient is catching up; resend with the same client_msg_id",
                                   ctx.svc.config.limits.overloaded_retry_ms));
    co_return;
  }
  auto stored = stored_form(m);

  auto [ec, r] = co_await async_store<store::append_result>(
      [&](auto done) {
        auto on_commit = [ctx, stored = std::move(stored), client_time_ms, done](
                             std::error_code ec, store::append_result r) mutable {
          // A duplicate was delivered when first stored; a receiver that missed it resumes from
          // its last seq.
          if (!ec && !r.duplicate) {
            publish(ctx, std::move(stored), r, client_time_ms);
          }
          done(ec, r);
        };
        return ctx.svc.store.append(std::move(m), std::move(on_commit));
      },
      use_nothrow);
  // The fan-out (if any) has queued or delivered the frame by now.
  for (const auto& s : reserved) {
    s->release_reservation();
  }
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full; resend with the same client_msg_id");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable,
             "message not stored; resend with the same client_msg_id");
  } else {
    // After the fan-out: once a sender holds its ack, every recipient has the message queued
    // ahead of anything that follows (a shutdown's close frame included).
    ctx.reply(encode_send_ack(ctx.request_id, id, client_msg_id, r));
    if (!r.duplicate) {
      ctx.svc.metrics.message_stored();
    }
    if (ctx.received != std::chrono::steady_clock::time_point{}) {
      ctx.svc.metrics.ack_latency_us(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(
              std::chrono::steady_clock::now() - ctx.received)
              .count()));
    }
    // The bot and the complaint-risk scorer read every new buyer text (off this strand).
    if (ctx.who().role_ == role::customer && !content.text.empty() && !r.duplicate) {
      bot::after_customer_text(ctx.svc, id, r.seq, std::move(content.text));
    }
  }
}

asio::awaitable<void> send_message(request_context ctx, requests::send_message req) {
  auto c = ctx.svc.hub.conversation(req.conversation);
  if (!c) {
    co_await refuse_send_outside_hub(ctx, req.conversation);
    co_return;
  }
  // A supervisor coaches the agent with whispers without joining the chat: reading rights are
  // enough for a message the customer never sees. Speaking to the customer needs a barge.
  const bool coaching = req.whisper && ctx.who().role_ == role::supervisor;
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), !coaching)) {
    ctx.fail(error_code::not_a_participant, "not a participant of this conversation");
    co_return;
  }
  if (c->state == store::conversation_state::closed ||
      c->state == store::conversation_state::wrap_up) {
    ctx.fail(error_code::conversation_closed, "conversation closed; start a new one");
    co_return;
  }
  // Cards are rebuilt from the stored shop data: what the client wrote in them is dropped.
  if (!rebuild_card(ctx, *c, req.content)) {
    co_return;
  }
  if (!co_await check_image_content(ctx, req.conversation, req.content)) {
    co_return;
  }
  co_await store_message(ctx, req.conversation, std::move(req.client_msg_id),
                         std::move(req.content), req.whisper, req.client_time_ms);
}

void typing(const request_context& ctx, const requests::typing& req) {
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not a participant of this conversation");
    return;
  }
  ctx.svc.hub.fan_out(
      req.conversation,
      encode_typing(req.conversation, ctx.who().role_, ctx.who().subject, req.typing), false,
      ctx.self.get(), delivery_class::ephemeral);
}

asio::awaitable<std::optional<store::conversation_record>> readable_conversation(
    const request_context& ctx, store::conversation_id id) {
  auto [ec, rec] = co_await async_store<store::conversation_record>(
      [&](auto done) { ctx.svc.store.get_conversation(id, std::move(done)); }, use_nothrow);
  if (ec == store::errc::not_found) {
    ctx.fail(error_code::not_found, "no such conversation");
    co_return std::nullopt;
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable");
    co_return std::nullopt;
  }
  const auto& who = ctx.who();
  const bool allowed = who.role_ == role::supervisor || who.role_ == role::qa ||
                       rec.customer_id == who.subject || rec.agent_id == who.subject ||
                       ctx.svc.hub.may_access(rec.id, who, false);
  if (!allowed) {
    ctx.fail(error_code::not_a_participant, "not a participant of this conversation");
    co_return std::nullopt;
  }
  co_return std::move(rec);
}

asio::awaitable<void> resume(request_context ctx, requests::resume req) {
  const auto rec = co_await readable_conversation(ctx, req.conversation);
  if (!rec) {
    co_return;
  }
  // One more than the batch tells whether the client must continue; it is not replayed now.
  const std::size_t batch = ctx.svc.config.limits.resume_batch_max;
  auto [ec, msgs] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        ctx.svc.store.read_after(rec->id, req.last_seq, batch + 1, std::move(done));
      },
      use_nothrow);
  if (ec == store::errc::beyond_retention) {
    const auto marks = co_await marks_for(ctx, *rec);
    ctx.reply(encode_resume_result(ctx.request_id, described(ctx.svc, *rec),
                                   {0, 0, true, false, marks.mine, marks.peer}));
    co_return;
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  const bool more = msgs.size() > batch;
  msgs.resize(std::min(msgs.size(), batch));
  store::stored_message scratch;
  for (const auto& m : msgs) {
    if (visible_to(ctx.who(), m)) {
      ctx.reply(encode_message(view_for(ctx.who(), m, scratch)));
    }
  }
  const auto marks = co_await marks_for(ctx, *rec);
  if (!more) {
    co_await send_stored_note(ctx, *rec);
  }
  // to_seq counts the messages this reader may not see too, so the next Resume skips them.
  const resume_outcome outcome{msgs.empty() ? 0 : msgs.front().seq,
                               msgs.empty() ? req.last_seq : msgs.back().seq,
                               false,
                               more,
                               marks.mine,
                               marks.peer};
  ctx.reply(encode_resume_result(ctx.request_id, described(ctx.svc, *rec), outcome));
}

asio::awaitable<void> fetch_history(request_context ctx, requests::fetch_history req) {
  if (!co_await readable_conversation(ctx, req.conversation)) {
    co_return;
  }
  const auto max = ctx.svc.config.limits.history_page_max;
  const std::size_t limit = req.limit == 0 ? max : std::min(req.limit, max);
  auto [ec, msgs] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        ctx.svc.store.read_before(req.conversation, req.before_seq, limit + 1, std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  const bool more = msgs.size() > limit;
  msgs.resize(std::min(msgs.size(), limit));
  std::erase_if(msgs, [&](const auto& m) { return !visible_to(ctx.who(), m); });
  store::stored_message scratch;
  for (auto& m : msgs) {
    if (&view_for(ctx.who(), m, scratch) == &scratch) {
      m = std::move(scratch);
    }
  }
  ctx.reply(encode_history(ctx.request_id, req.conversation, msgs, more));
}

asio::awaitable<void> recall(request_context ctx, requests::recall req) {
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not a participant of this conversation");
    co_return;
  }
  // Look the original up: only the sender's own message, within the recall window.
  auto [ec, msgs] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        ctx.svc.store.read_after(req.conversation, req.seq - 1, 1, std::move(done));
      },
      use_nothrow);
  if (ec || msgs.empty() || msgs.front().seq != req.seq) {
    ctx.fail(error_code::not_found, "no such message");
    co_return;
  }
  const auto& original = msgs.front();
  const std::int64_t window_s = ctx.svc.config.limits.recall_window_seconds;
  if (original.sender_id != ctx.who().subject || original.recalled ||
      now_ms() - original.created_at > window_s * 1000) {
    ctx.fail(error_code::recall_not_allowed,
             fmt::format("only your own message, within {} seconds", window_s));
    co_return;
  }
  co_await store_message(ctx, req.conversation, std::move(req.client_msg_id),
                         recall_content(req.seq), false, 0);
}

}  // namespace fenliu::gateway::handlers
