// The PostgreSQL back end: the records around conversations (record_ops.cpp and
// read_records.cpp in SQLite): routing decisions, ratings, QA reviews, left messages, shops,
// agents with their stages, skills, shifts and holidays, and FAQ entries.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pg_backend_jobs.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

namespace sql {

constexpr query insert_decision{
    "rec_insert_decision",
    "INSERT INTO decisions(conversation_id, at, rule, winner, candidates_json) "
    "VALUES($1, $2, $3, $4, $5)"};
constexpr query decisions{"rec_decisions",
                          "SELECT conversation_id, at, rule, winner, candidates_json "
                          "FROM decisions WHERE conversation_id = $1 ORDER BY id"};
// A second rating of the same conversation replaces the first.
constexpr query upsert_rating{
    "rec_upsert_rating",
    "INSERT INTO ratings(conversation_id, stars, comment, at) VALUES($1, $2, $3, $4) "
    "ON CONFLICT (conversation_id) DO UPDATE SET stars = excluded.stars, "
    "comment = excluded.comment, at = excluded.at"};
constexpr query rating{
    "rec_rating",
    "SELECT conversation_id, stars, comment, at FROM ratings WHERE conversation_id = $1"};
constexpr query insert_qa_review{
    "rec_insert_qa_review",
    "INSERT INTO qa_reviews(conversation_id, reviewer_id, scores_json, total, comment, at, "
    "agent_id) VALUES($1, $2, $3, $4, $5, $6, $7)"};
constexpr query qa_reviews{
    "rec_qa_reviews",
    "SELECT conversation_id, reviewer_id, scores_json, total, comment, at, agent_id "
    "FROM qa_reviews WHERE conversation_id = $1 ORDER BY id"};
constexpr query insert_left_message{
    "rec_insert_left_message",
    "INSERT INTO left_messages(conversation_id, customer_id, text, contact, at) "
    "VALUES($1, $2, $3, $4, $5)"};
// Only those whose conversation still waits in the left-message state (7).
constexpr query pending_left{
    "rec_pending_left",
    "SELECT l.conversation_id, l.customer_id, l.text, l.contact, l.at "
    "FROM left_messages l JOIN conversations c ON c.id = l.conversation_id "
    "WHERE c.shop_id = $1 AND c.state = 7 ORDER BY l.at, l.id LIMIT $2"};

constexpr query upsert_shop{
    "rec_upsert_shop",
    "INSERT INTO shops(id, name, time_zone, updated_at) VALUES($1, $2, $3, $4) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, "
    "updated_at = excluded.updated_at"};

// The children of every agent of a shop ($1) or of one agent id ($2); the other parameter is
// NULL, which matches nothing.
#define FENLIU_PG_AGENT_CHILDREN_OF(table)                                               \
  "DELETE FROM " table " WHERE agent_id IN (SELECT id FROM agents WHERE shop_id = $1) " \
  "OR agent_id = $2"
constexpr query delete_agent_stages{"rec_delete_agent_stages",
                                    FENLIU_PG_AGENT_CHILDREN_OF("agent_stages")};
constexpr query delete_agent_skills{"rec_delete_agent_skills",
                                    FENLIU_PG_AGENT_CHILDREN_OF("agent_skills")};
constexpr query delete_agent_shifts{"rec_delete_agent_shifts",
                                    FENLIU_PG_AGENT_CHILDREN_OF("agent_shifts")};
constexpr query delete_agent_holidays{"rec_delete_agent_holidays",
                                      FENLIU_PG_AGENT_CHILDREN_OF("agent_holidays")};
#undef FENLIU_PG_AGENT_CHILDREN_OF
constexpr query delete_agents{"rec_delete_agents", "DELETE FROM agents WHERE shop_id = $1"};
// Agent ids are global: an id moving to another shop takes its row along.
constexpr query upsert_agent{
    "rec_upsert_agent",
    "INSERT INTO agents(id, shop_id, display_name, capacity, supervisor, always_on) "
    "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, "
    "display_name = excluded.display_name, capacity = excluded.capacity, "
    "supervisor = excluded.supervisor, always_on = excluded.always_on"};
// A stage or holiday listed twice is stored once; a skill listed twice keeps the last level.
constexpr query insert_agent_stage{
    "rec_insert_agent_stage",
    "INSERT INTO agent_stages(agent_id, stage) VALUES($1, $2) ON CONFLICT DO NOTHING"};
constexpr query insert_agent_skill{
    "rec_insert_agent_skill",
    "INSERT INTO agent_skills(agent_id, skill, level) VALUES($1, $2, $3) "
    "ON CONFLICT (agent_id, skill) DO UPDATE SET level = excluded.level"};
constexpr query insert_agent_shift{
    "rec_insert_agent_shift",
    "INSERT INTO agent_shifts(agent_id, position, weekday, date, start_minute, end_minute) "
    "VALUES($1, $2, $3, $4, $5, $6)"};
constexpr query insert_agent_holiday{
    "rec_insert_agent_holiday",
    "INSERT INTO agent_holidays(agent_id, date) VALUES($1, $2) ON CONFLICT DO NOTHING"};

// A shop's agents and then their children, four statements for the whole shop; each child
// query is ordered as SQLite's per-agent one is within an agent.
constexpr query agents{"rec_agents",
                       "SELECT id, shop_id, display_name, capacity, supervisor, always_on "
                       "FROM agents WHERE shop_id = $1 ORDER BY id"};
constexpr query shop_agent_stages{
    "rec_shop_agent_stages",
    "SELECT s.agent_id, s.stage FROM agent_stages s JOIN agents a ON a.id = s.agent_id "
    "WHERE a.shop_id = $1 ORDER BY s.agent_id, s.stage"};
constexpr query shop_agent_skills{
    "rec_shop_agent_skills",
    "SELECT s.agent_id, s.skill, s.level FROM agent_skills s JOIN agents a ON a.id = s.agent_id "
    "WHERE a.shop_id = $1 ORDER BY s.agent_id, s.skill"};
constexpr query shop_agent_shifts{
    "rec_shop_agent_shifts",
    "SELECT s.agent_id, s.weekday, s.date, s.start_minute, s.end_minute FROM agent_shifts s "
    "JOIN agents a ON a.id = s.agent_id WHERE a.shop_id = $1 ORDER BY s.agent_id, s.position"};
constexpr query shop_agent_holidays{
    "rec_shop_agent_holidays",
    "SELECT h.agent_id, h.date FROM agent_holidays h JOIN agents a ON a.id = h.agent_id "
    "WHERE a.shop_id = $1 ORDER BY h.agent_id, h.date"};

constexpr query delete_faq{"rec_delete_faq", "DELETE FROM faq_entries WHERE shop_id = $1"};
// An id listed twice keeps its last entry.
constexpr query insert_faq{
    "rec_insert_faq",
    "INSERT INTO faq_entries(shop_id, id, stage, body, position) VALUES($1, $2, $3, $4, $5) "
    "ON CONFLICT (shop_id, id) DO UPDATE SET stage = excluded.stage, body = excluded.body, "
    "position = excluded.position"};
constexpr query faq{"rec_faq",
                    "SELECT shop_id, id, stage, body, position FROM faq_entries "
                    "WHERE shop_id = $1 ORDER BY position, id"};

}  // namespace sql

std::int64_t id_value(conversation_id id) {
  return static_cast<std::int64_t>(id);
}

// ---- agents ----

std::error_code delete_agent_children(write_context& c, const params& p) {
  for (const query* q : {&sql::delete_agent_stages, &sql::delete_agent_skills,
                         &sql::delete_agent_shifts, &sql::delete_agent_holidays}) {
    if (auto ec = write_status(c.db.run(*q, p))) {
      return ec;
    }
  }
  return {};
}

std::error_code insert_agent_children(write_context& c, const agent_row& a) {
  for (const stage_code stage : a.stages) {
    if (auto ec = write_status(c.db.run(sql::insert_agent_stage,
                                     params{}.bytes(a.id).i64(static_cast<std::int64_t>(stage))))) {
      return ec;
    }
  }
  for (const auto& skill : a.skills) {
    if (auto ec = write_status(c.db.run(sql::insert_agent_skill,
                                     params{}.bytes(a.id).bytes(skill.skill).i64(skill.level)))) {
      return ec;
    }
  }
  std::int64_t position = 0;
  for (const auto& shift : a.shifts) {
    if (auto ec = write_status(c.db.run(sql::insert_agent_shift, params{}
                                                                  .bytes(a.id)
                                                                  .i64(position++)
                                                                  .i64(shift.weekday)
                                                                  .bytes(shift.date)
                                                                  .i64(shift.start_minute)
                                                                  .i64(shift.end_minute)))) {
      return ec;
    }
  }
  for (const auto& date : a.holidays) {
    if (auto ec = write_status(c.db.run(sql::insert_agent_holiday, params{}.bytes(a.id).bytes(date)))) {
      return ec;
    }
  }
  return {};
}

std::error_code insert_agent(write_context& c, const std::string& shop_id, const agent_row& a) {
  // Children of the same id left by another shop's sync would otherwise merge into this one.
  if (auto ec = delete_agent_children(c, params{}.null().bytes(a.id))) {
    return ec;
  }
  if (auto ec = write_status(c.db.run(sql::upsert_agent, params{}
                                                          .bytes(a.id)
                                                          .bytes(shop_id)
                                                          .bytes(a.display_name)
                                                          .i64(a.capacity)
                                                          .i64(a.supervisor ? 1 : 0)
                                                          .i64(a.always_on ? 1 : 0)))) {
    return ec;
  }
  return insert_agent_children(c, a);
}

std::error_code sync_agents_op(write_context& c, const std::string& shop_id,
                               const std::vector<agent_row>& agents) {
  // Children first: their delete finds the shop's agents through the agents table.
  if (auto ec = delete_agent_children(c, params{}.bytes(shop_id).null())) {
    return ec;
  }
  if (auto ec = write_status(c.db.run(sql::delete_agents, params{}.bytes(shop_id)))) {
    return ec;
  }
  for (const auto& a : agents) {
    if (auto ec = insert_agent(c, shop_id, a)) {
      return ec;
    }
  }
  return {};
}

/// Runs `q` for the shop and hands each row to `add(agent, result, row)` for the agent its
/// first column names.
template <class Add>
std::error_code read_children(read_context& c, const query& q, const params& p,
                              std::unordered_map<std::string, agent_row*>& by_id, Add add) {
  const result r = c.db.run(q, p);
  if (!r.ok()) {
    return read_failed();
  }
  for (int i = 0; i < r.rows(); ++i) {
    if (const auto it = by_id.find(r.bytes(i, 0)); it != by_id.end()) {
      add(*it->second, r, i);
    }
  }
  return {};
}

std::error_code read_agents(read_context& c, const std::string& shop_id,
                            std::vector<agent_row>& out) {
  params p;  // built in place: params point into themselves and are not copied
  p.bytes(shop_id);
  auto ec = collect(c.db.run(sql::agents, p), out, [](const result& r, int i) {
    agent_row a;
    a.id = r.bytes(i, 0);
    a.shop_id = r.bytes(i, 1);
    a.display_name = r.bytes(i, 2);
    a.capacity = static_cast<int>(r.i64(i, 3));
    a.supervisor = r.i64(i, 4) != 0;
    a.always_on = r.i64(i, 5) != 0;
    return a;
  });
  if (ec || out.empty()) {
    return ec;
  }
  std::unordered_map<std::string, agent_row*> by_id;
  by_id.reserve(out.size());
  for (auto& a : out) {
    by_id.emplace(a.id, &a);
  }
  if ((ec = read_children(c, sql::shop_agent_stages, p, by_id,
                          [](agent_row& a, const result& r, int i) {
                            a.stages.push_back(static_cast<stage_code>(r.i64(i, 1)));
                          }))) {
    return ec;
  }
  if ((ec = read_children(c, sql::shop_agent_skills, p, by_id,
                          [](agent_row& a, const result& r, int i) {
                            a.skills.push_back(
                                agent_skill_row{r.bytes(i, 1), static_cast<int>(r.i64(i, 2))});
                          }))) {
    return ec;
  }
  if ((ec = read_children(c, sql::shop_agent_shifts, p, by_id,
                          [](agent_row& a, const result& r, int i) {
                            a.shifts.push_back(agent_shift_row{
                                static_cast<int>(r.i64(i, 1)), r.bytes(i, 2),
                                static_cast<int>(r.i64(i, 3)), static_cast<int>(r.i64(i, 4))});
                          }))) {
    return ec;
  }
  return read_children(c, sql::shop_agent_holidays, p, by_id,
                       [](agent_row& a, const result& r, int i) {
                         a.holidays.push_back(r.bytes(i, 1));
                       });
}

// ---- FAQ ----

std::error_code sync_faq_op(write_context& c, const std::string& shop_id,
                            const std::vector<faq_row>& rows) {
  if (auto ec = write_status(c.db.run(sql::delete_faq, params{}.bytes(shop_id)))) {
    return ec;
  }
  for (const auto& f : rows) {
    if (auto ec = write_status(c.db.run(sql::insert_faq, params{}
                                                          .bytes(shop_id)
                                                          .bytes(f.id)
                                                          .i64(static_cast<std::int64_t>(f.stage))
                                                          .bytes(f.body_json)
                                                          .i64(f.position)))) {
      return ec;
    }
  }
  return {};
}

}  // namespace

// ---- decisions, ratings, reviews, left messages ----

std::error_code postgres_backend::record_decision(decision_row row) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) {
                       return write_status(c.db.run(sql::insert_decision, params{}
                                                                            .i64(id_value(r.conversation))
                                                                            .i64(r.at)
                                                                            .bytes(r.rule)
                                                                            .bytes(r.winner)
                                                                            .bytes(r.candidates_json)));
                     }),
                     {});
}

void postgres_backend::decisions_of(conversation_id id, callback<std::vector<decision_row>> done) {
  read<std::vector<decision_row>>(
      [id](read_context& c, std::vector<decision_row>& out) {
        return collect(c.db.run(sql::decisions, params{}.i64(id_value(id))), out,
                       [](const result& r, int i) {
                         return decision_row{static_cast<conversation_id>(r.i64(i, 0)),
                                             r.i64(i, 1), r.bytes(i, 2), r.bytes(i, 3),
                                             r.bytes(i, 4)};
                       });
      },
      std::move(done));
}

std::error_code postgres_backend::save_rating(rating_row row, callback<bool> done) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) {
                       return write_status(c.db.run(sql::upsert_rating, params{}
                                                                          .i64(id_value(r.conversation))
                                                                          .i64(r.stars)
                                                                          .bytes(r.comment)
                                                                          .i64(r.at)));
                     }),
                     std::move(done));
}

void postgres_backend::rating_of(conversation_id id, callback<rating_row> done) {
  read<rating_row>(
      [id](read_context& c, rating_row& out) {
        const result r = c.db.run(sql::rating, params{}.i64(id_value(id)));
        if (!r.ok()) {
          return read_failed();
        }
        if (r.rows() == 0) {
          return make_error_code(errc::not_found);
        }
        out = rating_row{static_cast<conversation_id>(r.i64(0, 0)), static_cast<int>(r.i64(0, 1)),
                         r.bytes(0, 2), r.i64(0, 3)};
        return std::error_code{};
      },
      std::move(done));
}

std::error_code postgres_backend::save_qa_review(qa_review_row row, callback<bool> done) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) {
                       return write_status(c.db.run(sql::insert_qa_review, params{}
                                                                             .i64(id_value(r.conversation))
                                                                             .bytes(r.reviewer_id)
                                                                             .bytes(r.scores_json)
                                                                             .i64(r.total)
                                                                             .bytes(r.comment)
                                                                             .i64(r.at)
                                                                             .bytes(r.agent_id)));
                     }),
                     std::move(done));
}

void postgres_backend::qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done) {
  read<std::vector<qa_review_row>>(
      [id](read_context& c, std::vector<qa_review_row>& out) {
        return collect(c.db.run(sql::qa_reviews, params{}.i64(id_value(id))), out,
                       [](const result& r, int i) {
                         return qa_review_row{static_cast<conversation_id>(r.i64(i, 0)),
                                              r.bytes(i, 1),
                                              r.bytes(i, 2),
                                              static_cast<int>(r.i64(i, 3)),
                                              r.bytes(i, 4),
                                              r.i64(i, 5),
                                              r.bytes(i, 6)};
                       });
      },
      std::move(done));
}

std::error_code postgres_backend::save_left_message(left_message_row row, callback<bool> done) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) {
                       return write_status(c.db.run(sql::insert_left_message,
                                                 params{}
                                                     .i64(id_value(r.conversation))
                                                     .bytes(r.customer_id)
                                                     .bytes(r.text)
                                                     .bytes(r.contact)
                                                     .i64(r.at)));
                     }),
                     std::move(done));
}

void postgres_backend::pending_left_messages(std::string shop_id, std::size_t limit,
                                             callback<std::vector<left_message_row>> done) {
  read<std::vector<left_message_row>>(
      [id = std::move(shop_id), limit](read_context& c, std::vector<left_message_row>& out) {
        return collect(c.db.run(sql::pending_left, params{}.bytes(id).i64(limit_value(limit))),
                       out, [](const result& r, int i) {
                         return left_message_row{static_cast<conversation_id>(r.i64(i, 0)),
                                                 r.bytes(i, 1), r.bytes(i, 2), r.bytes(i, 3),
                                                 r.i64(i, 4)};
                       });
      },
      std::move(done));
}

// ---- shops, agents, FAQ ----

std::error_code postgres_backend::upsert_shop(shop_row row, callback<bool> done) {
  return write<bool>(bool_job([r = std::move(row)](write_context& c) {
                       return write_status(c.db.run(
                           sql::upsert_shop,
                           params{}.bytes(r.id).bytes(r.name).bytes(r.time_zone).i64(
                               r.updated_at != 0 ? r.updated_at : c.clock())));
                     }),
                     std::move(done));
}

std::error_code postgres_backend::sync_agents(std::string shop_id, std::vector<agent_row> agents,
                                              callback<bool> done) {
  return write<bool>(bool_job([shop = std::move(shop_id), list = std::move(agents)](
                                  write_context& c) { return sync_agents_op(c, shop, list); }),
                     std::move(done));
}

void postgres_backend::agents_of(std::string shop_id, callback<std::vector<agent_row>> done) {
  read<std::vector<agent_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<agent_row>& out) {
        return read_agents(c, id, out);
      },
      std::move(done));
}

std::error_code postgres_backend::sync_faq(std::string shop_id, std::vector<faq_row> rows,
                                           callback<bool> done) {
  return write<bool>(bool_job([shop = std::move(shop_id), list = std::move(rows)](
                                  write_context& c) { return sync_faq_op(c, shop, list); }),
                     std::move(done));
}

void postgres_backend::faq_of(std::string shop_id, callback<std::vector<faq_row>> done) {
  read<std::vector<faq_row>>(
      [id = std::move(shop_id)](read_context& c, std::vector<faq_row>& out) {
        return collect(c.db.run(sql::faq, params{}.bytes(id)), out, [](const result& r, int i) {
          faq_row f;
          f.shop_id = r.bytes(i, 0);
          f.id = r.bytes(i, 1);
          f.stage = static_cast<stage_code>(r.i64(i, 2));
          f.body_json = r.bytes(i, 3);
          f.position = static_cast<int>(r.i64(i, 4));
          return f;
        });
      },
      std::move(done));
}

}  // namespace fenliu::store::pg
