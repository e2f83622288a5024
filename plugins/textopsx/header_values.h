#pragma once
// The comma-separated values of a header field ("Supported: path, 100rel"):
// hf_value_exists, include_hf_value and exclude_hf_value. Names compare as
// header names (any case, compact forms), values without regard to case.

#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::textopsx {

// Whether a field called `name` lists `value`.
bool hasHeaderValue(const SipMessage& message, std::string_view name, std::string_view value);

enum class ValueEdit {
  Done,     // recorded, or nothing to do
  Refused,  // a change reached inside an earlier one (SipMessage::editText)
};

// Adds ",value" after the last value of the last field called `name`,
// unless one lists it already; without such a field, "name: value" after
// the last field.
ValueEdit includeHeaderValue(SipMessage& message, std::string_view name, std::string_view value);
// Removes `value` from every field called `name`: with the comma before it,
// or, when it comes first, with the comma after it (Kamailio 5.6's cut).
ValueEdit excludeHeaderValue(SipMessage& message, std::string_view name, std::string_view value);

}  // namespace kemid::textopsx
