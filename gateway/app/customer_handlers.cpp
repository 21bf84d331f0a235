// Frames only customers send: start, leave a message, leave the queue, rate.
#include <algorithm>
#include <utility>

#include "gateway/app/bot_actions.hpp"
#include "gateway/app/classifier.hpp"
#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

void reply_started(const request_context& ctx, const conversation_entry& c, bool resumed) {
  auto info = info_of(c);
  ctx.svc.orders.describe_entry(info);  // the entry card in the widget's header
  ctx.reply(encode_conversation_started(ctx.request_id, info, resumed));
}

asio::awaitable<void> send_first_text(const request_context& ctx, store::conversation_id id,
                                      const requests::start_conversation& req) {
  if (!req.first_text.empty()) {
    co_await store_message(ctx, id, req.client_msg_id, text_content(req.first_text), false, 0);
  }
}

bool is_vip(const shop_config& shop, const std::string& customer) {
  return std::find(shop.vip_customers.begin(), shop.vip_customers.end(), customer) !=
         shop.vip_customers.end();
}

store::conversation_record new_record(const shop_config& shop, const std::string& customer,
                                      const entry_context& entry, const classification& cls) {
  store::conversation_record rec;
  rec.shop_id = shop.id;
  rec.customer_id = customer;
  rec.stage = to_store_stage(cls.stage);
  rec.state = store::conversation_state::queued;
  rec.priority = is_vip(shop, customer) ? 1 : 0;
  rec.entry_page = entry.page_type;
  rec.entry_product_id = entry.product_id;
  rec.entry_order_id = entry.order_id;
  rec.created_at = rec.queued_at = rec.updated_at = now_ms();
  return rec;
}

// The buyer's profile raises the priority (VIP tag) and names the agent who served last
// (sticky routing).
void apply_profile(const store::customer_row& profile, store::conversation_record& rec,
                   router::event::conversation_requested& ask) {
  rec.priority = std::max(rec.priority, profile.vip || profile.vip_level > 0 ? 1 : 0);
  if (!profile.last_agent_id.empty()) {
    ask.previous_agent = profile.last_agent_id;
    ask.previous_served_at = profile.last_served_at;
  }
}

// The customer's open conversation: the hub's, or the one a concurrent start of the same
// customer is creating (waited for). nullopt: this start creates it and must finish() it;
// failed: the concurrent creation failed and this request was answered.
struct existing_conversation {
  std::optional<conversation_entry> entry;
  bool failed = false;
};

asio::awaitable<existing_conversation> find_or_join(const request_context& ctx,
                                                    const std::string& customer) {
  auto& svc = ctx.svc;
  if (auto open = svc.hub.open_conversation_of(customer)) {
    co_return existing_conversation{std::move(open), false};
  }
  auto [step, ec, joined] =
      co_await async_callback<pending_starts::outcome, std::error_code, conversation_entry>(
          [&](auto resume) { svc.starts.begin(customer, svc.hub, std::move(resume)); },
          use_nothrow);
  switch (step) {
    case pending_starts::outcome::create:
      co_return existing_conversation{};
    case pending_starts::outcome::exists:
      co_return existing_conversation{svc.hub.open_conversation_of(customer), false};
    case pending_starts::outcome::joined:
      break;
  }
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable, "could not create the conversation");
  } else {
    co_return existing_conversation{std::move(joined), false};
  }
  co_return existing_conversation{std::nullopt, true};
}

}  // namespace

asio::awaitable<void> start_conversation(request_context ctx, requests::start_conversation req) {
  auto& svc = ctx.svc;
  const std::string customer = ctx.who().subject;
  auto existing = co_await find_or_join(ctx, customer);
  if (existing.failed) {
    co_return;
  }
  if (existing.entry) {
    if (existing.entry->state == store::conversation_state::abandoned) {
      svc.router.post(router::event::customer_returned{existing.entry->id});
    }
    reply_started(ctx, *existing.entry, true);
    co_await send_first_text(ctx, existing.entry->id, req);
    co_return;
  }

  // This start creates the conversation. Classify it, read the profile (VIP tag, who served
  // this buyer last), store the row, then hand it to the router.
  // One snapshot of the reloadable sections for the whole start (keyword rules, VIP list).
  const auto shop = svc.live.get();
  auto cls = classify(*shop, svc.orders, customer, req.requested_stage, req.entry,
                      req.first_text, now_ms());
  auto rec = new_record(*shop, customer, req.entry, cls);
  // A bot_first stage: the bot answers first; the router sees the chat only at handover.
  if (bot::starts_with_bot(svc, cls.stage)) {
    rec.state = store::conversation_state::bot;
  }
  router::event::conversation_requested ask;
  ask.customer = customer;
  ask.stage_ = cls.stage;
  // The whole record in one read: the router needs the VIP level and the last agent, and the
  // record is cached so that the Offer and Assigned carry it.
  auto [profile_ec, file] = co_await async_store<store::customer_file>(
      [&](auto done) {
        svc.store.customer_file_of(customer, 0, svc.customers.limits(), std::move(done));
      },
      use_nothrow);
  if (!profile_ec) {
    apply_profile(file.customer, rec, ask);
    svc.customers.put(svc.customers.make(std::move(file)));
  }
  ask.priority = rec.priority;
  if (rec.priority > 0) {
    apply_vip(*shop, cls);
  }
  ask.required_skills = cls.required_skills;
  ask.optional_skills = cls.optional_skills;

  auto [ec, id] = co_await async_store<store::conversation_id>(
      [&](auto done) { return svc.store.create_conversation(rec, std::move(done)); }, use_nothrow);
  if (ec) {
    if (refused(ec)) {
      ctx.fail(error_code::overloaded, "store queue full");
    } else {
      ctx.fail(error_code::store_unavailable, "could not create the conversation");
    }
    svc.starts.finish(customer, ec, {});
    co_return;
  }
  conversation_entry c;
  c.id = id;
  c.customer = customer;
  c.stage = cls.stage;
  c.order_id = rec.entry_order_id;
  c.entry_page = rec.entry_page;
  c.entry_product_id = rec.entry_product_id;
  c.state = rec.state;
  c.created_at = rec.created_at;
  svc.hub.put_conversation(c);
  reply_started(ctx, c, false);
  ask.conversation = id;
  if (rec.state == store::conversation_state::bot) {
    svc.bot.enter(id, std::move(ask), rec.entry_order_id);
  } else {
    svc.router.post(std::move(ask));
  }
  // The creator's first text is stored before the waiters are woken, so it comes first.
  co_await send_first_text(ctx, id, req);
  svc.starts.finish(customer, {}, c);
}

asio::awaitable<void> leave_message(request_context ctx, requests::leave_message req) {
  auto& svc = ctx.svc;
  if (!svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    co_return;
  }
  store::left_message_row row{req.conversation, ctx.who().subject, req.text, req.contact, now_ms()};
  auto [ec, saved] = co_await async_store<bool>(
      [&](auto done) { return svc.store.save_left_message(row, std::move(done)); }, use_nothrow);
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
    co_return;
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "could not store the message");
    co_return;
  }
  svc.router.post(router::event::customer_chose_leave_message{req.conversation});
  // The text also goes into the conversation so the next shift's agent reads it in place.
  co_await store_message(ctx, req.conversation, "left-message", text_content(req.text), false, 0);
}

void leave_queue(const request_context& ctx, const requests::leave_queue& req) {
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  ctx.svc.router.post(router::event::customer_left{req.conversation});
  ctx.ok();
}

asio::awaitable<void> rate(request_context ctx, requests::rate req) {
  const auto rec = co_await readable_conversation(ctx, req.conversation);
  if (!rec) {
    co_return;
  }
  // The hub's state is the live one: the stored row may still be in the write queue right after
  // the close (a buyer who rates at once would be refused). The hub drops a conversation only
  // when it closes (open ones are restored into it at start-up): not there means closed.
  const auto live = ctx.svc.hub.conversation(req.conversation);
  const auto state = live ? live->state : store::conversation_state::closed;
  if (state != store::conversation_state::closed &&
      state != store::conversation_state::wrap_up) {
    ctx.fail(error_code::conflict, "rate a conversation after it closed");
    co_return;
  }
  store::rating_row row{req.conversation, req.stars, req.comment, now_ms()};
  auto [ec, saved] = co_await async_store<bool>(
      [&](auto done) { return ctx.svc.store.save_rating(row, std::move(done)); }, use_nothrow);
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable, "could not store the rating");
  } else {
    ctx.ok();
    announce_rating(ctx.svc, *rec, req.stars, req.comment);
  }
}

}  // namespace fenliu::gateway::handlers
