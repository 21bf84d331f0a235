#pragma once
// Every server frame, built from domain values into a ready `frame_ptr`. Frames answering a
// request carry its `request_id`; pushes carry none. Pure; safe on any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/router/actions.hpp"
#include "fenliu/router/router.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/auth/auth.hpp"
#include "gateway/protocol/codes.hpp"
#include "gateway/protocol/frame.hpp"
#include "gateway/protocol/floor_frames.hpp"

namespace fenliu::gateway {

struct customer_record;  // customer_frames.hpp

/// A conversation as the wire shows it (ConversationInfo).
struct conversation_info {
  store::conversation_id id = 0;
  router::stage stage = router::stage::pre_sales;
  store::conversation_state state = store::conversation_state::queued;
  std::string customer;
  std::string agent;          // empty: none
  store::seq_t last_seq = 0;  // 0 when not known (the hub does not count messages)
  store::time_ms created_at = 0;
  // Shop data: where the chat was opened from, and the stored order / product of that page
  // (order_book::describe_entry fills them; an order only when it is the customer's).
  std::string entry_page = {};
  std::string entry_product_id = {};
  std::string entry_order_id = {};
  std::optional<store::order_row> entry_order = {};
  std::optional<store::product_row> entry_product = {};
};

/// A stored conversation as the wire shows it.
conversation_info info_of(const store::conversation_record& rec);

struct welcome_info {
  role who = role::customer;
  std::string identity;
  std::string shop_id;
  std::int64_t server_time_ms = 0;
  std::uint32_t max_message_bytes = 0;
  std::uint32_t max_text_chars = 0;
  std::vector<store::conversation_id> open_conversations;  // resume these after a reconnect
  std::string shop_time_zone = {};  // IANA name; empty: UTC
};

/// What one Resume replayed. The client resumes again from `to_seq` while `more` is set.
struct resume_outcome {
  store::seq_t from_seq = 0;  // first replayed seq; 0 when nothing was replayed
  store::seq_t to_seq = 0;    // last replayed seq (the request's last_seq when none)
  bool resync = false;        // beyond retention: nothing replayed, fetch history instead
  bool more = false;          // the replay stopped at the batch size
  store::seq_t my_last_read_seq = 0;    // read receipts: the caller's mark
  store::seq_t peer_last_read_seq = 0;  // the other side's mark
};

/// What a transcript shows besides the messages (part "receipts").
struct transcript_context {
  std::uint32_t rating_stars = 0;  // 0: not rated
  std::string rating_comment;
  std::string transfer_note;
};

// Answers to a request.
/// `retry_after_ms`: with a retryable code, how long the client should wait before resending.
frame_ptr encode_error(std::uint64_t request_id, error_code code, std::string detail,
                       std::uint32_t retry_after_ms = 0);
frame_ptr encode_ok(std::uint64_t request_id);
frame_ptr encode_pong(std::uint64_t request_id, std::int64_t client_time_ms,
                      std::int64_t server_time_ms);
frame_ptr encode_send_ack(std::uint64_t request_id, store::conversation_id id,
                          const std::string& client_msg_id, const store::append_result& r);
frame_ptr encode_resume_result(std::uint64_t request_id, const store::conversation_record& rec,
                               const resume_outcome& outcome);
/// The same, with the conversation as described for the reader (its entry cards).
frame_ptr encode_resume_result(std::uint64_t request_id, const conversation_info& info,
                               const resume_outcome& outcome);
/// Shop data: the answer to FetchProducts.
frame_ptr encode_product_list(std::uint64_t request_id,
                              const std::vector<store::product_row>& products);
/// `messages` newest first, already filtered for the reader.
frame_ptr encode_history(std::uint64_t request_id, store::conversation_id id,
                         const std::vector<store::stored_message>& messages, bool more);
frame_ptr encode_conversation_started(std::uint64_t request_id, const conversation_info& c,
                                      bool resumed);
frame_ptr encode_decisions(std::uint64_t request_id, store::conversation_id id,
                           const std::vector<router::decision_record>& records);
/// `messages` oldest first.
frame_ptr encode_transcript(std::uint64_t request_id, const store::conversation_record& rec,
                            const std::vector<store::stored_message>& messages,
                            const transcript_context& context = {});

// Pushes.
frame_ptr encode_welcome(const welcome_info& w);
/// A chat message, live (with the sender's client time) or replayed.
frame_ptr encode_message(const store::stored_message& m, std::int64_t client_time_ms = 0);
frame_ptr encode_typing(store::conversation_id id, role sender_role, const std::string& sender,
                        bool typing);
frame_ptr encode_queue_status(const router::action::queue_status& q);
/// `transfer_note` is for staff: leave it empty in the customer's frame.
/// `handover` (staff only): what the bot learnt, when it handed the chat over; `risk` goes with
/// it.
/// `profile` (staff only): the buyer's record, when known.
frame_ptr encode_assigned(const conversation_info& c, const std::string& agent_display_name,
                          const std::string& transfer_note,
                          const assist::handover_summary* handover = nullptr, double risk = 0,
                          const customer_record* profile = nullptr);
frame_ptr encode_conversation_closed(store::conversation_id id, const std::string& closed_by,
                                     bool rating_invited);
frame_ptr encode_stage_changed(const router::action::stage_changed& s);
frame_ptr encode_offer(const conversation_info& c, store::time_ms expires_at,
                       const std::string& reason, const customer_record* profile = nullptr);
frame_ptr encode_offer_revoked(store::conversation_id id, const std::string& reason);
frame_ptr encode_unassigned(store::conversation_id id, const std::string& reason);
frame_ptr encode_agent_state_changed(const router::action::agent_state_changed& s);
// Read receipts and stored context (part "receipts"). The receipt is ephemeral.
frame_ptr encode_read_receipt(store::conversation_id id, role reader_role,
                              const std::string& reader_id, store::seq_t last_read_seq);
frame_ptr encode_conversation_rated(store::conversation_id id, std::uint32_t stars,
                                    const std::string& comment);
/// The same frame answering a request (request_id set), e.g. an Assigned replayed on Resume.
frame_ptr with_request_id(const frame_ptr& frame, std::uint64_t request_id);

}  // namespace fenliu::gateway
