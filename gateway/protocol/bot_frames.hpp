#pragma once
// Bot messages and handover summaries: their domain form, their stored form and their frames.
// No protobuf in this header, so the app layer includes it freely.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"

namespace fenliu::v1 {
class HandoverSummary;
}

namespace fenliu::gateway {

/// A message from the FAQ bot (BotAnswer on the wire).
struct bot_answer {
  std::string faq_id;  // empty: not answered
  std::string text_zh;
  std::string text_en;
  bool offers_handover = true;
  std::vector<std::string> quick_replies;
  double confidence = 0;
  std::string outcome;  // answered, unanswered, handover
  store::seq_t question_seq = 0;
  std::string question;
  std::string intent;
  std::string handover_reason;  // outcome handover: HandoverSummary.reason
  router::stage stage = router::stage::pre_sales;
};

/// The sender id of every bot message.
inline constexpr const char* bot_sender_id = "bot";

/// The bot's message to store: sender role bot, id "bot", client_msg_id "bot-q<question_seq>"
/// so a question answered twice (a retry) stores one answer.
store::new_message bot_message(store::conversation_id id, const bot_answer& answer,
                               std::int64_t now_ms);
/// `risk` is the conversation's complaint risk at handover.
void to_v1(const assist::handover_summary& in, double risk, v1::HandoverSummary& out);

/// The bot answer inside a stored message; nullopt for any other kind.
std::optional<bot_answer> read_bot_answer(const store::stored_message& m);

}  // namespace fenliu::gateway
