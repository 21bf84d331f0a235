// KPIs (issue #11, part "kpis"): the rows one period's KPIs are computed from, in one read job
// on the reader thread (one snapshot: the statements run in one read transaction).
#include "sqlite_backend_jobs.hpp"

#include <optional>

#include "read_ops.hpp"
#include "read_util.hpp"

namespace fenliu::store::detail {
namespace {

// The SQL below writes these codes as literals.
static_assert(static_cast<int>(sender_role::customer) == 1);
static_assert(static_cast<int>(sender_role::agent) == 2);
static_assert(static_cast<int>(sender_role::supervisor) == 3);
static_assert(static_cast<int>(sender_role::bot) == 5);
static_assert(static_cast<int>(message_kind::system_notice) == 5);
static_assert(static_cast<int>(message_kind::recall) == 7);

// ?1 shop, ?2 from, ?3 to: the period's conversations, which every other query joins.
#define FENLIU_KPI_PERIOD "c.shop_id = ?1 AND c.created_at >= ?2 AND c.created_at < ?3"

constexpr const char* count_sql =
    "SELECT count(*) FROM conversations c WHERE " FENLIU_KPI_PERIOD;
constexpr const char* conversations_sql =
    "SELECT c.id, c.customer_id, c.stage, c.state, c.agent_id, c.created_at, c.updated_at "
    "FROM conversations c WHERE " FENLIU_KPI_PERIOD " ORDER BY c.created_at, c.id";
constexpr const char* history_sql =
    "SELECT h.conversation_id, h.at, h.state, h.stage, h.agent_id FROM conversations c "
    "JOIN conversation_history h ON h.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY h.conversation_id, h.id";
constexpr const char* messages_sql =
    "SELECT m.conversation_id, m.role, m.created_at FROM conversations c "
    "JOIN messages m ON m.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " AND m.staff_only = 0 AND m.role IN (1, 2, 3, 5) AND m.kind NOT IN (5, 7) "
    "ORDER BY m.conversation_id, m.seq";
constexpr const char* ratings_sql =
    "SELECT r.conversation_id, r.stars, r.at FROM conversations c "
    "JOIN ratings r ON r.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY r.conversation_id";
constexpr const char* left_sql =
    "SELECT l.conversation_id, l.customer_id, l.at FROM conversations c "
    "JOIN left_messages l ON l.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY l.conversation_id, l.id";
constexpr const char* qa_sql =
    "SELECT q.conversation_id, q.reviewer_id, q.total, q.at FROM conversations c "
    "JOIN qa_reviews q ON q.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY q.conversation_id, q.id";
// ?4: orders_until. The buyers of the period's conversations, each once.
constexpr const char* orders_sql =
    "SELECT o.customer_id, o.created_at FROM orders o WHERE o.created_at >= ?2 "
    "AND o.created_at < ?4 AND o.customer_id IN (SELECT c.customer_id FROM conversations c "
    "WHERE " FENLIU_KPI_PERIOD ") ORDER BY o.customer_id, o.created_at";

template <class Row, class Fn>
std::error_code query(read_context& c, const char* sql, const std::string& shop, time_ms from,
                      time_ms to, time_ms orders_until, std::vector<Row>& out, Fn row) {
  auto s = prepare(c.db, sql);
  if (!s) {
    return read_failed();
  }
  s->bind_text(1, shop);
  s->bind(2, from);
  s->bind(3, to);
  if (sql == orders_sql) {
    s->bind(4, orders_until);
  }
  return collect(*s, out, row);
}

std::error_code read_kpi_source(read_context& c, const std::string& shop, time_ms from,
                                time_ms to, time_ms orders_until, std::size_t max,
                                kpi_source& out) {
  // One snapshot for all the statements: a write between two of them is seen by none.
  const bool in_transaction = sqlite3_exec(c.db.get(), "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  struct end_read {
    connection& db;
    bool active;
    ~end_read() {
      if (active) {
        sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
      }
    }
  } end{c.db, in_transaction};
  {
    auto s = prepare(c.db, count_sql);
    if (!s) {
      return read_failed();
    }
    s->bind_text(1, shop);
    s->bind(2, from);
    s->bind(3, to);
    if (s->step() != SQLITE_ROW) {
      return read_failed();
    }
    out.total = static_cast<std::uint64_t>(s->column_int(0));
  }
  if (max != 0 && out.total > max) {
    return {};
  }
  std::error_code ec = query(c, conversations_sql, shop, from, to, 0, out.conversations,
                             [&](const statement& r) {
                               conversation_record rec;
                               rec.id = static_cast<conversation_id>(r.column_int(0));
                               rec.shop_id = shop;
                               rec.customer_id = r.column_text(1);
                               rec.stage = static_cast<stage_code>(r.column_int(2));
                               rec.state = static_cast<conversation_state>(r.column_int(3));
                               rec.agent_id = r.column_text(4);
                               rec.created_at = r.column_int(5);
                               rec.updated_at = r.column_int(6);
                               return rec;
                             });
  out.total = out.conversations.size();
  if (!ec) {
    ec = query(c, history_sql, shop, from, to, 0, out.history, [](const statement& r) {
      return assignment_row{static_cast<conversation_id>(r.column_int(0)), r.column_int(1),
                            static_cast<conversation_state>(r.column_int(2)),
                            static_cast<stage_code>(r.column_int(3)), r.column_text(4)};
    });
  }
  if (!ec) {
    ec = query(c, messages_sql, shop, from, to, 0, out.messages, [](const statement& r) {
      return kpi_message_row{static_cast<conversation_id>(r.column_int(0)),
                             static_cast<sender_role>(r.column_int(1)), r.column_int(2)};
    });
  }
  if (!ec) {
    ec = query(c, ratings_sql, shop, from, to, 0, out.ratings, [](const statement& r) {
      return rating_row{static_cast<conversation_id>(r.column_int(0)),
                        static_cast<int>(r.column_int(1)), std::string(), r.column_int(2)};
    });
  }
  if (!ec) {
    ec = query(c, left_sql, shop, from, to, 0, out.left_messages, [](const statement& r) {
      return left_message_row{static_cast<conversation_id>(r.column_int(0)), r.column_text(1),
                              std::string(), std::string(), r.column_int(2)};
    });
  }
  if (!ec) {
    ec = query(c, qa_sql, shop, from, to, 0, out.qa_reviews, [](const statement& r) {
      return qa_review_row{static_cast<conversation_id>(r.column_int(0)), r.column_text(1),
                           std::string(), static_cast<int>(r.column_int(2)), std::string(),
                           r.column_int(3)};
    });
  }
  if (!ec) {
    ec = query(c, orders_sql, shop, from, to, orders_until, out.orders, [](const statement& r) {
      return kpi_order_row{r.column_text(0), r.column_int(1)};
    });
  }
  return ec;
}

}  // namespace

void sqlite_backend::kpi_source_of(std::string shop_id, time_ms from, time_ms to,
                                   time_ms orders_until, std::size_t max_conversations,
                                   callback<kpi_source> done) {
  read<kpi_source>(
      [shop = std::move(shop_id), from, to, orders_until, max_conversations](
          read_context& c, kpi_source& out) {
        return read_kpi_source(c, shop, from, to, orders_until, max_conversations, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
