#include "gateway/protocol/floor_frames.hpp"

#include <boost/json.hpp>

#include "gateway/protocol/convert.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

frame_ptr reply(std::uint64_t request_id, v1::ServerEnvelope& env) {
  env.set_request_id(request_id);
  return encode(env);
}

v1::ConversationState to_v1(router::conversation_phase p) {
  switch (p) {
    case router::conversation_phase::queued:
      return v1::CONVERSATION_STATE_QUEUED;
    case router::conversation_phase::offered:
      return v1::CONVERSATION_STATE_OFFERED;
    case router::conversation_phase::active:
      return v1::CONVERSATION_STATE_ACTIVE;
    case router::conversation_phase::wrap_up:
      return v1::CONVERSATION_STATE_WRAP_UP;
    case router::conversation_phase::closed:
      return v1::CONVERSATION_STATE_CLOSED;
    case router::conversation_phase::left_message:
      return v1::CONVERSATION_STATE_LEFT_MESSAGE;
    case router::conversation_phase::abandoned:
      return v1::CONVERSATION_STATE_ABANDONED;
  }
  return v1::CONVERSATION_STATE_UNSPECIFIED;
}

void fill_alert(const store::alert_row& in, v1::SupervisorAlert& out) {
  out.set_kind(in.kind);
  out.set_conversation_id(in.conversation);
  out.set_stage(gateway::to_v1(from_store_stage(in.stage)));
  out.set_text(in.text);
  boost::system::error_code ec;
  auto triggers = boost::json::parse(in.triggers_json, ec);
  if (!ec && triggers.is_array()) {
    for (const auto& t : triggers.as_array()) {
      if (t.is_string()) {
        out.add_triggers(std::string(t.as_string()));
      }
    }
  }
  out.set_risk(in.risk);
  out.set_agent_id(in.agent_id);
  out.set_alert_id(in.id);
  out.set_at_ms(in.at);
  out.set_acknowledged_by(in.acknowledged_by);
  out.set_acknowledged_at_ms(in.acknowledged_at);
}

void fill_review(const store::qa_review_row& in, v1::QaReview& out) {
  out.set_conversation_id(in.conversation);
  out.set_reviewer_id(in.reviewer_id);
  out.set_comment(in.comment);
  out.set_total_score(static_cast<std::uint32_t>(in.total));
  out.set_at_ms(in.at);
  out.set_agent_id(in.agent_id);
  boost::system::error_code ec;
  auto scores = boost::json::parse(in.scores_json, ec);
  if (ec || !scores.is_array()) {
    return;
  }
  for (const auto& s : scores.as_array()) {
    const auto* o = s.if_object();
    if (o == nullptr) {
      continue;
    }
    auto* score = out.add_scores();
    if (const auto* item = o->if_contains("item"); item && item->is_string()) {
      score->set_item(std::string(item->as_string()));
    }
    if (const auto* v = o->if_contains("score"); v && v->is_int64()) {
      score->set_score(static_cast<std::uint32_t>(v->as_int64()));
    } else if (v && v->is_uint64()) {
      score->set_score(static_cast<std::uint32_t>(v->as_uint64()));
    }
  }
}

}  // namespace

frame_ptr encode_board(const board_view& in) {
  v1::ServerEnvelope env;
  auto* board = env.mutable_board();
  board->set_at_ms(in.at);
  board->set_service_level_target_s(static_cast<std::uint32_t>(in.service_level_target_s));
  for (const auto& a : in.agents) {
    auto* row = board->add_agents();
    row->set_agent_id(a.id);
    row->set_display_name(a.display_name);
    row->set_state(gateway::to_v1(a.state));
    row->set_load(static_cast<std::uint32_t>(a.load));
    row->set_capacity(static_cast<std::uint32_t>(a.capacity));
    row->set_on_shift(a.on_shift);
    for (auto s : a.stages) {
      row->add_stages(gateway::to_v1(s));
    }
    for (auto c : a.conversations) {
      row->add_conversations(c);
    }
  }
  for (const auto& s : in.stages) {
    auto* row = board->add_stages();
    row->set_stage(gateway::to_v1(s.stage_));
    row->set_queued(static_cast<std::uint32_t>(s.queued));
    row->set_active(static_cast<std::uint32_t>(s.active));
    row->set_longest_wait_seconds(static_cast<std::uint32_t>(s.longest_wait_s));
    row->set_waits_ended(static_cast<std::uint32_t>(s.waits_ended));
    row->set_answered_in_target(static_cast<std::uint32_t>(s.answered_in_target));
    row->set_arrivals(static_cast<std::uint32_t>(s.arrivals));
    row->set_service_level(s.waits_ended > 0 ? static_cast<double>(s.answered_in_target) /
                                                   static_cast<double>(s.waits_ended)
                                             : 0.0);
  }
  for (const auto& c : in.conversations) {
    auto* row = board->add_conversations();
    row->set_conversation_id(c.conversation);
    row->set_stage(gateway::to_v1(c.stage_));
    row->set_state(to_v1(c.phase));
    row->set_customer_id(c.customer);
    row->set_agent_id(c.agent.value_or(""));
    row->set_arrived_at_ms(c.arrived_at);
  }
  return encode(env);
}

frame_ptr encode_alert(const store::alert_row& alert) {
  v1::ServerEnvelope env;
  fill_alert(alert, *env.mutable_alert());
  return encode(env);
}

frame_ptr encode_alert_list(std::uint64_t request_id, const std::vector<store::alert_row>& rows) {
  v1::ServerEnvelope env;
  auto* list = env.mutable_alerts();
  for (const auto& a : rows) {
    fill_alert(a, *list->add_alerts());
  }
  return reply(request_id, env);
}

frame_ptr encode_qa_sample(std::uint64_t request_id, const std::vector<qa_sample_entry>& entries) {
  v1::ServerEnvelope env;
  auto* sample = env.mutable_qa_sample();  // present even when empty
  for (const auto& e : entries) {
    gateway::to_v1(*e.conversation, *sample->add_conversations());
    sample->add_reasons(e.reason);
    sample->add_rating_stars(static_cast<std::uint32_t>(e.rating_stars));
  }
  return reply(request_id, env);
}

frame_ptr encode_qa_checklist(std::uint64_t request_id,
                              const std::vector<checklist_entry>& items) {
  v1::ServerEnvelope env;
  auto* list = env.mutable_qa_checklist();
  for (const auto& i : items) {
    auto* item = list->add_items();
    item->set_id(i.id);
    item->set_label(i.label);
    item->set_weight(static_cast<std::uint32_t>(i.weight));
    item->set_max_score(static_cast<std::uint32_t>(i.max_score));
  }
  return reply(request_id, env);
}

frame_ptr encode_qa_reviews(std::uint64_t request_id,
                            const std::vector<store::qa_review_row>& rows) {
  v1::ServerEnvelope env;
  auto* list = env.mutable_qa_reviews();
  for (const auto& r : rows) {
    fill_review(r, *list->add_reviews());
  }
  return reply(request_id, env);
}

frame_ptr encode_qa_review_saved(std::uint64_t request_id, const store::qa_review_row& row) {
  v1::ServerEnvelope env;
  auto* saved = env.mutable_qa_review_saved();
  saved->set_conversation_id(row.conversation);
  saved->set_total_score(static_cast<std::uint32_t>(row.total));
  fill_review(row, *saved->mutable_review());
  return reply(request_id, env);
}

}  // namespace fenliu::gateway
