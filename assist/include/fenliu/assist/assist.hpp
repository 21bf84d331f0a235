#pragma once
// The whole assist library in one include, for the gateway's app layer and the CLI:
//
//   faq_matcher        message (+ order facts) -> match_result   immutable, any thread
//   risk_scorer        message -> risk_result                    immutable, any thread
//   conversation_risk  per conversation: turns and waits -> alert once
//   bot_policy         per conversation: mode, assignment, shift, match -> answer | handover
//                      | stay_silent, plus records for the unanswered report
//   handover_summary_builder  per conversation: what the receiving agent reads
//   group_unanswered   records -> groups per period and stage (聊天数据分析)
//
// Nothing here reads a clock or does I/O: timestamps are passed in.

#include "fenliu/assist/bot_policy.hpp"
#include "fenliu/assist/conversation_risk.hpp"
#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/assist/risk_scorer.hpp"
#include "fenliu/assist/types.hpp"
#include "fenliu/assist/unanswered_report.hpp"
