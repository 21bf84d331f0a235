// Filled by the auth implementation.
#include "fenliu/gateway/auth.hpp"
