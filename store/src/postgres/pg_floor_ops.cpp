// The PostgreSQL back end: the floor (floor_ops.cpp): stored supervisor alerts, the closed
// conversations QA samples from, and an agent's reviews.

#include <cmath>
#include <optional>

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

#define FENLIU_PG_ALERT_COLUMNS                                                          \
  "id, at, kind, conversation_id, stage, agent_id, text, triggers_json, risk_permille, " \
  "acknowledged_by, acknowledged_at "

namespace sql {

constexpr query insert_alert{"floor_insert_alert", "INSERT INTO alerts(" FENLIU_PG_ALERT_COLUMNS
                                                   ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, "
                                                   "$9, '', 0) ON CONFLICT (id) DO NOTHING"};
// Only an open alert changes: acknowledging twice keeps the first acknowledgement.
constexpr query acknowledge{"floor_acknowledge",
                            "UPDATE alerts SET acknowledged_by = $2, acknowledged_at = $3 "
                            "WHERE id = $1 AND acknowledged_at = 0"};
constexpr query alert_by_id{"floor_alert_by_id",
                            "SELECT " FENLIU_PG_ALERT_COLUMNS "FROM alerts WHERE id = $1"};
constexpr query alerts{"floor_alerts", "SELECT " FENLIU_PG_ALERT_COLUMNS
                                       "FROM alerts WHERE ($1 = 1 OR acknowledged_at = 0) "
                                       "ORDER BY id DESC LIMIT $2"};
// State 6 is closed: a conversation in wrap-up (or any open state) is never sampled.
constexpr query qa_candidates{
    "floor_qa_candidates",
    "SELECT c.id, c.shop_id, c.customer_id, c.stage, c.state, c.agent_id, c.priority, "
    "c.entry_page, c.entry_product_id, c.entry_order_id, c.created_at, c.queued_at, "
    "c.updated_at, c.last_seq, coalesce(r.stars, 0), "
    "EXISTS (SELECT 1 FROM decisions d WHERE d.conversation_id = c.id "
    "AND d.rule = 'complaint_risk'::bytea) "
    "FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id "
    "WHERE c.state = 6 AND c.updated_at >= $1 AND c.updated_at < $2 "
    "AND ($3 < 0 OR c.stage = $3) ORDER BY c.updated_at, c.id"};
constexpr query qa_reviews_of_agent{
    "floor_qa_reviews_of_agent",
    "SELECT conversation_id, reviewer_id, scores_json, total, comment, at, agent_id "
    "FROM qa_reviews WHERE agent_id = $1 ORDER BY id DESC LIMIT $2"};

}  // namespace sql

#undef FENLIU_PG_ALERT_COLUMNS

alert_row alert_from(const result& r, int i) {
  return alert_row{static_cast<std::uint64_t>(r.i64(i, 0)),
                   r.i64(i, 1),
                   r.bytes(i, 2),
                   static_cast<conversation_id>(r.i64(i, 3)),
                   static_cast<stage_code>(r.i64(i, 4)),
                   r.bytes(i, 5),
                   r.bytes(i, 6),
                   r.bytes(i, 7),
                   static_cast<double>(r.i64(i, 8)) / 1000.0,
                   r.bytes(i, 9),
                   r.i64(i, 10)};
}

std::error_code insert_alert(write_context& c, const alert_row& a) {
  const result r =
      c.db.run(sql::insert_alert,
               params{}
                   .i64(static_cast<std::int64_t>(a.id))
                   .i64(a.at)
                   .bytes(a.kind)
                   .i64(static_cast<std::int64_t>(a.conversation))
                   .i64(static_cast<std::int64_t>(a.stage))
                   .bytes(a.agent_id)
                   .bytes(a.text)
                   .bytes(a.triggers_json.empty() ? std::string_view("[]") : a.triggers_json)
                   .i64(static_cast<std::int64_t>(std::lround(a.risk * 1000.0))));
  return write_status(r);
}

std::error_code ack_alert(write_context& c, std::uint64_t id, const std::string& by, time_ms at,
                          alert_row& out) {
  if (!c.db.run(sql::acknowledge, params{}.i64(static_cast<std::int64_t>(id)).bytes(by).i64(at))
           .ok()) {
    return write_failed();
  }
  const result r = c.db.run(sql::alert_by_id, params{}.i64(static_cast<std::int64_t>(id)));
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  out = alert_from(r, 0);
  return {};
}

}  // namespace

std::error_code postgres_backend::save_alert(alert_row row, callback<bool> done) {
  return write<bool>(
      [r = std::move(row)](write_context& c, bool& ok) {
        auto ec = insert_alert(c, r);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

std::error_code postgres_backend::acknowledge_alert(std::uint64_t id, std::string by, time_ms at,
                                                    callback<alert_row> done) {
  return write<alert_row>(
      [id, b = std::move(by), at](write_context& c, alert_row& out) {
        return ack_alert(c, id, b, at, out);
      },
      std::move(done));
}

void postgres_backend::alerts(bool include_acknowledged, std::size_t limit,
                              callback<std::vector<alert_row>> done) {
  read<std::vector<alert_row>>(
      [=](read_context& c, std::vector<alert_row>& out) {
        return collect(c.db.run(sql::alerts,
                                params{}.i64(include_acknowledged ? 1 : 0).i64(limit_value(limit))),
                       out, alert_from);
      },
      std::move(done));
}

void postgres_backend::qa_candidates(time_ms from, time_ms to, std::optional<stage_code> stage,
                                     callback<std::vector<qa_candidate_row>> done) {
  read<std::vector<qa_candidate_row>>(
      [=](read_context& c, std::vector<qa_candidate_row>& out) {
        const result r = c.db.run(
            sql::qa_candidates,
            params{}.i64(from).i64(to).i64(stage ? static_cast<std::int64_t>(*stage) : -1));
        return collect(r, out, [](const result& q, int i) {
          return qa_candidate_row{conversation_from(q, i), static_cast<int>(q.i64(i, 14)),
                                  q.i64(i, 15) != 0};
        });
      },
      std::move(done));
}

void postgres_backend::qa_reviews_of_agent(std::string agent_id, std::size_t limit,
                                           callback<std::vector<qa_review_row>> done) {
  read<std::vector<qa_review_row>>(
      [a = std::move(agent_id), limit](read_context& c, std::vector<qa_review_row>& out) {
        const result r =
            c.db.run(sql::qa_reviews_of_agent, params{}.bytes(a).i64(limit_value(limit)));
        return collect(r, out, [](const result& q, int i) {
          return qa_review_row{static_cast<conversation_id>(q.i64(i, 0)),
                               q.bytes(i, 1),
                               q.bytes(i, 2),
                               static_cast<int>(q.i64(i, 3)),
                               q.bytes(i, 4),
                               q.i64(i, 5),
                               q.bytes(i, 6)};
        });
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
