#pragma once

#include <string>

#include "core/network.h"

namespace kemid {

// One received datagram and how it arrived.
struct Datagram {
  std::string data;
  ReceiveInfo info;
};

}  // namespace kemid
