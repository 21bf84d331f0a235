// Shop data over the WebSocket: cards rebuilt from the stored products and orders, the
// workbench's product picker, and conversations described with their entry cards.
#include <algorithm>

#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

constexpr std::uint32_t product_list_max = 50;

}  // namespace

asio::awaitable<void> fetch_products(request_context ctx, requests::fetch_products req) {
  const std::uint32_t limit =
      req.limit == 0 ? product_list_max : std::min(req.limit, product_list_max);
  auto [ec, products] = co_await async_store<std::vector<store::product_row>>(
      [&](auto done) {
        ctx.svc.store.products_of(ctx.svc.config.shop.id, req.query, limit, std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  ctx.reply(encode_product_list(ctx.request_id, products));
}

// The order book holds what the store committed (written through), so no store read is needed
// on the send path.
bool rebuild_card(const request_context& ctx, const conversation_entry& c,
                  message_content& content) {
  if (content.kind == store::message_kind::product_card) {
    auto product = ctx.svc.orders.product(content.card_id);
    if (!product) {
      ctx.fail(error_code::not_found, "no such product");
      return false;
    }
    content = product_card_content(*product);
  } else if (content.kind == store::message_kind::order_card) {
    auto order = ctx.svc.orders.order(content.card_id);
    // Another buyer's order is as unknown as a missing one: its existence is not disclosed.
    if (!order || order->customer_id != c.customer) {
      ctx.fail(error_code::not_found, "no such order of this customer");
      return false;
    }
    content = order_card_content(*order);
  }
  return true;
}

conversation_info described(const services& svc, const store::conversation_record& rec) {
  auto info = info_of(rec);
  svc.orders.describe_entry(info);
  return info;
}

}  // namespace fenliu::gateway::handlers
