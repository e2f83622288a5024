#pragma once
// KSR.* functions about sending and transports: the per-message connection
// flags, add_local_rport, set_advertised_*, add_tcp_alias*, is_proto and the
// to_<transport> / to_IPv4 / to_IPv6 next-hop tests (Kamailio 5.6 names and
// return codes). Part of the core table (core_kemi.cpp).

#include <span>

#include "core/module_abi.h"

namespace kemid {

std::span<const KemiFunctionDef> coreSendKemiFunctions();

}  // namespace kemid
