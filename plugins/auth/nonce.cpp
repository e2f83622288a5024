#include "nonce.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/HMACEngine.h>
#include <Poco/MD5Engine.h>

#include <cctype>
#include <sstream>

namespace kemid::auth {
namespace {

constexpr std::uint8_t kCountFlag = 0x01;    // id tracked for nonce_count
constexpr std::uint8_t kOneTimeFlag = 0x02;  // id tracked for one_time_nonce
constexpr std::size_t kMacSize = 16;
// The shortest nonce looked at, Kamailio's (expires, since, MD5): one of
// its nonces, or of ours, is read as far as its times.
constexpr std::size_t kMinNonceSize = 4 + 4 + kMacSize;
constexpr std::uint32_t kMaxNc = 255;  // Kamailio keeps 8 bits of nc

std::string mac(const std::string& secret, std::string_view data) {
  Poco::HMACEngine<Poco::MD5Engine> engine(secret);
  engine.update(data.data(), static_cast<unsigned>(data.size()));
  const auto& digest = engine.digest();
  return std::string(digest.begin(), digest.end());
}

void appendBigEndian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>(value >> shift);
}

std::uint32_t readBigEndian(std::string_view bytes) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = value << 8 | static_cast<std::uint8_t>(bytes[i]);
  return value;
}

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::optional<std::string> unbase64(std::string_view text) {
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
    if (!ok) return std::nullopt;
  }
  try {
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// nc as sent: 8 hex digits (RFC 2617 §3.2.2).
std::optional<std::uint32_t> parseNc(std::string_view nc) {
  if (nc.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : nc) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : std::isxdigit(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : -1;
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint32_t>(digit);
  }
  return value;
}

}  // namespace

Nonces::Nonces(NonceSettings settings) : settings_(std::move(settings)) {
  if (settings_.nonceCount) lastNc_.assign(settings_.ncSize, 0);
  if (settings_.oneTimeNonce) used_.assign(settings_.otnSize, true);
}

std::string Nonces::issue(std::int64_t now, std::string_view checkedParts) {
  std::string bytes;
  appendBigEndian(bytes, static_cast<std::uint32_t>(now + settings_.expire));
  appendBigEndian(bytes, static_cast<std::uint32_t>(now));
  const std::uint8_t flags =
      (settings_.nonceCount ? kCountFlag : 0) | (settings_.oneTimeNonce ? kOneTimeFlag : 0);
  if (flags != 0) {
    bytes += static_cast<char>(flags);
    std::lock_guard lock(mutex_);
    const std::uint32_t id = nextId_++;
    if (!lastNc_.empty()) lastNc_[id % lastNc_.size()] = 0;
    if (!used_.empty()) used_[id % used_.size()] = false;
    appendBigEndian(bytes, id);
  }
  bytes += mac(settings_.secret1, bytes);
  if (!checkedParts.empty()) bytes += mac(settings_.secret2, checkedParts);
  return base64(bytes);
}

std::optional<Nonces::Decoded> Nonces::decode(const std::string& bytes) const {
  Decoded decoded;
  decoded.expires = readBigEndian(bytes);
  decoded.since = readBigEndian(std::string_view(bytes).substr(4));
  // The sizes tell the layouts apart: 8 signed bytes + 1 or 2 MACs without
  // an id (24 or 40 bytes, as Kamailio's), 13 with flags and id (29 or 45).
  std::size_t signedSize = 8;
  if (bytes.size() % kMacSize != signedSize) {
    signedSize = 13;
    decoded.flags = static_cast<std::uint8_t>(bytes[8]);
    decoded.id = readBigEndian(std::string_view(bytes).substr(9));
    if (decoded.flags == 0) return std::nullopt;
  }
  const std::size_t rest = bytes.size() - signedSize;
  if (rest != kMacSize && rest != 2 * kMacSize) return std::nullopt;
  decoded.signedPart = bytes.substr(0, signedSize);
  decoded.mac1 = bytes.substr(signedSize, kMacSize);
  decoded.mac2 = bytes.substr(signedSize + kMacSize);
  return decoded;
}

NonceVerdict Nonces::check(std::string_view nonce, std::int64_t now, std::string_view checkedParts,
                           std::string_view nc, NcUpdate update) {
  const auto bytes = unbase64(nonce);
  if (!bytes || bytes->size() < kMinNonceSize) return NonceVerdict::Invalid;
  // As Kamailio, before anything else: a nonce from before this start
  // (another secret or format, maybe) or from too far in the future is
  // stale, so the client retries without asking its user.
  const std::int64_t since = readBigEndian(std::string_view(*bytes).substr(4));
  if (since < settings_.startTime && since < now) return NonceVerdict::Stale;
  if (since > now && since - now > settings_.maxDrift) return NonceVerdict::Stale;
  auto decoded = decode(*bytes);
  if (!decoded) return NonceVerdict::Invalid;
  if (mac(settings_.secret1, decoded->signedPart) != decoded->mac1) return NonceVerdict::Invalid;
  if (settings_.nonceCount && !(decoded->flags & kCountFlag)) return NonceVerdict::Stale;
  if (settings_.oneTimeNonce && !(decoded->flags & kOneTimeFlag)) return NonceVerdict::Stale;
  // With an nc, nonce_count decides alone (Kamailio skips the other checks).
  const bool counted = settings_.nonceCount && !nc.empty();
  if (counted) {
    if (NonceVerdict verdict = checkCount(decoded->id, nc, update);
        verdict != NonceVerdict::Valid) {
      return verdict;
    }
  } else {
    if (settings_.oneTimeNonce) {
      if (NonceVerdict verdict = checkOneTime(decoded->id); verdict != NonceVerdict::Valid) {
        return verdict;
      }
    }
    const bool withChecks = !checkedParts.empty();
    if (withChecks != !decoded->mac2.empty()) return NonceVerdict::Invalid;
    if (withChecks && mac(settings_.secret2, checkedParts) != decoded->mac2) {
      return NonceVerdict::Stale;
    }
  }
  return decoded->expires < now ? NonceVerdict::Stale : NonceVerdict::Valid;
}

bool Nonces::idTracked(std::uint32_t id, std::size_t tableSize) const {
  // Ids wrap around the table: only the last tableSize ones are remembered.
  return static_cast<std::uint32_t>(nextId_ - 1 - id) < tableSize;
}

NonceVerdict Nonces::checkCount(std::uint32_t id, std::string_view nc, NcUpdate update) {
  auto value = parseNc(nc);
  if (!value) return NonceVerdict::Invalid;
  std::lock_guard lock(mutex_);
  if (!idTracked(id, lastNc_.size()) || *value > kMaxNc) return NonceVerdict::Stale;
  std::uint8_t& last = lastNc_[id % lastNc_.size()];
  if (*value <= last) return NonceVerdict::Stale;  // replayed
  if (update == NcUpdate::Record) last = static_cast<std::uint8_t>(*value);
  return NonceVerdict::Valid;
}

NonceVerdict Nonces::checkOneTime(std::uint32_t id) {
  std::lock_guard lock(mutex_);
  if (!idTracked(id, used_.size())) return NonceVerdict::Reused;
  auto slot = used_[id % used_.size()];
  if (slot) return NonceVerdict::Reused;
  slot = true;
  return NonceVerdict::Valid;
}

}  // namespace kemid::auth
