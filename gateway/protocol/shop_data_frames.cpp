// Shop data on the wire: products and orders as cards, the product picker's list, and the
// resume answer that carries the entry cards.
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

void to_v1(const store::order_row& in, v1::OrderCard& out) {
  out.set_order_id(in.id);
  out.set_status(in.status);
  out.set_total_cents(in.total_cents);
  for (const auto& item : in.items) {
    auto* i = out.add_items();
    i->set_product_id(item.product_id);
    i->set_title(item.title);
    i->set_quantity(static_cast<std::uint32_t>(item.quantity));
    i->set_price_cents(item.price_cents);
  }
  out.set_carrier(in.carrier);
  out.set_tracking_no(in.tracking_no);
}

void to_v1(const store::product_row& in, v1::ProductCard& out) {
  out.set_product_id(in.id);
  out.set_title(in.title);
  out.set_price_cents(in.price_cents);
  out.set_currency(in.currency);
  out.set_picture_url(in.picture_url);
  out.set_category(in.category);
}

frame_ptr encode_product_list(std::uint64_t request_id,
                              const std::vector<store::product_row>& products) {
  v1::ServerEnvelope env;
  env.set_request_id(request_id);
  auto* list = env.mutable_product_list();
  for (const auto& p : products) {
    to_v1(p, *list->add_products());
  }
  return encode(env);
}

frame_ptr encode_resume_result(std::uint64_t request_id, const conversation_info& info,
                               const resume_outcome& outcome) {
  v1::ServerEnvelope env;
  env.set_request_id(request_id);
  auto* result = env.mutable_resume_result();
  result->set_conversation_id(info.id);
  to_v1(info, *result->mutable_conversation());
  result->set_resync(outcome.resync);
  if (!outcome.resync) {
    result->set_from_seq(outcome.from_seq);
    result->set_to_seq(outcome.to_seq);
    result->set_more(outcome.more);
  }
  result->set_my_last_read_seq(outcome.my_last_read_seq);
  result->set_peer_last_read_seq(outcome.peer_last_read_seq);
  return encode(env);
}

}  // namespace fenliu::gateway
