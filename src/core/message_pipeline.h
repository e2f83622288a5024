#pragma once
// What happens to one received datagram (docs/architecture.md, "The flow
// of one request"): parse; refuse what cannot be used; received/rport on the top
// Via of a request; the script's request route, or for a reply the reply
// route, then tm, then stateless forwarding.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/network.h"

namespace kemid {

class ModuleHost;
class RouteEngine;
class SipMessage;
struct CoreSettings;
struct MessageContext;

// Kamailio's core statistics per request method (rcv_requests_<method>),
// in its order; other methods count only in rcv_requests.
inline constexpr std::array<std::string_view, 14> kCountedMethods{
    "INVITE", "CANCEL",  "ACK",     "BYE",   "INFO",   "REGISTER", "SUBSCRIBE",
    "NOTIFY", "MESSAGE", "OPTIONS", "PRACK", "UPDATE", "REFER",    "PUBLISH"};

// The index of `method` in kCountedMethods, or its size when not counted.
// Methods are case-sensitive (RFC 3261 §7.1).
constexpr std::size_t countedMethodIndex(std::string_view method) {
  for (std::size_t i = 0; i < kCountedMethods.size(); ++i) {
    if (kCountedMethods[i] == method) return i;
  }
  return kCountedMethods.size();
}

struct PipelineCounters {
  std::atomic<std::uint64_t> requests{0};
  // Per counted method; the extra last slot takes the others.
  std::array<std::atomic<std::uint64_t>, kCountedMethods.size() + 1> requestsByMethod{};
  // Per reply class, index status / 100 (1..6); 0 for anything else.
  std::array<std::atomic<std::uint64_t>, 7> repliesByClass{};
  std::atomic<std::uint64_t> droppedRequests{0};  // dropped by the script (KSR.drop)
  std::atomic<std::uint64_t> replies{0};
  std::atomic<std::uint64_t> parseErrors{0};          // datagrams that did not parse
  std::atomic<std::uint64_t> badRequestsAnswered{0};  // ... of which answered 400
  std::atomic<std::uint64_t> droppedReplies{0};       // not for us, or dropped by the script
  std::atomic<std::uint64_t> routeErrors{0};          // script errors (core callbacks)
};

class MessagePipeline {
 public:
  MessagePipeline(ModuleHost& host, SipNetwork& network, const CoreSettings& core);

  // Handles one datagram in the calling worker thread. Never throws for bad
  // input: a message that cannot be used is counted and dropped or answered.
  void handle(std::string_view datagram, const ReceiveInfo& received);

  const PipelineCounters& counters() const { return counters_; }

 private:
  void refuse(std::string_view datagram, const ReceiveInfo& received, const std::string& why);
  void handleRequest(MessageContext& ctx);
  void runRequestRoute(RouteEngine& routing, MessageContext& ctx);
  void aliasByVia(const MessageContext& ctx);
  void handleReply(MessageContext& ctx);
  void forwardReplyStatelessly(MessageContext& ctx);

  ModuleHost& host_;
  SipNetwork& network_;
  std::string serverHeader_;
  std::string logPrefix_;  // log_prefix as configured
  bool logPrefixHasVariables_;
  bool acceptAliases_;  // tcp_accept_aliases
  PipelineCounters counters_;
};

}  // namespace kemid
