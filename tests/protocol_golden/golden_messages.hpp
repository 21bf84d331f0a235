#pragma once
// The envelopes behind the golden vectors in vectors.json: the frames the browser pages send and
// receive, built with the C++ API. golden.test.mjs builds the same ones with the generated JS.

#include <string>
#include <vector>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::golden {

template <class Envelope>
struct named {
  std::string name;
  Envelope envelope;
};

/// What the server sends: its bytes must equal the committed vector byte for byte.
std::vector<named<v1::ServerEnvelope>> server_envelopes();

/// What the pages send: the committed vector must decode to exactly this envelope.
std::vector<named<v1::ClientEnvelope>> client_envelopes();

}  // namespace fenliu::golden
