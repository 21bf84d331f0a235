#include "gateway/protocol/image_content.hpp"

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::gateway {

std::string image_id_of(const message_content& content) {
  if (content.kind != store::message_kind::image) {
    return {};
  }
  v1::MessageContent c;
  if (!c.ParseFromString(content.payload) || !c.has_image()) {
    return {};
  }
  return c.image().image_id();
}

message_content image_content(std::string image_id, std::string mime_type, std::uint32_t width,
                              std::uint32_t height) {
  v1::MessageContent c;
  auto* image = c.mutable_image();
  image->set_image_id(std::move(image_id));
  image->set_mime_type(std::move(mime_type));
  image->set_width(width);
  image->set_height(height);
  message_content out;
  out.kind = store::message_kind::image;
  out.payload = c.SerializeAsString();
  return out;
}

}  // namespace fenliu::gateway
