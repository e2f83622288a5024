// ctl: Kamailio's binrpc control socket (kamcmd, kamctl). kemid answers the
// same RPC commands as JSON-RPC over HTTP (http_listen, POST /RPC; kemictl)
// instead, so the module takes Kamailio's parameters, so that a config
// written for Kamailio loads (and a misspelt one still fails), and warns that
// no binrpc socket is opened.

#include <array>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"

namespace kemid::ctl {
namespace {

constexpr Logger kLog{"ctl"};

constexpr auto Int = ParamType::Int;
constexpr auto Str = ParamType::Str;

// Kamailio 5.6's parameters, with its defaults.
constexpr std::array kParams{
    ParamDef{.name = "binrpc", .type = Str, .repeatable = true},
    ParamDef{.name = "binrpc_buffer_size", .type = Int, .intDefault = 1024, .minValue = 1},
    ParamDef{.name = "mode", .type = Int, .intDefault = 0600, .minValue = 0},
    ParamDef{.name = "user", .type = Str},
    ParamDef{.name = "group", .type = Str},
    ParamDef{.name = "fifo", .type = Str, .repeatable = true},
    ParamDef{.name = "autoconversion", .type = Int, .intDefault = 0, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "binrpc_max_body_size", .type = Int, .intDefault = 32, .minValue = 1},
    ParamDef{.name = "binrpc_struct_max_body_size", .type = Int, .intDefault = 8, .minValue = 1},
};

HookResult init(ModuleInitContext&) {
  kLog.warn(
      "no binrpc socket is opened (kamcmd cannot reach kemid): its RPC commands are served "
      "as JSON-RPC over HTTP (http_listen, POST /RPC; kemictl)");
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "ctl",
    .params = kParams,
    .init = &init,
};

}  // namespace
}  // namespace kemid::ctl

KEMID_MODULE(kemid::ctl::kDescriptor)
