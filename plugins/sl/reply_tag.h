#pragma once
// The To tag of sl's stateless replies (RFC 3261 §8.2.6.2), shaped as
// Kamailio's sl tags: 32 hex digits fixed for this process, '.', 8 hex
// digits from the request. tm's tags use '-' and another prefix, so an ACK
// to a tm reply never looks like one to an sl reply.

#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::sl {

class ReplyTag {
 public:
  ReplyTag();

  // The same for every retransmission of `request` and for the ACK to a
  // negative reply to it (RFC 3261 §17.1.1.3: same Call-ID, From tag and
  // top Via), different for another request: a hash of Call-ID, From tag
  // and the top Via's sent-by and branch.
  std::string forRequest(const SipMessage& request) const;

  // True when `tag` is what forRequest gives `message`.
  bool matches(std::string_view tag, const SipMessage& message) const;

  std::string_view prefix() const { return prefix_; }

 private:
  std::string prefix_;  // 32 hex digits and the '.'
};

}  // namespace kemid::sl
