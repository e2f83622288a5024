#include "pv_kemi.h"

#include <optional>
#include <string>

#include "core/log.h"
#include "pv_access.h"
#include "pv_cache.h"
#include "pv_module.h"
#include "sip/ascii.h"

namespace kemid::pv {

namespace {

constexpr Logger kLog{"pv"};

// The value of the PV named by argument 0; nullopt when the name is invalid
// or there is no message (both read as null in Kamailio).
std::optional<PvValue> read(KemiCall& call) {
  if (call.context == nullptr || call.state == nullptr) return std::nullopt;
  const PvSpec* spec = lookupPvSpec(call.strArg(0));
  if (spec == nullptr) return std::nullopt;
  return readPv(*spec, *call.context, *static_cast<PvModule*>(call.state));
}

KemiValue toKemi(PvValue value) {
  switch (value.type()) {
    case PvValue::Type::Null:
      return {};
    case PvValue::Type::Int:
      return value.number();
    case PvValue::Type::Str:
      return std::move(value.text());
  }
  return {};
}

// get with `fallback` for null and invalid names.
KemiValue getOr(KemiCall& call, KemiValue fallback) {
  auto value = read(call);
  if (!value || value->isNull()) return fallback;
  return toKemi(std::move(*value));
}

bool write(KemiCall& call, const PvValue& value) {
  if (call.context == nullptr || call.state == nullptr) return false;
  const std::string_view name = call.strArg(0);
  const PvSpec* spec = lookupPvSpec(name);
  if (spec == nullptr) return false;
  switch (writePv(*spec, *call.context, *static_cast<PvModule*>(call.state), value)) {
    case WriteOutcome::Done:
    case WriteOutcome::ReadOnly:
      return true;
    case WriteOutcome::Refused:
      kLog.err("unable to ", value.isNull() ? "unset" : "set", " pv [", name, "]");
      return false;
  }
  return false;
}

}  // namespace

KemiValue kemiGet(KemiCall& call) {
  return getOr(call, {});
}
KemiValue kemiGetw(KemiCall& call) {
  return getOr(call, std::string("<null>"));
}
KemiValue kemiGete(KemiCall& call) {
  return getOr(call, std::string());
}
KemiValue kemiGetvn(KemiCall& call) {
  return getOr(call, call.intArg(1));
}
KemiValue kemiGetvs(KemiCall& call) {
  return getOr(call, std::string(call.strArg(1)));
}

KemiValue kemiGeti(KemiCall& call) {
  auto value = read(call);
  if (!value || value->isNull()) return std::int64_t{0};
  if (value->hasNumber()) return value->number();
  // A plain string counts when it is a signed decimal number.
  std::string_view text = value->text();
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  auto digits = sip::parseDigits(text, INT64_MAX);
  if (!digits) return std::int64_t{0};
  const auto number = static_cast<std::int64_t>(*digits);
  return negative ? -number : number;
}

KemiValue kemiSets(KemiCall& call) {
  return write(call, PvValue::string(std::string(call.strArg(1))));
}

KemiValue kemiSeti(KemiCall& call) {
  return write(call, PvValue::integer(call.intArg(1)));
}

KemiValue kemiUnset(KemiCall& call) {
  return write(call, PvValue());
}

KemiValue kemiIsNull(KemiCall& call) {
  auto value = read(call);
  return !value || value->isNull();
}

}  // namespace kemid::pv
