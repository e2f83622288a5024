// libFuzzer: one UDP datagram through kemid as a worker handles it: parsed
// (libosip2 and kemid's checks), counted and dropped or answered 400 when
// malformed, otherwise routed by the seed script (lua/route.lua) with the
// real tm, sl, maxfwd, pv and app_lua modules, built beside this fuzzer.
// What the proxy sends goes nowhere. Any outcome is fine; a crash, a leak
// or undefined behaviour is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>

#include "config/config_loader.h"
#include "config_file_fuzzer.h"
#include "core/core_kemi.h"
#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/message_pipeline.h"
#include "core/module_host.h"
#include "core/module_loader.h"
#include "core/network.h"
#include "core/rpc_registry.h"

namespace kemid {
namespace {

// The proxy's one UDP socket, 127.0.0.1:5060; sending always works.
class DiscardNetwork final : public SipNetwork {
 public:
  bool send(const Destination&, std::string_view) override { return true; }
  int socketFor(const Endpoint&, Transport transport) const override {
    return transport == Transport::Udp ? 0 : -1;
  }
  Transport transportOf(int) const override { return Transport::Udp; }
  const Endpoint& advertised(int) const override { return local_; }
  bool isMyself(std::string_view host, std::uint16_t port) const override {
    return host == local_.ip && (port == 0 || port == local_.port);
  }
  bool isMyselfHost(std::string_view host) const override { return host == local_.ip; }

 private:
  Endpoint local_{"127.0.0.1", 5060};
};

// tm's timers are short so that transactions the fuzzer creates do not
// pile up; max_transactions bounds them anyway.
constexpr std::string_view kConfig =
    "#!KAMAILIO\n"
    "listen=udp:127.0.0.1:5060\n"
    "children=1\n"
    "debug=-5\n"
    "loadmodule \"tm.so\"\n"
    "loadmodule \"sl.so\"\n"
    "loadmodule \"maxfwd.so\"\n"
    "loadmodule \"pv.so\"\n"
    "loadmodule \"app_lua.so\"\n"
    "modparam(\"tm\", \"fr_timer\", 200)\n"
    "modparam(\"tm\", \"fr_inv_timer\", 300)\n"
    "modparam(\"tm\", \"wt_timer\", 100)\n"
    "modparam(\"tm\", \"max_transactions\", 20000)\n"
    "modparam(\"app_lua\", \"load\", \"" KEMID_SOURCE_DIR
    "/lua/route.lua\")\n"
    "cfgengine \"lua\"\n";

struct Proxy {
  DiscardNetwork network;
  KemiRegistry kemi;
  RpcRegistry rpc;
  ModuleSet modules{kemi, rpc};
  Config config;
  CoreKemiState coreKemi{&network};
  std::unique_ptr<MessagePipeline> pipeline;
  ReceiveInfo received{{"192.0.2.1", 5070}, {"127.0.0.1", 5060}, Transport::Udp, 0};

  Proxy() {
    config = loadConfigFile(fuzz::writeInput(reinterpret_cast<const std::uint8_t*>(kConfig.data()),
                                             kConfig.size(), "proxy.cfg"));
    logging::setLevel(config.core.debug);
    modules.load(config, {KEMID_MODULE_OUTPUT_DIR});
    ModuleHost& host = modules.host();
    host.setNetwork(&network);
    host.kemi().addModule("", coreKemiFunctions(), &coreKemi);
    host.kemi().addModule("hdr", hdrKemiFunctions(), &coreKemi);
    modules.init(config);
    host.setRouting(host.routeEngine("lua"));
    modules.initWorker(0);
    modules.start();
    pipeline = std::make_unique<MessagePipeline>(host, network, config.core);
  }
};

Proxy* proxy = nullptr;

}  // namespace
}  // namespace kemid

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    kemid::proxy = new kemid::Proxy();
    // libFuzzer ends with exit(): stop the modules' threads (tm's timers)
    // first, as kemid does at shutdown, before static objects go away.
    std::atexit([] { kemid::proxy->modules.shutdown(); });
  } catch (const std::exception& e) {
    std::cerr << "cannot start the proxy: " << e.what() << "\n";
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kemid::proxy->pipeline->handle(std::string_view(reinterpret_cast<const char*>(data), size),
                                 kemid::proxy->received);
  return 0;
}
