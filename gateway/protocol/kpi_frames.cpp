// Part "kpis": KpiReport.
#include "gateway/protocol/kpi_frames.hpp"

#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

frame_ptr encode_kpi_report(std::uint64_t request_id, const kpi_report_head& head,
                            const std::vector<kpi::kpi_row>& rows,
                            const std::vector<std::string>& names) {
  v1::ServerEnvelope env;
  env.set_request_id(request_id);
  auto* k = env.mutable_kpi_report();
  k->set_from_ms(head.from_ms);
  k->set_to_ms(head.to_ms);
  k->set_group_by(std::string(kpi::key_of(head.by)));
  k->set_period(std::string(kpi::key_of(head.per)));
  k->set_time_zone(head.time_zone);
  k->set_utc_offset_minutes(head.utc_offset_minutes);
  k->set_service_level_target_s(static_cast<std::uint32_t>(head.service_level_target_s));
  k->set_conversion_window_hours(static_cast<std::uint32_t>(head.conversion_window_hours));
  k->set_conversations(head.conversations);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto* o = k->add_rows();
    o->set_period(r.period);
    o->set_period_from_ms(r.period_from);
    o->set_period_to_ms(r.period_to);
    o->set_group(r.group);
    o->set_name(i < names.size() ? names[i] : r.group);
    o->set_conversations(static_cast<std::uint64_t>(r.conversations));
    o->set_first_responses(static_cast<std::uint64_t>(r.first_response.count));
    if (r.first_response.avg_ms) {
      o->set_first_response_avg_ms(*r.first_response.avg_ms);
      o->set_first_response_p50_ms(*r.first_response.p50_ms);
      o->set_first_response_p90_ms(*r.first_response.p90_ms);
    }
    o->set_responses(static_cast<std::uint64_t>(r.response.count));
    if (r.response.avg_ms) {
      o->set_response_avg_ms(*r.response.avg_ms);
      o->set_response_p50_ms(*r.response.p50_ms);
      o->set_response_p90_ms(*r.response.p90_ms);
    }
    o->set_ended(static_cast<std::uint64_t>(r.duration.count));
    if (r.duration.avg_ms) {
      o->set_duration_avg_ms(*r.duration.avg_ms);
      o->set_duration_p50_ms(*r.duration.p50_ms);
      o->set_duration_p90_ms(*r.duration.p90_ms);
    }
    o->set_rated(static_cast<std::uint64_t>(r.satisfied.whole));
    o->set_satisfied(static_cast<std::uint64_t>(r.satisfied.part));
    o->set_unsatisfied(static_cast<std::uint64_t>(r.unsatisfied.part));
    if (auto v = r.satisfied.value()) {
      o->set_satisfied_share(*v);
      o->set_unsatisfied_share(*r.unsatisfied.value());
    }
    o->set_person_served(static_cast<std::uint64_t>(r.transferred.whole));
    o->set_transferred(static_cast<std::uint64_t>(r.transferred.part));
    if (auto v = r.transferred.value()) {
      o->set_transfer_rate(*v);
    }
    o->set_abandoned(static_cast<std::uint64_t>(r.abandoned.part));
    if (auto v = r.abandoned.value()) {
      o->set_abandonment_rate(*v);
    }
    o->set_left_messages(static_cast<std::uint64_t>(r.left_messages));
    o->set_left_answered(static_cast<std::uint64_t>(r.left_message_answer.count));
    if (r.left_message_answer.avg_ms) {
      o->set_left_answer_avg_ms(*r.left_message_answer.avg_ms);
    }
    o->set_waited(static_cast<std::uint64_t>(r.service_level.whole));
    o->set_within_target(static_cast<std::uint64_t>(r.service_level.part));
    if (auto v = r.service_level.value()) {
      o->set_service_level(*v);
    }
    o->set_bot_answered(static_cast<std::uint64_t>(r.bot_contained.whole));
    o->set_bot_contained(static_cast<std::uint64_t>(r.bot_contained.part));
    if (auto v = r.bot_contained.value()) {
      o->set_bot_containment(*v);
    }
    o->set_pre_sales(static_cast<std::uint64_t>(r.converted.whole));
    o->set_converted(static_cast<std::uint64_t>(r.converted.part));
    if (auto v = r.converted.value()) {
      o->set_conversion_rate(*v);
    }
    o->set_qa_reviews(static_cast<std::uint64_t>(r.qa_reviews));
    if (r.qa_average) {
      o->set_qa_average(*r.qa_average);
    }
  }
  return encode(env);
}

}  // namespace fenliu::gateway
