// KSR.pv without pv.so. In Kamailio KSR.pv belongs to the core, so a
// script may call it whatever modules are loaded; the variables themselves
// ($ru, $var(x), ...) come from the pv module. kemid's pv plugin exports
// KSR.pv; when it is not loaded, these stand in: every name is unknown, so
// each function logs that and answers as Kamailio 5.6 does for a name it
// cannot parse (measured): get nil, getw "<null>", gete "", getvs/getvn
// their default, geti 0, is_null true, sets/seti/unset false.

#include <array>
#include <string>

#include "core/core_kemi.h"
#include "core/log.h"

namespace kemid {

namespace {

const Logger kLog{"core"};
RateLimitedLog unknownLog{kLog, "unknown pseudo-variables"};

void logUnknown(const KemiCall& call) {
  unknownLog.err("cannot get pv spec for [", call.strArg(0), "]: pv.so is not loaded");
}

template <class Value>
KemiValue answer(KemiCall& call, Value value) {
  logUnknown(call);
  return KemiValue(std::move(value));
}

KemiValue pvGet(KemiCall& call) {
  logUnknown(call);
  return KemiValue{};
}
KemiValue pvGetw(KemiCall& call) {
  return answer(call, std::string("<null>"));
}
KemiValue pvGete(KemiCall& call) {
  return answer(call, std::string());
}
KemiValue pvGetvn(KemiCall& call) {
  return answer(call, call.intArg(1));
}
KemiValue pvGetvs(KemiCall& call) {
  return answer(call, std::string(call.strArg(1)));
}
KemiValue pvGeti(KemiCall& call) {
  return answer(call, std::int64_t{0});
}
KemiValue pvIsNull(KemiCall& call) {
  return answer(call, true);
}
KemiValue pvNotSet(KemiCall& call) {
  return answer(call, false);
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrInt{Str, Int};

// The same names and types as the pv plugin's table.
constexpr std::array kPvFunctions{
    KemiFunctionDef{"get", XVal, kStr, &pvGet},
    KemiFunctionDef{"getw", XVal, kStr, &pvGetw},
    KemiFunctionDef{"gete", XVal, kStr, &pvGete},
    KemiFunctionDef{"getvn", XVal, kStrInt, &pvGetvn},
    KemiFunctionDef{"getvs", XVal, kStrStr, &pvGetvs},
    KemiFunctionDef{"geti", Int, kStr, &pvGeti},
    KemiFunctionDef{"seti", Bool, kStrInt, &pvNotSet},
    KemiFunctionDef{"sets", Bool, kStrStr, &pvNotSet},
    KemiFunctionDef{"unset", Bool, kStr, &pvNotSet},
    KemiFunctionDef{"is_null", Bool, kStr, &pvIsNull},
};

}  // namespace

std::span<const KemiFunctionDef> pvWithoutModuleKemiFunctions() {
  return kPvFunctions;
}

}  // namespace kemid
