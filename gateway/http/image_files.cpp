#include "gateway/http/image_files.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fstream>

namespace fenliu::gateway::image_files {
namespace {

// Writes all of `bytes` to `fd` and syncs it; an errno code on failure.
std::error_code write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return {errno, std::generic_category()};
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) {
    return {errno, std::generic_category()};
  }
  return {};
}

}  // namespace

bool valid_id(std::string_view id) {
  return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string content_id(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::filesystem::path path_of(const std::string& data_dir, std::string_view id) {
  return std::filesystem::path(data_dir) / "images" / std::string(id);
}

std::error_code write(const std::string& data_dir, std::string_view id, std::string_view bytes) {
  const auto target = path_of(data_dir, id);
  std::error_code ec;
  if (std::filesystem::file_size(target, ec) == bytes.size() && !ec) {
    return {};  // the same bytes, stored before (the name is their hash)
  }
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) {
    return ec;
  }
  // A unique temporary name: two uploads of the same bytes may race; the last rename wins with
  // identical content.
  static std::atomic<unsigned> counter{0};
  auto temp = target;
  temp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    return {errno, std::generic_category()};
  }
  ec = write_all(fd, bytes);
  ::close(fd);
  if (!ec) {
    std::filesystem::rename(temp, target, ec);
  }
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return ec;
  }
  // The directory entry too, so the rename survives a power loss.
  if (const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

std::optional<std::string> read(const std::string& data_dir, std::string_view id) {
  std::ifstream in(path_of(data_dir, id), std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return std::nullopt;
  }
  return out;
}

void remove(const std::string& data_dir, std::string_view id) {
  std::error_code ignored;
  std::filesystem::remove(path_of(data_dir, id), ignored);
}

void post_file_work(std::function<void()> work) {
  // One thread: file work is rare next to chat traffic, and one at a time keeps a burst of
  // uploads from occupying more than one core's worth of disk waits. Joined at exit.
  static boost::asio::thread_pool pool(1);
  boost::asio::post(pool, std::move(work));
}

}  // namespace fenliu::gateway::image_files
