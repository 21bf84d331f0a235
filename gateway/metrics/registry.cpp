#include "gateway/metrics/registry.hpp"

#include <algorithm>

namespace fenliu::gateway::metrics {
namespace {

constexpr std::array<std::string_view, role_label_count> role_names{"customer", "agent",
                                                                    "supervisor", "qa", "other"};
constexpr std::array<std::string_view, bot_outcome_count> outcome_names{"answered", "unanswered",
                                                                        "greeting", "handover"};

// fenliu.v1.ErrorCode without its prefix, in lower case, by number.
constexpr std::array<std::string_view, 17> error_names{
    "unspecified",        "text_frame",        "malformed",          "unknown_frame",
    "forbidden_for_role", "not_a_participant", "invalid_argument",   "text_too_long",
    "rate_limited",       "not_found",         "conflict",           "store_unavailable",
    "overloaded",         "resync_required",   "recall_not_allowed", "internal",
    "conversation_closed"};

struct close_name {
  close_code code;
  std::string_view name;
};
constexpr std::array<close_name, 13> close_names{{
    {close_code::normal, "normal"},
    {close_code::going_away, "going_away"},
    {close_code::protocol_error, "protocol_error"},
    {close_code::invalid_payload, "invalid_payload"},
    {close_code::message_too_big, "message_too_big"},
    {close_code::internal, "internal"},
    {close_code::slow_consumer, "slow_consumer"},
    {close_code::idle_timeout, "idle_timeout"},
    {close_code::rate_limited, "rate_limited"},
    {close_code::overloaded, "overloaded"},
    {close_code::bad_frames, "bad_frames"},
    {close_code::token_expired, "token_expired"},
    {close_code::too_many_connections, "too_many_connections"},
}};

// The rules of router::decision_record (actions.hpp), plus the restored offers' rule.
const std::vector<std::string_view> rules{"least_load",
                                          "round_robin",
                                          "most_skilled",
                                          "sticky",
                                          "transfer_agent",
                                          "relaxed_skills",
                                          "overflow",
                                          "queue_order",
                                          "vip_reserved",
                                          "restored",
                                          "queued",
                                          "sticky_wait",
                                          "sticky_wait_expired",
                                          "transfer_wait_expired",
                                          "no_agent_on_shift",
                                          "alert",
                                          "leave_message_offered",
                                          "offer_declined",
                                          "offer_timeout",
                                          "response_deadline",
                                          "shift_end",
                                          "agent_disconnected"};

// A varint at `p`; false when the bytes end inside it or it is too long.
bool read_varint(const unsigned char*& p, const unsigned char* end, std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const unsigned char b = *p++;
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

void name_fields(const registry::field_names& cases,
                 std::array<std::string, max_body_field>& names) {
  names[0] = "unknown";
  for (const auto& [field, name] : cases) {
    if (field > 0 && static_cast<std::size_t>(field) < max_body_field) {
      names[static_cast<std::size_t>(field)] = name;
    }
  }
}

}  // namespace

int envelope_body_field(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  std::uint64_t tag = 0;
  if (!read_varint(p, end, tag)) {
    return 0;
  }
  if (tag == (1u << 3)) {  // request_id, a varint: skip it
    std::uint64_t ignored = 0;
    if (!read_varint(p, end, ignored) || !read_varint(p, end, tag)) {
      return 0;
    }
  }
  // Every body case is a message: length-delimited (wire type 2).
  if ((tag & 7) != 2 || (tag >> 3) > 0x7fffffff) {
    return 0;
  }
  return static_cast<int>(tag >> 3);
}

role_label role_label_of(int wire_role) noexcept {
  switch (wire_role) {
    case 1:
      return role_label::customer;
    case 2:
      return role_label::agent;
    case 3:
      return role_label::supervisor;
    case 4:
      return role_label::qa;
    default:
      return role_label::other;
  }
}

registry::registry(const field_names& client_cases, const field_names& server_cases) {
  name_fields(client_cases, client_names_);
  name_fields(server_cases, server_names_);
}

const std::vector<std::string_view>& registry::known_rules() {
  return rules;
}

void registry::error_sent(error_code code) noexcept {
  const auto i = static_cast<std::size_t>(code);
  errors_[i < error_names.size() ? i : 0].inc();
}

void registry::closed(close_code code) noexcept {
  static_assert(close_names.size() == close_code_slots, "a counter per close code");
  for (std::size_t i = 0; i < close_names.size(); ++i) {
    if (close_names[i].code == code) {
      closes_[i].inc();
      break;
    }
  }
  if (code == close_code::slow_consumer) {
    slow_consumer_closes_.inc();
  }
}

void registry::decision(std::string_view rule) noexcept {
  const auto it = std::find(rules.begin(), rules.end(), rule);
  decisions_[it == rules.end() ? max_rules : static_cast<std::size_t>(it - rules.begin())].inc();
}

void registry::write_frames(text_writer& w, std::string_view name, std::string_view help,
                            const std::array<counter, max_body_field>& counts,
                            const std::array<std::string, max_body_field>& names) const {
  w.family(name, "counter", help);
  for (std::size_t i = 0; i < max_body_field; ++i) {
    if (!names[i].empty()) {
      w.sample(name, {{"type", names[i]}}, counts[i].value());
    }
  }
}

std::string registry::render(const std::vector<stage_figures>& stages) const {
  text_writer w;
  write_traffic(w);
  write_routing(w, stages);
  write_store_and_codes(w);
  return w.take();
}

void registry::write_traffic(text_writer& w) const {
  w.family("fenliu_connections", "gauge", "Open WebSocket connections by role.");
  for (std::size_t i = 0; i < role_label_count; ++i) {
    w.sample("fenliu_connections", {{"role", role_names[i]}}, connections_[i].value());
  }
  write_frames(w, "fenliu_frames_in_total",
               "WebSocket frames received, by envelope body case (unknown: no known case).",
               frames_in_, client_names_);
  write_frames(w, "fenliu_frames_out_total", "WebSocket frames written, by envelope body case.",
               frames_out_, server_names_);
  w.family("fenliu_messages_stored_total", "counter",
           "Chat messages committed to the store (resends not counted).");
  w.sample("fenliu_messages_stored_total", {}, messages_stored_.value());
  w.family("fenliu_ack_latency_seconds", "histogram",
           "From receipt of a SendMessage to its SendAck queued (the message is durable).");
  w.histogram_series("fenliu_ack_latency_seconds", ack_latency_, 1e-6);
}

void registry::write_routing(text_writer& w, const std::vector<stage_figures>& stages) const {
  w.family("fenliu_queue_length", "gauge", "Conversations waiting in the queue, by stage.");
  for (const auto& s : stages) {
    w.sample("fenliu_queue_length", {{"stage", s.stage}}, static_cast<std::int64_t>(s.queued));
  }
  w.family("fenliu_queue_oldest_wait_seconds", "gauge",
           "How long the longest waiting conversation of the stage has waited.");
  for (const auto& s : stages) {
    w.sample("fenliu_queue_oldest_wait_seconds", {{"stage", s.stage}},
             static_cast<std::int64_t>(s.longest_wait_s));
  }
  w.family("fenliu_active_conversations", "gauge", "Conversations served by an agent, by stage.");
  for (const auto& s : stages) {
    w.sample("fenliu_active_conversations", {{"stage", s.stage}},
             static_cast<std::int64_t>(s.active));
  }

  w.family("fenliu_routing_decisions_total", "counter",
           "Routing decision records, by rule (other: a rule this build does not name).");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    w.sample("fenliu_routing_decisions_total", {{"rule", rules[i]}}, decisions_[i].value());
  }
  w.sample("fenliu_routing_decisions_total", {{"rule", "other"}}, decisions_[max_rules].value());
  w.family("fenliu_assignments_total", "counter",
           "Conversations assigned to an agent (first assignments and reassignments).");
  w.sample("fenliu_assignments_total", {}, assignments_.value());
  w.family("fenliu_transfers_total", "counter", "Transfers requested by agents and supervisors.");
  w.sample("fenliu_transfers_total", {}, transfers_.value());
}

void registry::write_store_and_codes(text_writer& w) const {
  w.family("fenliu_store_batch_size", "histogram",
           "Write jobs per store transaction (group commit).");
  w.histogram_series("fenliu_store_batch_size", store_batch_size_, 1.0);
  w.family("fenliu_store_commit_seconds", "histogram",
           "Time of one store transaction, BEGIN to COMMIT.");
  w.histogram_series("fenliu_store_commit_seconds", store_commit_, 1e-6);

  w.family("fenliu_slow_consumer_closes_total", "counter",
           "Connections closed because their outbound queue overflowed.");
  w.sample("fenliu_slow_consumer_closes_total", {}, slow_consumer_closes_.value());
  w.family("fenliu_ephemeral_frames_dropped_total", "counter",
           "Ephemeral frames (typing, queue updates) not sent to a client whose outbound queue "
           "was at its ephemeral bound.");
  w.sample("fenliu_ephemeral_frames_dropped_total", {}, ephemeral_drops_.value());
  w.family("fenliu_errors_total", "counter", "Error frames sent, by error code.");
  for (std::size_t i = 1; i < error_names.size(); ++i) {
    w.sample("fenliu_errors_total", {{"code", error_names[i]}}, errors_[i].value());
  }
  w.family("fenliu_closes_total", "counter", "WebSocket closes the server decided, by close code.");
  for (std::size_t i = 0; i < close_names.size(); ++i) {
    w.sample("fenliu_closes_total", {{"code", close_names[i].name}}, closes_[i].value());
  }

  w.family("fenliu_bot_answers_total", "counter", "Bot replies to buyer messages, by outcome.");
  for (std::size_t i = 0; i < bot_outcome_count; ++i) {
    w.sample("fenliu_bot_answers_total", {{"outcome", outcome_names[i]}}, bot_answers_[i].value());
  }
  w.family("fenliu_bot_handovers_total", "counter",
           "Conversations the bot handed to a person (asked for, unsure, risk, button).");
  w.sample("fenliu_bot_handovers_total", {}, bot_handovers_.value());
  w.family("fenliu_risk_alerts_total", "counter",
           "Conversations that crossed the complaint-risk threshold.");
  w.sample("fenliu_risk_alerts_total", {}, risk_alerts_.value());
}

}  // namespace fenliu::gateway::metrics
