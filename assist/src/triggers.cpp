#include "fenliu/assist/triggers.hpp"

#include "fenliu/assist/negation.hpp"
#include "fenliu/assist/phrase_matcher.hpp"

namespace fenliu::assist {
namespace {

struct trigger_def {
  const char* canonical;
  std::vector<const char*> phrases;
};

const std::vector<trigger_def>& defs() {
  static const auto* d = new std::vector<trigger_def>{
      {"差评",
       {"差评", "给差评", "打差评", "中评", "一星", "1星", "bad review", "1 star", "one star",
        "negative review", "review you"}},
      {"投诉",
       {"投诉", "告你们", "举报", "complain to", "file a complaint", "complaint", "report you",
        "report this", "report it"}},
      {"12315", {"12315", "315"}},
      {"消协", {"消协", "消费者协会", "消保委"}},
      {"平台介入", {"平台介入", "小二介入", "淘宝介入", "申请介入", "官方介入", "天猫介入"}},
      {"曝光", {"曝光", "发微博", "发抖音", "找媒体", "媒体", "expose", "social media"}},
      {"维权", {"维权"}},
      {"律师",
       {"律师", "起诉", "法院", "打官司", "报警", "工商局", "工商", "lawyer", "sue", "lawsuit",
        "legal action", "court", "police"}},
      {"欺诈", {"骗子", "欺诈", "诈骗", "骗人", "骗钱", "假一赔三", "退一赔三"}},
      {"chargeback", {"chargeback", "charge back", "dispute", "paypal dispute"}},
      {"scam",
       {"scam", "scammer", "scammers", "scammed", "fraud", "fraudulent", "rip off", "ripoff",
        "ripped off"}},
  };
  return *d;
}

const phrase_matcher& matcher() {
  static const auto* m = [] {
    auto* pm = new phrase_matcher();
    const auto& d = defs();
    for (std::size_t i = 0; i < d.size(); ++i) {
      for (const char* p : d[i].phrases) {
        pm->add(p, static_cast<int>(i));
      }
    }
    return pm;
  }();
  return *m;
}

}  // namespace

std::vector<trigger_hit> find_triggers(std::u32string_view normalised) {
  std::vector<trigger_hit> out;
  const std::vector<phrase_hit> hits = matcher().find(normalised);
  if (hits.empty()) {
    return out;
  }
  const auto cues = negation_finder::polarity().cues(normalised);
  for (const phrase_hit& h : hits) {
    trigger_hit t;
    t.canonical = defs()[static_cast<std::size_t>(h.payload)].canonical;
    t.start = h.start;
    t.length = h.length;
    t.negated = negation_finder::in_scope(normalised, cues, h.start);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> trigger_names() {
  std::vector<std::string> out;
  for (const trigger_def& d : defs()) {
    out.emplace_back(d.canonical);
  }
  return out;
}

}  // namespace fenliu::assist
