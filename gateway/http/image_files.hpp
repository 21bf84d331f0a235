#pragma once
// The image files: content-addressed under `<data_dir>/images/<sha256 hex>`, written to a
// temporary file, synced and renamed, so a reader never sees half a file and a crash leaves
// none. The blocking calls run on one worker thread of their own (`post_file_work`), never on
// an I/O thread: a 5 MiB write with its fsync can take tens of milliseconds on a busy disk,
// and the store's threads are not for long work (their callbacks must be short).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace fenliu::gateway::image_files {

/// 64 lowercase hex digits: the only names ever joined to the directory.
bool valid_id(std::string_view id);
/// SHA-256 of `bytes`, lowercase hex (OpenSSL).
std::string content_id(std::string_view bytes);
std::filesystem::path path_of(const std::string& data_dir, std::string_view id);

// Blocking: call on the worker only.

/// Stores `bytes` as `id` unless a file of that name and size is there already.
std::error_code write(const std::string& data_dir, std::string_view id, std::string_view bytes);
/// The file's bytes; nullopt when it is missing or unreadable.
std::optional<std::string> read(const std::string& data_dir, std::string_view id);
/// Removes the file if present.
void remove(const std::string& data_dir, std::string_view id);

/// Runs `work` on the image files' worker thread (one per process, started on first use).
/// `work` must not throw.
void post_file_work(std::function<void()> work);

}  // namespace fenliu::gateway::image_files
