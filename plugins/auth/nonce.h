#pragma once
// The nonces auth hands out in its challenges and checks in the credentials
// that come back (Kamailio's nonce, nonce_count and one_time_nonce). A
// nonce carries its own validity, so no state is kept per nonce unless
// replay protection asks for it:
//
//   base64( expires(4) since(4) [flags(1) id(4)] mac1(16) [mac2(16)] )
//
// expires/since in seconds since the epoch, big-endian; flags and id, when
// nonce_count or one_time_nonce is on (flags say which), number the nonce
// for them; the lengths are those of Kamailio's nonces; mac1 is an
// HMAC-MD5 of everything before it under the first secret; mac2, present
// when auth_checks_* enabled checks for the request, an HMAC-MD5 of the
// checked parts of the request (Request-URI, Call-ID, From tag, source IP)
// under the second secret.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::auth {

struct NonceSettings {
  std::string secret1;
  std::string secret2;  // for the auth_checks_* MAC
  std::int64_t expire = 300;
  std::int64_t maxDrift = 3;  // nonce_auth_max_drift
  bool nonceCount = false;
  bool oneTimeNonce = false;
  std::size_t ncSize = 1 << 20;   // nonces tracked for nonce_count
  std::size_t otnSize = 1 << 20;  // nonces tracked for one_time_nonce
  std::int64_t startTime = 0;     // nonces made before it are stale
};

enum class NonceVerdict {
  Valid,
  Invalid,  // not one of ours, or tampered with
  Stale,    // expired, from before the start, checks failed, nc replayed or too big
  Reused,   // one_time_nonce: used before
};

// Whether a nonce_count check records the nc it accepted (pv_* flag 32
// checks first and records after a successful authentication).
enum class NcUpdate { Record, CheckOnly };

class Nonces {
 public:
  explicit Nonces(NonceSettings settings);

  // A new nonce valid from `now`; `checkedParts` is what auth_checks_*
  // select of the request (empty when no check is enabled for it).
  std::string issue(std::int64_t now, std::string_view checkedParts);

  // Checks a nonce sent back with `nc` (empty without qop) for a request
  // whose checked parts are `checkedParts`.
  NonceVerdict check(std::string_view nonce, std::int64_t now, std::string_view checkedParts,
                     std::string_view nc, NcUpdate update);

  const NonceSettings& settings() const { return settings_; }

 private:
  struct Decoded {
    std::uint32_t expires = 0;
    std::uint32_t since = 0;
    std::uint8_t flags = 0;
    std::uint32_t id = 0;
    std::string signedPart;  // the bytes mac1 covers
    std::string mac1;
    std::string mac2;
  };
  // The parts of a nonce of at least the minimum size.
  std::optional<Decoded> decode(const std::string& bytes) const;
  NonceVerdict checkCount(std::uint32_t id, std::string_view nc, NcUpdate update);
  NonceVerdict checkOneTime(std::uint32_t id);
  bool idTracked(std::uint32_t id, std::size_t tableSize) const;

  NonceSettings settings_;
  std::mutex mutex_;  // guards what follows
  std::uint32_t nextId_ = 0;
  std::vector<std::uint8_t> lastNc_;  // per id modulo its size; 0: none yet
  std::vector<bool> used_;            // per id modulo its size
};

}  // namespace kemid::auth
