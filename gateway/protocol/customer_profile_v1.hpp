#pragma once
// Inside the protocol layer only: the CustomerProfile message built from a customer record,
// shared by its own frame and the Offer and Assigned frames that carry it.

#include "gateway/protocol/customer_frames.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

/// An order as an OrderCard (encode.cpp).
void fill_order(const store::order_row& o, v1::OrderCard& card);

void to_v1(const customer_record& rec, store::conversation_id for_conversation,
           v1::CustomerProfile& out);

}  // namespace fenliu::gateway
