#include "gateway/app/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <type_traits>

#include "gateway/app/handlers.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;

namespace {

// One overload per request: the handler of the same name. Ping is answered here. Coroutine
// handlers are returned to be spawned.
struct run_handler {
  const request_context& ctx;

  void operator()(const requests::ping& r) const {
    ctx.reply(encode_pong(ctx.request_id, r.client_time_ms, now_ms()));
  }
  auto operator()(requests::resume r) const { return handlers::resume(ctx, r); }
  void operator()(const requests::typing& r) const { handlers::typing(ctx, r); }
  auto operator()(requests::send_message r) const {
    return handlers::send_message(ctx, std::move(r));
  }
  auto operator()(requests::start_conversation r) const {
    return handlers::start_conversation(ctx, std::move(r));
  }
  auto operator()(requests::leave_message r) const {
    return handlers::leave_message(ctx, std::move(r));
  }
  void operator()(const requests::leave_queue& r) const { handlers::leave_queue(ctx, r); }
  auto operator()(requests::rate r) const { return handlers::rate(ctx, std::move(r)); }
  void operator()(const requests::request_human& r) const { handlers::request_human(ctx, r); }
  void operator()(const requests::set_agent_state& r) const { handlers::set_agent_state(ctx, r); }
  void operator()(const requests::accept_offer& r) const { handlers::accept_offer(ctx, r); }
  void operator()(const requests::decline_offer& r) const { handlers::decline_offer(ctx, r); }
  void operator()(const requests::close_conversation& r) const {
    handlers::close_conversation(ctx, r);
  }
  void operator()(const requests::transfer& r) const { handlers::transfer(ctx, r); }
  auto operator()(requests::mark_awaiting_logistics r) const {
    return handlers::mark_awaiting_logistics(ctx, r);
  }
  auto operator()(requests::recall r) const { return handlers::recall(ctx, std::move(r)); }
  auto operator()(requests::fetch_history r) const { return handlers::fetch_history(ctx, r); }
  auto operator()(requests::fetch_profile r) const { return handlers::fetch_profile(ctx, r); }
  auto operator()(requests::fetch_quick_phrases r) const {
    return handlers::fetch_quick_phrases(ctx, r);
  }
  auto operator()(requests::save_quick_phrase r) const {
    return handlers::save_quick_phrase(ctx, std::move(r));
  }
  auto operator()(requests::delete_quick_phrase r) const {
    return handlers::delete_quick_phrase(ctx, std::move(r));
  }
  auto operator()(requests::edit_customer_tags r) const {
    return handlers::edit_customer_tags(ctx, std::move(r));
  }
  auto operator()(requests::add_customer_note r) const {
    return handlers::add_customer_note(ctx, std::move(r));
  }
  auto operator()(requests::fetch_suggestions r) const {
    return handlers::fetch_suggestions(ctx, r);
  }
  auto operator()(requests::fetch_products r) const { return handlers::fetch_products(ctx, r); }
  void operator()(const requests::subscribe_board& r) const { handlers::subscribe_board(ctx, r); }
  void operator()(const requests::monitor& r) const { handlers::monitor(ctx, r); }
  auto operator()(requests::barge r) const { return handlers::barge(ctx, r); }
  void operator()(const requests::force_agent_state& r) const {
    handlers::force_agent_state(ctx, r);
  }
  auto operator()(requests::fetch_decisions r) const { return handlers::fetch_decisions(ctx, r); }
  auto operator()(requests::fetch_qa_sample r) const { return handlers::fetch_qa_sample(ctx, r); }
  auto operator()(requests::fetch_transcript r) const { return handlers::fetch_transcript(ctx, r); }
  auto operator()(requests::mark_read r) const { return handlers::mark_read(ctx, r); }
  auto operator()(requests::fetch_kpis r) const { return handlers::fetch_kpis(ctx, r); }
  auto operator()(requests::submit_qa_review r) const {
    return handlers::submit_qa_review(ctx, std::move(r));
  }
  auto operator()(requests::ack_alert r) const { return handlers::ack_alert(ctx, r); }
  auto operator()(requests::fetch_alerts r) const { return handlers::fetch_alerts(ctx, r); }
  auto operator()(requests::fetch_qa_checklist r) const {
    return handlers::fetch_qa_checklist(ctx, r);
  }
  auto operator()(requests::fetch_qa_reviews r) const {
    return handlers::fetch_qa_reviews(ctx, std::move(r));
  }
};

// Handlers report failures as Error frames; an exception escaping one is a bug, logged here
// rather than taking the I/O thread down.
void log_escaped(const std::exception_ptr& e) {
  if (!e) {
    return;
  }
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    spdlog::error("request handler failed: {}", x.what());
  } catch (...) {
    spdlog::error("request handler failed");
  }
}

}  // namespace

void dispatch(services& svc, const std::shared_ptr<session_sink>& self, decoded_frame frame,
              const asio::any_io_executor& strand) {
  const request_context ctx{svc, self, frame.request_id, std::chrono::steady_clock::now()};
  std::visit(
      [&](auto&& request) {
        const run_handler run{ctx};
        using result = decltype(run(std::move(request)));
        if constexpr (std::is_void_v<result>) {
          run(std::move(request));
        } else {
          asio::co_spawn(strand, run(std::move(request)), log_escaped);
        }
      },
      std::move(frame.body));
}

frame_ptr on_session_attached(services& svc, const std::shared_ptr<session_sink>& self) {
  const auto& who = self->who();
  welcome_info w{who.role_,
                 who.subject,
                 who.shop_id,
                 now_ms(),
                 svc.config.limits.max_message_bytes,
                 svc.config.limits.max_text_chars,
                 svc.hub.conversations_of(who.subject),
                 svc.config.shop.time_zone};
  auto welcome = encode_welcome(w);
  if (who.role_ == role::agent || who.role_ == role::supervisor) {
    svc.router.post(router::event::agent_connected{who.subject});
  } else if (who.role_ == role::customer) {
    for (auto id : w.open_conversations) {
      svc.router.post(router::event::customer_returned{id});
    }
  }
  return welcome;
}

void on_session_detached(services& svc, const session_sink& self, bool last_of_identity) {
  if (!last_of_identity || svc.shutting_down) {
    return;
  }
  const auto& who = self.who();
  if (who.role_ == role::agent || who.role_ == role::supervisor) {
    svc.router.post(router::event::agent_disconnected{who.subject});
  } else if (who.role_ == role::customer) {
    // The buyer's last widget went away: a waiting chat stops holding its place (and an offer
    // is withdrawn) until the buyer comes back within routing.queue_return_grace_s.
    for (auto id : svc.hub.conversations_of(who.subject)) {
      auto c = svc.hub.conversation(id);
      if (c && (c->state == store::conversation_state::queued ||
                c->state == store::conversation_state::offered)) {
        svc.router.post(router::event::customer_left{id});
      }
    }
  }
}

}  // namespace fenliu::gateway
