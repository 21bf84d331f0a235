#pragma once
// Frames of the agent's tools: the customer record (CustomerProfile), quick phrases and
// suggested replies. Pure; safe on any thread.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fenliu/store/records.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

/// The customer record as staff see it: the store's file plus what the gateway knows.
struct customer_record {
  store::customer_file file;
  std::vector<std::string> shop_tags;               // the shop's predefined tags
  std::map<std::string, std::string> agent_names;  // agent id -> display name
};

struct phrase_view {
  store::quick_phrase_row row;
  std::string rendered;  // empty when not rendered for a conversation
};

struct suggestion_view {
  std::string text;
  std::string source;
  std::string id;
  double score = 0;
};

/// CustomerProfile for conversation `for_conversation` (left out of the past conversations).
frame_ptr encode_customer_profile(std::uint64_t request_id, const customer_record& rec,
                                  store::conversation_id for_conversation);
frame_ptr encode_quick_phrases(std::uint64_t request_id, store::conversation_id rendered_for,
                               const std::vector<phrase_view>& phrases);
frame_ptr encode_suggestions(std::uint64_t request_id, store::conversation_id id,
                             store::seq_t for_seq, const std::vector<suggestion_view>& list);

}  // namespace fenliu::gateway

namespace fenliu::gateway {

/// The text of a stored text message; empty for any other kind or an unreadable payload.
std::string text_of_message(const store::stored_message& m);

}  // namespace fenliu::gateway
