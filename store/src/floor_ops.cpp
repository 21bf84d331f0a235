// The floor (issue #11): stored supervisor alerts, the closed conversations QA samples from,
// and an agent's reviews. Statements are prepared per call: these are rare operations.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "fenliu/store/error.hpp"
#include "read_util.hpp"
#include "read_ops.hpp"
#include "sqlite_backend_jobs.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code write_failed() { return make_error_code(errc::write_failed); }

constexpr const char* alert_columns =
    "id, at, kind, conversation_id, stage, agent_id, text, triggers_json, risk_permille, "
    "acknowledged_by, acknowledged_at";

alert_row alert_from(const statement& r) {
  return alert_row{static_cast<std::uint64_t>(r.column_int(0)),
                   r.column_int(1),
                   r.column_text(2),
                   static_cast<conversation_id>(r.column_int(3)),
                   static_cast<stage_code>(r.column_int(4)),
                   r.column_text(5),
                   r.column_text(6),
                   r.column_text(7),
                   static_cast<double>(r.column_int(8)) / 1000.0,
                   r.column_text(9),
                   r.column_int(10)};
}

std::error_code insert_alert(write_context& c, const alert_row& a) {
  auto s = prepare(c.db, fmt::format("INSERT INTO alerts({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                     "?8, ?9, '', 0) ON CONFLICT(id) DO NOTHING",
                                     alert_columns));
  if (!s) {
    return write_failed();
  }
  s->bind(1, static_cast<std::int64_t>(a.id));
  s->bind(2, a.at);
  s->bind_text(3, a.kind);
  s->bind(4, static_cast<std::int64_t>(a.conversation));
  s->bind(5, static_cast<std::int64_t>(a.stage));
  s->bind_text(6, a.agent_id);
  s->bind_text(7, a.text);
  s->bind_text(8, a.triggers_json.empty() ? std::string_view("[]") : a.triggers_json);
  s->bind(9, static_cast<std::int64_t>(std::lround(a.risk * 1000.0)));
  return s->step() == SQLITE_DONE ? std::error_code{} : write_failed();
}

std::error_code ack_alert(write_context& c, std::uint64_t id, const std::string& by, time_ms at,
                          alert_row& out) {
  {
    auto s = prepare(c.db,
                     "UPDATE alerts SET acknowledged_by = ?2, acknowledged_at = ?3 "
                     "WHERE id = ?1 AND acknowledged_at = 0");
    if (!s) {
      return write_failed();
    }
    s->bind(1, static_cast<std::int64_t>(id));
    s->bind_text(2, by);
    s->bind(3, at);
    if (s->step() != SQLITE_DONE) {
      return write_failed();
    }
  }
  auto s = prepare(c.db, fmt::format("SELECT {} FROM alerts WHERE id = ?1", alert_columns));
  if (!s) {
    return write_failed();
  }
  s->bind(1, static_cast<std::int64_t>(id));
  const int rc = s->step();
  if (rc == SQLITE_ROW) {
    out = alert_from(*s);
    return {};
  }
  return rc == SQLITE_DONE ? make_error_code(errc::not_found) : write_failed();
}

}  // namespace

std::error_code sqlite_backend::save_alert(alert_row row, callback<bool> done) {
  return write_row(std::move(row), insert_alert, std::move(done));
}

std::error_code sqlite_backend::acknowledge_alert(std::uint64_t id, std::string by, time_ms at,
                                                  callback<alert_row> done) {
  return write<alert_row>(
      [id, b = std::move(by), at](write_context& c, alert_row& out) {
        return ack_alert(c, id, b, at, out);
      },
      std::move(done));
}

void sqlite_backend::alerts(bool include_acknowledged, std::size_t limit,
                            callback<std::vector<alert_row>> done) {
  read<std::vector<alert_row>>(
      [=](read_context& c, std::vector<alert_row>& out) {
        auto s = prepare(c.db, fmt::format("SELECT {} FROM alerts WHERE (?1 OR acknowledged_at = 0) "
                                           "ORDER BY id DESC LIMIT ?2",
                                           alert_columns));
        if (!s) {
          return read_failed();
        }
        s->bind(1, include_acknowledged ? 1 : 0);
        s->bind(2, limit_value(limit));
        return collect(*s, out, alert_from);
      },
      std::move(done));
}

void sqlite_backend::qa_candidates(time_ms from, time_ms to, std::optional<stage_code> stage,
                                   callback<std::vector<qa_candidate_row>> done) {
  read<std::vector<qa_candidate_row>>(
      [=](read_context& c, std::vector<qa_candidate_row>& out) {
        // State 6 is closed: a conversation in wrap-up (or any open state) is never sampled.
        auto s = prepare(c.db,
                         "SELECT c.id, c.shop_id, c.customer_id, c.stage, c.state, c.agent_id, "
                         "c.priority, c.entry_page, c.entry_product_id, c.entry_order_id, "
                         "c.created_at, c.queued_at, c.updated_at, c.last_seq, coalesce(r.stars, 0), "
                         "EXISTS (SELECT 1 FROM decisions d WHERE d.conversation_id = c.id "
                         "AND d.rule = 'complaint_risk') "
                         "FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id "
                         "WHERE c.state = 6 AND c.updated_at >= ?1 AND c.updated_at < ?2 "
                         "AND (?3 < 0 OR c.stage = ?3) ORDER BY c.updated_at, c.id");
        if (!s) {
          return read_failed();
        }
        s->bind(1, from);
        s->bind(2, to);
        s->bind(3, stage ? static_cast<std::int64_t>(*stage) : -1);
        return collect(*s, out, [](const statement& r) {
          return qa_candidate_row{conversation_columns_row(r), static_cast<int>(r.column_int(14)),
                                  r.column_int(15) != 0};
        });
      },
      std::move(done));
}

void sqlite_backend::qa_reviews_of_agent(std::string agent_id, std::size_t limit,
                                         callback<std::vector<qa_review_row>> done) {
  read<std::vector<qa_review_row>>(
      [a = std::move(agent_id), limit](read_context& c, std::vector<qa_review_row>& out) {
        auto s = prepare(c.db,
                         "SELECT conversation_id, reviewer_id, scores_json, total, comment, at, "
                         "agent_id FROM qa_reviews WHERE agent_id = ?1 ORDER BY id DESC LIMIT ?2");
        if (!s) {
          return read_failed();
        }
        s->bind_text(1, a);
        s->bind(2, limit_value(limit));
        return collect(*s, out, [](const statement& r) {
          return qa_review_row{static_cast<conversation_id>(r.column_int(0)),
                               r.column_text(1),
                               r.column_text(2),
                               static_cast<int>(r.column_int(3)),
                               r.column_text(4),
                               r.column_int(5),
                               r.column_text(6)};
        });
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
