#pragma once
// The PostgreSQL implementation of both store interfaces. Its operations are defined by
// concept, one file each: pg_backend.cpp (start, stop, messages, conversations),
// pg_record_ops.cpp, pg_customer_ops.cpp, pg_shop_data_ops.cpp, pg_receipts_ops.cpp,
// pg_image_ops.cpp, pg_floor_ops.cpp, pg_kpi_ops.cpp, pg_admin_ops.cpp.

#include <memory>

#include "fenliu/store/postgres_store.hpp"
#include "pg_reader.hpp"
#include "pg_writer.hpp"

namespace fenliu::store::pg {

class postgres_backend final : public store {
 public:
  /// Connects, creates the schema, migrates, then starts the writer and reader threads.
  /// Throws on failure (start-up).
  explicit postgres_backend(const postgres_options& options);
  ~postgres_backend() override;

  // message_log
  std::error_code append(new_message msg, callback<append_result> done) override;
  void read_after(conversation_id id, seq_t after_seq, std::size_t limit,
                  callback<std::vector<stored_message>> done) override;
  void read_before(conversation_id id, seq_t before_seq, std::size_t limit,
                   callback<std::vector<stored_message>> done) override;
  std::error_code purge_messages_before(time_ms cutoff, callback<std::size_t> done) override;

  // records
  std::error_code create_conversation(conversation_record rec,
                                      callback<conversation_id> done) override;
  std::error_code update_conversation(conversation_record rec, callback<bool> done) override;
  void get_conversation(conversation_id id, callback<conversation_record> done) override;
  void open_conversations_of(std::string customer_or_agent_id,
                             callback<std::vector<conversation_record>> done) override;
  void messages_of_kind(message_kind kind, time_ms from, time_ms to, std::size_t limit,
                        callback<std::vector<stored_message>> done) override;
  void qa_sample(std::optional<stage_code> stage, std::size_t limit,
                 callback<std::vector<conversation_record>> done) override;
  void assignments_of(conversation_id id, callback<std::vector<assignment_row>> done) override;
  std::vector<conversation_record> load_open_conversations() override;
  std::error_code record_decision(decision_row row) override;
  void decisions_of(conversation_id id, callback<std::vector<decision_row>> done) override;
  std::error_code save_rating(rating_row row, callback<bool> done) override;
  void rating_of(conversation_id id, callback<rating_row> done) override;
  std::error_code save_qa_review(qa_review_row row, callback<bool> done) override;
  void qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done) override;
  std::error_code save_left_message(left_message_row row, callback<bool> done) override;
  void pending_left_messages(std::string shop_id, std::size_t limit,
                             callback<std::vector<left_message_row>> done) override;
  std::error_code upsert_customer(customer_row row) override;
  void get_customer(std::string id, callback<customer_row> done) override;
  std::error_code upsert_order(order_row row) override;
  void orders_of(std::string customer_id, callback<std::vector<order_row>> done) override;
  std::error_code upsert_shop(shop_row row, callback<bool> done) override;
  std::error_code sync_agents(std::string shop_id, std::vector<agent_row> agents,
                              callback<bool> done) override;
  void agents_of(std::string shop_id, callback<std::vector<agent_row>> done) override;
  std::error_code sync_faq(std::string shop_id, std::vector<faq_row> rows,
                           callback<bool> done) override;
  void faq_of(std::string shop_id, callback<std::vector<faq_row>> done) override;
  void customer_file_of(std::string customer_id, conversation_id exclude,
                        customer_file_limits limits, callback<customer_file> done) override;
  std::error_code set_customer_tags(std::string customer_id, std::string shop_id,
                                    std::vector<std::string> tags, callback<bool> done) override;
  std::error_code record_served(std::string customer_id, std::string shop_id,
                                std::string agent_id, time_ms at) override;
  std::error_code add_customer_note(customer_note_row row,
                                    callback<std::uint64_t> done) override;
  std::error_code save_quick_phrase(quick_phrase_row row, callback<bool> done) override;
  std::error_code delete_quick_phrase(std::string id, std::string owner_id,
                                      callback<bool> done) override;
  std::error_code sync_shop_phrases(std::string shop_id, std::vector<quick_phrase_row> rows,
                                    callback<bool> done) override;
  void quick_phrases_of(std::string shop_id,
                        callback<std::vector<quick_phrase_row>> done) override;

  // images (image_ops.cpp)
  std::error_code save_image(image_row row, callback<bool> done) override;
  void get_image(std::string id, callback<std::vector<image_row>> done) override;
  std::error_code record_image_use(std::string image_id, conversation_id conversation,
                                   time_ms at) override;
  void image_conversations(std::string image_id,
                           callback<std::vector<conversation_record>> done) override;
  std::error_code purge_images_before(time_ms cutoff,
                                      callback<std::vector<std::string>> done) override;
  // shop data (shop_data_ops.cpp)
  std::error_code upsert_product(product_row row, callback<bool> done) override;
  void get_product(std::string id, callback<product_row> done) override;
  void products_of(std::string shop_id, std::string query, std::size_t limit,
                   callback<std::vector<product_row>> done) override;
  void get_order(std::string id, callback<order_row> done) override;
  std::error_code import_shop_data(std::string shop_id, std::vector<product_row> products,
                                   std::vector<order_row> orders, callback<bool> done) override;
  shop_data load_shop_data(std::string shop_id) override;
  // the floor (floor_ops.cpp)
  std::error_code save_alert(alert_row row, callback<bool> done) override;
  std::error_code acknowledge_alert(std::uint64_t id, std::string by, time_ms at,
                                    callback<alert_row> done) override;
  void alerts(bool include_acknowledged, std::size_t limit,
              callback<std::vector<alert_row>> done) override;
  void qa_candidates(time_ms from, time_ms to, std::optional<stage_code> stage,
                     callback<std::vector<qa_candidate_row>> done) override;
  void qa_reviews_of_agent(std::string agent_id, std::size_t limit,
                           callback<std::vector<qa_review_row>> done) override;
  // read receipts and stored context (receipts_ops.cpp)
  std::error_code save_read_mark(read_mark_row row, callback<seq_t> done) override;
  void read_marks_of(conversation_id id, callback<std::vector<read_mark_row>> done) override;
  std::error_code save_transfer_note(conversation_id id, std::string note,
                                     callback<bool> done) override;
  void transfer_note_of(conversation_id id, callback<std::string> done) override;
  // admin API (admin_ops.cpp)
  std::error_code save_admin_change(std::vector<admin_section_row> sections, audit_row audit,
                                    callback<std::uint64_t> done) override;
  void admin_sections_of(std::string shop_id,
                         callback<std::vector<admin_section_row>> done) override;
  void audit_of(std::string shop_id, std::size_t limit,
                callback<std::vector<audit_row>> done) override;
  // KPIs (kpi_ops.cpp, part "kpis")
  void kpi_source_of(std::string shop_id, time_ms from, time_ms to, time_ms orders_until,
                     std::size_t max_conversations, callback<kpi_source> done) override;

  // store
  void shutdown() override;

 private:
  template <class T, class Fn>
  std::error_code write(Fn fn, callback<T> done, std::size_t bytes = 0);
  template <class T, class Fn>
  void read(Fn fn, callback<T> done);
  /// Start-up reads (load_open_conversations, load_shop_data): `fn` on the reader thread, the
  /// caller waits; throws std::system_error on a refused or failed read.
  template <class T, class Fn>
  T read_blocking(Fn fn);

  std::unique_ptr<writer> writer_;
  std::unique_ptr<reader> reader_;
};

}  // namespace fenliu::store::pg
