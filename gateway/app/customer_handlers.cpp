// Frames only customers send: start, leave a message, leave the queue, rate.
#include <algorithm>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "gateway/app/classifier.hpp"
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {
namespace {

void reply_started(const request_context& ctx, const conversation_entry& c, bool resumed) {
  ctx.reply(encode_conversation_started(ctx.request_id, info_of(c), resumed));
}

void send_first_text(const request_context& ctx, store::conversation_id id,
                     const requests::start_conversation& req) {
  if (req.first_text.empty()) {
    return;
  }
  store_message(ctx, id, req.client_msg_id, text_content(req.first_text), false, 0);
}

// Concurrent starts of one customer (two tabs, or a reconnect while the first start is still
// being stored) must end in one conversation: the first creates it, the others wait for it and
// get it back as resumed. Keyed by server too, since tests run several servers in one process.
class pending_starts {
 public:
  struct waiter {
    request_context ctx;
    requests::start_conversation req;
  };
  enum class outcome { create, wait, exists };

  outcome begin(const request_context& ctx, const requests::start_conversation& req) {
    std::lock_guard lock(mutex_);
    const key k{&ctx.svc, ctx.who().subject};
    if (auto it = waiting_.find(k); it != waiting_.end()) {
      it->second.push_back({ctx, req});
      return outcome::wait;
    }
    // Checked under this lock: a creation that finished has put its conversation in the hub
    // before leaving this map, so one of the two checks sees it.
    if (ctx.svc.hub.open_conversation_of(k.second)) {
      return outcome::exists;
    }
    waiting_.emplace(k, std::vector<waiter>{});
    return outcome::create;
  }

  std::vector<waiter> finish(const request_context& ctx) {
    std::lock_guard lock(mutex_);
    auto node = waiting_.extract(key{&ctx.svc, ctx.who().subject});
    return node ? std::move(node.mapped()) : std::vector<waiter>{};
  }

 private:
  using key = std::pair<const services*, std::string>;
  std::mutex mutex_;
  std::map<key, std::vector<waiter>> waiting_;
};

pending_starts& starts() {
  static pending_starts instance;
  return instance;
}

void fail_waiters(const request_context& ctx, error_code code, const std::string& detail) {
  for (const auto& w : starts().finish(ctx)) {
    w.ctx.fail(code, detail);
  }
}

bool is_vip(const shop_config& shop, const std::string& customer) {
  return std::find(shop.vip_customers.begin(), shop.vip_customers.end(), customer) !=
         shop.vip_customers.end();
}

}  // namespace

void start_conversation(const request_context& ctx, const requests::start_conversation& req) {
  auto& svc = ctx.svc;
  const std::string customer = ctx.who().subject;
  auto existing = svc.hub.open_conversation_of(customer);
  if (!existing) {
    const auto step = starts().begin(ctx, req);
    if (step == pending_starts::outcome::wait) {
      return;  // answered when the creation in flight finishes
    }
    if (step == pending_starts::outcome::exists) {
      existing = svc.hub.open_conversation_of(customer);
    }
  }
  if (existing) {
    if (existing->state == store::conversation_state::abandoned) {
      svc.router.post(router::event::customer_returned{existing->id});
    }
    reply_started(ctx, *existing, true);
    send_first_text(ctx, existing->id, req);
    return;
  }
  const entry_context& entry = req.entry;
  const auto cls = classify(svc.config.shop, svc.orders, customer, req.requested_stage, entry,
                            req.first_text);
  const auto now = now_ms();
  store::conversation_record rec;
  rec.shop_id = svc.config.shop.id;
  rec.customer_id = customer;
  rec.stage = to_store_stage(cls.stage);
  rec.state = store::conversation_state::queued;
  rec.priority = is_vip(svc.config.shop, customer) ? 1 : 0;
  rec.entry_page = entry.page_type;
  rec.entry_product_id = entry.product_id;
  rec.entry_order_id = entry.order_id;
  rec.created_at = rec.queued_at = rec.updated_at = now;

  // Profile first (VIP tag, who served this buyer last), then the row, then the router.
  svc.store.get_customer(customer, [ctx, req, rec, cls](std::error_code ec,
                                                        store::customer_row profile) mutable {
    router::event::conversation_requested ask;
    ask.customer = rec.customer_id;
    ask.stage_ = cls.stage;
    ask.required_skills = cls.required_skills;
    if (!ec) {
      rec.priority = std::max(rec.priority, profile.vip ? 1 : 0);
      if (!profile.last_agent_id.empty()) {
        ask.previous_agent = profile.last_agent_id;
        ask.previous_served_at = profile.last_served_at;
      }
    }
    ask.priority = rec.priority;
    auto pushed = ctx.svc.store.create_conversation(
        rec, [ctx, req, rec, ask](std::error_code ec, store::conversation_id id) mutable {
          if (ec) {
            const std::string why = "could not create the conversation";
            ctx.fail(error_code::store_unavailable, why);
            fail_waiters(ctx, error_code::store_unavailable, why);
            return;
          }
          conversation_entry c;
          c.id = id;
          c.customer = rec.customer_id;
          c.stage = ask.stage_;
          c.order_id = rec.entry_order_id;
          c.state = store::conversation_state::queued;
          c.created_at = rec.created_at;
          ctx.svc.hub.put_conversation(c);
          reply_started(ctx, c, false);
          ask.conversation = id;
          ctx.svc.router.post(std::move(ask));
          send_first_text(ctx, id, req);
          for (const auto& w : starts().finish(ctx)) {
            reply_started(w.ctx, c, true);
            send_first_text(w.ctx, id, w.req);
          }
        });
    if (pushed) {
      ctx.fail(error_code::overloaded, "store queue full");
      fail_waiters(ctx, error_code::overloaded, "store queue full");
    }
  });
}

void leave_message(const request_context& ctx, const requests::leave_message& req) {
  auto& svc = ctx.svc;
  if (!svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  store::left_message_row row{req.conversation, ctx.who().subject, req.text, req.contact,
                              now_ms()};
  auto pushed = svc.store.save_left_message(row, [ctx, req](std::error_code ec, bool) {
    if (ec) {
      ctx.fail(error_code::store_unavailable, "could not store the message");
      return;
    }
    ctx.svc.router.post(router::event::customer_chose_leave_message{req.conversation});
    // The text also goes into the conversation so the next shift's agent reads it in place.
    store_message(ctx, req.conversation, "left-message", text_content(req.text), false, 0);
  });
  if (pushed) {
    ctx.fail(error_code::overloaded, "store queue full");
  }
}

void leave_queue(const request_context& ctx, const requests::leave_queue& req) {
  if (!ctx.svc.hub.may_access(req.conversation, ctx.who(), true)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return;
  }
  ctx.svc.router.post(router::event::customer_left{req.conversation});
  ctx.ok();
}

void rate(const request_context& ctx, const requests::rate& req) {
  with_readable_conversation(ctx, req.conversation,
                             [ctx, req](const store::conversation_record& rec) {
    if (rec.state != store::conversation_state::closed &&
        rec.state != store::conversation_state::wrap_up) {
      ctx.fail(error_code::conflict, "rate a conversation after it closed");
      return;
    }
    store::rating_row row{req.conversation, req.stars, req.comment, now_ms()};
    auto pushed = ctx.svc.store.save_rating(row, [ctx](std::error_code ec, bool) {
      if (ec) {
        ctx.fail(error_code::store_unavailable, "could not store the rating");
      } else {
        ctx.ok();
      }
    });
    if (pushed) {
      ctx.fail(error_code::overloaded, "store queue full");
    }
  });
}

}  // namespace fenliu::gateway::handlers
