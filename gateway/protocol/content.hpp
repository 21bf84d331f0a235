#pragma once
// A chat message's content as the rest of the gateway handles it: opaque bytes the protocol
// layer validated and serialized, plus the two facts the store indexes.

#include <cstdint>
#include <string>

#include "fenliu/store/codes.hpp"
#include "fenliu/store/rows.hpp"

namespace fenliu::gateway {

struct message_content {
  store::message_kind kind = store::message_kind::text;  // as the store keeps it
  std::string payload;  // serialized fenliu.v1.MessageContent, stored verbatim
  std::uint64_t recalls_seq = 0;  // non-zero: a recall of that seq
  std::string text;  // a text message's text (read by the bot and the risk scorer), else empty
  /// A product or order card's product_id / order_id (the server rebuilds the card from the
  /// stored data by this id), else empty.
  std::string card_id = {};
};

/// Server-written contents. Pure; any thread.
message_content text_content(std::string text);
message_content notice_content(std::string kind, std::string text);
message_content recall_content(std::uint64_t recalled_seq);
/// Cards built from the stored shop data (never from what a client sent).
message_content product_card_content(const store::product_row& p);
message_content order_card_content(const store::order_row& o);

}  // namespace fenliu::gateway
