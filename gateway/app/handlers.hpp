#pragma once
// One function per client frame. Each runs on the session's strand, validates what the protocol
// layer could not (participation, state), and answers through the request context.

#include "gateway/app/request_context.hpp"

namespace fenliu::gateway::handlers {

// customer_handlers.cpp
void start_conversation(const request_context& ctx, const v1::StartConversation& req);
void leave_message(const request_context& ctx, const v1::LeaveMessage& req);
void leave_queue(const request_context& ctx, const v1::LeaveQueue& req);
void rate(const request_context& ctx, const v1::RateConversation& req);
// bot_handlers.cpp
void request_human(const request_context& ctx, const v1::RequestHuman& req);

// message_handlers.cpp
void send_message(const request_context& ctx, const v1::SendMessage& req);
void typing(const request_context& ctx, const v1::Typing& req);
void resume(const request_context& ctx, const v1::Resume& req);
void fetch_history(const request_context& ctx, const v1::FetchHistory& req);
void recall(const request_context& ctx, const v1::RecallMessage& req);

// agent_handlers.cpp
void set_agent_state(const request_context& ctx, const v1::SetAgentState& req);
void accept_offer(const request_context& ctx, const v1::AcceptOffer& req);
void decline_offer(const request_context& ctx, const v1::DeclineOffer& req);
void close_conversation(const request_context& ctx, const v1::CloseConversation& req);
void transfer(const request_context& ctx, store::conversation_id id,
              const v1::TransferTarget& target, const std::string& note, bool forced);
void fetch_profile(const request_context& ctx, const v1::FetchCustomerProfile& req);

// supervisor_handlers.cpp
void subscribe_board(const request_context& ctx, const v1::SubscribeBoard& req);
void monitor(const request_context& ctx, const v1::MonitorConversation& req);
void barge(const request_context& ctx, const v1::Barge& req);
void force_agent_state(const request_context& ctx, const v1::ForceAgentState& req);
void fetch_decisions(const request_context& ctx, const v1::FetchDecisions& req);
void fetch_qa_sample(const request_context& ctx, const v1::FetchQaSample& req);
void fetch_transcript(const request_context& ctx, const v1::FetchTranscript& req);
void submit_qa_review(const request_context& ctx, const v1::SubmitQaReview& req);

/// Shared by several handlers: the conversation as the wire shows it.
void fill_info(const conversation_entry& c, v1::ConversationInfo& out);

}  // namespace fenliu::gateway::handlers

namespace fenliu::gateway::handlers {

/// Persists a message and, once committed, acks the sender and fans it out to the
/// conversation's participants in seq order. Used by SendMessage, the first text of
/// StartConversation and LeaveMessage.
void store_message(const request_context& ctx, store::conversation_id id,
                   const std::string& client_msg_id, const v1::MessageContent& content,
                   bool staff_only, std::int64_t client_time_ms);

/// The stored conversation, checked for the caller's read access, for conversations the hub no
/// longer holds (closed ones). Calls `then` on a store thread with the record, or fails the
/// request.
void with_readable_conversation(const request_context& ctx, store::conversation_id id,
                                std::function<void(const store::conversation_record&)> then);

}  // namespace fenliu::gateway::handlers
