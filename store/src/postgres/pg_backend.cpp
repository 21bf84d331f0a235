// The PostgreSQL back end: start and stop, the message log, conversations.

#include "pg_backend.hpp"

#include <chrono>
#include <utility>

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"
#include "pg_schema.hpp"

namespace fenliu::store {
namespace pg {
namespace {

std::function<time_ms()> clock_of(const postgres_options& options) {
  if (options.clock) {
    return options.clock;
  }
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

std::unique_ptr<connection> open_writer_connection(const postgres_options& options) {
  if (options.dsn.empty()) {
    throw std::invalid_argument("store: a PostgreSQL connection string (dsn) is required");
  }
  auto db = std::make_unique<connection>(options.dsn, options.schema, /*create_schema=*/true,
                                         std::chrono::milliseconds(options.timeout_ms));
  migrate(*db);
  return db;
}

// ---- SQL ----

namespace sql {


// A resend is found by its (conversation, sender, client id) before a seq is taken: the seq
// is bumped only when there is none, and the message goes in with it, all in one statement
// (one round trip per message). No row: the conversation does not exist.
constexpr query append_message{
    "append_message",
    "WITH dup AS (SELECT seq, created_at FROM messages WHERE conversation_id = $1 AND "
    "sender_id = $3 AND client_msg_id = $4 AND client_msg_id <> ''), "
    "bumped AS (UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 AND "
    "NOT EXISTS (SELECT 1 FROM dup) RETURNING last_seq), "
    "inserted AS (INSERT INTO messages(conversation_id, seq, role, sender_id, client_msg_id, "
    "kind, payload, staff_only, recalls_seq, recalled, created_at) "
    "SELECT $1, last_seq, $2, $3, $4, $5, $6, $7, $8, 0, $9 FROM bumped "
    "RETURNING seq, created_at) "
    "SELECT seq, created_at, 1::bigint FROM dup UNION ALL "
    "SELECT seq, created_at, 0::bigint FROM inserted"};
constexpr query find_duplicate{
    "find_duplicate",
    "SELECT seq, created_at FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND "
    "client_msg_id = $3 AND client_msg_id <> ''"};
constexpr query mark_recalled{
    "mark_recalled",
    "UPDATE messages SET recalled = 1 WHERE conversation_id = $1 AND seq = $2"};
constexpr query purge_messages{"purge_messages", "DELETE FROM messages WHERE created_at < $1"};

constexpr query conversation_by_id{
    "conversation_by_id",
    "SELECT " FENLIU_PG_CONVERSATION_COLUMNS "FROM conversations WHERE id = $1"};
constexpr query message_created_at{
    "message_created_at",
    "SELECT created_at FROM messages WHERE conversation_id = $1 AND seq = $2"};
constexpr query messages_after{
    "messages_after", "SELECT " FENLIU_PG_MESSAGE_COLUMNS
                      "FROM messages WHERE conversation_id = $1 AND seq > $2 "
                      "ORDER BY seq LIMIT $3"};
constexpr query messages_before{
    "messages_before", "SELECT " FENLIU_PG_MESSAGE_COLUMNS
                       "FROM messages WHERE conversation_id = $1 AND seq < $2 "
                       "ORDER BY seq DESC LIMIT $3"};
constexpr query messages_of_kind{
    "messages_of_kind",
    "SELECT " FENLIU_PG_MESSAGE_COLUMNS
    "FROM messages WHERE kind = $1 AND created_at >= $2 AND created_at < $3 "
    "ORDER BY created_at, conversation_id, seq LIMIT $4"};

// $1 NULL: the next id of the sequence. An explicit id that is taken inserts nothing.
constexpr query insert_conversation{
    "insert_conversation",
    "INSERT INTO conversations(id, shop_id, customer_id, stage, state, agent_id, priority, "
    "entry_page, entry_product_id, entry_order_id, created_at, queued_at, updated_at, "
    "last_seq) VALUES(coalesce($1::bigint, nextval('conversations_id_seq')), $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10, $11, $12, $13, 0) ON CONFLICT (id) DO NOTHING RETURNING id"};
// After an explicit id: the sequence moves past it, so an assigned id never collides with it.
constexpr query advance_conversation_ids{
    "advance_conversation_ids",
    "SELECT setval('conversations_id_seq', greatest($1, (SELECT last_value FROM "
    "conversations_id_seq)))"};
// The old phase and the update in one statement: the FROM row is the one before the UPDATE.
constexpr query update_conversation{
    "update_conversation",
    "UPDATE conversations c SET stage = $2, state = $3, agent_id = $4, "
    "priority = coalesce(nullif($5, 0), c.priority), "
    "queued_at = coalesce(nullif($6, 0), c.queued_at), updated_at = $7 "
    "FROM (SELECT id, state, stage, agent_id FROM conversations WHERE id = $1 FOR UPDATE) old "
    "WHERE c.id = old.id RETURNING old.state, old.stage, old.agent_id"};
constexpr query insert_history{
    "insert_history",
    "INSERT INTO conversation_history(conversation_id, at, state, stage, agent_id) "
    "VALUES($1, $2, $3, $4, $5)"};
constexpr query open_of{
    "open_of", "SELECT " FENLIU_PG_CONVERSATION_COLUMNS
               "FROM conversations WHERE (customer_id = $1 OR agent_id = $1) AND state <> 6 "
               "ORDER BY queued_at, id"};
constexpr query open_all{"open_all", "SELECT " FENLIU_PG_CONVERSATION_COLUMNS
                                     "FROM conversations WHERE state <> 6 ORDER BY queued_at, id"};
constexpr query qa_sample{
    "qa_sample", "SELECT " FENLIU_PG_CONVERSATION_COLUMNS
                 "FROM conversations WHERE state = 6 AND ($1 = 0 OR stage = $1) "
                 "ORDER BY updated_at DESC, id DESC LIMIT $2"};
constexpr query assignments{
    "assignments",
    "SELECT conversation_id, at, state, stage, agent_id FROM conversation_history "
    "WHERE conversation_id = $1 ORDER BY id"};

}  // namespace sql

// ---- operations ----

std::error_code find_duplicate_of(write_context& c, const new_message& m, append_result& out) {
  const result r = c.db.run(
      sql::find_duplicate, params{}.i64(static_cast<std::int64_t>(m.conversation)).bytes(m.sender_id)
                          .bytes(m.client_msg_id));
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() > 0) {
    out = append_result{static_cast<seq_t>(r.i64(0, 0)), true, r.i64(0, 1)};
  }
  return {};
}

std::error_code append_op(write_context& c, const new_message& m, append_result& out) {
  if (m.recalls_seq != 0) {
    // A recall changes another row first: look for a resend before touching anything.
    if (!m.client_msg_id.empty()) {
      if (auto ec = find_duplicate_of(c, m, out); ec || out.duplicate) {
        return ec;
      }
    }
    const result r = c.db.run(sql::mark_recalled,
                              params{}.i64(static_cast<std::int64_t>(m.conversation))
                                  .i64(static_cast<std::int64_t>(m.recalls_seq)));
    if (!r.ok()) {
      return write_failed();
    }
    if (r.affected() == 0) {
      return make_error_code(errc::not_found);
    }
  }
  const time_ms created = m.created_at != 0 ? m.created_at : c.clock();
  const result r = c.db.run(sql::append_message, params{}
                                                .i64(static_cast<std::int64_t>(m.conversation))
                                                .i64(static_cast<std::int64_t>(m.role))
                                                .bytes(m.sender_id)
                                                .bytes(m.client_msg_id)
                                                .i64(static_cast<std::int64_t>(m.kind))
                                                .bytes(m.payload)
                                                .i64(m.staff_only ? 1 : 0)
                                                .i64(static_cast<std::int64_t>(m.recalls_seq))
                                                .i64(created));
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  out = append_result{static_cast<seq_t>(r.i64(0, 0)), r.i64(0, 2) != 0, r.i64(0, 1)};
  return {};
}

// The hot path's job: a plain append (not a recall) is pipelined, so a batch of N messages costs
// one round trip to the server instead of N. Its outcome arrives when the writer drains the
// pipeline, before the batch commits; anything else runs as append_op does.
class append_job final : public write_job {
 public:
  append_job(new_message m, callback<append_result> done)
      : message_(std::move(m)), done_(std::move(done)) {}

  std::error_code execute(write_context& c) override {
    out_ = {};
    status_ = {};
    if (message_.recalls_seq != 0) {
      status_ = append_op(c, message_, out_);
      return status_;
    }
    const time_ms created = message_.created_at != 0 ? message_.created_at : c.clock();
    c.db.send(sql::append_message,
              params{}
                  .i64(static_cast<std::int64_t>(message_.conversation))
                  .i64(static_cast<std::int64_t>(message_.role))
                  .bytes(message_.sender_id)
                  .bytes(message_.client_msg_id)
                  .i64(static_cast<std::int64_t>(message_.kind))
                  .bytes(message_.payload)
                  .i64(message_.staff_only ? 1 : 0)
                  .i64(0)
                  .i64(created),
              &append_job::on_result, this);
    return {};
  }

  void complete(std::error_code batch_error) override {
    if (!done_) {
      return;
    }
    if (batch_error) {
      done_(batch_error, {});
    } else if (status_) {
      done_(status_, {});
    } else {
      done_(std::error_code{}, out_);
    }
  }

 private:
  static void on_result(void* target, result r) {
    auto* self = static_cast<append_job*>(target);
    if (!r.ok()) {
      self->status_ = write_failed();  // the batch fails as a whole (drain() says so)
    } else if (r.rows() == 0) {
      self->status_ = make_error_code(errc::not_found);
    } else {
      self->out_ = append_result{static_cast<seq_t>(r.i64(0, 0)), r.i64(0, 2) != 0, r.i64(0, 1)};
    }
  }

  new_message message_;
  callback<append_result> done_;
  append_result out_{};
  std::error_code status_;
};

std::error_code read_conversation(read_context& c, conversation_id id, conversation_record& out) {
  const result r = c.db.run(sql::conversation_by_id, params{}.i64(static_cast<std::int64_t>(id)));
  if (!r.ok()) {
    return read_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  out = conversation_from(r, 0);
  return {};
}

// Whether the message after `after` is still there and inside the retention window.
std::error_code check_retention(read_context& c, conversation_id id, seq_t after) {
  const result r = c.db.run(sql::message_created_at, params{}
                                                    .i64(static_cast<std::int64_t>(id))
                                                    .i64(static_cast<std::int64_t>(after + 1)));
  if (!r.ok()) {
    return read_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::beyond_retention);  // purged
  }
  if (c.retention_ms > 0 && r.i64(0, 0) < c.clock() - c.retention_ms) {
    return make_error_code(errc::beyond_retention);
  }
  return {};
}

std::error_code read_after_op(read_context& c, conversation_id id, seq_t after, std::size_t limit,
                              std::vector<stored_message>& out) {
  conversation_record conv;
  if (auto ec = read_conversation(c, id, conv)) {
    return ec;
  }
  if (after >= conv.last_seq) {
    return {};  // nothing missing (after > last_seq: the client is ahead; nothing to send)
  }
  if (auto ec = check_retention(c, id, after)) {
    return ec;
  }
  const result r = c.db.run(sql::messages_after, params{}
                                                .i64(static_cast<std::int64_t>(id))
                                                .i64(static_cast<std::int64_t>(after))
                                                .i64(limit_value(limit)));
  return collect(r, out, [](const result& q, int i) { return message_from(q, i); });
}

std::error_code create_op(write_context& c, const conversation_record& rec, conversation_id& id) {
  const time_ms now = c.clock();
  params p;
  if (rec.id != 0) {
    p.i64(static_cast<std::int64_t>(rec.id));
  } else {
    p.null();
  }
  p.bytes(rec.shop_id)
      .bytes(rec.customer_id)
      .i64(static_cast<std::int64_t>(rec.stage))
      .i64(static_cast<std::int64_t>(rec.state))
      .bytes(rec.agent_id)
      .i64(rec.priority)
      .bytes(rec.entry_page)
      .bytes(rec.entry_product_id)
      .bytes(rec.entry_order_id)
      .i64(rec.created_at != 0 ? rec.created_at : now)
      .i64(rec.queued_at)
      .i64(rec.updated_at != 0 ? rec.updated_at : (rec.created_at != 0 ? rec.created_at : now));
  const result r = c.db.run(sql::insert_conversation, p);
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() == 0) {
    // An explicit id that exists already: the caller's mistake, not a failed transaction.
    return std::make_error_code(std::errc::file_exists);
  }
  id = static_cast<conversation_id>(r.i64(0, 0));
  if (rec.id != 0 &&
      !c.db.run(sql::advance_conversation_ids, params{}.i64(static_cast<std::int64_t>(rec.id))).ok()) {
    return write_failed();
  }
  return {};
}

std::error_code update_op(write_context& c, const conversation_record& rec) {
  const time_ms at = rec.updated_at != 0 ? rec.updated_at : c.clock();
  const result r = c.db.run(sql::update_conversation, params{}
                                                     .i64(static_cast<std::int64_t>(rec.id))
                                                     .i64(static_cast<std::int64_t>(rec.stage))
                                                     .i64(static_cast<std::int64_t>(rec.state))
                                                     .bytes(rec.agent_id)
                                                     .i64(rec.priority)
                                                     .i64(rec.queued_at)
                                                     .i64(at));
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  if (r.i64(0, 0) == static_cast<std::int64_t>(rec.state) &&
      r.i64(0, 1) == static_cast<std::int64_t>(rec.stage) && r.bytes(0, 2) == rec.agent_id) {
    return {};
  }
  const result h = c.db.run(sql::insert_history, params{}
                                                .i64(static_cast<std::int64_t>(rec.id))
                                                .i64(at)
                                                .i64(static_cast<std::int64_t>(rec.state))
                                                .i64(static_cast<std::int64_t>(rec.stage))
                                                .bytes(rec.agent_id));
  return write_status(h);
}

std::error_code conversations_of(read_context& c, const query& q, const params& p,
                                 std::vector<conversation_record>& out) {
  return collect(c.db.run(q, p), out,
                 [](const result& r, int i) { return conversation_from(r, i); });
}

}  // namespace

conversation_record conversation_from(const result& r, int row, int first) {
  conversation_record c;
  c.id = static_cast<conversation_id>(r.i64(row, first + 0));
  c.shop_id = r.bytes(row, first + 1);
  c.customer_id = r.bytes(row, first + 2);
  c.stage = static_cast<stage_code>(r.i64(row, first + 3));
  c.state = static_cast<conversation_state>(r.i64(row, first + 4));
  c.agent_id = r.bytes(row, first + 5);
  c.priority = static_cast<int>(r.i64(row, first + 6));
  c.entry_page = r.bytes(row, first + 7);
  c.entry_product_id = r.bytes(row, first + 8);
  c.entry_order_id = r.bytes(row, first + 9);
  c.created_at = r.i64(row, first + 10);
  c.queued_at = r.i64(row, first + 11);
  c.updated_at = r.i64(row, first + 12);
  c.last_seq = static_cast<seq_t>(r.i64(row, first + 13));
  return c;
}

stored_message message_from(const result& r, int row, int first) {
  stored_message m;
  m.conversation = static_cast<conversation_id>(r.i64(row, first + 0));
  m.seq = static_cast<seq_t>(r.i64(row, first + 1));
  m.role = static_cast<sender_role>(r.i64(row, first + 2));
  m.sender_id = r.bytes(row, first + 3);
  m.client_msg_id = r.bytes(row, first + 4);
  m.kind = static_cast<message_kind>(r.i64(row, first + 5));
  m.payload = r.bytes(row, first + 6);
  m.staff_only = r.i64(row, first + 7) != 0;
  m.recalls_seq = static_cast<seq_t>(r.i64(row, first + 8));
  m.recalled = r.i64(row, first + 9) != 0;
  m.created_at = r.i64(row, first + 10);
  return m;
}

postgres_backend::postgres_backend(const postgres_options& options) {
  auto clock = clock_of(options);
  writer_ = std::make_unique<writer>(options, open_writer_connection(options), clock, options.fence);
  reader_ = std::make_unique<reader>(
      options,
      std::make_unique<connection>(options.dsn, options.schema, /*create_schema=*/false,
                                   std::chrono::milliseconds(options.timeout_ms)),
      clock);
}

postgres_backend::~postgres_backend() {
  shutdown();
}

void postgres_backend::shutdown() {
  // Writes first: a read queued behind them still finds the reader running.
  writer_->shutdown();
  reader_->shutdown();
}

// ---- the message log ----

std::error_code postgres_backend::append(new_message msg, callback<append_result> done) {
  const std::size_t bytes = msg.payload.size();
  return writer_->submit(std::make_unique<append_job>(std::move(msg), std::move(done)), bytes);
}

void postgres_backend::read_after(conversation_id id, seq_t after_seq, std::size_t limit,
                                  callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        return read_after_op(c, id, after_seq, limit, out);
      },
      std::move(done));
}

void postgres_backend::read_before(conversation_id id, seq_t before_seq, std::size_t limit,
                                   callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        const std::int64_t before = before_seq == 0 || before_seq > static_cast<seq_t>(INT64_MAX)
                                        ? INT64_MAX
                                        : static_cast<std::int64_t>(before_seq);
        const result r = c.db.run(sql::messages_before, params{}
                                                       .i64(static_cast<std::int64_t>(id))
                                                       .i64(before)
                                                       .i64(limit_value(limit)));
        return collect(r, out, [](const result& q, int i) { return message_from(q, i); });
      },
      std::move(done));
}

std::error_code postgres_backend::purge_messages_before(time_ms cutoff,
                                                        callback<std::size_t> done) {
  return write<std::size_t>(
      [cutoff](write_context& c, std::size_t& deleted) {
        const result r = c.db.run(sql::purge_messages, params{}.i64(cutoff));
        if (!r.ok()) {
          return write_failed();
        }
        deleted = static_cast<std::size_t>(r.affected());
        return std::error_code{};
      },
      std::move(done));
}

void postgres_backend::messages_of_kind(message_kind kind, time_ms from, time_ms to,
                                        std::size_t limit,
                                        callback<std::vector<stored_message>> done) {
  read<std::vector<stored_message>>(
      [=](read_context& c, std::vector<stored_message>& out) {
        const result r = c.db.run(sql::messages_of_kind, params{}
                                                        .i64(static_cast<std::int64_t>(kind))
                                                        .i64(from)
                                                        .i64(to)
                                                        .i64(limit_value(limit)));
        return collect(r, out, [](const result& q, int i) { return message_from(q, i); });
      },
      std::move(done));
}

// ---- conversations ----

std::error_code postgres_backend::create_conversation(conversation_record rec,
                                                      callback<conversation_id> done) {
  return write<conversation_id>(
      [r = std::move(rec)](write_context& c, conversation_id& id) { return create_op(c, r, id); },
      std::move(done));
}

std::error_code postgres_backend::update_conversation(conversation_record rec,
                                                      callback<bool> done) {
  return write<bool>(
      [r = std::move(rec)](write_context& c, bool& ok) {
        auto ec = update_op(c, r);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

void postgres_backend::get_conversation(conversation_id id, callback<conversation_record> done) {
  read<conversation_record>(
      [id](read_context& c, conversation_record& out) { return read_conversation(c, id, out); },
      std::move(done));
}

void postgres_backend::open_conversations_of(std::string customer_or_agent_id,
                                             callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [who = std::move(customer_or_agent_id)](read_context& c,
                                              std::vector<conversation_record>& out) {
        return conversations_of(c, sql::open_of, params{}.bytes(who), out);
      },
      std::move(done));
}

void postgres_backend::qa_sample(std::optional<stage_code> stage, std::size_t limit,
                                 callback<std::vector<conversation_record>> done) {
  read<std::vector<conversation_record>>(
      [=](read_context& c, std::vector<conversation_record>& out) {
        return conversations_of(
            c, sql::qa_sample,
            params{}.i64(stage ? static_cast<std::int64_t>(*stage) : 0).i64(limit_value(limit)),
            out);
      },
      std::move(done));
}

void postgres_backend::assignments_of(conversation_id id,
                                      callback<std::vector<assignment_row>> done) {
  read<std::vector<assignment_row>>(
      [id](read_context& c, std::vector<assignment_row>& out) {
        return collect(c.db.run(sql::assignments, params{}.i64(static_cast<std::int64_t>(id))), out,
                       [](const result& r, int i) {
                         return assignment_row{static_cast<conversation_id>(r.i64(i, 0)),
                                               r.i64(i, 1),
                                               static_cast<conversation_state>(r.i64(i, 2)),
                                               static_cast<stage_code>(r.i64(i, 3)),
                                               r.bytes(i, 4)};
                       });
      },
      std::move(done));
}

std::vector<conversation_record> postgres_backend::load_open_conversations() {
  // Start-up: a store that cannot list its conversations must not serve.
  return read_blocking<std::vector<conversation_record>>(
      [](read_context& c, std::vector<conversation_record>& out) {
        return conversations_of(c, sql::open_all, params{}, out);
      });
}

}  // namespace pg

std::unique_ptr<store> open_postgres_store(const postgres_options& options) {
  return std::make_unique<pg::postgres_backend>(options);
}

}  // namespace fenliu::store
