// jsonrpcs: Kamailio's JSON-RPC server. kemid serves JSON-RPC itself over
// HTTP (http_listen, POST /RPC; kemictl), so the module takes Kamailio's
// parameters, so that a config written for Kamailio loads (and a misspelt
// one still fails), and says which transports it does not open. Its KEMI
// functions run RPC commands from the script (KSR.jsonrpcs.exec).

#include <array>
#include <memory>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "jsonrpcs_kemi.h"

namespace kemid::jsonrpcs {
namespace {

constexpr Logger kLog{"jsonrpcs"};

constexpr auto Int = ParamType::Int;
constexpr auto Str = ParamType::Str;

// Kamailio 5.6's parameters, with its defaults.
constexpr std::array kParams{
    ParamDef{.name = "pretty_format", .type = Int, .intDefault = 1, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "transport", .type = Int, .intDefault = 0, .minValue = 0, .maxValue = 7},
    ParamDef{.name = "fifo_name", .type = Str, .strDefault = "kamailio_rpc.fifo"},
    ParamDef{.name = "fifo_mode", .type = Int, .intDefault = 0660, .minValue = 0},
    ParamDef{.name = "fifo_group", .type = Str},
    ParamDef{.name = "fifo_user", .type = Str},
    ParamDef{.name = "fifo_reply_dir", .type = Str, .strDefault = "/tmp/"},
    ParamDef{.name = "dgram_socket", .type = Str, .strDefault = "kamailio_rpc.sock"},
    ParamDef{.name = "dgram_workers", .type = Int, .intDefault = 1, .minValue = 1},
    ParamDef{.name = "dgram_timeout", .type = Int, .intDefault = 2000, .minValue = 0},
    ParamDef{.name = "dgram_mode", .type = Int, .intDefault = 0660, .minValue = 0},
    ParamDef{.name = "dgram_group", .type = Str},
    ParamDef{.name = "dgram_user", .type = Str},
};

HookResult init(ModuleInitContext& ctx) {
  kLog.notice(
      "kemid serves JSON-RPC over HTTP (http_listen, POST /RPC, kemictl); the FIFO and "
      "datagram transports are not opened");
  ctx.state = std::make_unique<JsonrpcsModule>(ctx.host);
  return HookResult::success();
}

// After every module's init: stock configs load jsonrpcs before pv.
HookResult start(ModuleState* state) {
  provideReplyVariable(static_cast<JsonrpcsModule*>(state)->host());
  return HookResult::success();
}

const ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "jsonrpcs",
    .params = kParams,
    .kemi = jsonrpcsFunctions(),
    .init = &init,
    .start = &start,
};

}  // namespace
}  // namespace kemid::jsonrpcs

KEMID_MODULE(kemid::jsonrpcs::kDescriptor)
