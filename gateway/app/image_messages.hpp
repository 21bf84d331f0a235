#pragma once
// The check an image message passes before it is stored: the image it names was uploaded
// (POST /api/images); its type and size are then the stored ones, not the client's.

#include <boost/asio/awaitable.hpp>

#include "gateway/app/request_context.hpp"
#include "gateway/protocol/content.hpp"

namespace fenliu::gateway::handlers {

/// For an image content: replaces it by the stored image's (id, type, size) and notes the
/// image's use by `conversation` (so its participants may read it), true; for an unknown image
/// fails the request with INVALID_ARGUMENT naming content.image.image_id, false. Any other
/// content passes unchanged. Runs on the session's strand.
boost::asio::awaitable<bool> check_image_content(const request_context& ctx,
                                                 store::conversation_id conversation,
                                                 message_content& content);

}  // namespace fenliu::gateway::handlers
