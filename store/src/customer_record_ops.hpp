#pragma once
// Writer and reader operations for the customer record (tags, notes, who served last, the
// record's lists) and quick phrases. Their statements are prepared per call: these are rare
// writes and reads next to the message log's, and keeping them out of the shared statement
// caches keeps those small.

#include <string>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "read_ops.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {

std::error_code set_customer_tags(write_context& c, const std::string& customer_id,
                                  const std::string& shop_id,
                                  const std::vector<std::string>& tags);
std::error_code record_served(write_context& c, const std::string& customer_id,
                              const std::string& shop_id, const std::string& agent_id,
                              time_ms at);
std::error_code add_customer_note(write_context& c, const customer_note_row& row,
                                  std::uint64_t& id);
std::error_code save_quick_phrase(write_context& c, const quick_phrase_row& row);
std::error_code delete_quick_phrase(write_context& c, const std::string& id,
                                    const std::string& owner_id);
std::error_code sync_shop_phrases(write_context& c, const std::string& shop_id,
                                  const std::vector<quick_phrase_row>& rows);

std::error_code read_customer_file(read_context& c, const std::string& customer_id,
                                   conversation_id exclude, const customer_file_limits& limits,
                                   customer_file& out);
std::error_code read_quick_phrases(read_context& c, const std::string& shop_id,
                                   std::vector<quick_phrase_row>& out);

}  // namespace fenliu::store::detail
