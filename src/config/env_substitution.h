#pragma once
// ${VAR} and ${VAR:-default} in YAML scalar values: the YAML frontend's
// counterpart of kamailio.cfg's #!define and -A.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::yaml {

// The value of a variable, or nullopt when it is not set.
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Replaces in `text`, left to right:
// - ${NAME} by the variable's value; an unset variable is an error;
// - ${NAME:-default} by the value, or by `default` when the variable is
//   unset or empty; `default` may itself contain ${...};
// - $${ by a literal ${ (a lone $ is literal anyway).
// NAME is [A-Za-z_][A-Za-z0-9_]*. Throws std::invalid_argument saying what
// is wrong (unset variable, bad name, missing '}').
std::string substituteVariables(std::string_view text, const VariableLookup& lookup);

}  // namespace kemid::yaml
