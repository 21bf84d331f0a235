#include "gateway/app/image_messages.hpp"

#include "gateway/app/store_awaitable.hpp"
#include "gateway/protocol/image_content.hpp"

namespace fenliu::gateway::handlers {

asio::awaitable<bool> check_image_content(const request_context& ctx,
                                          store::conversation_id conversation,
                                          message_content& content) {
  if (content.kind != store::message_kind::image) {
    co_return true;
  }
  auto id = image_id_of(content);
  auto [ec, rows] = co_await async_store<std::vector<store::image_row>>(
      [&](auto done) { ctx.svc.store.get_image(id, std::move(done)); }, use_nothrow);
  if (ec == store::errc::not_found || (!ec && rows.empty())) {
    ctx.fail(error_code::invalid_argument,
             "content.image.image_id: no such image; upload it with POST /api/images first");
    co_return false;
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return false;
  }
  // Before the message's append, in the same write queue: the use commits no later than the
  // message, so whoever receives the message may fetch the image at once.
  if (auto refusal = ctx.svc.store.record_image_use(id, conversation, now_ms()); refusal) {
    ctx.fail(error_code::overloaded, "store queue full; resend with the same client_msg_id");
    co_return false;
  }
  const auto& image = rows.front();
  content = image_content(std::move(id), image.mime_type, image.width, image.height);
  co_return true;
}

}  // namespace fenliu::gateway::handlers
