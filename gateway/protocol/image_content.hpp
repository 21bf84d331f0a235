#pragma once
// Image messages as the rest of the gateway handles them: the id a client's content names, and
// the content the server stores instead (type and size from the stored image, never the
// client's). Pure; any thread.

#include <cstdint>
#include <string>

#include "gateway/protocol/content.hpp"

namespace fenliu::gateway {

/// The image id of an image content (kind image), else empty.
std::string image_id_of(const message_content& content);

/// An image content naming `image_id` with the given type and size.
message_content image_content(std::string image_id, std::string mime_type, std::uint32_t width,
                              std::uint32_t height);

}  // namespace fenliu::gateway
