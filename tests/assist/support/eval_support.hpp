#pragma once
// Shared by the assist quality test and the assist bench: reads the bot section of a shop
// TOML (leniently: the gateway's loader is the strict one) and the labelled evaluation set,
// and computes the quality figures of issue 9.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/risk_scorer.hpp"

namespace fenliu::assist::eval {

struct shop_assist {
  bot_config bot;
  risk_config risk;
  std::vector<faq_entry> faq;
  std::map<std::string, order_facts> orders;
};

/// Reads [bot], [risk], [[faq]] and [[orders]] of a shop TOML; throws std::runtime_error.
shop_assist load_shop(const std::filesystem::path& path);

struct eval_case {
  int line = 0;
  std::string kind;
  std::string text;
  std::optional<std::string> faq_id;
  bool handover = false;
  bool risky = false;
  std::optional<std::string> order;
};

/// Reads the TSV evaluation set (see its header); throws std::runtime_error.
std::vector<eval_case> load_cases(const std::filesystem::path& path);

struct figure {
  int hits = 0;
  int total = 0;
  double rate() const { return total == 0 ? 0 : static_cast<double>(hits) / total; }
};

struct eval_report {
  figure precision;                   // answers with the right entry / all answers
  figure accuracy;                    // right entry or rightly not answered / all messages
  figure recall;                      // FAQ questions answered with the right entry
  figure handover;                    // handover requests (labelled) recognised
  figure false_handover;              // handover raised where none was labelled
  figure must_not_answer;             // near-misses and negations answered
  figure risky;                       // risky messages flagged
  figure calm;                        // calm messages flagged
  std::vector<std::string> failures;  // one line per mislabelled verdict
};

eval_report evaluate(const faq_matcher& matcher, const risk_scorer& scorer,
                     const std::vector<eval_case>& cases,
                     const std::map<std::string, order_facts>& orders);

}  // namespace fenliu::assist::eval
