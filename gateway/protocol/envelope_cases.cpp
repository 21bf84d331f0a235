#include "gateway/protocol/envelope_cases.hpp"

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::gateway {
namespace {

std::vector<std::pair<int, std::string>> body_cases(const google::protobuf::Descriptor* d) {
  std::vector<std::pair<int, std::string>> out;
  const auto* body = d->FindOneofByName("body");
  for (int i = 0; body != nullptr && i < body->field_count(); ++i) {
    out.emplace_back(body->field(i)->number(), std::string(body->field(i)->name()));
  }
  return out;
}

}  // namespace

std::vector<std::pair<int, std::string>> client_envelope_cases() {
  return body_cases(v1::ClientEnvelope::descriptor());
}

std::vector<std::pair<int, std::string>> server_envelope_cases() {
  return body_cases(v1::ServerEnvelope::descriptor());
}

}  // namespace fenliu::gateway
