#pragma once
// The end-of-run comparison of the crash test: what the clients were acked and saw against the
// transcripts on disk.

#include <map>
#include <string>
#include <vector>

#include "chat_model.hpp"
#include "database.hpp"

namespace fenliu::durability {

/// Every guarantee broken, one line each (empty: all held):
///  - each conversation's stored seqs are 1..last_seq, no gap, no repeat;
///  - each stored message is one a client sent, with its text byte for byte, stored once;
///  - each acked message is stored exactly once, at the seq of its ack;
///  - each customer has exactly one conversation;
///  - each participant saw exactly seqs 1..last_seq of each of its conversations, and the
///    agent the clients believe holds a conversation is the one stored.
std::vector<std::string> check_against_database(
    const ledger& book, const std::vector<const participant*>& participants,
    const std::map<std::uint64_t, stored_conversation>& stored);

/// An online backup taken mid-run is a consistent snapshot: per conversation seqs 1..last_seq
/// with no gap, each message identical to the final transcript's at that seq.
std::vector<std::string> check_backup(const std::map<std::uint64_t, stored_conversation>& backup,
                                      const std::map<std::uint64_t, stored_conversation>& final);

}  // namespace fenliu::durability
