#pragma once
// Kamailio textopsx's append_hf_value, insert_hf_value, assign_hf_value(2)
// and remove_hf_value(2): edits of one value of a header field, or of one
// parameter of it, chosen by a selector "NAME[IDX].PARAM". As in Kamailio
// 5.6 (measured):
// - the *_hf_value functions see a field as comma-separated values (commas
//   in double quotes do not split; commas in <...> do) and count IDX over
//   the values of every field of that name, 1 = the first, -1 = the last;
//   parameters are the ";name=value" parts of a value;
// - the *_hf_value2 functions see a whole field as one value (the
//   Authorization form), IDX counts fields, and parameters are the
//   comma-separated "name=value" parts after the scheme.

#include <optional>
#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::textopsx {

struct HeaderSelector {
  enum class Index { None, Number, All };
  std::string name;
  Index index = Index::None;
  int number = 0;  // with Index::Number; 0 is accepted, as in Kamailio
  std::optional<std::string> param;
};

// "NAME", "NAME[IDX]", "NAME[*]", each optionally followed by ".PARAM",
// white space allowed around the parts; nullopt when it does not parse.
std::optional<HeaderSelector> parseHeaderSelector(std::string_view text);

enum class HfEdit {
  Done,      // the change is recorded
  NotFound,  // nothing to change, or a selector the function does not take
  Refused,   // a change reached inside an earlier one (SipMessage::editText)
};

HfEdit appendHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value);
HfEdit insertHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value);
// An empty value with a parameter removes the parameter.
HfEdit assignHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value);
HfEdit removeHeaderValue(SipMessage& message, const HeaderSelector& selector);
HfEdit assignHeaderValue2(SipMessage& message, const HeaderSelector& selector,
                          std::string_view value);
// Kamailio 5.6's KEMI remove_hf_value2 takes a value too: without a
// parameter it removes the field; with one it assigns the value to the
// parameter (an empty value removes it), as assign_hf_value2 does.
HfEdit removeHeaderValue2(SipMessage& message, const HeaderSelector& selector,
                          std::string_view value);

}  // namespace kemid::textopsx
