#include "fenliu/assist/unanswered_report.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "fenliu/assist/synonyms.hpp"
#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

using feature_set = std::set<std::string>;

// Particles and pronouns: two questions do not resemble each other for sharing 吗.
constexpr std::u32string_view particles = U"亲的了吗呢啊呀吧哦嗯么嘛我你您在";

// Character bigrams and unigrams (particles left out), Latin words and topic concepts:
// 能开发票吗 and 可以开票吗 meet on the concept even where their characters differ.
feature_set features(std::string_view text) {
  feature_set out;
  const std::u32string n = normalize(text);
  std::size_t i = 0;
  while (i < n.size()) {
    std::size_t j = i;
    if (is_cjk(n[i])) {
      while (j < n.size() && is_cjk(n[j])) {
        ++j;
      }
      for (std::size_t k = i; k < j; ++k) {
        if (particles.find(n[k]) == std::u32string_view::npos) {
          out.insert(encode_utf8(n.substr(k, 1)));
        }
      }
      for (std::size_t k = i; k + 1 < j; ++k) {
        out.insert(encode_utf8(n.substr(k, 2)));
      }
    } else if (is_word_char(n[i])) {
      while (j < n.size() && is_word_char(n[j])) {
        ++j;
      }
      out.insert("w:" + encode_utf8(n.substr(i, j - i)));
    } else {
      j = i + 1;
    }
    i = j;
  }
  const synonym_lexicon& lexicon = synonym_lexicon::builtin();
  for (const concept_hit& h : lexicon.find(n)) {
    const concept_def& c = lexicon.at(h.concept_index);
    if (c.role != concept_role::modifier) {
      out.insert("#" + c.name);
    }
  }
  return out;
}

double jaccard(const feature_set& a, const feature_set& b) {
  if (a.empty() && b.empty()) {
    return 1;
  }
  std::size_t common = 0;
  for (const std::string& f : a) {
    common += b.count(f);
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

router::time_ms floor_div(router::time_ms a, router::time_ms b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

struct open_group {
  unanswered_group group;
  feature_set features;
};

}  // namespace

double question_similarity(std::string_view a, std::string_view b) {
  return jaccard(features(a), features(b));
}

std::vector<unanswered_group> group_unanswered(const std::vector<unanswered_record>& records,
                                               const report_options& options) {
  std::vector<const unanswered_record*> sorted;
  for (const unanswered_record& r : records) {
    sorted.push_back(&r);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return std::tie(a->time_ms, a->text) < std::tie(b->time_ms, b->text);
  });
  const router::time_ms offset = static_cast<router::time_ms>(options.utc_offset_minutes) * 60000;
  const router::time_ms period = std::max<router::time_ms>(1, options.period_ms);
  std::vector<open_group> groups;
  for (const unanswered_record* r : sorted) {
    const router::time_ms start = floor_div(r->time_ms + offset, period) * period - offset;
    const feature_set f = features(r->text);
    open_group* best = nullptr;
    double best_sim = 0;
    for (open_group& g : groups) {
      if (g.group.period_start != start || g.group.stage != r->stage) {
        continue;
      }
      const double sim = jaccard(f, g.features);
      if (sim > best_sim) {
        best_sim = sim;
        best = &g;
      }
    }
    if (best == nullptr || best_sim < options.min_similarity) {
      groups.push_back({unanswered_group{start, r->stage, 0, r->text, {}, {}, {}}, f});
      best = &groups.back();
    }
    unanswered_group& g = best->group;
    ++g.count;
    ++g.reasons[r->reason];
    if (!r->faq_id.empty()) {
      ++g.answered_with[r->faq_id];
    }
    if (g.examples.size() < options.max_examples &&
        std::find(g.examples.begin(), g.examples.end(), r->text) == g.examples.end()) {
      g.examples.push_back(r->text);
    }
  }
  std::vector<unanswered_group> out;
  for (open_group& g : groups) {
    out.push_back(std::move(g.group));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.period_start, a.stage, -a.count, a.representative) <
           std::make_tuple(b.period_start, b.stage, -b.count, b.representative);
  });
  return out;
}

}  // namespace fenliu::assist
