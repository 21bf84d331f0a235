// Reader queries for the records around conversations: customers, orders, decisions, ratings,
// reviews, left messages, agents and FAQ entries.

#include "fenliu/store/error.hpp"
#include "read_ops.hpp"
#include "read_util.hpp"
#include "shop_data_ops.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code read_strings(statement& s, std::string_view key, std::vector<std::string>& out) {
  statement_scope q(s);
  q->bind_text(1, key);
  return collect(s, out, [](const statement& r) { return r.column_text(0); });
}

std::error_code read_agent_children(read_context& c, agent_row& a) {
  {
    statement_scope q(c.st.agent_stages);
    q->bind_text(1, a.id);
    auto ec = collect(q.get(), a.stages,
                      [](const statement& r) { return static_cast<stage_code>(r.column_int(0)); });
    if (ec) {
      return ec;
    }
  }
  {
    statement_scope q(c.st.agent_skills);
    q->bind_text(1, a.id);
    auto ec = collect(q.get(), a.skills, [](const statement& r) {
      return agent_skill_row{r.column_text(0), static_cast<int>(r.column_int(1))};
    });
    if (ec) {
      return ec;
    }
  }
  {
    statement_scope q(c.st.agent_shifts);
    q->bind_text(1, a.id);
    auto ec = collect(q.get(), a.shifts, [](const statement& r) {
      return agent_shift_row{static_cast<int>(r.column_int(0)), r.column_text(1),
                             static_cast<int>(r.column_int(2)), static_cast<int>(r.column_int(3))};
    });
    if (ec) {
      return ec;
    }
  }
  return read_strings(c.st.agent_holidays, a.id, a.holidays);
}

}  // namespace

std::error_code read_customer(read_context& c, const std::string& id, customer_row& out) {
  {
    statement_scope s(c.st.customer);
    s->bind_text(1, id);
    const int rc = s->step();
    if (rc == SQLITE_DONE) {
      return make_error_code(errc::not_found);
    }
    if (rc != SQLITE_ROW) {
      return read_failed();
    }
    out.id = s->column_text(0);
    out.shop_id = s->column_text(1);
    out.display_name = s->column_text(2);
    out.vip = s->column_int(3) != 0;
    out.last_agent_id = s->column_text(4);
    out.last_served_at = s->column_int(5);
    out.vip_level = static_cast<int>(s->column_int(6));
  }
  return read_strings(c.st.customer_tags, id, out.tags);
}

std::error_code read_orders(read_context& c, const std::string& customer_id,
                            std::vector<order_row>& out) {
  {
    statement_scope s(c.st.orders);
    s->bind_text(1, customer_id);
    if (auto ec = collect(s.get(), out, order_of)) {
      return ec;
    }
  }
  return read_order_items(c, out);
}

std::error_code read_decisions(read_context& c, conversation_id id,
                               std::vector<decision_row>& out) {
  statement_scope s(c.st.decisions);
  s->bind(1, static_cast<std::int64_t>(id));
  return collect(s.get(), out, [](const statement& r) {
    return decision_row{static_cast<conversation_id>(r.column_int(0)), r.column_int(1),
                        r.column_text(2), r.column_text(3), r.column_text(4)};
  });
}

std::error_code read_rating(read_context& c, conversation_id id, rating_row& out) {
  statement_scope s(c.st.rating);
  s->bind(1, static_cast<std::int64_t>(id));
  const int rc = s->step();
  if (rc == SQLITE_DONE) {
    return make_error_code(errc::not_found);
  }
  if (rc != SQLITE_ROW) {
    return read_failed();
  }
  out = rating_row{static_cast<conversation_id>(s->column_int(0)),
                   static_cast<int>(s->column_int(1)), s->column_text(2), s->column_int(3)};
  return {};
}

std::error_code read_qa_reviews(read_context& c, conversation_id id,
                                std::vector<qa_review_row>& out) {
  statement_scope s(c.st.qa_reviews);
  s->bind(1, static_cast<std::int64_t>(id));
  return collect(s.get(), out, [](const statement& r) {
    return qa_review_row{static_cast<conversation_id>(r.column_int(0)),
                         r.column_text(1),
                         r.column_text(2),
                         static_cast<int>(r.column_int(3)),
                         r.column_text(4),
                         r.column_int(5),
                         r.column_text(6)};
  });
}

std::error_code read_pending_left(read_context& c, const std::string& shop_id, std::size_t limit,
                                  std::vector<left_message_row>& out) {
  statement_scope s(c.st.pending_left);
  s->bind_text(1, shop_id);
  s->bind(2, limit_value(limit));
  return collect(s.get(), out, [](const statement& r) {
    return left_message_row{static_cast<conversation_id>(r.column_int(0)), r.column_text(1),
                            r.column_text(2), r.column_text(3), r.column_int(4)};
  });
}

std::error_code read_agents(read_context& c, const std::string& shop_id,
                            std::vector<agent_row>& out) {
  {
    statement_scope s(c.st.agents);
    s->bind_text(1, shop_id);
    auto ec = collect(s.get(), out, [](const statement& r) {
      agent_row a;
      a.id = r.column_text(0);
      a.shop_id = r.column_text(1);
      a.display_name = r.column_text(2);
      a.capacity = static_cast<int>(r.column_int(3));
      a.supervisor = r.column_int(4) != 0;
      a.always_on = r.column_int(5) != 0;
      return a;
    });
    if (ec) {
      return ec;
    }
  }
  for (auto& a : out) {
    if (auto ec = read_agent_children(c, a)) {
      return ec;
    }
  }
  return {};
}

std::error_code read_faq(read_context& c, const std::string& shop_id, std::vector<faq_row>& out) {
  statement_scope s(c.st.faq);
  s->bind_text(1, shop_id);
  return collect(s.get(), out, [](const statement& r) {
    faq_row f;
    f.shop_id = r.column_text(0);
    f.id = r.column_text(1);
    f.stage = static_cast<stage_code>(r.column_int(2));
    f.body_json = r.column_text(3);
    f.position = static_cast<int>(r.column_int(4));
    return f;
  });
}

}  // namespace fenliu::store::detail
