// Read receipts and stored context (part "receipts"): ReadReceipt and ConversationRated.
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

frame_ptr encode_read_receipt(store::conversation_id id, role reader_role,
                              const std::string& reader_id, store::seq_t last_read_seq) {
  v1::ServerEnvelope env;
  auto* r = env.mutable_read_receipt();
  r->set_conversation_id(id);
  r->set_reader_role(to_v1(reader_role));
  r->set_reader_id(reader_id);
  r->set_last_read_seq(last_read_seq);
  return encode(env);
}

frame_ptr encode_conversation_rated(store::conversation_id id, std::uint32_t stars,
                                    const std::string& comment) {
  v1::ServerEnvelope env;
  auto* r = env.mutable_conversation_rated();
  r->set_conversation_id(id);
  r->set_stars(stars);
  r->set_comment(comment);
  return encode(env);
}

frame_ptr with_request_id(const frame_ptr& frame, std::uint64_t request_id) {
  v1::ServerEnvelope env;
  env.ParseFromString(*frame);
  env.set_request_id(request_id);
  return encode(env);
}

}  // namespace fenliu::gateway
