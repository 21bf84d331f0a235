#pragma once
// One crash scenario: the real fenliu process, many async clients, kill -9 at given points of
// progress, restart on the same data directory, then a full comparison of what every client saw
// and was acked against the database on disk.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "chat_model.hpp"

namespace fenliu::durability {

struct crash_options {
  scenario plan;
  /// kill -9 when this fraction of the expected messages has been acked, one kill per entry.
  std::vector<double> kill_at = {0.2, 0.45, 0.7};
  bool synchronous_full = false;
  /// Takes `sqlite3 fenliu.db ".backup ..."` of the live server at this fraction of progress
  /// (0: none; skipped when the sqlite3 shell is not installed), and after the graceful stop
  /// copies fenliu.db alone: both must be consistent, as docs/durability.md promises.
  double online_backup_at = 0;
  /// Only keeps a broken server from hanging the test; nothing asserts how long a run takes.
  std::chrono::seconds give_up_after{200};
};

struct crash_report {
  int kills = 0;
  bool backed_up = false;
  bool finished = false;
  std::vector<std::string> failures;  // empty: every guarantee held
  std::string summary;                // counters, for the test log
};

/// Runs the scenario in `work_dir` (config, data/ and server.log go there).
crash_report run_crash_scenario(const crash_options& options,
                                const std::filesystem::path& work_dir);

}  // namespace fenliu::durability
