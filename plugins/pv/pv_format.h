#pragma once
// A text with pseudo-variables in it ("ru=$ru v=$var(x) h=$(hdr(X)[1])"),
// Kamailio's pv format as xlog takes it: parsed into literal text and
// pseudo-variables, then evaluated against a message.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pv_spec.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::pv {

class PvModule;

// Literal text, then a pseudo-variable (none in the last part, usually).
struct FormatPart {
  std::string literal;
  std::optional<PvSpec> pv;
};

// "$$" is a literal "$". nullopt with `error` set when a "$" does not start
// a pseudo-variable kemid knows (Kamailio refuses the whole format).
std::optional<std::vector<FormatPart>> parseFormat(std::string_view format, std::string& error);

// The parts with each pseudo-variable's value as text: "<null>" for null.
std::string evaluateFormat(const std::vector<FormatPart>& parts, MessageContext& ctx,
                           PvModule& module);

}  // namespace kemid::pv
