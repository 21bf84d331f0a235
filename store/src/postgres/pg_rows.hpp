#pragma once
// Helpers shared by the PostgreSQL back end's operations: row decoding for the tables several
// operations read, LIMIT values, and collecting rows.

#include <cstdint>
#include <system_error>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "pg.hpp"
#include "pg_context.hpp"

namespace fenliu::store::pg {

// The SQL writes these codes as literals.
static_assert(static_cast<int>(conversation_state::closed) == 6);
static_assert(static_cast<int>(conversation_state::left_message) == 7);

/// The columns conversation_from() reads, in its order (prefix them with an alias by hand).
#define FENLIU_PG_CONVERSATION_COLUMNS                                       \
  "id, shop_id, customer_id, stage, state, agent_id, priority, entry_page, " \
  "entry_product_id, entry_order_id, created_at, queued_at, updated_at, last_seq "
/// The columns message_from() reads, in its order.
#define FENLIU_PG_MESSAGE_COLUMNS                                                     \
  "conversation_id, seq, role, sender_id, client_msg_id, kind, payload, staff_only, " \
  "recalls_seq, recalled, created_at "

/// A conversation from columns first .. first + 13 of `row`.
conversation_record conversation_from(const result& r, int row, int first = 0);
/// A message from columns first .. first + 10 of `row`.
stored_message message_from(const result& r, int row, int first = 0);

/// A LIMIT value: 0 from a caller means "none".
inline std::int64_t limit_value(std::size_t limit) {
  return limit == 0 || limit > static_cast<std::size_t>(INT64_MAX)
             ? INT64_MAX
             : static_cast<std::int64_t>(limit);
}

/// A write statement's outcome: errc::write_failed when it failed (the batch rolls back).
inline std::error_code write_status(const result& r) {
  return r.ok() ? std::error_code{} : write_failed();
}

/// Appends `row(r, i)` for every row of a successful `r`; io_error when `r` failed.
template <class Row, class Fn>
std::error_code collect(const result& r, std::vector<Row>& out, Fn row) {
  if (!r.ok()) {
    return read_failed();
  }
  out.reserve(out.size() + static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(row(r, i));
  }
  return {};
}

}  // namespace fenliu::store::pg
