#pragma once
// The statements and operations of the writer connection. Each operation runs inside the
// writer's batch transaction and returns errc::write_failed on any database error.

#include <cstdint>
#include <functional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "sqlite.hpp"

namespace fenliu::store::detail {

/// Every statement the writer runs, prepared once at open (the statement cache).
struct writer_statements {
  explicit writer_statements(connection& db);

  statement begin, commit, rollback;
  // messages
  statement find_duplicate, last_seq, save_last_seq, mark_recalled, insert_new_message;
  statement purge_messages;
  // conversations
  statement insert_conversation, select_conversation_phase, update_conversation, insert_history;
  // records
  statement insert_decision, upsert_rating, insert_qa_review, insert_left_message;
  statement upsert_customer, delete_tags, insert_tag;
  statement upsert_order, delete_items, insert_item;
  // config
  statement upsert_shop, delete_agent_stages, delete_agent_skills, delete_agent_shifts;
  statement delete_agent_holidays, delete_agents, insert_agent, insert_agent_stage;
  statement insert_agent_skill, insert_agent_shift, insert_agent_holiday;
  statement delete_faq, insert_faq;
  // shop data (shop_data_ops.hpp)
  statement upsert_product;
};

/// Each conversation's last seq as the writer knows it, so that a message costs one INSERT and
/// a batch one UPDATE per conversation it wrote to, instead of an UPDATE ... RETURNING per
/// message. The rows stay the truth: the batch's seqs are saved in its own transaction
/// (save_batch_seqs) and only a committed batch's enter the cache. The writer is the only one
/// who changes last_seq.
class seq_cache {
 public:
  static constexpr std::size_t max_conversations = 200'000;

  /// This batch's seq, else the committed one; false: read the row.
  bool find(conversation_id conversation, seq_t& seq) const;
  /// A message with `seq` went in, in this batch.
  void advance(conversation_id conversation, seq_t seq);
  const std::unordered_map<conversation_id, seq_t>& batch() const noexcept { return batch_; }
  void commit();
  void rollback();

 private:
  std::unordered_map<conversation_id, seq_t> committed_;
  std::unordered_map<conversation_id, seq_t> batch_;
};

/// What an operation may use: the writer's connection and statements, and the clock.
struct write_context {
  connection& db;
  writer_statements& st;
  std::function<time_ms()> clock;
  std::int64_t default_max_page_count = 0;  // SQLite's own limit, restored by pages == 0
  seq_cache seqs;
};

/// Writes the last seq of every conversation the batch appended to (before COMMIT).
std::error_code save_batch_seqs(write_context& c);

std::error_code append_message(write_context& c, const new_message& m, append_result& out);
std::error_code purge_messages(write_context& c, time_ms cutoff, std::size_t& deleted);
std::error_code create_conversation(write_context& c, const conversation_record& r,
                                    conversation_id& id);
std::error_code update_conversation(write_context& c, const conversation_record& r);
std::error_code insert_decision(write_context& c, const decision_row& r);
std::error_code save_rating(write_context& c, const rating_row& r);
std::error_code save_qa_review(write_context& c, const qa_review_row& r);
std::error_code save_left_message(write_context& c, const left_message_row& r);
std::error_code upsert_customer(write_context& c, const customer_row& r);
std::error_code upsert_order(write_context& c, const order_row& r);
std::error_code upsert_shop(write_context& c, const shop_row& r);
std::error_code sync_agents(write_context& c, const std::string& shop_id,
                            const std::vector<agent_row>& agents);
std::error_code sync_faq(write_context& c, const std::string& shop_id,
                         const std::vector<faq_row>& rows);
std::error_code set_max_page_count(write_context& c, std::int64_t pages);

/// The step finished without a database error.
inline bool step_done(int rc) {
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

}  // namespace fenliu::store::detail
