#include "kept_headers.h"

#include <algorithm>
#include <array>
#include <string>

#include "sip/header_names.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {

KeepOutcome keepHeaders(SipMessage& message,
                        const std::function<bool(std::string_view name)>& keep) {
  static constexpr std::array<std::string_view, 11> kAlwaysKept{
      "Via",          "From",         "To",      "Call-ID", "CSeq",        "Content-Length",
      "Content-Type", "Max-Forwards", "Contact", "Route",   "Record-Route"};
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  KeepOutcome outcome;
  sip::RawHeaderScanner scanner(head);
  while (auto field = scanner.next()) {
    const bool kept = std::any_of(kAlwaysKept.begin(), kAlwaysKept.end(), [&](std::string_view n) {
      return sip::sameHeaderName(field->name, n);
    });
    if (kept || (keep && keep(field->name))) continue;
    const auto offset = static_cast<std::size_t>(field->line.data() - head.data());
    if (message.editText(offset, field->line.size(), {})) {
      ++outcome.removed;
    } else {
      ++outcome.refused;
    }
  }
  return outcome;
}

}  // namespace kemid::textopsx
