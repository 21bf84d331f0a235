#pragma once
// The image endpoints: POST /api/images (upload, any token that may send messages) and
// GET /api/images/<id> (the uploader, the participants of a conversation carrying the image,
// and the shop's supervisors and QA; 404 for everyone else, so an id's existence is not
// revealed). Run on the HTTP session's strand; the file work goes to the image worker.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string_view>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// Multipart framing allowed on top of max_image_bytes in an upload's body.
inline constexpr std::uint64_t image_upload_overhead_bytes = 64 * 1024;

/// The request body limit for a request line: an image upload's room (the image and its
/// multipart framing) where it is larger than the general limit. Pure.
std::uint64_t request_body_limit(bool post, std::string_view path, const limits_config& limits);

/// True when the path is an image endpoint's (the HTTP session awaits these).
bool is_image_path(std::string_view path);

/// Answers POST /api/images and GET|HEAD /api/images/<id>; 405 for another method.
boost::asio::awaitable<http_response> image_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
