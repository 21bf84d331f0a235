#pragma once
// The floor's frames (issue #11): the live board with service level and live conversations,
// stored alerts, the QA sample with its reasons, the checklist and reviews.

#include <string>
#include <vector>

#include "fenliu/router/router.hpp"
#include "fenliu/store/rows.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

struct board_view {
  store::time_ms at = 0;
  std::vector<router::agent_view> agents;
  std::vector<router::stage_view> stages;
  std::vector<router::conversation_view> conversations;
  int service_level_target_s = 0;
};

struct checklist_entry {
  std::string id;
  std::string label;
  int weight = 1;
  int max_score = 5;
};

/// A QA pick as the wire shows it: the conversation, why it was picked, its rating.
struct qa_sample_entry {
  const store::conversation_record* conversation = nullptr;
  std::string reason;
  int rating_stars = 0;
};

frame_ptr encode_board(const board_view& board);
/// A stored alert as a push (request_id 0) or in a list.
frame_ptr encode_alert(const store::alert_row& alert);
frame_ptr encode_alert_list(std::uint64_t request_id, const std::vector<store::alert_row>& rows);
frame_ptr encode_qa_sample(std::uint64_t request_id, const std::vector<qa_sample_entry>& entries);
frame_ptr encode_qa_checklist(std::uint64_t request_id, const std::vector<checklist_entry>& items);
frame_ptr encode_qa_reviews(std::uint64_t request_id, const std::vector<store::qa_review_row>& rows);
frame_ptr encode_qa_review_saved(std::uint64_t request_id, const store::qa_review_row& row);

}  // namespace fenliu::gateway
