#pragma once
// What nodes of a cluster say to each other over Redis pub/sub about relayed sessions. A node
// that does not own the shop ("relay") keeps the client's socket; the owner runs the session.
//
//   relay -> owner   channel up_channel(shop):          open, frame, close, roster
//   owner -> relay   channel down_channel(shop, node):  push, end
//   owner -> all     channel beat_channel(shop):        beat
//
// Pub/sub may drop messages (a subscriber that reconnects misses what was published meanwhile).
// Each direction of a session numbers its messages (tseq 1, 2, ...): a receiver that sees a
// number skipped ends the session with 1001, and the client resumes from its last_seq, which
// the owner replays from PostgreSQL; rosters and beats (heartbeats with a TTL) find sessions
// and owners that went away without a word. Pure: no I/O, any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/app/session_sink.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway::relay {

enum class relay_kind : std::uint8_t {
  open = 1,    // up: a client connected to `node` as `who`
  frame = 2,   // up: one valid client frame (`payload` = the ClientEnvelope bytes)
  close = 3,   // up: the client's connection ended
  roster = 4,  // up: the sessions `node` relays for the shop right now (a heartbeat)
  push = 5,    // down: one server frame for the session (`payload` = ServerEnvelope bytes)
  end = 6,     // down: the owner ended the session with `code`; tseq 0: out of band
  beat = 7,    // owner: `node` owns the shop at `epoch` (a heartbeat); `payload`: its HTTP
               // address ("host:port", empty when it has none to give)
};

struct relay_message {
  relay_kind kind = relay_kind::frame;
  std::string node;           // the relay node (up) or the owner (beat); empty on down
  std::uint64_t session = 0;  // the session's id on the relay node
  std::uint64_t tseq = 0;     // this direction's number for the session, from 1
  identity who;               // open
  delivery_class cls = delivery_class::durable;  // push
  std::uint16_t code = 0;                         // end: the WebSocket close code
  /// The owner's lease epoch: beat, push, end (a relay ignores down messages of another epoch,
  /// such as those of a paused former owner); 0 up.
  std::int64_t epoch = 0;
  std::vector<std::uint64_t> sessions;            // roster
  std::string_view payload;  // frame, push, beat: a view into the decoded buffer
};

std::string encode(const relay_message& m);
/// nullopt for bytes that are not a relay message (another version, garbage): ignored.
std::optional<relay_message> decode(std::string_view bytes);

std::string up_channel(std::string_view shop);
std::string down_channel(std::string_view shop, std::string_view node);
std::string beat_channel(std::string_view shop);

/// One direction of one session: numbers messages going out, checks those coming in.
class tunnel_order {
 public:
  std::uint64_t next_out() noexcept { return ++sent_; }
  /// True when `tseq` is the next expected number; false on a gap (or a repeat): the session
  /// lost a message and must end.
  bool accept(std::uint64_t tseq) noexcept {
    if (tseq != received_ + 1) {
      return false;
    }
    received_ = tseq;
    return true;
  }

 private:
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
};

}  // namespace fenliu::gateway::relay
