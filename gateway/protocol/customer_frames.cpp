#include "gateway/protocol/customer_frames.hpp"

#include "gateway/protocol/convert.hpp"
#include "gateway/protocol/customer_profile_v1.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

std::string name_of(const customer_record& rec, const std::string& agent) {
  const auto it = rec.agent_names.find(agent);
  return it != rec.agent_names.end() ? it->second : agent;
}

frame_ptr reply(std::uint64_t request_id, v1::ServerEnvelope& env) {
  env.set_request_id(request_id);
  return encode(env);
}

}  // namespace

void to_v1(const customer_record& rec, store::conversation_id for_conversation,
           v1::CustomerProfile& p) {
  const auto& f = rec.file;
  p.set_customer_id(f.customer.id);
  p.set_display_name(f.customer.display_name);
  for (const auto& t : f.customer.tags) {
    p.add_tags(t);
  }
  const int level = f.customer.vip_level > 0 ? f.customer.vip_level : (f.customer.vip ? 1 : 0);
  p.set_vip(level > 0);
  p.set_vip_level(static_cast<std::uint32_t>(level));
  for (const auto& o : f.orders) {
    fill_order(o, *p.add_orders());
  }
  for (const auto& n : f.notes) {
    auto* note = p.add_notes();
    note->set_note_id(n.id);
    note->set_author_id(n.author_id);
    note->set_author_name(n.author_name.empty() ? name_of(rec, n.author_id) : n.author_name);
    note->set_text(n.text);
    note->set_at_ms(n.at);
  }
  for (const auto& c : f.conversations) {
    if (c.id == for_conversation) {
      continue;
    }
    auto* past = p.add_past_conversations();
    past->set_conversation_id(c.id);
    past->set_stage(to_v1(from_store_stage(c.stage)));
    past->set_state(to_v1(c.state));
    past->set_agent_id(c.agent_id);
    past->set_agent_display_name(c.agent_id.empty() ? "" : name_of(rec, c.agent_id));
    past->set_created_at_ms(c.created_at);
    past->set_closed_at_ms(c.updated_at);
    past->set_rating_stars(static_cast<std::uint32_t>(c.rating_stars));
    past->set_rating_comment(c.rating_comment);
  }
  for (const auto& m : f.left_messages) {
    auto* left = p.add_left_messages();
    left->set_conversation_id(m.conversation);
    left->set_text(m.text);
    left->set_contact(m.contact);
    left->set_at_ms(m.at);
  }
  for (const auto& t : rec.shop_tags) {
    p.add_shop_tags(t);
  }
  p.set_conversation_id(for_conversation);
}

frame_ptr encode_customer_profile(std::uint64_t request_id, const customer_record& rec,
                                  store::conversation_id for_conversation) {
  v1::ServerEnvelope env;
  to_v1(rec, for_conversation, *env.mutable_customer_profile());
  return reply(request_id, env);
}

frame_ptr encode_quick_phrases(std::uint64_t request_id, store::conversation_id rendered_for,
                               const std::vector<phrase_view>& phrases) {
  v1::ServerEnvelope env;
  auto* out = env.mutable_quick_phrases();
  out->set_conversation_id(rendered_for);
  for (const auto& p : phrases) {
    auto* q = out->add_phrases();
    q->set_id(p.row.id);
    q->set_owner_id(p.row.owner_id);
    q->set_group(p.row.group);
    q->set_shortcut(p.row.shortcut);
    q->set_text(p.row.text);
    q->set_rendered(p.rendered);
  }
  return reply(request_id, env);
}

frame_ptr encode_suggestions(std::uint64_t request_id, store::conversation_id id,
                             store::seq_t for_seq, const std::vector<suggestion_view>& list) {
  v1::ServerEnvelope env;
  auto* out = env.mutable_suggestions();
  out->set_conversation_id(id);
  out->set_for_seq(for_seq);
  for (const auto& s : list) {
    auto* q = out->add_suggestions();
    q->set_text(s.text);
    q->set_source(s.source);
    q->set_id(s.id);
    q->set_score(s.score);
  }
  return reply(request_id, env);
}

}  // namespace fenliu::gateway

namespace fenliu::gateway {

std::string text_of_message(const store::stored_message& m) {
  v1::MessageContent content;
  if (m.kind != store::message_kind::text || !content.ParseFromString(m.payload) ||
      !content.has_text()) {
    return {};
  }
  return content.text();
}

}  // namespace fenliu::gateway
