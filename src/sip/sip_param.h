#pragma once
// A `;name[=value]` parameter of a URI or a header field (RFC 3261 §19.1.1,
// §7.3.1). Parameter names compare case-insensitively.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kemid {

struct SipParam {
  std::string name;
  std::optional<std::string> value;  // nullopt: `;name` without '='

  bool operator==(const SipParam&) const = default;
};

// The first parameter called `name`, or nullptr.
const SipParam* findParam(std::span<const SipParam> params, std::string_view name);

}  // namespace kemid
