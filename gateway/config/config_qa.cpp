// [qa] with [[qa.checklist]]: how QA samples conversations and what a review scores.

#include <fmt/format.h>

#include <set>

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway {

std::vector<qa_checklist_item> default_qa_checklist() {
  std::vector<qa_checklist_item> items;
  items.push_back({"greeting", "礼貌问候 Greeting", 1, 5});
  items.push_back({"accuracy", "解答准确 Accuracy", 2, 5});
  items.push_back({"tone", "语气态度 Tone", 1, 5});
  items.push_back({"resolution", "问题解决 Resolution", 2, 5});
  return items;
}

}  // namespace fenliu::gateway

namespace fenliu::gateway::detail {

void parse_qa_section(table_reader& root, shop_config& out) {
  const auto* t = root.table("qa");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "qa");
  auto& qa = out.qa;
  r.read("sample_share", qa.sample_share, 0.0, 1.0);
  r.read("unsatisfied_max_stars", qa.unsatisfied_max_stars, 0, 5);
  r.read("sample_days", qa.sample_days, 1, 366);
  if (const auto* list = r.array_of_tables("checklist")) {
    if (list->empty() || list->size() > 50) {
      config_fail(r.path_of("checklist"), list, "needs 1..50 items");
    }
    qa.checklist.clear();
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto at = fmt::format("qa.checklist[{}]", i);
      table_reader item(*list->get(i)->as_table(), at);
      qa_checklist_item c;
      item.read_non_empty("id", c.id);
      item.read_non_empty("label", c.label);
      item.read("weight", c.weight, 1, 100);
      item.read("max_score", c.max_score, 1, 100);
      item.finish();
      if (c.id.empty()) {
        config_fail(at + ".id", list->get(i), "required");
      }
      if (c.label.empty()) {
        c.label = c.id;
      }
      if (!ids.insert(c.id).second) {
        config_fail(at + ".id", list->get(i), "repeats an earlier item");
      }
      qa.checklist.push_back(std::move(c));
    }
  }
  r.finish();
}

}  // namespace fenliu::gateway::detail
