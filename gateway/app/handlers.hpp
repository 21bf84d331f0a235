#pragma once
// One function per client request. Each runs on the session's strand and validates what the
// protocol layer could not (participation, state). Handlers that wait for the store are
// coroutines: the dispatcher spawns them on the strand, and they continue there after every
// store call (see store_awaitable.hpp). They take their request and context by value, so they
// own what they use while suspended. The others answer before they return.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "gateway/app/request_context.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway::handlers {

namespace asio = boost::asio;

// customer_handlers.cpp
asio::awaitable<void> start_conversation(request_context ctx, requests::start_conversation req);
asio::awaitable<void> leave_message(request_context ctx, requests::leave_message req);
void leave_queue(const request_context& ctx, const requests::leave_queue& req);
asio::awaitable<void> rate(request_context ctx, requests::rate req);
// bot_handlers.cpp
void request_human(const request_context& ctx, const requests::request_human& req);

// message_handlers.cpp
asio::awaitable<void> send_message(request_context ctx, requests::send_message req);
void typing(const request_context& ctx, const requests::typing& req);
asio::awaitable<void> resume(request_context ctx, requests::resume req);
asio::awaitable<void> fetch_history(request_context ctx, requests::fetch_history req);
asio::awaitable<void> recall(request_context ctx, requests::recall req);

// agent_handlers.cpp
void set_agent_state(const request_context& ctx, const requests::set_agent_state& req);
void accept_offer(const request_context& ctx, const requests::accept_offer& req);
void decline_offer(const request_context& ctx, const requests::decline_offer& req);
void close_conversation(const request_context& ctx, const requests::close_conversation& req);
/// The serving agent parks the chat on logistics (lighter load weight until the buyer writes).
asio::awaitable<void> mark_awaiting_logistics(request_context ctx,
                                              requests::mark_awaiting_logistics req);
/// TransferConversation, and ForceTransfer (`req.forced`: a supervisor, no participation needed).
void transfer(const request_context& ctx, const requests::transfer& req);

// agent_tools_handlers.cpp: the customer record, quick phrases, suggested replies.
asio::awaitable<void> fetch_profile(request_context ctx, requests::fetch_profile req);
void fetch_quick_phrases(const request_context& ctx, const requests::fetch_quick_phrases& req);
asio::awaitable<void> save_quick_phrase(request_context ctx, requests::save_quick_phrase req);
asio::awaitable<void> delete_quick_phrase(request_context ctx, requests::delete_quick_phrase req);
asio::awaitable<void> edit_customer_tags(request_context ctx, requests::edit_customer_tags req);
asio::awaitable<void> add_customer_note(request_context ctx, requests::add_customer_note req);
asio::awaitable<void> fetch_suggestions(request_context ctx, requests::fetch_suggestions req);

// supervisor_handlers.cpp
void subscribe_board(const request_context& ctx, const requests::subscribe_board& req);
void monitor(const request_context& ctx, const requests::monitor& req);
asio::awaitable<void> barge(request_context ctx, requests::barge req);
void force_agent_state(const request_context& ctx, const requests::force_agent_state& req);
asio::awaitable<void> fetch_decisions(request_context ctx, requests::fetch_decisions req);
asio::awaitable<void> fetch_qa_sample(request_context ctx, requests::fetch_qa_sample req);
asio::awaitable<void> fetch_transcript(request_context ctx, requests::fetch_transcript req);
asio::awaitable<void> ack_alert(request_context ctx, requests::ack_alert req);
asio::awaitable<void> fetch_alerts(request_context ctx, requests::fetch_alerts req);

// qa_handlers.cpp: the sample, the checklist and the reviews
asio::awaitable<void> submit_qa_review(request_context ctx, requests::submit_qa_review req);
asio::awaitable<void> fetch_qa_checklist(request_context ctx, requests::fetch_qa_checklist req);
asio::awaitable<void> fetch_qa_reviews(request_context ctx, requests::fetch_qa_reviews req);
/// A conversation closed: every QA session gets its sample again (request_id 0).
void refresh_qa_samples(services& svc);

// receipts_handlers.cpp (part "receipts")
asio::awaitable<void> mark_read(request_context ctx, requests::mark_read req);
// KPIs (part "kpis", kpi_handlers.cpp).
asio::awaitable<void> fetch_kpis(request_context ctx, requests::fetch_kpis req);
/// The read marks a Resume answers with: the caller's own, and the other side's.
struct read_marks {
  store::seq_t mine = 0;
  store::seq_t peer = 0;
};
asio::awaitable<read_marks> marks_for(const request_context& ctx,
                                      const store::conversation_record& rec);
/// Staff resuming a conversation with a stored transfer note get an Assigned carrying it
/// (answering the Resume). `ctx` and `rec` must outlive the call.
asio::awaitable<void> send_stored_note(const request_context& ctx,
                                       const store::conversation_record& rec);
/// ConversationRated to the conversation's agent and to board subscribers.
void announce_rating(services& svc, const store::conversation_record& rec, int stars,
                     const std::string& comment);
/// Stores the note of a transfer, so a reconnecting agent and QA still read it.
void remember_transfer_note(services& svc, store::conversation_id id, const std::string& note);
asio::awaitable<transcript_context> transcript_context_of(const request_context& ctx,
                                                          store::conversation_id id);

/// Persists a message; once committed, fans it out to the conversation's participants in seq
/// order (from the store's writer thread) and then acks the sender. Used by SendMessage, the
/// first text of StartConversation, LeaveMessage, recalls and the barge notice. `ctx` must
/// outlive the call (co_await it at once).
asio::awaitable<void> store_message(const request_context& ctx, store::conversation_id id,
                                    std::string client_msg_id, message_content content,
                                    bool staff_only, std::int64_t client_time_ms);

/// The message as it will read back from the store; seq and time come with the commit.
store::stored_message stored_form(const store::new_message& m);

/// The stored conversation, checked for the caller's read access; for conversations the hub no
/// longer holds (closed ones) too. nullopt when the request was failed (unknown, store error,
/// no access). `ctx` must outlive the call.
asio::awaitable<std::optional<store::conversation_record>> readable_conversation(
    const request_context& ctx, store::conversation_id id);

// shop_data_handlers.cpp (shop data: cards, the product picker, entry context)
/// The workbench's product picker: the stored products matching the query.
asio::awaitable<void> fetch_products(request_context ctx, requests::fetch_products req);
/// A product or order card in `content` is replaced by the one built from the stored data
/// (other contents are left alone). false when the request was failed: an unknown product,
/// or an order that is unknown or not the conversation's customer's (both NOT_FOUND).
bool rebuild_card(const request_context& ctx, const conversation_entry& c,
                  message_content& content);
/// The stored conversation with its entry cards.
conversation_info described(const services& svc, const store::conversation_record& rec);

}  // namespace fenliu::gateway::handlers
