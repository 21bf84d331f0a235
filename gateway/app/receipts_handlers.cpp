// Read receipts (MarkRead / ReadReceipt), and the stored context around a conversation: the
// transfer note, the rating and the marks a reconnecting page needs (part "receipts").
#include <algorithm>

#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {

asio::awaitable<void> mark_read(request_context ctx, requests::mark_read req) {
  const auto rec = co_await readable_conversation(ctx, req.conversation);
  if (!rec) {
    co_return;
  }
  if (req.seq > rec->last_seq) {
    ctx.fail(error_code::invalid_argument, "seq is after the conversation's last message");
    co_return;
  }
  const auto& who = ctx.who();
  store::read_mark_row row{req.conversation, who.subject, to_sender_role(who.role_), req.seq,
                           now_ms()};
  auto [ec, stored] = co_await async_store<store::seq_t>(
      [&](auto done) { return ctx.svc.store.save_read_mark(row, std::move(done)); }, use_nothrow);
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full; retry");
    co_return;
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "read mark not stored; retry");
    co_return;
  }
  ctx.ok();
  if (stored == req.seq) {
    // Moved forward (or repeated): the other side, and this reader's other pages, learn it.
    // Ephemeral like typing: a backed-up receiver skips it and reads the mark on resume.
    ctx.svc.hub.fan_out(req.conversation,
                        encode_read_receipt(req.conversation, who.role_, who.subject, stored),
                        false, ctx.self.get(), delivery_class::ephemeral);
  }
}

asio::awaitable<read_marks> marks_for(const request_context& ctx,
                                      const store::conversation_record& rec) {
  auto [ec, rows] = co_await async_store<std::vector<store::read_mark_row>>(
      [&](auto done) { ctx.svc.store.read_marks_of(rec.id, std::move(done)); }, use_nothrow);
  read_marks out{};
  if (ec) {
    co_return out;  // the marks are a convenience: a resume does not fail for them
  }
  const auto& who = ctx.who();
  const bool customer = who.role_ == role::customer;
  for (const auto& r : rows) {
    if (r.reader_id == who.subject) {
      out.mine = std::max(out.mine, r.last_read_seq);
    } else if (customer ? r.role == store::sender_role::agent
                        : r.role == store::sender_role::customer) {
      // A buyer's "read" means an agent read it (a monitoring supervisor stays invisible); an
      // agent's means the buyer did.
      out.peer = std::max(out.peer, r.last_read_seq);
    }
  }
  co_return out;
}

asio::awaitable<void> send_stored_note(const request_context& ctx,
                                       const store::conversation_record& rec) {
  // The hub holds the live state (the stored row may still be in the write queue).
  const auto live = ctx.svc.hub.conversation(rec.id);
  conversation_info info = live ? info_of(*live) : info_of(rec);
  if (ctx.who().role_ == role::customer || info.agent.empty()) {
    co_return;
  }
  // The hub's copy first (the stored one may still be queued); after a restart, the store's.
  std::string note = live ? live->transfer_note : std::string{};
  if (note.empty()) {
    auto [ec, stored] = co_await async_store<std::string>(
        [&](auto done) { ctx.svc.store.transfer_note_of(rec.id, std::move(done)); }, use_nothrow);
    if (ec || stored.empty()) {
      co_return;
    }
    note = std::move(stored);
  }
  // An Assigned answering the Resume (same request_id): the reconnecting agent's page shows the
  // note again. Not a new assignment: the page tells them apart by the request_id.
  info.last_seq = rec.last_seq;
  std::string name = info.agent;
  const auto shop = ctx.svc.live.get();
  for (const auto& a : shop->agents) {
    if (a.id == info.agent) {
      name = a.display_name;
    }
  }
  auto frame = encode_assigned(info, name, note);
  // Re-stamp with the request id: encode_assigned builds a push.
  ctx.reply(with_request_id(frame, ctx.request_id));
}

void announce_rating(services& svc, const store::conversation_record& rec, int stars,
                     const std::string& comment) {
  auto frame =
      encode_conversation_rated(rec.id, static_cast<std::uint32_t>(stars), comment);
  const auto live = svc.hub.conversation(rec.id);
  const std::string agent = live && !live->agent.empty() ? live->agent : rec.agent_id;
  if (!agent.empty()) {
    svc.hub.send_to(agent, frame);
  }
  svc.hub.send_to_board(frame);
}

void remember_transfer_note(services& svc, store::conversation_id id, const std::string& note) {
  if (note.empty()) {
    return;
  }
  (void)svc.store.save_transfer_note(id, note);
}

asio::awaitable<transcript_context> transcript_context_of(const request_context& ctx,
                                                          store::conversation_id id) {
  transcript_context out;
  {
    auto [ec, rating] = co_await async_store<store::rating_row>(
        [&](auto done) { ctx.svc.store.rating_of(id, std::move(done)); }, use_nothrow);
    if (!ec) {
      out.rating_stars = static_cast<std::uint32_t>(rating.stars);
      out.rating_comment = std::move(rating.comment);
    }
  }
  auto [ec, note] = co_await async_store<std::string>(
      [&](auto done) { ctx.svc.store.transfer_note_of(id, std::move(done)); }, use_nothrow);
  if (!ec) {
    out.transfer_note = std::move(note);
  }
  if (const auto live = ctx.svc.hub.conversation(id); live && !live->transfer_note.empty()) {
    out.transfer_note = live->transfer_note;  // newer than a stored one still in the queue
  }
  co_return out;
}

}  // namespace fenliu::gateway::handlers
