#pragma once
// Read receipts and stored context (part "receipts"): the writer's and reader's operations on
// read_marks and conversation_notes. Statements are prepared per call (these are rare writes).

#include <string>
#include <system_error>
#include <vector>

#include "read_ops.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {

std::error_code save_read_mark(write_context& c, const read_mark_row& r, seq_t& stored);
std::error_code save_transfer_note(write_context& c, conversation_id id, const std::string& note);
std::error_code read_read_marks(read_context& c, conversation_id id,
                                std::vector<read_mark_row>& out);
std::error_code read_transfer_note(read_context& c, conversation_id id, std::string& out);

}  // namespace fenliu::store::detail
