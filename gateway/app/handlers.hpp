#pragma once
// One function per client request. Each runs on the session's strand, validates what the
// protocol layer could not (participation, state), and answers through the request context.

#include <functional>

#include "gateway/app/request_context.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway::handlers {

// customer_handlers.cpp
void start_conversation(const request_context& ctx, const requests::start_conversation& req);
void leave_message(const request_context& ctx, const requests::leave_message& req);
void leave_queue(const request_context& ctx, const requests::leave_queue& req);
void rate(const request_context& ctx, const requests::rate& req);

// message_handlers.cpp
void send_message(const request_context& ctx, const requests::send_message& req);
void typing(const request_context& ctx, const requests::typing& req);
void resume(const request_context& ctx, const requests::resume& req);
void fetch_history(const request_context& ctx, const requests::fetch_history& req);
void recall(const request_context& ctx, const requests::recall& req);

// agent_handlers.cpp
void set_agent_state(const request_context& ctx, const requests::set_agent_state& req);
void accept_offer(const request_context& ctx, const requests::accept_offer& req);
void decline_offer(const request_context& ctx, const requests::decline_offer& req);
void close_conversation(const request_context& ctx, const requests::close_conversation& req);
/// TransferConversation, and ForceTransfer (`req.forced`: a supervisor, no participation needed).
void transfer(const request_context& ctx, const requests::transfer& req);
void fetch_profile(const request_context& ctx, const requests::fetch_profile& req);

// supervisor_handlers.cpp
void subscribe_board(const request_context& ctx, const requests::subscribe_board& req);
void monitor(const request_context& ctx, const requests::monitor& req);
void barge(const request_context& ctx, const requests::barge& req);
void force_agent_state(const request_context& ctx, const requests::force_agent_state& req);
void fetch_decisions(const request_context& ctx, const requests::fetch_decisions& req);
void fetch_qa_sample(const request_context& ctx, const requests::fetch_qa_sample& req);
void fetch_transcript(const request_context& ctx, const requests::fetch_transcript& req);
void submit_qa_review(const request_context& ctx, const requests::submit_qa_review& req);

/// Persists a message and, once committed, acks the sender and fans it out to the
/// conversation's participants in seq order. Used by SendMessage, the first text of
/// StartConversation and LeaveMessage.
void store_message(const request_context& ctx, store::conversation_id id,
                   const std::string& client_msg_id, const message_content& content,
                   bool staff_only, std::int64_t client_time_ms);

/// The stored conversation, checked for the caller's read access, for conversations the hub no
/// longer holds (closed ones). Calls `then` on a store thread with the record, or fails the
/// request.
void with_readable_conversation(const request_context& ctx, store::conversation_id id,
                                std::function<void(const store::conversation_record&)> then);

}  // namespace fenliu::gateway::handlers
