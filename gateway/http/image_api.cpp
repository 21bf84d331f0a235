#include "gateway/http/image_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "gateway/app/store_awaitable.hpp"
#include "gateway/auth/auth.hpp"
#include "gateway/http/image_files.hpp"
#include "gateway/http/image_sniff.hpp"
#include "gateway/http/multipart.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::string_view images_path = "/api/images";
constexpr std::string_view image_prefix = "/api/images/";
// Content-addressed bytes never change; `private`: only the browser that was allowed keeps them.
constexpr std::string_view image_cache_control = "private, max-age=86400";

http_response not_found(const http_request& req) {
  return json_error(req, http::status::not_found, "not_found", "image_id", "no such image");
}

// Any valid token of this shop: visitors and staff alike may send images.
std::optional<identity> bearer(const http_request& req, const services& svc, std::string& why) {
  constexpr std::string_view prefix = "Bearer ";
  const std::string_view header = req[http::field::authorization];
  if (!header.starts_with(prefix)) {
    why = "Authorization: Bearer <token> required";
    return std::nullopt;
  }
  auto who = verify_token(header.substr(prefix.size()), svc.config.auth, svc.config.shop.id,
                          now_ms() / 1000);
  if (!who) {
    why = std::string(to_string(who.error()));
    return std::nullopt;
  }
  return std::move(*who);
}

// The upload's bytes: the whole body, or the multipart `file` field. Sets `refusal` instead
// when the body is not one of them.
std::string_view upload_bytes(const http_request& req, std::optional<http_response>& refusal) {
  const std::string_view type = req[http::field::content_type];
  if (!is_multipart(type)) {
    return req.body();
  }
  const auto boundary = multipart_boundary(type);
  if (!boundary) {
    refusal = json_error(req, http::status::bad_request, "bad_request", "Content-Type",
                         "multipart/form-data with a boundary expected");
    return {};
  }
  const auto parsed = parse_multipart(*boundary, req.body());
  if (!parsed.error.empty()) {
    refusal = json_error(req, http::status::bad_request, "bad_request", "body", parsed.error);
    return {};
  }
  for (const auto& part : parsed.parts) {
    if (part.name == "file") {
      return part.body;
    }
  }
  refusal = json_error(req, http::status::bad_request, "bad_request", "file",
                       "the multipart body has no file field");
  return {};
}

asio::awaitable<http_response> upload(const http_request& req, services& svc,
                                      const identity& who) {
  std::optional<http_response> refusal;
  const auto bytes = upload_bytes(req, refusal);
  if (refusal) {
    co_return std::move(*refusal);
  }
  const std::uint64_t limit = svc.config.limits.max_image_bytes;
  if (bytes.size() > limit) {
    co_return json_response(
        req,
        json::object{{"error", "too_large"}, {"field", "file"},
                     {"detail", "the image is larger than max_image_bytes"},
                     {"max_bytes", limit}},
        http::status::payload_too_large);
  }
  const auto info = sniff_image(bytes);
  if (!info) {
    co_return json_error(req, http::status::unsupported_media_type, "unsupported_media_type",
                         "file", "a JPEG, PNG, WebP or GIF image expected (read from its bytes)");
  }
  // Hashing and the synced write run on the image worker. The bytes are copied: the request
  // may be freed (server stopping) before the worker is done.
  auto data = std::make_shared<const std::string>(bytes);
  const std::string data_dir = svc.config.store.data_dir;
  auto [written, id] = co_await async_callback<std::error_code, std::string>(
      [&](auto resume) {
        image_files::post_file_work([data, data_dir, resume]() mutable {
          auto content_id = image_files::content_id(*data);
          auto ec = image_files::write(data_dir, content_id, *data);
          resume(ec, std::move(content_id));
        });
      },
      use_nothrow);
  if (written) {
    co_return json_error(req, http::status::service_unavailable, "storage_unavailable", "",
                         "the image could not be written; retry");
  }
  store::image_row row{id,          std::string(info->mime_type), info->width, info->height,
                       data->size(), who.subject,                 svc.config.shop.id, now_ms()};
  auto [saved, ok] = co_await async_store<bool>(
      [&](auto done) { return svc.store.save_image(row, std::move(done)); }, use_nothrow);
  if (saved) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         "the image could not be recorded; retry");
  }
  co_return json_response(req,
                          json::object{{"image_id", id},
                                       {"mime_type", info->mime_type},
                                       {"width", info->width},
                                       {"height", info->height},
                                       {"bytes", data->size()}},
                          http::status::created);
}

// The uploader, the shop's supervisors and QA (they read every conversation), and whoever
// takes part in a conversation whose messages carry the image.
asio::awaitable<bool> may_read(services& svc, const identity& who,
                               const std::vector<store::image_row>& uploads,
                               const std::string& id) {
  for (const auto& u : uploads) {
    if (u.uploader_id == who.subject ||
        ((who.role_ == role::supervisor || who.role_ == role::qa) && u.shop_id == who.shop_id)) {
      co_return true;
    }
  }
  auto [ec, conversations] = co_await async_store<std::vector<store::conversation_record>>(
      [&](auto done) { svc.store.image_conversations(id, std::move(done)); }, use_nothrow);
  for (const auto& c : conversations) {
    if (c.customer_id == who.subject || c.agent_id == who.subject ||
        svc.hub.may_access(c.id, who, false)) {
      co_return true;
    }
  }
  co_return false;
}

asio::awaitable<http_response> serve(const http_request& req, services& svc, const identity& who,
                                     std::string id) {
  if (!image_files::valid_id(id)) {
    co_return not_found(req);
  }
  auto [ec, uploads] = co_await async_store<std::vector<store::image_row>>(
      [&](auto done) { svc.store.get_image(id, std::move(done)); }, use_nothrow);
  if (ec == store::errc::not_found || (!ec && uploads.empty())) {
    co_return not_found(req);
  }
  if (ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         "the store could not be read; retry");
  }
  if (!co_await may_read(svc, who, uploads, id)) {
    co_return not_found(req);
  }
  const std::string data_dir = svc.config.store.data_dir;
  auto [bytes] = co_await async_callback<std::optional<std::string>>(
      [&](auto resume) {
        image_files::post_file_work(
            [data_dir, id, resume]() mutable { resume(image_files::read(data_dir, id)); });
      },
      use_nothrow);
  if (!bytes) {
    co_return not_found(req);  // purged between the row's read and the file's
  }
  auto res = make_text_response(req, http::status::ok, std::move(*bytes),
                                uploads.front().mime_type);
  res.set(http::field::cache_control, image_cache_control);
  res.set("X-Content-Type-Options", "nosniff");
  co_return res;
}

}  // namespace

std::uint64_t request_body_limit(bool post, std::string_view path, const limits_config& limits) {
  const std::uint64_t general = limits.http_body_max_bytes;
  if (post && path == images_path) {
    return std::max(general, std::uint64_t{limits.max_image_bytes} + image_upload_overhead_bytes);
  }
  return general;
}

bool is_image_path(std::string_view path) {
  return path == images_path || path.starts_with(image_prefix);
}

asio::awaitable<http_response> image_api(const http_request& req, services& svc) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool upload_call = path == images_path && req.method() == http::verb::post;
  const bool read_call = path.starts_with(image_prefix) &&
                         (req.method() == http::verb::get || req.method() == http::verb::head);
  if (!upload_call && !read_call) {
    co_return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                         "POST /api/images or GET /api/images/<image_id>");
  }
  std::string why;
  const auto who = bearer(req, svc, why);
  if (!who) {
    co_return json_error(req, http::status::unauthorized, "unauthorized", "Authorization", why);
  }
  if (upload_call) {
    co_return co_await upload(req, svc, *who);
  }
  co_return co_await serve(req, svc, *who, std::string(path.substr(image_prefix.size())));
}

}  // namespace fenliu::gateway
