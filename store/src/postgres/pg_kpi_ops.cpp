// The PostgreSQL back end: the rows one period's KPIs are computed from (kpi_ops.cpp), in one
// read job: the reader runs it in one REPEATABLE READ transaction, so every statement sees the
// same snapshot.

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

// The SQL below writes these codes as literals.
static_assert(static_cast<int>(sender_role::customer) == 1);
static_assert(static_cast<int>(sender_role::agent) == 2);
static_assert(static_cast<int>(sender_role::supervisor) == 3);
static_assert(static_cast<int>(sender_role::bot) == 5);
static_assert(static_cast<int>(message_kind::system_notice) == 5);
static_assert(static_cast<int>(message_kind::recall) == 7);

// $1 shop, $2 from, $3 to: the period's conversations, which every other query joins.
#define FENLIU_KPI_PERIOD "c.shop_id = $1 AND c.created_at >= $2 AND c.created_at < $3"

namespace sql {

constexpr query count{"kpi_count", "SELECT count(*) FROM conversations c WHERE " FENLIU_KPI_PERIOD};
constexpr query conversations{
    "kpi_conversations",
    "SELECT c.id, c.customer_id, c.stage, c.state, c.agent_id, c.created_at, c.updated_at "
    "FROM conversations c WHERE " FENLIU_KPI_PERIOD " ORDER BY c.created_at, c.id"};
constexpr query history{
    "kpi_history",
    "SELECT h.conversation_id, h.at, h.state, h.stage, h.agent_id FROM conversations c "
    "JOIN conversation_history h ON h.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY h.conversation_id, h.id"};
constexpr query messages{
    "kpi_messages",
    "SELECT m.conversation_id, m.role, m.created_at FROM conversations c "
    "JOIN messages m ON m.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " AND m.staff_only = 0 AND m.role IN (1, 2, 3, 5) AND m.kind NOT IN (5, 7) "
    "ORDER BY m.conversation_id, m.seq"};
constexpr query ratings{"kpi_ratings",
                        "SELECT r.conversation_id, r.stars, r.at FROM conversations c "
                        "JOIN ratings r ON r.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
                        " ORDER BY r.conversation_id"};
constexpr query left_messages{
    "kpi_left_messages",
    "SELECT l.conversation_id, l.customer_id, l.at FROM conversations c "
    "JOIN left_messages l ON l.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY l.conversation_id, l.id"};
constexpr query qa_reviews{
    "kpi_qa_reviews",
    "SELECT q.conversation_id, q.reviewer_id, q.total, q.at FROM conversations c "
    "JOIN qa_reviews q ON q.conversation_id = c.id WHERE " FENLIU_KPI_PERIOD
    " ORDER BY q.conversation_id, q.id"};
// $4: orders_until. The buyers of the period's conversations, each once.
constexpr query orders{
    "kpi_orders",
    "SELECT o.customer_id, o.created_at FROM orders o WHERE o.created_at >= $2 "
    "AND o.created_at < $4 AND o.customer_id IN (SELECT c.customer_id FROM conversations c "
    "WHERE " FENLIU_KPI_PERIOD ") ORDER BY o.customer_id, o.created_at"};

}  // namespace sql

#undef FENLIU_KPI_PERIOD

std::error_code read_kpi_source(read_context& c, const std::string& shop, time_ms from, time_ms to,
                                time_ms orders_until, std::size_t max, kpi_source& out) {
  // Built in the call: params holds pointers into itself, so it must not be copied.
  const auto run = [&](const query& q) {
    return c.db.run(q, params{}.bytes(shop).i64(from).i64(to));
  };
  {
    const result r = run(sql::count);
    if (!r.ok() || r.rows() != 1) {
      return read_failed();
    }
    out.total = static_cast<std::uint64_t>(r.i64(0, 0));
  }
  if (max != 0 && out.total > max) {
    return {};
  }
  std::error_code ec =
      collect(run(sql::conversations), out.conversations, [&](const result& r, int i) {
        conversation_record rec;
        rec.id = static_cast<conversation_id>(r.i64(i, 0));
        rec.shop_id = shop;
        rec.customer_id = r.bytes(i, 1);
        rec.stage = static_cast<stage_code>(r.i64(i, 2));
        rec.state = static_cast<conversation_state>(r.i64(i, 3));
        rec.agent_id = r.bytes(i, 4);
        rec.created_at = r.i64(i, 5);
        rec.updated_at = r.i64(i, 6);
        return rec;
      });
  out.total = out.conversations.size();
  if (!ec) {
    ec = collect(run(sql::history), out.history, [](const result& r, int i) {
      return assignment_row{static_cast<conversation_id>(r.i64(i, 0)), r.i64(i, 1),
                            static_cast<conversation_state>(r.i64(i, 2)),
                            static_cast<stage_code>(r.i64(i, 3)), r.bytes(i, 4)};
    });
  }
  if (!ec) {
    ec = collect(run(sql::messages), out.messages, [](const result& r, int i) {
      return kpi_message_row{static_cast<conversation_id>(r.i64(i, 0)),
                             static_cast<sender_role>(r.i64(i, 1)), r.i64(i, 2)};
    });
  }
  if (!ec) {
    ec = collect(run(sql::ratings), out.ratings, [](const result& r, int i) {
      return rating_row{static_cast<conversation_id>(r.i64(i, 0)), static_cast<int>(r.i64(i, 1)),
                        std::string(), r.i64(i, 2)};
    });
  }
  if (!ec) {
    ec = collect(run(sql::left_messages), out.left_messages, [](const result& r, int i) {
      return left_message_row{static_cast<conversation_id>(r.i64(i, 0)), r.bytes(i, 1),
                              std::string(), std::string(), r.i64(i, 2)};
    });
  }
  if (!ec) {
    ec = collect(run(sql::qa_reviews), out.qa_reviews, [](const result& r, int i) {
      return qa_review_row{static_cast<conversation_id>(r.i64(i, 0)),
                           r.bytes(i, 1),
                           std::string(),
                           static_cast<int>(r.i64(i, 2)),
                           std::string(),
                           r.i64(i, 3)};
    });
  }
  if (!ec) {
    ec = collect(c.db.run(sql::orders, params{}.bytes(shop).i64(from).i64(to).i64(orders_until)),
                 out.orders, [](const result& r, int i) {
                   return kpi_order_row{r.bytes(i, 0), r.i64(i, 1)};
                 });
  }
  return ec;
}

}  // namespace

void postgres_backend::kpi_source_of(std::string shop_id, time_ms from, time_ms to,
                                     time_ms orders_until, std::size_t max_conversations,
                                     callback<kpi_source> done) {
  read<kpi_source>(
      [shop = std::move(shop_id), from, to, orders_until, max_conversations](read_context& c,
                                                                             kpi_source& out) {
        return read_kpi_source(c, shop, from, to, orders_until, max_conversations, out);
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
