#include "reply_tag.h"

#include <optional>

#include "sip/hashing.h"
#include "sip/sip_message.h"

namespace kemid::sl {

namespace {
constexpr int kSuffixDigits = 8;
}

ReplyTag::ReplyTag() {
  // Derived from the process salt, but not equal to the prefix tm's tags
  // (sip::stableToTag) use.
  const std::uint64_t first = sip::StableHash().add("kemid sl tag").add(sip::processSalt()).value();
  const std::uint64_t second = sip::StableHash().add(first).add(sip::processSalt()).value();
  sip::appendHex(prefix_, first, 16);
  sip::appendHex(prefix_, second, 16);
  prefix_ += '.';
}

std::string ReplyTag::forRequest(const SipMessage& request) const {
  sip::StableHash hash;
  hash.add(request.callId()).add(request.from().tag);
  if (auto via = request.topVia()) {
    hash.add(via->host).add(std::uint64_t{via->port.value_or(0)}).add(via->branch);
  }
  std::string tag = prefix_;
  sip::appendHex(tag, hash.value(), kSuffixDigits);
  return tag;
}

bool ReplyTag::matches(std::string_view tag, const SipMessage& message) const {
  if (tag.size() != prefix_.size() + kSuffixDigits || !tag.starts_with(prefix_)) return false;
  return tag == forRequest(message);
}

}  // namespace kemid::sl
