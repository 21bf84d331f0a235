#pragma once
// A chat message's content as the rest of the gateway handles it: opaque bytes the protocol
// layer validated and serialized, plus the two facts the store indexes.

#include <cstdint>
#include <string>

#include "fenliu/store/codes.hpp"

namespace fenliu::gateway {

struct message_content {
  store::message_kind kind = store::message_kind::text;  // as the store keeps it
  std::string payload;  // serialized fenliu.v1.MessageContent, stored verbatim
  std::uint64_t recalls_seq = 0;  // non-zero: a recall of that seq
  std::string text;  // a text message's text (read by the bot and the risk scorer), else empty
};

/// Server-written contents. Pure; any thread.
message_content text_content(std::string text);
message_content notice_content(std::string kind, std::string text);
message_content recall_content(std::uint64_t recalled_seq);

}  // namespace fenliu::gateway
