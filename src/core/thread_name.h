#pragma once
// Names the calling thread as `top -H`, `ps -L` and debuggers show it
// ("worker-1", "udp-recv-0", "tm-timer"), so that an operator sees which
// part of kemid is busy. Linux keeps the first 15 characters.

#include <pthread.h>

#include <string>

namespace kemid {

inline void nameThisThread(const std::string& name) {
  ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace kemid
