// Writer operations for the records around conversations: decisions, ratings, reviews, left
// messages, customers, orders, shops, agents and FAQ entries.

#include "fenliu/store/error.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {
namespace {

std::error_code status(int rc) {
  return rc == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code delete_by_key(statement& s, std::string_view key, int index = 1) {
  statement_scope d(s);
  d->bind_text(index, key);
  return status(d->step());
}

std::error_code insert_agent_children(write_context& c, const agent_row& a) {
  for (const stage_code stage : a.stages) {
    statement_scope s(c.st.insert_agent_stage);
    s->bind_text(1, a.id);
    s->bind(2, static_cast<std::int64_t>(stage));
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  for (const auto& skill : a.skills) {
    statement_scope s(c.st.insert_agent_skill);
    s->bind_text(1, a.id);
    s->bind_text(2, skill.skill);
    s->bind(3, skill.level);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  std::int64_t position = 0;
  for (const auto& shift : a.shifts) {
    statement_scope s(c.st.insert_agent_shift);
    s->bind_text(1, a.id);
    s->bind(2, position++);
    s->bind(3, shift.weekday);
    s->bind_text(4, shift.date);
    s->bind(5, shift.start_minute);
    s->bind(6, shift.end_minute);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  for (const auto& date : a.holidays) {
    statement_scope s(c.st.insert_agent_holiday);
    s->bind_text(1, a.id);
    s->bind_text(2, date);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  return {};
}

std::error_code insert_agent(write_context& c, const std::string& shop_id, const agent_row& a) {
  // Children of the same id left by another shop's sync would otherwise merge into this one.
  for (statement* child : {&c.st.delete_agent_stages, &c.st.delete_agent_skills,
                           &c.st.delete_agent_shifts, &c.st.delete_agent_holidays}) {
    if (auto ec = delete_by_key(*child, a.id, 2)) {
      return ec;
    }
  }
  statement_scope s(c.st.insert_agent);
  s->bind_text(1, a.id);
  s->bind_text(2, shop_id);
  s->bind_text(3, a.display_name);
  s->bind(4, a.capacity);
  s->bind(5, a.supervisor ? 1 : 0);
  s->bind(6, a.always_on ? 1 : 0);
  if (auto ec = status(s->step())) {
    return ec;
  }
  return insert_agent_children(c, a);
}

}  // namespace

std::error_code insert_decision(write_context& c, const decision_row& r) {
  statement_scope s(c.st.insert_decision);
  s->bind(1, static_cast<std::int64_t>(r.conversation));
  s->bind(2, r.at);
  s->bind_text(3, r.rule);
  s->bind_text(4, r.winner);
  s->bind_text(5, r.candidates_json);
  return status(s->step());
}

std::error_code save_rating(write_context& c, const rating_row& r) {
  statement_scope s(c.st.upsert_rating);
  s->bind(1, static_cast<std::int64_t>(r.conversation));
  s->bind(2, r.stars);
  s->bind_text(3, r.comment);
  s->bind(4, r.at);
  return status(s->step());
}

std::error_code save_qa_review(write_context& c, const qa_review_row& r) {
  statement_scope s(c.st.insert_qa_review);
  s->bind(1, static_cast<std::int64_t>(r.conversation));
  s->bind_text(2, r.reviewer_id);
  s->bind_text(3, r.scores_json);
  s->bind(4, r.total);
  s->bind_text(5, r.comment);
  s->bind(6, r.at);
  s->bind_text(7, r.agent_id);
  return status(s->step());
}

std::error_code save_left_message(write_context& c, const left_message_row& r) {
  statement_scope s(c.st.insert_left_message);
  s->bind(1, static_cast<std::int64_t>(r.conversation));
  s->bind_text(2, r.customer_id);
  s->bind_text(3, r.text);
  s->bind_text(4, r.contact);
  s->bind(5, r.at);
  return status(s->step());
}

std::error_code upsert_customer(write_context& c, const customer_row& r) {
  {
    statement_scope s(c.st.upsert_customer);
    s->bind_text(1, r.id);
    s->bind_text(2, r.shop_id);
    s->bind_text(3, r.display_name);
    s->bind(4, r.vip ? 1 : 0);
    s->bind_text(5, r.last_agent_id);
    s->bind(6, r.last_served_at);
    s->bind(7, r.vip_level);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  // The row's tags are the whole set: replace, not merge.
  if (auto ec = delete_by_key(c.st.delete_tags, r.id)) {
    return ec;
  }
  for (const auto& tag : r.tags) {
    statement_scope s(c.st.insert_tag);
    s->bind_text(1, r.id);
    s->bind_text(2, tag);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  return {};
}

std::error_code upsert_order(write_context& c, const order_row& r) {
  {
    statement_scope s(c.st.upsert_order);
    s->bind_text(1, r.id);
    s->bind_text(2, r.shop_id);
    s->bind_text(3, r.customer_id);
    s->bind_text(4, r.status);
    s->bind(5, r.total_cents);
    s->bind(6, r.created_at);
    s->bind(7, r.updated_at);
    s->bind_text(8, r.carrier);
    s->bind_text(9, r.tracking_no);
    s->bind(10, r.delivered_at);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  if (auto ec = delete_by_key(c.st.delete_items, r.id)) {
    return ec;
  }
  std::int64_t position = 0;
  for (const auto& item : r.items) {
    statement_scope s(c.st.insert_item);
    s->bind_text(1, r.id);
    s->bind(2, position++);
    s->bind_text(3, item.product_id);
    s->bind_text(4, item.title);
    s->bind(5, item.quantity);
    s->bind(6, item.price_cents);
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  return {};
}

std::error_code upsert_shop(write_context& c, const shop_row& r) {
  statement_scope s(c.st.upsert_shop);
  s->bind_text(1, r.id);
  s->bind_text(2, r.name);
  s->bind_text(3, r.time_zone);
  s->bind(4, r.updated_at != 0 ? r.updated_at : c.clock());
  return status(s->step());
}

std::error_code sync_agents(write_context& c, const std::string& shop_id,
                            const std::vector<agent_row>& agents) {
  // Children first: their delete finds the shop's agents through the agents table.
  for (statement* s :
       {&c.st.delete_agent_stages, &c.st.delete_agent_skills, &c.st.delete_agent_shifts,
        &c.st.delete_agent_holidays, &c.st.delete_agents}) {
    if (auto ec = delete_by_key(*s, shop_id)) {
      return ec;
    }
  }
  for (const auto& a : agents) {
    if (auto ec = insert_agent(c, shop_id, a)) {
      return ec;
    }
  }
  return {};
}

std::error_code sync_faq(write_context& c, const std::string& shop_id,
                         const std::vector<faq_row>& rows) {
  if (auto ec = delete_by_key(c.st.delete_faq, shop_id)) {
    return ec;
  }
  for (const auto& r : rows) {
    statement_scope s(c.st.insert_faq);
    s->bind_text(1, shop_id);
    s->bind_text(2, r.id);
    s->bind(3, static_cast<std::int64_t>(r.stage));
    s->bind_text(4, r.body_json);
    s->bind(5, static_cast<std::int64_t>(r.position));
    if (auto ec = status(s->step())) {
      return ec;
    }
  }
  return {};
}

}  // namespace fenliu::store::detail
