#include "sip/sip_param.h"

#include "sip/ascii.h"

namespace kemid {

const SipParam* findParam(std::span<const SipParam> params, std::string_view name) {
  for (const auto& param : params) {
    if (sip::iequals(param.name, name)) return &param;
  }
  return nullptr;
}

}  // namespace kemid
