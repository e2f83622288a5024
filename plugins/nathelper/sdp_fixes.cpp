#include "sdp_fixes.h"

#include <vector>

#include "message_text.h"
#include "sip/sip_message.h"

namespace kemid::nathelper {

namespace {

// A media on hold (RFC 3264 §8.4: c= 0.0.0.0) keeps its address.
bool isHoldAddress(std::string_view address) {
  return address == "0.0.0.0" || address == "::";
}

}  // namespace

SdpFixOutcome fixNatedSdp(SipMessage& message, std::int64_t mode, std::string_view address,
                          const SdpFixSettings& settings) {
  const std::string text = message.receivedText();
  if (!hasSdpBody(text)) return SdpFixOutcome::Failed;
  const std::size_t bodyOffset = message.headSize();
  bool edited = true;
  std::string appended;  // what goes at the end of the body, in Kamailio's order
  if ((mode & kAddDirectionActive) != 0) {
    for (std::size_t end : sdpMediaEnds(text, bodyOffset)) {
      if (end == text.size()) {
        appended += "a=direction:active\r\n";
      } else {
        edited = edited && message.editText(end, 0, "a=direction:active\r\n");
      }
    }
  }
  if ((mode & kAddNoRtpProxy) != 0 && !settings.noRtpProxy.empty() &&
      std::string_view(text).substr(bodyOffset).find(settings.noRtpProxy) == std::string::npos) {
    appended += settings.noRtpProxy;
  }
  // The media addresses first, then the origin's, each in body order.
  std::string oldAddresses;
  const std::vector<SdpAddress> addresses = sdpAddresses(text, bodyOffset);
  for (bool origin : {false, true}) {
    if ((mode & (origin ? kFixOriginAddress : kFixMediaAddress)) == 0) continue;
    for (const SdpAddress& found : addresses) {
      if ((found.line == SdpAddress::Line::Origin) != origin || found.address == address ||
          isHoldAddress(found.address)) {
        continue;
      }
      // The "IN IP4" / "IN IP6" before it stays as written (Kamailio 5.6).
      edited =
          edited && message.editText(found.begin, found.end - found.begin, std::string(address));
      const bool v6 = found.address.find(':') != std::string::npos;
      oldAddresses += (v6 ? "a=oldmediaip6:" : "a=oldmediaip:") + found.address + "\r\n";
    }
  }
  if (settings.appendOldMediaIp) appended += oldAddresses;
  if (!appended.empty()) edited = edited && message.editText(text.size(), 0, appended);
  if (!edited) return SdpFixOutcome::Failed;
  return oldAddresses.empty() ? SdpFixOutcome::NoAddressChanged : SdpFixOutcome::AddressesFixed;
}

}  // namespace kemid::nathelper
