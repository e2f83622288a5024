#include "trusted_table.h"

#include <regex.h>
#include <strings.h>

#include <array>

namespace kemid::permissions {
namespace {

constexpr std::array<std::string_view, 7> kProtos{"any", "udp", "tcp", "tls", "sctp", "ws", "wss"};

// Kamailio compiles the patterns as POSIX basic expressions, without flags;
// an invalid one never matches.
bool patternMatches(const std::string& pattern, std::string_view text) {
  regex_t compiled;
  if (regcomp(&compiled, pattern.c_str(), REG_NOSUB) != 0) return false;
  const std::string subject(text);
  const bool matched = regexec(&compiled, subject.c_str(), 0, nullptr, 0) == 0;
  regfree(&compiled);
  return matched;
}

}  // namespace

int TrustedTable::protoNumber(std::string_view proto) {
  // PROTO_NONE 0, UDP 1, TCP 2, TLS 3, SCTP 4, WS 5, WSS 6.
  for (std::size_t i = 0; i < kProtos.size(); ++i) {
    if (kProtos[i] == proto) return static_cast<int>(i);
  }
  return 0;
}

bool TrustedTable::add(TrustedEntry entry, std::string& error) {
  std::string proto;
  for (char c : entry.proto)
    proto += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto == "none") return true;
  bool known = false;
  for (std::string_view p : kProtos) known = known || p == proto;
  if (!known) {
    error = "unknown protocol '" + entry.proto + "'";
    return false;
  }
  entry.proto = proto;
  auto& bucket = buckets_[coreHash(entry.sourceIp, kHashBuckets)];
  auto at = bucket.begin();
  while (at != bucket.end() && at->priority >= entry.priority) ++at;
  bucket.insert(at, std::move(entry));
  return true;
}

std::vector<std::optional<std::string>> TrustedTable::match(std::string_view sourceIp,
                                                            std::string_view proto,
                                                            std::string_view fromUri,
                                                            std::string_view ruri, bool all) const {
  std::vector<std::optional<std::string>> tags;
  for (const TrustedEntry& entry : buckets_[coreHash(sourceIp, kHashBuckets)]) {
    if (entry.sourceIp != sourceIp) continue;
    if (entry.proto != "any" && proto != "any" && entry.proto != proto) continue;
    if (entry.fromPattern && !patternMatches(*entry.fromPattern, fromUri)) continue;
    if (entry.ruriPattern && !patternMatches(*entry.ruriPattern, ruri)) continue;
    tags.push_back(entry.tag);
    if (!all) break;
  }
  return tags;
}

std::vector<std::pair<std::uint32_t, const TrustedEntry*>> TrustedTable::inDumpOrder() const {
  std::vector<std::pair<std::uint32_t, const TrustedEntry*>> out;
  for (std::uint32_t b = 0; b < kHashBuckets; ++b) {
    for (const TrustedEntry& entry : buckets_[b]) out.emplace_back(b, &entry);
  }
  return out;
}

}  // namespace kemid::permissions
