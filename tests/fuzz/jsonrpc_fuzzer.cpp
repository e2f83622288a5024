// libFuzzer: one HTTP request body through the JSON-RPC dispatcher that
// serves /RPC, with the core's commands registered (core.echo,
// system.listMethods, stats.get_statistics, ...). Any answer is fine; a
// crash, a leak or undefined behaviour is not.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/rpc_registry.h"
#include "core/statistics_registry.h"
#include "http/core_rpc.h"
#include "http/json_rpc.h"

namespace {

struct Rpc {
  kemid::RpcRegistry registry;
  kemid::StatisticsRegistry statistics;
  kemid::CoreRpcState core{registry, statistics};
  kemid::JsonRpcDispatcher dispatcher{registry};
  Rpc() { registry.add(kemid::coreRpcCommands(), &core); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Rpc rpc;
  rpc.dispatcher.handle(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
