#pragma once
// The server's metrics: every counter, gauge and histogram /metrics exposes, updated from the
// sites that see the events (sessions, handlers, the router bridge, the bot, the store writer).
// Updates are relaxed atomic increments on fixed arrays: no lock, no lookup, no allocation on
// the hot path. Label sets are fixed when the registry is built. Thread-safe throughout.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/metrics/metric_types.hpp"
#include "gateway/metrics/text_writer.hpp"
#include "gateway/protocol/codes.hpp"

namespace fenliu::gateway::metrics {

/// Connection roles as labels (`role` of the token).
enum class role_label : std::uint8_t { customer, agent, supervisor, qa, other };
inline constexpr std::size_t role_label_count = 5;

/// What the bot did with one buyer message (a bot answer's outcome).
enum class bot_outcome : std::uint8_t { answered, unanswered, greeting, handover };
inline constexpr std::size_t bot_outcome_count = 4;

/// Envelope body cases by field number; 0 names frames whose case is unknown or absent.
inline constexpr std::size_t max_body_field = 128;

/// The field number of an encoded envelope's `body` case: the first field other than
/// request_id (1). 0 when the bytes end first or do not parse. Reads only the leading bytes.
int envelope_body_field(std::string_view bytes) noexcept;

/// One stage's queue as the router sees it at scrape time.
struct stage_figures {
  std::string_view stage;
  int queued = 0;
  int active = 0;
  int longest_wait_s = 0;
};

class registry {
 public:
  using field_names = std::vector<std::pair<int, std::string>>;
  /// `client_cases` / `server_cases`: the ClientEnvelope / ServerEnvelope body cases (field
  /// number, case name), from the protocol layer.
  registry(const field_names& client_cases, const field_names& server_cases);

  void connection_opened(role_label r) noexcept { connections_[index(r)].add(); }
  void connection_closed(role_label r) noexcept { connections_[index(r)].sub(); }
  /// A WebSocket message read from / written to a client (an encoded envelope).
  void frame_in(std::string_view bytes) noexcept { frames_in_[field_slot(bytes)].inc(); }
  void frame_out(std::string_view bytes) noexcept { frames_out_[field_slot(bytes)].inc(); }
  /// The ClientEnvelope body case of an encoded frame ("unknown" when none): for log lines.
  std::string_view client_case_name(std::string_view bytes) const noexcept {
    return client_names_[field_slot(bytes)];
  }
  void error_sent(error_code code) noexcept;
  void closed(close_code code) noexcept;
  /// An ephemeral frame (typing, queue position) not sent: its client's queue was at the
  /// ephemeral bound.
  void ephemeral_dropped() noexcept { ephemeral_drops_.inc(); }
  /// A message committed to the store for the first time (not a resend).
  void message_stored() noexcept { messages_stored_.inc(); }
  /// SendMessage received -> SendAck queued, in microseconds.
  void ack_latency_us(std::uint64_t us) noexcept { ack_latency_.observe(us); }
  /// A routing decision record with its rule ("least_load", "sticky", "queued", ...).
  void decision(std::string_view rule) noexcept;
  void assignment() noexcept { assignments_.inc(); }
  void transfer() noexcept { transfers_.inc(); }
  /// One committed store transaction: its write jobs and how long BEGIN..COMMIT took.
  void store_batch(std::size_t jobs, std::uint64_t commit_us) noexcept {
    store_batch_size_.observe(jobs);
    store_commit_.observe(commit_us);
  }
  void bot_answer(bot_outcome o) noexcept { bot_answers_[static_cast<std::size_t>(o)].inc(); }
  void bot_handover() noexcept { bot_handovers_.inc(); }
  void risk_alert() noexcept { risk_alerts_.inc(); }

  /// The whole exposition; `stages` are the router's queue figures read for this scrape.
  std::string render(const std::vector<stage_figures>& stages) const;

  /// The rules decision() knows by name; any other counts as "other".
  static const std::vector<std::string_view>& known_rules();

 private:
  static std::size_t index(role_label r) noexcept { return static_cast<std::size_t>(r); }
  std::size_t field_slot(std::string_view bytes) const noexcept {
    const int f = envelope_body_field(bytes);
    return f > 0 && static_cast<std::size_t>(f) < max_body_field ? static_cast<std::size_t>(f) : 0;
  }
  void write_traffic(text_writer& w) const;
  void write_routing(text_writer& w, const std::vector<stage_figures>& stages) const;
  void write_store_and_codes(text_writer& w) const;
  void write_frames(text_writer& w, std::string_view name, std::string_view help,
                    const std::array<counter, max_body_field>& counts,
                    const std::array<std::string, max_body_field>& names) const;

  static constexpr std::size_t max_error_code = 32;
  static constexpr std::size_t close_code_slots = 13;
  static constexpr std::size_t max_rules = 32;

  std::array<gauge, role_label_count> connections_{};
  std::array<std::string, max_body_field> client_names_{};
  std::array<std::string, max_body_field> server_names_{};
  std::array<counter, max_body_field> frames_in_{};
  std::array<counter, max_body_field> frames_out_{};
  std::array<counter, max_error_code> errors_{};
  std::array<counter, close_code_slots> closes_{};
  counter slow_consumer_closes_;
  counter ephemeral_drops_;
  counter messages_stored_;
  // Microseconds: 1 ms .. 5 s.
  histogram<12> ack_latency_{
      {1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000}};
  std::array<counter, max_rules + 1> decisions_{};  // the last slot: "other"
  counter assignments_;
  counter transfers_;
  histogram<11> store_batch_size_{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}};
  // Microseconds: 100 µs .. 1 s.
  histogram<12> store_commit_{
      {100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000}};
  std::array<counter, bot_outcome_count> bot_answers_{};
  counter bot_handovers_;
  counter risk_alerts_;
};

/// The label of a token role's connection.
role_label role_label_of(int wire_role) noexcept;

}  // namespace fenliu::gateway::metrics
