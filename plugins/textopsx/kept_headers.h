#pragma once
// keep_hf: every header field removed except the ones a SIP message cannot
// do without (Via, From, To, Call-ID, CSeq, Content-Length, Content-Type,
// Max-Forwards, Contact, Route, Record-Route) and, when given, the ones
// whose name `keep` matches.

#include <cstddef>
#include <functional>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::textopsx {

struct KeepOutcome {
  std::size_t removed = 0;
  std::size_t refused = 0;  // removed or edited before (SipMessage::editText)
};

KeepOutcome keepHeaders(SipMessage& message,
                        const std::function<bool(std::string_view name)>& keep);

}  // namespace kemid::textopsx
