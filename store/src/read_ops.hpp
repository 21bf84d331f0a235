#pragma once
// The statements and queries of the reader connection. Each query runs inside the reader's
// read transaction (one consistent snapshot per read).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "sqlite.hpp"

namespace fenliu::store::detail {

/// Every statement the reader runs, prepared once at open.
struct reader_statements {
  explicit reader_statements(connection& db);

  statement begin, commit;
  statement conversation, messages_after, messages_before, message_at, of_kind;
  statement open_of, open_all, qa_sample, assignments;
  statement customer, customer_tags, orders, order_items, decisions, rating, qa_reviews;
  statement pending_left, agents, agent_stages, agent_skills, agent_shifts, agent_holidays;
  statement faq;
  // shop data (shop_data_ops.hpp)
  statement product, products_search, order, shop_orders;
};

struct read_context {
  connection& db;
  reader_statements& st;
  std::function<time_ms()> clock;
  std::int64_t retention_ms = 0;
};

/// One row of the conversation columns (id, shop_id, ..., last_seq, in schema order) at 0..13.
conversation_record conversation_columns_row(const statement& s);
std::error_code read_conversation(read_context& c, conversation_id id, conversation_record& out);
std::error_code read_messages_after(read_context& c, conversation_id id, seq_t after,
                                    std::size_t limit, std::vector<stored_message>& out);
std::error_code read_messages_before(read_context& c, conversation_id id, seq_t before,
                                     std::size_t limit, std::vector<stored_message>& out);
std::error_code read_open_of(read_context& c, const std::string& participant,
                             std::vector<conversation_record>& out);
std::error_code read_messages_of_kind(read_context& c, message_kind kind, time_ms from,
                                      time_ms to, std::size_t limit,
                                      std::vector<stored_message>& out);
std::error_code read_open_all(read_context& c, std::vector<conversation_record>& out);
std::error_code read_qa_sample(read_context& c, std::optional<stage_code> stage, std::size_t limit,
                               std::vector<conversation_record>& out);
std::error_code read_assignments(read_context& c, conversation_id id,
                                 std::vector<assignment_row>& out);
std::error_code read_customer(read_context& c, const std::string& id, customer_row& out);
std::error_code read_orders(read_context& c, const std::string& customer_id,
                            std::vector<order_row>& out);
std::error_code read_decisions(read_context& c, conversation_id id, std::vector<decision_row>& out);
std::error_code read_rating(read_context& c, conversation_id id, rating_row& out);
std::error_code read_qa_reviews(read_context& c, conversation_id id,
                                std::vector<qa_review_row>& out);
std::error_code read_pending_left(read_context& c, const std::string& shop_id, std::size_t limit,
                                  std::vector<left_message_row>& out);
std::error_code read_agents(read_context& c, const std::string& shop_id,
                            std::vector<agent_row>& out);
std::error_code read_faq(read_context& c, const std::string& shop_id, std::vector<faq_row>& out);

}  // namespace fenliu::store::detail
