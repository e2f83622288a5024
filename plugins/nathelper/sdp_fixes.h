#pragma once
// fix_nated_sdp / fix_nated_sdp_ip: the SDP of a UA behind a NAT made to
// point at the address its packets come from.

#include <cstdint>
#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::nathelper {

// The bits of fix_nated_sdp's mode (Kamailio's values).
enum SdpFix : std::int64_t {
  kAddDirectionActive = 1,  // "a=direction:active" at the end of each media description
  kFixMediaAddress = 2,     // c= and a=rtcp addresses
  kAddNoRtpProxy = 4,       // modparam nortpproxy_str at the end of the body
  kFixOriginAddress = 8,    // the o= address
};

struct SdpFixSettings {
  std::string noRtpProxy;        // modparam nortpproxy_str, its line end included
  bool appendOldMediaIp = true;  // modparam append_sdp_oldmediaip
};

// What fix_nated_sdp answers.
enum class SdpFixOutcome {
  AddressesFixed,    // 1: an address was replaced
  NoAddressChanged,  // 2: none was (lines may have been added)
  Failed,            // -1: no SDP body, or an edit refused
};

// The changes of `mode`, as pending edits of the body: addresses other than
// `address` (and 0.0.0.0, media on hold) replaced by it, each one replaced
// remembered in an "a=oldmediaip:" ("a=oldmediaip6:" for IPv6) line (with
// appendOldMediaIp) at the end of the body, after the lines the mode adds.
SdpFixOutcome fixNatedSdp(SipMessage& message, std::int64_t mode, std::string_view address,
                          const SdpFixSettings& settings);

}  // namespace kemid::nathelper
