#include "tls_pv.h"

#include "tls_attributes.h"
#include "tls_kemi.h"
#include "tls_module.h"

namespace kemid::tls {

bool providePseudoVariables(pv::PvApi& pv, TlsModule& module) {
  for (const std::string& name : attributeNames()) {
    auto read = [&module, name](std::string_view, std::optional<int>, MessageContext& ctx) {
      auto session = sessionOf(module, ctx, name);
      if (!session) return pv::PvValue{};
      auto value = attribute(name, *session);
      return value ? pv::PvValue::string(std::move(*value)) : pv::PvValue{};
    };
    if (!pv.provideName(name, read)) return false;
  }
  return true;
}

}  // namespace kemid::tls
