#include "sqlite_backend.hpp"

#include <chrono>
#include <future>
#include <utility>

#include "schema.hpp"
#include "sqlite_backend_jobs.hpp"

namespace fenliu::store {
namespace detail {
namespace {

std::function<time_ms()> clock_of(const sqlite_options& options) {
  if (options.clock) {
    return options.clock;
  }
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

std::unique_ptr<connection> open_writer_connection(const sqlite_options& options) {
  if (options.path.empty() || options.path == ":memory:") {
    throw std::invalid_argument("store: a file path is required (WAL needs a file)");
  }
  auto db = std::make_unique<connection>(options.path);
  // A reader checkpointing or a second process migrating holds the lock only briefly.
  sqlite3_busy_timeout(db->get(), 5000);
  {
    statement mode(*db, "PRAGMA journal_mode = WAL");
    if (mode.step() != SQLITE_ROW || mode.column_text(0) != "wal") {
      throw sqlite_error(SQLITE_ERROR, "store: cannot switch " + options.path + " to WAL");
    }
  }
  db->exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  // Index pages of busy conversations stay hot across batches (default is only 2 MiB).
  db->exec("PRAGMA cache_size = -65536");
  // After a burst the WAL file is cut back to this size when it restarts, instead of keeping
  // its largest size on disk forever.
  db->exec("PRAGMA journal_size_limit = 67108864");
  migrate(*db);
  return db;
}

std::unique_ptr<connection> open_reader_connection(const sqlite_options& options) {
  auto db = std::make_unique<connection>(options.path);
  sqlite3_busy_timeout(db->get(), 5000);
  db->exec("PRAGMA query_only = ON");
  db->exec("PRAGMA cache_size = -16384");
  return db;
}

}  // namespace

sqlite_backend::sqlite_backend(const sqlite_options& options) {
  auto clock = clock_of(options);
  writer_ = std::make_unique<writer>(options, open_writer_connection(options), clock);
  reader_ = std::make_unique<reader>(options, open_reader_connection(options), clock);
}

sqlite_backend::~sqlite_backend() {
  shutdown();
}

void sqlite_backend::shutdown() {
  // Writes first: a read queued behind them still finds the reader running.
  writer_->shutdown();
  reader_->shutdown();
}

// ---- writes ----

std::error_code sqlite_backend::append(new_message msg, callback<append_result> done) {
  const std::size_t bytes = msg.payload.size();
  return write<append_result>(
      [m = std::move(msg)](write_context& c, append_result& out) {
        return append_message(c, m, out);
      },
      std::move(done), bytes);
}

std::error_code sqlite_backend::create_conversation(conversation_record rec,
                                                    callback<conversation_id> done) {
  return write<conversation_id>(
      [r = std::move(rec)](write_context& c, conversation_id& id) {
        return detail::create_conversation(c, r, id);
      },
      std::move(done));
}

std::error_code sqlite_backend::update_conversation(conversation_record rec, callback<bool> done) {
  return write<bool>(
      [r = std::move(rec)](write_context& c, bool& ok) {
        auto ec = detail::update_conversation(c, r);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::record_decision(decision_row row) {
  return write_row(std::move(row), &detail::insert_decision, {});
}

std::error_code sqlite_backend::save_rating(rating_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::save_rating, std::move(done));
}

std::error_code sqlite_backend::save_qa_review(qa_review_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::save_qa_review, std::move(done));
}

std::error_code sqlite_backend::save_left_message(left_message_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::save_left_message, std::move(done));
}

std::error_code sqlite_backend::upsert_customer(customer_row row) {
  return write_row(std::move(row), &detail::upsert_customer, {});
}

std::error_code sqlite_backend::upsert_order(order_row row) {
  return write_row(std::move(row), &detail::upsert_order, {});
}

std::error_code sqlite_backend::upsert_shop(shop_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::upsert_shop, std::move(done));
}

std::error_code sqlite_backend::sync_agents(std::string shop_id, std::vector<agent_row> agents,
                                            callback<bool> done) {
  return write<bool>(
      [shop = std::move(shop_id), list = std::move(agents)](write_context& c, bool& ok) {
        auto ec = detail::sync_agents(c, shop, list);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::sync_faq(std::string shop_id, std::vector<faq_row> rows,
                                         callback<bool> done) {
  return write<bool>(
      [shop = std::move(shop_id), list = std::move(rows)](write_context& c, bool& ok) {
        auto ec = detail::sync_faq(c, shop, list);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::set_max_page_count(std::int64_t pages, callback<bool> done) {
  return write<bool>(
      [pages](write_context& c, bool& ok) {
        auto ec = detail::set_max_page_count(c, pages);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code sqlite_backend::purge_messages_before(time_ms cutoff, callback<std::size_t> done) {
  return write<std::size_t>(
      [cutoff](write_context& c, std::size_t& deleted) {
        return detail::purge_messages(c, cutoff, deleted);
      },
      std::move(done));
}

// ---- reads ----

void sqlite_backend::read_after(conversation_id id, seq_t after_seq, std::size_t limit,
                                callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        return read_messages_after(c, id, after_seq, limit, out);
      },
      std::move(done));
}

void sqlite_backend::read_before(conversation_id id, seq_t before_seq, std::size_t limit,
                                 callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        return read_messages_before(c, id, before_seq, limit, out);
      },
      std::move(done));
}

void sqlite_backend::get_conversation(conversation_id id, callback<conversation_record> done) {
  read<conversation_record>(
      [=](read_context& c, conversation_record& out) { return read_conversation(c, id, out); },
      std::move(done));
}

void sqlite_backend::open_conversations_of(std::string customer_or_agent_id,
                                           callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [who = std::move(customer_or_agent_id)](read_context& c,
                                              std::vector<conversation_record>& out) {
        return read_open_of(c, who, out);
      },
      std::move(done));
}

void sqlite_backend::get_customer(std::string id, callback<customer_row> done) {
  read<customer_row>([id = std::move(id)](read_context& c,
                                          customer_row& out) { return read_customer(c, id, out); },
                     std::move(done));
}

void sqlite_backend::orders_of(std::string customer_id, callback<std::vector<order_row>> done) {
  read<std::vector<order_row>>(
      [id = std::move(customer_id)](read_context& c, std::vector<order_row>& out) {
        return read_orders(c, id, out);
      },
      std::move(done));
}

void sqlite_backend::decisions_of(conversation_id id, callback<std::vector<decision_row>> done) {
  read<std::vector<decision_row>>(
      [=](read_context& c, std::vector<decision_row>& out) { return read_decisions(c, id, out); },
      std::move(done));
}

void sqlite_backend::messages_of_kind(message_kind kind, time_ms from, time_ms to,
                                      std::size_t limit,
                                      callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        return read_messages_of_kind(c, kind, from, to, limit, out);
      },
      std::move(done));
}

void sqlite_backend::qa_sample(std::optional<stage_code> stage, std::size_t limit,
                               callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [=](read_context& c, std::vector<conversation_record>& out) {
        return read_qa_sample(c, stage, limit, out);
      },
      std::move(done));
}

void sqlite_backend::agents_of(std::string shop_id, callback<std::vector<agent_row>> done) {
  read<std::vector<agent_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<agent_row>& out) {
        return read_agents(c, id, out);
      },
      std::move(done));
}

void sqlite_backend::faq_of(std::string shop_id, callback<std::vector<faq_row>> done) {
  read<std::vector<faq_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<faq_row>& out) {
        return read_faq(c, id, out);
      },
      std::move(done));
}

void sqlite_backend::assignments_of(conversation_id id,
                                    callback<std::vector<assignment_row>> done) {
  read<std::vector<assignment_row>>(
      [=](read_context& c, std::vector<assignment_row>& out) {
        return read_assignments(c, id, out);
      },
      std::move(done));
}

void sqlite_backend::rating_of(conversation_id id, callback<rating_row> done) {
  read<rating_row>([=](read_context& c, rating_row& out) { return read_rating(c, id, out); },
                   std::move(done));
}

void sqlite_backend::qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done) {
  read<std::vector<qa_review_row>>(
      [=](read_context& c, std::vector<qa_review_row>& out) { return read_qa_reviews(c, id, out); },
      std::move(done));
}

void sqlite_backend::pending_left_messages(std::string shop_id, std::size_t limit,
                                           callback<std::vector<left_message_row>> done) {
  read<std::vector<left_message_row>>(
      [id = std::move(shop_id), limit](read_context& c, std::vector<left_message_row>& out) {
        return read_pending_left(c, id, limit, out);
      },
      std::move(done));
}

std::vector<conversation_record> sqlite_backend::load_open_conversations() {
  std::promise<std::vector<conversation_record>> result;
  auto future = result.get_future();
  read<std::vector<conversation_record>>(
      [](read_context& c, std::vector<conversation_record>& out) { return read_open_all(c, out); },
      [&result](std::error_code ec, std::vector<conversation_record> rows) {
        // Start-up: a store that cannot list its conversations must not serve.
        if (ec) {
          result.set_exception(std::make_exception_ptr(std::system_error(ec)));
        } else {
          result.set_value(std::move(rows));
        }
      });
  return future.get();
}

}  // namespace detail

std::unique_ptr<sqlite_store> open_sqlite_store(const sqlite_options& options) {
  return std::make_unique<detail::sqlite_backend>(options);
}

}  // namespace fenliu::store
