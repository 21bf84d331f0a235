#pragma once
// Names the store's threads so top, perf and gdb show which one is busy.

#include <pthread.h>

namespace fenliu::store::detail {

/// At most 15 characters (the kernel's limit).
inline void name_this_thread(const char* name) {
  pthread_setname_np(pthread_self(), name);
}

}  // namespace fenliu::store::detail
