// kex: Kamailio's core extensions. kemid's core already registers the
// statistics and RPC commands kex brings in Kamailio (core:*, stats.*,
// core.*); what is left for the script is the per-worker log level.

#include <array>

#include "core/module_abi.h"
#include "kex_kemi.h"

namespace kemid::kex {
namespace {

constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};

constexpr std::array kKemi{
    KemiFunctionDef{"setdebug", KemiType::Int, kInt, &kemiSetDebug},
    KemiFunctionDef{"resetdebug", KemiType::Int, kNoParams, &kemiResetDebug},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "kex",
    .kemi = kKemi,
};

}  // namespace
}  // namespace kemid::kex

KEMID_MODULE(kemid::kex::kDescriptor)
