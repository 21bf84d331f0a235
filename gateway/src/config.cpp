// Filled by the configuration loader.
#include "fenliu/gateway/config.hpp"
