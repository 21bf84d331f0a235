#pragma once
// Carries out the bot desk's decisions: stores the bot's answers (persisted messages from the
// `bot` participant, fanned out like any), routes a conversation at handover, raises the
// complaint-risk escalation. Thread-safe; the work runs on the I/O threads.

#include <string>

#include "gateway/app/services.hpp"

namespace fenliu::gateway::bot {

/// After a customer's text message committed with `seq` (called on the store's thread): posts
/// the desk's work to an I/O thread, which scores risk and, while the bot serves the
/// conversation, answers or hands over.
void after_customer_text(services& svc, store::conversation_id id, store::seq_t seq,
                         std::string text);

/// The buyer asked for a person with the 转人工 button. Routes the conversation when the bot
/// holds it; otherwise nothing changes (a person is already on the way, or nobody of the stage
/// is on shift and the chat waits as a left message).
void request_human(services& svc, store::conversation_id id);

/// Whether a new conversation in `stage` starts with the bot (bot_first stages).
bool starts_with_bot(const services& svc, router::stage stage);

}  // namespace fenliu::gateway::bot
